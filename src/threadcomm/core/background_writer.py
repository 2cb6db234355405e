"""Write texts to a file from a thread of its own, with a bounded number queued.

Compressing and writing a long trace costs as much as making it; in the
thread that makes it, that time would be added to the run's. The C code of
:mod:`zlib` and of file writes runs without the GIL, so a writing thread
costs the run's threads little. At most a few texts wait in the queue, so
memory stays bounded however fast they are made; every wait is in short,
bounded steps that end once writing failed or was abandoned. Pure Python;
never imports Qt.
"""

from __future__ import annotations

import queue
import threading
from typing import IO, TYPE_CHECKING, AnyStr, Generic

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["BackgroundWriter"]

#: Seconds of each step of a wait: between steps, a failure or an abandon is noticed.
_STEP_S = 0.1
#: Longest wait (seconds) for the writing thread to end when the output is abandoned.
_ABANDON_S = 2.0


class BackgroundWriter(Generic[AnyStr]):
    """Texts (or bytes) written to ``file`` in order, by a thread started with the first one.

    Parameters
    ----------
    file
        An open text (or binary) file; only the writing thread writes to it until
        :meth:`close` or :meth:`abandon` returned.
    on_error
        Called (in the writing thread) once a write failed; later texts are dropped.
    ahead
        Most texts waiting to be written; :meth:`write` waits while there are more.
    """

    def __init__(
        self, file: IO[AnyStr], *, on_error: Callable[[], object] | None = None, ahead: int = 3
    ) -> None:
        self._file: IO[AnyStr] = file
        self._on_error = on_error
        self._queue: queue.Queue[AnyStr | None] = queue.Queue(maxsize=ahead)
        self._thread: threading.Thread | None = None
        self._abandoned = False
        #: Why writing failed, once it did.
        self.error: Exception | None = None

    def write(self, text: AnyStr) -> bool:
        """Queue ``text``, waiting while the queue is full; False once writing failed."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="trace-writer", daemon=True)
            self._thread.start()
        return self._put(text)

    def close(self) -> None:
        """Wait until every queued text is written.

        Raises
        ------
        Exception
            What made a write fail.
        """
        if self._thread is not None:
            self._put(None)
            while self._thread.is_alive():
                self._thread.join(_STEP_S)
        if self.error is not None:
            raise self.error

    def abandon(self) -> None:
        """Drop what is queued and end the writing thread (waiting at most a few seconds)."""
        self._abandoned = True
        thread = self._thread
        if thread is None:
            return
        try:
            self._queue.put_nowait(None)
        except queue.Full:  # the thread takes the next text, sees the abandon, and ends
            pass
        thread.join(_ABANDON_S)

    def _put(self, text: AnyStr | None) -> bool:
        thread = self._thread
        while self.error is None and not self._abandoned and thread and thread.is_alive():
            try:
                self._queue.put(text, timeout=_STEP_S)
            except queue.Full:
                continue
            return True
        return False

    def _run(self) -> None:
        while True:
            text = self._queue.get()  # close() and abandon() always queue an end
            if text is None or self._abandoned:
                return
            try:
                self._file.write(text)
            except Exception as exc:  # disk full, a closed pipe
                self.error = exc
                if self._on_error is not None:
                    self._on_error()
                return
