"""The GUI thread's picture of the current run, built from the bridge's signals.

Every view observes this one model; none of them talks to a worker thread.
The few widgets that need the live threads' state (the scheduler panel, the
scenario modes) ask the :class:`~threadcomm.gui.run.controller.RunController`,
the only GUI object that holds the pipeline.
The model applies trace events in batches (from the bridge's drain timer) and
records each result in the slot that received it, which is where the lab
measures on which thread a result arrived and how long it took to get there.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from threadcomm.core.datalist import short_item
from threadcomm.core.threads import GUI_THREAD
from threadcomm.core.trace import STATE_AFTER, Kind, State, TraceEvent
from threadcomm.gui.run.results import FailedItem, ResultRow, ResultStore

if TYPE_CHECKING:
    from collections.abc import Callable

    from threadcomm.core.trace import Result, Summary

__all__ = [
    "LOG_LIMIT",
    "RunModel",
    "ThreadState",
]

#: The trace kinds that are one of the tutorial's print() lines (see ``log_line``).
_PUT, _GET, _SET, _TASK_DONE, _WAIT_DONE = (
    Kind.PUT,
    Kind.GET,
    Kind.SET,
    Kind.TASK_DONE,
    Kind.WAIT_DONE,
)
_LOG_KINDS = frozenset({Kind.ANNOUNCE, Kind.WAIT, Kind.GET, Kind.PROCESS, Kind.SAY})
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
        Kind.JOIN_DONE,
        Kind.CLEAR,
        Kind.SHUTDOWN,
    }
)

#: Shortest time between two deferred ``updated`` signals: 20 refreshes a second are
#: smooth to the eye, and every view's refresh is GUI-thread time taken from the run.
UPDATE_INTERVAL_NS = 50_000_000
#: Most failed items given a row of their own in the results table.
FAILURE_ROWS = 1_000
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
    events_summarised(int)
        This many events changed the run's state without being drawn (they
        came too fast to show); views that keep history count them.
    updated()
        Emitted after each batch and each finish: views refresh what they show.
    finished(Summary)
        The run ended.
    """

    reset_done = Signal()
    events_applied = Signal(object)  # a list; ``object`` passes it without conversion
    events_summarised = Signal(int)
    updated = Signal()
    finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.gui_thread_id = threading.get_ident()
        self._take_results: Callable[[], list[Result]] = list
        #: Results reach the model by a queued signal, so the GUI thread may take them.
        self.results_queued = True
        #: Batches only mark the model changed; :meth:`flush_updates` emits ``updated``
        #: (the controller sets this and calls it once per drain tick).
        self.defer_updates = False
        self._changed = False
        self._updated_ns = 0
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
        # Each live item's threading.Event (not a trace event): index -> is set.
        self.event_flags: dict[int, bool] = {}
        self.unfinished_tasks = 0
        self.results = ResultStore(items, gui_thread=GUI_THREAD)
        self.errors: list[str] = []
        #: Items whose processing failed, as table rows: (results received before it, row).
        self.failures: list[tuple[int, ResultRow]] = []
        self.deadlock = ""
        self.join_returned = ""  # when main's q.join() returned: how many items were put
        self.join_returned_ns = 0
        # The newest print() events; the log view formats the few it shows.
        self.log: deque[TraceEvent] = deque(maxlen=LOG_LIMIT)
        self.log_total = 0
        self.event_count = 0
        self.undrawn = 0  # events of this run that took the fast path (not drawn)
        self.undrawn_since = 0  # of those, the ones since the last drawn chunk
        self._changed = False
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
        """Apply a chunk of trace events, in order, for every view to draw.

        In a flood this runs for many thousand events a second on the GUI thread,
        competing with the workers for the GIL, so it only does per-event work
        for the kinds that change the queue, an Event or the log; each thread's
        state comes from its newest event in the chunk.
        """
        if self.undrawn_since:  # the log says where the views skipped events
            self._log_undrawn(batch[0].t_ns if batch else time.monotonic_ns())
        logged = [ev for ev in batch if ev.kind in _LOG_KINDS]
        self.log.extend(logged)
        self.log_total += len(logged)
        self._apply_state(batch)
        self.events_applied.emit(batch)
        self._notify()

    @Slot(object)
    def summarise(self, batch: list[TraceEvent]) -> None:
        """Apply events the views have no time to draw: the run's state only.

        The queue, the Events, the counts, the threads' states and the errors
        follow them exactly; the views that keep history (timeline, log, the
        recorder behind the exports) are told how many they did not get.
        """
        self._apply_state(batch)
        self.undrawn += len(batch)
        self.undrawn_since += len(batch)
        self.events_summarised.emit(len(batch))
        self._notify()

    def _notify(self) -> None:
        if self.defer_updates:
            self._changed = True
        else:
            self.updated.emit()

    @Slot()
    def flush_updates(self) -> None:
        """Emit ``updated`` if a batch changed the model, at most every UPDATE_INTERVAL_NS."""
        now = time.monotonic_ns()
        if self._changed and now - self._updated_ns >= UPDATE_INTERVAL_NS:
            self._changed = False
            self._updated_ns = now
            self.updated.emit()

    def _log_undrawn(self, t_ns: int) -> None:
        count, self.undrawn_since = self.undrawn_since, 0
        detail = f"{count:,} events not drawn: too fast to show"
        self.log.append(TraceEvent(t_ns, GUI_THREAD, Kind.SAY, detail=detail))
        self.log_total += 1

    def _apply_state(self, batch: list[TraceEvent]) -> None:
        # Runs for every event of a flood: the common kinds first, with names in locals.
        queue, flags = self.queue, self.event_flags
        keep_until_wait_done = self.handshake  # the creator still holds the Event
        put, get, set_, task_done, wait_done = _PUT, _GET, _SET, _TASK_DONE, _WAIT_DONE
        model_kinds = _MODEL_KINDS
        unfinished = self.unfinished_tasks
        for ev in batch:
            kind = ev.kind
            if kind is put:
                queue[ev.index] = ev.value
                flags[ev.index] = False
                unfinished += 1
            elif kind is get:
                queue.pop(ev.index, None)
            elif kind is set_:
                flags[ev.index] = True
            elif kind is task_done:
                unfinished -= 1
                if not keep_until_wait_done:
                    flags.pop(ev.index, None)
            elif kind is wait_done:
                flags.pop(ev.index, None)
            elif kind not in model_kinds:
                continue
            elif kind is Kind.SENTINEL_PUT:
                self.sentinels_queued += 1
                unfinished += 1
            elif kind is Kind.SENTINEL_GET:
                self.sentinels_queued -= 1
                unfinished -= 1
            elif kind is Kind.ERROR:
                where = (
                    f"item {ev.index + 1} ({short_item(ev.value)})" if ev.index >= 0 else ev.thread
                )
                self.errors.append(f"{ev.thread}: {where}: {ev.detail}")
                if ev.index >= 0 and len(self.failures) < FAILURE_ROWS:  # the banner counts all
                    # Results emitted before this failure may still wait for their signal:
                    # take them now, so the failed row stands after them and before any
                    # emitted later. (Not under a direct connection: its slot takes them.)
                    if self.results_queued:
                        self.on_result_ready()
                    row = ResultRow(
                        ev.index, ev.value, FailedItem(ev.detail), ev.thread, "", ev.t_ns, ev.t_ns
                    )
                    self.failures.append((self.results.emitted_before(ev.t_ns), row))
            elif kind is Kind.DEADLOCK:
                self.deadlock = ev.detail
            elif kind is Kind.JOIN_DONE:
                self.join_returned, self.join_returned_ns = ev.detail, ev.t_ns
            elif kind is Kind.CLEAR:
                flags[ev.index] = False
            elif kind is Kind.SHUTDOWN:
                for index in ev.value or ():  # type: ignore[attr-defined]
                    queue.pop(index, None)  # discarded by shutdown(immediate=True)
                    unfinished -= 1
        self.unfinished_tasks = unfinished
        self._update_threads(batch)
        self.event_count += len(batch)

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
        """Results are waiting: take them, recording them as delivered now on this thread."""
        results = self._take_results()
        now = time.monotonic_ns()
        on_gui = threading.get_ident() == self.gui_thread_id
        slot_thread = GUI_THREAD if on_gui else threading.current_thread().name
        self.results.record(results, slot_thread, now)

    @Slot(object)
    def finish(self, summary: Summary) -> None:
        """The run ended: keep its summary."""
        if self.undrawn_since:
            self._log_undrawn(time.monotonic_ns())
        self.summary = summary
        self._changed = False  # the update below shows everything
        self.finished.emit(summary)
        self.updated.emit()
