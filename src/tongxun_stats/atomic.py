"""Output files written whole or not at all: built in a temp file beside the target and
renamed over it, so a failure or a signal that ends the run leaves no half file and the
old file untouched (the CSV/JSON/Parquet/XLSX writers, the SQLite database, the plot
and the review page all go through here)."""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, TypeVar

from .errors import ExportError

T = TypeVar("T")


def atomic_write(path: Path, *, binary: bool, run: Callable[[IO], int]) -> int:
    """Call ``run`` on a temp file beside ``path``, then rename it over ``path``:
    a failure leaves no half file and the old file untouched."""

    def build(tmp: Path) -> int:
        mode = "wb" if binary else "w"
        kwargs = {} if binary else {"encoding": "utf-8", "newline": ""}
        with open(tmp, mode, **kwargs) as fh:
            n = run(fh)
            fh.flush()
            os.fsync(fh.fileno())
        return n

    return atomic_replace(path, build)


def atomic_replace(path: Path, build: Callable[[Path], T]) -> T:
    """Call ``build`` on the path of a fresh temp file beside ``path``, give it the old
    file's mode and rename it over ``path``; on any failure, or any signal that ends the
    run, the temp file is removed and ``path`` is as it was. An OSError becomes a
    one-line ExportError naming ``path``."""
    if path.is_dir():
        raise ExportError(f"{path}: is a folder")
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"{path}: folder {str(folder)!r} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        os.close(fd)
    except PermissionError:
        raise ExportError(f"{path}: permission denied") from None
    except OSError as e:
        raise ExportError(f"{path}: cannot write: {e.strerror or e}") from None
    tmp = Path(tmp_name)
    try:
        result = build(tmp)
        _set_mode(tmp, path)
        os.replace(tmp, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ExportError(f"{path}: cannot write: {e.strerror or e}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return result


def _set_mode(tmp: Path, target: Path) -> None:
    """mkstemp makes 0600 files; give the result the old file's mode or the umask default."""
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)
