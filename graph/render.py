"""Plain-text rendering of library results for the terminal."""
from __future__ import annotations

import shutil
import textwrap
from collections import Counter

from .conflicts import Conflict
from .coverage import SourceCoverage
from .model import Dataset, Fact
from .project import EntityView, ValidationReport


def width() -> int:
    return max(60, min(120, shutil.get_terminal_size((100, 20)).columns))


def quote_lines(quote: str, indent: str = "      ") -> str:
    return textwrap.fill(f"\u201c{quote}\u201d", width=width(), initial_indent=indent, subsequent_indent=indent)


def fact_line(ds: Dataset, fact: Fact, with_date: bool = True) -> str:
    """`Subject —relation→ Object` with date, modality and attribution, as one line."""
    rel = ds.relations[fact.relation]
    extras = []
    if fact.date and with_date:
        extras.append((f"{fact.date_qualifier} " if fact.date_qualifier else "") + fact.date.value)
    if fact.count:
        extras.append(f"\u00d7{fact.count}")
    if fact.modality != "asserted":
        extras.append(fact.modality + (f" by {ds.label(fact.claimed_by)}" if fact.claimed_by else ""))
    elif fact.claimed_by:
        extras.append(f"per {ds.label(fact.claimed_by)}")
    tail = f"  ({'; '.join(extras)})" if extras else ""
    return f"{ds.label(fact.subject)} \u2014{rel.label}\u2192 {ds.object_label(fact)}{tail}"


def fact_block(ds: Dataset, fact: Fact, indent: str = "  ") -> str:
    source = ds.sources[fact.source]
    return (f"{indent}{fact_line(ds, fact)}\n{indent}    [{fact.id}] {source.display_title}\n"
            f"{quote_lines(fact.quote, indent + '    ')}")


def counter_table(title: str, counts: Counter) -> str:
    rows = counts.most_common()
    pad = max((len(str(k)) for k, _ in rows), default=0)
    body = "\n".join(f"  {str(k).ljust(pad)}  {v:>5}" for k, v in rows)
    return f"{title} ({sum(counts.values())})\n{body}"


def validation(report: ValidationReport) -> str:
    lines = [str(p) for p in report.problems]
    lines += [f"SHACL: {v}" for v in report.violations]
    if report.ok:
        return "ok: the data loads cleanly and the built graph conforms to data/shapes.ttl"
    lines.append(f"{len(report.problems)} data problem(s), {len(report.violations)} SHACL violation(s)")
    return "\n".join(lines)


def entity_view(ds: Dataset, view: EntityView) -> str:
    e = view.entity
    out = [f"{e.label}  [{e.id}]", f"  type: {ds.entity_types[e.type].label}"]
    if e.aliases:
        out.append(f"  aliases: {', '.join(e.aliases)}")
    if e.description:
        out.append(f"  description: {e.description}")
    if e.wikidata:
        out.append(f"  wikidata: {e.wikidata}")
    for title, facts in (("facts about it", view.outgoing), ("facts pointing to it", view.incoming),
                         ("statements credited to it", view.claims)):
        out.append(f"\n{title} ({len(facts)}):")
        out += [fact_block(ds, f) for f in facts] or ["  (none)"]
    return "\n".join(out)


def coverage_report(reports: list[SourceCoverage], details: bool = True) -> str:
    out = []
    for r in reports:
        out.append(f"{r.source}: {r.share:.0%} of entity-bearing sentences backed by facts "
                   f"({r.covered} of {r.entity_sentences - r.skipped}; {r.skipped} skipped with a reason)")
        if details:
            out += [f"  line {line}: {sentence}" for line, sentence in r.uncovered]
    return "\n".join(out)


def conflicts_report(ds: Dataset, found: list[Conflict]) -> str:
    if not found:
        return "no disagreements between sources"
    out = []
    for c in found:
        what = {"object": "different values", "count": "different counts", "date": "different dates"}[c.kind]
        out.append(f"{ds.label(c.subject)} \u2014{ds.relations[c.relation].label}\u2192 : {what}")
        out += [fact_block(ds, f, "  ") for f in sorted(c.facts, key=lambda f: (f.source, f.id))]
        out.append("")
    return "\n".join(out).rstrip()


def timeline_report(ds: Dataset, facts: list[Fact]) -> str:
    if not facts:
        return "no dated facts match"
    pad = max(len(f.date.value) + (len(f.date_qualifier) + 1 if f.date_qualifier else 0) for f in facts)
    lines = []
    for f in facts:
        when = (f"{f.date_qualifier} " if f.date_qualifier else "") + f.date.value
        lines.append(f"{when.ljust(pad)}  {fact_line(ds, f, with_date=False)}  [{ds.sources[f.source].display_title}]")
    return "\n".join(lines)
