"""The package's imports run one way: no module imports, even inside a function, a
module that imports it back (directly or through others)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "tongxun_stats"


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """module -> the package modules it imports, at the top or inside any function."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    stem = ".".join(base + ([node.module] if node.module else []))
                else:
                    stem = node.module or ""
                targets = [stem] + [f"{stem}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            for t in targets:
                if t in modules and t != name:
                    graph[name].add(t)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_graph_sees_function_level_imports():
    graph = import_graph()
    assert "tongxun_stats.pipeline" in graph["tongxun_stats.api"]
    assert graph["tongxun_stats.cli"], "the CLI imports the library"


def test_no_import_cycles():
    graph = import_graph()
    # a package's __init__ re-exports its modules; those edges point down, never up
    found = [c for c in cycles(graph) if not all(m.endswith("__init__") for m in c)]
    assert found == [], found


def test_the_cli_prints_exactly_the_rows_of_the_api(sample_paths):
    """`tongxun extract` is a thin layer: its JSONL rows are the API's Figures, whole."""
    import json

    from typer.testing import CliRunner

    from tongxun_stats.api import extract_file
    from tongxun_stats.cli import app
    from tongxun_stats.export import figure_record

    res = CliRunner().invoke(app, ["extract", *map(str, sample_paths), "-f", "jsonl"])
    assert res.exit_code == 0, res.output
    cli = [json.loads(line) for line in res.stdout.splitlines()]
    api = [json.loads(json.dumps(figure_record(f), ensure_ascii=False)) for p in sample_paths for f in extract_file(p)]
    assert len(cli) > 300 and cli == api


def test_the_architecture_page_names_every_module():
    """docs/ARCHITECTURE.md is generated from the code (tools/module_map.py): it names
    every module, so it cannot silently fall behind a new one."""
    page = (PACKAGE.parents[1] / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for p in PACKAGE.rglob("*.py"):
        name = _module_name(p).removeprefix("tongxun_stats.")
        assert f"| `{name}` |" in page, f"{name}: run tools/module_map.py"
