"""The fault suite: bad input, faults and concurrent use, each case of the fault battery as a test.

What must hold in every case: a clear message naming the file and line or the argument, exit 1 or 2,
no traceback, no hang, nothing lost. Concurrency cases run real processes; kill -9 lands at several
moments of a build; permission cases that root would mask run in a forked process as `nobody`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from actor_kg import DataError, Project
from actor_kg.cli import main

from conftest import DATA, MINI_FACTS, write_dataset
from helpers import kg

ROOT = Path(__file__).resolve().parent.parent
NOBODY = 65534


def kg_process(data: Path, build: Path, *args: str, **popen: object) -> subprocess.Popen:
    """`kg` in a process of its own, as a user starts it from a shell."""
    return subprocess.Popen(
        [sys.executable, "-m", "actor_kg", "--data", str(data), "--build", str(build), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )  # type: ignore[call-overload]


def clean(result) -> str:
    """The output of a CLI result, asserted to be a message and not a traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    return result.output


def shared_folder() -> Path:
    """A temporary folder that `nobody` may enter (pytest's own are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="kg-faults-"))
    folder.chmod(0o755)
    return folder


def as_nobody(work: Callable[[], str]) -> str:
    """work() in a forked child with nobody's user and group ids, so permissions apply as to an
    ordinary user (root would pass every check); returns what work() returned, or the error it raised."""
    import networkx  # noqa: F401  (everything a command may import lazily, loaded while still root:
    import pyoxigraph  # noqa: F401  the interpreter's own files are not readable by nobody)
    import rdflib  # noqa: F401
    import jinja2  # noqa: F401
    import actor_kg.output.viz
    import actor_kg.sparql.engine
    import actor_kg.store.shacl  # noqa: F401
    import click._termui_impl  # noqa: F401
    import tty  # noqa: F401
    import webbrowser  # noqa: F401

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, do the work, report, leave without running pytest's exit code
        os.close(read)
        try:
            os.setgroups([])
            os.setresgid(NOBODY, NOBODY, NOBODY)
            os.setresuid(NOBODY, NOBODY, NOBODY)
            answer = {"ok": work()}
        except BaseException as exc:
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        with os.fdopen(write, "w") as out:
            out.write(json.dumps(answer))
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as got:
        answer = json.loads(got.read() or '{"error": "no answer"}')
    os.waitpid(pid, 0)
    assert "ok" in answer, answer
    return answer["ok"]


def kg_output(data: Path, build: Path, *args: str) -> str:
    """Exit status and output of `kg` run in this process, as one string: for as_nobody."""
    result = CliRunner().invoke(main, ["--data", str(data), "--build", str(build), *args])
    return f"exit {result.exit_code}\n{clean(result)}"


# --- 1, 8: builds and imports are one critical section ------------------------------------------------
def table_dataset(root: Path, sentences: int) -> Path:
    """A data folder whose one source has `sentences` numbered sentences, for import tables to quote."""
    data = write_dataset(root)
    text = "".join(f"Azerbaijan criticized Russia in statement {i}. " for i in range(sentences)) + "\n"
    (data / "sources" / "mini.txt").write_text(text)
    meta = (data / "sources" / "mini.yaml").read_text().splitlines()
    meta = [
        f"sha256: {hashlib.sha256(text.encode()).hexdigest()}" if line.startswith("sha256:") else line for line in meta
    ]
    (data / "sources" / "mini.yaml").write_text("\n".join(meta) + "\n")
    (data / "facts" / "mini.yaml").write_text("source: mini\nfacts: []\n")
    return data


def write_table(path: Path, first: int, count: int) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for i in range(first, first + count):
            day = (date(2000, 1, 1) + timedelta(days=i)).isoformat()  # each its own statement: dated apart
            out.write(
                json.dumps(
                    {
                        "fact_id": f"t-{i}",
                        "subject": "azerbaijan",
                        "relation": "criticizes",
                        "object": "russia",
                        "source": "mini",
                        "date": day,
                        "quote": f"Azerbaijan criticized Russia in statement {i}.",
                    }
                )
                + "\n"
            )
    return path


def test_two_imports_at_once_both_land_in_data_and_build(tmp_path):
    data = table_dataset(tmp_path, 4000)
    build = tmp_path / "build"
    tables = [write_table(tmp_path / "a.jsonl", 0, 2000), write_table(tmp_path / "b.jsonl", 2000, 2000)]
    for trial in range(2):
        runs = [kg_process(data, build, "import", str(t)) for t in tables]
        outs = [r.communicate(timeout=300) for r in runs]
        assert all(r.returncode == 0 for r in runs), outs
        p = Project(data, build)
        current = p.open()
        assert not p.rebuilt, f"trial {trial}: the build was stale after both imports"
        assert current.manifest["counts"]["facts"] == 4000 == len(current.dataset.facts)
        assert sorted(x.name for x in (data / "imports").iterdir()) == ["a.jsonl", "b.jsonl"]
        del p, current


def test_a_failed_import_leaves_the_data_folder_as_it_was(tmp_path):
    """As an ordinary user with a read-only build folder: a message, and no table in data/imports."""
    root = shared_folder()
    try:
        data = table_dataset(root, 10)
        table = write_table(root / "t.jsonl", 0, 5)
        build = root / "build"
        build.mkdir()
        subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(root)], check=True)
        build.chmod(0o555)
        out = as_nobody(lambda: kg_output(data, build, "import", str(table)))
        assert out.startswith("exit 1\n") and "cannot write the build folder" in out and str(build) in out
        assert not (data / "imports").exists() or not list((data / "imports").iterdir())
    finally:
        shutil.rmtree(root, ignore_errors=True)


# --- 2, 3, 9, 11, 13: bad data --------------------------------------------------------------------------
def test_an_emptied_facts_file_is_a_data_problem_and_the_build_stays(mini):
    first = mini.build()
    (mini.data_dir / "facts" / "mini.yaml").write_text("")
    out = clean(kg(mini, "validate"))
    assert "facts/mini.yaml:1: a facts file must be a mapping of fields, not nothing (an empty file" in out
    built = kg(mini, "build")
    assert built.exit_code == 1 and "the data has 1 problem(s)" in clean(built)
    shown = kg(mini, "show", "Aliyev")
    assert shown.exit_code == 0 and "answering from the previous build" in clean(shown)
    assert Project(mini.data_dir, mini.build_dir).open().path == first.path


def test_an_id_ending_in_a_newline_is_refused_in_yaml_and_in_an_import(mini, tmp_path):
    (mini.data_dir / "facts" / "mini.yaml").write_text(MINI_FACTS.replace("id: mini-1", 'id: "mini-1\\n"'))
    out = clean(kg(mini, "validate"))
    assert "fact id 'mini-1\\n' must be a lower-case slug" in out
    (mini.data_dir / "facts" / "mini.yaml").write_text(MINI_FACTS)
    table = tmp_path / "nl.jsonl"
    table.write_text(
        json.dumps(
            {
                "fact_id": "x-1\n",
                "subject": "azerbaijan",
                "relation": "closes",
                "object": "russian-house",
                "source": "mini",
                "quote": "Azerbaijan closed",
            }
        )
        + "\n"
    )
    result = kg(mini, "import", str(table))
    assert result.exit_code == 1 and "nl.jsonl:1: fact_id 'x-1\\n' must be a lower-case slug" in clean(result)
    assert not (mini.data_dir / "imports" / "nl.jsonl").exists()
    assert clean(kg(mini, "validate")).startswith("ok")


def test_a_non_utf8_source_names_the_file_and_byte_and_other_problems_still_show(mini):
    text = mini.data_dir / "sources" / "mini.txt"
    raw = text.read_bytes().replace(b"Putin", b"Put\xffn", 1)
    text.write_bytes(raw)
    meta = mini.data_dir / "sources" / "mini.yaml"
    meta.write_text(
        "\n".join(
            f"sha256: {hashlib.sha256(raw).hexdigest()}" if line.startswith("sha256") else line
            for line in meta.read_text().splitlines()
        )
        + "\n"
    )
    (mini.data_dir / "entities.yaml").write_text(
        (mini.data_dir / "entities.yaml").read_text().replace("type: event", "type: evnt")
    )
    out = clean(kg(mini, "validate"))
    column = len(raw[: raw.index(b"\xff")].decode()) + 1  # in characters: the line has curly quotes before it
    assert f"sources/mini.txt:1: byte 0xff at line 1, column {column} is not UTF-8" in out
    assert "unknown entity type 'evnt'" in out
    assert "add data/sources/mini.yaml" not in out and "source 'mini' did not load" in out


def test_a_csv_with_a_byte_order_mark_imports(mini, tmp_path):
    table = tmp_path / "excel.csv"
    table.write_bytes(
        "\ufefffact_id,subject,relation,object,source,quote\r\n"
        "x-1,azerbaijan,closes,russian-house,mini,Azerbaijan closed\r\n".encode("utf-8")
    )
    result = kg(mini, "import", str(table))
    assert result.exit_code == 0, result.output
    assert "the data now has 4 facts" in result.output


def test_small_data_faults_get_short_clear_messages(mini):
    facts = mini.data_dir / "facts" / "mini.yaml"
    facts.write_text("- " + "\n- ".join(f"item {i}" for i in range(2000)) + "\n")  # a list, not a mapping
    out = clean(kg(mini, "validate"))
    assert "a facts file must be a mapping of fields, not a list of 2000 item(s)" in out and len(out) < 400
    unclosed = MINI_FACTS.replace("quote: The crash killed 38 people.", 'quote: "The crash killed 38 people.')
    facts.write_text(unclosed)
    out = clean(kg(mini, "validate"))  # an unclosed quote: the line where it opens, not the end of the file
    line = unclosed.splitlines().index('    quote: "The crash killed 38 people.') + 1
    assert f"facts/mini.yaml:{line}: YAML syntax error: while scanning a quoted scalar: found unexpected end" in out
    facts.write_text(MINI_FACTS)
    meta = mini.data_dir / "sources" / "mini.yaml"
    meta.write_text(meta.read_text().replace("date: 2025-02-10", "date: 2025-13-45"))
    out = clean(kg(mini, "validate"))
    assert "sources/mini.yaml:5: bad date: '2025-13-45'" in out
    meta.write_text(meta.read_text().replace("date: 2025-13-45", "date: 2025-02-10"))
    text = mini.data_dir / "sources" / "mini.txt"
    text.write_text(text.read_text() + "An added line.\n")  # the text changed, its sha256 not
    out = clean(kg(mini, "validate"))
    assert "sources/mini.txt: sha256 is" in out and "source 'mini' did not load" in out
    assert "add data/sources/mini.yaml" not in out
    text.write_text(text.read_text().replace("An added line.\n", ""))
    long_name = "x" * 100_000
    shown = kg(mini, "show", long_name)
    assert shown.exit_code == 2 and "(100,000 characters)" in clean(shown) and len(shown.output) < 500


# --- 4, 12: readers during builds, builds killed ---------------------------------------------------------
READER = textwrap.dedent("""\
    import io, sys, time
    from actor_kg import Project
    data, build, until = sys.argv[1], sys.argv[2], time.time() + float(sys.argv[3])
    reads = failures = 0
    while time.time() < until:
        try:
            p = Project(data, build)
            b = p.open()
            p.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            p.show("Aliyev")
            p.export("jsonl", io.BytesIO())
            len(list(b.dataset.facts))
            reads += 1
        except Exception as exc:
            failures += 1
            print(type(exc).__name__, exc, file=sys.stderr)
    print(reads, failures)
""")


def test_reads_never_fail_while_builds_run(mini, tmp_path):
    mini.build()
    script = tmp_path / "reader.py"
    script.write_text(READER)
    readers = [
        subprocess.Popen(
            [sys.executable, str(script), str(mini.data_dir), str(mini.build_dir), "12"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    builds = 0
    deadline = time.time() + 10
    while time.time() < deadline:
        assert kg_process(mini.data_dir, mini.build_dir, "build").wait(timeout=120) == 0
        builds += 1
    results = [r.communicate(timeout=120) for r in readers]
    for out, err in results:
        reads, failures = map(int, out.split())
        assert failures == 0 and reads > 0, err
    assert builds >= 5
    left = [p.name for p in mini.build_dir.iterdir() if p.name.startswith("build-")]
    assert len(left) <= 3  # the current build, and at most those still open when the last build ran


@pytest.mark.parametrize("after", [0.4, 0.9, 1.4, 2.0])
def test_a_build_killed_at_any_moment_loses_nothing(tmp_path, after):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    build = tmp_path / "build"
    before = Project(data, build).build().path
    (data / "facts" / "daryo-sudden-rift.yaml").touch()  # stale: the next command rebuilds
    victim = kg_process(data, build, "build")
    time.sleep(after)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    p = Project(data, build)
    assert (build / "current").resolve() in (before, *build.glob("build-*"))
    shown = kg(p, "show", "Valuev")  # answers, rebuilding when the killed build did not finish
    assert shown.exit_code == 0 and "Nikolai Valuev" in clean(shown)
    assert not list(build.glob(".tmp-*")) and not list(build.glob(".current-*"))


# --- 5: no input makes a check run long ------------------------------------------------------------------
def test_long_quotes_and_cells_are_refused_quickly(mini, tmp_path):
    facts = mini.data_dir / "facts" / "mini.yaml"
    facts.write_text(MINI_FACTS.replace("quote: The crash killed 38 people.", "quote: " + "The crash " * 100_000))
    started = time.perf_counter()
    out = clean(kg(mini, "validate"))
    assert "the quote is 999,999 characters long; a quote is at most 5,000" in out  # YAML drops the last space
    facts.write_text(MINI_FACTS)
    table = tmp_path / "long.jsonl"
    table.write_text(
        json.dumps(
            {
                "fact_id": "x-1",
                "subject": "azerbaijan",
                "relation": "closes",
                "object": "russian-house",
                "source": "mini",
                "quote": "Azerbaijan " * 30_000,
            }
        )
        + "\n"
    )
    assert "long.jsonl:1: the quote is 330,000 characters long" in clean(kg(mini, "import", str(table)))
    cell = tmp_path / "cell.csv"
    cell.write_text(
        "fact_id,subject,relation,object,source,quote\nx-1,azerbaijan,closes,russian-house,mini,"
        + "A" * 2_000_000
        + "\n"
    )
    out = clean(kg(mini, "import", str(cell)))
    assert "cell.csv:" in out and "a cell is at most 1,048,576 characters" in out
    assert time.perf_counter() - started < 20


def test_the_nearest_passage_search_is_bounded():
    from actor_kg.text.quotes import FoldedText

    text = FoldedText.of("Putin apologized to Aliyev twice. The crash killed 38 people.\n" * 20_000)  # 1.3 MB
    started = time.perf_counter()
    assert "The crash killed 38" in text.nearest("The crash killed 39 people.")
    text.nearest("q" * 1_000_000)
    assert time.perf_counter() - started < 5


# --- 6: runaway queries -----------------------------------------------------------------------------------
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_a_runaway_query_stops_at_its_timeout(real):
    started = time.perf_counter()
    run = kg_process(real.data_dir, real.build_dir, "query", RUNAWAY, "--timeout", "2")
    out, err = run.communicate(timeout=60)
    assert run.returncode == 1 and "the query ran longer than 2 s and was stopped" in err and "Traceback" not in err
    assert time.perf_counter() - started < 20


def test_ctrl_c_stops_a_query_at_once(real):
    run = kg_process(real.data_dir, real.build_dir, "query", RUNAWAY)
    time.sleep(3)
    assert run.poll() is None
    stopped = time.perf_counter()
    run.send_signal(signal.SIGINT)
    run.communicate(timeout=30)
    assert run.returncode != 0 and time.perf_counter() - stopped < 5


def test_an_update_is_refused_and_never_taken_for_a_name(real):
    update = kg(real, "query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert update.exit_code == 2 and "this is a SPARQL update" in clean(update)
    misspelt = kg(real, "query", "SELEC ?x WHERE { ?x ?y ?z }")
    assert misspelt.exit_code == 2 and "syntax error at line 1" in clean(misspelt)
    assert "unknown query" not in misspelt.output


# --- 7, 10: output files and folders ----------------------------------------------------------------------
def test_output_never_replaces_a_read_only_file(real, tmp_path):
    target = tmp_path / "ro.jsonl"
    target.write_text("keep me\n")
    target.chmod(0o444)
    result = kg(real, "export", "-o", str(target))
    assert result.exit_code == 1 and "is read-only, so it was not replaced" in clean(result)
    assert target.read_text() == "keep me\n" and (target.stat().st_mode & 0o777) == 0o444


def test_output_never_replaces_a_read_only_file_of_an_ordinary_user(real):
    root = shared_folder()
    try:
        target = root / "ro.jsonl"
        target.write_text("keep me\n")
        build = root / "build"
        shutil.copytree(real.open().path, build / "b")  # a build nobody can read, beside a `current` link
        (build / "current").symlink_to("b")
        subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(root)], check=True)
        target.chmod(0o444)
        out = as_nobody(lambda: kg_output(real.data_dir, build, "export", "-o", str(target)))
        assert out.startswith("exit 1\n") and "is read-only, so it was not replaced" in out
        assert target.read_text() == "keep me\n"
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_outputs_create_missing_folders_atomically(real, tmp_path):
    out = tmp_path / "new" / "deeper" / "facts.csv"
    assert kg(real, "export", "-f", "csv", "-o", str(out)).exit_code == 0 and out.stat().st_size > 0
    page = tmp_path / "pages" / "path.html"
    assert kg(real, "path", "Valuev", "Aliyev", "--html", str(page)).exit_code == 0 and page.exists()
    assert not [p for p in (tmp_path / "new" / "deeper").iterdir() if p.name.startswith(".")]
    nowhere = kg(real, "export", "-o", "/proc/no/such/folder/x.jsonl")
    assert nowhere.exit_code == 1 and "cannot write /proc/no/such/folder/x.jsonl" in clean(nowhere)


def test_a_read_only_build_folder_gets_a_message_for_build_and_viz():
    root = shared_folder()
    try:
        data = write_dataset(root)
        build = root / "build"
        build.mkdir()
        subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(root)], check=True)
        build.chmod(0o555)
        for command in (("build",), ("viz",)):
            out = as_nobody(lambda command=command: kg_output(data, build, *command))
            assert out.startswith("exit 1\n") and "cannot write the build folder" in out, (command, out)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_a_build_made_by_another_user_is_read_not_rebuilt():
    root = shared_folder()
    try:
        data = write_dataset(root)
        build = root / "build"
        first = Project(data, build).build().path  # made by root, with the usual umask
        out = as_nobody(lambda: kg_output(data, build, "show", "Aliyev"))
        assert out.startswith("exit 0\n") and "Ilham Aliyev" in out and "(built" not in out
        assert Project(data, build).open().path == first
        first.chmod(0o700)  # now private to root: a message, not a rebuild attempt
        out = as_nobody(lambda: kg_output(data, build, "show", "Aliyev"))
        assert out.startswith("exit 1\n") and "is not readable by you" in out
    finally:
        shutil.rmtree(root, ignore_errors=True)


# --- 10, 13: endpoints --------------------------------------------------------------------------------------
class _NotSparql(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html>hello, this is a web page</html>")

    def log_message(self, *args: object) -> None:
        pass


def test_an_endpoint_that_answers_no_sparql_gets_a_message_and_credentials_never_show(real):
    server = HTTPServer(("127.0.0.1", 0), _NotSparql)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        result = kg(real, "query", "actor-facts", "-p", "actor=Baku", "--endpoint", f"http://127.0.0.1:{port}/x")
        out = clean(result)
        assert result.exit_code == 2 and "is not SPARQL results JSON" in out and "hello, this is a web page" in out
        with_user = kg(
            real, "query", "actor-facts", "-p", "actor=Baku", "--endpoint", f"http://dba:s3cret@127.0.0.1:{port}/x"
        )
        assert with_user.exit_code == 2 and "s3cret" not in clean(with_user) and "dba" not in with_user.output
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            closed = s.getsockname()[1]
        refused = kg(
            real, "query", "actor-facts", "-p", "actor=Baku", "--endpoint", f"http://dba:s3cret@127.0.0.1:{closed}/q"
        )
        assert refused.exit_code == 2 and "s3cret" not in clean(refused) and f"127.0.0.1:{closed}" in refused.output
    finally:
        server.shutdown()


def test_the_loader_raises_only_data_errors(mini):
    """Whatever the facts file holds, loading reports problems; it never raises."""
    from actor_kg.curated.load import load_dataset

    facts = mini.data_dir / "facts" / "mini.yaml"
    for text in (
        "",
        "[]",
        "source: mini",
        "source: mini\nfacts: 3",
        "source: [1, 2]\nfacts: []",
        "source: mini\nfacts:\n  - 7\n  - {id: 5}",
        "\x00\x01",
        "source: mini\nfacts:\n  - {id: a, subject: {x: 1}, relation: [], object: null, quote: 3}",
    ):
        facts.write_text(text)
        _, problems = load_dataset(mini.data_dir)
        assert problems and all(p.file == facts for p in problems), (text, problems)
    with pytest.raises(DataError):
        mini.build()
