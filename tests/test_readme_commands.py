"""The README's Commands section cannot drift from ``--help``: every command's summary and
every option it takes are there, and nothing that is not."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from tongxun_stats.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = re.search(r"^## Commands\n(.*?)^## ", README, re.S | re.M).group(1)


def _commands(cmd=None, path=("tongxun",)):
    """(path, click command) for the app and every command below it."""
    cmd = cmd or typer.main.get_command(app)
    out = [(path, cmd)]
    for name, sub in (getattr(cmd, "commands", None) or {}).items():
        out += _commands(sub, (*path, name))
    return out


COMMANDS = _commands()


def _options(cmd) -> list[str]:
    return ["/".join([*sorted(p.opts, key=len), *p.secondary_opts])
            for p in cmd.params if p.param_type_name == "option" and not p.hidden]


def _summary(path) -> str:
    """The first line of the command's help text, as ``--help`` prints it."""
    res = CliRunner().invoke(app, [*path[1:], "--help"], terminal_width=1000)
    assert res.exit_code == 0, res.output
    lines = [ln.strip(" │") for ln in res.output.splitlines()]
    usage = next(i for i, ln in enumerate(lines) if ln.startswith("Usage:"))
    return next(ln for ln in lines[usage + 1:] if ln)


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_command_row_is_its_help_summary(path, cmd):
    args = " ".join(p.name.upper() + ("..." if p.nargs == -1 else "") for p in cmd.params if p.param_type_name == "argument")
    usage = " ".join([*path, args]).strip()
    row = re.search(rf"^\| `{re.escape(usage)}` \| (.*) \|$", SECTION, re.M)
    assert row, f"no row for `{usage}` in the README's Commands table"
    assert row.group(1) == _summary(path)


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_options_line_lists_exactly_the_options(path, cmd):
    line = re.search(rf"^- `{re.escape(' '.join(path))}` options: (.*)$", SECTION, re.M)
    assert line, f"no options line for {' '.join(path)}"
    listed = re.findall(r"`([^`]+)`", line.group(1))
    assert listed == _options(cmd) or (listed == [] and not _options(cmd) and line.group(1) == "none")


def test_every_option_the_section_names_exists():
    known = {o for _, cmd in COMMANDS for p in cmd.params for o in (*p.opts, *p.secondary_opts)} | {"--help"}
    named = set(re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", SECTION)) - {"-"}
    assert named <= known, named - known
