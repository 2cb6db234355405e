"""Who woke whom: the statement of another thread that ended each blocked span.

A thread blocks in ``evt.wait()``, ``q.get()``, ``q.put()``, ``q.join()`` or
``thread.join()``; only another thread can release it. From a run's trace
events, :func:`find_causes` names, for every blocked span that ended, the
statement that ended it:

- the creator's ``evt.wait()`` for item k ends because a consumer ran
  ``evt.set()`` for item k;
- a consumer's ``q.get()`` ends because the creator's ``q.put()`` of the item
  it took landed (or main's ``q.put(None)``, or ``q.shutdown()``);
- a ``q.put()`` on a full bounded queue ends because a ``q.get()`` freed a slot;
- main's ``q.join()`` ends because the last ``q.task_done()`` brought the
  count of unfinished tasks to zero;
- main's ``thread.join()`` ends because the last joined thread ended;
- a span that ends any other way (the thread ends, the watchdog declares a
  deadlock, the user stops the run) ends because of the stop.

:func:`unended` says, for each span that never ended, what could have ended
it. Pure Python, no Qt; positions are indexes into the event sequence given.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from threadcomm.core.threads import COORDINATOR
from threadcomm.core.trace import Kind, TraceEvent

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = ["STOP", "Cause", "find_causes", "unended"]

#: ``Cause.cause`` of a span that the stop ended (no thread's statement did).
STOP = -1

#: The kinds that begin a blocked span.
_BLOCKING = frozenset(
    {Kind.WAIT, Kind.GET_BLOCKED, Kind.PUT_BLOCKED, Kind.JOIN, Kind.JOIN_THREADS}
)

#: The statement each blocked call is, in the words of the program.
_CALL = {
    Kind.WAIT: "evt.wait()",
    Kind.GET_BLOCKED: "q.get()",
    Kind.PUT_BLOCKED: "q.put()",
    Kind.JOIN: "q.join()",
    Kind.JOIN_THREADS: "thread.join()",
}

#: What could end each blocked call, for a span that never ended.
_RELEASER = {
    Kind.WAIT: "a consumer's evt.set() for that item",
    Kind.GET_BLOCKED: "a q.put() of an item, a q.put(None) or q.shutdown()",
    Kind.PUT_BLOCKED: "a consumer's q.get() freeing a slot",
    Kind.JOIN: "a q.task_done() bringing the unfinished count to zero",
    Kind.JOIN_THREADS: "the joined threads ending",
}

#: A statement's words: how a cause is quoted.
_STATEMENT = {
    Kind.SET: "evt.set()",
    Kind.PUT: "q.put()",
    Kind.SENTINEL_PUT: "q.put(None)",
    Kind.SHUTDOWN: "q.shutdown()",
    Kind.GET: "q.get()",
    Kind.SENTINEL_GET: "q.get()",
    Kind.TASK_DONE: "q.task_done()",
    Kind.THREAD_END: "its last statement",
}


@dataclass(frozen=True, slots=True)
class Cause:
    """Why one blocked span ended.

    Attributes
    ----------
    blocked
        Position of the event that began the span (WAIT, GET_BLOCKED, ...).
    effect
        Position of the blocked thread's next event, which ended the span.
    cause
        Position of the other thread's statement that released it, or
        :data:`STOP` when the stop ended it.
    words
        The cause in plain words, e.g. ``creator's evt.wait() for item 3 ended
        because consumer-2 ran evt.set() for item 3``.
    """

    blocked: int
    effect: int
    cause: int
    words: str


def _item(event: TraceEvent) -> str:
    return f" for item {event.index + 1}" if event.index >= 0 else ""


def _of_item(event: TraceEvent) -> str:
    return f" of item {event.index + 1}" if event.index >= 0 else ""


class _Index:
    """The events seen so far, looked up the ways the rules below need (one pass)."""

    def __init__(self) -> None:
        self.last_set: dict[int, int] = {}  # item -> position of its latest SET
        self.last_put: dict[int, int] = {}  # item -> position of its latest PUT
        self.sentinel_puts: list[int] = []
        self.sentinel_gets = 0
        self.last_shutdown: int | None = None
        self.gets: list[int] = []  # positions of GET and SENTINEL_GET, in order
        self.last_task_done: int | None = None
        self.ended: dict[str, int] = {}  # thread -> position of its THREAD_END

    def add(self, position: int, event: TraceEvent) -> None:
        kind = event.kind
        if kind is Kind.SET:
            self.last_set[event.index] = position
        elif kind is Kind.PUT:
            self.last_put[event.index] = position
        elif kind is Kind.SENTINEL_PUT:
            self.sentinel_puts.append(position)
        elif kind is Kind.SHUTDOWN:
            self.last_shutdown = position
        elif kind is Kind.GET or kind is Kind.SENTINEL_GET:
            self.gets.append(position)
        elif kind is Kind.TASK_DONE:
            self.last_task_done = position
        elif kind is Kind.THREAD_END:
            self.ended[event.thread] = position


def _release(events: Sequence[TraceEvent], seen: _Index, start: int, end: int) -> int | None:
    """The position of the statement that ended the span from ``start`` to ``end``, if any."""
    begun, ended = events[start], events[end]
    kind = begun.kind
    if kind is Kind.WAIT and ended.kind is Kind.WAIT_DONE:
        return seen.last_set.get(ended.index)
    if kind is Kind.GET_BLOCKED:
        if ended.kind is Kind.GET:
            return seen.last_put.get(ended.index)
        if ended.kind is Kind.SENTINEL_GET and seen.sentinel_puts:
            taken = min(seen.sentinel_gets, len(seen.sentinel_puts)) - 1
            return seen.sentinel_puts[max(taken, 0)]
        if ended.kind is Kind.SHUTDOWN_GET:
            return seen.last_shutdown
        return None
    if kind is Kind.PUT_BLOCKED and ended.kind in (Kind.PUT, Kind.SENTINEL_PUT):
        # Only consumers get, so every get is another thread's. The first get after
        # the put blocked freed its slot; failing that, the latest one before.
        after = bisect_right(seen.gets, start)
        if after < len(seen.gets):
            return seen.gets[after]
        return seen.gets[-1] if seen.gets else None
    if kind is Kind.JOIN and ended.kind is Kind.JOIN_DONE:
        return seen.last_task_done
    if kind is Kind.JOIN_THREADS and ended.kind is not Kind.DEADLOCK:
        names = [n.strip() for n in begun.detail.split(",") if n.strip()]
        ends = [seen.ended.get(n) for n in names]
        if names and None not in ends:
            return max(p for p in ends if p is not None)
    return None


def _words(
    events: Sequence[TraceEvent],
    start: int,
    cause: int,
    line_of: Callable[[TraceEvent], int | None] | None,
) -> str:
    begun = events[start]
    blocked = f"{begun.thread}'s {_CALL[begun.kind]}{_item(begun)}"
    if cause == STOP:
        return f"{blocked} ended because the run stopped (nothing released it)"
    by = events[cause]
    if by.kind is Kind.THREAD_END:
        return f"{blocked} ended because {by.thread} ended"
    line = line_of(by) if line_of is not None else None
    where = f" (lesson line {line})" if line is not None else ""
    what = _STATEMENT.get(by.kind, by.kind.value)
    tail = {
        Kind.SET: _item(by),
        Kind.PUT: _of_item(by) + " landed",
        Kind.GET: _of_item(by) + " freed a slot",
        Kind.SENTINEL_GET: " freed a slot",
        Kind.TASK_DONE: _item(by) + " brought the unfinished count to zero",
    }.get(by.kind, "")
    verb = "'s " if by.kind in (Kind.PUT, Kind.GET, Kind.SENTINEL_GET, Kind.TASK_DONE) else " ran "
    return f"{blocked} ended because {by.thread}{verb}{what}{tail}{where}"


def find_causes(
    events: Sequence[TraceEvent],
    line_of: Callable[[TraceEvent], int | None] | None = None,
) -> list[Cause]:
    """The cause of every blocked span of ``events`` that ended, in the order they ended.

    Parameters
    ----------
    events
        A run's trace events in the order the sink received them.
    line_of
        Optional: the lesson line of a statement, quoted in the words.

    Returns
    -------
    list[Cause]
        One per ended span; ``cause`` is an earlier position of another
        thread's statement, or :data:`STOP`.
    """
    seen = _Index()
    open_span: dict[str, int] = {}
    causes: list[Cause] = []
    for position, event in enumerate(events):
        thread = event.thread
        if event.kind is Kind.SENTINEL_GET:
            seen.sentinel_gets += 1
        start = open_span.pop(thread, None)
        if start is not None:
            released = _release(events, seen, start, position)
            if released is None or events[released].thread == thread:
                released = STOP
            causes.append(
                Cause(start, position, released, _words(events, start, released, line_of))
            )
        seen.add(position, event)
        if event.kind in _BLOCKING and not (
            event.kind is Kind.JOIN_THREADS and thread != COORDINATOR
        ):
            open_span[thread] = position
    return causes


def unended(events: Sequence[TraceEvent]) -> list[tuple[int, str]]:
    """Each blocked span that never ended: its position and what could have ended it."""
    open_span: dict[str, int] = {}
    for position, event in enumerate(events):
        open_span.pop(event.thread, None)
        if event.kind in _BLOCKING:
            open_span[event.thread] = position
    return [
        (
            p,
            f"{events[p].thread}'s {_CALL[events[p].kind]}{_item(events[p])} never ended: "
            f"only {_RELEASER[events[p].kind]} could end it, and no thread ran one",
        )
        for p in sorted(open_span.values())
    ]
