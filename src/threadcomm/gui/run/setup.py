"""What a Start press runs: the RunConfig and the listing the controls and scenario describe."""

from __future__ import annotations

from typing import TYPE_CHECKING

from threadcomm.assets import resource_path
from threadcomm.core.config import ConfigError, RunConfig

if TYPE_CHECKING:
    from threadcomm.core.scenarios import Scenario

__all__ = ["lesson_listing", "make_config"]


def make_config(
    items: tuple[object, ...],
    consumers: int,
    maxsize: int,
    delay: float,
    handshake: bool,
    scenario: Scenario | None,
) -> RunConfig:
    """The run the controls describe; a scenario adds its planted bug (ConfigError if unfit)."""
    if scenario is None:
        return RunConfig(items, consumers, maxsize, handshake, delay)
    fault = scenario.fault_item
    if fault is not None and fault >= len(items):
        raise ConfigError(
            f"this scenario makes item {fault + 1} fail, but the data list has only "
            f"{len(items)} item{'' if len(items) == 1 else 's'}"
        )
    return RunConfig(
        items,
        consumers,
        maxsize,
        handshake,
        delay,
        work=scenario.work,
        fault_item=fault,
        forget_set=scenario.forget_set,
        forget_task_done=scenario.forget_task_done,
        no_stop=scenario.no_stop,
    )


def lesson_listing(scenario: Scenario | None) -> str:
    """The program the run performs, for the code view ('' if the file cannot be read)."""
    lesson = scenario.lesson if scenario is not None else "tutorial.py"
    try:
        return resource_path("lesson", lesson).read_text(encoding="utf-8")
    except OSError:
        return ""
