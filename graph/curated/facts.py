"""Facts: the curated facts files (facts/<source>.yaml), each fact checked against the vocabulary, the
entities and its source's text, where its quote must stand verbatim."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import InvalidArgument, shown
from ..model import Dataset, Fact, LiteralValue, Skip
from ..schema import SCHEMA
from ..text.dates import parse_date
from ..text.quotes import FoldedText, fold
from .records import Checks, suggest
from .yaml_lines import LineDict

MAX_QUOTE = SCHEMA.limits["quote_characters"]
_LITERAL_EXAMPLES = {"number": "{number: 38, unit: person}", "money": "{money: 4800000000, currency: USD}",
                     "date": "{date: 2024-12-25}", "text": "{text: senior fellow}"}


class FactReader:
    """Turns fact records into Facts, reporting every problem of each; remembers the fact ids seen."""

    def __init__(self, checks: Checks, ds: Dataset, facts: list[Fact]):
        self.checks, self.ds, self.facts = checks, ds, facts  # `facts` is the list ds.facts holds
        self.fact_ids: dict[str, tuple[Path, int]] = {}
        self._folded: dict[str, FoldedText] = {}

    def folded(self, source: str) -> FoldedText:
        """A source's text folded for quote search, made once and only for sources that need a search."""
        if source not in self._folded:
            self._folded[source] = FoldedText.of(self.ds.sources[source].text)
        return self._folded[source]

    def locate(self, path: Path, rec: LineDict, source: str,
               hint: tuple[object, object] = (None, None)) -> tuple[int, int] | None:
        """Where the quote stands in the source text. `hint` is a (start, end) the record claims: taken
        when the text there is the quote, else the quote is searched for like any other."""
        quote = rec["quote"]
        if not isinstance(quote, str) or not quote.strip():
            self.checks.problem(path, rec.line_of("quote"), "quote must be a non-empty string copied from the source")
            return None
        if len(quote) > MAX_QUOTE:
            self.checks.problem(path, rec.line_of("quote"), f"the quote is {len(quote):,} characters long; a quote is at most "
                                                            f"{MAX_QUOTE:,}: the words of the source that state the fact")
            return None
        start, end = hint
        text = self.ds.sources[source].text
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            span = text[start:end]
            if span == quote or fold(span) == fold(quote):
                return start, end
        folded = self.folded(source)
        found = folded.locate(quote)
        if found is None:
            self.checks.problem(path, rec.line_of("quote"), f"quote not found verbatim in the source. Nearest passage: {folded.nearest(quote)!r}")
        return found

    def entity_ref(self, path: Path, rec: LineDict, key: str) -> bool:
        value = rec.get(key)
        if isinstance(value, str) and value in self.ds.entities:
            return True
        self.checks.problem(path, rec.line_of(key), f"unknown entity {shown(value)} in {key}{suggest(value, self.ds.entities)}; add it to entities.yaml or fix the id")
        return False

    def literal(self, path: Path, rec: LineDict, kind: str) -> LiteralValue | None:
        obj, line = rec["object"], rec.line_of("object")
        unit_key = SCHEMA.literal_units.get(kind)
        if not isinstance(obj, dict) or kind not in obj or set(obj) - {kind, unit_key}:
            self.checks.problem(path, line, f"relation {rec['relation']!r} takes a {kind} literal as object, like {_LITERAL_EXAMPLES[kind]}")
            return None
        value = obj[kind]
        if kind in ("number", "money"):
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                self.checks.problem(path, line, f"{kind} {shown(value)} is not a number; write digits, e.g. 4800000000")
                return None
            value = int(number) if number == number.to_integral_value() else float(number)
            if kind == "money" and not obj.get("currency"):
                self.checks.problem(path, line, "money needs a currency, e.g. {money: 4800000000, currency: USD}")
                return None
        elif kind == "date":
            try:
                value = parse_date(value).value
            except InvalidArgument as exc:
                self.checks.problem(path, line, f"bad date: {exc}")
                return None
        elif not isinstance(value, str) or not value.strip():
            self.checks.problem(path, line, "text literal must be a non-empty string")
            return None
        return LiteralValue(kind, value, obj.get(unit_key) if unit_key else None)

    def fact_object(self, path: Path, rec: LineDict) -> str | LiteralValue | None:
        """The fact's object as its relation takes it: an entity id, or a typed literal."""
        relation = self.ds.relations[rec["relation"]]
        if relation.object_kind != "entity":
            return self.literal(path, rec, relation.object_kind)
        if not isinstance(rec["object"], str):
            self.checks.problem(path, rec.line_of("object"), f"relation {relation.id!r} takes an entity id as object, not {shown(rec['object'])}")
            return None
        return rec["object"] if self.entity_ref(path, rec, "object") else None

    def fact(self, path: Path, rec: LineDict, source: str, hint: tuple[object, object] = (None, None)) -> Fact | None:
        """The Fact of a record whose shape was checked, or None with all its problems reported."""
        ok = self.unique(path, rec) and not rec.flawed
        ok = self.entity_ref(path, rec, "subject") and ok
        obj: str | LiteralValue | None = None
        if not isinstance(rec["relation"], str) or rec["relation"] not in self.ds.relations:
            self.checks.problem(path, rec.line_of("relation"), f"unknown relation {shown(rec['relation'])}{suggest(rec['relation'], self.ds.relations)}; relations are in relations.yaml")
            ok = False
        else:
            obj = self.fact_object(path, rec)
        if rec.get("claimed_by") is not None:
            ok = self.entity_ref(path, rec, "claimed_by") and ok
        modality = rec.get("modality") or "asserted"
        if modality == "claimed" and rec.get("claimed_by") is None:
            self.checks.problem(path, rec.line_of("modality"), "a claimed fact needs claimed_by: the entity the article attributes it to")
            ok = False
        if rec.get("date_qualifier") is not None and rec.get("date") is None:
            self.checks.problem(path, rec.line_of("date_qualifier"), "a date_qualifier (early, mid, late) needs a date")
            ok = False
        span = self.locate(path, rec, source, hint)
        if not ok or span is None or obj is None:
            return None
        return Fact(rec["id"], source, rec["subject"], rec["relation"], obj, self.ds.sources[source].text[span[0]:span[1]],
                    span[0], span[1], parse_date(rec["date"]) if rec.get("date") is not None else None,
                    rec.get("date_qualifier"), rec.get("claimed_by"), modality, rec.get("count"),
                    None if rec.get("note") is None else str(rec["note"]))

    def unique(self, path: Path, rec: LineDict) -> bool:
        return self.checks.unique(path, "fact", rec, self.fact_ids)


def read_facts_files(checks: Checks, reader: FactReader, data_dir: Path) -> None:
    """Every facts file's facts and skipped sentences, appended to the reader's dataset."""
    ds = reader.ds
    for path in sorted((data_dir / "facts").glob("*.yaml")):
        doc, readable = checks.yaml(path)
        if not readable or not checks.record(path, "facts file", doc, line=1) or doc.flawed:
            continue
        source = doc["source"]
        if source != path.stem:
            checks.problem(path, doc.line_of("source"), f"source {shown(source)} must match the file name {path.stem!r}")
            continue
        if source not in ds.sources:
            if (data_dir / "sources" / f"{source}.yaml").exists():
                checks.problem(path, doc.line_of("source"), f"source {source!r} did not load (its problem is listed above); "
                                                            "its facts are checked once it does")
            else:
                checks.problem(path, doc.line_of("source"), f"unknown source {shown(source)}{suggest(source, ds.sources)}; "
                                                            f"add data/sources/{source}.yaml and {source}.txt")
            continue
        for rec in checks.records(path, "fact", doc["facts"], keep_flawed=True):
            fact = reader.fact(path, rec, source)
            if fact:
                reader.facts.append(fact)
        for rec in checks.records(path, "skipped sentence", doc.get("skipped")):
            span = reader.locate(path, rec, source)
            if span:
                ds.skipped.append(Skip(source, rec["quote"], span[0], span[1], str(rec["reason"])))
