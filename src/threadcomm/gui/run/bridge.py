"""The one QObject that turns the pipeline's sink calls into Qt signals.

The pipeline calls :attr:`Bridge.trace`, :meth:`Bridge.result` and
:meth:`Bridge.finished` from its worker threads. The bridge never touches a
widget: it emits signals, which Qt delivers *queued* to ``@Slot`` methods of
objects living in the GUI thread, because the bridge itself was created there.

Results cross into the GUI thread through a deque, and a queued
``result_ready`` signal wakes the slot that takes them, with at most one such
signal in flight. At a watchable pace every result therefore arrives by its
own signal; in a flood, one delivery carries everything that arrived since the
last one, so the GUI thread is woken (and takes the GIL from the workers) a few
hundred times a second instead of once per result. Trace events come far
faster than a person can see: they are buffered in a deque (thread-safe for
append/popleft) and drained by a GUI-thread timer at no more than 60 Hz.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

if TYPE_CHECKING:
    from collections.abc import Callable

    from threadcomm.core.trace import Result, Summary, TraceEvent

__all__ = ["DRAIN_INTERVAL_MS", "MAX_BATCH", "Bridge"]

#: The drain timer's period: 16 ms is about 60 Hz.
DRAIN_INTERVAL_MS = 16
#: Most trace events handed to the views in one drain, so one tick never stalls the window.
MAX_BATCH = 20_000


class Bridge(QObject):
    """Implements the core's Sink protocol by emitting signals.

    Thread ownership: create it in the GUI thread, before any worker starts.
    ``trace``, ``result`` and ``finished`` may be called from any thread;
    everything else belongs to the GUI thread.

    Signals
    -------
    result_ready()
        Emitted in a consumer thread when results are waiting and no earlier
        ``result_ready`` is still undelivered; the slot calls :meth:`take_results`.
    run_finished(Summary)
        Emitted in the coordinator thread, once, when every thread has ended.
        Its slot calls :meth:`end` first, so the last events are handed over
        before anything else hears of the end.
    events_drained(list[TraceEvent])
        Emitted in the GUI thread by the drain timer with the next batch.
    """

    result_ready = Signal()
    run_finished = Signal(object)
    # ``object``, not ``list``: a ``Signal(list)`` converts every element to a
    # QVariant and back on each emit (about 250 ns an event, measured), which in a
    # flood costs the GUI thread more than applying the events does.
    events_drained = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.gui_thread_id = threading.get_ident()
        self._buffer: deque[TraceEvent] = deque()
        self._results: deque[Result] = deque()
        self._wake_pending = False  # a result_ready is on its way and not yet taken
        self._timer = QTimer(self)
        self._timer.setInterval(DRAIN_INTERVAL_MS)
        self._timer.timeout.connect(self.drain)

    # -- the Sink protocol (any thread) ----------------------------------

    @property
    def trace(self) -> Callable[[TraceEvent], None]:
        """Buffer a trace event for the next drain: the deque's own ``append``.

        The hottest call of a run, made by the workers for every statement; the
        pipeline looks it up once, so each call runs no Python frame.
        """
        return self._buffer.append

    def result(self, result: Result) -> None:
        """Hand over a result; emit ``result_ready`` unless one is already on its way."""
        self._results.append(result)
        # Append before looking at the flag: take_results() clears the flag before it
        # drains, so this result is either drained by it or announced by a new signal.
        if not self._wake_pending:
            self._wake_pending = True
            self.result_ready.emit()

    def take_results(self) -> list[Result]:
        """Every result handed over so far; called by the ``result_ready`` slot."""
        self._wake_pending = False
        taken: list[Result] = []
        popleft = self._results.popleft
        try:
            while True:
                taken.append(popleft())
        except IndexError:  # empty (several slots may drain at once on a direct connection)
            return taken

    def finished(self, summary: Summary) -> None:
        """Emit ``run_finished`` (from the coordinator thread)."""
        self.run_finished.emit(summary)

    # -- GUI thread ----------------------------------------------------------

    def begin(self) -> None:
        """Forget any leftover events and start draining; call before the run starts."""
        self._buffer.clear()
        self._results.clear()
        self._wake_pending = False
        self._timer.start()

    def end(self) -> None:
        """Stop the drain timer after handing over every buffered event."""
        self._timer.stop()
        while self._buffer:
            self.drain()

    @property
    def pending(self) -> int:
        """Trace events waiting for the next drain."""
        return len(self._buffer)

    @Slot()
    def drain(self) -> None:
        """Hand the next batch of buffered events to the views."""
        buffer = self._buffer
        count = min(len(buffer), MAX_BATCH)
        if count:
            popleft = buffer.popleft
            self.events_drained.emit([popleft() for _ in range(count)])
