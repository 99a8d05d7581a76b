"""One-time migration of data/facts/*.yaml to the statement model v2 (issue 12), kept as the record of
how the v2 files were made. Mechanical: it reads no article and judges nothing.

    .venv/bin/python data/migrations/v2_statement_model.py [DATA]

- Facts of one source that are the same statement (actor_kg.curated.facts.claim_key: same subject,
  relation, object, negation and qualifiers, attributed to the same claimant with the same modality
  and dated alike) become one fact: the first one's id, the quotes of all as its evidence in file
  order, the other ids in `also` (they still resolve to it), their distinct notes joined.
- A literal amount that qualifies an entity fact of the same source joins it where that is
  unambiguous: an `aid_amount` or `trade_turnover` fact whose quote lies in a sentence with exactly
  one `provides_aid_to` or `trades_with` fact of the same subject becomes that fact's `amount`
  qualifier (its quote joins the evidence, its id the `also`). The amount's bound is what the quote
  says before the number: "around", "about", "some", "nearly" → about; "over", "more than", "at
  least" → at_least; "up to", "at most", "less than" → at_most; none of these → exact.
- Every file is written again in one style (block YAML, 120 columns), each through a temporary file
  renamed over it.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import yaml

from actor_kg.analysis.coverage import sentences
from actor_kg.curated.facts import claim_key
from actor_kg.curated.load import load_dataset
from actor_kg.curated.yaml_lines import LineDict, LineList, load_yaml
from actor_kg.model import Fact, LiteralValue

JOINS = {"aid_amount": "provides_aid_to", "trade_turnover": "trades_with"}
BOUNDS = {"about": ("around", "about", "some", "nearly", "approximately", "roughly"),
          "at_least": ("over", "more than", "at least"), "at_most": ("up to", "at most", "less than")}


def _bound(quote: str) -> str:
    """How the words just before the quote's first number bound it."""
    before = re.split(r"[$\d]", quote, maxsplit=1)[0].lower().split()
    tail = " ".join(before[-2:])
    return next((bound for bound, words in BOUNDS.items() if any(tail.endswith(w) for w in words)), "exact")
ORDER = ("id", "subject", "relation", "object", "quote", "evidence", "negated", "qualifiers", "date", "date_qualifier",
         "date_basis", "date_rule", "date_anchor", "claimed_by", "modality", "count", "note", "links", "also")


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(LineDict, lambda d, x: d.represent_mapping("tag:yaml.org,2002:map", x.items()))
_Dumper.add_representer(dict, lambda d, x: d.represent_mapping("tag:yaml.org,2002:map", x.items()))
_Dumper.add_representer(LineList, lambda d, x: d.represent_list(list(x)))


def _sentence_of(text: str, start: int) -> tuple[int, int]:
    return next(((a, b) for a, b in sentences(text) if a <= start < b), (start, start))


def migrate_file(path: Path, facts: dict[str, Fact], text: str) -> tuple[int, int]:
    """Rewrite one facts file; returns (duplicates merged, literals joined)."""
    doc, problems = load_yaml(path)
    assert not problems, problems
    records = list(doc["facts"])
    by_id = {rec["id"]: rec for rec in records}
    merged = joined = 0
    keep: list[LineDict] = []
    first_of: dict[tuple, LineDict] = {}
    for rec in records:
        fact = facts[rec["id"]]
        key = claim_key(fact)
        if key in first_of:
            head = first_of[key]
            head.setdefault("_quotes", [head["quote"]])
            if rec["quote"] not in head["_quotes"]:
                head["_quotes"].append(rec["quote"])
            head.setdefault("also", []).append(rec["id"])
            if rec.get("note") and rec["note"] not in (head.get("note") or ""):
                head["note"] = f"{head['note']}; {rec['note']}" if head.get("note") else rec["note"]
            merged += 1
            continue
        first_of[key] = rec
        keep.append(rec)
    for rec in list(keep):
        target_relation = JOINS.get(rec["relation"])
        if target_relation is None:
            continue
        fact = facts[rec["id"]]
        sentence = _sentence_of(text, fact.start)
        candidates = [other for other in keep if other["relation"] == target_relation and other["subject"] == rec["subject"]
                      and sentence[0] <= facts[other["id"]].start < sentence[1]]
        if len(candidates) != 1 or not isinstance(fact.object, LiteralValue):
            continue
        (host,) = candidates
        host.setdefault("qualifiers", {})["amount"] = {"value": fact.object.value, "unit": fact.object.unit,
                                                        "bound": _bound(fact.quote)}
        host.setdefault("_quotes", [host["quote"]])
        if rec["quote"] not in host["_quotes"]:
            host["_quotes"].append(rec["quote"])
        host.setdefault("also", []).extend([rec["id"], *rec.get("also", [])])
        if rec.get("note"):
            host["note"] = f"{host['note']}; {rec['note']}" if host.get("note") else rec["note"]
        keep.remove(rec)
        joined += 1
    out_facts = []
    for rec in keep:
        quotes = rec.pop("_quotes", None)
        if quotes and len(quotes) > 1:
            del rec["quote"]
            rec["evidence"] = [{"quote": q} for q in quotes]
        out_facts.append({k: rec[k] for k in ORDER if k in rec} | {k: v for k, v in rec.items() if k not in ORDER})
    header = "".join(line for line in path.read_text(encoding="utf-8").splitlines(True) if line.startswith("#"))
    body = {"source": doc["source"], "facts": out_facts}
    if doc.get("skipped") is not None:
        body["skipped"] = list(doc["skipped"])
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(header + yaml.dump(body, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120),
                   encoding="utf-8")
    os.replace(tmp, path)
    assert len(by_id) == len(records)
    return merged, joined


def main(data: Path) -> None:
    ds, problems = load_dataset(data)
    blocking = [p for p in problems if "states the same claim" not in p.message]
    assert not blocking, "\n".join(map(str, blocking))
    facts = {f.id: f for f in ds.facts}
    for path in sorted((data / "facts").glob("*.yaml")):
        source = path.stem
        merged, joined = migrate_file(path, facts, ds.sources[source].text)
        print(f"{path}: {merged} duplicate(s) merged, {joined} literal(s) joined")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("data"))
