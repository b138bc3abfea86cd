"""The exceptions the library raises. The library never prints or exits."""
from __future__ import annotations


def printable_name(name: str) -> str:
    """A file name as text that any output can hold: the bytes of a name that is not
    UTF-8 (``os.fsdecode`` keeps them as lone surrogates) are written ``\\xb1``."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class TongxunError(Exception):
    """Base class: the CLI catches this one and prints a one-line message."""


class InputError(TongxunError):
    """A document could not be read or decoded."""

    def __init__(self, path: str, reason: str):
        path = printable_name(str(path))
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):  # picklable across worker processes
        return (type(self), (self.path, self.reason))


class PatternsError(TongxunError):
    """A patterns/ folder has problems; ``problems`` lists every one as ``file:line: message``."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = list(problems)

    def __reduce__(self):
        return (type(self), (self.problems,))


class ExportError(TongxunError):
    """Rows could not be written in the requested format."""
