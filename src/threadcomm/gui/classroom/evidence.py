"""Evidence for a revealed answer: where on screen the class can see what really happened.

:class:`EvidenceTracker` follows the run's trace events (GUI thread, a dict
update per event) and keeps only what the evidence needs: for each thread
the blocking call it is still in, and how often the creator found the queue
full. :meth:`EvidenceTracker.evidence` turns that, the model and the summary
into one sentence that points at a view ("See the timeline: ..."). Nothing
here depends on the scenario's name: the same run gives the same evidence
whichever scenario asked for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from threadcomm.core.datalist import short_item
from threadcomm.core.threads import CREATOR, GUI_THREAD
from threadcomm.core.trace import BLOCKED_STATES, STATE_AFTER, Kind, State, Status
from threadcomm.gui.theme.colors import item_label

if TYPE_CHECKING:
    from threadcomm.core.trace import Summary, TraceEvent
    from threadcomm.gui.run.model import RunModel

__all__ = ["TRACK_LIMIT", "EvidenceTracker", "whose"]

#: Runs with more items are not followed event by event (they are not classroom runs).
TRACK_LIMIT = 10_000
#: Which stuck thread best shows the cause: a wait nobody answers beats an empty queue.
_CAUSE_ORDER = (
    State.BLOCKED_WAIT,
    State.BLOCKED_JOIN,
    State.BLOCKED_PUT,
    State.BLOCKED_GET,
    State.BLOCKED_JOIN_THREADS,
)
_KEEPS_BLOCK = frozenset({Kind.THREAD_END, Kind.DEADLOCK})  # these do not end a wait
_SHOWN_VALUES = 8
_SCAN_LIMIT = 1_000


def whose(thread: str) -> str:
    """A thread's name as an owner in a sentence: ``the creator's``, ``consumer-2's``."""
    return f"{thread}'s" if thread[-1:].isdigit() else f"the {thread}'s"


def _call(state: State) -> str:
    return state.value.removeprefix("blocked in ")


class EvidenceTracker(QObject):
    """Follows one RunModel's trace events; says where the evidence of the outcome is.

    Thread ownership: lives in, and is only touched by, the GUI thread.
    """

    def __init__(self, model: RunModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        #: thread -> (the blocking call it is in, since when, the item it is about)
        self.stuck: dict[str, tuple[State, int, int]] = {}
        self.put_blocks = 0
        self.first_put_block_ns = 0
        self._tracking = True
        model.reset_done.connect(self._on_reset_done)
        model.events_applied.connect(self._on_events_applied)

    @Slot()
    def _on_reset_done(self) -> None:
        self.stuck = {}
        self.put_blocks = 0
        self.first_put_block_ns = 0
        self._tracking = len(self._model.items) <= TRACK_LIMIT

    @Slot(object)
    def _on_events_applied(self, batch: list[TraceEvent]) -> None:
        if not self._tracking:
            return
        stuck = self.stuck
        for ev in batch:
            state = STATE_AFTER[ev.kind]
            if state in BLOCKED_STATES:
                stuck[ev.thread] = (state, ev.t_ns, ev.index)
                if ev.kind is Kind.PUT_BLOCKED and ev.thread == CREATOR:
                    self.put_blocks += 1
                    self.first_put_block_ns = self.first_put_block_ns or ev.t_ns
            elif ev.kind not in _KEEPS_BLOCK:
                stuck.pop(ev.thread, None)

    # -- the sentence ----------------------------------------------------------

    def _seconds(self, t_ns: int) -> str:
        return f"{max(0, t_ns - self._model.started_ns) / 1e9:.1f} s"

    def evidence(self, summary: Summary) -> str:
        """One sentence that points at the view showing why the run ended as it did."""
        model = self._model
        if model.gui_blocked_s is not None:
            return (
                f"See the banner: the GUI thread was blocked in q.join() for "
                f"{model.gui_blocked_s:.1f} s, and nothing in the window moved meanwhile."
            )
        puts = summary.extra.get("join_returned_after_puts")
        if isinstance(puts, int) and puts < summary.items:
            return (
                f"See the queue view: main's q.join() returned at "
                f"{self._seconds(model.join_returned_ns)}, when only {puts} of "
                f"{summary.items} items had been put."
            )
        if summary.extra.get("mistake") and summary.status is Status.FAILED:
            return f"See the banner: {summary.diagnosis.split('. ')[0].rstrip('.')}."
        if summary.status in (Status.DEADLOCK, Status.HANG):
            return self._deadlock()
        results = model.results
        if results and results[-1].slot_thread != GUI_THREAD:
            names = sorted({r.slot_thread for r in results[:_SCAN_LIMIT]})
            return (
                f"See the results table: the 'Slot ran on' column says {', '.join(names)}, "
                "not GUI thread."
            )
        if summary.failed:
            failed = ", ".join(item_label(model.items, i) for i, _ in summary.failed[:3])
            return (
                f"See the banner: {failed} failed, and the results table still shows "
                f"{self._values()} for the other items."
            )
        if self.put_blocks:
            times = "once" if self.put_blocks == 1 else f"{self.put_blocks} times"
            return (
                f"See the timeline: the creator's lane shows 'blocked in q.put()' {times}, "
                f"first at {self._seconds(self.first_put_block_ns)}: each time the queue "
                "was full."
            )
        if summary.status is Status.STOPPED:
            return "The run was stopped before it ended, so the evidence is incomplete."
        return self._order()

    def _deadlock(self) -> str:
        stuck = self.stuck
        if not stuck:
            return "See the banner: the watchdog says who waits on what."
        name = min(stuck, key=lambda n: (_CAUSE_ORDER.index(stuck[n][0]), stuck[n][1]))
        state, since, index = stuck[name]
        about = f" for {item_label(self._model.items, index)}" if index >= 0 else ""
        return (
            f"See the timeline: {whose(name)} lane stays in {_call(state)}{about} from "
            f"{self._seconds(since)} until the watchdog ends the run."
        )

    def _values(self) -> str:
        results = self._model.results
        shown = [short_item(r.value) for r in results[:_SHOWN_VALUES]]
        more = ", ..." if len(results) > _SHOWN_VALUES else ""
        return ", ".join(shown) + more if shown else "nothing"

    def _order(self) -> str:
        rows = self._model.results[:_SCAN_LIMIT]
        indexes = [r.index for r in rows]
        consumers = len({r.thread for r in rows})
        shared = f"{consumers} consumers shared the work, and " if consumers > 1 else ""
        arrived = f"See the results table: {shared}the results arrived as {self._values()}"
        if indexes == sorted(indexes):
            if consumers > 1:
                return f"{arrived}: this time in the data's order, which nothing guarantees."
            return f"{arrived}: the data's order."
        expected = sorted(indexes)
        first = next(i for i, (a, b) in enumerate(zip(indexes, expected, strict=True)) if a != b)
        late = item_label(self._model.items, expected[first])
        return f"{arrived}: not the data's order ({late} came back later than its turn)."
