"""Write a run's Chrome trace while the run goes, in memory that does not grow with it.

:func:`~threadcomm.core.export.write_chrome_trace` converts a finished run's
event list; a run of millions of items would hold millions of events first.
:class:`TraceStream` takes the events as the sink receives them (from any
thread) and turns them into the same trace events - slices per thread, item
flow arrows, cause arrows - written out a chunk at a time. It keeps only
each thread's open slice (with the flow points bound to it), the flow point
of each item still on its way, and the cause finder's recent statements.

A slice is written once the thread's next event gives its duration, and the
flow events bound to it right after it: a viewer binds a flow event to the
slice open at its timestamp, so the slice must come first. An item's arrow
ends where it was processed (or raised). Pure Python; never imports Qt.
"""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING

from threadcomm.core.causes import STOP, CauseFinder
from threadcomm.core.export import (
    _CAUSE_IDS,
    _FLOW_KINDS,
    _NAMES,
    _PID,
    _TAIL_NS,
    _flow,
    _instant,
    _names_of,
    _slice_args,
    _statement,
)
from threadcomm.core.threads import thread_order
from threadcomm.core.trace import Kind

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TextIO

    from threadcomm.core.trace import TraceEvent

__all__ = ["TraceStream"]

#: Trace events encoded and written at a time.
_CHUNK = 5_000
#: Recent statements the cause finder keeps per kind (an item's release is recent).
_CAUSE_MEMORY = 500
#: The kinds where an item's arrow ends: the consumer processed it, or it raised.
_LAST_POINT = frozenset({Kind.PROCESS, Kind.ERROR})


def _sort_index(name: str, others: int) -> int:
    """A track's place, as :func:`~threadcomm.core.threads.thread_order` orders threads."""
    group, number, _ = thread_order(name)
    return group * 1_000_000 + (number if group < 3 else others)


class _Slice:
    """A thread's open slice: its trace event, start, position, and the flows bound to it."""

    __slots__ = ("event", "flows", "position", "t_ns")

    def __init__(self, event: dict[str, object], t_ns: int, position: int) -> None:
        self.event, self.t_ns, self.position = event, t_ns, position
        self.flows: list[dict[str, object]] = []


class TraceStream:
    """A Chrome trace written to ``file`` as a run's events arrive.

    Parameters
    ----------
    file
        An open text file; the trace is written into it, and :meth:`close`
        ends the JSON document (the caller closes the file).
    t0_ns
        The ``time.monotonic_ns()`` that ``ts`` 0 stands for: taken before the
        run starts, so no event is earlier.
    process_name
        The name shown for the process that holds every track.
    on_error
        Called (in the reporting thread) when writing failed: stop the run then.
    """

    def __init__(
        self,
        file: TextIO,
        *,
        t0_ns: int,
        process_name: str = "threadcomm",
        on_error: Callable[[], object] | None = None,
    ) -> None:
        self._file = file
        self._t0 = t0_ns
        self._on_error = on_error
        #: Why writing failed, once it did; later events are then dropped.
        self.error: Exception | None = None
        self._lock = threading.Lock()
        self._out: list[dict[str, object]] = []
        self._encode = json.JSONEncoder(allow_nan=False, separators=(",", ":")).encode
        self._count = 0  # events converted
        self._tids: dict[str, int] = {}
        self._open: dict[str, _Slice] = {}
        # Per item on its way: (thread, tid, ts, start?, position) of its arrow's last point.
        self._flow_at: dict[int, tuple[str, int, float, bool, int]] = {}
        self._taken: dict[str, tuple[int, str]] = {}
        self._shared_args: dict[Kind, dict[str, object]] = {}
        self._causes = CauseFinder(memory=_CAUSE_MEMORY)
        self._cause_number = 0
        head = {"ph": "M", "name": "process_name", "pid": _PID, "tid": 0}
        file.write('{"traceEvents":[' + self._encode({**head, "args": {"name": process_name}}))

    def add(self, event: TraceEvent) -> None:
        """Take the run's next event (thread-safe): convert it, and write a full chunk.

        The converting runs in the thread that reports the event, as part of its
        step: a separate writing thread would hold the GIL while the workers hand
        items to each other, delaying every hand-off. A failed write is kept in
        :attr:`error` (and ``on_error`` called), never raised into the thread.
        """
        with self._lock:
            if self.error is not None:
                return
            try:
                self._convert(event, self._out)
                if len(self._out) >= _CHUNK:
                    self._flush()
            except Exception as exc:  # disk full, a closed pipe: the run is stopped
                self.error = exc
                self._out = []
                if self._on_error is not None:
                    self._on_error()

    def _flush(self) -> None:
        out, self._out = self._out, []
        if out:
            self._file.write("," + self._encode(out)[1:-1])

    def close(self) -> None:
        """Write what is left and end the JSON document; later events are dropped.

        Raises
        ------
        Exception
            What made an earlier write fail (see :attr:`error`), or this one.
        """
        with self._lock:
            if self.error is not None:
                raise self.error
            self.error = ValueError("the trace was closed")
            out = self._out
            for open_slice in self._open.values():  # each thread's last slice keeps the tail
                out.append(open_slice.event)
                out.extend(open_slice.flows)
            self._open.clear()
            for index, (_, tid, ts, start, _) in self._flow_at.items():
                if not start:  # an item with a single point (never taken) has no arrow
                    out.append(_flow("f", index, tid, ts))
            self._flow_at.clear()
            self._flush()
            other = {
                "generator": "threadcomm",
                "clock": "time.monotonic_ns",
                "t0_ns": self._t0,
                "events": self._count,
                "deliveries": 0,
            }
            self._file.write(f'],"displayTimeUnit":"ms","otherData":{self._encode(other)}}}\n')

    # -- conversion ---------------------------------------------------------

    def _tid(self, thread: str, out: list[dict[str, object]]) -> int:
        tid = self._tids[thread] = len(self._tids) + 2  # 1 is the pid: keep tid != pid
        sort_index = _sort_index(thread, len(self._tids))
        for name, args in (("thread_name", {"name": thread}), ("thread_sort_index", None)):
            out.append(
                {
                    "ph": "M",
                    "name": name,
                    "pid": _PID,
                    "tid": tid,
                    "args": args or {"sort_index": sort_index},
                }
            )
        return tid

    def _bind(
        self, thread: str, position: int, flow: dict[str, object], out: list[dict[str, object]]
    ) -> None:
        """Write ``flow`` after the slice of event ``position`` on ``thread``."""
        open_slice = self._open.get(thread)
        if open_slice is not None and open_slice.position == position:
            open_slice.flows.append(flow)
        else:  # that slice was written already
            out.append(flow)

    def _convert(self, event: TraceEvent, out: list[dict[str, object]]) -> None:
        t_ns, thread, kind, index, value, detail = event
        position = self._count
        self._count += 1
        tid = self._tids.get(thread) or self._tid(thread, out)
        ts = (t_ns - self._t0) / 1000
        pending = self._open.get(thread)
        if pending is not None:
            gap = t_ns - pending.t_ns
            pending.event["dur"] = gap / 1000 if gap > 0 else 0.0
            out.append(pending.event)
            out.extend(pending.flows)

        name, cat = _NAMES.get(kind) or _names_of(kind)
        if name is None:
            name = _statement(kind, thread, index, value, self._taken)
        args = _slice_args(kind, index, value, detail, self._shared_args)
        slice_event: dict[str, object] = {
            "ph": "X",
            "name": name,
            "cat": cat,
            "ts": ts,
            "dur": _TAIL_NS / 1000,
            "pid": _PID,
            "tid": tid,
            "args": args,
        }
        self._open[thread] = _Slice(slice_event, t_ns, position)

        if index >= 0 and kind in _FLOW_KINDS:
            previous = self._flow_at.pop(index, None)
            if previous is not None:
                before, before_tid, before_ts, start, at = previous
                step = _flow("s" if start else "t", index, before_tid, before_ts)
                self._bind(before, at, step, out)
            if previous is not None and kind in _LAST_POINT:
                self._open[thread].flows.append(_flow("f", index, tid, ts))
            else:
                self._flow_at[index] = (thread, tid, ts, previous is None, position)
        if kind is Kind.ERROR or kind is Kind.DEADLOCK:
            out.append(_instant(event, tid, ts))
        self._cause_of(event, position, out)

    def _cause_of(self, event: TraceEvent, position: int, out: list[dict[str, object]]) -> None:
        """The cause arrow of the blocked span ``event`` ends, if it ends one."""
        cause = self._causes.add(event)
        if cause is None:
            return
        number = self._cause_number
        self._cause_number += 1
        if cause.cause == STOP or cause.by is None:
            return
        by = cause.by
        flow: dict[str, object] = {
            "ph": "s",
            "name": cause.words,
            "cat": "cause",
            "id": _CAUSE_IDS + number,
            "pid": _PID,
            "tid": self._tids[by.thread],
            "ts": (by.t_ns - self._t0) / 1000,
        }
        self._bind(by.thread, cause.cause, flow, out)
        end = {
            "ph": "f",
            "bp": "e",
            **{key: flow[key] for key in ("name", "cat", "id", "pid")},
            "tid": self._tids[event.thread],
            "ts": (event.t_ns - self._t0) / 1000,
        }
        self._bind(event.thread, position, end, out)
