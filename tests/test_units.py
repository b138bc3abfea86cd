"""Readable units (issue 14): modules stay under 400 lines and calls stay readable, no
function taking more than five positional parameters. ruff's C901 holds complexity."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "tongxun_stats"
MAX_LINES = 400
MAX_POSITIONAL = 5


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def positional_parameters(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """The parameters a caller may pass by position, self and cls left out."""
    names = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
    return names[1:] if names[:1] in (["self"], ["cls"]) else names


def test_no_module_is_over_400_lines():
    long = {p.relative_to(PACKAGE).as_posix(): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_no_function_takes_more_than_five_positional_parameters():
    found = []
    for path in _modules():
        rel = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and len(positional_parameters(node)) > MAX_POSITIONAL:
                found.append(f"{rel}:{node.lineno} {node.name}")
    assert found == []


def test_positional_parameters_are_counted_before_the_star():
    tree = ast.parse("class C:\n    def f(self, a, b, /, c, *, d, e): ...\ndef g(a, b=1, *args, k): ...")
    counted = {n.name: positional_parameters(n) for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    assert counted == {"f": ["a", "b", "c"], "g": ["a", "b"]}
