"""What the pipeline reports: trace events, results, the run summary and the sink protocol.

Every statement the threads perform is reported to a :class:`Sink` as a
:class:`TraceEvent`. The sink is called from the worker threads themselves, so
an implementation must be fast and thread-safe, and must never touch a widget.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple, Protocol, overload

from threadcomm.core.compact_values import Values
from threadcomm.core.threads import COORDINATOR

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = [
    "BLOCKED_STATES",
    "OPERATION_KINDS",
    "STATE_AFTER",
    "Kind",
    "NullSink",
    "RecordingSink",
    "Result",
    "ResultLog",
    "Sink",
    "State",
    "Status",
    "Summary",
    "TraceEvent",
    "count_statements",
    "from_fields",
    "log_line",
    "statement_threads",
]


class Kind(StrEnum):
    """What a thread just did (or is about to do, for the blocking calls)."""

    THREAD_START = "thread_start"
    ANNOUNCE = "announce"  # creator: print('Creating data and putting it on the queue')
    PUT_BLOCKED = "put_blocked"  # creator: q.put() found the queue full
    PUT = "put"  # (item, evt) is now on the queue (reported inside the queue's lock)
    WAIT = "wait"  # creator: print('Waiting ...'); evt.wait()
    WAIT_DONE = "wait_done"  # creator: evt.wait() returned, the Event is set
    GET_BLOCKED = "get_blocked"  # consumer: q.get() found the queue empty
    GET = "get"  # consumer: took (item, evt) off the queue (reported inside the lock)
    WORK = "work"  # consumer: the item's own work begins (bigger items take longer)
    PROCESS = "process"  # consumer: processed = data * 2; print(processed)
    SET = "set"  # consumer: evt.set()
    TASK_DONE = "task_done"  # consumer: q.task_done()
    PACE = "pace"  # the lab's slow-motion pacing before the next statement
    PAUSED = "paused"  # parked at the gate until Resume or a Step
    JOIN = "join"  # coordinator: q.join()
    JOIN_DONE = "join_done"  # q.join() returned: every task is done
    SENTINEL_PUT = "sentinel_put"  # coordinator: q.put(None) tells one consumer to stop
    SENTINEL_GET = "sentinel_get"  # consumer: got None, leaves its loop
    JOIN_THREADS = "join_threads"  # coordinator: thread.join() on the workers
    ERROR = "error"  # processing an item raised; detail holds the message
    DEADLOCK = "deadlock"  # the watchdog found that no thread can make progress
    CLEAR = "clear"  # consumer: evt.clear() (a shared Event reused for every item)
    SHUTDOWN = "shutdown"  # q.shutdown(); detail "immediate" when pending items are discarded
    SHUTDOWN_GET = "shutdown_get"  # consumer: q.get() raised queue.ShutDown, leaves its loop
    SAY = "say"  # main: a print() of the lesson's main block; detail holds the line
    EXIT = "exit"  # main ended and the program exits: daemon threads die where they are
    THREAD_END = "thread_end"


class State(StrEnum):
    """What a thread is doing between two of its events."""

    RUNNING = "running"
    WORKING = "working"
    PACING = "pacing"
    PAUSED = "paused"
    BLOCKED_PUT = "blocked in q.put()"
    BLOCKED_WAIT = "blocked in evt.wait()"
    BLOCKED_GET = "blocked in q.get()"
    BLOCKED_JOIN = "blocked in q.join()"
    BLOCKED_JOIN_THREADS = "blocked in thread.join()"
    ENDED = "ended"


STATE_AFTER: dict[Kind, State] = dict.fromkeys(Kind, State.RUNNING)
STATE_AFTER.update(
    {
        Kind.PUT_BLOCKED: State.BLOCKED_PUT,
        Kind.WAIT: State.BLOCKED_WAIT,
        Kind.GET_BLOCKED: State.BLOCKED_GET,
        Kind.WORK: State.WORKING,
        Kind.PACE: State.PACING,
        Kind.PAUSED: State.PAUSED,
        Kind.JOIN: State.BLOCKED_JOIN,
        Kind.JOIN_THREADS: State.BLOCKED_JOIN_THREADS,
        Kind.THREAD_END: State.ENDED,
    }
)

BLOCKED_STATES = frozenset(
    {
        State.BLOCKED_PUT,
        State.BLOCKED_WAIT,
        State.BLOCKED_GET,
        State.BLOCKED_JOIN,
        State.BLOCKED_JOIN_THREADS,
    }
)

#: The statements a Step lets a worker perform (see :func:`count_statements`).
OPERATION_KINDS = frozenset(
    {Kind.ANNOUNCE, Kind.PUT, Kind.WAIT, Kind.GET, Kind.PROCESS, Kind.SET, Kind.TASK_DONE}
)

_BLOCKS_IN = {Kind.GET_BLOCKED: Kind.GET, Kind.PUT_BLOCKED: Kind.PUT}


class TraceEvent(NamedTuple):
    """One thing one thread did, stamped with ``time.monotonic_ns()``."""

    t_ns: int
    thread: str
    kind: Kind
    index: int = -1  # type: ignore[assignment]  # the item's position in the data list, or -1
    value: object = None  # the item, or the doubled result for PROCESS
    detail: str = ""


class Result(NamedTuple):
    """One processed item, as the consumer thread reported it."""

    index: int  # type: ignore[assignment]  # the item's position in the data list
    item: object
    value: object
    thread: str  # the consumer thread that computed it
    emitted_ns: int  # monotonic time when the consumer handed it to the sink


#: Build a :class:`TraceEvent` or :class:`Result` from all its fields, in order:
#: ``from_fields(TraceEvent, (t_ns, thread, kind, index, value, detail))``. It is
#: ``tuple.__new__`` itself: no Python frame, no defaults, no keywords, about twice
#: as fast as calling the class, which matters in the workers' per-statement loop.
from_fields = tuple.__new__


class ResultLog(Sequence[Result]):
    """The results of a run in completion order, kept compactly.

    A million results as objects cost about 160 MB; here they cost an array of
    indexes, the values (machine integers unboxed: :class:`Values`) and a byte
    per result for the thread. Reading one builds its :class:`Result`
    (``emitted_ns`` is not kept: the sink received the live one).

    Thread ownership: consumers call :meth:`add`, once per index; readers may
    read at any time and see every result whose index is in the order.
    """

    def __init__(self, items: Sequence[object]) -> None:
        self._items = items
        self._order = array("i")  # array.append is atomic under the GIL
        self._values = Values(len(items))
        self._threads = bytearray(len(items))  # the code of the thread, by index
        self._names: list[str] = []  # the threads' names, by code
        self._adders: dict[str, Callable[[int, object], None]] = {}  # by thread
        self._naming = threading.Lock()

    def add(self, index: int, value: object, thread: str) -> None:
        """Record item ``index``'s result (before its index, so readers never see a gap)."""
        (self._adders.get(thread) or self.adder(thread))(index, value)

    def adder(self, thread: str) -> Callable[[int, object], None]:
        """``thread``'s own :meth:`add`, with what it looks up bound: a consumer's hot loop."""
        with self._naming:
            add = self._adders.get(thread)
            if add is None:
                code = len(self._names)
                self._names.append(thread)
                values, threads, append = self._values, self._threads, self._order.append

                def add(index: int, value: object) -> None:
                    values[index] = value
                    threads[index] = code
                    append(index)

                self._adders[thread] = add
        return add

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, position: int) -> Result: ...
    @overload
    def __getitem__(self, position: slice) -> list[Result]: ...
    def __getitem__(self, position: int | slice) -> Result | list[Result]:
        if isinstance(position, slice):
            return [self._result(i) for i in self._order[position]]
        return self._result(self._order[position])

    def _result(self, index: int) -> Result:
        thread = self._names[self._threads[index]]
        return Result(index, self._items[index], self._values[index], thread, 0)

    def values(self) -> list[object]:
        """The results' values in completion order."""
        return self._values.take(self._order)


class Status(StrEnum):
    """How a run ended."""

    COMPLETED = "completed"
    FAILED = "failed"  # an item could not be processed, or a thread crashed
    DEADLOCK = "deadlock"
    HANG = "hang"  # the work is done, but a thread can never end
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class Summary:
    """The end of a run: what happened to every item, and how fast."""

    status: Status
    items: int
    results: Sequence[Result]  # in completion order
    failed: list[tuple[int, str]]  # (index, message)
    not_started: list[int]  # indexes of items that were never processed
    elapsed_s: float
    diagnosis: str = ""  # plain words on a deadlock, a hang or a failure
    consumers: int = 1
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def items_per_s(self) -> float:
        """Processed items per second of wall time."""
        return len(self.results) / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def to_json(self) -> dict[str, object]:
        """The fields ``--summary-json`` prints."""
        return {
            "status": str(self.status),
            "items": self.items,
            "results": (
                self.results.values()
                if isinstance(self.results, ResultLog)
                else [r.value for r in self.results]
            ),
            "processed": len(self.results),
            "failed": [{"index": i, "error": msg} for i, msg in self.failed],
            "not_started": self.not_started,
            "consumers": self.consumers,
            "elapsed_s": round(self.elapsed_s, 6),
            "items_per_s": round(self.items_per_s, 1),
            "diagnosis": self.diagnosis,
            **self.extra,
        }


class Sink(Protocol):
    """Receives the pipeline's reports. Called from worker threads: be quick, never block."""

    def trace(self, event: TraceEvent) -> None:
        """Record one trace event."""

    def result(self, result: Result) -> None:
        """Receive one processed item."""

    def finished(self, summary: Summary) -> None:
        """Receive the summary; called once, from the coordinator thread, as the run ends."""


class NullSink:
    """A sink that ignores everything (for measuring the pipeline alone)."""

    def trace(self, event: TraceEvent) -> None:
        """Ignore the event."""

    def result(self, result: Result) -> None:
        """Ignore the result."""

    def finished(self, summary: Summary) -> None:
        """Ignore the summary."""


class RecordingSink:
    """A sink that keeps everything in memory; ``done`` is set when the run has finished."""

    def __init__(self) -> None:
        self.events: list[TraceEvent] = []
        self.results: list[Result] = []
        self.summary: Summary | None = None
        self.done = threading.Event()

    # The workers call trace and result for every statement; the pipeline looks each
    # up once, so handing it the lists' own appends saves a Python frame per call. A
    # subclass may override either with a method that calls ``super().trace(event)``.
    @property
    def trace(self) -> Callable[[TraceEvent], None]:
        """Keep an event: ``events.append``."""
        return self.events.append

    @property
    def result(self) -> Callable[[Result], None]:
        """Keep a result: ``results.append``."""
        return self.results.append

    def finished(self, summary: Summary) -> None:
        """Keep the summary and set ``done``."""
        self.summary = summary
        self.done.set()


def statement_threads(events: Iterable[TraceEvent]) -> list[str]:
    """The thread of each statement the workers started, in order: one per step when paused.

    A statement counts when it starts. A ``q.get()`` or ``q.put()`` that blocks
    counts at its GET_BLOCKED / PUT_BLOCKED; the GET or PUT that ends the block
    is the same statement finishing, not a new one.
    """
    threads: list[str] = []
    blocked_in: dict[str, Kind] = {}
    for event in events:
        if event.thread == COORDINATOR:
            continue
        finishing = _BLOCKS_IN.get(event.kind)
        if finishing is not None:
            blocked_in[event.thread] = finishing
            threads.append(event.thread)
        elif event.kind in OPERATION_KINDS:
            if blocked_in.get(event.thread) is event.kind:
                del blocked_in[event.thread]
            else:
                threads.append(event.thread)
    return threads


def count_statements(events: Iterable[TraceEvent]) -> int:
    """How many statements the workers started (see :func:`statement_threads`)."""
    return len(statement_threads(events))


def log_line(event: TraceEvent) -> str | None:
    """The line the tutorial's program prints for this event, or None."""
    kind = event.kind
    if kind is Kind.ANNOUNCE:
        return "Creating data and putting it on the queue"
    if kind is Kind.WAIT:
        return "Waiting for data to be doubled"
    if kind is Kind.GET:
        return f"data found to be processed: {event.value}"
    if kind is Kind.PROCESS:
        return str(event.value)
    if kind is Kind.SAY:
        return event.detail
    return None
