"""One broken file, one message: a data file that cannot be read as what it must be (the wrong shape,
the wrong encoding, a NUL byte, not YAML, not a fact table) is one problem naming the file and line;
what it causes elsewhere is one summary line; no run prints more than about 50 lines of problems
unless --all; the exit status is 1, never a traceback, and the previous build still answers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from actor_kg import Project
from actor_kg.curated.load import load_dataset

from conftest import MINI_ENTITIES, MINI_FACTS
from helpers import kg

QUERY = "SELECT ?o WHERE { ent:azerbaijan kg:closes ?o }"


def clean(result) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    return result.output


def answers(p: Project) -> tuple[str, str]:
    """What `kg show` and `kg query` answer, without the warning that the data has problems."""
    shown, queried = kg(p, "show", "Aliyev"), kg(p, "query", QUERY, "--format", "csv")
    assert shown.exit_code == 0 and queried.exit_code == 0, shown.output + queried.output

    def kept(out: str) -> str:
        return "\n".join(line for line in clean_lines(out) if not line.startswith("warning: the data has"))

    return kept(shown.output), kept(queried.output)


def clean_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.strip()]


def entities_as_mapping(data: Path) -> tuple[Path, int]:
    lines = [line[2:] if line.startswith("- ") else line for line in MINI_ENTITIES.splitlines()]
    mapping = "\n".join(f"{line[4:]}:" if line.startswith("id: ") else line for line in lines) + "\n"
    (data / "entities.yaml").write_text(mapping)
    return data / "entities.yaml", 1


def entities_as_utf16(data: Path) -> tuple[Path, int]:
    (data / "entities.yaml").write_bytes(MINI_ENTITIES.encode("utf-16"))
    return data / "entities.yaml", 1


def relations_a_string(data: Path) -> tuple[Path, int]:
    (data / "relations.yaml").write_text("closes, apologizes_to and the rest\n")
    return data / "relations.yaml", 1


def facts_with_nul(data: Path) -> tuple[Path, int]:
    path = data / "facts" / "mini.yaml"
    path.write_text(MINI_FACTS.replace("    relation: closes", "    relation: clo\0ses"))
    return path, 5


def facts_not_yaml(data: Path) -> tuple[Path, int]:
    path = data / "facts" / "mini.yaml"
    path.write_text('{"source": "mini", "facts": [\n  {"id": "mini-1", "subject": "azerbaijan"\n')
    return path, 2


def entities_in_latin1(data: Path) -> tuple[Path, int]:
    (data / "entities.yaml").write_bytes(MINI_ENTITIES.replace("Ilham Aliyev", "Ilham Alíyev").encode("latin-1"))
    return data / "entities.yaml", MINI_ENTITIES.splitlines().index("  label: Ilham Aliyev") + 1  # column 18


def _table(rows: int = 120) -> str:
    record = {"subject": "azerbaijan", "relation": "closes", "object": "russian-house", "source": "mini"}
    return "".join(
        json.dumps({"fact_id": f"t-{i}", **record, "quote": "Azerbaijan closed the Russian House"}) + "\n"
        for i in range(rows)
    )


def table_with_nul(data: Path) -> tuple[Path, int]:
    (data / "imports").mkdir()
    path = data / "imports" / "more.jsonl"
    lines = _table().splitlines(keepends=True)
    lines[6] = lines[6].replace("closes", "clo\0ses")
    path.write_text("".join(lines))
    return path, 7


def csv_table_in_utf16(data: Path) -> tuple[Path, int]:
    (data / "imports").mkdir()
    path = data / "imports" / "more.csv"
    rows = "".join(f"t-{i},azerbaijan,closes,russian-house,mini,Azerbaijan closed\n" for i in range(120))
    path.write_bytes(("fact_id,subject,relation,object,source,quote\n" + rows).encode("utf-16"))
    return path, 1


def table_not_jsonl(data: Path) -> tuple[Path, int]:
    (data / "imports").mkdir()
    path = data / "imports" / "more.jsonl"
    path.write_text("\n" + "fact_id subject relation object\n" * 100)
    return path, 2


# (break the data, what the one message says, the summary line of what follows from it, if any)
CASES: list[tuple[Callable[[Path], tuple[Path, int]], str, str | None]] = [
    (entities_as_mapping, "must be a list of entity records", "3 facts refer to entities missing because of"),
    (entities_as_utf16, "saved as UTF-16", "3 facts refer to entities missing because of"),
    (entities_in_latin1, "byte 0xed at line 17, column 18 is not UTF-8", "3 facts refer to entities"),
    (relations_a_string, "must be a list of relation records, one '- id: ...' item", "3 facts refer to relations"),
    (facts_with_nul, "a NUL byte (0x00) at line 5, column 18", None),
    (facts_not_yaml, "YAML syntax error", None),
    (table_with_nul, "a NUL byte (0x00) at line 7, column", None),
    (csv_table_in_utf16, "saved as UTF-16", None),
    (table_not_jsonl, "not JSON lines: the first record is not a JSON object", None),
]


@pytest.mark.parametrize(("damage", "message", "summary"), CASES, ids=[c[0].__name__ for c in CASES])
def test_a_broken_file_is_one_message_and_the_previous_build_answers(mini, damage, message, summary):
    first = mini.build()
    before = answers(mini)
    path, line = damage(mini.data_dir)
    for command in ("build", "validate"):
        result = kg(mini, command)
        lines = clean_lines(clean(result))
        assert result.exit_code == 1, result.output
        assert len(lines) < 50, result.output
        named = [text for text in lines if text.startswith(f"{path}:")]
        assert len(named) == 1 and named[0].startswith(f"{path}:{line}: ") and message in named[0], result.output
        if summary:
            summed = [text for text in lines if summary in text]
            assert len(summed) == 1 and str(path) in summed[0] and "--all" in summed[0], result.output
            assert len(lines) == 3, result.output  # the message, the summary, the count
        else:
            assert len(lines) == 2, result.output  # the message and the count
    assert answers(mini) == before
    assert Project(mini.data_dir, mini.build_dir).open().path == first.path


def test_the_summed_up_problems_are_all_there_for_the_library_and_with_all(mini):
    path, _ = entities_as_utf16(mini.data_dir)
    _, problems = load_dataset(mini.data_dir)
    follow = [p for p in problems if p.follows is not None]
    assert len(problems) == 7 and len(follow) == 6  # subject and object of each fact, but mini-3's object
    assert {p.follows.file for p in follow} == {path} and {p.follows.refers for p in follow} == {"entities"}
    every = kg(mini, "validate", "--all")
    lines = clean_lines(clean(every))
    assert every.exit_code == 1 and len(lines) == 8
    assert sum("unknown entity" in line for line in lines) == 6
    assert lines[-1] == "1 data problem(s) (and 6 that follow from it), 0 SHACL violation(s)"


def test_an_import_of_a_broken_table_is_one_message_and_nothing_is_added(mini, tmp_path):
    mini.build()
    table = tmp_path / "more.csv"
    rows = "".join(f"t-{i},azerbaijan,closes,russian-house,mini,Azerbaijan closed\n" for i in range(120))
    table.write_bytes(
        ("fact_id,subject,relation,object,source,quote\n" + rows).replace("closed", "clos\xe9d").encode("latin-1")
    )
    result = kg(mini, "import", str(table))
    lines = clean_lines(clean(result))
    assert result.exit_code == 1 and len(lines) == 2, result.output
    assert (
        lines[0].startswith(f"{table}:2: byte 0xe9 at line 2, column 57 is not UTF-8")
        and "save it as UTF-8" in lines[0]
    )
    assert not (mini.data_dir / "imports").exists()
    assert kg(mini, "import", str(tmp_path / "missing.csv")).exit_code == 2


def test_many_problems_print_fifty_lines_and_a_summary_naming_all(mini):
    mini.build()
    facts = "source: mini\nfacts:\n" + "".join(
        f"  - id: bad-{i}\n    subject: azerbaijan\n    relation: closez\n    object: russian-house\n"
        f"    quote: Azerbaijan closed the Russian House\n"
        for i in range(80)
    )
    (mini.data_dir / "facts" / "mini.yaml").write_text(facts)
    for command in ("build", "validate"):
        result = kg(mini, command)
        lines = clean_lines(clean(result))
        assert result.exit_code == 1 and len(lines) <= 51, result.output
        assert lines[-2] == "… and 31 more problem(s) (rerun with --all to list them all)", result.output
        every = kg(mini, command, "--all")
        all_lines = clean_lines(clean(every))
        assert every.exit_code == 1 and len(all_lines) == 81
        assert sum("unknown relation 'closez'" in line for line in all_lines) == 80
    shown = kg(mini, "show", "Aliyev")  # answers from the previous build, and says how to see why not
    assert shown.exit_code == 0 and "the data has 80 problem(s) (kg validate lists them)" in clean(shown)


def test_a_broken_shapes_file_is_one_message(mini):
    mini.build()
    shapes = mini.data_dir / "shapes.ttl"
    shapes.write_text(shapes.read_text() + "\nthis is not turtle\n")
    result = kg(mini, "validate")
    lines = clean_lines(clean(result))
    line = len(shapes.read_text().splitlines())
    assert result.exit_code == 1 and lines[0].startswith(f"{shapes}:{line}: Turtle syntax error") and len(lines) == 2
