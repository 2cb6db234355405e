"""The threads of a run: their names, their order, and the part of the lesson each runs.

The pipeline names its threads here; the trace, the watchdog, the exports and
every view read the names from here, so no other module spells them out.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "COORDINATOR",
    "CREATOR",
    "GUI_THREAD",
    "Role",
    "consumer_name",
    "consumer_number",
    "is_consumer",
    "role_of",
    "run_threads",
    "thread_order",
]

#: The thread that puts each item on the queue and waits on its Event.
CREATOR = "creator"
#: The thread that runs the program's main block: starts the others, joins, stops them.
COORDINATOR = "coordinator"
#: How the GUI (main) thread is named wherever a thread is named: lanes, tables, exports.
GUI_THREAD = "GUI thread"
_CONSUMER_PREFIX = "consumer-"


class Role(StrEnum):
    """The part of the lesson program a thread runs (the listing's sections)."""

    CREATOR = "creator"  # def creator(...): the creator thread
    CONSUMER = "consumer"  # def my_consumer(...): each consumer thread
    MAIN = "main"  # if __name__ == "__main__": the coordinator


def consumer_name(number: int) -> str:
    """The thread name of consumer ``number`` (1-based)."""
    return f"{_CONSUMER_PREFIX}{number}"


def is_consumer(name: str) -> bool:
    """Whether ``name`` is a consumer thread's name."""
    return name.startswith(_CONSUMER_PREFIX)


def consumer_number(name: str) -> int | None:
    """The 1-based number of the consumer called ``name``; None for any other thread."""
    number = name.removeprefix(_CONSUMER_PREFIX)
    return int(number) if number != name and number.isdigit() else None


def run_threads(consumers: int) -> list[str]:
    """Every thread of a run, in order: creator, ``consumers`` consumers, coordinator."""
    return [CREATOR, *(consumer_name(n) for n in range(1, consumers + 1)), COORDINATOR]


def thread_order(name: str) -> tuple[int, int, str]:
    """Sort key for run order: creator, consumers by number, coordinator, then others."""
    if name == CREATOR:
        return (0, 0, name)
    number = consumer_number(name)
    if number is not None:
        return (1, number, name)
    if name == COORDINATOR:
        return (2, 0, name)
    return (3, 0, name)


def role_of(name: str) -> str:
    """The Role of the thread called ``name``, or "" for one outside the program (the GUI)."""
    if name == CREATOR:
        return Role.CREATOR
    if is_consumer(name):
        return Role.CONSUMER
    if name == COORDINATOR:
        return Role.MAIN
    return ""
