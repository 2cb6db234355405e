"""The GUI thread's picture of the current run, built from the bridge's signals.

Every view observes this one model; none of them talks to a worker thread.
The model applies trace events in batches (from the bridge's drain timer) and
records each result in the slot that received it, which is where the lab
measures on which thread a result arrived and how long it took to get there.
"""

from __future__ import annotations

import threading
import time
from array import array
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

from PySide6.QtCore import QObject, Signal, Slot

from threadcomm.core.threads import GUI_THREAD
from threadcomm.core.trace import STATE_AFTER, Kind, State, TraceEvent

if TYPE_CHECKING:
    from collections.abc import Callable

    from threadcomm.core.trace import Result, Summary

__all__ = [
    "LOG_LIMIT",
    "ResultRow",
    "ResultTable",
    "RunModel",
    "ThreadState",
]

#: The trace kinds that are one of the tutorial's print() lines (see ``log_line``).
_LOG_KINDS = frozenset({Kind.ANNOUNCE, Kind.WAIT, Kind.GET, Kind.PROCESS})
_MODEL_KINDS = frozenset(
    {
        Kind.PUT,
        Kind.GET,
        Kind.SET,
        Kind.TASK_DONE,
        Kind.WAIT_DONE,
        Kind.SENTINEL_PUT,
        Kind.SENTINEL_GET,
        Kind.ERROR,
        Kind.DEADLOCK,
    }
)

#: Most log lines kept; older ones are dropped so a long run stays small.
LOG_LIMIT = 5_000


@dataclass(slots=True)
class ThreadState:
    """What one thread is doing now."""

    name: str
    state: State = State.RUNNING
    since_ns: int = 0
    index: int = -1  # the item it works on or waits for
    kind: Kind = Kind.THREAD_START


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One result as it arrived in a slot."""

    index: int
    item: object
    value: object
    thread: str  # the consumer that computed it
    slot_thread: str  # where the slot ran: GUI_THREAD, or a worker's name
    emitted_ns: int
    delivered_ns: int

    @property
    def latency_ms(self) -> float:
        """Milliseconds from the consumer's emit to the slot."""
        return (self.delivered_ns - self.emitted_ns) / 1e6


class ResultTable(Sequence[ResultRow]):
    """The results of the current run as delivered, kept in columns.

    A million ResultRow objects would take about 200 MB; the columns take about
    35 bytes a row (three int64 arrays, two one-byte thread codes and a list of
    references to the values), and a row is built when it is read.

    Thread ownership: written by the result slot, which runs on the GUI thread,
    or on consumer threads under a direct connection, hence the lock; read by
    the GUI thread. The index column grows last, so a reader never sees half a
    row.
    """

    def __init__(self, items: Sequence[object] = ()) -> None:
        self._items = items
        self._lock = threading.Lock()
        self._index = array("q")
        self._emitted = array("q")
        self._delivered = array("q")
        self._value: list[object] = []
        self._names: list[str] = []  # thread names, by code
        self._thread = array("B")  # code of the consumer that computed the result
        self._slot_thread = array("B")  # code of the thread the slot ran on
        self.off_gui = 0  # rows whose slot ran on a worker thread

    def _code(self, name: str) -> int:
        if name not in self._names:
            self._names.append(name)
        return self._names.index(name)

    def record(self, results: Sequence[Result], slot_thread: str, delivered_ns: int) -> None:
        """Add results delivered at ``delivered_ns`` to a slot running on ``slot_thread``."""
        with self._lock:
            code = self._code
            self._emitted.extend([r.emitted_ns for r in results])
            self._delivered.extend([delivered_ns] * len(results))
            self._value.extend([r.value for r in results])
            self._thread.extend([code(r.thread) for r in results])
            self._slot_thread.extend([code(slot_thread)] * len(results))
            if slot_thread != GUI_THREAD:
                self.off_gui += len(results)
            self._index.extend([r.index for r in results])

    def __len__(self) -> int:
        return len(self._index)

    def deliveries(self, start: int = 0) -> list[tuple[int, int, str]]:
        """(item index, delivered_ns, slot thread) of the rows from ``start`` on.

        Read from the columns, without building a row: the timeline marks every slot.
        """
        with self._lock:
            index = self._index[start:]
            delivered = self._delivered[start : start + len(index)]
            slot_codes = self._slot_thread[start : start + len(index)]
        return list(zip(index, delivered, map(self._names.__getitem__, slot_codes), strict=True))

    @overload
    def __getitem__(self, position: int) -> ResultRow: ...
    @overload
    def __getitem__(self, position: slice) -> list[ResultRow]: ...
    def __getitem__(self, position: int | slice) -> ResultRow | list[ResultRow]:
        if isinstance(position, slice):
            return [self._row(i) for i in range(*position.indices(len(self)))]
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError("result row out of range")
        return self._row(position)

    def _row(self, i: int) -> ResultRow:
        index, names = self._index[i], self._names
        return ResultRow(
            index,
            self._items[index] if index < len(self._items) else None,
            self._value[i],
            names[self._thread[i]],
            names[self._slot_thread[i]],
            self._emitted[i],
            self._delivered[i],
        )


class RunModel(QObject):
    """The current run as the GUI thread knows it.

    Thread ownership: lives in, and is only touched by, the GUI thread;
    the bridge's queued signals bring the workers' reports here.

    Signals
    -------
    reset_done()
        A new run begins: views clear themselves.
    events_applied(list)
        A batch of trace events was applied; views that keep history read it.
    updated()
        Emitted after each batch and each finish: views refresh what they show.
    finished(Summary)
        The run ended.
    """

    reset_done = Signal()
    events_applied = Signal(object)  # a list; ``object`` passes it without conversion
    updated = Signal()
    finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.gui_thread_id = threading.get_ident()
        self._take_results: Callable[[], list[Result]] = list
        self.reset([], items=())

    def reset(
        self,
        thread_names: list[str],
        items: tuple[object, ...],
        maxsize: int = 0,
        listing: str = "",
        handshake: bool = True,
    ) -> None:
        """Forget the previous run; ``thread_names`` are the new run's threads.

        ``listing`` is the program the run performs, for the code view.
        """
        self.items = items
        self.maxsize = maxsize
        self.listing = listing
        self.handshake = handshake
        self.started_ns = time.monotonic_ns()
        self.threads: dict[str, ThreadState] = {n: ThreadState(n) for n in thread_names}
        self.queue: dict[int, object] = {}  # index -> item, in queue order (-1: a sentinel)
        self.sentinels_queued = 0
        self.events: dict[int, bool] = {}  # live Events: index -> is set
        self.unfinished_tasks = 0
        self.results = ResultTable(items)
        self.errors: list[str] = []
        self.deadlock = ""
        # The newest print() events; the log view formats the few it shows.
        self.log: deque[TraceEvent] = deque(maxlen=LOG_LIMIT)
        self.log_total = 0
        self.event_count = 0
        self.summary: Summary | None = None
        # The join_on_gui_thread scenario (gui/scenario_modes.py) measures these:
        self.gui_blocked_s: float | None = None  # the GUI thread's time in q.join()
        self.gui_gap_s: float | None = None  # the event loop's longest gap around it
        self.reset_done.emit()
        self.updated.emit()

    # -- derived facts -------------------------------------------------------

    @property
    def queue_size(self) -> int:
        """Items (and sentinels) on the queue now."""
        return len(self.queue) + self.sentinels_queued

    @property
    def running(self) -> bool:
        """Whether the run has started and not yet finished."""
        return bool(self.threads) and self.summary is None

    def live_threads(self) -> int:
        """Worker threads that have not ended."""
        return sum(1 for t in self.threads.values() if t.state is not State.ENDED)

    # -- slots (GUI thread) ----------------------------------------------------

    @Slot(object)
    def apply(self, batch: list[TraceEvent]) -> None:
        """Apply a batch of trace events, in order.

        In a flood this runs for about 100,000 events a second on the GUI thread,
        competing with the workers for the GIL, so it only does per-event work
        for the kinds that change the queue, an Event or the log; each thread's
        state comes from its newest event in the batch.
        """
        queue, events = self.queue, self.events
        keep_until_wait_done = self.handshake  # the creator still holds the Event
        logged = [ev for ev in batch if ev.kind in _LOG_KINDS]
        self.log.extend(logged)
        self.log_total += len(logged)
        for ev in batch:
            kind = ev.kind
            if kind not in _MODEL_KINDS:
                continue
            if kind is Kind.PUT:
                queue[ev.index] = ev.value
                events[ev.index] = False
                self.unfinished_tasks += 1
            elif kind is Kind.GET:
                queue.pop(ev.index, None)
            elif kind is Kind.SET:
                events[ev.index] = True
            elif kind is Kind.TASK_DONE:
                self.unfinished_tasks -= 1
                if not keep_until_wait_done:
                    events.pop(ev.index, None)
            elif kind is Kind.WAIT_DONE:
                events.pop(ev.index, None)
            elif kind is Kind.SENTINEL_PUT:
                self.sentinels_queued += 1
                self.unfinished_tasks += 1
            elif kind is Kind.SENTINEL_GET:
                self.sentinels_queued -= 1
                self.unfinished_tasks -= 1
            elif kind is Kind.ERROR:
                where = f"item {ev.index + 1} ({ev.value!r})" if ev.index >= 0 else ev.thread
                self.errors.append(f"{ev.thread}: {where}: {ev.detail}")
            elif kind is Kind.DEADLOCK:
                self.deadlock = ev.detail
        self._update_threads(batch)
        self.event_count += len(batch)
        self.events_applied.emit(batch)
        self.updated.emit()

    def _update_threads(self, batch: list[TraceEvent]) -> None:
        """Each thread's state from its newest event; its item from its newest indexed one."""
        threads = self.threads
        stated: set[str] = set()
        indexed: set[str] = set()
        for ev in reversed(batch):
            name = ev.thread
            if name not in stated:
                st = threads.get(name)
                if st is None:
                    st = threads[name] = ThreadState(name)
                st.state, st.since_ns, st.kind = STATE_AFTER[ev.kind], ev.t_ns, ev.kind
                stated.add(name)
            if ev.index >= 0 and name not in indexed:
                threads[name].index = ev.index
                indexed.add(name)

    def record_gui_block(self, started_ns: int, ended_ns: int, gap_s: float) -> None:
        """The GUI thread itself was blocked in q.join() from ``started_ns`` to ``ended_ns``.

        Measured by the join_on_gui_thread scenario (gui/classroom/scenario_modes.py).
        The views that keep history get it as two events on the GUI thread's own
        lane: the blocking span, then its end.
        """
        self.gui_blocked_s = (ended_ns - started_ns) / 1e9
        self.gui_gap_s = gap_s
        detail = f"{self.gui_blocked_s:.1f} s"
        self.events_applied.emit(
            [
                TraceEvent(started_ns, GUI_THREAD, Kind.JOIN, detail=detail),
                TraceEvent(ended_ns, GUI_THREAD, Kind.JOIN_DONE, detail=detail),
            ]
        )
        self.updated.emit()

    def set_result_source(self, take_results: Callable[[], list[Result]]) -> None:
        """Where :meth:`on_result_ready` takes the waiting results from (the bridge)."""
        self._take_results = take_results

    @Slot()
    def on_result_ready(self) -> None:
        """Results are waiting: take them, noting on which thread this slot runs."""
        self.record_results(self._take_results())

    def record_results(self, results: list[Result]) -> None:
        """Record results as delivered now, on the calling thread."""
        now = time.monotonic_ns()
        on_gui = threading.get_ident() == self.gui_thread_id
        slot_thread = GUI_THREAD if on_gui else threading.current_thread().name
        self.results.record(results, slot_thread, now)

    def record_result(self, result: Result) -> None:
        """Record one result as delivered now, on the calling thread."""
        self.record_results([result])

    @Slot(object)
    def finish(self, summary: Summary) -> None:
        """The run ended: keep its summary."""
        self.summary = summary
        self.finished.emit(summary)
        self.updated.emit()
