"""The mistakes people make with Queue, Event and join, and where each one is in its lesson.

A scenario with ``mistake = "..."`` runs the program of its lesson listing
(``resources/lesson/``) with that mistake in it. The diagnosis of such a run
quotes the listing's line that causes the trouble: :func:`cause` finds it by
its code text, never by number, so the listing can be edited freely.
"""

from __future__ import annotations

import queue
from enum import StrEnum
from functools import cache

from threadcomm.assets import resource_path
from threadcomm.core.listing import code_parts

__all__ = [
    "LESSONS",
    "NEEDS_SHUTDOWN",
    "Mistake",
    "cause",
    "has_queue_shutdown",
    "unavailable_reason",
]


class Mistake(StrEnum):
    """A program that differs from the corrected tutorial in one instructive way."""

    #: The tutorial as printed: main's q.join() right after start(), a while True consumer.
    VERBATIM = "verbatim"
    #: q.task_done() twice for one item: ValueError, the consumer dies before evt.set().
    TASK_DONE_TWICE = "task_done_twice"
    #: An early ``continue`` skips q.task_done(): q.join() hangs though every result arrived.
    SKIP_TASK_DONE = "skip_task_done"
    #: q.task_done() before the result is recorded: "all done" comes before a result.
    TASK_DONE_TOO_EARLY = "task_done_too_early"
    #: One Event for every item, set() then clear(): a wake-up is lost.
    SHARED_EVENT = "shared_event"
    #: One sentinel for two consumers: one consumer never ends.
    ONE_SENTINEL = "one_sentinel"
    #: A daemon consumer while main waits only for the creator: the program exits mid-item.
    DAEMON_CONSUMER = "daemon_consumer"
    #: Queue.shutdown() (3.13+): consumers end on queue.ShutDown, no sentinels.
    SHUTDOWN = "shutdown"
    #: Queue.shutdown(immediate=True) (3.13+): queued items are discarded, their Events never set.
    SHUTDOWN_IMMEDIATE = "shutdown_immediate"


#: The lesson listing of each mistake: the program the lab performs.
LESSONS: dict[Mistake, str] = {
    Mistake.VERBATIM: "tutorial_verbatim.py",
    Mistake.TASK_DONE_TWICE: "task_done_twice.py",
    Mistake.SKIP_TASK_DONE: "continue_skips_task_done.py",
    Mistake.TASK_DONE_TOO_EARLY: "task_done_before_result.py",
    Mistake.SHARED_EVENT: "one_event_reused.py",
    Mistake.ONE_SENTINEL: "one_sentinel_two_consumers.py",
    Mistake.DAEMON_CONSUMER: "daemon_consumer.py",
    Mistake.SHUTDOWN: "shutdown_ends_consumers.py",
    Mistake.SHUTDOWN_IMMEDIATE: "shutdown_immediate_discards.py",
}

#: The mistakes that need ``Queue.shutdown()``, new in Python 3.13.
NEEDS_SHUTDOWN = frozenset({Mistake.SHUTDOWN, Mistake.SHUTDOWN_IMMEDIATE})

#: What a shutdown scenario would show, for interpreters that cannot run it.
_WOULD_SHOW = {
    Mistake.SHUTDOWN: "it would show two consumers ending on queue.ShutDown after "
    "q.shutdown(), with no sentinel at all",
    Mistake.SHUTDOWN_IMMEDIATE: "it would show q.shutdown(immediate=True) throwing away "
    "the items still queued, so the creator waits forever on their Events",
}


def has_queue_shutdown() -> bool:
    """Whether this interpreter's ``queue.Queue`` has ``shutdown()`` (Python 3.13+)."""
    return hasattr(queue.Queue, "shutdown")


def unavailable_reason(mistake: Mistake | str) -> str:
    """Why ``mistake`` cannot run here, in one sentence; '' when it can."""
    if not mistake or Mistake(mistake) not in NEEDS_SHUTDOWN or has_queue_shutdown():
        return ""
    return f"Needs Python 3.13 (Queue.shutdown()): {_WOULD_SHOW[Mistake(mistake)]}."


@cache
def _lesson_code(name: str) -> tuple[str, ...]:
    try:
        text = resource_path("lesson", name).read_text(encoding="utf-8")
    except OSError:
        return ()
    return tuple(line.strip() for line in code_parts(text))


def cause(mistake: Mistake, needle: str, after: str = "") -> str:
    """Where ``needle`` is in the mistake's lesson: ``line 37 (`q.task_done()`)``.

    The first line whose code (comments and docstrings left out) holds
    ``needle``, below the first line holding ``after`` when that is given. If
    the listing has no such line, the statement is named without a number.
    """
    code = _lesson_code(LESSONS[mistake])
    start = 0
    if after:
        start = next((i + 1 for i, line in enumerate(code) if after in line), len(code))
    for number in range(start, len(code)):
        if needle in code[number]:
            return f"line {number + 1}: `{code[number]}`"
    return f"`{needle}`"
