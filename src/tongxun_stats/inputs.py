"""The command line's inputs: paths, folders and globs expanded into Sources.

``expand_inputs`` turns command-line arguments into a stable, sorted list of
:class:`Source`, each with its unique doc name; what cannot be read while walking
becomes an ``InputError``, a path that names nothing a ``MissingPathError``.
"""
from __future__ import annotations

import errno
import glob
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import InputError, TongxunError, printable_name
from .ocr import IMAGE_SUFFIXES
from .read import SUPPORTED_SUFFIXES

STDIN = "-"
STDIN_DOC = "<stdin>"  # the doc column of what was read from stdin
_GLOB_MAGIC = re.compile(r"[*?[]")


class MissingPathError(TongxunError):
    """A path or pattern on the command line names nothing (the CLI exits with 2)."""

    def __init__(self, path: str, reason: str = "no such file or folder"):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Source:
    """One document to read: ``path`` is None for stdin; ``doc`` is the name in the doc column
    (a name that is not UTF-8 written with its bytes escaped, ``\\xb1``)."""

    path: Path | None
    doc: str

    @property
    def label(self) -> str:
        """How errors name this source: the path as given, or "-" for stdin."""
        return STDIN if self.path is None else printable_name(str(self.path))


def expand_inputs(paths: list[str]) -> tuple[list[Source], list[InputError]]:
    """Files, folders (recursive), glob patterns (``*`` ``?`` ``[..]`` ``**``) and "-" -> Sources.

    - A file given directly is taken whatever its suffix.
    - A folder is walked recursively in name order (a subfolder's files where its
      name sorts), keeping only ``SUPPORTED_SUFFIXES`` and skipping hidden files and
      folders and Office lock files (``~$x.docx``).
    - A pattern is matched with ``glob`` (recursive ``**``); matches are filtered
      like a folder's files, and folders it matches are walked.
    - ``doc`` is unique in one run: the path, with "/" separators, relative to the
      common parent of all inputs (a folder given, a pattern's literal leading folder,
      a file's folder); so one folder's files keep their names below it, and two
      folders' files of the same name are told apart (``2021/a.txt``, ``2022/a.txt``).
      stdin's is ``<stdin>``.
    - The same file reached twice (``dir dir/a.txt``, two links) is kept once, first seen.

    Raises ``MissingPathError`` when a path does not exist or a pattern matches
    nothing. An unreadable folder, a symlink loop or a broken link met while
    walking is returned as an ``InputError`` and the walk goes on, and so is a
    folder or pattern with no readable file in it.
    """
    found: list[tuple[Path | None, Path | None]] = []  # (file, the input's folder)
    errors: list[InputError] = []
    seen: set[str] = set()
    for arg in paths:
        for path, root in _expand_arg(arg, errors):
            key = STDIN if path is None else os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                found.append((path, root))
    roots = {os.path.abspath(r) for f, r in found if f is not None}
    common = os.path.commonpath(sorted(roots)) if roots else ""
    sources = [Source(f, STDIN_DOC if f is None else printable_name(_relative(f, common))) for f, _ in found]
    return sources, errors


def _expand_arg(arg: str, errors: list[InputError]) -> list[tuple[Path | None, Path | None]]:
    """(file, the folder its doc name is relative to) for one command-line argument."""
    if arg == STDIN:
        return [(None, None)]
    p = Path(arg)
    if p.is_dir():
        files, root = list(_walk(p, p, errors)), p
    elif p.exists():
        return [(p, p.parent)]
    elif p.is_symlink():
        errors.append(InputError(arg, _link_reason(p)))
        return []
    elif _GLOB_MAGIC.search(arg):
        matched = glob.glob(arg, recursive=True)
        if not matched:
            raise MissingPathError(arg, "no file matches this pattern")
        files, root = _expand_glob(matched, errors), _literal_root(arg)
    else:
        raise MissingPathError(arg)
    if not files:
        errors.append(InputError(arg, _NOTHING_READABLE))
    return [(f, root) for f in files]


def pages_as_documents(sources: list[Source]) -> list[Source]:
    """The page images of each folder as one Source: the folder, read page by page in
    name order (``issue-2.png`` before ``issue-10.png``); ``doc`` is the folder's name
    (relative, like a file's). It stands where the folder's first page stood."""
    out: list[Source] = []
    seen: set[Path] = set()
    for s in sources:
        if s.path is None or s.path.suffix.lower() not in IMAGE_SUFFIXES:
            out.append(s)
            continue
        folder = s.path.parent
        if folder not in seen:
            seen.add(folder)
            parent = PurePosixPath(s.doc).parent.as_posix()
            out.append(Source(folder, parent if parent != "." else (folder.resolve().name or str(folder))))
    return out


_NOTHING_READABLE = f"no readable file here (looked for {' '.join(SUPPORTED_SUFFIXES)})"


def _expand_glob(matched: list[str], errors: list[InputError]) -> list[Path]:
    found: list[Path] = []
    for m in sorted(matched, key=_sort_key):
        p = Path(m)
        if p.is_dir():
            found.extend(_walk(p, p, errors))
        elif _wanted(p.name):
            if p.exists():
                found.append(p)
            else:
                errors.append(InputError(m, _link_reason(p)))
    return found


def _literal_root(pattern: str) -> Path:
    parts = []
    for part in Path(pattern).parts[:-1]:
        if _GLOB_MAGIC.search(part):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


def _relative(path: Path, root: str) -> str:
    return Path(os.path.relpath(os.path.abspath(path), root)).as_posix() if root else path.as_posix()


def _sort_key(path: str) -> tuple[str, ...]:
    return Path(path).parts


def _wanted(name: str) -> bool:
    return not name.startswith((".", "~$")) and Path(name).suffix.lower() in SUPPORTED_SUFFIXES


def _walk(
    folder: Path, display: Path, errors: list[InputError], ancestors: frozenset = frozenset()
) -> Iterator[Path]:
    """Files under ``folder`` in name order, following links; loops become errors."""
    try:
        st = folder.stat()
        me = (st.st_dev, st.st_ino)
        if me in ancestors:
            errors.append(InputError(str(display), "symbolic link loop (folder links back to a parent)"))
            return
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except PermissionError:
        errors.append(InputError(str(display), "permission denied (cannot list the folder)"))
        return
    except OSError as e:
        errors.append(InputError(str(display), _os_reason(e)))
        return
    inside = ancestors | {me}
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            is_dir = entry.is_dir()  # follows symlinks
            is_file = entry.is_file()
        except OSError as e:
            errors.append(InputError(str(path), _os_reason(e)))
            continue
        if is_dir:
            yield from _walk(path, path, errors, inside)
        elif is_file:
            if _wanted(entry.name):
                yield path
        elif entry.is_symlink() and _wanted(entry.name):
            errors.append(InputError(str(path), _link_reason(path)))


def _link_reason(path: Path) -> str:
    try:
        path.stat()
    except OSError as e:
        return _os_reason(e)
    return "cannot read"


def _os_reason(e: OSError) -> str:
    if e.errno == errno.ELOOP:
        return "symbolic link loop"
    if e.errno == errno.ENOENT:
        return "broken symbolic link"
    if e.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return e.strerror or str(e)
