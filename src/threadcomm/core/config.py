"""RunConfig: everything one run needs, checked before any thread starts."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol

from threadcomm.core.mistakes import Mistake, unavailable_reason
from threadcomm.core.wording import plural

__all__ = [
    "MAX_CONSUMERS",
    "MAX_DELAY_S",
    "MAX_ITEMS",
    "MAX_QUEUE_SIZE",
    "TUTORIAL_DATA",
    "WATCH_DELAY_S",
    "ConfigError",
    "RunConfig",
    "RunPreset",
    "make_run_config",
]

#: The tutorial's data list, as a person would type it.
TUTORIAL_DATA = "5, 10, 13, -1"
#: Seconds before each statement when a person watches: the window's default delay,
#: and a scenario's unless it sets its own (a headless run defaults to 0).
WATCH_DELAY_S = 0.4

MAX_CONSUMERS = 8
MAX_QUEUE_SIZE = 1_000_000
MAX_ITEMS = 1_000_000
MAX_DELAY_S = 10.0


class ConfigError(ValueError):
    """A run setting out of range; the message names the setting and its limits."""


@dataclass(frozen=True, slots=True)
class RunConfig:
    """The settings of one run.

    Parameters
    ----------
    items
        The data list; each item is doubled by a consumer (``item * 2``).
    consumers
        How many consumer threads take items off the queue (1-8).
    maxsize
        The queue's capacity; 0 means unbounded, as in the tutorial.
    handshake
        Whether the creator waits on each item's Event before putting the next
        one, as the tutorial does.
    delay
        Seconds each thread pauses before each statement, so a person can watch.
    work
        Seconds of work per unit of an item's size: a consumer works on item
        ``n`` for ``abs(n) * work`` seconds (at most one second) before doubling
        it, so bigger items take longer (0: no work, as in the tutorial).
    fault_item
        Index of an item whose processing raises (a consumer crash), or None.
    forget_set
        The consumer never calls ``evt.set()``: the creator waits forever.
    forget_task_done
        The consumer never calls ``q.task_done()``: ``q.join()`` never returns.
    no_stop
        The consumer loops forever with no sentinel, as in the tutorial's
        ``while True``: the run cannot end.
    deadlock_after
        Seconds with every thread blocked and nothing changing before the
        watchdog reports a deadlock.
    mistake
        A :class:`~threadcomm.core.mistakes.Mistake` by name, or '': the run
        performs that mistake's lesson program instead of the corrected tutorial.
    """

    items: tuple[object, ...]
    consumers: int = 1
    maxsize: int = 0
    handshake: bool = True
    delay: float = 0.0
    work: float = 0.0
    fault_item: int | None = None
    forget_set: bool = False
    forget_task_done: bool = False
    no_stop: bool = False
    deadlock_after: float = 1.0
    mistake: str = ""

    def __post_init__(self) -> None:
        if not self.items:
            raise ConfigError("the data list is empty: give at least one item")
        if len(self.items) > MAX_ITEMS:
            raise ConfigError(f"too many items: {len(self.items):,} (at most {MAX_ITEMS:,})")
        _check_int("consumers", self.consumers, 1, MAX_CONSUMERS)
        _check_int("queue size (maxsize)", self.maxsize, 0, MAX_QUEUE_SIZE)
        check_delay(self.delay)
        check_delay(self.work, "work per unit")
        if self.fault_item is not None:
            _check_int("fault item", self.fault_item, 0, len(self.items) - 1)
        if not (math.isfinite(self.deadlock_after) and self.deadlock_after > 0):
            raise ConfigError(
                f"deadlock_after must be a positive number of seconds, not {self.deadlock_after!r}"
            )
        if self.mistake:
            if self.mistake not in set(Mistake):
                names = ", ".join(Mistake)
                raise ConfigError(f"mistake must be one of {names}, not {self.mistake!r}")
            if reason := unavailable_reason(self.mistake):
                raise ConfigError(reason)


class RunPreset(Protocol):
    """What a scenario brings to a run: settings to start from, and the bug it plants."""

    @property
    def consumers(self) -> int:
        """Consumer threads."""

    @property
    def maxsize(self) -> int:
        """The queue's capacity (0: unbounded)."""

    @property
    def handshake(self) -> bool:
        """Whether the creator waits on each item's Event."""

    @property
    def delay(self) -> float:
        """Seconds before each statement."""

    @property
    def work(self) -> float:
        """Seconds of work per unit of an item's size."""

    @property
    def fault_item(self) -> int | None:
        """Index of the item whose processing raises, or None."""

    @property
    def mistake(self) -> str:
        """The mistake whose lesson program the run performs, or ''."""

    @property
    def forget_set(self) -> bool:
        """The consumer never calls ``evt.set()``."""

    @property
    def forget_task_done(self) -> bool:
        """The consumer never calls ``q.task_done()``."""

    @property
    def no_stop(self) -> bool:
        """The consumer never stops (no sentinel)."""


def make_run_config(
    *,
    items: tuple[object, ...],
    preset: RunPreset | None = None,
    consumers: int | None = None,
    maxsize: int | None = None,
    handshake: bool | None = None,
    delay: float | None = None,
    deadlock_after: float | None = None,
) -> RunConfig:
    """Build the RunConfig of a run: the command line, the window and the scenarios all ask here.

    Parameters
    ----------
    items
        The data list, already parsed.
    preset
        A scenario: its work and planted bug always apply, and its settings fill in
        those left as None here. Without one, RunConfig's defaults fill them in.
    consumers, maxsize, handshake, delay, deadlock_after
        The settings chosen for this run (None: the preset's, else the default).

    Raises
    ------
    ConfigError
        A setting out of range, or the preset's fault item beyond the data list.
    """
    settings: dict[str, Any] = {}
    if preset is not None:
        fault = preset.fault_item
        if fault is not None and 0 < len(items) <= fault:
            raise ConfigError(
                f"this scenario makes item {fault + 1} fail, but the data list has only "
                f"{plural(len(items), 'item')}"
            )
        settings.update(
            consumers=preset.consumers,
            maxsize=preset.maxsize,
            handshake=preset.handshake,
            delay=preset.delay,
            work=preset.work,
            fault_item=fault,
            forget_set=preset.forget_set,
            forget_task_done=preset.forget_task_done,
            no_stop=preset.no_stop,
            mistake=preset.mistake,
        )
    chosen = {
        "consumers": consumers,
        "maxsize": maxsize,
        "handshake": handshake,
        "delay": delay,
        "deadlock_after": deadlock_after,
    }
    settings.update((name, value) for name, value in chosen.items() if value is not None)
    return RunConfig(items=items, **settings)


def check_delay(delay: float, name: str = "delay") -> float:
    """Return ``delay`` if it is a valid number of seconds for ``name``, else raise ConfigError."""
    if isinstance(delay, bool) or not isinstance(delay, int | float):
        raise ConfigError(f"{name} must be a number of seconds, not {delay!r}")
    if not (math.isfinite(delay) and 0 <= delay <= MAX_DELAY_S):
        raise ConfigError(f"{name} must be between 0 and {MAX_DELAY_S:g} seconds (got {delay!r})")
    return float(delay)


def _check_int(name: str, value: int, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{name} must be a whole number, not {value!r}")
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high:,} (got {value:,})")
