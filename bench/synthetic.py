"""A synthetic corpus of source-annotated facts, shaped like the real data but as large as asked.

    .venv/bin/python bench/synthetic.py FOLDER N_FACTS [--seed 1]

writes FOLDER/data (the real vocabulary, an empty entities.yaml and facts/ folder, one text and one
metadata file per source), FOLDER/facts.jsonl (one fact per line, the `kg export --format jsonl`
contract plus subject_type/object_type/object_unit so the import can create the entities) and
FOLDER/corpus.json (counts, and the entities the benchmark queries). Then:

    kg --data FOLDER/data --build FOLDER/build import FOLDER/facts.jsonl

Shape: about N/10 entities whose degree follows a power law (ranks drawn with probability ∝ rank^-1.1,
every entity used at least once; `actor-000001` is the hub), about N/500 sources (at least 5) of
varying length, 90% entity-valued facts and 10% number/money/date/text literals, 60% dated (day, month
or year), 10% claimed by another entity (one named on an earlier line: the import creates entities
in file order), a few alleged/denied/proposed. Each quote is one sentence of its source naming
subject, relation and object, unique (it carries the fact's number). Relations take only the entity
types their ranges allow (relations.yaml). The records are the fact table v2: evidence with offsets
(a fact that restates an earlier statement of its source joins its evidence), and a share of
negations, `since` qualifiers, derived dates anchored on an earlier fact, and links. A chain
`agent speaks_for A`, `agent criticizes agency`, `agency agency_of B` is planted so that the
`actions-between` query and `kg path` have something to find between the pair A, B.

Deterministic for a given seed; streams the facts to disk, one source text in memory at a time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import yaml

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = ("entity_types.yaml", "relations.yaml", "shapes.ttl")
ZIPF_EXPONENT = 1.1
FACTS_PER_SOURCE = 500
FACTS_PER_ENTITY = 10

TYPE_WEIGHTS = {
    "person": 35,
    "government_body": 15,
    "organization": 14,
    "company": 12,
    "country": 10,
    "media_outlet": 8,
    "place": 6,
}
LABEL_FORMS = {
    "person": "Person {n}",
    "government_body": "Ministry {n}",
    "organization": "Organization {n}",
    "company": "Actor {n} Ltd",
    "country": "Country {n}",
    "media_outlet": "Media {n} News",
    "place": "Place {n}",
}
CHAIN = {"agent": ("person", "speaks_for"), "agency": ("government_body", "agency_of")}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
TEXT_VALUES = (
    "senior adviser",
    "deputy minister",
    "spokesperson",
    "a key ally",
    "a hardliner",
    "a regional broker",
    "chief executive",
    "an envoy",
)
ENTITY_TEMPLATES = (
    "{s} {rel} {o}{when}, the ministry said in statement no. {n}.",
    "{s} {rel} {o}{when}, according to bulletin {n} of the regional news agency.",
    "Officials confirmed on condition of anonymity that {s} {rel} {o}{when} (dispatch {n}).",
    "Reports from the capital say that {s} {rel} {o}{when}, wire {n} added.",
)
MODAL_TEMPLATES = {
    "claimed": "{c} said that {s} {rel} {o}{when}, in remarks numbered {n}.",
    "alleged": "{s} allegedly {rel} {o}{when}, report {n} claims.",
    "denied": "{s} denied that it {rel} {o}{when}, statement {n} says.",
    "proposed": "A plan under which {s} {rel} {o}{when} was put forward in memo {n}.",
}


@dataclass
class Vocabulary:
    """The relations of the real vocabulary, by the kind of object they take, and the entity types
    each takes as subject and object (relations.yaml `subjects`/`objects`, groups expanded; None: any)."""

    labels: dict[str, str]
    by_kind: dict[str, list[str]]
    subjects: dict[str, set[str] | None]
    objects: dict[str, set[str] | None]
    symmetric: set[str] = field(default_factory=set)  # one claim whichever end is the subject
    belongs_to: set[str] = field(default_factory=set)  # leads, agency_of, member_of…: the subject belongs to the object

    @classmethod
    def load(cls, data_dir: Path) -> Vocabulary:
        relations = yaml.safe_load((data_dir / "relations.yaml").read_text(encoding="utf-8"))
        types = yaml.safe_load((data_dir / "entity_types.yaml").read_text(encoding="utf-8"))
        groups: dict[str, set[str]] = {}
        for t in types:
            for group in t.get("groups") or ():
                groups.setdefault(group, set()).add(t["id"])

        def expand(names: list[str] | None) -> set[str] | None:
            return {t for n in names for t in groups.get(n, {n})} if names else None

        by_kind: dict[str, list[str]] = {}
        for r in relations:
            by_kind.setdefault(r["object"], []).append(r["id"])
        return cls(
            {r["id"]: r["label"] for r in relations},
            by_kind,
            {r["id"]: expand(r.get("subjects")) for r in relations},
            {r["id"]: expand(r.get("objects")) for r in relations},
            {r["id"] for r in relations if r.get("symmetric")},
            {r["id"] for r in relations if r.get("belongs_to")},
        )

    def fitting(self, relations: list[str], subject_type: str, object_type: str | None) -> list[str]:
        """The relations that take these types (validate refuses the others)."""
        return [
            r
            for r in relations
            if (self.subjects[r] is None or subject_type in self.subjects[r])
            and (object_type is None or self.objects[r] is None or object_type in self.objects[r])
        ]


@dataclass
class Entities:
    """Entity ranks 1..n: rank 1 is the hub; a few ranks are pinned to the roles the benchmark needs."""

    n: int
    rng: random.Random
    types: list[str] = field(default_factory=list)
    roles: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = list(TYPE_WEIGHTS)
        self.types = ["", *self.rng.choices(names, weights=list(TYPE_WEIGHTS.values()), k=self.n)]
        self.roles = {
            "hub": 1,
            "viz_focus": min(100, self.n // 2),
            "point": max(3, self.n // 20),
            "path_a": max(4, self.n // 8),
            "path_b": max(5, self.n // 5),
            "agent": max(6, self.n // 4),
            "agency": max(7, self.n // 3),
        }
        for role, etype in (
            ("hub", "country"),
            ("path_a", "country"),
            ("path_b", "country"),
            ("agent", "person"),
            ("agency", "government_body"),
        ):
            self.types[self.roles[role]] = etype
        self._cum = list(_cumulative(r**-ZIPF_EXPONENT for r in range(1, self.n + 1)))

    @staticmethod
    def id(rank: int) -> str:
        return f"actor-{rank:06d}"

    def label(self, rank: int) -> str:
        return LABEL_FORMS[self.types[rank]].format(n=rank)

    def sample(self, k: int) -> list[int]:
        """k ranks drawn from the power law."""
        return [r + 1 for r in self.rng.choices(range(self.n), cum_weights=self._cum, k=k)]


def _cumulative(values: Iterator[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


def _when(date: str | None) -> str:
    """The date as a sentence says it: ' on 17 May 2024', ' in May 2024', ' in 2024'."""
    if date is None:
        return ""
    parts = date.split("-")
    if len(parts) == 3:
        return f" on {int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f" in {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return f" in {parts[0]}"


class Generator:
    """Produces the fact records one by one; `fact(i)` is fact number i (0-based)."""

    def __init__(self, n_facts: int, seed: int, vocab: Vocabulary):
        self.n_facts = n_facts
        self.rng = random.Random(seed)
        self.vocab = vocab
        self.entities = Entities(max(20, n_facts // FACTS_PER_ENTITY), self.rng)
        self.entity_relations = list(vocab.by_kind["entity"])
        self.literal_relations = [
            r for kind in ("number", "money", "date", "text") for r in vocab.by_kind.get(kind, ())
        ]
        self.degree: dict[int, int] = {}  # facts per rank, for the ranks the benchmark uses
        self.neighbours: dict[int, set[int]] = {r: set() for r in self.entities.roles.values()}
        self.seen = bytearray(self.entities.n + 1)  # ranks named by a fact so far
        self._pool: list[int] = []
        self._fits: dict[tuple, list[str]] = {}

    def ranks(self) -> int:
        if not self._pool:
            self._pool = self.entities.sample(4096)
        return self._pool.pop()

    def planted(self, i: int) -> tuple[int, str, int] | None:
        """Facts 1-3: the chain agent speaks_for A, agent criticizes agency, agency agency_of B."""
        roles = self.entities.roles
        return {
            1: (roles["agent"], "speaks_for", roles["path_a"]),
            2: (roles["agent"], "criticizes", roles["agency"]),
            3: (roles["agency"], "agency_of", roles["path_b"]),
        }.get(i)

    def triple(self, i: int) -> tuple[int, str, int | None]:
        """(subject rank, relation, object rank or None for a literal). Every tenth fact names the next
        entity rank as object, so every entity occurs at least once."""
        planted = self.planted(i)
        if planted:
            return planted
        subject = self.ranks()
        types = self.entities.types
        if i % FACTS_PER_ENTITY == 0 and i // FACTS_PER_ENTITY < self.entities.n:
            obj = i // FACTS_PER_ENTITY + 1
        elif self.rng.random() < 0.11:  # with the covering facts above, about 10% literals overall
            return subject, self.rng.choice(self._fitting(self.literal_relations, types[subject], None)), None
        else:
            obj = self.ranks()
        while obj == subject:
            subject = self.ranks()
        relation = self.rng.choice(self._fitting(self.entity_relations, types[subject], types[obj]))
        if relation in self.vocab.belongs_to and subject < obj:
            # Belonging is a hierarchy, as in the articles (an official of an agency of a state): the less
            # prominent side belongs to the more prominent one, so it never runs in a circle.
            if relation in self._fitting(self.entity_relations, types[obj], types[subject]):
                return obj, relation, subject
            relation = self.rng.choice(
                [
                    r
                    for r in self._fitting(self.entity_relations, types[subject], types[obj])
                    if r not in self.vocab.belongs_to
                ]
                or ["compares_to"]
            )
        return subject, relation, obj

    def _fitting(self, relations: list[str], subject_type: str, object_type: str | None) -> list[str]:
        key = (id(relations), subject_type, object_type)
        if key not in self._fits:
            fallback = ["compares_to"] if object_type is not None else ["described_as"]  # both take any type
            self._fits[key] = self.vocab.fitting(relations, subject_type, object_type) or fallback
        return self._fits[key]

    def date(self) -> str | None:
        rng = self.rng
        if rng.random() >= 0.6:
            return None
        year, month, day = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
        precision = rng.random()
        if precision < 0.7:
            return f"{year}-{month:02d}-{day:02d}"
        return f"{year}-{month:02d}" if precision < 0.9 else str(year)

    def modality(self, subject: int, obj: int | None) -> tuple[str, int | None]:
        x = self.rng.random()
        if x < 0.10:  # the importer knows only entities of earlier lines, so claimants come from those
            for _ in range(10):
                claimant = self.ranks()
                if self.seen[claimant] and claimant not in (subject, obj):
                    return "claimed", claimant
        if x < 0.13:
            return "alleged", None
        if x < 0.14:
            return "denied", None
        if x < 0.15:
            return "proposed", None
        return "asserted", None

    def literal(self, relation: str) -> tuple[object, str, str | None]:
        """(value, how the sentence says it, unit) of a literal object."""
        kind = next(k for k in ("number", "money", "date", "text") if relation in self.vocab.by_kind.get(k, ()))
        rng = self.rng
        if kind == "number":
            value = rng.randint(1, 5000)
            return value, f"of {value:,}", None
        if kind == "money":
            value = rng.randint(1, 9000) * 1_000_000
            return value, f"of {value:,} USD", "USD"
        if kind == "date":
            value = f"{rng.randint(1990, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            return value, value, None
        value = rng.choice(TEXT_VALUES)
        return value, ("of " if relation == "holds_position" else "") + value, None

    def fact(self, i: int, source: str) -> tuple[dict, str]:
        """The record of fact i (without offsets) and its sentence."""
        ents = self.entities
        subject, relation, obj = self.triple(i)
        date = self.date()
        modality, claimant = self.modality(subject, obj)
        number = f"{i + 1:07d}"
        rec: dict = {
            "fact_id": f"syn-{number}",
            "subject": ents.id(subject),
            "subject_label": ents.label(subject),
            "subject_type": ents.types[subject],
            "relation": relation,
            "relation_label": self.vocab.labels[relation],
        }
        if obj is None:
            value, said, unit = self.literal(relation)
            rec.update(object=value, object_label=f"{value:,} {unit}" if unit else str(value), object_is_literal=True)
            if unit:
                rec["object_unit"] = unit
            object_words = said
        else:
            rec.update(
                object=ents.id(obj), object_label=ents.label(obj), object_type=ents.types[obj], object_is_literal=False
            )
            object_words = ents.label(obj)
        rec.update(source=source, date=date, claimed_by=ents.id(claimant) if claimant else None, modality=modality)
        template = MODAL_TEMPLATES.get(modality) or ENTITY_TEMPLATES[i % len(ENTITY_TEMPLATES)]
        sentence = template.format(
            s=ents.label(subject),
            rel=rec["relation_label"],
            o=object_words,
            when=_when(date),
            n=number,
            c=ents.label(claimant) if claimant else "",
        )
        self.count(subject, obj)
        return rec, sentence

    def count(self, subject: int, obj: int | None) -> None:
        self.seen[subject] = 1
        if obj is not None:
            self.seen[obj] = 1
        for a, b in ((subject, obj), (obj, subject)):
            if a in self.neighbours:
                self.degree[a] = self.degree.get(a, 0) + 1
                if b is not None:
                    self.neighbours[a].add(b)

    def source_sizes(self) -> Iterator[int]:
        """Facts per source: varying around FACTS_PER_SOURCE, at least 5 sources, summing to n_facts."""
        n_sources = max(5, round(self.n_facts / FACTS_PER_SOURCE))
        cuts = sorted(self.rng.sample(range(1, self.n_facts), n_sources - 1)) if self.n_facts > n_sources else []
        for a, b in zip([0, *cuts], [*cuts, self.n_facts]):
            yield b - a


def source_metadata(source_id: str, number: int, text: bytes) -> str:
    """The metadata file of a source, with the keys of data/sources/*.yaml."""
    return (
        f"# Synthetic source written by bench/synthetic.py.\nid: {source_id}\n"
        f"title: Synthetic source {number}\npublisher: null\nauthor: null\ndate: null\nurl: null\n"
        f"language: en\nsha256: {hashlib.sha256(text).hexdigest()}\n"
    )


def write_source(sources_dir: Path, source_id: str, number: int, text: str) -> None:
    raw = text.encode("utf-8")
    (sources_dir / f"{source_id}.txt").write_bytes(raw)
    (sources_dir / f"{source_id}.yaml").write_text(source_metadata(source_id, number, raw), encoding="utf-8")


def statement_v2(gen: Generator, rec: dict, earlier: list[dict]) -> None:
    """The parts of the statement model v2 a share of facts has, as in the curated data: negation (2% of
    asserted facts), a `since` qualifier (3%), a date derived from an earlier dated fact of the source
    (5% of dated facts), a link to the fact before (2%)."""
    rng = gen.rng
    if rec["modality"] == "asserted" and rng.random() < 0.02:
        rec["negated"] = True
    if rng.random() < 0.03:
        rec["qualifiers"] = {"since": str(rng.randint(2000, 2024))}
    dated = [e for e in earlier[-20:] if e.get("date")]
    if rec.get("date") and dated and rng.random() < 0.05:
        rec.update(
            date_basis="derived",
            date_rule="the same day as the earlier event it follows",
            date_anchor=dated[-1]["fact_id"],
        )
    if earlier and rng.random() < 0.02:
        rec["links"] = [{"type": "follows", "fact": earlier[-1]["fact_id"]}]


def write_facts(gen: Generator, sources_dir: Path, out: IO[str]) -> int:
    """Every fact as a JSON line of the fact table v2, source by source; returns the number of sources.
    A fact that states what an earlier one of its source states (same subject, relation, object,
    negation, qualifiers, date, modality, claimant) joins that one's evidence, as the curated data does."""
    i = 0
    number = 0
    for number, size in enumerate(gen.source_sizes(), 1):
        source_id = f"syn-{number:05d}"
        parts: list[str] = []
        offset = 0
        records: dict[tuple, dict] = {}
        for j in range(size):
            rec, sentence = gen.fact(i, source_id)
            if j:
                sep = "\n\n" if j % 6 == 0 else " "
                parts.append(sep)
                offset += len(sep)
            evidence = {"quote": sentence, "start": offset, "end": offset + len(sentence)}
            statement_v2(gen, rec, list(records.values()))
            ends = [rec["subject"], rec["object"]]
            if rec["relation"] in gen.vocab.symmetric:  # A meets B states what B meets A does
                ends.sort(key=lambda e: json.dumps(e, sort_keys=True))
            key = tuple(
                json.dumps(v, sort_keys=True)
                for v in [
                    *ends,
                    *(rec.get(k) for k in ("relation", "negated", "qualifiers", "date", "modality", "claimed_by")),
                ]
            )
            if key in records:
                records[key]["evidence"].append(evidence)
            else:
                rec.update(quote=sentence, quote_start=offset, quote_end=offset + len(sentence), evidence=[evidence])
                records[key] = rec
            parts.append(sentence)
            offset += len(sentence)
            i += 1
        for rec in records.values():
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        write_source(sources_dir, source_id, number, "".join(parts) + "\n")
    return number


def write_corpus(folder: Path, n_facts: int, seed: int = 1) -> Path:
    """Write a complete corpus of n_facts facts into folder (replacing one already there); return
    the path of its import file. folder/corpus.json describes it (see `describe`)."""
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    data = folder / "data"
    (data / "sources").mkdir(parents=True)
    (data / "facts").mkdir()
    for name in VOCABULARY:
        shutil.copyfile(ROOT / "data" / name, data / name)
    (data / "entities.yaml").write_text(
        "# Every entity of the synthetic corpus comes from its import file.\n[]\n", encoding="utf-8"
    )
    gen = Generator(n_facts, seed, Vocabulary.load(data))
    facts = folder / "facts.jsonl"
    with open(facts, "w", encoding="utf-8", buffering=1 << 20) as out:
        n_sources = write_facts(gen, data / "sources", out)
    (folder / "corpus.json").write_text(json.dumps(describe(gen, n_sources), indent=1) + "\n", encoding="utf-8")
    return facts


def describe(gen: Generator, n_sources: int) -> dict:
    """Counts, and per role (hub, point, viz_focus, path_a, path_b, ...) the entity id, label, type,
    number of facts and number of distinct neighbours."""
    ents = gen.entities
    return {
        "facts": gen.n_facts,
        "entities": ents.n,
        "sources": n_sources,
        "roles": {
            role: {
                "id": ents.id(rank),
                "label": ents.label(rank),
                "type": ents.types[rank],
                "facts": gen.degree.get(rank, 0),
                "neighbours": len(gen.neighbours[rank]),
            }
            for role, rank in ents.roles.items()
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("n_facts", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    path = write_corpus(args.folder, args.n_facts, args.seed)
    print(f"wrote {path} ({args.n_facts} facts) in {time.perf_counter() - started:.1f} s")
    print((args.folder / "corpus.json").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
