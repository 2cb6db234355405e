"""The cause of each blocked span on the timeline, in words, with the cause's lesson line.

Pure Python, no Qt: the timeline feeds it every batch of events it draws,
and asks it, for a blocked span of a lane, why the span ended (or what could
end it, while it lasts). A bounded number of the latest causes is kept. A span
that nothing ended (the run stopped or deadlocked) says what could have ended
it and why nothing did, in the wait-for picture's words (:attr:`SpanCauses.unended`).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, NamedTuple

from threadcomm.core.causes import CauseFinder, waiting_words
from threadcomm.gui.views.code_lines import Listing, line_for

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from threadcomm.core.trace import TraceEvent
    from threadcomm.core.wait_keys import Wait

    #: A thread's wait in the latest wait-for picture and the line that would end it.
    Unended = Callable[[str], tuple[Wait, int | None] | None]

__all__ = ["KEEP", "CauseArrow", "SpanCause", "SpanCauses"]

#: Most causes kept: the timeline keeps a bounded history too.
KEEP = 50_000
#: Events per run looked at: a flood of a million items is not stepped through, and
#: looking at every one of its events would cost the GUI thread seconds.
LOOK_AT = 100_000


class SpanCause(NamedTuple):
    """Why one blocked span ended: in words, and the lesson line of the statement that did it."""

    words: str
    line: int | None  # None: the stop ended it, or the listing has no such line
    cause_thread: str  # "" when the stop ended it
    cause_ns: int  # when the cause's statement ran (0 when the stop ended it)
    effect_ns: int  # when the blocked thread woke


class CauseArrow(NamedTuple):
    """One cause -> effect arrow, in the timeline's times (the pause cuts taken out)."""

    cause_lane: str
    cause_ns: int  # when the releasing statement ran
    lane: str  # the blocked thread's lane
    effect_ns: int  # when its blocked span ended


#: Arrows looked at past the last one ending in view, for a long wait that ends after it.
_LOOK_PAST = 32


class SpanCauses:
    """Causes by (lane, time the span began) and (lane, time it ended)."""

    def __init__(self) -> None:
        #: Where a span nothing ended finds its words (the wait-for picture); None: nowhere.
        self.unended: Unended | None = None
        self.reset("")

    def reset(self, listing: str) -> None:
        """Forget the last run; the next one performs ``listing``."""
        self._listing = Listing(listing)
        self._finder = CauseFinder(self._line_of)
        self._by_start: dict[tuple[str, int], SpanCause] = {}
        self._by_end: dict[tuple[str, int], SpanCause] = {}
        self._looked = 0
        # Cause -> effect arrows in the order their spans ended, with their end times
        # apart for bisecting; times are the timeline's (see add's shift_ns).
        self._arrow_list: list[CauseArrow] = []
        self._arrow_ends = array("q")
        self._shifts: list[tuple[int, int]] = [(0, 0)]  # (from this raw time, the cut so far)

    def _line_of(self, event: TraceEvent) -> int | None:
        return line_for(self._listing, event.kind, event.thread, event.detail)

    def add(self, batch: Iterable[TraceEvent], shift_ns: int = 0) -> None:
        """Take the next events of the run, in order.

        ``shift_ns`` is the paused time the timeline has cut out before this
        batch: its times are the events' less that (the arrows use them).
        """
        if self._looked >= LOOK_AT:
            return
        batch = list(batch)
        if batch and shift_ns != self._shifts[-1][1]:
            self._shifts.append((batch[0].t_ns, shift_ns))
        self._looked += len(batch)
        finder = self._finder
        for event in batch:
            cause = finder.add(event)
            if cause is None:
                continue
            begun, by = cause.begun, cause.by
            found = SpanCause(
                cause.words,
                None if by is None else self._line_of(by),
                "" if by is None else by.thread,
                0 if by is None else by.t_ns,
                event.t_ns,
            )
            # Keyed by the timeline's times, as its spans have them (the cuts taken out).
            if begun is not None:
                self._by_start[(begun.thread, self._drawn_at(begun.t_ns))] = found
            self._by_end[(event.thread, event.t_ns - shift_ns)] = found
            if by is not None:
                self._add_arrow(by, event, shift_ns)
            if len(self._by_end) > KEEP:
                for table in (self._by_start, self._by_end):
                    for key in list(table)[: KEEP // 10]:
                        del table[key]
                del self._arrow_list[: KEEP // 10]
                del self._arrow_ends[: KEEP // 10]

    def _add_arrow(self, by: TraceEvent, effect: TraceEvent, shift_ns: int) -> None:
        cause_ns = self._drawn_at(by.t_ns)
        effect_ns = effect.t_ns - shift_ns
        ends = self._arrow_ends
        if ends and effect_ns < ends[-1]:  # threads' clocks race by a hair: keep it sorted
            effect_ns = ends[-1]
        self._arrow_list.append(CauseArrow(by.thread, cause_ns, effect.thread, effect_ns))
        ends.append(effect_ns)

    def _drawn_at(self, raw_ns: int) -> int:
        """Where the timeline drew an event of this batch or an earlier one: less the cut then."""
        shifts = self._shifts
        at = bisect_right(shifts, (raw_ns, 1 << 62)) - 1
        return raw_ns - shifts[max(at, 0)][1]

    def arrows_between(self, t0: int, t1: int, cap: int) -> list[CauseArrow] | None:
        """The cause -> effect arrows that cross [t0, t1]; None when more than ``cap`` do.

        Costs a bisection and the arrows in view, never the run's whole history.
        """
        ends, arrows = self._arrow_ends, self._arrow_list
        lo = bisect_left(ends, t0)
        hi = bisect_right(ends, t1)
        if hi - lo > cap:
            return None
        shown = arrows[lo:hi]
        shown += [a for a in arrows[hi : hi + _LOOK_PAST] if a.cause_ns <= t1]
        return shown if len(shown) <= cap else None

    def for_span(self, lane: str, start_ns: int, end_ns: int) -> SpanCause | None:
        """The cause of ``lane``'s blocked span from ``start_ns`` to ``end_ns``, if known.

        A span the stop ended says, when the wait-for picture knows, what could
        have ended it and why nothing did, with the line of that statement.
        """
        found = self._by_end.get((lane, end_ns)) or self._by_start.get((lane, start_ns))
        if found is None or found.cause_thread:
            return found
        known = self.unended(lane) if self.unended is not None else None
        if known is None:
            return found
        wait, line = known
        return found._replace(
            words=f"{found.words}. What could have ended it: {wait.why}", line=line
        )

    def waiting(self, lane: str) -> str:
        """What could end ``lane``'s blocked span now ('' when it is not blocked)."""
        begun = self._finder.blocked().get(lane)
        if begun is None:
            return ""
        known = self.unended(lane) if self.unended is not None else None
        return known[0].words if known is not None else waiting_words(begun)

    def arrows(self) -> list[SpanCause]:
        """Every kept cause that a thread's statement gave (not the stop), oldest first."""
        return [c for c in self._by_end.values() if c.cause_thread]
