"""Export a run's trace: a Chrome Trace Event file and a plain-text log.

:func:`chrome_trace` turns the :class:`~threadcomm.core.trace.TraceEvent` list
of a run into the Chrome Trace Event JSON format, which Perfetto
(ui.perfetto.dev) and ``chrome://tracing`` open: one track per thread, one
slice per stretch between two of a thread's events, named by what the thread
was doing, and flow arrows that follow each item from the creator's
``q.put()`` to the consumer that processed it (and on to the GUI thread, when
the GUI recorded :class:`Delivery` times), and a ``cause`` arrow from each
statement that released a blocked thread to where it woke (see
:mod:`threadcomm.core.causes`). :func:`text_log` prints the lines
the tutorial's program prints, stamped with time and thread.

Both writers go through :func:`~threadcomm.core.output_file.write_text_file`:
a regular file is replaced atomically (a failed export never leaves a partial
file behind), a device such as ``/dev/stdout`` is written straight through.
This module is pure Python and never imports Qt.
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import io
import json
import math
import os
from dataclasses import dataclass
from itertools import islice
from operator import attrgetter
from typing import TYPE_CHECKING

from threadcomm.core.causes import STOP, find_causes
from threadcomm.core.output_file import write_binary_file, write_text_file
from threadcomm.core.threads import thread_order
from threadcomm.core.trace import STATE_AFTER, Kind, State, log_line

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from typing import BinaryIO, TextIO

    from threadcomm.core.trace import TraceEvent

__all__ = [
    "Delivery",
    "chrome_trace",
    "text_log",
    "write_chrome_trace",
    "write_text_log",
    "write_trace_file",
]

#: Flow ids of the cause arrows start here, clear of the items' ids (their indexes).
_CAUSE_IDS = 2**40
#: The one process of the trace.
_PID = 1
#: Duration given to a thread's last slice, which has no next event to end it.
_TAIL_NS = 1_000
#: Duration of the slice that marks a result arriving in the GUI thread.
_DELIVERY_NS = 1_000
#: Longest text kept for a value (in ``args``) before it is cut.
_MAX_TEXT = 200
#: Longest value text used inside a slice name.
_MAX_NAME_VALUE = 40
#: Integers beyond this lose precision in JavaScript-based viewers: exported as text.
_MAX_SAFE_INT = 2**53
#: Trace events encoded per chunk when the writer yields between chunks.
_YIELDING_CHUNK = 500
#: Trace events encoded per chunk when writing a file.
_CHUNK = 10_000
#: gzip level of a ``.gz`` trace: the fastest; trace JSON compresses well even so.
_GZIP_LEVEL = 1
#: Width of the thread column in the text log.
_THREAD_WIDTH = 12

# Names of the slices whose text does not depend on the item.
_STATIC_NAMES: dict[Kind, str] = {
    Kind.THREAD_START: "thread started",
    Kind.ANNOUNCE: "print('Creating data ...')",
    Kind.WAIT_DONE: "evt.wait() returned",
    Kind.TASK_DONE: "q.task_done()",
    Kind.JOIN_DONE: "q.join() returned",
    Kind.SENTINEL_PUT: "q.put(None)",
    Kind.SENTINEL_GET: "q.get() -> None: leave the loop",
    Kind.DEADLOCK: "deadlock declared: stopping",
}

# The events that carry an item along its way (creator -> consumer).
_FLOW_KINDS = frozenset({Kind.PUT, Kind.GET, Kind.PROCESS, Kind.ERROR})


@dataclass(frozen=True, slots=True)
class Delivery:
    """A result's arrival in the GUI thread, as the GUI recorded it.

    Parameters
    ----------
    index
        Position of the item in the data list (as in ``TraceEvent.index``).
    thread
        Name of the thread the receiving slot ran on, e.g. the GUI thread.
    emitted_ns
        ``time.monotonic_ns()`` when the consumer emitted the result.
    delivered_ns
        ``time.monotonic_ns()`` when the slot in the GUI thread ran.
    """

    index: int
    thread: str
    emitted_ns: int
    delivered_ns: int


# -- values -------------------------------------------------------------------


def _cut(text: str, limit: int) -> str:
    """Return ``text``, shortened to about ``limit`` characters with a note of what was cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... (+{len(text) - limit:,} chars)"


def _repr(value: object) -> str:
    """Return ``repr(value)``, or a placeholder when even that fails."""
    try:
        return repr(value)
    except Exception:  # a huge int (int_max_str_digits), or a broken __repr__
        if isinstance(value, int):
            return f"<int of {value.bit_length():,} bits>"
        return f"<unprintable {type(value).__name__}>"


def _json_safe(value: object) -> object:
    """Return ``value`` if any JSON reader keeps it exactly, else a short text for it.

    Finite floats, strings and integers JavaScript can hold are kept; NaN,
    infinities, huge integers and every other object become their ``repr()``.
    Long texts are cut to ``_MAX_TEXT`` characters.
    """
    if type(value) is int:
        if -_MAX_SAFE_INT <= value <= _MAX_SAFE_INT:
            return value
        return _cut(_repr(value), _MAX_TEXT)
    if type(value) is str:
        text = value
        if not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:  # lone surrogates: no JSON reader takes them
                text = text.encode("utf-8", "backslashreplace").decode("utf-8")
        return _cut(text, _MAX_TEXT)
    if type(value) is float:
        return value if math.isfinite(value) else repr(value)
    if type(value) is bool or value is None:
        return value
    return _cut(_repr(value), _MAX_TEXT)


def _short(value: object) -> str:
    """The value as it appears inside a slice name: its repr, kept short."""
    if type(value) is int and -_MAX_SAFE_INT <= value <= _MAX_SAFE_INT:
        return str(value)
    text = _repr(value)
    if len(text) > _MAX_NAME_VALUE:
        return text[: _MAX_NAME_VALUE - 3] + "..."
    return text


# -- tracks -------------------------------------------------------------------


def _metadata(tid: int, name: str) -> list[dict[str, object]]:
    """The two metadata events that name a thread's track and place it in order."""
    return [
        {"ph": "M", "name": "thread_name", "pid": _PID, "tid": tid, "args": {"name": name}},
        {
            "ph": "M",
            "name": "thread_sort_index",
            "pid": _PID,
            "tid": tid,
            "args": {"sort_index": tid},
        },
    ]


def _names_of(kind: Kind) -> tuple[str | None, str]:
    """The slice name of ``kind`` (None when it depends on the item) and its category.

    A thread that waits (blocked, pacing, paused) or has ended is named and
    categorised by that state; a running statement is categorised by its kind.
    """
    state = STATE_AFTER.get(kind, State.RUNNING)
    if state is not State.RUNNING:
        return state.value, state.value
    return _STATIC_NAMES.get(kind), kind.value


#: Name and category of each kind's slice; a None name depends on the item.
_NAMES: dict[Kind, tuple[str | None, str]] = {kind: _names_of(kind) for kind in Kind}
#: Each kind as plain text (reading ``Kind.value`` is slow in a loop of millions).
_KIND_TEXT: dict[Kind, str] = {kind: kind.value for kind in Kind}


def _statement(
    kind: Kind, thread: str, index: int, value: object, taken: dict[str, tuple[int, str]]
) -> str:
    """The statement a running thread performs, e.g. ``q.put(5)``, named with its item."""
    if kind is Kind.PUT:
        return f"q.put({_short(value)})"
    if kind is Kind.GET:
        item = _short(value)
        taken[thread] = (index, item)
        return f"q.get() -> {item}"
    if kind is Kind.PROCESS:
        got = taken.get(thread)
        if got is not None and got[0] == index:
            return f"processed = {got[1]} * 2 = {_short(value)}"
        return f"processed = {_short(value)}"
    if kind is Kind.SET:
        return f"evt.set() item {_short(value)}"
    if kind is Kind.ERROR:
        return f"processing {_short(value)} raised" if index >= 0 else "crashed"
    return kind.value


def _slice_args(
    kind: Kind, index: int, value: object, detail: str, shared: dict[Kind, dict[str, object]]
) -> dict[str, object]:
    """A slice's ``args``; one dict per kind is ``shared`` by the slices that involve no item."""
    text = _KIND_TEXT.get(kind) or str(kind)
    if index >= 0 or value is not None:
        args: dict[str, object] = {"kind": text, "index": index, "value": _json_safe(value)}
        if detail:
            args["detail"] = detail
        return args
    if detail:
        return {"kind": text, "detail": detail}
    args = shared.get(kind) or {"kind": text}
    shared[kind] = args
    return args


def _instant(event: TraceEvent, tid: int, ts: float) -> dict[str, object]:
    """The marker of an ERROR (on its thread) or a DEADLOCK (across the whole trace)."""
    is_error = event.kind is Kind.ERROR
    args: dict[str, object] = {
        "kind": event.kind.value,
        "thread": event.thread,
        "detail": event.detail,
    }
    if event.index >= 0:
        args["index"] = event.index
        args["value"] = _json_safe(event.value)
    first_line = event.detail.partition("\n")[0] or event.kind.value
    return {
        "ph": "i",
        "s": "t" if is_error else "g",
        "name": _cut(("error: " if is_error else "deadlock: ") + first_line, 80),
        "cat": event.kind.value,
        "ts": ts,
        "pid": _PID,
        "tid": tid,
        "args": args,
    }


# -- the Chrome trace ---------------------------------------------------------


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector while building millions of small dicts.

    Their creation would otherwise trigger full collections again and again,
    nearly doubling the time; the trace holds no reference cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _origin(events: Sequence[TraceEvent], deliveries: Sequence[Delivery]) -> int:
    """The time (ns) that ``ts`` 0 stands for: the earliest event or delivery."""
    starts = [d.delivered_ns for d in deliveries]
    if events:
        starts.append(min(map(attrgetter("t_ns"), events)))
    return min(starts, default=0)


def _other_data(
    events: Sequence[TraceEvent], deliveries: Sequence[Delivery], t0: int
) -> dict[str, object]:
    """The trace's ``otherData``: where it came from and what ``ts`` 0 is."""
    return {
        "generator": "threadcomm",
        "clock": "time.monotonic_ns",
        "t0_ns": t0,
        "events": len(events),
        "deliveries": len(deliveries),
    }


def _flow(phase: str, index: int, tid: int, ts: float) -> dict[str, object]:
    """One flow event of item ``index``'s arrow, bound to the slice at ``ts`` on ``tid``."""
    flow: dict[str, object] = {"ph": phase}
    if phase == "f":
        flow["bp"] = "e"  # bind to the enclosing slice, not the next one
    flow.update(
        {
            "name": f"item {index + 1}",
            "cat": "item",
            "id": index,
            "pid": _PID,
            "tid": tid,
            "ts": ts,
        }
    )
    return flow


def _trace_events(
    events: Sequence[TraceEvent],
    deliveries: Sequence[Delivery],
    process_name: str,
    t0: int,
) -> Iterator[dict[str, object]]:
    """Yield the trace events of :func:`chrome_trace` one by one.

    Order: metadata, slices, flow events, instant events. A viewer binds a
    flow event to the slice open at its timestamp, so at equal timestamps the
    slice must come first. A slice is yielded once its thread's next event
    gives its duration, so only one slice per thread is pending.
    """
    arrivals: dict[str, list[Delivery]] = {}
    for delivery in deliveries:
        arrivals.setdefault(delivery.thread, []).append(delivery)

    yield {
        "ph": "M",
        "name": "process_name",
        "pid": _PID,
        "tid": 0,
        "args": {"name": process_name},
    }
    tids: dict[str, int] = {}
    for name in sorted(set(map(attrgetter("thread"), events)), key=thread_order):
        tids[name] = len(tids) + 2  # 1 is the pid: keep tid != pid
        yield from _metadata(tids[name], name)
    gui_tids: dict[str, int] = {}
    for name in sorted(arrivals):
        gui_tids[name] = len(tids) + len(gui_tids) + 2
        yield from _metadata(gui_tids[name], name)

    # Per item: where its arrow last bound (tid, ts) and whether that was its start.
    flow_at: dict[int, tuple[int, float, bool]] = {}
    # The arrow's inner points, known once the next one is: (start?, index, tid, ts).
    steps: list[tuple[bool, int, int, float]] = []
    instants: list[dict[str, object]] = []
    # Per thread: its open slice and when it began; the thread's next event ends it.
    open_slice: dict[str, tuple[dict[str, object], int]] = {}
    # Per consumer: the item it took last, to name "processed = 5 * 2 = 10".
    taken: dict[str, tuple[int, str]] = {}
    shared_args: dict[Kind, dict[str, object]] = {}
    names, flow_kinds = _NAMES, _FLOW_KINDS
    tail_us = _TAIL_NS / 1000

    for event in events:
        t_ns, thread, kind, index, value, detail = event
        tid = tids[thread]
        ts = (t_ns - t0) / 1000
        pending = open_slice.get(thread)
        if pending is not None:
            gap = t_ns - pending[1]
            pending[0]["dur"] = gap / 1000 if gap > 0 else 0.0
            yield pending[0]

        name, cat = names.get(kind) or _names_of(kind)
        if name is None:
            name = _statement(kind, thread, index, value, taken)
        args = _slice_args(kind, index, value, detail, shared_args)
        open_slice[thread] = (
            {
                "ph": "X",
                "name": name,
                "cat": cat,
                "ts": ts,
                "dur": tail_us,
                "pid": _PID,
                "tid": tid,
                "args": args,
            },
            t_ns,
        )

        if index >= 0 and kind in flow_kinds:
            previous = flow_at.get(index)
            if previous is not None:
                steps.append((previous[2], index, previous[0], previous[1]))
            flow_at[index] = (tid, ts, previous is None)
        if kind is Kind.ERROR or kind is Kind.DEADLOCK:
            instants.append(_instant(event, tid, ts))

    for pending in open_slice.values():  # each thread's last slice keeps the tail duration
        yield pending[0]

    for name, tid in gui_tids.items():
        track = sorted(arrivals[name], key=attrgetter("delivered_ns"))
        for i, delivery in enumerate(track):
            dur = _DELIVERY_NS
            if i + 1 < len(track):
                dur = max(0, min(dur, track[i + 1].delivered_ns - delivery.delivered_ns))
            ts = (delivery.delivered_ns - t0) / 1000
            latency_us = (delivery.delivered_ns - delivery.emitted_ns) / 1000
            yield {
                "ph": "X",
                "name": "result slot ran",
                "cat": "delivery",
                "ts": ts,
                "dur": dur / 1000,
                "pid": _PID,
                "tid": tid,
                "args": {"index": delivery.index, "latency_us": latency_us},
            }
            if delivery.index >= 0:
                previous = flow_at.get(delivery.index)
                if previous is not None:
                    steps.append((previous[2], delivery.index, previous[0], previous[1]))
                flow_at[delivery.index] = (tid, ts, previous is None)

    for start, index, tid, ts in steps:
        yield _flow("s" if start else "t", index, tid, ts)
    for index, (tid, ts, start) in flow_at.items():
        if not start:  # an item with a single binding (never taken) has no arrow
            yield _flow("f", index, tid, ts)
    yield from _cause_flows(events, tids, t0)
    yield from instants


def _cause_flows(
    events: Sequence[TraceEvent], tids: dict[str, int], t0: int
) -> Iterator[dict[str, object]]:
    """One arrow per cause: from the statement that released a blocked thread to its wake-up."""
    for number, cause in enumerate(find_causes(events)):
        if cause.cause == STOP:
            continue
        for phase, position in (("s", cause.cause), ("f", cause.effect)):
            event = events[position]
            flow: dict[str, object] = {"ph": phase}
            if phase == "f":
                flow["bp"] = "e"
            flow.update(
                {
                    "name": cause.words,
                    "cat": "cause",
                    "id": _CAUSE_IDS + number,
                    "pid": _PID,
                    "tid": tids[event.thread],
                    "ts": (event.t_ns - t0) / 1000,
                }
            )
            yield flow


def chrome_trace(
    events: Sequence[TraceEvent],
    deliveries: Sequence[Delivery] = (),
    *,
    process_name: str = "threadcomm",
) -> dict[str, object]:
    """Convert a run's events to the Chrome Trace Event format (for Perfetto).

    Parameters
    ----------
    events
        The run's trace events, in the order the sink received them.
    deliveries
        When results arrived in the GUI thread; each adds a short
        ``"result slot ran"`` slice on a track named by ``Delivery.thread``,
        where the item's flow arrow ends.
    process_name
        The name shown for the process that holds every track.

    Returns
    -------
    dict[str, object]
        ``{"traceEvents": [...], "displayTimeUnit": "ms", "otherData": {...}}``,
        ready for :func:`json.dump` (every value is JSON-safe, with no NaN).
        Timestamps are microseconds since the earliest event. Thread ids (``tid``)
        are small integers from 2 up, in track order: creator, consumers by
        number, coordinator, any other thread, then the GUI thread(s). Flow
        arrows have ``id`` = the item's index and ``name`` = ``"item N"``, N
        counted from 1 as in the deadlock diagnosis. Slices of events that
        involve no item share one ``args`` dict per kind: treat the result as
        read-only.

    Notes
    -----
    Runs in linear time; besides the output it keeps one pending slice per
    thread and the flow points of each item. :func:`write_chrome_trace`
    streams the same events to a file without holding them all.
    """
    events = list(events)  # a snapshot: a live run may still be appending
    t0 = _origin(events, deliveries)
    with _gc_paused():
        trace_events = list(_trace_events(events, deliveries, process_name, t0))
    return {
        "traceEvents": trace_events,
        "displayTimeUnit": "ms",
        "otherData": _other_data(events, deliveries, t0),
    }


# -- the text log -------------------------------------------------------------


def text_log(events: Sequence[TraceEvent]) -> str:
    """The tutorial's printed lines, each stamped with its time and thread.

    Parameters
    ----------
    events
        The run's trace events.

    Returns
    -------
    str
        One line per event that :func:`~threadcomm.core.trace.log_line` maps,
        plus ``ERROR:`` and ``DEADLOCK:`` lines with their detail, in time
        order, e.g. ``"   0.001234 s  creator      Creating data and putting it
        on the queue"`` (seconds since the earliest event). A multi-line text
        continues on indented lines. Ends with a newline unless empty.
    """
    events = list(events)  # a snapshot: a live run may still be appending
    chosen: list[tuple[TraceEvent, str]] = []
    for event in events:
        kind = event.kind
        if kind is Kind.ERROR:
            chosen.append((event, f"ERROR: {event.detail}"))
        elif kind is Kind.DEADLOCK:
            chosen.append((event, f"DEADLOCK: {event.detail}"))
        else:
            line = log_line(event)
            if line is not None:
                chosen.append((event, line))
    if not chosen:
        return ""
    t0 = min(map(attrgetter("t_ns"), events))
    chosen.sort(key=lambda pair: pair[0].t_ns)  # stable: each thread keeps its order
    lines: list[str] = []
    for event, text in chosen:
        head = f"{(event.t_ns - t0) / 1e9:11.6f} s  {event.thread:<{_THREAD_WIDTH}} "
        if not text.isprintable():  # a newline (or other break) in a detail or an item
            indent = "\n" + " " * len(head)
            text = indent.join(text.splitlines())
        lines.append(head + text)
    return "\n".join(lines) + "\n"


# -- writing files --------------------------------------------------------------


def _write_trace(
    file: TextIO,
    trace_events: Iterable[object],
    rest: dict[str, object],
    between_chunks: Callable[[], object] | None = None,
) -> None:
    """Write ``{"traceEvents": [...], **rest}`` as compact JSON, a chunk of events at a time.

    Each chunk goes through the C encoder (``json.dump`` would use the slow
    pure Python one) and only one chunk's text is held at a time.
    ``between_chunks`` is called after each chunk.
    """
    encode = json.JSONEncoder(allow_nan=False, separators=(",", ":")).encode
    file.write('{"traceEvents":[')
    iterator = iter(trace_events)
    first = True
    # The C encoder holds the GIL for a whole chunk: a caller that yields between
    # chunks (a window's export) gets them small enough to keep the window drawing.
    size = _CHUNK if between_chunks is None else _YIELDING_CHUNK
    while chunk := list(islice(iterator, size)):
        if not first:
            file.write(",")
        first = False
        file.write(encode(chunk)[1:-1])
        if between_chunks is not None:
            between_chunks()
    file.write("]")
    for key, value in rest.items():
        file.write(f",{encode(key)}:{encode(value)}")
    file.write("}\n")


def write_chrome_trace(
    path: str | os.PathLike[str],
    events: Sequence[TraceEvent],
    deliveries: Sequence[Delivery] = (),
    *,
    process_name: str = "threadcomm",
    between_chunks: Callable[[], object] | None = None,
) -> None:
    """Write :func:`chrome_trace` of the run as a JSON file, atomically.

    The events are streamed to the file rather than built all at once, so a
    run of millions of events needs little memory beyond the events themselves.

    Parameters
    ----------
    path
        The file to write (``.json``); it is replaced only once fully written.
        A name ending in ``.gz`` (``run.json.gz``) is written gzip-compressed,
        which Perfetto opens as it is.
    events, deliveries, process_name
        As for :func:`chrome_trace`.
    between_chunks
        Called between two chunks of trace events (a window gives its GUI
        thread a turn there while a live run is exported).

    Raises
    ------
    OSError
        When the file cannot be written (missing directory, no permission,
        disk full); the message names ``path``, and no partial file is left.
    """
    events = list(events)  # a snapshot: a live run may still be appending
    t0 = _origin(events, deliveries)
    rest: dict[str, object] = {
        "displayTimeUnit": "ms",
        "otherData": _other_data(events, deliveries, t0),
    }

    def write(file: TextIO) -> None:
        with _gc_paused():
            trace_events = _trace_events(events, deliveries, process_name, t0)
            _write_trace(file, trace_events, rest, between_chunks)

    write_trace_file(path, write)


def write_trace_file(path: str | os.PathLike[str], write: Callable[[TextIO], object]) -> None:
    """Write trace JSON through ``write(file)``; gzip-compressed when ``path`` ends in .gz.

    The target is handled as :func:`~threadcomm.core.output_file.write_text_file`
    handles it: a regular file is replaced only once ``write`` returned.

    Raises
    ------
    OSError
        When the file cannot be written; the message names ``path``.
    """
    if not os.fspath(path).endswith(".gz"):
        write_text_file(path, write)
        return

    def write_compressed(raw: BinaryIO) -> None:
        with (
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=_GZIP_LEVEL) as packed,
            io.TextIOWrapper(packed, encoding="utf-8", newline="\n") as text,
        ):
            write(text)

    write_binary_file(path, write_compressed)


def write_text_log(path: str | os.PathLike[str], events: Sequence[TraceEvent]) -> None:
    """Write :func:`text_log` of the run to a UTF-8 text file, atomically.

    Parameters
    ----------
    path
        The file to write; it is replaced only once fully written.
    events
        The run's trace events.

    Raises
    ------
    OSError
        When the file cannot be written; the message names ``path``, and no
        partial file is left.
    """
    text = text_log(events)

    def write(file: TextIO) -> None:
        file.write(text)

    write_text_file(path, write)
