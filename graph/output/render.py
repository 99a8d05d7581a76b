"""Plain-text rendering of library results for the terminal."""
from __future__ import annotations

import shutil
import textwrap
from collections import Counter

from typing import TYPE_CHECKING, Callable

from ..model import Dataset, Fact

if TYPE_CHECKING:
    from ..analysis.conflicts import Conflict
    from ..analysis.coverage import SourceCoverage
    from ..analysis.paths import GraphPath, Hop
    from ..results import EntityView, ValidationReport
    from ..sparql.engine import QueryResult


def width() -> int:
    return max(60, min(120, shutil.get_terminal_size((100, 20)).columns))


def quote_lines(quote: str, indent: str = "      ") -> str:
    return textwrap.fill(f"\u201c{quote}\u201d", width=width(), initial_indent=indent, subsequent_indent=indent)


def date_text(fact: Fact) -> str:
    """The fact's date as the data gives it, with its qualifier ('early 2025-02'); '' when undated."""
    if fact.date is None:
        return ""
    return (f"{fact.date_qualifier} " if fact.date_qualifier else "") + fact.date.value


def fact_line(ds: Dataset, fact: Fact, with_date: bool = True) -> str:
    """`Subject —relation→ Object` with date, modality and attribution, as one line."""
    rel = ds.relations[fact.relation]
    extras = []
    if fact.date and with_date:
        extras.append(date_text(fact))
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


def validation(report: "ValidationReport") -> str:
    lines = [str(p) for p in report.problems]
    lines += [f"SHACL: {v}" for v in report.violations]
    if report.ok:
        return "ok: the data loads cleanly and the built graph conforms to data/shapes.ttl"
    lines.append(f"{len(report.problems)} data problem(s), {len(report.violations)} SHACL violation(s)")
    return "\n".join(lines)


def entity_view(ds: Dataset, view: "EntityView") -> str:
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


def coverage_report(reports: "list[SourceCoverage]", details: bool = True) -> str:
    out = []
    for r in reports:
        out.append(f"{r.source}: {r.share:.0%} of entity-bearing sentences backed by facts "
                   f"({r.covered} of {r.entity_sentences - r.skipped}; {r.skipped} skipped with a reason)")
        if details:
            out += [f"  line {line}: {sentence}" for line, sentence in r.uncovered]
    return "\n".join(out)


def conflicts_report(ds: Dataset, found: "list[Conflict]") -> str:
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
    pad = max(len(date_text(f)) for f in facts)
    lines = []
    for f in facts:
        lines.append(f"{date_text(f).ljust(pad)}  {fact_line(ds, f, with_date=False)}  [{ds.sources[f.source].display_title}]")
    return "\n".join(lines)


def term_label(ds: Dataset, term) -> str:
    """What a person wants to read for an RDF term: labels for entities, relations and sources."""
    from ..store.namespaces import ENT, KG, PREFIXES, SRC, STMT

    if term is None:
        return ""
    text = str(term)
    lookups: list[tuple[object, Callable[[str], str]]] = [(ENT, lambda k: ds.label(k)), (SRC, lambda k: ds.sources[k].display_title if k in ds.sources else k),
                       (STMT, lambda k: k), (KG, lambda k: ds.relations[k].label if k in ds.relations else k)]
    for ns, lookup in lookups:
        if text.startswith(str(ns)) and "/" not in text[len(str(ns)):]:
            return lookup(text[len(str(ns)):])
    if hasattr(term, "n3") and not hasattr(term, "datatype"):
        for prefix, namespace in PREFIXES.items():
            if text.startswith(str(namespace)):
                return f"{prefix}:{text[len(str(namespace)):]}"
    return text


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:max(1, limit - 1)] + "\u2026"


def result_table(ds: Dataset, result: "QueryResult", total_width: int | None = None) -> str:
    """A SELECT result as an aligned table, long cells cut so each row fits the terminal."""
    total_width = total_width or width()
    rows = [[term_label(ds, t) for t in row] for row in result.rows]
    n = max(1, len(result.variables))
    natural = [max([len(v)] + [len(" ".join(r[i].split())) for r in rows]) for i, v in enumerate(result.variables)]
    budget = total_width - 2 * (n - 1)
    widths = natural[:]
    while sum(widths) > budget and max(widths) > 8:  # shrink the widest column first
        widths[widths.index(max(widths))] -= 1
    def line(cells):
        return "  ".join(_cut(c, w).ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(result.variables), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def query_result(result: "QueryResult", fmt: str) -> str:
    """A result in a SPARQL results format (json, csv, tsv), or a graph as Turtle."""
    from ..sparql.engine import serialize
    return serialize(result, fmt)


def paths_text(ds: Dataset, paths: "list[GraphPath]") -> str:
    out = []
    for n, path in enumerate(paths, 1):
        labels = " \u2014 ".join(ds.label(x) for x in path.nodes)
        title = f"path {n}: " if len(paths) > 1 else ""
        out.append(f"{title}{labels}  ({len(path)} hop{'s' if len(path) != 1 else ''})")
        for i, hop in enumerate(path.hops, 1):
            out.append(f"  {i}. {ds.label(hop.start)} \u2194 {ds.label(hop.end)}  ({len(hop.facts)} fact{'s' if len(hop.facts) != 1 else ''})")
            out += [fact_block(ds, f, "     ") for f in hop.facts]
        out.append("")
    return "\n".join(out).rstrip()


def paths_json(ds: Dataset, paths: "list[GraphPath]") -> str:
    import json
    from ..fact_table import fact_record
    doc = {"from": paths[0].nodes[0], "to": paths[0].nodes[-1], "paths": [
        {"length": len(p), "nodes": [{"id": x, "label": ds.label(x)} for x in p.nodes],
         "hops": [{"from": h.start, "to": h.end, "facts": [fact_record(ds, f) for f in h.facts]}
                  for h in p.hops]} for p in paths]}
    return json.dumps(doc, ensure_ascii=False, indent=1)


def neighbors_text(ds: Dataset, start: str, found: "list[tuple[int, Hop]]") -> str:
    if not found:
        return f"{ds.label(start)} has no neighbours with these filters"
    out = [f"{ds.label(start)}: {len(found)} neighbour{'s' if len(found) != 1 else ''}"]
    for depth, hop in found:
        out.append(f"\n[{depth}] {ds.label(hop.end)}  ({ds.entity_types[ds.entities[hop.end].type].label})")
        out += [fact_block(ds, f, "     ") for f in hop.facts]
    return "\n".join(out)
