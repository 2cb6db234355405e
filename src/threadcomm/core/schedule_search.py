"""Find a bad schedule: search the orderings of the threads' statements, systematically.

Every ordering is a real run of the real threads, stepped one statement at a
time (:func:`threadcomm.core.schedules.drive`). The search is bounded by the
number of *preemptions*, as in CHESS-style testing: a schedule switches away
from a thread that could have gone on at most ``max_preemptions`` times
(a switch forced by a blocked thread is free). Orderings with no preemption
come first, then those with one, and so on, so the schedule found first is one
with the fewest forced switches; among the bad schedules found, the shortest
is reported. The search is bounded in orderings too, reports its progress
after each ordering, and stops within about 50 ms of being asked.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from threadcomm.core.schedules import Ran, drive, stepping_config

if TYPE_CHECKING:
    from collections.abc import Callable

    from threadcomm.core.config import RunConfig

__all__ = ["Progress", "SearchResult", "search"]


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a search has got: orderings tried, and how many wait to be tried."""

    tried: int
    waiting: int
    preemptions: int  # the bound being explored now
    elapsed_s: float


@dataclass(frozen=True, slots=True)
class SearchResult:
    """What a search found.

    Attributes
    ----------
    found
        The shortest bad run found, or None.
    tried
        How many orderings were run.
    complete
        True when every ordering within the bound was tried (none was left over).
    stopped
        True when the search was asked to stop before its end.
    first_bad_s
        Seconds until the first bad ordering was found, or None.
    """

    found: Ran | None
    tried: int
    complete: bool
    stopped: bool
    elapsed_s: float
    first_bad_s: float | None
    max_preemptions: int
    max_orderings: int


def _preemptions(ran: Ran, upto: int) -> int:
    """Switches away from a thread that could have gone on, in the first ``upto`` steps."""
    count = 0
    for i in range(1, min(upto, len(ran.steps))):
        previous = ran.steps[i - 1]
        if previous in ran.options[i] and ran.steps[i] != previous:
            count += 1
    return count


def search(
    config: RunConfig,
    *,
    max_preemptions: int = 2,
    max_orderings: int = 500,
    goal: Callable[[Ran], bool] | None = None,
    stop: threading.Event | None = None,
    progress: Callable[[Progress], None] | None = None,
    keep_going: int = 0,
) -> SearchResult:
    """Search the orderings of ``config``'s statements for a bad one.

    Parameters
    ----------
    config
        The run; it is stepped with no delay (see :func:`stepping_config`).
    max_preemptions
        The most switches away from a thread that could have gone on.
    max_orderings
        The most orderings (runs) to try.
    goal
        What counts as bad; by default any of :data:`~threadcomm.core.schedules.OUTCOMES`.
    stop
        Set it to end the search within about 50 ms.
    progress
        Called after each ordering, in the searching thread.
    keep_going
        After the first bad ordering, try up to this many more for a shorter one.
    """
    config = stepping_config(config)
    is_bad = goal if goal is not None else (lambda ran: bool(ran.outcomes))
    stop = stop if stop is not None else threading.Event()
    started = time.monotonic()
    # Per preemption count: prefixes (forced choices) still to run.
    levels: list[deque[list[str]]] = [deque() for _ in range(max_preemptions + 1)]
    levels[0].append([])
    tried, level = 0, 0
    best: Ran | None = None
    first_bad_s: float | None = None
    budget = max_orderings
    while level <= max_preemptions and tried < budget and not stop.is_set():
        if not levels[level]:
            level += 1
            continue
        prefix = levels[level].popleft()

        ran = drive(config, _Chooser(prefix), stop)
        if stop.is_set():
            break
        tried += 1
        if is_bad(ran):
            if first_bad_s is None:
                first_bad_s = time.monotonic() - started
                budget = min(budget, tried + keep_going)
            if best is None or len(ran.steps) < len(best.steps):
                best = ran
        else:
            _branch(ran, len(prefix), levels, max_preemptions)
        if progress is not None:
            progress(Progress(tried, sum(map(len, levels)), level, time.monotonic() - started))
    return SearchResult(
        found=best,
        tried=tried,
        complete=not any(levels) and not stop.is_set(),
        stopped=stop.is_set(),
        elapsed_s=time.monotonic() - started,
        first_bad_s=first_bad_s,
        max_preemptions=max_preemptions,
        max_orderings=max_orderings,
    )


class _Chooser:
    """Takes the forced prefix's choices, then lets the thread that moved last go on."""

    def __init__(self, prefix: list[str]) -> None:
        self._prefix = prefix
        self._last = ""

    def __call__(self, now: list[str], number: int) -> str:
        if number < len(self._prefix):
            wanted = self._prefix[number]
            choice = wanted if wanted in now else now[0]
        else:
            choice = self._last if self._last in now else now[0]
        self._last = choice
        return choice


def _branch(ran: Ran, fixed: int, levels: list[deque[list[str]]], bound: int) -> None:
    """Queue every ordering that differs from ``ran`` first at a step after its prefix."""
    for i in range(fixed, len(ran.steps)):
        before = _preemptions(ran, i)
        previous = ran.steps[i - 1] if i else None
        for other in ran.options[i]:
            if other == ran.steps[i]:
                continue
            cost = before + (1 if previous in ran.options[i] and other != previous else 0)
            if cost <= bound:
                levels[cost].append([*ran.steps[:i], other])
