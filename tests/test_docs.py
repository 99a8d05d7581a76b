"""The README's and the user guide's (docs/*.md) console examples replay: each `$ kg ...` block is run on
the bundled data and its output must be what the page shows (build ids and timings normalised), so the
docs cannot drift from what kg really prints. The command reference (docs/reference.md) must be what
docs/make_reference.py writes from the commands' help today.

A block's output may end in `… (N more lines)`: the page then shows the first lines, and N more
follow. `| head -N` and `| tail -N` after the command are applied to its standard output. An HTML
comment just before a block can set it up or leave it out:

    <!-- replay: edit data/facts/daryo-sudden-rift.yaml: "relation: expels" -> "relation: expells" -->
    <!-- replay: skip: needs a running SPARQL server (tests/test_push.py runs this) -->

The guide's chart (docs/dyad-azerbaijan-russia.svg) must show what `kg dyad Azerbaijan Russia` draws
today. To rewrite every replayed block, the chart and the reference from what kg prints now (then read
the diff):

    .venv/bin/python tests/test_docs.py --update
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from actor_kg.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "docs"))
import make_reference  # docs/ is no package: its script is imported by path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PYTHON_API = ROOT / "docs" / "python-api.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]  # the README and the user guide
COLUMNS = 120
_BLOCK = re.compile(
    r"(?:<!-- replay: (?P<directive>.*?) -->\n)?```console\n\$ (?P<command>[^\n]*)\n(?P<output>.*?)```", re.S
)
_MORE = re.compile(r"^\u2026 \((\d+) more lines\)$")
_EDIT = re.compile(r'^edit (?P<file>\S+): "(?P<old>.*)" -> "(?P<new>.*)"$')


@dataclass
class Example:
    page: Path
    command: str
    output: str
    directive: str | None
    span: tuple[int, int]  # of the output in its page

    @property
    def skipped(self) -> str | None:
        return self.directive[len("skip:") :].strip() if self.directive and self.directive.startswith("skip:") else None


def examples(page: Path) -> list[Example]:
    text = page.read_text(encoding="utf-8")
    return [Example(page, m["command"], m["output"], m["directive"], m.span("output")) for m in _BLOCK.finditer(text)]


def normalise(text: str) -> str:
    text = re.sub(r"build-\d{8}T\d{6}-\d+-\w+", "build-<id>", text)
    return re.sub(r"\bin \d+(\.\d+)? s\b", "in <t> s", text)


def run(example: Example, data: Path, build: Path) -> str:
    """What the command prints, as the README's reader would see it."""
    command = example.command.partition("  #")[0]
    stages = [s.strip() for s in command.split("|")]
    args = shlex.split(stages[0])
    assert args[0] == "kg", f"not a kg command: {example.command}"
    with tempfile.TemporaryDirectory(prefix="kg-readme-") as tmp:
        if example.directive and not example.skipped:
            edit = _EDIT.match(example.directive)
            assert edit, f"unknown replay directive: {example.directive}"
            copy = shutil.copytree(data, Path(tmp) / "data")
            target = copy / Path(edit["file"]).relative_to("data")
            text = target.read_text(encoding="utf-8")
            assert edit["old"] in text, f"{edit['file']} no longer contains {edit['old']!r}"
            target.write_text(text.replace(edit["old"], edit["new"], 1), encoding="utf-8")
            data, build = copy, Path(tmp) / "build"
        result = CliRunner().invoke(
            main, ["--data", str(data), "--build", str(build), *args[1:]], env={"COLUMNS": str(COLUMNS)}
        )
    out = result.stdout if len(stages) > 1 else result.output
    lines = out.splitlines()
    for stage in stages[1:]:
        tool, count = shlex.split(stage)
        n = int(count.lstrip("-"))
        lines = lines[:n] if tool == "head" else lines[-n:]
    text = "\n".join(lines) + "\n"
    # paths print as the reader's would: data/… and build/… relative to the project folder
    return text.replace(str(data), "data").replace(str(build), "build")


def shown(expected: str, actual: str) -> tuple[str, str]:
    """(expected, actual) cut to what the README shows: the first lines, when it ends in '… (N more lines)'."""
    lines = expected.rstrip("\n").split("\n")
    more = _MORE.match(lines[-1]) if lines else None
    if not more:
        return expected, actual
    head = lines[:-1]
    got = actual.rstrip("\n").split("\n")
    rest = len(got) - len(head)
    cut = "\n".join(got[: len(head)] + ([f"\u2026 ({rest} more lines)"] if rest > 0 else [])) + "\n"
    return expected, cut


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    build = tmp_path_factory.mktemp("readme") / "build"
    assert CliRunner().invoke(main, ["--data", str(ROOT / "data"), "--build", str(build), "build"]).exit_code == 0
    return ROOT / "data", build


EXAMPLES = [example for page in PAGES for example in examples(page)]


def test_the_docs_have_examples_and_replay_most_of_them():
    assert len(EXAMPLES) >= 15 and len(examples(README)) >= 5
    assert sum(1 for e in EXAMPLES if e.skipped) <= 3


def test_every_guide_page_is_linked_from_the_readme():
    readme = README.read_text(encoding="utf-8")
    assert [p.name for p in PAGES[1:] if f"(docs/{p.name})" not in readme] == []


@pytest.mark.parametrize(
    "example", [e for e in EXAMPLES if not e.skipped], ids=lambda e: f"{e.page.name}: {e.command[:60]}"
)
def test_console_example_prints_what_its_page_shows(example: Example, built):
    expected, actual = shown(example.output, run(example, *built))
    assert normalise(actual) == normalise(expected)


def test_the_python_api_example_prints_what_its_page_shows(tmp_path):
    """The first ```python block of the Python API page, run in a folder with the bundled data, prints
    the ```text block that follows it."""
    m = re.search(r"```python\n(.*?)```\s*```text\n(.*?)```", PYTHON_API.read_text(encoding="utf-8"), re.S)
    assert m, "the Python API page lost its example and its output"
    (tmp_path / "data").symlink_to(ROOT / "data")
    (tmp_path / "example.py").write_text(m[1], encoding="utf-8")
    ran = subprocess.run(
        [sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == m[2]


CHART = ROOT / "docs" / "dyad-azerbaijan-russia.svg"  # the guide's picture: kg dyad Azerbaijan Russia --chart CHART


def draw_chart(data: Path, build: Path, out: Path) -> Path:
    result = CliRunner().invoke(
        main, ["--data", str(data), "--build", str(build), "dyad", "Azerbaijan", "Russia", "--chart", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def chart_words(svg: Path) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text(encoding="utf-8"))


def test_the_guide_chart_is_what_kg_dyad_draws_now(built, tmp_path):
    """The chart in the guide draws today's data: the same periods, events and counts (its words)."""
    assert any(CHART.name in page.read_text(encoding="utf-8") for page in PAGES)
    now = chart_words(draw_chart(*built, tmp_path / "chart.svg"))
    assert "2025-Q2" in now and chart_words(CHART) == now


def test_the_command_reference_is_what_the_commands_print_now():
    """docs/reference.md is written from every command's --help: a changed help text without a rerun of
    docs/make_reference.py fails here."""
    assert make_reference.REFERENCE.read_text(encoding="utf-8") == make_reference.reference(), (
        "docs/reference.md is out of date: run .venv/bin/python docs/make_reference.py"
    )


def update() -> None:
    """Rewrite the output of every replayed example in the README and docs/, the chart and the reference,
    from what kg prints now."""
    with tempfile.TemporaryDirectory() as tmp:
        build = Path(tmp) / "build"
        CliRunner().invoke(main, ["--data", str(ROOT / "data"), "--build", str(build), "build"])
        for page in PAGES:
            text = page.read_text(encoding="utf-8")
            for example in reversed(examples(page)):
                if example.skipped:
                    continue
                _, actual = shown(example.output, run(example, ROOT / "data", build))
                start, end = example.span
                text = text[:start] + actual + text[end:]
            tmp_page = page.with_suffix(".md.tmp")
            tmp_page.write_text(text, encoding="utf-8")
            tmp_page.replace(page)
        draw_chart(ROOT / "data", build, CHART)
    make_reference.write()


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit(__doc__)
    update()
