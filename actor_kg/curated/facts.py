"""Facts: the curated facts files (facts/<source>.yaml), each fact checked against the vocabulary, the
entities and its source's text, where its quote must stand verbatim."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from typing import Any

from .. import derived
from ..errors import InvalidArgument, shown
from ..model import CARRIED_FIELDS, Amount, Dataset, Evidence, Fact, Link, LiteralValue, QualifierValue, Skip
from ..schema import SCHEMA
from ..text.dates import parse_date
from ..text.quotes import FoldedText, fold
from .records import Checks, suggest
from .yaml_lines import LineDict

MAX_QUOTE = SCHEMA.limits["quote_characters"]
_LITERAL_EXAMPLES = {
    "number": "{number: 38, unit: person}",
    "money": "{money: 4800000000, currency: USD}",
    "date": "{date: 2024-12-25}",
    "text": "{text: senior fellow}",
}


class FactReader:
    """Turns fact records into the field values of Facts, reporting every problem of each; remembers
    the fact ids seen. finish() makes the Facts, once every record is read."""

    def __init__(self, checks: Checks, ds: Dataset):
        self.checks, self.ds = checks, ds
        self.values: list[dict[str, Any]] = []  # the field values of each fact read, in order
        self.fact_ids: dict[str, tuple[Path, int]] = {}
        self.where: dict[str, tuple[Path, int]] = {}  # fact id -> its file and line, for problems found across facts
        self.link_lines: dict[tuple[str, str], tuple[Path, int]] = {}
        self._folded: dict[str, FoldedText] = {}

    def folded(self, source: str) -> FoldedText:
        """A source's text folded for quote search, made once and only for sources that need a search."""
        if source not in self._folded:
            self._folded[source] = FoldedText.of(self.ds.sources[source].text)
        return self._folded[source]

    def locate(
        self, path: Path, rec: LineDict, source: str, hint: tuple[object, object] = (None, None)
    ) -> tuple[int, int] | None:
        """Where the quote stands in the source text. `hint` is a (start, end) the record claims: taken
        when the text there is the quote, else the quote is searched for like any other."""
        quote = rec["quote"]
        if not isinstance(quote, str) or not quote.strip():
            self.checks.problem(path, rec.line_of("quote"), "quote must be a non-empty string copied from the source")
            return None
        if len(quote) > MAX_QUOTE:
            self.checks.problem(
                path,
                rec.line_of("quote"),
                f"the quote is {len(quote):,} characters long; a quote is at most "
                f"{MAX_QUOTE:,}: the words of the source that state the fact",
            )
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
            self.checks.problem(
                path,
                rec.line_of("quote"),
                f"quote not found verbatim in the source. Nearest passage: {folded.nearest(quote)!r}",
            )
        return found

    def entity_ref(self, path: Path, rec: LineDict, key: str) -> bool:
        value = rec.get(key)
        if isinstance(value, str) and value in self.ds.entities:
            return True
        self.checks.unknown(
            path,
            rec.line_of(key),
            f"unknown entity {shown(value)} in {key}{suggest(value, self.ds.entities)}; add it to entities.yaml or fix the id",
            "entity",
            value,
            "fact",
            rec.line,
        )
        return False

    def literal(self, path: Path, rec: LineDict, kind: str) -> LiteralValue | None:
        obj, line = rec["object"], rec.line_of("object")
        unit_key = SCHEMA.literal_units.get(kind)
        if not isinstance(obj, dict) or kind not in obj or set(obj) - {kind, unit_key}:
            self.checks.problem(
                path,
                line,
                f"relation {rec['relation']!r} takes a {kind} literal as object, like {_LITERAL_EXAMPLES[kind]}",
            )
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
            self.checks.problem(
                path,
                rec.line_of("object"),
                f"relation {relation.id!r} takes an entity id as object, not {shown(rec['object'])}",
            )
            return None
        return rec["object"] if self.entity_ref(path, rec, "object") else None

    def fact(self, path: Path, rec: LineDict, source: str, hint: tuple[object, object] = (None, None)) -> bool:
        """Read the fact of a record whose shape was checked into `values`; False, with all its problems
        reported, when it has any. What depends on other facts (claims, anchors, links, duplicates)
        is derived and checked by finish()."""
        ok = self.unique(path, rec) and not rec.flawed
        ok = self.entity_ref(path, rec, "subject") and ok
        obj: str | LiteralValue | None = None
        if not isinstance(rec["relation"], str) or rec["relation"] not in self.ds.relations:
            self.checks.unknown(
                path,
                rec.line_of("relation"),
                f"unknown relation {shown(rec['relation'])}{suggest(rec['relation'], self.ds.relations)}; relations are in relations.yaml",
                "relation",
                rec["relation"],
                "fact",
                rec.line,
            )
            ok = False
        else:
            obj = self.fact_object(path, rec)
        if ok and obj is not None:
            ok = self.in_range(path, rec, obj) and ok
        if rec.get("claimed_by") is not None:
            ok = self.entity_ref(path, rec, "claimed_by") and ok
        modality = rec.get("modality") or "asserted"
        if modality == "claimed" and rec.get("claimed_by") is None:
            self.checks.problem(
                path,
                rec.line_of("modality"),
                "a claimed fact needs claimed_by: the entity the article attributes it to",
            )
            ok = False
        if rec.get("date_qualifier") is not None and rec.get("date") is None:
            self.checks.problem(path, rec.line_of("date_qualifier"), "a date_qualifier (early, mid, late) needs a date")
            ok = False
        ok = self.date_basis(path, rec) and ok
        qualifiers = self.qualifiers(path, rec)
        links = self.links(path, rec, source)
        evidence = self.evidence(path, rec, source, hint)
        for alias in rec.get("also") or ():
            ok = self.checks.unique(path, "fact", LineDict.at(rec.line_of("also"), {"id": alias}), self.fact_ids) and ok
        extra = self.carried(path, rec)
        if not ok or evidence is None or obj is None or qualifiers is None or links is None or extra is None:
            return False
        date = parse_date(rec["date"]) if rec.get("date") is not None else None
        self.values.append(
            {
                "id": rec["id"],
                "source": source,
                "subject": rec["subject"],
                "relation": rec["relation"],
                "object": obj,
                "evidence": evidence,
                "date": date,
                "date_qualifier": rec.get("date_qualifier"),
                "claimed_by": rec.get("claimed_by"),
                "modality": modality,
                "count": rec.get("count"),
                "note": None if rec.get("note") is None else str(rec["note"]),
                "negated": bool(rec.get("negated")),
                "qualifiers": qualifiers,
                "date_basis": (rec.get("date_basis") or "stated") if date else None,
                "date_rule": rec.get("date_rule"),
                "date_anchor": rec.get("date_anchor"),
                "links": links,
                "also": tuple(rec.get("also") or ()),
                "extra": extra,
            }
        )
        self.where[rec["id"]] = (path, rec.line)
        return True

    def carried(self, path: Path, rec: LineDict) -> tuple[tuple[str, Any], ...] | None:
        """The values of the fact fields no code reads by name (model.CARRIED_FIELDS), as their type
        reads them (the record check checked their form): an entity must be known, a date is written
        as the dates module writes it. None when one is wrong (reported)."""
        out: list[tuple[str, Any]] = []
        ok = True
        for name in CARRIED_FIELDS:
            value = rec.get(name)
            if value is None:
                continue
            kind = SCHEMA.records["fact"][name].type
            if kind == "entity":
                ok = self.entity_ref(path, rec, name) and ok
            elif kind == "date":
                value = parse_date(value).value
            elif kind == "string":
                value = str(value)
            out.append((name, value))
        return tuple(out) if ok else None

    def evidence(
        self, path: Path, rec: LineDict, source: str, hint: tuple[object, object]
    ) -> tuple[Evidence, ...] | None:
        """The located quotes of `quote` (one) or `evidence` (several): exactly one of the two is given."""
        if ("quote" in rec) == ("evidence" in rec):
            self.checks.problem(
                path,
                rec.line,
                "give the fact's words as quote (one passage) or as evidence (a list of "
                "quote records), not both and not neither",
            )
            return None
        items = [rec] if "quote" in rec else self.checks.records(path, "evidence", rec["evidence"])
        if not items:
            self.checks.problem(path, rec.line_of("evidence"), "evidence needs at least one quote")
            return None
        spans = [
            self.locate(path, item, source, hint if item is rec else (item.get("start"), item.get("end")))
            for item in items
        ]
        located = [span for span in spans if span is not None]
        if len(located) < len(spans):
            return None
        text = self.ds.sources[source].text
        return tuple(Evidence(text[a:b], a, b) for a, b in located)

    def qualifiers(self, path: Path, rec: LineDict) -> tuple[tuple[str, QualifierValue], ...] | None:
        given = rec.get("qualifiers") or {}
        if not isinstance(given, dict):
            return None  # reported by the record check
        out: list[tuple[str, QualifierValue]] = []
        ok = True
        for name, value in given.items():
            spec = SCHEMA.qualifiers.get(name) if isinstance(name, str) else None
            line = given.line_of(name) if isinstance(given, LineDict) else rec.line_of("qualifiers")
            if spec is None:
                self.checks.problem(
                    path,
                    line,
                    f"unknown qualifier {shown(name)}{suggest(name, SCHEMA.qualifiers)}; "
                    f"qualifiers are {', '.join(SCHEMA.qualifiers)}",
                )
                ok = False
            elif spec.type == "entity":
                if isinstance(value, str) and value in self.ds.entities:
                    out.append((name, value))
                else:
                    self.checks.unknown(
                        path,
                        line,
                        f"qualifier {name}: unknown entity {shown(value)}{suggest(value, self.ds.entities)}",
                        "entity",
                        value,
                        "fact",
                        rec.line,
                    )
                    ok = False
            elif spec.type == "date":
                try:
                    out.append((name, parse_date(value).value))
                except InvalidArgument as exc:
                    self.checks.problem(path, line, f"qualifier {name}: bad date: {exc}")
                    ok = False
            elif spec.type == "text":
                if isinstance(value, str) and value.strip():
                    out.append((name, value.strip()))
                else:
                    self.checks.problem(path, line, f"qualifier {name} must be a non-empty text")
                    ok = False
            elif spec.type == "bool":
                if isinstance(value, bool):
                    out.append((name, value))
                else:
                    self.checks.problem(path, line, f"qualifier {name} must be true or false")
                    ok = False
            else:
                amount = self.amount(path, line, value)
                ok = amount is not None and ok
                if amount is not None:
                    out.append((name, amount))
        return tuple(out) if ok else None

    def amount(self, path: Path, line: int, value: object) -> Amount | None:
        example = "{value: 40000000, unit: USD, bound: at_least}"
        if not isinstance(value, dict) or "value" not in value or set(value) - {"value", "unit", "bound"}:
            self.checks.problem(path, line, f"an amount is a mapping like {example}")
            return None
        try:
            number = Decimal(str(value["value"]))
        except InvalidOperation:
            self.checks.problem(
                path, line, f"amount {shown(value['value'])} is not a number; write digits, e.g. 40000000"
            )
            return None
        bound = value.get("bound") or "exact"
        if bound not in SCHEMA.values["amount_bound"]:
            self.checks.problem(
                path, line, f"amount bound {shown(bound)} must be one of {', '.join(SCHEMA.values['amount_bound'])}"
            )
            return None
        unit = value.get("unit")
        return Amount(
            int(number) if number == number.to_integral_value() else float(number),
            None if unit is None else str(unit),
            bound,
        )

    def in_range(self, path: Path, rec: LineDict, obj: str | LiteralValue) -> bool:
        """The subject's and object's types are among those the relation takes (relations.yaml)."""
        relation = self.ds.relations[rec["relation"]]
        ok = True
        for side, eid, allowed in (("subject", rec["subject"], relation.subjects), ("object", obj, relation.objects)):
            if not allowed or not isinstance(eid, str):
                continue
            etype = self.ds.entities[eid].type
            if etype not in allowed:
                names = ", ".join(self.ds.entity_types[t].label for t in allowed)
                self.checks.problem(
                    path,
                    rec.line_of(side),
                    f"relation {relation.id!r} takes as {side} a {names}, not "
                    f"{self.ds.entity_types[etype].label} {eid!r}; pick another "
                    f"relation or entity (ranges are in relations.yaml)",
                )
                ok = False
        return ok

    def date_basis(self, path: Path, rec: LineDict) -> bool:
        """A derived or bounded date says how: its rule in words and its anchor (checked by finish())."""
        basis = rec.get("date_basis")
        if basis is None:
            if rec.get("date_rule") is not None or rec.get("date_anchor") is not None:
                self.checks.problem(
                    path,
                    rec.line_of("date_rule" if "date_rule" in rec else "date_anchor"),
                    "date_rule and date_anchor go with date_basis: derived or bounded",
                )
                return False
            return True
        if rec.get("date") is None:
            self.checks.problem(
                path, rec.line_of("date_basis"), "date_basis says how the date is known, and needs a date"
            )
            return False
        if basis in ("derived", "bounded"):
            missing = [k for k in ("date_rule", "date_anchor") if rec.get(k) is None]
            if missing:
                self.checks.problem(
                    path,
                    rec.line_of("date_basis"),
                    f"a {basis} date needs {' and '.join(missing)}: the "
                    "rule in words, and what it is reckoned from (publication or a fact id)",
                )
                return False
        return True

    def links(self, path: Path, rec: LineDict, source: str) -> tuple[Link, ...] | None:
        out = []
        ok = True
        for item in self.checks.records(path, "link", rec.get("links")):
            span = (
                self.locate(path, item, source, (item.get("start"), item.get("end")))
                if item.get("quote") is not None
                else None
            )
            if item.get("quote") is not None and span is None:
                ok = False
                continue
            text = self.ds.sources[source].text
            out.append(
                Link(
                    item["type"],
                    item["fact"],
                    text[span[0] : span[1]] if span else None,
                    span[0] if span else None,
                    span[1] if span else None,
                )
            )
            self.link_lines[(rec["id"], item["fact"])] = (path, item.line)
        return tuple(out) if ok else None

    def finish(self) -> list[Fact]:
        """The Facts of every record read, their claims and corroboration derived (actor_kg.derived),
        after the checks across facts: anchors and links name known facts, and no source states one
        claim twice."""
        facts = derived.facts(self.values, self.ds.relations)
        ids = {alias: fact.id for fact in facts for alias in (fact.id, *fact.also)}
        by_id = {fact.id: fact for fact in facts}
        claims: dict[tuple, str] = {}
        for fact in facts:
            path, line = self.where.get(fact.id, (Path("?"), 0))
            anchor = fact.date_anchor
            if anchor is not None and anchor != "publication":
                target = by_id.get(ids.get(anchor, ""))
                if target is None:
                    self.checks.unknown(
                        path,
                        line,
                        f"date_anchor {shown(anchor)} is neither 'publication' nor a fact id{suggest(anchor, by_id)}",
                        "fact",
                        anchor,
                        "fact",
                        line,
                    )
                elif target.date is None:
                    self.checks.problem(path, line, f"date_anchor {anchor} has no date to reckon from")
            elif anchor == "publication" and not self.ds.sources[fact.source].date:
                self.checks.problem(
                    path,
                    line,
                    f"date_anchor publication: source {fact.source} has no publication date; "
                    "record it in its metadata (where the text states it) or anchor on a fact",
                )
            for link in fact.links:
                if link.fact not in ids:
                    link_path, link_line = self.link_lines.get((fact.id, link.fact), (path, line))
                    self.checks.unknown(
                        link_path,
                        link_line,
                        f"link to unknown fact {shown(link.fact)}{suggest(link.fact, by_id)}",
                        "fact",
                        link.fact,
                        "fact",
                        line,
                    )
            first = claims.setdefault(claim_key(fact), fact.id)
            if first != fact.id:
                first_path, first_line = self.where.get(first, (path, 0))
                self.checks.problem(
                    path,
                    line,
                    f"{fact.id} states the same claim as {first} ({first_path}:{first_line}) "
                    f"in the same source, attributed and dated alike; make them one fact with "
                    f"both quotes in its evidence (and {fact.id} in its also)",
                )
        return facts

    def unique(self, path: Path, rec: LineDict) -> bool:
        return self.checks.unique(path, "fact", rec, self.fact_ids)


def claim_key(fact: Fact) -> tuple:
    """What makes two facts of one source the same statement, to be one fact with all its quotes: the
    same claim (its claim id: subject, relation, object, negation, qualifiers), attributed to the same
    claimant with the same modality, and dated the same. A claim the source attributes to two people,
    or dates twice, is two statements."""
    return (
        fact.source,
        fact.claim,
        fact.claimed_by,
        fact.modality,
        fact.date.value if fact.date else None,
        fact.date_qualifier,
    )


def read_facts_files(checks: Checks, reader: FactReader, data_dir: Path) -> None:
    """Every facts file's facts and skipped sentences, appended to the reader's dataset."""
    for path in sorted((data_dir / "facts").glob("*.yaml")):
        doc, readable = checks.yaml(path)
        if readable and checks.record(path, "facts file", doc, line=1) and not doc.flawed:
            read_facts_doc(checks, reader, data_dir, path, doc)
        else:  # its facts are missing: links and anchors to them follow from its problem
            checks.unreadable.setdefault("fact", path)


def read_facts_doc(
    checks: Checks, reader: FactReader, data_dir: Path, path: Path, doc: LineDict, fact_kind: str = "fact"
) -> None:
    """The facts (records of `fact_kind`: a draft's are `draft fact`) and skipped sentences of one
    facts file whose shape was checked, appended to the reader's dataset."""
    ds = reader.ds
    source = doc["source"]
    if source != path.stem:
        checks.problem(path, doc.line_of("source"), f"source {shown(source)} must match the file name {path.stem!r}")
        return
    if source not in ds.sources:
        if (data_dir / "sources" / f"{source}.yaml").exists():
            checks.unknown(
                path,
                doc.line_of("source"),
                f"source {source!r} did not load (its problem is listed above); its facts are checked once it does",
                "source",
                source,
                "facts file",
                doc.line,
            )
        else:
            checks.problem(
                path,
                doc.line_of("source"),
                f"unknown source {shown(source)}{suggest(source, ds.sources)}; "
                f"add data/sources/{source}.yaml and {source}.txt",
            )
        return
    for rec in checks.records(path, fact_kind, doc["facts"], keep_flawed=True):
        reader.fact(path, rec, source)
    for rec in checks.records(path, "skipped sentence", doc.get("skipped")):
        span = reader.locate(path, rec, source)
        if span:
            ds.skipped.append(Skip(source, rec["quote"], span[0], span[1], str(rec["reason"])))
