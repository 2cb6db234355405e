"""A shorter GIL switch interval while the window runs the pipeline.

Every Python call the GUI thread makes (a slot, a paint, a model's
``data()``) first takes the GIL; while workers are busy, the thread asking
for it waits a switch interval before CPython makes the holder let go:
5 ms by default, and a pass of the event loop makes a dozen such calls.
During a run the interval is 2 ms, so those waits are shorter; the workers
switch among themselves more often, which costs them little. The previous
interval comes back when the last run ends. Headless runs never change it.
"""

from __future__ import annotations

import sys

__all__ = ["RUN_SWITCH_INTERVAL_S", "restore_switch_interval", "shorten_switch_interval"]

#: The GIL switch interval while a run goes (seconds).
RUN_SWITCH_INTERVAL_S = 0.002

_holders = 0
_saved: float | None = None


def shorten_switch_interval() -> None:
    """Use :data:`RUN_SWITCH_INTERVAL_S` until the matching :func:`restore_switch_interval`."""
    global _holders, _saved
    if _holders == 0:
        _saved = sys.getswitchinterval()
        sys.setswitchinterval(min(_saved, RUN_SWITCH_INTERVAL_S))
    _holders += 1


def restore_switch_interval() -> None:
    """Undo one :func:`shorten_switch_interval`; the last one restores the interval."""
    global _holders, _saved
    if _holders == 0:
        return
    _holders -= 1
    if _holders == 0 and _saved is not None:
        sys.setswitchinterval(_saved)
        _saved = None
