"""Stopping a run: SIGINT, SIGTERM and SIGHUP raise :class:`Stopped` in the main thread,
which unwinds like Ctrl-C (temp output removed, workers stopped, exit 128 + signal)."""
from __future__ import annotations

import signal
import sys

STOP_SIGNALS = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n))


class Stopped(BaseException):
    """The run was stopped by a signal (SIGINT, SIGTERM, SIGHUP). It unwinds like Ctrl-C:
    temp output is removed, workers are stopped, the previous output stays; the
    process should exit with ``exit_code`` (128 + the signal number)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def stop_on_signals() -> None:
    """Make SIGINT, SIGTERM and SIGHUP raise :class:`Stopped` in this (main) thread."""
    for sig in STOP_SIGNALS:
        signal.signal(sig, _raise_stopped)
    previous = sys.unraisablehook

    def unraisable(info) -> None:  # Stopped in a fork hook: check_stopped raises it again
        if not isinstance(info.exc_value, Stopped):
            previous(info)

    sys.unraisablehook = unraisable


_stop_requested: list[int] = []


def _raise_stopped(signum, _frame):
    for sig in STOP_SIGNALS:  # a second signal must not interrupt the clean-up
        signal.signal(sig, signal.SIG_IGN)
    _stop_requested.append(signum)
    raise Stopped(signum)


def check_stopped() -> None:
    """Raise :class:`Stopped` again if a stop signal came while its exception could not
    propagate (Python ignores an exception raised in, e.g., a fork hook)."""
    if _stop_requested:
        raise Stopped(_stop_requested[0])
