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
ends where it was processed (or raised).

``--trace-out`` runs it in a converter process of its own
(:mod:`threadcomm.core.trace_process`); wherever it runs, it holds the GIL
while it converts, so it is kept cheap: a reporting thread only appends its event to a
queue without taking a lock; whichever thread finds a full batch converts it
in one loop, formatting each trace event straight to JSON text from pieces
made once per kind, per thread and per pair of statements (the cause
words); the text is compressed and written by a
:class:`~threadcomm.core.background_writer.BackgroundWriter`, whose zlib and
file writes run without the GIL. Pure Python; never imports Qt.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from json.encoder import encode_basestring_ascii as _quote
from typing import TYPE_CHECKING

from threadcomm.core.background_writer import BackgroundWriter
from threadcomm.core.causes import CauseFinder, cause_words
from threadcomm.core.export import (
    _CAUSE_IDS,
    _FLOW_KINDS,
    _MAX_SAFE_INT,
    _NAMES,
    _PID,
    _TAIL_NS,
    _instant,
    _json_safe,
    _statement,
)
from threadcomm.core.threads import thread_order
from threadcomm.core.trace import Kind

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TextIO

    from threadcomm.core.trace import TraceEvent

__all__ = ["TraceStream"]

#: Trace events joined and written at a time (a few MB of text: large writes compress fast).
_CHUNK = 20_000
#: Events taken before they are converted, all in one loop.
_BATCH = 1_000
#: Recent statements the cause finder keeps per kind (an item's release is recent).
_CAUSE_MEMORY = 500
#: The kinds where an item's arrow ends: the consumer processed it, or it raised.
_LAST_POINT = frozenset({Kind.PROCESS, Kind.ERROR})
#: The kinds whose slice is named by the item, with a plain integer item named here.
_INT_NAMED = {
    Kind.PUT: "q.put({})",
    Kind.GET: "q.get() -> {}",
    Kind.SET: "evt.set() item {}",
}
#: An item number no run reaches: marks where a cause's words name an item.
_MARK = 7_310_000_000_000_000_013
#: Duration of a thread's last slice, as JSON text.
_TAIL_DUR = repr(_TAIL_NS / 1000)


def _sort_index(name: str, others: int) -> int:
    """A track's place, as :func:`~threadcomm.core.threads.thread_order` orders threads."""
    group, number, _ = thread_order(name)
    return group * 1_000_000 + (number if group < 3 else others)


class _Kinds:
    """What each kind's trace events share, as JSON text made once.

    Attributes
    ----------
    head
        A slice's start up to its name: ``{"ph":"X","cat":"put","name":``.
    name
        The quoted name of a slice that does not depend on the item, else None.
    args
        The ``args`` start of a slice with an item: ``{"kind":"put","index":``.
    bare_args
        The whole ``args`` of a slice with no item and no detail.
    named
        ``head`` with the quoted name, for a name that does not depend on the item.
    int_head, int_tail
        ``head`` with the name's text before and after a plain integer item, for
        the kinds named by their item alone (``q.put(5)``), else None.
    flow, last
        Whether the kind carries an item's arrow, and whether the arrow ends there.
    """

    __slots__ = (
        "args",
        "bare_args",
        "flow",
        "head",
        "int_head",
        "int_tail",
        "last",
        "name",
        "named",
        "text",
    )

    def __init__(self, kind: Kind) -> None:
        name, cat = _NAMES[kind]
        self.text = kind.value
        self.head = f'{{"ph":"X","cat":{_quote(cat)},"name":'
        self.name = None if name is None else _quote(name)
        self.named = None if self.name is None else self.head + self.name
        form = _INT_NAMED.get(kind)
        self.int_head = self.int_tail = None
        if form is not None:
            before, _, after = form.partition("{}")
            self.int_head, self.int_tail = f'{self.head}"{before}', f'{after}"'
        self.args = f'{{"kind":{_quote(self.text)},"index":'
        self.bare_args = f'{{"kind":{_quote(self.text)}}}'
        self.flow = kind in _FLOW_KINDS
        self.last = kind in _LAST_POINT


_KINDS: dict[Kind, _Kinds] = {kind: _Kinds(kind) for kind in Kind}


class EventBatches:
    """A run's events taken from any thread without a lock, and handled a batch at a time.

    A reporting thread only appends its event to a deque (atomic: no lock, so
    no thread ever waits for another here); the thread that finds a full batch
    handles it (:meth:`_handle_pending`, the lock held) unless another already
    does, in which case the event waits for the next batch. One loop over a
    batch is cheaper than a call per event. A failure is kept in :attr:`error`
    and later events are dropped; it is never raised into the reporting thread.
    """

    def __init__(self) -> None:
        #: Why handling the events failed, once it did; later events are then dropped.
        self.error: Exception | None = None
        self._lock = threading.Lock()
        self._pending: deque[TraceEvent] = deque()

    def add(self, event: TraceEvent) -> None:
        """Take the run's next event (thread-safe); handle a full batch."""
        if self.error is not None:
            return
        pending = self._pending
        pending.append(event)
        if len(pending) >= _BATCH and self._lock.acquire(blocking=False):
            try:
                self._handle_pending()
            finally:
                self._lock.release()

    def _take_pending(self) -> list[TraceEvent]:
        """The events taken so far, in order, and none left (the lock held)."""
        popleft = self._pending.popleft
        return [popleft() for _ in range(len(self._pending))]

    def _handle_pending(self) -> object:
        """Handle the events taken so far (the lock held)."""
        raise NotImplementedError


class TraceStream(EventBatches):
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

    Notes
    -----
    Each trace event is formatted straight to its JSON text from pieces made
    once per kind and per thread; only what depends on the item (its number,
    value and timestamps) is formatted per event, and a text that needs
    escaping goes through the C encoder. A slice's text is kept open (all but
    its duration) until the thread's next event, with the text of the flow
    events bound to it.
    """

    def __init__(
        self,
        file: TextIO,
        *,
        t0_ns: int,
        process_name: str = "threadcomm",
        on_error: Callable[[], object] | None = None,
    ) -> None:
        super().__init__()
        self._writer = BackgroundWriter(file, on_error=self._write_failed)
        self._t0 = t0_ns
        self._on_error = on_error
        self._out: list[str] = []
        self._encode = json.JSONEncoder(allow_nan=False, separators=(",", ":")).encode
        self._count = 0  # events converted
        # Per thread: ',"pid":1,"tid":N,' - the tail of every event on its track.
        self._tracks: dict[str, str] = {}
        self._tids: dict[str, int] = {}
        # Per thread: its open slice [text without the duration, t_ns, position, flows].
        self._open: dict[str, list[object]] = {}
        # Per item on its way: (thread, track, ts text, start?, position) of its last point.
        self._flow_at: dict[int, tuple[str, str, str, bool, int]] = {}
        self._taken: dict[str, tuple[int, str]] = {}
        self._causes = CauseFinder(memory=_CAUSE_MEMORY)
        self._cause_number = 0
        # Per (blocked thread, kind, with item?, releasing thread, kind, with item?): words.
        self._words: dict[tuple[object, ...], str] = {}
        head = {"ph": "M", "name": "process_name", "pid": _PID, "tid": 0}
        file.write('{"traceEvents":[' + self._encode({**head, "args": {"name": process_name}}))

    def add_batch(self, events: list[TraceEvent]) -> None:
        """Take many events at once, in order (from one thread): the converter process's way."""
        if self.error is not None:
            return
        with self._lock:
            self._pending.extend(events)
            if len(self._pending) >= _BATCH:
                self._handle_pending()

    def _handle_pending(self) -> Exception | None:
        """Convert the events taken so far (the lock held), and write a full chunk.

        The converting runs in whichever thread found the batch full, as part of
        its step: a separate converting thread would hold the GIL while the
        workers hand items to each other, delaying every hand-off.

        Returns
        -------
        Exception or None
            What made converting fail (also kept in :attr:`error`), if it did.
        """
        if self.error is not None:
            return self.error
        batch = self._take_pending()
        try:
            self._convert(batch)
            if len(self._out) >= _CHUNK:
                self._flush()
        except Exception as exc:  # a failing conversion: the run is stopped, not the thread
            self.error = exc
            self._out = []
            if self._on_error is not None:
                self._on_error()
            return exc
        return None

    def _write_failed(self) -> None:
        """The writing thread failed: drop later events and stop the run."""
        self.error = self._writer.error
        if self._on_error is not None:
            self._on_error()

    def _flush(self) -> None:
        out, self._out = self._out, []
        if out:
            self._writer.write("," + ",".join(out))

    def discard(self) -> None:
        """Stop writing, leaving the document unfinished: the run was abandoned."""
        with self._lock:
            if self.error is None:
                self.error = ValueError("the trace was discarded")
            self._pending.clear()
            self._out = []
        self._writer.abandon()

    def close(self) -> None:
        """Write what is left and end the JSON document; later events are dropped.

        Returns once everything is written (the caller may close the file then).

        Raises
        ------
        Exception
            What made an earlier write fail (see :attr:`error`), or this one.
        """
        with self._lock:
            if self.error is not None:
                self._writer.abandon()
                raise self.error
            failed = self._handle_pending()
            if failed is not None:
                self._writer.abandon()
                raise failed
            out = self._out
            for text, _, _, flows in self._open.values():  # each last slice keeps the tail
                out.append(f"{text}{_TAIL_DUR}}}{flows}")
            self._open.clear()
            for index, (_, track, ts, start, _) in self._flow_at.items():
                if not start:  # an item with a single point (never taken) has no arrow
                    out.append(
                        f'{{"ph":"f","bp":"e","name":"item {index + 1}","cat":"item",'
                        f'"id":{index}{track}"ts":{ts}}}'
                    )
            self._flow_at.clear()
            self.error = ValueError("the trace was closed")
            self._flush()
            other = {
                "generator": "threadcomm",
                "clock": "time.monotonic_ns",
                "t0_ns": self._t0,
                "events": self._count,
                "deliveries": 0,
            }
            self._writer.write(f'],"displayTimeUnit":"ms","otherData":{self._encode(other)}}}\n')
        self._writer.close()

    # -- conversion ---------------------------------------------------------

    def _track(self, thread: str) -> str:
        """The new ``thread``'s track: its metadata events written, its tail text made."""
        tid = self._tids[thread] = len(self._tracks) + 2  # 1 is the pid: keep tid != pid
        track = self._tracks[thread] = f',"pid":{_PID},"tid":{tid},'
        sort_index = _sort_index(thread, len(self._tracks))
        for name, args in (("thread_name", {"name": thread}), ("thread_sort_index", None)):
            meta = {"ph": "M", "name": name, "pid": _PID, "tid": tid}
            self._out.append(self._encode({**meta, "args": args or {"sort_index": sort_index}}))
        return track

    def _bind(self, thread: str, position: int, flow: str) -> None:
        """Write ``flow`` after the slice of event ``position`` on ``thread``."""
        open_slice = self._open.get(thread)
        if open_slice is not None and open_slice[2] == position:
            open_slice[3] = f"{open_slice[3]},{flow}"
        else:  # that slice was written already
            self._out.append(flow)

    def _convert(self, events: list[TraceEvent]) -> None:
        """Append the trace events of ``events`` to the output, in order.

        One loop over a batch, with what it uses held in locals: this runs
        millions of times in a long run, in the workers' time.
        """
        out, tracks, open_slices, flow_at = self._out, self._tracks, self._open, self._flow_at
        t0, advance, bind, kinds = self._t0, self._causes.advance, self._bind, _KINDS
        taken = self._taken
        position = self._count
        for event in events:
            t_ns, thread, kind, index, value, detail = event
            track = tracks.get(thread) or self._track(thread)
            ts = repr((t_ns - t0) / 1000)
            pending = open_slices.get(thread)
            if pending is not None:
                gap = t_ns - pending[1]  # type: ignore[operator]
                out.append(f"{pending[0]}{gap / 1000 if gap > 0 else 0.0!r}}}{pending[3]}")

            spec = kinds[kind]
            if (
                type(value) is int
                and index >= 0
                and not detail
                and -_MAX_SAFE_INT <= value <= _MAX_SAFE_INT
            ):  # the run of a list of numbers: its every event, in one f-string
                if spec.named is not None:
                    named = spec.named
                elif spec.int_head is not None:
                    named = f"{spec.int_head}{value}{spec.int_tail}"
                    if kind is Kind.GET:
                        taken[thread] = (index, str(value))
                else:
                    named = spec.head + self._name(kind, thread, index, value, str(value))
                text = (
                    f'{named},"ts":{ts}{track}"args":{spec.args}{index},"value":{value}}},"dur":'
                )
            else:
                text = self._slice_text(spec, event, ts, track)
            if pending is None:
                pending = open_slices[thread] = [text, t_ns, position, ""]
            else:
                pending[0], pending[1], pending[2], pending[3] = text, t_ns, position, ""

            if spec.flow and index >= 0:
                previous = flow_at.pop(index, None)
                if previous is None:
                    flow_at[index] = (thread, track, ts, True, position)
                else:
                    before, before_track, before_ts, start, at = previous
                    bind(
                        before,
                        at,
                        f'{{"ph":"{"s" if start else "t"}","name":"item {index + 1}",'
                        f'"cat":"item","id":{index}{before_track}"ts":{before_ts}}}',
                    )
                    if spec.last:
                        pending[3] = (
                            f',{{"ph":"f","bp":"e","name":"item {index + 1}","cat":"item",'
                            f'"id":{index}{track}"ts":{ts}}}'
                        )
                    else:
                        flow_at[index] = (thread, track, ts, False, position)
            if kind is Kind.ERROR or kind is Kind.DEADLOCK:
                out.append(self._encode(_instant(event, self._tids[thread], float(ts))))
            ended = advance(event)
            if ended is not None:
                self._cause(ended, event, position, track, ts)
            position += 1
        self._count = position

    def _slice_text(self, spec: _Kinds, event: TraceEvent, ts: str, track: str) -> str:
        """A slice's text up to its duration, for any event (not only one with a number)."""
        _, thread, kind, index, value, detail = event
        if index >= 0 or value is not None:
            if type(value) is int and -_MAX_SAFE_INT <= value <= _MAX_SAFE_INT:
                shown = value_text = str(value)
            else:
                shown, value_text = "", self._encode(_json_safe(value))
            name = spec.name or self._name(kind, thread, index, value, shown)
            if detail:
                value_text = f'{value_text},"detail":{_quote(detail)}'
            args = f'{spec.args}{index},"value":{value_text}}}'
        else:
            name = spec.name or _quote(_statement(kind, thread, index, value, self._taken))
            if detail:
                args = f'{{"kind":{_quote(spec.text)},"detail":{_quote(detail)}}}'
            else:
                args = spec.bare_args
        return f'{spec.head}{name},"ts":{ts}{track}"args":{args},"dur":'

    def _name(self, kind: Kind, thread: str, index: int, value: object, shown: str) -> str:
        """The quoted name of a slice named by its item (``shown``: a plain integer's text)."""
        if shown:
            form = _INT_NAMED.get(kind)
            if kind is Kind.GET:
                self._taken[thread] = (index, shown)
            if form is not None:
                return f'"{form.format(shown)}"'
            if kind is Kind.PROCESS:
                got = self._taken.get(thread)
                if got is not None and got[0] == index:
                    return f'"processed = {got[1]} * 2 = {shown}"'
                return f'"processed = {shown}"'
        quoted: str = _quote(_statement(kind, thread, index, value, self._taken))
        return quoted

    def _cause(
        self,
        ended: tuple[tuple[int, TraceEvent], tuple[int, TraceEvent] | None],
        event: TraceEvent,
        position: int,
        track: str,
        ts: str,
    ) -> None:
        """The cause arrow of the blocked span ``event`` ends: from its release to here."""
        number = self._cause_number
        self._cause_number = number + 1
        (_, begun), released = ended
        if released is None:  # the stop ended it: no statement to start an arrow at
            return
        at, by = released
        key = (begun[1], begun[2], begun[3] >= 0, by[1], by[2], by[3] >= 0)
        words = self._words.get(key) or self._words_of(key, begun, by)
        common = (
            f'"name":{words.format(begun[3] + 1, by[3] + 1)},"cat":"cause",'
            f'"id":{_CAUSE_IDS + number}'
        )
        by_ts = repr((by[0] - self._t0) / 1000)
        self._bind(by[1], at, f'{{"ph":"s",{common}{self._tracks[by[1]]}"ts":{by_ts}}}')
        self._bind(event[1], position, f'{{"ph":"f","bp":"e",{common}{track}"ts":{ts}}}')

    def _words_of(self, key: tuple[object, ...], begun: TraceEvent, by: TraceEvent) -> str:
        """The quoted words of a cause, as a template of the two items' numbers.

        The words of every cause between the same two threads' same statements
        differ only in the items' numbers: they are made (and escaped) once, with
        marker numbers that become ``{0}`` (the blocked thread's item) and ``{1}``.
        """
        marked = cause_words(
            begun._replace(index=_MARK - 1 if begun.index >= 0 else -1),
            by._replace(index=_MARK if by.index >= 0 else -1),
        )
        quoted: str = _quote(marked).replace("{", "{{").replace("}", "}}")
        words = self._words[key] = quoted.replace(str(_MARK), "{0}").replace(str(_MARK + 1), "{1}")
        return words
