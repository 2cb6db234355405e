"""Ctrl+C (SIGINT) and SIGTERM as requests to stop, never as tracebacks.

While a run goes on, a signal only asks it to stop (:attr:`StopSignals.received`
is set and the owner stops and joins its threads, then reports). Before a run
and while a file is being written, a signal raises :class:`Interrupted`, which
unwinds the work (a temporary file is removed on the way) to the command line,
which exits with ``128 + signal number`` where nothing ran.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from types import FrameType

__all__ = ["STOP_SIGNALS", "Interrupted", "StopSignals", "signal_name"]

#: The signals that stop threadcomm the polite way.
STOP_SIGNALS = tuple(s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None)


def signal_name(signum: int) -> str:
    """``SIGINT``, ``SIGTERM``, ... for a signal number."""
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


class Interrupted(BaseException):  # like KeyboardInterrupt
    """A stop signal arrived while nothing could be stopped politely."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal_name(signum))
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """The shell's code for a process ended by this signal: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + self.signum


class StopSignals:
    """Handlers for SIGINT and SIGTERM, installed in the main thread for a ``with`` block.

    Parameters
    ----------
    on_signal
        Called in the main thread with the signal number, when not raising.
    raising
        Whether a signal raises :class:`Interrupted` outside :meth:`only_asking`.
    """

    def __init__(
        self, on_signal: Callable[[int], object] | None = None, *, raising: bool = True
    ) -> None:
        self.received: int | None = None
        self._on_signal = on_signal
        self._raising = raising
        self._saved: dict[int, object] = {}

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for signum in STOP_SIGNALS:
                self._saved[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum, handler in self._saved.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
        self._saved.clear()

    @contextlib.contextmanager
    def only_asking(self) -> Iterator[None]:
        """While inside, a signal is only noted (and ``on_signal`` called), not raised."""
        saved, self._raising = self._raising, False
        try:
            yield
        finally:
            self._raising = saved

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.received = signum
        if self._raising:
            raise Interrupted(signum)
        if self._on_signal is not None:
            self._on_signal(signum)
