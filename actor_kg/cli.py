"""The `kg` command line: each command parses its arguments, calls one library function, prints.

It imports the library's facade (Project), its errors and the renderers, nothing else: what a command
does is in the library, where Python users and the tests call it too.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from collections.abc import Callable
from typing import Any, NoReturn

import click

from . import __version__
from .errors import DataError, InvalidArgument, KgError, NoPath, SearchLimit
from .output import render
from .project import FORMATS, Build, Project


class KgGroup(click.Group):
    """Turns the library's errors into clear messages and exit codes; anything else is a bug, and says so."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # the reader went away (`kg export | head`): nothing is wrong, stop quietly
            sys.stdout = open(os.devnull, "w")
            ctx.exit(0)
        except DataError as exc:
            everything = bool(ctx.meta.get(ALL_PROBLEMS))
            for line in render.problem_lines(exc.problems, everything, more_problems(ctx), name=flags(ctx)):
                click.echo(line, err=True)
            click.echo(f"the data has {render.problem_count(exc.problems)}; fix them and retry", err=True)
            ctx.exit(exc.exit_code)
        except InvalidArgument as exc:
            where = f"Invalid value for {flags(ctx)(exc.param)!r}: " if exc.param else ""
            click.echo(f"Error: {where}{exc.worded(flags(ctx))}", err=True)
            ctx.exit(exc.exit_code)
        except (NoPath, SearchLimit) as exc:
            click.echo(exc.worded(flags(ctx)), err=True)
            ctx.exit(exc.exit_code)
        except KgError as exc:
            click.echo(f"error: {exc.worded(flags(ctx))}", err=True)
            ctx.exit(exc.exit_code)
        except Exception as exc:
            if ctx.meta.get("debug"):
                raise
            click.echo(
                f"kg: internal error (a bug in kg, not in what you typed): {type(exc).__name__}: {exc}\n"
                f"rerun with kg --debug ... for the traceback, and report it",
                err=True,
            )
            ctx.exit(1)


def flags(ctx: click.Context) -> Callable[[str], str]:
    """How the CLI names the parameters the library's messages name (errors.arg): as the flag or argument
    of the command that ran (`max_hops` as `--max-hops`, `file` as `FILE`, a query's `params:actor` as
    `--param actor`), else of kg itself (`build_dir` as `--build`)."""
    root = ctx.find_root()
    group = root.command
    assert isinstance(group, click.Group)
    command = group.get_command(root, root.invoked_subcommand) if root.invoked_subcommand else None
    params = {p.name: p for p in [*(command.params if command else []), *group.params]}

    def flag(word: str) -> str:
        p = params.get(word)
        if isinstance(p, click.Option):
            return max(p.opts, key=len)  # the long form: --output, not -o
        return p.human_readable_name if p is not None else "--" + word.replace("_", "-")

    def name(parameter: str) -> str:
        words, _, key = parameter.partition(":")
        return " ".join([*map(flag, words.split()), *([key] if key else [])])

    return name


ALL_PROBLEMS = "all_problems"  # ctx.meta key: the command has --all, and whether it was given


def all_problems_option(command: Any) -> Any:
    """--all: list every problem, not only the first 50 lines and a summary of the rest."""

    def remember(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
        ctx.meta[ALL_PROBLEMS] = value
        return value

    return click.option(
        "--all",
        ALL_PROBLEMS,
        is_flag=True,
        expose_value=False,
        callback=remember,
        help="List every problem (without it: at most 50 lines, the rest summed up).",
    )(command)


def more_problems(ctx: click.Context) -> str:
    """How to see every problem: this command with --all, where it has it, else kg validate --all."""
    return "rerun with --all to list them all" if ALL_PROBLEMS in ctx.meta else "kg validate --all lists them all"


def project(ctx: click.Context) -> Project:
    return ctx.ensure_object(Project)


def current(ctx: click.Context) -> Build:
    """The current build, telling the user on stderr when it had to be rebuilt first."""
    p = project(ctx)
    build = p.open()
    if p.rebuilt:
        click.echo(f"(built {build.manifest['counts']['facts']} facts into {p.build_dir})", err=True)
    if p.unbuilt_problems:
        click.echo(
            f"warning: the data has {render.problem_count(p.unbuilt_problems)} (kg validate lists them); "
            f"answering from the previous build, of {build.manifest.get('built_at', '?')}",
            err=True,
        )
    return build


def usage(message: str) -> NoReturn:
    raise click.UsageError(message)


def _filter_options(command: Any) -> Any:
    """The fact filters shared by show, timeline, path, neighbors and viz (Project.fact_filter)."""
    for option in reversed(
        [
            click.option(
                "--relation",
                "-r",
                "relations",
                multiple=True,
                help="Only facts of this relation (id or label). Repeatable.",
            ),
            click.option(
                "--exclude-relation",
                "-x",
                "exclude_relations",
                multiple=True,
                help="Never this relation (id or label). Repeatable.",
            ),
            click.option(
                "--source",
                "-s",
                "sources",
                multiple=True,
                help="Only facts from this source (id or title). Repeatable.",
            ),
            click.option("--polarity", type=click.Choice(["conflictual", "cooperative", "neutral"])),
            click.option("--since", help="Only facts dated on or after (2025, 2025-02, 2025-02-07)."),
            click.option("--until", help="Only facts dated on or before (same forms)."),
            click.option(
                "--min-sources",
                type=click.IntRange(1),
                default=1,
                help="Only claims at least this many sources state (corroborated).  [default: 1]",
            ),
            click.option(
                "--said-by",
                help="Only what this actor (or who belongs to it: its leaders, officials, agencies) is credited with saying.",
            ),
        ]
    ):
        command = option(command)
    return command


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="data",
    envvar="KG_DATA",
    show_default=True,
    help="The curated data folder.",
)
@click.option(
    "--build",
    "build_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="build",
    envvar="KG_BUILD",
    show_default=True,
    help="Where builds are written.",
)
@click.option(
    "--queries",
    "queries_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="KG_QUERIES",
    help="A folder of your own named queries (.rq), added to the bundled ones.",
)
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.pass_context
def main(ctx: click.Context, data_dir: Path, build_dir: Path, queries_dir: Path | None, debug: bool) -> None:
    """actor-kg: a knowledge graph of geopolitical actors built from source-annotated facts.

    \b
    Example:
      kg build && kg show Baku
    """
    ctx.meta["debug"] = debug
    # Ctrl-C stops kg at once, even where the shell started it ignoring SIGINT (a background job)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    ctx.obj = Project(data_dir, build_dir, queries_dir)


@main.command("build")
@all_problems_option
@click.pass_context
def build_cmd(ctx: click.Context) -> None:
    """Validate the data and build the RDF dataset and the graph, atomically.

    \b
    Example:
      kg build
    """
    current = project(ctx).build()
    c = current.manifest["counts"]
    click.echo(
        f"built {c['facts']} facts, {c['entities']} entities, {c['sources']} sources, "
        f"{c['triples']} triples in {current.manifest['seconds']} s -> {current.path}"
    )


@main.command()
@all_problems_option
@click.pass_context
def validate(ctx: click.Context) -> None:
    """Report every problem in the data (file:line: what is wrong), then check the SHACL shapes.

    Exit status 1 when anything is wrong. Drafts (data/drafts/) are listed as work in progress, with
    how far their review has come and what `kg accept` would refuse; they do not make it fail.

    \b
    Example:
      kg validate
    """
    everything, more = bool(ctx.meta[ALL_PROBLEMS]), more_problems(ctx)
    report = project(ctx).validate()
    click.echo(render.validation(report, everything, more, flags(ctx)), err=not report.ok)
    drafts = project(ctx).drafts()
    if drafts:
        click.echo(render.drafts_progress(drafts, everything=everything, more=more))
    ctx.exit(0 if report.ok else 1)


@main.command()
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Counts of entities by type and facts by relation, source, modality and polarity.

    \b
    Example:
      kg stats
    """
    current(ctx)
    click.echo("\n\n".join(render.counter_table(t, c) for t, c in project(ctx).stats().items()))


@main.command()
@click.argument("text", required=False)
@click.option("--type", "-t", "entity_type", help="Only entities of this type (id or label).")
@click.option("--limit", type=click.IntRange(1), help="At most this many.")
@click.pass_context
def entities(ctx: click.Context, text: str | None, entity_type: str | None, limit: int | None) -> None:
    """List or search the entities: those whose id, label or alias contains TEXT (any case, no
    diacritics), then similar names; most connected first.

    \b
    Example:
      kg entities putin
      kg entities --type Person
    """
    current(ctx)
    click.echo(render.entity_rows(project(ctx).dataset, project(ctx).entities(text, entity_type, limit)))


@main.command()
@click.pass_context
def relations(ctx: click.Context) -> None:
    """The relation vocabulary: id, label, polarity, object kind, CAMEO code, Goldstein value, facts.

    \b
    Example:
      kg relations
    """
    current(ctx)
    click.echo(render.relation_rows(project(ctx).relations()))


@main.command()
@click.pass_context
def sources(ctx: click.Context) -> None:
    """The sources with their metadata and how many facts each contributes.

    \b
    Example:
      kg sources
    """
    ds = current(ctx).dataset
    counts = project(ctx).stats()["facts by source"]
    for s in ds.sources.values():
        click.echo(f"{s.id}  ({counts[s.id]} facts)\n  title: {s.display_title}")
        for key in ("publisher", "author", "date", "url", "language"):
            how = f" ({s.date_basis}: {s.date_rule})" if key == "date" and s.date_basis not in (None, "stated") else ""
            click.echo(f"  {key}: {getattr(s, key) or 'unknown'}{how}")


@main.command()
@click.argument("entity")
@_filter_options
@click.option(
    "--limit",
    type=click.IntRange(1),
    help="At most this many facts of each kind (about it, pointing to it, said by it).",
)
@click.pass_context
def show(ctx: click.Context, entity: str, limit: int | None, **filters: Any) -> None:
    """An entity with its types, aliases and every fact in and out, each with source and quote; newest
    first, undated facts after the dated.

    ENTITY is an id, label or alias, in any case, with or without diacritics. The filters keep only
    the facts they name.

    \b
    Example:
      kg show Baku --relation closes --since 2025
    """
    ds = current(ctx).dataset
    click.echo(render.entity_view(ds, project(ctx).show(entity, project(ctx).fact_filter(**filters), limit)))


@main.command()
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (atomically) instead of stdout.",
)
@click.option("--rdf12", is_flag=True, help="Statement nodes as RDF 1.2 triple terms (rdf:reifies), in nq or trig.")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None, rdf12: bool) -> None:
    """Export the facts (jsonl, csv), the RDF (ttl, trig, nq, jsonld) or the graph (graphml, gexf).

    \b
    Example:
      kg export --format csv -o facts.csv
    """
    current(ctx)
    if output:
        click.echo(f"wrote {project(ctx).export(fmt, output, rdf12)}", err=True)
    else:
        project(ctx).export(fmt, sys.stdout.buffer, rdf12)
        sys.stdout.buffer.flush()


@main.command("import")
@click.argument("table", type=click.Path(dir_okay=False, path_type=Path))
@all_problems_option
@click.pass_context
def import_cmd(ctx: click.Context, table: Path) -> None:
    """Add the facts of a fact table (JSONL or CSV with kg export's columns) and build.

    Each record is checked like a curated fact: its source must be in data/sources with its text, its
    quote must be in that text. A subject or object id not known yet creates that entity from
    subject_label/subject_type (object_label/object_type). On any problem nothing is added and every
    problem is listed as FILE:LINE. The table is kept in data/imports/ under its own name, so importing
    a file of the same name again replaces it.

    \b
    Example:
      kg export --format jsonl -o facts.jsonl && kg --data other/data import facts.jsonl
    """
    size = table.stat().st_size if table.is_file() else 0
    with click.progressbar(
        length=size, label=f"reading {table.name}", file=sys.stderr, hidden=not sys.stderr.isatty()
    ) as bar:

        def progress(_path: Path, done: int) -> None:
            bar.update(done - bar.pos)

        build = project(ctx).import_facts(table, progress)
    c = build.manifest["counts"]
    click.echo(
        f"imported {table.name}: the data now has {c['facts']} facts, {c['entities']} entities; "
        f"built {c['triples']} triples in {build.manifest['seconds']} s -> {build.path}"
    )


@main.command("add-source")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--id", "source_id", help="The source's id (a slug); default: from the title, else the file name.")
@click.option("--title", help="The article's title (default: the page's).")
@click.option("--publisher", help="Who published it (default: the page's site name).")
@click.option("--author", help="Who wrote it (default: the page's).")
@click.option("--date", help="Its publication date, YYYY, YYYY-MM or YYYY-MM-DD (default: the page's markup).")
@click.option("--url", help="Where it was published (default: the page's canonical address).")
@click.option("--language", help="Its language code, e.g. en (default: the page's).")
@click.pass_context
def add_source_cmd(ctx: click.Context, file: Path, **metadata: Any) -> None:
    """Add an article (plain text or a saved HTML page) as a new source: its text and metadata.

    From a page, the text is extracted (trafilatura) and the title, author, publisher, address,
    language and publication date are read from its markup; options override them. What neither says
    stays null: never guessed. Refuses an id or a text already in the data.

    \b
    Example:
      kg add-source saved-article.html --publisher "Caspian News"
    """
    click.echo(render.added_source(project(ctx).add_source(file, **metadata)))


@main.command("suggest")
@click.argument("source")
@click.option("--replace", is_flag=True, help="Overwrite an earlier draft of this source (its review is lost).")
@click.option(
    "--no-extra", is_flag=True, help="Do not use the [suggest] extra (spaCy, scikit-learn) even where installed."
)
@click.pass_context
def suggest_cmd(ctx: click.Context, source: str, replace: bool, no_extra: bool) -> None:
    """Draft the facts of a source for review, offline: data/drafts/SOURCE.yaml.

    Sentences; entity mentions from the entities' labels and aliases (fuzzy too) and candidate new
    entities; for each sentence naming two actors, the relation candidates ranked by a model trained on
    the curated facts, the modality and claimant from reporting verbs and hedges, negation, and the
    date with its basis. Every quote is a verbatim span. The build does not read drafts: review it, then
    `kg accept SOURCE`.

    \b
    Example:
      kg suggest caspian-news-flight-talks
    """
    path, draft = project(ctx).suggest(source, replace=replace, use_extra=False if no_extra else None)
    click.echo(render.suggested(path, draft))


@main.command("accept")
@click.argument("source")
@all_problems_option
@click.pass_context
def accept_cmd(ctx: click.Context, source: str) -> None:
    """Move a reviewed draft into the data: its facts into facts/SOURCE.yaml, its new entities into
    entities.d/SOURCE.yaml.

    Refuses while a fact or new entity still has its review block (delete it once checked) or while
    anything in the draft is wrong (listed as FILE:LINE, as kg validate lists problems).

    \b
    Example:
      kg accept caspian-news-flight-talks && kg build
    """
    click.echo(render.accepted(project(ctx).accept(source)))


@main.command("import-annotations")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", "-s", required=True, help="The source the annotations were made on (id or title).")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["brat", "label-studio"]),
    help="brat standoff (.ann) or Label Studio JSON export (.json).  [default: by the file's suffix]",
)
@click.option("--replace", is_flag=True, help="Overwrite an earlier draft of this source.")
@all_problems_option
@click.pass_context
def import_annotations_cmd(ctx: click.Context, file: Path, source: str, fmt: str | None, replace: bool) -> None:
    """Annotations made in brat or Label Studio on a source's text, as a draft of facts for review.

    Every span is checked against the source text; the draft is accepted like a suggested one.

    \b
    Example:
      kg import-annotations review/daryo-sudden-rift.ann --source daryo-sudden-rift
    """
    path, n = project(ctx).import_annotations(file, source, fmt, replace=replace)
    click.echo(
        f"{n} facts from {file.name} -> {path}\n"
        f"next: review it (delete each review block once checked), then `kg accept {path.stem}`"
    )


@main.command("export-annotations")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--source", "-s", help="Only this source (id or title).  [default: every source]")
@click.option("--format", "-f", "fmt", type=click.Choice(["brat", "label-studio"]), required=True)
@click.option("--replace", is_flag=True, help="Replace FOLDER if it is not empty (what is in it is lost).")
@click.pass_context
def export_annotations_cmd(ctx: click.Context, folder: Path, source: str | None, fmt: str, replace: bool) -> None:
    """Write sources' facts for review in brat (a collection: .txt, .ann, annotation.conf) or Label
    Studio (tasks.json and labeling-config.xml), as one folder, written whole or not at all.

    \b
    Example:
      kg export-annotations review --source daryo-sudden-rift --format brat
    """
    current(ctx)
    files = project(ctx).export_annotations(source, fmt, folder, replace=replace)
    click.echo(f"wrote {len(files)} files -> {folder}")


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
    current(ctx)
    click.echo(render.coverage_report(project(ctx).coverage(source), details=not summary))
    drafts = [d for d in project(ctx).drafts() if source is None or d.source == source]
    if drafts:
        click.echo(render.drafts_progress(drafts, details=not summary))


@main.command("audit")
@click.option("--source", "-s", help="Only this source (id or title).")
@click.option(
    "--details", is_flag=True, help="Also list the ids of the facts each check flags and the sentences recall left."
)
@click.pass_context
def audit_cmd(ctx: click.Context, source: str | None, details: bool) -> None:
    """The annotations' quality report: per source, duplicates, restatements in another voice, described_as
    filler, boilerplate quotes, amounts without a party, dated shares, hedges without a claimant, negation
    cues, coverage, and recall (sentences with a verb naming two known entities that no fact touches).

    Exit status 1 when a threshold (actor_kg/schema.yaml, audit) is crossed.

    \b
    Example:
      kg audit --details
    """
    current(ctx)
    report = project(ctx).audit(source)
    click.echo(render.audit_report(report, details))
    ctx.exit(0 if report.ok else 1)


@main.command("claims")
@click.option("--single-source", is_flag=True, help="Only claims that rest on one source.")
@click.option(
    "--all",
    "all_relations",
    is_flag=True,
    help="Also neutral relations without a CAMEO code (positions, descriptions).",
)
@_filter_options
@click.pass_context
def claims_cmd(ctx: click.Context, single_source: bool, all_relations: bool, **filters: Any) -> None:
    """The key claims (events and stances: conflictual or cooperative relations, or with a CAMEO code),
    each once with how many sources state it and every source's fact and quote; most corroborated first.

    \b
    Example:
      kg claims --single-source --relation closes
    """
    ds = current(ctx).dataset
    p = project(ctx)
    click.echo(render.claims_report(ds, p.claims(p.fact_filter(**filters), single_source, not all_relations)))


@main.command("conflicts")
@click.pass_context
def conflicts_cmd(ctx: click.Context) -> None:
    """Facts on which sources disagree, side by side with their quotes.

    \b
    Example:
      kg conflicts
    """
    ds = current(ctx).dataset
    click.echo(render.conflicts_report(ds, project(ctx).conflicts()))


@main.command("timeline")
@click.option("--actor", "-a", help="Only facts this entity (or what belongs to it) is subject, object or claimant of.")
@click.option(
    "--between", nargs=2, metavar="A B", help="Only facts from A to B or from B to A (each with what belongs to it)."
)
@click.option("--directed", is_flag=True, help="With --between A B: only facts from A to B.")
@click.option("--strict", is_flag=True, help="An actor is only itself: not its leaders, agencies, officials.")
@_filter_options
@click.pass_context
def timeline_cmd(
    ctx: click.Context, actor: str | None, between: tuple[str, str] | None, directed: bool, strict: bool, **filters: Any
) -> None:
    """Dated facts in date order, one entry per event with every source that states it, its fact ids and
    quotes. Derived dates are marked, bounds read ≥ (not before) and ≤ (not after) and sort at that
    bound. An actor takes in its leaders, agencies and officials (relations marked belongs_to).

    \b
    Example:
      kg timeline --between Russia Azerbaijan --directed --since 2025 --until 2025
    """
    if actor and between:
        usage("give --actor or --between, not both")
    if directed and not between:
        usage("--directed goes with --between A B")
    ds = current(ctx).dataset
    p = project(ctx)
    click.echo(
        render.timeline_report(
            ds, p.timeline(actor, p.fact_filter(**filters), strict=strict, between=between, directed=directed)
        )
    )


@main.command("dyad")
@click.argument("a")
@click.argument("b")
@click.option("--by", type=click.Choice(["month", "quarter", "year"]), default="quarter", show_default=True)
@click.option(
    "--per-claim", is_flag=True, help="Count a claim several sources state once per period (default: each statement)."
)
@click.option("--strict", is_flag=True, help="Each side only itself: not its leaders, agencies, officials.")
@click.option(
    "--open",
    "opened",
    metavar="PERIOD",
    help="Also list the facts and quotes of this period (e.g. 2025-Q1), 'undated' or 'unplaced'.",
)
@click.option(
    "--chart",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw the series into FILE (.svg, .html or .png).",
)
@_filter_options
@click.pass_context
def dyad_cmd(
    ctx: click.Context,
    a: str,
    b: str,
    by: str,
    per_claim: bool,
    strict: bool,
    opened: str | None,
    output: Path | None,
    **filters: Any,
) -> None:
    """How relations between A and B moved: per period, the events each way, the Goldstein sum and
    mean, and the QuadClass counts (verbal/material cooperation and conflict); undated events apart.

    An event is a fact from one side to the other (each with its leaders, agencies and officials) whose
    relation has a CAMEO code or a polarity, not negated, not only proposed or denied.

    \b
    Example:
      kg dyad Azerbaijan Russia --by quarter --chart dyad.svg
    """
    ds = current(ctx).dataset
    p = project(ctx)
    d = p.dyad(a, b, by, per_claim=per_claim, flt=p.fact_filter(**filters), strict=strict)
    click.echo(render.dyad_report(ds, d, opened))
    if output:
        click.echo(f"wrote {p.dyad_chart(d, output)}", err=True)


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        out[name] = value
    return out


@main.command("query")
@click.argument("query", required=False)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a declared parameter; an entity may be given by id, label or alias. Repeatable.",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="json/csv/tsv are the SPARQL 1.1 results formats; table is for people.",
)
@click.option("--endpoint", metavar="URL", help="Run on this SPARQL 1.1 endpoint instead of the local build.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60,
    show_default=True,
    help="Stop a query that runs longer than this many seconds (Ctrl-C stops it at once).",
)
@click.option(
    "--width", type=click.IntRange(40), help="Wrap the table to this many columns.  [default: the terminal's]"
)
@click.pass_context
def query_cmd(
    ctx: click.Context,
    query: str | None,
    params: tuple[str, ...],
    fmt: str,
    endpoint: str | None,
    list_queries: bool,
    timeout: float,
    width: int | None,
) -> None:
    """Run a SPARQL query: a name from queries/, a path to a .rq file, inline SPARQL, or - for stdin.

    The table shows labels instead of IRIs and wraps long cells. ASK prints yes or no (exit status 0
    or 1); CONSTRUCT and DESCRIBE print Turtle.

    \b
    Examples:
      kg query --list
      kg query actor-facts --param actor=Baku
      kg query 'SELECT ?s WHERE { ?s kg:closes ent:russian-house-baku }' --format csv
    """
    p = project(ctx)
    if list_queries:
        for name, q in p.queries().items():
            click.echo(f"{name}: {q.title}\n    {q.description}")
            for param in q.params.values():
                click.echo(
                    f"    --param {param.name}=<{param.kind}>{' (optional)' if param.optional else ''}  {param.doc}"
                )
        return
    if not query:
        usage("give a QUERY (a name, a .rq file, inline SPARQL or -), or --list")
    text = sys.stdin.read() if query == "-" else query
    ds = current(ctx).dataset
    result = p.query(text, _params(params), endpoint, timeout)
    if result.form == "ask":
        click.echo("yes" if result.boolean else "no")
        ctx.exit(0 if result.boolean else 1)
    if result.form == "graph" or fmt != "table":
        sys.stdout.write(render.query_result(result, fmt))
    else:
        click.echo(render.result_table(ds, result, width))


@main.command("path")
@click.argument("a")
@click.argument("b")
@click.option("--directed", is_flag=True, help="Follow facts only from subject to object.")
@click.option("--all", "all_paths", is_flag=True, help="All simple paths up to --max-hops, shortest first.")
@click.option(
    "--max-hops", type=click.IntRange(1, 12), help="No path longer than this.  [default: 4 with --all, else 8]"
)
@click.option("-k", "k", default=1, show_default=True, type=click.IntRange(1, 1000), help="The k shortest paths.")
@click.option(
    "--limit", default=50, show_default=True, type=click.IntRange(1), help="At most this many paths with --all."
)
@click.option("--via", help="Only paths through this entity.")
@click.option(
    "--no-attribution",
    "no_attribution",
    is_flag=True,
    help="Do not follow attribution edges (from who says something to what it says it of).",
)
@_filter_options
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--html",
    "html",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also draw the path, highlighted, into this HTML file.",
)
@click.pass_context
def path_cmd(
    ctx: click.Context,
    a: str,
    b: str,
    directed: bool,
    all_paths: bool,
    max_hops: int | None,
    k: int,
    limit: int,
    via: str | None,
    no_attribution: bool,
    fmt: str,
    html: Path | None,
    **filters: Any,
) -> None:
    """The shortest path between two actors, each hop with its facts, sources and quotes.

    Facts are followed in either direction unless --directed, and so is what one entity says of
    another ("X says: …", an attribution edge) unless --no-attribution. Every search is bounded by
    --max-hops and by the number of paths it may explore. No path: exit 1.

    \b
    Examples:
      kg path "Nikolai Valuev" "Ilham Aliyev"
      kg path Valuev Aliyev --polarity conflictual -k 3
    """
    p = project(ctx)
    ds = current(ctx).dataset
    found = p.path(
        a,
        b,
        directed=directed,
        flt=p.fact_filter(**filters),
        k=k,
        all_paths=all_paths,
        max_hops=max_hops,
        via=via,
        limit=limit,
        attribution=not no_attribution,
    )
    click.echo(render.paths_json(ds, found) if fmt == "json" else render.paths_text(ds, found))
    if html:
        click.echo(f"wrote {p.path_viz(found, html)}", err=True)


@main.command("neighbors")
@click.argument("entity")
@click.option("--depth", "-d", default=1, show_default=True, type=click.IntRange(1, 6))
@click.option(
    "--no-attribution",
    "no_attribution",
    is_flag=True,
    help="Leave out who is linked only by what one says of the other.",
)
@_filter_options
@click.pass_context
def neighbors_cmd(ctx: click.Context, entity: str, depth: int, no_attribution: bool, **filters: Any) -> None:
    """Who is connected to ENTITY directly (or within --depth hops), with relation and evidence.

    \b
    Example:
      kg neighbors "Nikolai Valuev" --depth 2 --relation expels
    """
    p = project(ctx)
    ds = current(ctx).dataset
    found = p.neighbors(entity, depth, p.fact_filter(**filters), attribution=not no_attribution)
    click.echo(render.neighbors_text(ds, p.resolve(entity), found))


@main.command("viz")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the page to FILE (atomically). Default: BUILD/kg-graph.html.",
)
@click.option("--open", "open_page", is_flag=True, help="Open the page in the web browser afterwards.")
@click.option(
    "--focus", "focus", metavar="ENTITY", help="Only what lies within --depth facts of ENTITY (id, label or alias)."
)
@click.option("--depth", type=click.IntRange(min=0), default=None, help="How far from --focus to draw.  [default: 1]")
@_filter_options
@click.option("--title", help="The page title.")
@click.pass_context
def viz_cmd(
    ctx: click.Context,
    output: Path | None,
    open_page: bool,
    focus: str | None,
    depth: int | None,
    title: str | None,
    **filters: Any,
) -> None:
    """Write the graph as one self-contained interactive HTML page (works offline) and print its path.

    Minor entities are folded into their actors and the facts between two entities drawn as one
    link; the page searches, filters (source, relation, type, polarity), has a time slider, a dyad
    chart of two actors and a SPARQL panel running the named queries on the data it carries, keeps
    its view in the URL, and shows every fact with its source and quote. It carries at most 5,000
    facts. Refuses a graph of over 3,000 entities: narrow it with --focus/--depth or the fact filters.

    \b
    Example:
      kg viz --focus Baku --depth 2 --open
    """
    if depth is not None and focus is None:
        usage("--depth needs --focus ENTITY")
    p = project(ctx)
    current(ctx)
    path = p.viz(output, focus=focus, depth=1 if depth is None else depth, flt=p.fact_filter(**filters), title=title)
    click.echo(str(path))
    if open_page:
        import webbrowser

        webbrowser.open(path.resolve().as_uri())


@main.command("push")
@click.option(
    "--endpoint",
    "graph_store",
    metavar="URL",
    help="The server's Graph Store Protocol URL (e.g. http://127.0.0.1:7878/store for Oxigraph).",
)
@click.option(
    "--update",
    metavar="URL",
    help="Its SPARQL Update URL, used when the server offers no graph store (give this instead of --endpoint).",
)
@click.option("--user", envvar="KG_USER", help="User name, if the server asks for one.  [env: KG_USER]")
@click.option(
    "--password-env",
    default="KG_PASSWORD",
    show_default=True,
    metavar="VAR",
    help="The environment variable holding the password; without it, --user prompts for it (not echoed).",
)
@click.option(
    "--content-type",
    default="application/n-triples",
    show_default=True,
    help="How the N-Triples sent are labelled; text/turtle for a server that knows no N-Triples.",
)
@click.option("--batch-size", type=click.IntRange(1), help="Triples per request.  [default: 50000, 5000 with --update]")
@click.pass_context
def push_cmd(
    ctx: click.Context,
    graph_store: str | None,
    update: str | None,
    user: str | None,
    password_env: str,
    content_type: str,
    batch_size: int | None,
) -> None:
    """Load the build into a SPARQL 1.1 server, one named graph per source (plus vocabulary and catalog).

    Each graph replaces the server's copy of it, so pushing twice never duplicates; graphs the build
    does not hold are left alone. Then query it with `kg query NAME --endpoint QUERY-URL`.

    \b
    Examples:
      kg push --endpoint http://127.0.0.1:7878/store
      KG_PASSWORD=dba kg push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba
    """
    if not graph_store and not update:
        usage("give --endpoint URL (Graph Store Protocol) or --update URL (SPARQL Update)")
    password = os.environ.get(password_env) if user else None
    if user and password is None:
        if not sys.stdin.isatty():
            usage(f"--user {user} needs a password: set {password_env} (no terminal to ask on)")
        password = click.prompt(f"password for {user}", hide_input=True, err=True)
    p = project(ctx)
    current(ctx)
    with click.progressbar(
        length=p.triples_to_push(), label="pushing", file=sys.stderr, hidden=not sys.stderr.isatty()
    ) as bar:
        report = p.push(
            graph_store,
            None if graph_store else update,
            user=user,
            password=password,
            content_type=content_type,
            batch_size=batch_size,
            progress=bar.update,
        )
    click.echo(
        f"pushed {report.triples} triples in {report.graphs} graphs ({report.batches} requests, "
        f"{report.method}) in {report.seconds} s to {graph_store or update}"
    )
