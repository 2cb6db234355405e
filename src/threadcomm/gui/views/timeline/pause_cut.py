"""Paused time in which nothing happens is cut out of the timeline.

A stepped session may last a minute while the threads run for a fraction of a
second. Drawn to scale, its steps would be squeezed into a sliver at the
right. So when every live worker is parked (paused at the gate, or blocked),
the idle time until the next event is cut down to :data:`KEPT_NS`, and the
cut is marked where it happened ("paused 12.3 s"), so a stepped run reads one
step after another, like a comic strip, and nobody is told it ran faster than
it did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from threadcomm.core.threads import COORDINATOR, GUI_THREAD
from threadcomm.core.trace import BLOCKED_STATES, State

if TYPE_CHECKING:
    from collections.abc import Mapping

    from threadcomm.gui.run.model import ThreadState
    from threadcomm.gui.views.timeline.store import TimelineStore

__all__ = ["KEPT_NS", "PauseCut", "all_parked"]

#: Idle paused time that stays on the axis around each cut.
KEPT_NS = 400_000_000
_WAITING = frozenset({State.PAUSED, *BLOCKED_STATES})


def all_parked(threads: Mapping[str, ThreadState]) -> bool:
    """Whether no worker can move until a Step or Resume: all paused or blocked, one paused."""
    workers = [
        t.state
        for name, t in threads.items()
        if name not in (COORDINATOR, GUI_THREAD) and t.state is not State.ENDED
    ]
    return State.PAUSED in workers and all(state in _WAITING for state in workers)


class PauseCut:
    """Decides the cuts of one run and keeps the store's shift, cuts and "now" limit.

    Thread ownership: GUI thread only (the timeline view calls it).
    """

    def __init__(self, store: TimelineStore) -> None:
        self._store = store
        self._last_raw = 0
        self._parked = False

    def reset(self) -> None:
        """A new run: nothing cut yet."""
        self._last_raw = 0
        self._parked = False

    def before(self, first_raw_ns: int) -> None:
        """Events from ``first_raw_ns`` on arrive: cut the idle time before them, if paused."""
        store = self._store
        idle = first_raw_ns - self._last_raw
        if self._parked and self._last_raw and idle > KEPT_NS:
            removed = idle - KEPT_NS
            store.breaks.append((self._last_raw - store.shift_ns + KEPT_NS // 2, removed))
            store.shift_ns += removed

    def after(self, last_raw_ns: int, threads: Mapping[str, ThreadState]) -> None:
        """The events up to ``last_raw_ns`` are in; ``threads`` say whether all are parked now."""
        store = self._store
        self._last_raw = max(self._last_raw, last_raw_ns)
        self._parked = all_parked(threads)
        store.hold_ns = self._last_raw - store.shift_ns + KEPT_NS if self._parked else 0
