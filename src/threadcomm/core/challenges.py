"""Challenges: scheduler goals the student reaches by stepping the threads, checked by the lab.

Each :class:`Challenge` names a scenario (and settings), a goal the lab checks
on the run's trace after every step, a hint, and a reveal: a schedule that
reaches it. :func:`reached` says whether a trace has reached the goal, and
after how many steps. Pure Python, no Qt.

A goal is a challenge only if the run does not reach it by itself: none is
reached in its scenario's *natural order*, where each step goes to the first
thread in the run's order that can move (the creator before the consumers),
the order a replay follows once its steps run out. The student has to
interrupt a thread that could have gone on.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from threadcomm.core.threads import CREATOR
from threadcomm.core.trace import Kind, TraceEvent

__all__ = ["CHALLENGES", "Challenge", "find_challenge", "reached"]

Goal = Callable[[Sequence[TraceEvent], int], bool]


@dataclass(frozen=True, slots=True)
class Challenge:
    """One scheduler goal.

    Attributes
    ----------
    name
        Short identifier (``early-join``).
    title
        The goal as the student reads it.
    scenario
        The scenario it is played on.
    consumers
        Consumer threads (None: the scenario's).
    hint, reveal
        A nudge, and how to reach it in words.
    goal
        Whether the events so far (of a run of ``items`` items) reach it.
    """

    name: str
    title: str
    scenario: str
    hint: str
    reveal: str
    goal: Goal
    consumers: int | None = None


def _early_join(events: Sequence[TraceEvent], items: int) -> bool:
    puts = 0
    for event in events:
        if event.kind is Kind.PUT:
            puts += 1
        elif event.kind is Kind.JOIN_DONE:
            return puts < items
    return False


def _out_of_order(events: Sequence[TraceEvent], items: int) -> bool:
    done = [e.index for e in events if e.kind is Kind.PROCESS]
    return any(b < a for a, b in itertools.pairwise(done))


def _full_after_a_get(events: Sequence[TraceEvent], items: int) -> bool:
    """The creator's first block in q.put() comes after a consumer has taken an item."""
    taken = False
    for event in events:
        if event.kind is Kind.GET:
            taken = True
        elif event.kind is Kind.PUT_BLOCKED and event.thread == CREATOR:
            return taken
    return False


def _lost_wake_up(events: Sequence[TraceEvent], items: int) -> bool:
    """The creator starts evt.wait() for an item whose set() was already undone by clear()."""
    cleared: set[int] = set()
    for event in events:
        if event.kind is Kind.CLEAR:
            cleared.add(event.index)
        elif event.kind is Kind.WAIT and event.thread == CREATOR and event.index in cleared:
            return True
    return False


def _raises_before_the_wait(events: Sequence[TraceEvent], items: int) -> bool:
    """q.task_done() raises before the creator has begun evt.wait() for any item."""
    for event in events:
        if event.kind is Kind.WAIT and event.thread == CREATOR:
            return False
        if event.kind is Kind.ERROR and "task_done" in event.detail:
            return True
    return False


CHALLENGES: tuple[Challenge, ...] = (
    Challenge(
        "early-join",
        "Make main's q.join() return before the last item is put",
        "tutorial-verbatim",
        "q.join() returns as soon as the count of unfinished tasks is 0. When is it 0 "
        "while the creator still has items to put?",
        "Let consumer-1 run q.task_done() for item 1 before the creator puts item 2: "
        "step consumer-1 through get, process, set and task_done before the creator moves.",
        _early_join,
    ),
    Challenge(
        "out-of-order",
        "Make the results arrive out of order with two consumers",
        "several-consumers",
        "Each consumer processes the item it took. Who says the first to take must be "
        "the first to finish?",
        "Let consumer-1 take item 1 and consumer-2 take item 2, then step consumer-2 "
        "through its processing before consumer-1.",
        _out_of_order,
        consumers=2,
    ),
    Challenge(
        "full-queue",
        "Fill the bounded queue so that the creator blocks in q.put(), but only after "
        "the consumer has taken an item",
        "backpressure",
        "The queue holds 2 items, and left to itself the creator fills it before the "
        "consumer takes anything. What if the consumer takes one early, and then the "
        "creator outruns it?",
        "After the creator's first q.put(), step consumer-1 through q.get() of item 1; "
        "then step only the creator until its q.put() blocks.",
        _full_after_a_get,
    ),
    Challenge(
        "lost-wake-up",
        "Lose the wake-up: make the creator wait on an Event that was set and cleared",
        "one-event-reused",
        "evt.wait() looks at the Event when it is called. What if set() and clear() "
        "both happen before that?",
        "After the creator's q.put(), step consumer-1 through get, process, evt.set() "
        "and evt.clear() before the creator reaches evt.wait().",
        _lost_wake_up,
    ),
    Challenge(
        "task-done-raises",
        "Make q.task_done() raise ValueError before the creator even starts evt.wait()",
        "task-done-twice",
        "task_done() raises when it is called more often than items were put; it does "
        "not care who waits. Left to itself the creator is already waiting when it "
        "raises: how soon after the first q.put() can the consumer call it twice?",
        "After the creator's q.put() of item 1, step consumer-1 through get, process and "
        "both task_done() calls before the creator moves again.",
        _raises_before_the_wait,
    ),
)


def find_challenge(name: str) -> Challenge:
    """The challenge called ``name``; KeyError names the known ones."""
    for challenge in CHALLENGES:
        if challenge.name == name:
            return challenge
    known = ", ".join(c.name for c in CHALLENGES)
    raise KeyError(f"no challenge called {name!r}; the challenges are {known}")


def reached(challenge: Challenge, events: Sequence[TraceEvent], items: int) -> bool:
    """Whether the run's events so far reach ``challenge``'s goal."""
    return challenge.goal(events, items)
