"""Plain-text rendering of library results for the terminal; the HTML page shows a fact's date and
qualifiers in the same words (date_text, qualifier_text)."""

from __future__ import annotations

import shutil
import textwrap
from collections import Counter

from pathlib import Path
from typing import TYPE_CHECKING
from collections.abc import Callable, Iterable

from ..errors import Problem, python_name
from ..model import Amount, Dataset, Fact, QualifierValue
from ..schema import SCHEMA
from ..text.dates import parse_date, readable

if TYPE_CHECKING:
    from ..analysis.audit import Audit
    from ..analysis.catalog import EntityRow, RelationRow
    from ..analysis.conflicts import Conflict
    from ..analysis.corroboration import Claim
    from ..analysis.coverage import SourceCoverage
    from ..analysis.dyad import Dyad
    from ..analysis.paths import GraphPath, Hop
    from ..analysis.timeline import TimelineEntry
    from ..ingest.article import AddedSource
    from ..ingest.drafts import AcceptReport, DraftProgress
    from ..suggest import SuggestedDraft
    from ..results import EntityView, ValidationReport
    from ..sparql.engine import QueryResult


# The fact fields schema.yaml says how to show (`show`), with that label: read after the fact's date.
_SHOWN = tuple((spec.name, spec.show) for spec in SCHEMA.records["fact"].values() if spec.show)


def width() -> int:
    return max(60, min(120, shutil.get_terminal_size((100, 20)).columns))


def quote_lines(quote: str, indent: str = "      ") -> str:
    return textwrap.fill(f"\u201c{quote}\u201d", width=width(), initial_indent=indent, subsequent_indent=indent)


def date_text(date: str | None, qualifier: str | None = None, basis: str | None = None, rule: str | None = None) -> str:
    """A fact's date as a person reads it (the data's text form in words), with its qualifier ('early
    February 2025') and, unless the text prints it, how it is known ('not before 2025-02-05, derived'), by
    `rule` when given ('…, derived: after the closure it responds to'); '' when undated. The HTML page
    shows the rule."""
    if date is None:
        return ""
    how = f", {basis}" + (f": {rule}" if rule else "") if basis not in (None, "stated") else ""
    return readable(parse_date(date), qualifier) + how


def fact_date_text(fact: Fact) -> str:
    """date_text of a fact, without its rule (a terminal line)."""
    return date_text(fact.date.value if fact.date else None, fact.date_qualifier, fact.date_basis)


def qualifier_text(ds: Dataset, qualifiers: Iterable[tuple[str, QualifierValue]]) -> str:
    """A fact's qualifiers as they read after it: 'amount at least 40,000,000 USD, since 2022'."""
    parts = []
    for name, value in qualifiers:
        label = SCHEMA.qualifiers[name].label or name
        if isinstance(value, Amount):
            parts.append(f"{label} {value.display()}")
        elif isinstance(value, bool):
            parts.append(label if value else f"not {label}")
        elif SCHEMA.qualifiers[name].type == "entity":
            parts.append(f"{label} {ds.label(value)}")
        else:
            parts.append(f"{label} {value}")
    return ", ".join(parts)


def fact_line(ds: Dataset, fact: Fact, with_date: bool = True) -> str:
    """`Subject —relation→ Object, qualifiers` with date, modality, attribution and corroboration, as one
    line; a negated fact reads `—not relation→`."""
    extras = []
    if fact.date and with_date:
        extras.append(fact_date_text(fact))
    if fact.count:
        extras.append(f"\u00d7{fact.count}")
    if fact.modality != "asserted":
        extras.append(fact.modality + (f" by {ds.label(fact.claimed_by)}" if fact.claimed_by else ""))
    elif fact.claimed_by:
        extras.append(f"per {ds.label(fact.claimed_by)}")
    for name, label in _SHOWN:
        value = fact.get(name)
        if value is not None:
            extras.append(f"{label} {value}")
    if fact.sources > 1:
        extras.append(f"{fact.sources} sources")
    tail = f"  ({'; '.join(extras)})" if extras else ""
    return claim_line(ds, fact) + tail


def claim_line(ds: Dataset, fact: Fact) -> str:
    """What the fact claims, whoever states it: `Subject —relation→ Object, qualifiers`."""
    rel = ds.relations[fact.relation]
    arrow = f"\u2014not {rel.label}\u2192" if fact.negated else f"\u2014{rel.label}\u2192"
    qualifiers = qualifier_text(ds, fact.qualifiers)
    return f"{ds.label(fact.subject)} {arrow} {ds.object_label(fact)}" + (f", {qualifiers}" if qualifiers else "")


def fact_block(ds: Dataset, fact: Fact, indent: str = "  ", says: str | None = None) -> str:
    """A fact with its id, source and every quote of its evidence; `says` puts who said it first."""
    source = ds.sources[fact.source]
    said = f"{ds.label(says)} says: " if says else ""
    quotes = "\n".join(quote_lines(e.quote, indent + "    ") for e in fact.evidence)
    links = "".join(
        f"\n{indent}    {link.type.replace('_', ' ')} [{link.fact}]"
        + (f": \u201c{link.quote}\u201d" if link.quote else "")
        for link in fact.links
    )
    return f"{indent}{said}{fact_line(ds, fact)}\n{indent}    [{fact.id}] {source.display_title}\n{quotes}{links}"


def hop_blocks(ds: Dataset, hop: Hop, indent: str) -> list[str]:
    """The facts of a hop, then what one end says of the other."""
    return [fact_block(ds, f, indent) for f in hop.facts] + [
        fact_block(ds, f, indent, says=f.claimed_by) for f in hop.said
    ]


def _count(hop: Hop) -> str:
    parts = [f"{len(hop.facts)} fact{'s' if len(hop.facts) != 1 else ''}"] if hop.facts else []
    if hop.said:
        parts.append(f"{len(hop.said)} said")
    return ", ".join(parts)


def counter_table(title: str, counts: Counter) -> str:
    rows = counts.most_common()
    pad = max((len(str(k)) for k, _ in rows), default=0)
    body = "\n".join(f"  {str(k).ljust(pad)}  {v:>5}" for k, v in rows)
    return f"{title} ({sum(counts.values())})\n{body}"


def columns(header: list[str], rows: list[list[str]], right: frozenset[int] = frozenset()) -> str:
    """Rows as aligned columns under a header (`right`: the columns aligned right, e.g. counts)."""
    widths = [max(len(c) for c in col) for col in zip(header, *rows)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))
        ).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def entity_rows(ds: Dataset, rows: list[EntityRow]) -> str:
    if not rows:
        return "no entity matches"
    return columns(
        ["id", "label", "type", "facts", "matched"],
        [[r.entity.id, r.entity.label, ds.entity_types[r.entity.type].label, str(r.facts), r.matched] for r in rows],
        right=frozenset({3}),
    )


def relation_rows(rows: list[RelationRow]) -> str:
    def number(x: object) -> str:
        return "" if x is None else str(x)

    return columns(
        ["id", "label", "polarity", "object", "cameo", "goldstein", "facts"],
        [
            [
                r.relation.id,
                r.relation.label,
                r.relation.polarity,
                r.relation.object_kind,
                number(r.relation.cameo),
                number(r.relation.goldstein),
                str(r.facts),
            ]
            for r in rows
        ],
        right=frozenset({5, 6}),
    )


PROBLEM_LINES = 50  # the most lines of problems a command prints unless asked for all (--all)
_PLURALS = {"entity": "entities"}


def problem_lines(
    problems: list[Problem],
    everything: bool,
    more: str,
    limit: int = PROBLEM_LINES,
    name: Callable[[str], str] = python_name,
) -> list[str]:
    """The problems as lines, each as FILE:LINE: what to do. Unless `everything`: those that follow from
    another file's problem as one line per such file (how many records refer to what it left out;
    a single one is shown itself),
    and at most about `limit` lines, the rest counted on a line that says `more` (how to list them all).
    `name` writes the parameters a message names (the CLI: as flags)."""
    if everything:
        return [p.worded(name) for p in problems]
    groups: dict[tuple[Path, str, str], list[Problem]] = {}
    for p in problems:
        if p.follows is not None:
            groups.setdefault((p.follows.file, p.follows.record, p.follows.refers), []).append(p)
    alone = {id(group[0]) for group in groups.values() if len(group) == 1}  # one problem: itself, not a sum
    own = [p for p in problems if p.follows is None or id(p) in alone]
    summaries = []
    for (cause, record, refers), group in groups.items():
        if len(group) == 1:
            continue
        n = len({(p.file, p.follows.record_line) for p in group if p.follows is not None})
        kind = record if n == 1 else _PLURALS.get(record, f"{record}s")
        summaries.append(
            f"{n} {kind} {'refers' if n == 1 else 'refer'} to {refers} missing because of the problem with "
            f"{cause} above: fix it first ({more})"
        )
    return _capped([p.worded(name) for p in own], max(limit - len(summaries), 5), more, "problem(s)") + summaries


def _capped(lines: list[str], limit: int, more: str, what: str) -> list[str]:
    """At most `limit` lines: the first ones, then how many more `what` there are and `more`."""
    return (
        lines if len(lines) <= limit else [*lines[: limit - 1], f"… and {len(lines) - limit + 1} more {what} ({more})"]
    )


def problem_count(problems: list[Problem], noun: str = "problem") -> str:
    """'N problem(s)', and how many more follow from them: '1 problem(s) (and 540 that follow from it)'."""
    follow = sum(p.follows is not None for p in problems)
    own = len(problems) - follow
    more = f" (and {follow} that follow from {'it' if own == 1 else 'them'})" if follow else ""
    return f"{own} {noun}(s){more}"


def validation(
    report: ValidationReport,
    everything: bool = False,
    more: str = "--all lists them all",
    name: Callable[[str], str] = python_name,
) -> str:
    if report.ok:
        return "ok: the data loads cleanly and the built graph conforms to data/shapes.ttl"
    lines = problem_lines(report.problems, everything, more, name=name)
    shacl = [f"SHACL: {v}" for v in report.violations]
    lines += shacl if everything else _capped(shacl, PROBLEM_LINES, more, "SHACL violation(s)")
    lines.append(f"{problem_count(report.problems, 'data problem')}, {len(report.violations)} SHACL violation(s)")
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
    totals = view.totals or (len(view.outgoing), len(view.incoming), len(view.claims))
    for title, facts, total in (
        ("facts about it", view.outgoing, totals[0]),
        ("facts pointing to it", view.incoming, totals[1]),
        ("statements credited to it", view.claims, totals[2]),
    ):
        out.append(f"\n{title} ({len(facts)}{f' of {total}' if total > len(facts) else ''}):")
        out += [fact_block(ds, f) for f in facts] or ["  (none)"]
    return "\n".join(out)


def claims_report(ds: Dataset, found: list[Claim]) -> str:
    """Each claim once, with how many sources state it, then every fact of it with source and quotes."""
    if not found:
        return "no claims match"
    out = []
    for c in found:
        out.append(f"{claim_line(ds, c.facts[0])}  [{len(c.sources)} source{'s' if len(c.sources) != 1 else ''}]")
        out += [fact_block(ds, f, "    ") for f in c.facts]
    return "\n".join(out)


def coverage_report(reports: list[SourceCoverage], details: bool = True) -> str:
    out = []
    for r in reports:
        out.append(
            f"{r.source}: {r.share:.0%} of entity-bearing sentences backed by facts "
            f"({r.covered} of {r.entity_sentences - r.skipped}; {r.skipped} skipped with a reason)"
        )
        if details:
            out += [f"  line {line}: {sentence}" for line, sentence in r.uncovered]
    return "\n".join(out)


def drafts_progress(
    drafts: list[DraftProgress], details: bool = True, everything: bool = False, more: str = "--all lists them all"
) -> str:
    """Drafts are work in progress: how far each review has come, and what accept would refuse (of each
    draft's problems at most a share of PROBLEM_LINES lines, unless `everything`)."""
    out = ["drafts (work in progress; the build does not read them):"]
    for d in drafts:
        covered = (
            f"; its quotes cover {d.coverage.share:.0%} of the source's entity-bearing sentences" if d.coverage else ""
        )
        out.append(
            f"  {d.path}: {d.reviewed} of {d.facts} facts reviewed, {len(d.pending)} review blocks left, "
            f"{problem_count(list(d.problems))}{covered}"
        )
        if details:
            share = max(PROBLEM_LINES // len(drafts), 5)
            out += [f"    {line}" for line in problem_lines(list(d.problems), everything, more, share)]
            if d.pending:
                first = ", ".join(f"{i} (line {line})" for i, line in d.pending[:3])
                out.append(f"    to review: {first}{' …' if len(d.pending) > 3 else ''}")
        if not d.pending and not d.problems:
            out.append(f"    ready: kg accept {d.source}")
    return "\n".join(out)


def added_source(added: AddedSource) -> str:
    """What add-source wrote and where each metadata value came from, so the user checks the rest."""
    meta = added.metadata
    out = [
        f"added source {added.id}: {added.text_path} ({len(added.text_path.read_text(encoding='utf-8'))} characters), "
        f"{added.metadata_path}"
    ]
    for names, how in ((added.from_page, "from the page"), (added.from_options, "from the options")):
        if names:
            out.append(f"  {how}: " + "; ".join(f"{n} = {meta[n]}" for n in names))
    if added.unknown:
        out.append(
            f"  unknown (null; fill in {added.metadata_path.name} only from what is certain): {', '.join(added.unknown)}"
        )
    out.append(f"next: {added.next_step}")
    return "\n".join(out)


def suggested(path: Path, draft: SuggestedDraft) -> str:
    """A draft's summary and what to do with it."""
    unsure = sum(1 for f in draft.facts if (f.get("review") or {}).get("unsure"))
    out = [
        f"{len(draft.facts)} suggested facts ({unsure} marked unsure), {len(draft.new_entities)} candidate new entities "
        f"-> {path}",
        f"  made by: {draft.header['made_by']}",
    ]
    out += [f"  note: {n}" for n in draft.header.get("notes") or ()]
    out.append(
        "next: review each fact against the text (delete, fix, pick a relation from review.relations), delete its "
        f"review block, then `kg accept {path.stem}`; `kg validate` shows the progress"
    )
    return "\n".join(out)


def accepted(report: AcceptReport) -> str:
    out = [
        f"accepted {len(report.facts)} facts into {report.facts_path}"
        + (" (after the facts already there)" if report.merged else "")
    ]
    if report.entities_path:
        out.append(f"accepted {len(report.entities)} new entities into {report.entities_path}")
    if report.unused_entities:
        out.append(
            f"  no fact names {', '.join(report.unused_entities)}: kept; delete them from {report.entities_path} if unwanted"
        )
    out.append("next: kg build")
    return "\n".join(out)


def conflicts_report(ds: Dataset, found: list[Conflict]) -> str:
    if not found:
        return "no disagreements between sources"
    out = []
    for c in found:
        what = {
            "negation": "stated by one source, negated by another",
            "modality": "asserted by one source, alleged or denied by another",
            "object": "different values",
            "count": "different counts",
            "date": "different dates",
        }[c.kind]
        claim = "" if c.object is None else " " + (ds.label(c.object) if c.object in ds.entities else c.object)
        out.append(f"{ds.label(c.subject)} \u2014{ds.relations[c.relation].label}\u2192{claim}: {what}")
        out += [fact_block(ds, f, "  ") for f in sorted(c.facts, key=lambda f: (f.source, f.id))]
        out.append("")
    return "\n".join(out).rstrip()


def audit_report(report: Audit, details: bool = False) -> str:
    """The audit as a table of counts per source, the thresholds crossed, and with `details` the facts flagged."""
    columns = (
        "facts",
        "dup.",
        "other voice",
        "described_as",
        "restating",
        "boilerplate",
        "amount w/o party",
        "polar dated",
        "hedge w/o claimant",
        "negation cue",
        "coverage",
        "recall",
        "left",
    )
    rows = []
    for r in [*report.sources, report.total]:
        rows.append(
            (
                r.source,
                str(r.facts),
                str(len(r.duplicates)),
                str(len(r.other_voice)),
                f"{r.described_as} ({r.described_as_share:.0%})",
                str(len(r.restating_label)),
                str(len(r.boilerplate)),
                str(len(r.amounts_without_party)),
                f"{sum(r.polar_dated.values())}/{r.polar} ({r.polar_dated_share:.0%})",
                str(len(r.hedged_unattributed)),
                str(len(r.negation_cues)),
                f"{r.coverage:.0%}",
                f"{r.recall.covered}/{r.recall.candidates} ({r.recall.share:.0%})",
                str(len(r.recall.left)),
            )
        )
    widths = [max(len(x) for x in col) for col in zip(("source", *columns), *rows)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(("source", *columns)), "  ".join("-" * w for w in widths), *map(line, rows)]
    if details:
        t = report.total
        for title, pairs in (("duplicates", t.duplicates), ("restated in another voice", t.other_voice)):
            if pairs:
                out.append(f"\n{title} ({len(pairs)}): " + ", ".join(f"{a.id}={b.id}" for a, b in pairs))
        for title, facts in (
            ("restating a label", t.restating_label),
            ("on boilerplate lines", t.boilerplate),
            ("amounts without a party", t.amounts_without_party),
            ("hedged without a claimant", t.hedged_unattributed),
            ("negation cue, not negated", t.negation_cues),
        ):
            if facts:
                out.append(f"\n{title} ({len(facts)}): " + ", ".join(f.id for f in facts))
        for r in report.sources:
            if r.recall.left:
                out.append(
                    f"\n{r.source}: sentences naming two known entities that no fact's evidence touches ({len(r.recall.left)}):"
                )
                out += [f"  line {n}: {' '.join(sentence.split())}" for n, sentence in r.recall.left]
    out.append("")
    out += [f"threshold crossed: {f}" for f in report.failures] or ["every threshold met"]
    return "\n".join(out)


def timeline_report(ds: Dataset, entries: list[TimelineEntry]) -> str:
    """Each event: its date and claim, then every source that states it, with fact id, date if it differs,
    and quotes."""
    if not entries:
        return "no dated facts match"
    out = []
    for entry in entries:
        head = entry.fact
        out.append(f"{fact_date_text(head)}  {fact_line(ds, head, with_date=False)}")
        for f in entry.facts:
            own = f"  ({fact_date_text(f)})" if f.date != head.date or f.date_basis != head.date_basis else ""
            out.append(f"    [{f.id}] {ds.sources[f.source].display_title}{own}")
            out += [quote_lines(e.quote, "      ") for e in f.evidence]
    return "\n".join(out)


def dyad_report(ds: Dataset, d: Dyad, opened: str | None = None) -> str:
    """The dyad as a table per period with a Goldstein bar; `opened` (a period) lists that period's facts."""
    from ..analysis.dyad import QUAD_CLASSES

    a, b = ds.label(d.a), ds.label(d.b)
    unit = "each claim once per period" if d.per_claim else "each statement"
    head = [
        f"{a} \u2194 {b} by {d.by}: {sum(len(p.facts) for p in d.periods)} dated events ({unit}); not placed: "
        f"{len(d.undated)} undated, {len(d.unplaced)} bounded only by their article's publication"
    ]
    if not d.periods:
        return head[0]
    scale = max(abs(p.goldstein_sum) for p in d.periods) or 1.0

    def bar(total: float) -> str:
        n = round(8 * abs(total) / scale)
        return ("\u2588" * n).rjust(8) + "|" if total < 0 else " " * 8 + "|" + "\u2588" * n

    rows = [
        [
            p.period,
            str(len(p.a_to_b)),
            str(len(p.b_to_a)),
            f"{p.goldstein_sum:+.1f}",
            "" if p.goldstein_mean is None else f"{p.goldstein_mean:+.1f}",
            *(str(p.quad[q]) for q in QUAD_CLASSES),
            str(p.bounded),
            bar(p.goldstein_sum),
        ]
        for p in d.periods
    ]
    table = columns(
        [
            "period",
            f"{a[:10]}\u2192",
            f"{b[:10]}\u2192",
            "goldstein",
            "mean",
            "v.coop",
            "m.coop",
            "v.confl",
            "m.confl",
            "bounded",
            "conflict | cooperation",
        ],
        rows,
        right=frozenset(range(1, 10)),
    )
    out = head + [
        "",
        table,
        "",
        "v./m. coop, confl: the QuadClasses (verbal and material cooperation and conflict, from the CAMEO root); "
        "bounded: events placed at their date's bound",
    ]
    if opened is not None:
        apart = {"undated": d.undated, "unplaced": d.unplaced}
        chosen = [p for p in d.periods if p.period == opened]
        facts = apart[opened] if opened in apart else (chosen[0].facts if chosen else [])
        if opened not in apart and not chosen:
            out.append(f"\nno events in {opened}; periods: {', '.join(p.period for p in d.periods)}, undated, unplaced")
        else:
            out.append(f"\n{opened} ({len(facts)}):")
            out += [fact_block(ds, f) for f in facts]
    return "\n".join(out)


def term_label(ds: Dataset, term) -> str:
    """What a person wants to read for an RDF term: labels for entities, relations and sources."""
    from ..store.namespaces import ENT, KG, PREFIXES, SRC, STMT

    if term is None:
        return ""
    text = str(term)
    lookups: list[tuple[object, Callable[[str], str]]] = [
        (ENT, lambda k: ds.label(k)),
        (SRC, lambda k: ds.sources[k].display_title if k in ds.sources else k),
        (STMT, lambda k: k),
        (KG, lambda k: ds.relations[k].label if k in ds.relations else k),
    ]
    for ns, lookup in lookups:
        if text.startswith(str(ns)) and "/" not in text[len(str(ns)) :]:
            return lookup(text[len(str(ns)) :])
    if hasattr(term, "n3") and not hasattr(term, "datatype"):
        for prefix, namespace in PREFIXES.items():
            if text.startswith(str(namespace)):
                return f"{prefix}:{text[len(str(namespace)) :]}"
    return text


def result_table(ds: Dataset, result: QueryResult, total_width: int | None = None) -> str:
    """A SELECT result as an aligned table of labels (not IRIs), long cells wrapped within their column
    so each row fits `total_width` (default: the terminal's); a column is never narrower than 12."""
    total_width = total_width or width()
    rows = [[" ".join(term_label(ds, t).split()) for t in row] for row in result.rows]
    n = max(1, len(result.variables))
    natural = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(result.variables)]
    budget = total_width - 2 * (n - 1)
    widths = natural[:]
    while sum(widths) > budget and max(widths) > 12:  # narrow the widest column first
        widths[widths.index(max(widths))] -= 1

    def lines(cells: list[str]) -> list[str]:
        wrapped = [
            textwrap.wrap(c, w, break_long_words=True, break_on_hyphens=False) or [""] for c, w in zip(cells, widths)
        ]
        return [
            "  ".join((cell[i] if i < len(cell) else "").ljust(w) for cell, w in zip(wrapped, widths)).rstrip()
            for i in range(max(len(cell) for cell in wrapped))
        ]

    out = lines(list(result.variables)) + ["  ".join("-" * w for w in widths)]
    body = [lines(r) for r in rows]
    spaced = any(len(b) > 1 for b in body)  # wrapped rows: a blank line between rows tells them apart
    for i, b in enumerate(body):
        out += ([""] if spaced and i else []) + b
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def query_result(result: QueryResult, fmt: str) -> str:
    """A result in a SPARQL results format (json, csv, tsv), or a graph as Turtle."""
    from ..sparql.engine import serialize

    return serialize(result, fmt)


def paths_text(ds: Dataset, paths: list[GraphPath]) -> str:
    out = []
    for n, path in enumerate(paths, 1):
        labels = " \u2014 ".join(ds.label(x) for x in path.nodes)
        title = f"path {n}: " if len(paths) > 1 else ""
        out.append(f"{title}{labels}  ({len(path)} hop{'s' if len(path) != 1 else ''})")
        for i, hop in enumerate(path.hops, 1):
            out.append(f"  {i}. {ds.label(hop.start)} \u2194 {ds.label(hop.end)}  ({_count(hop)})")
            out += hop_blocks(ds, hop, "     ")
        out.append("")
    return "\n".join(out).rstrip()


def paths_json(ds: Dataset, paths: list[GraphPath]) -> str:
    import json
    from ..fact_table import fact_record

    doc = {
        "from": paths[0].nodes[0],
        "to": paths[0].nodes[-1],
        "paths": [
            {
                "length": len(p),
                "nodes": [{"id": x, "label": ds.label(x)} for x in p.nodes],
                "hops": [
                    {
                        "from": h.start,
                        "to": h.end,
                        "facts": [fact_record(ds, f) for f in h.facts],
                        "said": [fact_record(ds, f) for f in h.said],
                    }
                    for h in p.hops
                ],
            }
            for p in paths
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1)


def neighbors_text(ds: Dataset, start: str, found: list[tuple[int, Hop]]) -> str:
    if not found:
        return f"{ds.label(start)} has no neighbours with these filters"
    out = [f"{ds.label(start)}: {len(found)} neighbour{'s' if len(found) != 1 else ''}"]
    for depth, hop in found:
        out.append(f"\n[{depth}] {ds.label(hop.end)}  ({ds.entity_types[ds.entities[hop.end].type].label})")
        out += hop_blocks(ds, hop, "     ")
    return "\n".join(out)
