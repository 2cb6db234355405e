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

from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from threadcomm.core.threads import COORDINATOR
from threadcomm.core.trace import Kind, TraceEvent

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = [
    "STOP",
    "Cause",
    "CauseFinder",
    "cause_words",
    "find_causes",
    "unended",
    "waiting_words",
]

#: ``Cause.cause`` of a span that the stop ended (no thread's statement did).
STOP = -1

#: The kinds that begin a blocked span.
_BLOCKING = frozenset(
    {Kind.WAIT, Kind.GET_BLOCKED, Kind.PUT_BLOCKED, Kind.JOIN, Kind.JOIN_THREADS}
)

#: The kinds :meth:`CauseFinder._note` keeps track of.
_NOTED = frozenset(
    {
        Kind.SET,
        Kind.PUT,
        Kind.SENTINEL_PUT,
        Kind.SHUTDOWN,
        Kind.GET,
        Kind.SENTINEL_GET,
        Kind.TASK_DONE,
        Kind.THREAD_END,
    }
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
    begun, by
        The events at ``blocked`` and ``cause`` (None for the stop).
    """

    blocked: int
    effect: int
    cause: int
    words: str
    begun: TraceEvent | None = field(default=None, compare=False, repr=False)
    by: TraceEvent | None = field(default=None, compare=False, repr=False)


def _item(event: TraceEvent) -> str:
    return f" for item {event.index + 1}" if event.index >= 0 else ""


def _of_item(event: TraceEvent) -> str:
    return f" of item {event.index + 1}" if event.index >= 0 else ""


_Seen = tuple[int, TraceEvent]  # (position, event)


class CauseFinder:
    """Finds causes one event at a time, as a live run reports them (memory per item, not event).

    Feed every event of a run, in order, to :meth:`add`; it returns the
    :class:`Cause` of the span the event ends, if it ends one. With ``memory``
    set, only about that many latest ``evt.set()`` and ``q.put()`` statements
    are kept, so a long run's finder stays small: a wait or a get ends soon
    after the statement that releases it.
    """

    def __init__(
        self,
        line_of: Callable[[TraceEvent], int | None] | None = None,
        *,
        memory: int | None = None,
    ) -> None:
        self._line_of = line_of
        #: Per item, keep about this many latest SETs and PUTs (None: all of them).
        self._memory = memory
        self._position = 0
        self._open: dict[str, _Seen] = {}  # thread -> the event that began its blocked span
        self._last_set: dict[int, _Seen] = {}  # item -> its latest SET
        self._last_put: dict[int, _Seen] = {}  # item -> its latest PUT
        self._sentinel_puts: list[_Seen] = []
        self._sentinel_gets = 0
        self._shutdown: _Seen | None = None
        self._last_get: _Seen | None = None
        self._freed: dict[str, _Seen] = {}  # thread blocked in put -> the first get since
        self._task_done: _Seen | None = None
        self._ended: dict[str, _Seen] = {}  # thread -> its THREAD_END

    def blocked(self) -> dict[str, TraceEvent]:
        """The threads blocked now, each with the event that began its wait."""
        return {thread: seen[1] for thread, seen in self._open.items()}

    def add(self, event: TraceEvent) -> Cause | None:
        """Take the run's next event; the cause of the blocked span it ends, if any."""
        ended = self.advance(event)
        if ended is None:
            return None
        begun, released = ended
        return Cause(
            begun[0],
            self._position - 1,
            STOP if released is None else released[0],
            cause_words(begun[1], None if released is None else released[1], self._line_of),
            begun[1],
            None if released is None else released[1],
        )

    def advance(self, event: TraceEvent) -> tuple[_Seen, _Seen | None] | None:
        """Take the run's next event, as :meth:`add` does, without building a :class:`Cause`.

        Returns
        -------
        tuple or None
            For an event that ends a blocked span: ``(begun, released)``, each a
            ``(position, event)`` pair, ``released`` None when the stop ended it;
            None for any other event. A trace of millions of events calls this
            for each one, so it builds nothing else.
        """
        position = self._position
        self._position = position + 1
        thread = event[1]
        kind = event[2]
        if kind is Kind.SENTINEL_GET:
            self._sentinel_gets += 1
        found: tuple[_Seen, _Seen | None] | None = None
        begun = self._open.pop(thread, None) if self._open else None
        if begun is not None:
            released = self._release(begun[1], event)
            if released is not None and released[1][1] == thread:
                released = None
            found = (begun, released)
            if self._freed:
                self._freed.pop(thread, None)
        if kind in _NOTED:
            self._note((position, event))
        if kind in _BLOCKING and not (kind is Kind.JOIN_THREADS and thread != COORDINATOR):
            self._open[thread] = (position, event)
        return found

    def _note(self, seen: _Seen) -> None:
        event = seen[1]
        kind = event.kind
        if kind is Kind.SET:
            self._last_set[event.index] = seen
            if self._memory is not None and len(self._last_set) > 2 * self._memory:
                self._last_set = _latest(self._last_set, self._memory)
        elif kind is Kind.PUT:
            self._last_put[event.index] = seen
            if self._memory is not None and len(self._last_put) > 2 * self._memory:
                self._last_put = _latest(self._last_put, self._memory)
        elif kind is Kind.SENTINEL_PUT:
            self._sentinel_puts.append(seen)
        elif kind is Kind.SHUTDOWN:
            self._shutdown = seen
        elif kind is Kind.GET or kind is Kind.SENTINEL_GET:
            self._last_get = seen
            for thread, (_, begun) in self._open.items():
                if begun.kind is Kind.PUT_BLOCKED:
                    self._freed.setdefault(thread, seen)  # the first get since it blocked
        elif kind is Kind.TASK_DONE:
            self._task_done = seen
        elif kind is Kind.THREAD_END:
            self._ended[event.thread] = seen

    def _release(self, begun: TraceEvent, ended: TraceEvent) -> _Seen | None:
        """The statement that ended the span ``begun`` began and ``ended`` ends, if any."""
        kind = begun.kind
        if kind is Kind.WAIT and ended.kind is Kind.WAIT_DONE:
            return self._last_set.get(ended.index)
        if kind is Kind.GET_BLOCKED:
            if ended.kind is Kind.GET:
                return self._last_put.get(ended.index)
            if ended.kind is Kind.SENTINEL_GET and self._sentinel_puts:
                taken = min(self._sentinel_gets, len(self._sentinel_puts)) - 1
                return self._sentinel_puts[max(taken, 0)]
            if ended.kind is Kind.SHUTDOWN_GET:
                return self._shutdown
            return None
        if kind is Kind.PUT_BLOCKED and ended.kind in (Kind.PUT, Kind.SENTINEL_PUT):
            # Only consumers get, so every get is another thread's.
            return self._freed.get(begun.thread, self._last_get)
        if kind is Kind.JOIN and ended.kind is Kind.JOIN_DONE:
            return self._task_done
        if kind is Kind.JOIN_THREADS and ended.kind is not Kind.DEADLOCK:
            names = [n.strip() for n in begun.detail.split(",") if n.strip()]
            ends = [self._ended.get(n) for n in names]
            if names and all(e is not None for e in ends):
                return max((e for e in ends if e is not None), key=lambda e: e[0])
        return None


def _latest(seen: dict[int, _Seen], count: int) -> dict[int, _Seen]:
    """The ``count`` entries of ``seen`` noted last (a release follows its statement soon)."""
    return dict(islice(seen.items(), len(seen) - count, None))


def cause_words(
    begun: TraceEvent,
    by: TraceEvent | None,
    line_of: Callable[[TraceEvent], int | None] | None = None,
) -> str:
    """The cause in plain words: why the span ``begun`` began ended (``by`` None: the stop)."""
    blocked = f"{begun.thread}'s {_CALL[begun.kind]}{_item(begun)}"
    if by is None:
        return f"{blocked} ended because the run stopped (nothing released it)"
    kind = by.kind
    if kind is Kind.THREAD_END:
        return f"{blocked} ended because {by.thread} ended"
    line = line_of(by) if line_of is not None else None
    where = f" (lesson line {line})" if line is not None else ""
    what = _STATEMENT.get(kind, kind.value)
    if kind is Kind.SET:
        return f"{blocked} ended because {by.thread} ran {what}{_item(by)}{where}"
    if kind is Kind.PUT:
        tail = _of_item(by) + " landed"
    elif kind is Kind.GET:
        tail = _of_item(by) + " freed a slot"
    elif kind is Kind.SENTINEL_GET:
        tail = " freed a slot"
    elif kind is Kind.TASK_DONE:
        tail = _item(by) + " brought the unfinished count to zero"
    else:
        return f"{blocked} ended because {by.thread} ran {what}{where}"
    return f"{blocked} ended because {by.thread}'s {what}{tail}{where}"


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
    finder = CauseFinder(line_of)
    return [c for c in map(finder.add, events) if c is not None]


def waiting_words(begun: TraceEvent) -> str:
    """What could end the blocked span ``begun`` began, for a span that has not ended."""
    return (
        f"{begun.thread}'s {_CALL[begun.kind]}{_item(begun)} has not ended: "
        f"only {_RELEASER[begun.kind]} can end it"
    )


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
