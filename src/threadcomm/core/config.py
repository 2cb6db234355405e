"""RunConfig: everything one run needs, checked before any thread starts."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "MAX_CONSUMERS",
    "MAX_DELAY_S",
    "MAX_ITEMS",
    "MAX_QUEUE_SIZE",
    "ConfigError",
    "RunConfig",
]

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
        ``n`` for ``abs(n) * work`` seconds before doubling it, so bigger items
        take longer (0: no work, as in the tutorial).
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
