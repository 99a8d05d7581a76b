"""Library errors name parameters in Python terms; the CLI alone names flags."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from actor_kg.errors import InvalidArgument, KgError, arg
from actor_kg.project import Project
from helpers import kg

PACKAGE = Path(__file__).resolve().parent.parent / "actor_kg"
FLAG = re.compile(r"(?<![\w`-])--[a-z][a-z0-9-]*")
COMMAND = re.compile(r"\bkg [a-z-]+[^`;)]*")  # `kg export --format csv` names another command: not a flag of this call
# text that is no error message: a renderer's default for how to list more, a page's note (kg viz)
NOT_ERRORS = {
    ("output/render.py", "--all lists them all"),
    ("output/viz.py", "--since, or focus on one of these entities)"),
}


def _strings(tree: ast.Module) -> list[tuple[int, str]]:
    """Every string in the module's code but its docstrings: an f-string's literal parts joined."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    parts_of_fstrings = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
            out.append((node.lineno, "".join(parts)))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings | parts_of_fstrings
        ):
            out.append((node.lineno, node.value))
    return out


def test_no_library_module_names_a_cli_flag():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        if where == "cli.py":
            continue
        for line, text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            if any(where == file and said in text for file, said in NOT_ERRORS):
                continue
            flags = FLAG.findall(COMMAND.sub("", text))
            if flags:
                found.append(f"actor_kg/{where}:{line}: {', '.join(flags)} in {text!r}")
            if "{arg(" in text:  # an f-string's f left out: the message would show the code
                found.append(f"actor_kg/{where}:{line}: not an f-string: {text!r}")
    assert not found, "name the parameter with errors.arg() instead:\n" + "\n".join(found)


def test_the_checker_sees_a_flag():
    tree = ast.parse('def f(n):\n    raise ValueError(f"--max-hops {n} is wrong; see `kg path --help`")\n')
    [(_, text)] = _strings(tree)
    assert FLAG.findall(COMMAND.sub("", text)) == ["--max-hops"]


def test_a_library_error_names_the_parameter(real: Project):
    p = real
    with pytest.raises(InvalidArgument) as error:
        p.path("Baku", "Moscow", max_hops=-1)
    assert error.value.param == "max_hops" and str(error.value) == "max_hops must be at least 1"
    with pytest.raises(InvalidArgument) as error:
        p.path("Baku", "Moscow", via="Baku")
    assert error.value.param == "via" and str(error.value).startswith("via=")
    with pytest.raises(KgError, match=r"needs params\['actor'\]=VALUE"):
        p.query("actor-facts", {})


def test_the_cli_names_the_flag(real: Project, mini: Project, tmp_path):
    result = kg(real, "path", "Baku", "Moscow", "--via", "Baku")
    assert result.exit_code == 2
    assert "Invalid value for '--via': --via=" in result.output and "via=" not in result.output.replace("--via=", "")
    result = kg(real, "query", "actor-facts")
    assert result.exit_code == 2 and "needs --param actor=VALUE" in result.output
    article = tmp_path / "article.txt"
    article.write_text("Baku said so.\n", encoding="utf-8")
    result = kg(mini, "add-source", str(article), "--id", "Not A Slug")
    assert "Invalid value for '--id': --id 'Not A Slug' must be a lower-case slug" in result.output
    result = kg(Project(tmp_path / "none", tmp_path / "build"), "validate")
    assert "pass --data=DIR" in result.output and "data_dir" not in result.output
    result = kg(real, "path", "Baku", "Moscow", "--max-hops", "0")
    assert result.exit_code == 2 and "'--max-hops'" in result.output


def test_a_parameter_is_worded_by_whoever_reads_it():
    error = KgError(f"lower {arg('max_hops')}, or give {arg('params', 'actor')}=VALUE")
    assert str(error) == "lower max_hops, or give params['actor']=VALUE"
    assert error.worded(lambda name: f"<{name}>") == "lower <max_hops>, or give <params:actor>=VALUE"
