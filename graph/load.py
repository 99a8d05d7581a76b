"""Loading and validating the curated data folder into a Dataset, collecting every problem on the way."""
from __future__ import annotations

import difflib
import hashlib
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .dates import parse_date
from .factfile import FACT_FIELDS, IMPORT_REQUIRED, SUFFIXES, read_fact_file
from .model import (MODALITIES, OBJECT_KINDS, POLARITIES, Dataset, Entity, EntityType, Fact,
                    LiteralValue, Relation, Skip, Source)
from .problems import DataError, Problem
from .quotes import FoldedText, fold
from .yamlfile import LineDict, load_yaml

# Which keys each kind of record takes: (required, optional). Keys present with value null count as present.
_SPECS: dict[str, tuple[set[str], set[str]]] = {
    "entity type": ({"id", "label", "class", "description", "color", "shape"}, set()),
    "relation": ({"id", "label", "description", "polarity", "object"}, {"inverse_label", "cameo", "goldstein", "functional", "transitive"}),
    "entity": ({"id", "label", "type"}, {"aliases", "description", "wikidata"}),
    "source": ({"id", "title", "publisher", "author", "date", "url", "language", "sha256"},
               {"label", "seed_file", "notes"}),
    "facts file": ({"source", "facts"}, {"skipped"}),
    "fact": ({"id", "subject", "relation", "object", "quote"},
             {"date", "date_qualifier", "claimed_by", "modality", "count", "note"}),
    "skipped sentence": ({"quote", "reason"}, set()),
    "imported fact": (set(IMPORT_REQUIRED), set(FACT_FIELDS) - set(IMPORT_REQUIRED)),
}
_UNIT_KEY = {"number": "unit", "money": "currency"}
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_QUALIFIERS = ("early", "mid", "late")


def suggest(name: object, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close candidate exists, else ''."""
    close = difflib.get_close_matches(str(name), list(candidates), n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


class _Loader:
    def __init__(self, data_dir: Path):
        self.dir = data_dir
        self.problems: list[Problem] = []
        self.fact_ids: dict[str, tuple[Path, int]] = {}
        self.created: dict[str, tuple[Path, int]] = {}  # entities an imported fact table introduced
        self._folded: dict[str, FoldedText] = {}

    def folded(self, ds: Dataset, source: str) -> FoldedText:
        """A source's text folded for quote search, made once and only for sources that need a search."""
        if source not in self._folded:
            self._folded[source] = FoldedText.of(ds.sources[source].text)
        return self._folded[source]

    def problem(self, path: Path, line: int | None, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def records(self, path: Path, kind: str, doc: Any) -> list[LineDict]:
        """The well-formed records of a YAML list; malformed ones are reported and dropped."""
        if doc is None:
            return []
        if not isinstance(doc, list):
            self.problem(path, getattr(doc, "line", 1), f"expected a list of {kind} records")
            return []
        good = []
        for rec in doc:
            if self.check_keys(path, kind, rec):
                good.append(rec)
        return good

    def check_keys(self, path: Path, kind: str, rec: Any) -> bool:
        if not isinstance(rec, LineDict):
            self.problem(path, None, f"a {kind} must be a mapping of fields, got {rec!r}")
            return False
        required, optional = _SPECS[kind]
        ok = True
        for key in sorted(required - rec.keys()):
            self.problem(path, rec.line, f"{kind} {rec.get('id', '')!s} is missing the field {key!r}".replace("  ", " "))
            ok = False
        for key in sorted(rec.keys() - required - optional):
            self.problem(path, rec.line_of(key), f"unknown field {key!r} in {kind}{suggest(key, required | optional)}")
        if ok and "id" in required and not (isinstance(rec["id"], str) and _ID.match(rec["id"])):
            self.problem(path, rec.line_of("id"), f"{kind} id {rec['id']!r} must be a lower-case slug (a-z, 0-9, - _ .)")
            ok = False
        return ok

    def unique(self, path: Path, kind: str, rec: LineDict, seen: dict[str, tuple[Path, int]]) -> bool:
        if rec["id"] in seen:
            first_path, first_line = seen[rec["id"]]
            self.problem(path, rec.line_of("id"), f"duplicate {kind} id {rec['id']!r} (first defined at {first_path}:{first_line})")
            return False
        seen[rec["id"]] = (path, rec.line_of("id"))
        return True

    def unique_records(self, files: list[Path], kind: str) -> Iterator[tuple[Path, LineDict]]:
        """(file, record) for each well-formed record of these YAML lists whose id is not taken yet."""
        seen: dict[str, tuple[Path, int]] = {}
        for path in files:
            doc, problems = load_yaml(path)
            self.problems += problems
            for rec in self.records(path, kind, doc):
                if self.unique(path, kind, rec, seen):
                    yield path, rec

    def yaml_files(self, main: str) -> list[Path]:
        """`main.yaml` followed by any `main.d/*.yaml`, in name order."""
        files = [self.dir / f"{main}.yaml"]
        extra = self.dir / f"{main}.d"
        if extra.is_dir():
            files += sorted(extra.glob("*.yaml"))
        return files

    # --- vocabulary ---------------------------------------------------------------------
    def entity_types(self) -> dict[str, EntityType]:
        out: dict[str, EntityType] = {}
        for _, rec in self.unique_records([self.dir / "entity_types.yaml"], "entity type"):
            out[rec["id"]] = EntityType(rec["id"], rec["label"], rec["class"], rec["description"],
                                        rec["color"], rec["shape"])
        return out

    def relations(self) -> dict[str, Relation]:
        out: dict[str, Relation] = {}
        for path, rec in self.unique_records(self.yaml_files("relations"), "relation"):
            if rec["polarity"] not in POLARITIES:
                self.problem(path, rec.line_of("polarity"), f"polarity {rec['polarity']!r} must be one of {', '.join(POLARITIES)}")
                continue
            if rec["object"] not in OBJECT_KINDS:
                self.problem(path, rec.line_of("object"), f"object kind {rec['object']!r} must be one of {', '.join(OBJECT_KINDS)}")
                continue
            goldstein = rec.get("goldstein")
            if goldstein is not None and not (isinstance(goldstein, (int, float)) and -10 <= goldstein <= 10):
                self.problem(path, rec.line_of("goldstein"), "goldstein must be a number from -10 to 10")
                continue
            out[rec["id"]] = Relation(rec["id"], rec["label"], rec.get("inverse_label"), rec["description"],
                                      rec["polarity"], rec["object"],
                                      str(rec["cameo"]) if rec.get("cameo") is not None else None,
                                      float(goldstein) if goldstein is not None else None,
                                      bool(rec.get("functional", False)), bool(rec.get("transitive", False)))
        return out

    def entities(self, types: dict[str, EntityType]) -> dict[str, Entity]:
        out: dict[str, Entity] = {}
        for path, rec in self.unique_records(self.yaml_files("entities"), "entity"):
            if rec["type"] not in types:
                self.problem(path, rec.line_of("type"), f"unknown entity type {rec['type']!r}{suggest(rec['type'], types)}; types are in entity_types.yaml")
                continue
            aliases = rec.get("aliases") or []
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                self.problem(path, rec.line_of("aliases"), "aliases must be a list of strings")
                continue
            qid = rec.get("wikidata")
            if qid is not None and not (isinstance(qid, str) and _QID.match(qid)):
                self.problem(path, rec.line_of("wikidata"), f"wikidata {qid!r} is not a QID like 'Q159'; leave it out unless verified")
                continue
            out[rec["id"]] = Entity(rec["id"], str(rec["label"]), rec["type"], tuple(aliases),
                                    rec.get("description") or "", qid)
        return out

    # --- sources ------------------------------------------------------------------------
    def sources(self) -> dict[str, Source]:
        out: dict[str, Source] = {}
        folder = self.dir / "sources"
        texts = {p.stem for p in folder.glob("*.txt")}
        for path in sorted(folder.glob("*.yaml")):
            doc, problems = load_yaml(path)
            self.problems += problems
            if doc is None and problems:
                continue
            if not self.check_keys(path, "source", doc):
                continue
            if doc["id"] != path.stem:
                self.problem(path, doc.line_of("id"), f"source id {doc['id']!r} must match its file name {path.stem!r}")
                continue
            text_path = path.with_suffix(".txt")
            if path.stem not in texts:
                self.problem(path, doc.line, f"the source text {text_path.name} is missing; add it beside this file")
                continue
            raw = text_path.read_bytes()
            digest = hashlib.sha256(raw).hexdigest()
            if digest != doc["sha256"]:
                self.problem(text_path, None, f"sha256 is {digest} but {path.name} records {doc['sha256']}: the text changed. "
                                              "Restore the original text, or, if the change is deliberate, update sha256 and re-check every quote")
                continue
            if doc["date"] is not None:
                try:
                    parse_date(doc["date"])
                except ValueError as exc:
                    self.problem(path, doc.line_of("date"), f"bad date: {exc}")
                    continue
            out[doc["id"]] = Source(doc["id"], doc["title"], doc.get("label"), doc["publisher"], doc["author"],
                                    None if doc["date"] is None else str(doc["date"]), doc["url"], doc["language"],
                                    digest, raw.decode("utf-8"))
        for stem in sorted(texts - {p.stem for p in folder.glob("*.yaml")}):
            self.problem(folder / f"{stem}.txt", None, f"no metadata record {stem}.yaml for this source text; add one")
        return out

    # --- facts --------------------------------------------------------------------------
    def facts(self, ds: Dataset) -> None:
        for path in sorted((self.dir / "facts").glob("*.yaml")):
            doc, problems = load_yaml(path)
            self.problems += problems
            if doc is None or not self.check_keys(path, "facts file", doc):
                continue
            source = doc["source"]
            if source != path.stem:
                self.problem(path, doc.line_of("source"), f"source {source!r} must match the file name {path.stem!r}")
                continue
            if source not in ds.sources:
                self.problem(path, doc.line_of("source"), f"unknown source {source!r}{suggest(source, ds.sources)}; add data/sources/{source}.yaml")
                continue
            for rec in self.records(path, "fact", doc["facts"]):
                if self.unique(path, "fact", rec, self.fact_ids):
                    fact = self.fact(path, rec, source, ds)
                    if fact:
                        ds.facts.append(fact)
            for rec in self.records(path, "skipped sentence", doc.get("skipped")):
                span = self.locate(path, rec, ds, source)
                if span:
                    ds.skipped.append(Skip(source, rec["quote"], span[0], span[1], str(rec["reason"])))

    def locate(self, path: Path, rec: LineDict, ds: Dataset, source: str,
               hint: tuple[object, object] = (None, None)) -> tuple[int, int] | None:
        """Where the quote stands in the source text. `hint` is a (start, end) the record claims: taken
        when the text there is the quote, else the quote is searched for like any other."""
        quote = rec["quote"]
        if not isinstance(quote, str) or not quote.strip():
            self.problem(path, rec.line_of("quote"), "quote must be a non-empty string copied from the source")
            return None
        start, end = hint
        text = ds.sources[source].text
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            span = text[start:end]
            if span == quote or fold(span) == fold(quote):
                return start, end
        folded = self.folded(ds, source)
        span = folded.locate(quote)
        if span is None:
            self.problem(path, rec.line_of("quote"), f"quote not found verbatim in the source. Nearest passage: {folded.nearest(quote)!r}")
        return span

    def entity_ref(self, path: Path, rec: LineDict, key: str, ds: Dataset) -> bool:
        value = rec.get(key)
        if value in ds.entities:
            return True
        self.problem(path, rec.line_of(key), f"unknown entity {value!r} in {key}{suggest(value, ds.entities)}; add it to entities.yaml or fix the id")
        return False

    def literal(self, path: Path, rec: LineDict, kind: str) -> LiteralValue | None:
        obj = rec["object"]
        line = rec.line_of("object")
        example = {"number": "{number: 38, unit: person}", "money": "{money: 4800000000, currency: USD}",
                   "date": "{date: 2024-12-25}", "text": "{text: senior fellow}"}[kind]
        allowed = {kind, _UNIT_KEY.get(kind, kind)}
        if not isinstance(obj, dict) or kind not in obj or set(obj) - allowed:
            self.problem(path, line, f"relation {rec['relation']!r} takes a {kind} literal as object, like {example}")
            return None
        value = obj[kind]
        if kind in ("number", "money"):
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                self.problem(path, line, f"{kind} {value!r} is not a number; write digits, e.g. 4800000000")
                return None
            value = int(number) if number == number.to_integral_value() else float(number)
            if kind == "money" and not obj.get("currency"):
                self.problem(path, line, "money needs a currency, e.g. {money: 4800000000, currency: USD}")
                return None
        elif kind == "date":
            try:
                value = parse_date(value).value
            except ValueError as exc:
                self.problem(path, line, f"bad date: {exc}")
                return None
        elif not isinstance(value, str) or not value.strip():
            self.problem(path, line, "text literal must be a non-empty string")
            return None
        return LiteralValue(kind, value, obj.get(_UNIT_KEY.get(kind, "")))

    def fact(self, path: Path, rec: LineDict, source: str, ds: Dataset,
             hint: tuple[object, object] = (None, None)) -> Fact | None:
        ok = self.entity_ref(path, rec, "subject", ds)
        relation = ds.relations.get(rec["relation"])
        if relation is None:
            self.problem(path, rec.line_of("relation"), f"unknown relation {rec['relation']!r}{suggest(rec['relation'], ds.relations)}; relations are in relations.yaml")
            ok = False
        obj: str | LiteralValue | None = None
        if relation is not None:
            if relation.object_kind == "entity":
                if isinstance(rec["object"], str):
                    ok = self.entity_ref(path, rec, "object", ds) and ok
                    obj = rec["object"]
                else:
                    self.problem(path, rec.line_of("object"), f"relation {relation.id!r} takes an entity id as object, not {rec['object']!r}")
                    ok = False
            else:
                obj = self.literal(path, rec, relation.object_kind)
                ok = ok and obj is not None
        if rec.get("claimed_by") is not None:
            ok = self.entity_ref(path, rec, "claimed_by", ds) and ok
        modality = rec.get("modality") or "asserted"
        if modality not in MODALITIES:
            self.problem(path, rec.line_of("modality"), f"modality {modality!r} must be one of {', '.join(MODALITIES)}{suggest(modality, MODALITIES)}")
            ok = False
        elif modality == "claimed" and rec.get("claimed_by") is None:
            self.problem(path, rec.line_of("modality"), "a claimed fact needs claimed_by: the entity the article attributes it to")
            ok = False
        date = None
        if rec.get("date") is not None:
            try:
                date = parse_date(rec["date"])
            except ValueError as exc:
                self.problem(path, rec.line_of("date"), f"bad date: {exc}")
                ok = False
        qualifier = rec.get("date_qualifier")
        if qualifier is not None and (qualifier not in _QUALIFIERS or rec.get("date") is None):
            self.problem(path, rec.line_of("date_qualifier"), f"date_qualifier must be one of {', '.join(_QUALIFIERS)}, and needs a date")
            ok = False
        count = rec.get("count")
        if count is not None and not (isinstance(count, int) and not isinstance(count, bool) and count > 0):
            self.problem(path, rec.line_of("count"), f"count {count!r} must be a positive whole number")
            ok = False
        span = self.locate(path, rec, ds, source, hint)
        if not ok or span is None or obj is None:
            return None
        return Fact(rec["id"], source, rec["subject"], rec["relation"], obj, ds.sources[source].text[span[0]:span[1]],
                    span[0], span[1], date, qualifier, rec.get("claimed_by"), modality, count,
                    None if rec.get("note") is None else str(rec["note"]))


    # --- imported fact tables ------------------------------------------------------------
    def imports(self, ds: Dataset, files: list[Path], progress: Callable[[Path, int], None] | None = None) -> None:
        """Facts from fact tables in the export contract (JSONL or CSV), checked like curated facts."""
        for path in files:
            report = (lambda done, path=path: progress(path, done)) if progress else None
            for line, rec in read_fact_file(path, report):
                if isinstance(rec, str):
                    self.problem(path, line, rec)
                    continue
                record = LineDict(rec)
                record.line, record.key_lines = line, {}
                if not self.check_keys(path, "imported fact", record):
                    continue
                fact = self.imported_fact(path, record, ds)
                if fact:
                    ds.facts.append(fact)

    def imported_fact(self, path: Path, rec: LineDict, ds: Dataset) -> Fact | None:
        fact_id = rec["fact_id"]
        if not (isinstance(fact_id, str) and _ID.match(fact_id)):
            self.problem(path, rec.line, f"fact_id {fact_id!r} must be a lower-case slug (a-z, 0-9, - _ .)")
            return None
        source = rec["source"]
        if source not in ds.sources:
            self.problem(path, rec.line, f"unknown source {source!r}{suggest(source, ds.sources)}; add data/sources/{source}.yaml "
                                         f"and {source}.txt, the text its quotes come from")
            return None
        ok = self.create_entity(path, rec, "subject", ds)
        relation = ds.relations.get(rec["relation"])
        obj = rec["object"]
        if relation is not None and relation.object_kind != "entity":
            obj = {relation.object_kind: obj}
            if rec.get("object_unit") is not None:
                obj[_UNIT_KEY.get(relation.object_kind, "unit")] = rec["object_unit"]
        elif relation is not None:
            ok = self.create_entity(path, rec, "object", ds) and ok
        fact_rec = LineDict(id=fact_id, subject=rec["subject"], relation=rec["relation"], object=obj, quote=rec["quote"],
                            **{k: rec[k] for k in ("date", "date_qualifier", "claimed_by", "modality", "count", "note")
                               if rec.get(k) is not None})
        fact_rec.line, fact_rec.key_lines = rec.line, {}
        if not (ok and self.unique(path, "fact", fact_rec, self.fact_ids)):
            return None
        return self.fact(path, fact_rec, source, ds, (rec.get("quote_start"), rec.get("quote_end")))

    def create_entity(self, path: Path, rec: LineDict, side: str, ds: Dataset) -> bool:
        """An entity is matched by id; an id not known yet is created from `<side>_label` and `<side>_type`."""
        eid = rec[side]
        if eid in ds.entities:
            return True
        label, etype = rec.get(f"{side}_label"), rec.get(f"{side}_type")
        where = f"{side} {eid!r} is not a known entity, so this record creates it"
        if not (isinstance(eid, str) and _ID.match(eid)):
            self.problem(path, rec.line, f"{side} {eid!r} must be an entity id, a lower-case slug (a-z, 0-9, - _ .)")
        elif not isinstance(label, str) or not label.strip():
            self.problem(path, rec.line, f"{where}: give its name in {side}_label")
        elif etype not in ds.entity_types:
            self.problem(path, rec.line, f"{where}: {side}_type {etype!r} must be an entity type id"
                                         f"{suggest(etype, ds.entity_types)} (types are in entity_types.yaml)")
        else:
            ds.entities[eid] = Entity(eid, label, etype)
            return True
        return False


def import_files(data_dir: Path) -> list[Path]:
    """The fact tables in DATA/imports, in name order."""
    folder = Path(data_dir) / "imports"
    return sorted(p for p in folder.glob("*") if p.suffix in SUFFIXES) if folder.is_dir() else []


def load_dataset(data_dir: Path, replace_import: Path | None = None,
                 progress: Callable[[Path, int], None] | None = None) -> tuple[Dataset, list[Problem]]:
    """Load everything that is well-formed, and every problem found on the way (see load_valid)."""
    data_dir = Path(data_dir)
    loader = _Loader(data_dir)
    if not data_dir.is_dir():
        return Dataset({}, {}, {}, {}, [], []), [Problem(data_dir, None, "data folder not found; pass --data DIR or run from the project folder")]
    types = loader.entity_types()
    ds = Dataset(types, loader.relations(), loader.entities(types), loader.sources(), [], [])
    loader.facts(ds)
    tables = import_files(data_dir)
    if replace_import is not None:
        tables = [p for p in tables if p.name != replace_import.name] + [replace_import]
    loader.imports(ds, tables, progress)
    return ds, loader.problems


def load_valid(data_dir: Path, replace_import: Path | None = None,
               progress: Callable[[Path, int], None] | None = None) -> Dataset:
    """Load the data, raising DataError with all problems if there is any. `replace_import` is a fact
    table loaded as if it were in DATA/imports, in place of any of the same name there; `progress(file,
    bytes)` hears how far the reading of each fact table has come."""
    ds, problems = load_dataset(data_dir, replace_import, progress)
    if problems:
        raise DataError(problems)
    return ds
