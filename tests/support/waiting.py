"""The one way tests wait: poll a condition until it holds, bounded, never a bare sleep.

With ``qtbot`` the GUI thread keeps processing events while it waits, so the
signals a run's threads emit are delivered; without it (Qt-free tests of the
core) the calling thread polls every millisecond.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from pytestqt.qtbot import QtBot

__all__ = ["WAIT_MS", "wait_until"]

#: Longest any test waits for a run to reach a state (generous: the machine may be busy).
WAIT_MS = 15_000

#: How often a Qt-free wait looks at its condition.
_POLL_S = 0.001


def wait_until(
    condition: Callable[[], object],
    *,
    timeout_ms: int = WAIT_MS,
    what: str = "",
    qtbot: QtBot | None = None,
) -> None:
    """Wait until ``condition()`` is true; fail after ``timeout_ms``.

    Parameters
    ----------
    condition
        Called repeatedly until it returns something true.
    timeout_ms
        How long to wait before the test fails, in milliseconds.
    what
        What is awaited, for the failure message.
    qtbot
        Given, the wait processes Qt events (for tests with windows or a bridge);
        omitted, the calling thread only polls.

    Raises
    ------
    AssertionError
        When ``condition()`` is still false after ``timeout_ms``.
    """
    message = f"timed out after {timeout_ms} ms waiting for {what or condition}"
    if qtbot is not None:

        def check() -> None:
            assert condition(), message

        qtbot.waitUntil(check, timeout=timeout_ms)
        return
    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():  # the condition synchronises; the pause only spaces the looks
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(_POLL_S)
