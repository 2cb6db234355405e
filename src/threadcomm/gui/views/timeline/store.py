"""The timeline's memory: per-thread spans and markers in sorted arrays, bounded in size.

Each lane keeps its closed spans (start, end, state, item) and its point
markers (time, kind, item) in ``array`` columns sorted by time, so a painter
finds the visible part with ``bisect`` and never walks what is off screen.
When more than :data:`RETAIN` spans and markers are stored, the oldest are
dropped (down to three quarters of it), so a run of a million items stays a
few megabytes. Arrows follow one item from its put to the GUI slot that
received its result.

Plain Python, no Qt: the store is filled in the GUI thread by the timeline
view and read by its painter and by tests.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from threadcomm.core.threads import GUI_THREAD
from threadcomm.core.trace import STATE_AFTER, Kind, State

if TYPE_CHECKING:
    from collections.abc import Iterable

    from threadcomm.core.trace import TraceEvent

__all__ = ["MARKER_CODES", "RETAIN", "STATES", "Lane", "TimelineStore"]

#: Most spans plus markers kept; the oldest go first.
RETAIN = 200_000
#: Span states by code (the ``states`` column holds the position in this tuple).
STATES: tuple[State, ...] = tuple(State)
#: The trace kinds the timeline marks as points, in legend order.
MARKER_KINDS: tuple[Kind, ...] = (
    Kind.PUT,
    Kind.GET,
    Kind.PROCESS,
    Kind.SET,
    Kind.TASK_DONE,
    Kind.SENTINEL_PUT,
    Kind.SENTINEL_GET,
    Kind.ERROR,
)
#: Marker kinds by code: the trace kinds marked as points, then the GUI's "slot ran".
MARKER_CODES: tuple[str, ...] = (*MARKER_KINDS, Kind.DEADLOCK, "slot")
_SLOT = MARKER_CODES.index("slot")
_MARKER_OF: dict[Kind, int] = {Kind(k): i for i, k in enumerate(MARKER_CODES) if k != "slot"}
_STATE_CODE = {state: code for code, state in enumerate(STATES)}
# A thread in these states works on no item, whatever it handled last.
_NO_ITEM = frozenset(
    {State.BLOCKED_GET, State.BLOCKED_JOIN, State.BLOCKED_JOIN_THREADS, State.ENDED}
)
# kind -> (state after it, marker code or -1, whether that state involves no item)
_KIND_INFO: dict[Kind, tuple[State, int, bool]] = {
    kind: (STATE_AFTER[kind], _MARKER_OF.get(kind, -1), STATE_AFTER[kind] in _NO_ITEM)
    for kind in Kind
}
_PENDING_SLOTS = 10_000

Span = tuple[int, int, State, int]
Marker = tuple[int, str, int]
Arrow = tuple[int, list[tuple[str, int]]]


class Lane:
    """One thread's history: closed spans, the open one, and markers, each sorted by time."""

    __slots__ = (
        "ends",
        "items",
        "last_t",
        "marker_code",
        "marker_item",
        "marker_t",
        "name",
        "number",
        "open_item",
        "open_start",
        "open_state",
        "starts",
        "states",
    )

    def __init__(self, name: str, number: int) -> None:
        self.name = name
        self.number = number
        self.starts = array("q")
        self.ends = array("q")
        self.states = array("b")
        self.items = array("q")
        self.marker_t = array("q")
        self.marker_code = array("b")
        self.marker_item = array("q")
        self.open_state: State | None = None
        self.open_start = 0
        self.open_item = -1
        self.last_t = 0

    def visible_spans(self, t0: int, t1: int) -> tuple[int, int]:
        """The range of closed spans that overlap [t0, t1]."""
        return bisect_right(self.ends, t0), bisect_left(self.starts, t1)

    def visible_markers(self, t0: int, t1: int) -> tuple[int, int]:
        """The range of markers in [t0, t1]."""
        return bisect_left(self.marker_t, t0), bisect_right(self.marker_t, t1)


class TimelineStore:
    """Spans, markers and item arrows of one run, with bounded retention."""

    def __init__(self, retain: int = RETAIN, gui_lane: str = GUI_THREAD) -> None:
        self.retain = retain
        self.gui_lane = gui_lane
        self.reset([], 0)

    def reset(self, lanes: Iterable[str], started_ns: int) -> None:
        """Forget everything; start with these lanes, in this order."""
        self._lanes: dict[str, Lane] = {}
        self.started_ns = started_ns
        self.latest_ns = started_ns
        self.dropped_before_ns = 0  # history before this time was dropped
        # Idle paused time cut out (see pause_cut.py): every time stored is the
        # clock's minus ``shift_ns``; ``breaks`` are (where, ns removed) for the painter;
        # ``hold_ns``, when not 0, is as far as "now" goes while every worker is parked.
        self.shift_ns = 0
        self.breaks: list[tuple[int, int]] = []
        self.hold_ns = 0
        self.count = 0  # spans + markers stored
        self.version = 0  # bumped on every change, for caches
        # Arrows, in put order: columns of item index and the times of its four points.
        self._arrow_base = 0
        self._arrow_pos: dict[int, int] = {}
        self.arrow_item = array("q")
        self.arrow_put = array("q")
        self.arrow_put_lane = array("b")
        self.arrow_get = array("q")
        self.arrow_get_lane = array("b")
        self.arrow_process = array("q")
        self.arrow_slot = array("q")
        self.arrow_slot_lane = array("b")
        self._pending_slots: dict[int, tuple[int, int]] = {}
        for name in lanes:
            self.lane(name)

    # -- filling (GUI thread) ------------------------------------------------

    def lane(self, name: str) -> Lane:
        """The lane of a thread, made on first sight."""
        lane = self._lanes.get(name)
        if lane is None:
            lane = self._lanes[name] = Lane(name, len(self._lanes))
        return lane

    def add_events(self, batch: Iterable[TraceEvent]) -> None:
        """Append a batch of trace events (each thread's events come in time order).

        The hot path of a flood: a few appends per event, nothing else.
        """
        lanes, lane_of, info, state_code = self._lanes, self.lane, _KIND_INFO, _STATE_CODE
        note_arrow = self._note_arrow
        added = 0
        name: str | None = None
        lane = None
        shift = self.shift_ns
        for t, thread, kind, index, _value, _detail in batch:
            t -= shift
            if thread != name or lane is None:
                name = thread
                lane = lanes.get(thread) or lane_of(thread)
            if t < lane.last_t:
                t = lane.last_t
            else:
                lane.last_t = t
            state, code, no_item = info[kind]
            item = index if index >= 0 else (-1 if no_item else lane.open_item)
            if state is not lane.open_state or item != lane.open_item:
                if lane.open_state is not None and t > lane.open_start:
                    lane.starts.append(lane.open_start)
                    lane.ends.append(t)
                    lane.states.append(state_code[lane.open_state])
                    lane.items.append(lane.open_item)
                    added += 1
                lane.open_state = None if state is State.ENDED else state
                lane.open_start = t
                lane.open_item = item
            if code >= 0:
                lane.marker_t.append(t)
                lane.marker_code.append(code)
                lane.marker_item.append(index)
                added += 1
                if code <= 2 and index >= 0:  # PUT, GET, PROCESS
                    note_arrow(code, index, lane.number, t)
        self.latest_ns = max(self.latest_ns, *(ln.last_t for ln in lanes.values()))
        self._grew(added)

    def add_gui_span(self, start_ns: int, end_ns: int, state: State) -> None:
        """A closed span on the GUI thread's own lane: the GUI thread itself was ``state``."""
        start_ns, end_ns = start_ns - self.shift_ns, end_ns - self.shift_ns
        lane = self.lane(self.gui_lane)
        at = bisect_right(lane.starts, start_ns)
        lane.starts.insert(at, start_ns)
        lane.ends.insert(at, end_ns)
        lane.states.insert(at, _STATE_CODE[state])
        lane.items.insert(at, -1)
        lane.last_t = max(lane.last_t, end_ns)
        self.latest_ns = max(self.latest_ns, end_ns)
        self._grew(1)

    def add_slots(self, rows: Iterable[tuple[int, int, str]]) -> None:
        """Mark (item index, delivered_ns, slot thread) rows: where a result's slot ran.

        The slot normally runs on the GUI lane; with a direct connection it runs
        on the consumer's own lane, and the arrow shows the result never crossed.
        """
        added = 0
        shift = self.shift_ns
        for index, raw_t, thread in rows:
            t = raw_t - shift
            lane = self.lane(thread)
            times = lane.marker_t
            at = len(times) if not times or t >= times[-1] else bisect_right(times, t)
            times.insert(at, t)
            lane.marker_code.insert(at, _SLOT)
            lane.marker_item.insert(at, index)
            if thread == self.gui_lane:
                lane.last_t = max(lane.last_t, t)
            self.latest_ns = max(self.latest_ns, t)
            added += 1
            pos = self._arrow_pos.get(index)
            if pos is not None:
                self.arrow_slot[pos - self._arrow_base] = t
                self.arrow_slot_lane[pos - self._arrow_base] = lane.number
            elif len(self._pending_slots) < _PENDING_SLOTS:
                self._pending_slots[index] = (t, lane.number)  # its put is not drained yet
        self._grew(added)

    def finish(self, t_ns: int) -> None:
        """Close every open span at ``t_ns``: the run is over."""
        added = 0
        for lane in self._lanes.values():
            if lane.open_state is not None and t_ns > lane.open_start:
                lane.starts.append(lane.open_start)
                lane.ends.append(max(t_ns, lane.last_t))
                lane.states.append(_STATE_CODE[lane.open_state])
                lane.items.append(lane.open_item)
                added += 1
            lane.open_state = None
        self.latest_ns = max(self.latest_ns, t_ns)
        self._grew(added)

    def _note_arrow(self, code: int, index: int, lane: int, t: int) -> None:
        if code == 0:  # PUT starts the item's arrow
            self._arrow_pos[index] = self._arrow_base + len(self.arrow_item)
            self.arrow_item.append(index)
            self.arrow_put.append(t)
            self.arrow_put_lane.append(lane)
            self.arrow_get.append(0)
            self.arrow_get_lane.append(-1)
            self.arrow_process.append(0)
            slot_t, slot_lane = self._pending_slots.pop(index, (0, -1))
            self.arrow_slot.append(slot_t)
            self.arrow_slot_lane.append(slot_lane)
            return
        pos = self._arrow_pos.get(index)
        if pos is None:
            return
        pos -= self._arrow_base
        if code == 1:
            self.arrow_get[pos] = t
            self.arrow_get_lane[pos] = lane
        else:
            self.arrow_process[pos] = t

    def _grew(self, added: int) -> None:
        if added:
            self.count += added
            self.version += 1
            if self.count > self.retain:
                self._trim(self.retain * 3 // 4)

    def _kept_after(self, cut: int) -> int:
        kept = 0
        for lane in self._lanes.values():
            kept += len(lane.ends) - bisect_right(lane.ends, cut)
            kept += len(lane.marker_t) - bisect_left(lane.marker_t, cut)
        return kept

    def _trim(self, target: int) -> None:
        """Drop everything before the latest cut time that leaves at most ``target`` items."""
        low, high = self.dropped_before_ns, self.latest_ns + 1
        while high - low > 1:
            mid = (low + high) // 2
            if self._kept_after(mid) > target:
                low = mid
            else:
                high = mid
        cut = high
        for lane in self._lanes.values():
            k = bisect_right(lane.ends, cut)
            for column in (lane.starts, lane.ends, lane.states, lane.items):
                del column[:k]
            k = bisect_left(lane.marker_t, cut)
            for column in (lane.marker_t, lane.marker_code, lane.marker_item):
                del column[:k]
        k = bisect_left(self.arrow_put, cut)
        for index in self.arrow_item[:k]:
            self._arrow_pos.pop(index, None)
        for arrow_column in (
            self.arrow_item,
            self.arrow_put,
            self.arrow_put_lane,
            self.arrow_get,
            self.arrow_get_lane,
            self.arrow_process,
            self.arrow_slot,
            self.arrow_slot_lane,
        ):
            del arrow_column[:k]
        self._arrow_base += k
        self._pending_slots.clear()
        self.dropped_before_ns = cut
        self.count = sum(len(lane.ends) + len(lane.marker_t) for lane in self._lanes.values())

    # -- reading ---------------------------------------------------------------

    def lane_objects(self) -> list[Lane]:
        """Every lane, in display order."""
        return list(self._lanes.values())

    def lanes(self) -> list[str]:
        """The lane names, in display order."""
        return list(self._lanes)

    def spans(self, lane: str) -> list[Span]:
        """(start_ns, end_ns, state, item index) of a lane; an open span ends at ``latest_ns``."""
        rec = self._lanes[lane]
        out = [
            (s, e, STATES[c], i)
            for s, e, c, i in zip(rec.starts, rec.ends, rec.states, rec.items, strict=True)
        ]
        if rec.open_state is not None:
            out.append(
                (
                    rec.open_start,
                    max(self.latest_ns, rec.open_start),
                    rec.open_state,
                    rec.open_item,
                )
            )
        return out

    def markers(self, lane: str) -> list[Marker]:
        """(t_ns, kind, item index) of a lane's markers; kind is a Kind value or "slot"."""
        rec = self._lanes[lane]
        return [
            (t, MARKER_CODES[c], i)
            for t, c, i in zip(rec.marker_t, rec.marker_code, rec.marker_item, strict=True)
        ]

    def arrow_points(self, pos: int) -> list[tuple[str, int]]:
        """The known points of the arrow at column ``pos``: put, get, result emitted, slot."""
        names = list(self._lanes)
        points = [(names[self.arrow_put_lane[pos]], self.arrow_put[pos])]
        if self.arrow_get[pos]:
            consumer = names[self.arrow_get_lane[pos]]
            points.append((consumer, self.arrow_get[pos]))
            if self.arrow_process[pos]:
                points.append((consumer, self.arrow_process[pos]))
        if self.arrow_slot[pos]:
            points.append((names[self.arrow_slot_lane[pos]], self.arrow_slot[pos]))
        return points

    def arrows(self) -> list[Arrow]:
        """(item index, [(lane, t_ns), ...]) for every retained item, in put order."""
        return [(self.arrow_item[p], self.arrow_points(p)) for p in range(len(self.arrow_item))]

    def arrows_between(self, t0: int, t1: int, cap: int) -> list[int]:
        """Columns of at most ``cap`` arrows that cross [t0, t1], evenly spread when more do."""
        puts = self.arrow_put
        high = bisect_right(puts, t1)
        low = bisect_left(puts, t0)
        # Items put before t0 may still be on their way: look back a bounded distance.
        back = low
        while back > 0 and low - back < cap:
            last = max(
                self.arrow_slot[back - 1],
                self.arrow_process[back - 1],
                self.arrow_get[back - 1],
                puts[back - 1],
            )
            if last < t0 and low - back > 8:
                break
            back -= 1
        total = high - back
        stride = max(1, -(-total // cap)) if cap > 0 else total + 1
        return list(range(back, high, stride))

    def span_at(self, lane: str, t: int) -> Span | None:
        """The span of ``lane`` that covers time ``t``, or None."""
        rec = self._lanes.get(lane)
        if rec is None:
            return None
        i = bisect_right(rec.starts, t) - 1
        if i >= 0 and rec.ends[i] > t:
            return rec.starts[i], rec.ends[i], STATES[rec.states[i]], rec.items[i]
        if rec.open_state is not None and t >= rec.open_start:
            return rec.open_start, max(self.latest_ns, t), rec.open_state, rec.open_item
        return None

    def marker_near(self, lane: str, t: int, tolerance: int) -> Marker | None:
        """The marker of ``lane`` closest to ``t``, if within ``tolerance`` ns."""
        rec = self._lanes.get(lane)
        if rec is None or not rec.marker_t:
            return None
        i = bisect_left(rec.marker_t, t)
        best = None
        for j in (i - 1, i):
            if 0 <= j < len(rec.marker_t):
                gap = abs(rec.marker_t[j] - t)
                if gap <= tolerance and (best is None or gap < abs(rec.marker_t[best] - t)):
                    best = j
        if best is None:
            return None
        return rec.marker_t[best], MARKER_CODES[rec.marker_code[best]], rec.marker_item[best]

    def earliest_ns(self) -> int:
        """The first time anything retained happened (or the run's start)."""
        firsts = [self.started_ns] if self.started_ns else []
        for lane in self._lanes.values():
            if lane.starts:
                firsts.append(lane.starts[0])
            if lane.marker_t:
                firsts.append(lane.marker_t[0])
        return max(min(firsts, default=0), self.dropped_before_ns)
