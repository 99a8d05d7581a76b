"""The `kg` command line: each command parses its arguments, calls one library function, prints."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__, render
from .dates import parse_date
from .export import FORMATS
from .files import atomic_write
from .problems import DataError
from .project import Project
from .resolve import ResolveError


class KgGroup(click.Group):
    """Turns the library's expected errors into clear messages and exit codes."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DataError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            click.echo(f"the data has {len(exc.problems)} problem(s); fix them (kg validate lists them) and retry", err=True)
            ctx.exit(1)
        except ResolveError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)


def project(ctx: click.Context) -> Project:
    return ctx.find_object(Project)


def opened(ctx: click.Context):
    """The current build, telling the user on stderr when it had to be rebuilt first."""
    p = project(ctx)
    current = p.open()
    if p.rebuilt:
        click.echo(f"(built {current.manifest['counts']['facts']} facts into {p.build_dir})", err=True)
    return current


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default="data",
              envvar="KG_DATA", show_default=True, help="The curated data folder.")
@click.option("--build", "build_dir", type=click.Path(file_okay=False, path_type=Path), default="build",
              envvar="KG_BUILD", show_default=True, help="Where builds are written.")
@click.pass_context
def main(ctx: click.Context, data_dir: Path, build_dir: Path) -> None:
    """actor-kg: a knowledge graph of geopolitical actors built from source-annotated facts.

    \b
    Example:
      kg build && kg show Baku
    """
    ctx.obj = Project(data_dir, build_dir)


@main.command("build")
@click.pass_context
def build_cmd(ctx: click.Context) -> None:
    """Validate the data and build the RDF dataset and the graph, atomically.

    \b
    Example:
      kg build
    """
    current = project(ctx).build()
    c = current.manifest["counts"]
    click.echo(f"built {c['facts']} facts, {c['entities']} entities, {c['sources']} sources, "
               f"{c['triples']} triples in {current.manifest['seconds']} s -> {current.path}")


@main.command()
@click.pass_context
def validate(ctx: click.Context) -> None:
    """Report every problem in the data (file:line: what is wrong), then check the SHACL shapes.

    Exit status 1 when anything is wrong.

    \b
    Example:
      kg validate
    """
    report = project(ctx).validate()
    click.echo(render.validation(report), err=not report.ok)
    ctx.exit(0 if report.ok else 1)


@main.command()
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Counts of entities by type and facts by relation, source, modality and polarity.

    \b
    Example:
      kg stats
    """
    opened(ctx)
    click.echo("\n\n".join(render.counter_table(t, c) for t, c in project(ctx).stats().items()))


@main.command()
@click.pass_context
def sources(ctx: click.Context) -> None:
    """The sources with their metadata and how many facts each contributes.

    \b
    Example:
      kg sources
    """
    ds = opened(ctx).dataset
    counts = project(ctx).stats()["facts by source"]
    for s in ds.sources.values():
        click.echo(f"{s.id}  ({counts[s.id]} facts)\n  title: {s.display_title}")
        for key in ("publisher", "author", "date", "url", "language"):
            click.echo(f"  {key}: {getattr(s, key) or 'unknown'}")


@main.command()
@click.argument("entity")
@click.pass_context
def show(ctx: click.Context, entity: str) -> None:
    """An entity with its types, aliases and every fact in and out, each with source and quote.

    ENTITY is an id, label or alias, in any case, with or without diacritics.

    \b
    Example:
      kg show Baku
    """
    ds = opened(ctx).dataset
    click.echo(render.entity_view(ds, project(ctx).show(entity)))


@main.command()
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE (atomically) instead of stdout.")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Export the facts (jsonl, csv), the RDF (ttl, trig, nq, jsonld) or the graph (graphml, gexf).

    \b
    Example:
      kg export --format csv -o facts.csv
    """
    opened(ctx)
    text = project(ctx).export(fmt)
    if output:
        atomic_write(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        sys.stdout.write(text)


@main.command("coverage")
@click.option("--source", "-s", help="Only this source id.")
@click.option("--summary", is_flag=True, help="Only the share per source, not the uncovered sentences.")
@click.pass_context
def coverage_cmd(ctx: click.Context, source: str | None, summary: bool) -> None:
    """Sentences that name a known entity but back no fact, and the share covered, per source.

    A sentence listed under `skipped:` in its facts file (with a reason) is left out of the share.

    \b
    Example:
      kg coverage --source daryo-sudden-rift
    """
    ds = opened(ctx).dataset
    try:
        reports = project(ctx).coverage(source)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--source") from exc
    click.echo(render.coverage_report(reports, details=not summary))


@main.command("conflicts")
@click.pass_context
def conflicts_cmd(ctx: click.Context) -> None:
    """Facts on which sources disagree, side by side with their quotes.

    \b
    Example:
      kg conflicts
    """
    ds = opened(ctx).dataset
    click.echo(render.conflicts_report(ds, project(ctx).conflicts()))


@main.command("timeline")
@click.option("--actor", "-a", help="Only facts this entity is subject, object or claimant of (id, label or alias).")
@click.option("--since", help="From this date on (2025, 2025-02 or 2025-02-07).")
@click.option("--until", help="Up to this date (same forms).")
@click.pass_context
def timeline_cmd(ctx: click.Context, actor: str | None, since: str | None, until: str | None) -> None:
    """Dated facts in order, each with its source.

    \b
    Example:
      kg timeline --actor Azerbaijan --since 2025
    """
    ds = opened(ctx).dataset
    for name, value in (("--since", since), ("--until", until)):
        if value:
            try:
                parse_date(value)
            except ValueError as exc:
                raise click.BadParameter(str(exc), param_hint=name) from exc
    click.echo(render.timeline_report(ds, project(ctx).timeline(actor, since, until)))
