"""A source's facts as a Label Studio task, and Label Studio's JSON export back as draft facts, so a team
can review a source in Label Studio (https://labelstud.io/guide/task_format) and bring its work back.

The task is `{"data": {"text": <the source's text>, "source": <id>}, "annotations": [{"result": [...]}]}`,
its regions `labels` results on the text (offsets are characters of the text), with the labeling config
`labelstudio_config` gives:

- a **mention** region (`from_name: entity`, labelled with the entity type) for each span naming an
  entity of a fact, inside its quote or near it (as for brat: common.Mentions), written once and shared;
  its meta says the entity: `{"text": ["entity: russia"]}`;
- a **quote** region (`from_name: fact`, labelled with the relation id) for each quote of a fact's
  evidence, whose meta holds the fact's other fields as `field: value` lines (common.py): `id`,
  `modality`, `date`..., and the entity of a role the text does not name near the quote
  (`subject: crash-of-flight-j2-8243`) or a literal object (`object: {"text": "President"}`). A fact
  with several quotes is several regions with the same `id` line, the other lines on the first;
- `relation` results from a quote region to the mentions of its roles, labelled `subject`, `object`
  or `claimant` (claimed_by).

Import reads that, and the simple encoding: two mention regions joined by a relation labelled with a
relation id (subject at the arrow's tail: `from_id`, or `to_id` for `direction: left`), whose quote is
the text from the first region's start to the last one's end. A mention's entity is its `entity:` meta
line, else the entity whose label or alias its text is (flagged for review). Of a task's annotations
the one marked ground truth is read, else the last one not cancelled, else its last prediction. Meta
lines that are not `field: value` lines go to the review block as remarks.

Offsets are counted in Python characters; Label Studio counts UTF-16 units, which differ only for
characters beyond U+FFFF (none in the bundled sources): such a text's spans fail the import's text check.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from ..errors import shown
from ..model import Dataset
from ..atomic import write_folder
from .common import (
    ROLES,
    Annotation,
    DraftBuilder,
    Mention,
    Mentions,
    carried_fields,
    cover,
    draft_record,
    facts_of,
    field_line,
    read_field_line,
    source_of,
)

ROLE_LABELS = {"subject": "subject", "object": "object", "claimed_by": "claimant"}
_LABEL_ROLES = {label: role for role, label in ROLE_LABELS.items()}
_NAME_FIX = "give the region's meta a line 'entity: <entity id>'"


def export_labelstudio(ds: Dataset, source_id: str) -> dict[str, Any]:
    """The Label Studio task of one source's facts (module docstring); a project imports a list of them."""
    text = source_of(ds, source_id).text
    mentions = Mentions(ds, text)
    results: list[dict[str, Any]] = []
    mention_ids: dict[tuple[str, int, int], str] = {}
    numbers: Counter[str] = Counter()

    def region(prefix: str, control: str, start: int, end: int, label: str, meta: list[str]) -> str:
        numbers[prefix] += 1
        ident = f"{prefix}{numbers[prefix]}"
        results.append(
            {
                "id": ident,
                "from_name": control,
                "to_name": "text",
                "type": "labels",
                "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]},
                "meta": {"text": meta},
            }
        )
        return ident

    for fact in facts_of(ds, source_id):
        record = draft_record(fact)
        for i, evidence in enumerate(fact.evidence):
            links, unmentioned = [], {}
            for role in ROLES:
                entity = record.get(role)
                if not isinstance(entity, str):
                    continue
                span = mentions.near(entity, evidence.start, evidence.end)
                if span is None:
                    unmentioned[role] = entity
                    continue
                key = (entity, *span)
                if key not in mention_ids:
                    mention_ids[key] = region("m", "entity", *span, ds.entities[entity].type, [f"entity: {entity}"])
                links.append((ROLE_LABELS[role], mention_ids[key]))
            lines = {"id": fact.id, **unmentioned, **(carried_fields(record, ("relation",)) if i == 0 else {})}
            quote = region(
                "q", "fact", evidence.start, evidence.end, fact.relation, [field_line(k, v) for k, v in lines.items()]
            )
            results += [
                {"type": "relation", "from_id": quote, "to_id": to, "direction": "right", "labels": [label]}
                for label, to in links
            ]
    return {"data": {"text": text, "source": source_id}, "annotations": [{"result": results}]}


def labelstudio_config(ds: Dataset) -> str:
    """The labeling config of a project for these tasks: entity types and relation ids as labels, the
    roles and the relation ids as relation labels."""

    def tag(name: str, value: str, **attrs: str) -> str:
        return (
            f"    <{name} value={quoteattr(value)}" + "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items()) + "/>"
        )

    return "\n".join(
        [
            "<View>",
            '  <Labels name="entity" toName="text">',
            *(tag("Label", t.id, background=t.color, hint=t.label) for t in ds.entity_types.values()),
            "  </Labels>",
            '  <Labels name="fact" toName="text">',
            *(tag("Label", r.id, hint=r.label) for r in ds.relations.values()),
            "  </Labels>",
            "  <Relations>",
            *(tag("Relation", label) for label in ROLE_LABELS.values()),
            *(tag("Relation", r.id) for r in ds.relations.values()),
            "  </Relations>",
            '  <Text name="text" value="$text"/>',
            "</View>",
            "",
        ]
    )


def write_labelstudio(ds: Dataset, source_ids: list[str], folder: Path, replace: bool = False) -> list[Path]:
    """Write a Label Studio project's files as one folder (actor_kg.atomic.write_folder): tasks.json, one
    task per source, to import, and labeling-config.xml, the labeling config to paste into the project's
    settings. Returns the files written."""
    tasks = [export_labelstudio(ds, source_id) for source_id in source_ids]
    return write_folder(
        Path(folder),
        {
            "tasks.json": json.dumps(tasks, ensure_ascii=False, indent=1) + "\n",
            "labeling-config.xml": labelstudio_config(ds),
        },
        replace,
    )


def import_labelstudio(
    ds: Dataset, source_id: str, tasks_json: str | list[Any] | dict[str, Any], path: Path | str | None = None
) -> list[dict[str, Any]]:
    """The draft records of a Label Studio export (its JSON text, or the parsed list of tasks or one task)
    for the tasks of the source (module docstring). `path` names the file in messages. Raises DataError
    listing every problem, each naming the task or region."""
    builder = DraftBuilder(ds, source_id, Path(path or f"{source_id}.json"), _NAME_FIX)
    results = [r for task in _tasks(builder, tasks_json) for r in _result(task)]
    annotations = _annotations(builder, results)
    builder.fail_if_problems()
    return builder.records(annotations)


def _tasks(builder: DraftBuilder, tasks_json: str | list[Any] | dict[str, Any]) -> list[dict[str, Any]]:
    """The tasks of the file that hold the source: those naming it (whose text must be its text), else
    those whose text is its text. Raises DataError when there are none or the file is not tasks."""
    doc: Any = tasks_json
    if isinstance(tasks_json, str):
        try:
            doc = json.loads(tasks_json)
        except json.JSONDecodeError as exc:
            builder.problem(
                exc.lineno,
                f"not valid JSON: {exc.msg} (column {exc.colno}); give Label Studio's JSON export of the project",
            )
            builder.fail_if_problems()
    tasks = [doc] if isinstance(doc, dict) else doc
    if not isinstance(tasks, list) or not all(
        isinstance(t, dict) and isinstance(t.get("data"), dict) and isinstance(t["data"].get("text"), str)
        for t in tasks
    ):
        builder.problem(None, "not a Label Studio JSON export: expected a list of tasks, each with data.text")
        builder.fail_if_problems()
    named = [(i, t) for i, t in enumerate(tasks) if t["data"].get("source") == builder.source_id]
    for i, task in named:
        if task["data"]["text"] != builder.text:
            builder.problem(
                None,
                f"task {task.get('id', i + 1)}: its text is not the text of source "
                f"{builder.source_id!r} (edited, or another source's); annotate the exported text",
            )
    chosen = [t for _, t in named] or [t for t in tasks if t["data"]["text"] == builder.text]
    if not chosen and not builder.problems:
        held = sorted({str(t["data"].get("source")) for t in tasks if t["data"].get("source")})
        builder.problem(
            None,
            f"no task holds the text of source {builder.source_id!r}"
            + (f" (the tasks are of {', '.join(held)})" if held else "")
            + "; export this source and import its annotations",
        )
    builder.fail_if_problems()
    return chosen


def _result(task: dict[str, Any]) -> list[Any]:
    """The results of the task's annotation to read: the ground truth, else the last one not cancelled,
    else the last prediction."""
    done = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    chosen = (
        [a for a in done if a.get("ground_truth")]
        or done
        or [p for p in task.get("predictions") or [] if isinstance(p, dict)]
    )
    result = chosen[-1].get("result") if chosen else []
    return result if isinstance(result, list) else [result]


def _meta_lines(result: dict[str, Any]) -> list[str]:
    meta = result.get("meta")
    given = meta.get("text", []) if isinstance(meta, dict) else []
    return [
        line
        for item in ([given] if isinstance(given, str) else given)
        if isinstance(item, str)
        for line in item.splitlines()
        if line.strip()
    ]


def _annotations(builder: DraftBuilder, results: list[Any]) -> list[Annotation]:
    """The quote regions and the entity-to-entity relations of the results as Annotations; each region's
    span is checked against the text."""
    regions: dict[str, tuple[int, dict[str, Any], tuple[int, int]]] = {}
    for position, r in enumerate(results):
        if not isinstance(r, dict) or r.get("type") != "labels":
            continue
        value, where = r.get("value"), f"region {r.get('id')}"
        if not (
            isinstance(value, dict)
            and isinstance(value.get("start"), int)
            and isinstance(value.get("end"), int)
            and isinstance(value.get("labels"), list)
            and len(value["labels"]) == 1
            and "id" in r
        ):
            builder.problem(
                None,
                f"{where}: a region needs an id and a value with integer start and end and one "
                f"label, as Label Studio writes it; got {shown(json.dumps(r, ensure_ascii=False))}",
            )
        elif str(r["id"]) in regions:
            builder.problem(None, f"{where}: two regions have this id; give each its own")
        elif builder.span_ok(where, None, [(value["start"], value["end"])], value.get("text")):
            regions[str(r["id"])] = (position, r, (value["start"], value["end"]))
    quotes: dict[str, tuple[int, Annotation]] = {}
    for ident, (position, r, span) in regions.items():
        if r["value"]["labels"][0] in builder.ds.relations:
            quotes[ident] = (position, Annotation(f"region {ident}", None, r["value"]["labels"][0], [span]))
            _fields(builder, quotes[ident][1], _meta_lines(r))
    found = list(quotes.values())
    for position, r in enumerate(results):
        if isinstance(r, dict) and r.get("type") == "relation":
            simple = _relation(builder, r, regions, quotes)
            if simple is not None:
                found.append((position, simple))
    return [ann for _, ann in sorted(found, key=lambda pair: pair[0])]


def _fields(builder: DraftBuilder, ann: Annotation, lines: list[str]) -> None:
    """Read a quote region's meta lines into its fields and remarks."""
    for line in lines:
        try:
            pair = read_field_line(line)
        except ValueError as exc:
            builder.problem(None, f"{ann.where}: meta: {exc}")
            continue
        if pair is None:
            ann.remarks.append(line)
        elif pair[0] in ann.fields and ann.fields[pair[0]] != pair[1]:
            builder.problem(None, f"{ann.where}: meta gives {pair[0]} twice; keep one")
        else:
            ann.fields[pair[0]] = pair[1]


def _relation(
    builder: DraftBuilder,
    r: dict[str, Any],
    regions: dict[str, tuple[int, dict[str, Any], tuple[int, int]]],
    quotes: dict[str, tuple[int, Annotation]],
) -> Annotation | None:
    """A relation result: a role of a quote region (added to it), or a fact between two mention regions
    (returned)."""
    ends, labels = (str(r.get("from_id")), str(r.get("to_id"))), r.get("labels")
    where = f"relation {ends[0]}->{ends[1]}"
    if not isinstance(labels, list) or len(labels) != 1 or not isinstance(labels[0], str):
        builder.problem(
            None, f"{where}: a relation needs one label: a role ({', '.join(ROLE_LABELS.values())}) or a relation id"
        )
        return None
    missing = [e for e in ends if e not in regions]
    if missing:
        builder.problem(None, f"{where}: no valid region {', '.join(missing)}; link regions of the text")
        return None

    def mention(ident: str) -> Mention:
        entity = next(
            (
                line.partition(":")[2].strip()
                for line in _meta_lines(regions[ident][1])
                if line.partition(":")[0].strip() == "entity"
            ),
            None,
        )
        start, end = regions[ident][2]
        return Mention(f"region {ident}", None, builder.text[start:end], entity)

    label, quote_ends = labels[0], [e for e in ends if e in quotes]
    if label in _LABEL_ROLES and len(quote_ends) == 1:
        ann, other = quotes[quote_ends[0]][1], next(e for e in ends if e not in quotes)
        role = _LABEL_ROLES[label]
        if role in ann.mentions:
            builder.problem(None, f"{where}: {ann.where} has two {label} relations; keep one")
        ann.mentions[role] = mention(other)
        return None
    if label in builder.ds.relations and not quote_ends:
        subject, obj = ends[::-1] if r.get("direction") == "left" else ends
        spans = [regions[subject][2], regions[obj][2]]
        return Annotation(where, None, label, [cover(spans)], {"subject": mention(subject), "object": mention(obj)})
    builder.problem(
        None,
        f"{where}: label {shown(label)} joins no quote region to a mention (roles "
        f"{', '.join(ROLE_LABELS.values())}) nor two mentions by a relation id",
    )
    return None
