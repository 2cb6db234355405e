"""The interpreter's settings while the window runs the pipeline: collections and GIL switches.

Full garbage collections: a full (oldest-generation) collection walks every
live object while holding the GIL, so every thread stops with it: with the
trace events and results of a 100,000-item run alive, one such pass stalls
the window for 100 ms or more. During a run only the young generations are
collected (cheap, and enough for the short-lived garbage a run makes). When
the last run ends the thresholds come back, and what is alive then (the
run's history, kept for the views until the next run) is frozen
(``gc.freeze``): the next full collection would otherwise walk it all, a
stall of its own just after the run. The next run unfreezes it, so cyclic
garbage among it is collected once that run ends.

The GIL switch interval: every Python call the GUI thread makes (a slot, a
paint, a model's ``data()``) first takes the GIL; while workers are busy, a
thread asking for it waits a switch interval before CPython makes the holder
let go: 5 ms by default, and a pass of the event loop makes a dozen such
calls. During a run the interval is :data:`RUN_SWITCH_INTERVAL_S`, so those
waits are shorter; the workers switch among themselves more often, which
costs them little. Headless runs never change either setting.
"""

from __future__ import annotations

import gc
import sys

__all__ = ["RUN_SWITCH_INTERVAL_S", "hold_run_settings", "release_run_settings"]

#: The GIL switch interval while a run goes (seconds).
RUN_SWITCH_INTERVAL_S = 0.002
#: A gen-2 threshold no run reaches (the count it is compared with grows by one per gen-1 pass).
_NEVER = 1 << 30

_holders = 0
_saved: tuple[tuple[int, int, int], float] | None = None


def hold_run_settings() -> None:
    """No full collections and a short switch interval until :func:`release_run_settings`."""
    global _holders, _saved
    if _holders == 0:
        gc.unfreeze()
        thresholds, interval = gc.get_threshold(), sys.getswitchinterval()
        _saved = thresholds, interval
        gc.set_threshold(thresholds[0], thresholds[1], _NEVER)
        sys.setswitchinterval(min(interval, RUN_SWITCH_INTERVAL_S))
    _holders += 1


def release_run_settings() -> None:
    """Undo one :func:`hold_run_settings`; the last one restores the settings."""
    global _holders, _saved
    if _holders == 0:
        return
    _holders -= 1
    if _holders == 0 and _saved is not None:
        thresholds, interval = _saved
        gc.freeze()
        gc.set_threshold(*thresholds)
        sys.setswitchinterval(interval)
        _saved = None
