"""Keep Python's full garbage collections out of a run.

A full (oldest-generation) collection walks every live object while holding
the GIL, so every thread stops with it: with the trace events and results of a
100,000-item run alive, one such pass stalls the window for 100 ms or more.
During a run only the young generations are collected (cheap, and enough for
the short-lived garbage a run makes); the previous thresholds come back when
the last run ends. What is alive then (the run's history, kept for the views
until the next run) is frozen (``gc.freeze``): the next full collection would
otherwise walk it all, a stall of its own just after the run. The next run
unfreezes it, so cyclic garbage among it is collected once that run ends.
"""

from __future__ import annotations

import gc

__all__ = ["hold_full_collections", "release_full_collections"]

_holders = 0
_saved: tuple[int, int, int] | None = None
#: A gen-2 threshold no run reaches (the count it is compared with grows by one per gen-1 pass).
_NEVER = 1 << 30


def hold_full_collections() -> None:
    """Stop full collections until the matching :func:`release_full_collections`."""
    global _holders, _saved
    if _holders == 0:
        gc.unfreeze()
        _saved = gc.get_threshold()
        gc.set_threshold(_saved[0], _saved[1], _NEVER)
    _holders += 1


def release_full_collections() -> None:
    """Undo one :func:`hold_full_collections`; the last one restores the thresholds."""
    global _holders, _saved
    if _holders == 0:
        return
    _holders -= 1
    if _holders == 0 and _saved is not None:
        gc.freeze()
        gc.set_threshold(*_saved)
        _saved = None
