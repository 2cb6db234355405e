"""What the wait-for picture needs to know about a run, replayed from its trace events.

:class:`WaitHistory` takes a run's events in order (all at once or a batch at
a time) and keeps, besides each thread's state, who took each item and what
that thread did with it since: set its Event, cleared it, called
``q.task_done()``, moved on to its next ``q.get()`` or ended. The wait-for
picture (:mod:`threadcomm.core.wait_for`) reads it to say who holds the key to
each wait.

A run that ends while threads are blocked (a deadlock the watchdog declared, a
Stop, the program exiting) ends its threads one by one; the history keeps the
moment before that, when the threads were still blocked: it *freezes* at the
DEADLOCK or EXIT event, or at the first thread that ends from a blocked,
paused or pacing state. Pure Python, no Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from threadcomm.core.threads import is_consumer
from threadcomm.core.trace import BLOCKED_STATES, STATE_AFTER, Kind, State

if TYPE_CHECKING:
    from collections.abc import Iterable

    from threadcomm.core.trace import TraceEvent

__all__ = ["WaitHistory"]

#: States a thread leaves for THREAD_END only when the run is stopped.
_CUT_OFF = BLOCKED_STATES | {State.PAUSED, State.PACING}


class WaitHistory:
    """A run's threads and items as the wait-for picture needs them (see the module docstring).

    Parameters
    ----------
    items
        The run's data list.
    maxsize
        The queue's bound (0: unbounded).
    sentinels
        How many ``q.put(None)`` main puts after its ``q.join()`` in this
        program (0 in the tutorial as printed); None: one per consumer.

    Thread ownership: one thread feeds and reads it (the GUI thread, or a test).
    """

    def __init__(
        self, items: tuple[object, ...], maxsize: int = 0, sentinels: int | None = None
    ) -> None:
        self.items = items
        self.maxsize = maxsize
        self.sentinels = sentinels
        self.state: dict[str, State] = {}
        self.index: dict[str, int] = {}  # thread -> the item of its newest indexed event
        self.last_kind: dict[str, Kind] = {}  # thread -> its newest statement (not the gate's)
        self.joins: dict[str, tuple[str, ...]] = {}  # thread -> what its thread.join() waits on
        self.taker: dict[int, str] = {}  # item -> the consumer that took it
        self.holding: dict[str, int] = {}  # consumer -> the item it took, until its next q.get()
        self.flag: dict[int, bool] = {}  # item -> is its Event set
        self.cleared: set[int] = set()
        self.done: set[int] = set()  # items whose q.task_done() ran
        self.queued: dict[int, None] = {}  # items on the queue, in order
        self.discarded: set[int] = set()
        self.errors: dict[str, str] = {}  # thread -> what it died of / failed with
        self.puts = 0
        self.sentinels_put = 0
        self.sentinels_queued = 0
        self.unfinished = 0
        self.shut_down = False
        self.events = 0
        #: Why the picture stopped following the run: "deadlock", "stop", "exit" ('' if not).
        self.frozen = ""

    # -- reading ---------------------------------------------------------------

    def threads(self) -> list[str]:
        """Every thread seen, in the order it first reported."""
        return list(self.state)

    def consumers(self) -> list[str]:
        """The consumer threads seen."""
        return [t for t in self.state if is_consumer(t)]

    def alive(self, thread: str) -> bool:
        """Whether ``thread`` has reported and has not ended."""
        return self.state.get(thread, State.ENDED) is not State.ENDED

    def item(self, index: int) -> str:
        """An item as the picture names it: ``item 3 (13)``."""
        if 0 <= index < len(self.items):
            return f"item {index + 1} ({self.items[index]!r})"
        return f"item {index + 1}"

    def planned_sentinels(self) -> int:
        """How many sentinels main puts in all (one per consumer unless told)."""
        return len(self.consumers()) if self.sentinels is None else self.sentinels

    # -- feeding -----------------------------------------------------------------

    def add(self, events: Iterable[TraceEvent]) -> None:
        """Take the run's next events, in order; nothing changes once frozen."""
        for event in events:
            if self.frozen:
                return
            self.events += 1
            self._add(event)

    def _add(self, event: TraceEvent) -> None:
        thread, kind, index = event.thread, event.kind, event.index
        before = self.state.get(thread, State.RUNNING)
        if kind is Kind.DEADLOCK or kind is Kind.EXIT:
            self.frozen = "deadlock" if kind is Kind.DEADLOCK else "exit"
            return
        if kind is Kind.THREAD_END and before in _CUT_OFF and not self._joined_all(thread):
            self.frozen = "stop"
            return
        self.state[thread] = STATE_AFTER[kind]
        if index >= 0:
            self.index[thread] = index
        if kind is not Kind.PAUSED and kind is not Kind.PACE:
            self.last_kind[thread] = kind
        handle = _HANDLERS.get(kind)
        if handle is not None:
            handle(self, thread, index, event)

    def _joined_all(self, thread: str) -> bool:
        """A thread.join() that ends with the thread because every joined thread ended."""
        if self.state.get(thread) is not State.BLOCKED_JOIN_THREADS:
            return False
        return all(not self.alive(t) for t in self.joins.get(thread, ()))

    def _put(self, thread: str, index: int, event: TraceEvent) -> None:
        self.queued[index] = None
        self.flag[index] = False
        self.unfinished += 1
        self.puts += 1

    def _get(self, thread: str, index: int, event: TraceEvent) -> None:
        self.queued.pop(index, None)
        self.taker[index] = thread
        self.holding[thread] = index

    def _set(self, thread: str, index: int, event: TraceEvent) -> None:
        self.flag[index] = True

    def _clear(self, thread: str, index: int, event: TraceEvent) -> None:
        self.flag[index] = False
        self.cleared.add(index)

    def _task_done(self, thread: str, index: int, event: TraceEvent) -> None:
        self.unfinished -= 1
        self.done.add(index)

    def _sentinel_put(self, thread: str, index: int, event: TraceEvent) -> None:
        self.sentinels_put += 1
        self.sentinels_queued += 1
        self.unfinished += 1

    def _sentinel_get(self, thread: str, index: int, event: TraceEvent) -> None:
        self.sentinels_queued -= 1
        self.unfinished -= 1  # the consumer's q.task_done() for the sentinel follows at once
        self.holding.pop(thread, None)

    def _get_blocked(self, thread: str, index: int, event: TraceEvent) -> None:
        self.holding.pop(thread, None)  # it has moved on to its next q.get()

    def _join_threads(self, thread: str, index: int, event: TraceEvent) -> None:
        self.joins[thread] = tuple(n.strip() for n in event.detail.split(",") if n.strip())

    def _shutdown(self, thread: str, index: int, event: TraceEvent) -> None:
        self.shut_down = True
        for item in event.value or ():  # type: ignore[attr-defined]
            self.queued.pop(item, None)
            self.discarded.add(item)
            self.unfinished -= 1

    def _error(self, thread: str, index: int, event: TraceEvent) -> None:
        self.errors[thread] = event.detail


_HANDLERS = {
    Kind.PUT: WaitHistory._put,
    Kind.GET: WaitHistory._get,
    Kind.SET: WaitHistory._set,
    Kind.CLEAR: WaitHistory._clear,
    Kind.TASK_DONE: WaitHistory._task_done,
    Kind.SENTINEL_PUT: WaitHistory._sentinel_put,
    Kind.SENTINEL_GET: WaitHistory._sentinel_get,
    Kind.GET_BLOCKED: WaitHistory._get_blocked,
    Kind.JOIN_THREADS: WaitHistory._join_threads,
    Kind.SHUTDOWN: WaitHistory._shutdown,
    Kind.ERROR: WaitHistory._error,
}
