"""The README's quick start stays true: CI runs its test command verbatim."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start.*?```sh\n(.*?)```", readme, re.S).group(1)
    return [line for line in block.splitlines() if line and not line.startswith("#")]


def test_quick_start_has_two_commands():
    commands = _quick_start_commands()
    assert len(commands) == 2
    assert "tongxun extract samples/" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _quick_start_commands()[1] in ci


def test_samples_are_bundled():
    for name in ("000_bc105862800a2212.txt", "001_2cd31fe16908719c.txt"):
        assert (ROOT / "samples" / name).is_file()


def test_the_python_api_section_names_every_public_function():
    """Every name ``tongxun_stats`` exports is in the README's Python API section."""
    import tongxun_stats

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1].split("\n## ", 1)[0]
    missing = [n for n in tongxun_stats.__all__ if n != "__version__" and f"`{n}" not in section]
    assert missing == []
