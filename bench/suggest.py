"""How good `kg suggest`'s drafts are: leave-one-source-out on the bundled articles.

    .venv/bin/python bench/suggest.py [--no-extra] [--gazetteer training|all] [--data DIR]

For each source: suggest its facts with the curated facts of the other sources as training data
(suggest_facts leaves the target's own facts out: both the pair model, which decides which two
mentions of a sentence make a suggestion, and the relation ranker learn from them), then compare the draft with the source's curated
entity-to-entity facts, sentence by sentence. With `--gazetteer training` (the default) the gazetteer
knows only the entities the other sources' facts use, as with a new article; the target's other
entities are then what new-entity candidates should find. Prints a markdown table:

- entity recall: of the curated facts' subjects and objects, the share named among the mentions the
  tool finds in the fact's sentence(s); "both": facts with both ends found
- matched: curated facts whose sentence the tool gives a suggestion for the same two entities (either
  direction); on those: relation top-1 and top-3, date exact (the same value, both empty included) and
  within precision (both empty, or ranges that overlap), modality, claimant and negation agreement
- kept: the share of suggested facts a reviewer keeps (subject, relation and object match a curated
  fact of that sentence; either direction for symmetric relations)
- new: new-entity candidates, and the target's entities unknown to the gazetteer that a candidate names
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from actor_kg.curated.load import load_valid
from actor_kg.model import Dataset, Fact
from actor_kg.suggest import suggest_facts
from actor_kg.suggest.gazetteer import Gazetteer
from actor_kg.suggest.sentences import Sentence, split_sentences
from actor_kg.text.dates import parse_date
from actor_kg.text.names import normalize
from actor_kg.text.quotes import FoldedText

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = (
    "source",
    "facts",
    "subj+obj recall",
    "both ends",
    "suggested",
    "matched",
    "top-1",
    "top-3",
    "date exact",
    "date in precision",
    "modality",
    "claimant",
    "negation",
    "kept",
    "new cand.",
    "new found",
    "seconds",
)


def entities_used(facts: list[Fact]) -> set[str]:
    """The entities facts name: ends, claimants, entity-valued qualifiers."""
    used = {f.subject for f in facts} | {f.object for f in facts if isinstance(f.object, str)}
    used |= {f.claimed_by for f in facts if f.claimed_by}
    return used | {v for f in facts for _, v in f.qualifiers if isinstance(v, str)}


def view(ds: Dataset, target: str, gazetteer: str) -> Dataset:
    """The dataset as the tool sees it for `target`: with `training`, only the entities the other sources use."""
    if gazetteer == "all":
        return ds
    known = entities_used([f for f in ds.facts if f.source != target]) & set(ds.entities)
    return dataclasses.replace(ds, entities={k: e for k, e in ds.entities.items() if k in known})


def sentences_of(spans: list[tuple[int, int]], sentences: list[Sentence]) -> set[int]:
    return {i for i, s in enumerate(sentences) for a, b in spans if a < s.end and s.start < b}


def evaluate(ds: Dataset, target: str, use_extra: bool, gazetteer: str) -> dict[str, Any]:
    seen = view(ds, target, gazetteer)
    started = time.perf_counter()
    draft = suggest_facts(seen, target, use_extra=use_extra)
    seconds = time.perf_counter() - started
    source = ds.sources[target]
    sentences = split_sentences(source)
    folded = FoldedText.of(source.text)
    names = Gazetteer(seen.entities)
    mentioned = [{m.entity for m in names.mentions(folded, s.start, s.end)} for s in sentences]
    curated = [f for f in ds.facts if f.source == target and isinstance(f.object, str)]
    where = {f.id: sentences_of([(e.start, e.end) for e in f.evidence], sentences) for f in curated}
    suggested = []
    for rec in draft.facts:
        quotes = [e["quote"] for e in rec.get("evidence", [])] or [rec["quote"]]
        spans = [span for q in quotes if (span := folded.locate(q)) is not None]
        suggested.append((rec, sentences_of(spans, sentences)))
    out: dict[str, Any] = {
        "facts": len(curated),
        "sides": 0,
        "sides found": 0,
        "both": 0,
        "suggested": len(suggested),
        "matched": 0,
        "top-1": 0,
        "top-3": 0,
        "date exact": 0,
        "date in precision": 0,
        "modality": 0,
        "claimant": 0,
        "negation": 0,
        "kept": 0,
        "seconds": seconds,
    }
    for f in curated:
        found = [side in set().union(*(mentioned[i] for i in where[f.id])) for side in (f.subject, f.object)]
        out["sides"] += 2
        out["sides found"] += sum(found)
        out["both"] += all(found)
        pair = {f.subject, f.object}
        match = next(
            (rec for rec, at in suggested if at & where[f.id] and {rec["subject"], rec["object"]} == pair), None
        )
        if match is None:
            continue
        out["matched"] += 1
        out["top-1"] += match["relation"] == f.relation
        out["top-3"] += f.relation in [c["relation"] for c in match["review"]["relations"][:3]]
        given = match.get("date")
        out["date exact"] += given == (f.date.value if f.date else None)
        out["date in precision"] += (given is None and f.date is None) or (
            given is not None and f.date is not None and parse_date(given).overlaps(f.date)
        )
        out["modality"] += match["modality"] == f.modality
        out["claimant"] += match["claimed_by"] == f.claimed_by
        out["negation"] += bool(match.get("negated")) == f.negated
    for rec, at in suggested:
        out["kept"] += any(
            where[f.id] & at
            and f.relation == rec["relation"]
            and (
                (f.subject, f.object) == (rec["subject"], rec["object"])
                or (ds.relations[f.relation].symmetric and (f.object, f.subject) == (rec["subject"], rec["object"]))
            )
            for f in curated
        )
    unknown = {e for e in entities_used(curated) if e in ds.entities and e not in seen.entities}
    out["new cand."] = len(draft.new_entities)
    out["unknown"] = len(unknown)
    out["new found"] = sum(
        1
        for e in unknown
        if any(
            fuzz.ratio(normalize(n), normalize(c)) >= 85
            for n in (ds.entities[e].label, *ds.entities[e].aliases)
            for cand in draft.new_entities
            for c in (cand["label"], *cand["review"]["mentions"])
        )
    )
    out["made_by"] = draft.header["made_by"]
    return out


def row(name: str, r: dict[str, Any]) -> str:
    def pct(n: str, d: str) -> str:
        return f"{100 * r[n] / r[d]:.0f}%" if r[d] else "-"

    cells = [
        name,
        str(r["facts"]),
        pct("sides found", "sides"),
        pct("both", "facts"),
        str(r["suggested"]),
        f"{r['matched']} ({pct('matched', 'facts')})",
        pct("top-1", "matched"),
        pct("top-3", "matched"),
        pct("date exact", "matched"),
        pct("date in precision", "matched"),
        pct("modality", "matched"),
        pct("claimant", "matched"),
        pct("negation", "matched"),
        pct("kept", "suggested"),
        str(r["new cand."]),
        f"{r['new found']}/{r['unknown']}",
        f"{r['seconds']:.1f}",
    ]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--no-extra", action="store_true", help="Suggest without the suggest extra (spaCy, scikit-learn)."
    )
    parser.add_argument("--gazetteer", choices=("training", "all"), default="training")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args()
    ds = load_valid(args.data)
    results = {sid: evaluate(ds, sid, not args.no_extra, args.gazetteer) for sid in ds.sources}
    total = {k: sum(r[k] for r in results.values()) for k in results[next(iter(results))] if k != "made_by"}
    print(
        f"kg suggest, leave-one-source-out ({'without' if args.no_extra else 'with'} the suggest extra; gazetteer: "
        f"{'entities of the other sources' if args.gazetteer == 'training' else 'all entities'}); "
        f"last run: {results[list(results)[-1]]['made_by']}\n"
    )
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "|".join("---" for _ in COLUMNS) + "|")
    for sid, r in results.items():
        print(row(sid, r))
    print(row("**all**", total))


if __name__ == "__main__":
    main()
