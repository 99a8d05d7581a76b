"""The first version's facts against today's, claim by claim: which v1 claims the data still holds, which
were restored after the re-reading lost them, and which were dropped on purpose (with the reason).

    .venv/bin/python bench/v1_claims.py [--rev 6ef6432] [--details] [--data data]

The v1 facts are read from git history (`git show REV:data/facts/<source>.yaml`). Each v1 claim is
looked for among today's facts of the same source:

- found: a fact with the same subject, relation and object (either way round for a symmetric
  relation; a literal compared by kind and value), not negated, and dated compatibly where v1
  dated it (the dates overlap);
- re-read: a fact whose evidence overlaps the v1 quote's place in the text and that relates the
  same two entities by another relation (the re-reading's correction of the v1 relation);
- restored: found or re-read by one of the facts `bench/v1_claims_dropped.yaml` lists as restored
  (added back after the re-reading had lost their claim);
- dropped: not held today, with the one-line reason `bench/v1_claims_dropped.yaml` gives for it;
- missing: none of these, which makes the script exit 1 (as does a v1 fact listed as dropped that
  today's data holds: its reason is stale).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from actor_kg.curated.load import load_dataset
from actor_kg.model import Dataset, Fact, LiteralValue
from actor_kg.text.dates import parse_date
from actor_kg.text.quotes import FoldedText

ROOT = Path(__file__).resolve().parent.parent
REVIEW = Path(__file__).with_name("v1_claims_dropped.yaml")
KINDS = ("found", "re-read", "restored", "dropped", "missing")


@dataclass
class Outcome:
    v1: dict
    source: str
    kind: str
    by: str  # the fact id that holds it today, or the reason it was dropped


def _object_key(obj: object) -> object:
    """A literal by kind and value (units and wording of numbers aside), an entity by id."""
    if isinstance(obj, LiteralValue):
        return (obj.kind, str(obj.value).casefold())
    if isinstance(obj, dict):
        kind = next(k for k in obj if k not in ("unit", "currency"))
        return (kind, str(obj[kind]).casefold())
    return obj


def _same_claim(ds: Dataset, fact: Fact, v1: dict) -> bool:
    if fact.relation != v1["relation"] or fact.negated:
        return False
    obj = _object_key(v1["object"])
    if fact.subject == v1["subject"] and _object_key(fact.object) == obj:
        return True
    return ds.relations[fact.relation].symmetric and fact.subject == obj and fact.object == v1["subject"]


def _dated_alike(fact: Fact, v1: dict) -> bool:
    return not v1.get("date") or (fact.date is not None and fact.date.overlaps(parse_date(v1["date"])))


def _re_read(fact: Fact, v1: dict, span: tuple[int, int] | None) -> bool:
    if span is None or isinstance(v1["object"], dict) or fact.object_is_literal:
        return False
    overlaps = any(e.start < span[1] and span[0] < e.end for e in fact.evidence)
    return overlaps and {fact.subject, fact.object} == {v1["subject"], v1["object"]} and _dated_alike(fact, v1)


def v1_facts(rev: str, source: str) -> list[dict]:
    shown = subprocess.run(
        ["git", "show", f"{rev}:data/facts/{source}.yaml"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return list(yaml.safe_load(shown.stdout)["facts"])


def compare(ds: Dataset, rev: str, review: dict) -> list[Outcome]:
    restored = set(review.get("restored") or ())
    reasons = {i: entry["reason"] for entry in review.get("dropped") or () for i in entry["ids"]}
    out = []
    for source in sorted(ds.sources):
        facts = [f for f in ds.facts if f.source == source]
        text = FoldedText.of(ds.sources[source].text)
        for v1 in v1_facts(rev, source):
            held = [f for f in facts if _same_claim(ds, f, v1) and _dated_alike(f, v1)]
            kind = "found"
            if not held:
                span = text.locate(v1["quote"])
                held = [f for f in facts if _re_read(f, v1, span)]
                kind = "re-read"
            if held:
                new = [f for f in held if f.id in restored]
                out.append(Outcome(v1, source, "restored" if new else kind, (new or held)[0].id))
            elif v1["id"] in reasons:
                out.append(Outcome(v1, source, "dropped", reasons[v1["id"]]))
            else:
                out.append(Outcome(v1, source, "missing", ""))
    return out


def _claim(v1: dict) -> str:
    obj = v1["object"]
    shown = obj if isinstance(obj, str) else next(f"{v}" for k, v in obj.items() if k not in ("unit", "currency"))
    date = f" ({v1['date']})" if v1.get("date") else ""
    return f"{v1['subject']} {v1['relation']} {shown}{date}"


def report(outcomes: list[Outcome], details: bool) -> str:
    sources = sorted({o.source for o in outcomes})

    lines = [
        "| source | v1 facts | " + " | ".join(KINDS) + " |",
        "|---|---:|" + "---:|" * len(KINDS),
    ]
    for source in [*sources, "all"]:
        mine = [o for o in outcomes if source in ("all", o.source)]
        cells = [str(sum(1 for o in mine if o.kind == k)) for k in KINDS]
        name = "**all**" if source == "all" else source
        lines.append(f"| {name} | {len(mine)} | " + " | ".join(cells) + " |")
    by_reason = Counter(o.by for o in outcomes if o.kind == "dropped")
    lines += ["", "| dropped because | v1 facts |", "|---|---:|"]
    lines += [f"| {reason} | {n} |" for reason, n in by_reason.most_common()]
    shown = [o for o in outcomes if details or o.kind in ("restored", "missing")]
    lines += ["", "| v1 fact | claim | outcome | today's fact or reason |", "|---|---|---|---|"]
    lines += [f"| {o.v1['id']} | {_claim(o.v1)} | {o.kind} | {o.by} |" for o in shown]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", default="6ef6432", help="the commit that holds the v1 facts")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--details", action="store_true", help="list every v1 fact, not only restored and missing")
    args = parser.parse_args()
    ds, problems = load_dataset(args.data)
    if problems:
        print(f"{args.data}: {len(problems)} problem(s); run kg validate", file=sys.stderr)
        return 1
    review = yaml.safe_load(REVIEW.read_text(encoding="utf-8")) or {}
    outcomes = compare(ds, args.rev, review)
    print(report(outcomes, args.details))
    listed = {i for entry in review.get("dropped") or () for i in entry["ids"]}
    stale = sorted(o.v1["id"] for o in outcomes if o.kind != "dropped" and o.v1["id"] in listed)
    if stale:
        print(f"\nlisted as dropped but held today (remove them from {REVIEW.name}): {', '.join(stale)}")
    return 1 if stale or any(o.kind == "missing" for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
