"""Turns at the GIL for a viewer's thread: the workers wait while a starved window draws.

In a flood every worker is runnable all the time. A window's GUI thread needs
the GIL for each Python call it makes (a slot, a paint), and each time it asks
for the GIL it waits behind the workers, about a switch interval (5 ms) per
worker; a pass of its event loop that makes a dozen such calls is then late by
far more than a person tolerates.

So the workers give the viewer turns. The viewer says when it last ran
(:meth:`ViewerTurns.viewer_ran`); a worker that finds, between two items, that
the viewer has not run for :data:`STARVED_S` offers it a turn: it calls
``offer`` (which wakes the viewer) and waits, with every other worker, until the
viewer says its turn is over (:meth:`ViewerTurns.end_turn`), at most
:data:`HOLD_S`. With no worker competing for it, the viewer's pass takes only
its own time. A viewer that keeps up is never offered a turn, so a watchable
run is not touched; a run without a viewer has no ``ViewerTurns`` at all.

Pure Python: the window wires ``offer`` to a queued signal. Never imports Qt.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["HOLD_S", "STARVED_S", "ViewerTurns"]

#: A viewer that has not run for this long is offered a turn.
STARVED_S = 0.012
#: Longest the workers wait for a turn to end: a viewer that never ends it only slows them.
HOLD_S = 0.03
_NEVER = 2**63 - 1


class ViewerTurns:
    """When the workers pause for the viewer, and for how long.

    Thread ownership: :meth:`viewer_ran`, :meth:`end_turn` and :meth:`close`
    are called by the viewer's thread; :meth:`take_turn` by the workers.
    ``due_ns`` and ``held`` are read by the workers without the lock, once per
    item: ``if turns.held or clock() >= turns.due_ns: turns.take_turn(name)``.

    Parameters
    ----------
    offer
        Called in a worker thread when a turn begins: wake the viewer (a queued
        signal). The viewer runs its pass, then calls :meth:`end_turn`.
    starved_s, hold_s
        See :data:`STARVED_S` and :data:`HOLD_S`.
    """

    def __init__(
        self,
        offer: Callable[[], object],
        *,
        starved_s: float = STARVED_S,
        hold_s: float = HOLD_S,
    ) -> None:
        self._offer = offer
        self._starved_ns = int(starved_s * 1e9)
        #: Longest a worker waits for a turn to end.
        self.hold_s = hold_s
        self._lock = threading.Lock()
        self._ended = threading.Event()  # set while no turn is on
        self._ended.set()
        #: The time after which a worker offers the viewer a turn.
        self.due_ns = time.monotonic_ns() + self._starved_ns
        #: Whether a turn is on: every worker waits at its next item.
        self.held = False
        #: Turns offered so far (for the benchmarks and tests).
        self.turns = 0

    # -- the viewer's thread ---------------------------------------------------

    def viewer_ran(self) -> None:
        """The viewer just handled the run's news: no turn is due for a while."""
        if not self.held:
            self.due_ns = time.monotonic_ns() + self._starved_ns

    def end_turn(self) -> None:
        """The viewer's pass is over: the workers run on."""
        with self._lock:
            self._end()

    def reopen(self) -> None:
        """Turns again, for a new run (after :meth:`close`)."""
        with self._lock:
            self._end()

    def close(self) -> None:
        """No more turns (the run ended or the window closes); release any waiting worker."""
        with self._lock:
            self._end()
            self.due_ns = _NEVER

    def _end(self) -> None:
        self.held = False
        self.due_ns = time.monotonic_ns() + self._starved_ns
        self._ended.set()

    # -- the workers ---------------------------------------------------------

    def take_turn_if_due(self) -> None:
        """:meth:`take_turn` if one is due: for a thread that is not a worker (an export)."""
        if self.held or time.monotonic_ns() >= self.due_ns:
            self.take_turn(lambda: None)

    def take_turn(self, waiting: Callable[[], object]) -> None:
        """Between two items: if the viewer is starved, wait while it has a turn (bounded).

        ``waiting`` is called first when the worker is about to wait (it reports
        the wait, so the trace shows the thread pacing, not running).
        """
        with self._lock:
            if not self.held:
                if time.monotonic_ns() < self.due_ns:
                    return  # another worker's turn just ended
                self.held = True
                self.turns += 1
                self._ended.clear()
                try:
                    self._offer()
                except Exception:  # the viewer is gone: no more turns
                    self._end()
                    self.due_ns = _NEVER
                    return
        waiting()
        if not self._ended.wait(self.hold_s):
            with self._lock:  # the viewer did not end it in time: end it, and run on
                if self.held:
                    self._end()
