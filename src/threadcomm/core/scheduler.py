"""You are the scheduler: step one chosen thread at a time, or let a seeded choice do it.

While a run is paused, every worker stops at its gate before each statement.
Stepping one thread lets exactly that thread perform one statement. A thread
blocked in ``q.get()``, ``q.put()`` or ``evt.wait()`` cannot be stepped: only
another thread can release it, and :func:`why_not_steppable` says which.

:class:`SeededScheduler` steps a thread chosen by ``random.Random(seed)``, but
only when the run is at rest, so exactly one thread moves at a time and the
same seed replays the same interleaving. One limit, as in real Python: when
two consumers both wait in ``q.get()``, which of them takes the next item is
the operating system's choice, so with several consumers a seed replays the
same choices but not always the same interleaving.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from threadcomm.core.threads import COORDINATOR
from threadcomm.core.trace import BLOCKED_STATES, State
from threadcomm.core.watchdog import can_move

if TYPE_CHECKING:
    from threadcomm.core.pipeline import Pipeline

__all__ = ["SeededScheduler", "at_rest", "steppable", "why_not_steppable"]

_RELEASED_BY = {
    State.BLOCKED_WAIT: "a consumer's evt.set()",
    State.BLOCKED_GET: "the creator's q.put()",
    State.BLOCKED_PUT: "a consumer's q.get()",
    State.BLOCKED_JOIN: "q.task_done() from a consumer",
    State.BLOCKED_JOIN_THREADS: "the worker threads ending",
}


def _workers(pipeline: Pipeline) -> list[str]:
    return [n for n in pipeline.thread_names if n != COORDINATOR]


def at_rest(pipeline: Pipeline) -> bool:
    """True when no step is pending and no worker can move without one.

    Each worker is parked at its gate, ended, or blocked with nothing to
    release it yet (a consumer in ``q.get()`` whose item was just put can move,
    so it is not at rest).
    """
    if pipeline.gate.pending_steps():
        return False
    parked = set(pipeline.gate.parked())
    snap = pipeline.snapshot()
    for name in _workers(pipeline):
        view = snap.threads.get(name)
        if view is None:
            return False
        if name in parked or view.state is State.ENDED:
            continue
        if view.state not in BLOCKED_STATES or can_move(view, snap):
            return False
    return True


def steppable(pipeline: Pipeline) -> list[str]:
    """The workers waiting at the gate now, in the run's thread order."""
    parked = set(pipeline.gate.parked())
    return [name for name in _workers(pipeline) if name in parked]


def why_not_steppable(pipeline: Pipeline, thread: str) -> str | None:
    """None if ``thread`` can be stepped now; otherwise the reason, in plain words."""
    if not pipeline.gate.paused:
        return "the run is not paused: press Pause first"
    view = pipeline.states().get(thread)
    if view is None:
        return f"{thread} has not started yet"
    if view.state is State.ENDED:
        return f"{thread} has finished"
    if view.state in BLOCKED_STATES:
        waits = view.state.value.removeprefix("blocked in ")
        item = f" for item {view.index + 1}" if view.index >= 0 else ""
        return (
            f"{thread} is blocked in {waits}{item}; only {_RELEASED_BY[view.state]} can release it"
        )
    if thread not in pipeline.gate.parked():
        return f"{thread} is still finishing its last statement"
    return None


class SeededScheduler:
    """Steps one parked thread at a time, chosen with a seeded random generator.

    Call :meth:`tick` often (from a timer); it never blocks. It steps only
    when the run is at rest, so exactly one thread moves per step.
    """

    def __init__(self, pipeline: Pipeline, seed: int) -> None:
        self.pipeline = pipeline
        self.seed = seed
        self._random = random.Random(seed)
        self.choices: list[str] = []

    def tick(self) -> str | None:
        """Step one thread if the run is at rest; return its name, else None."""
        pipeline = self.pipeline
        if not pipeline.gate.paused or not pipeline.is_running() or not at_rest(pipeline):
            return None
        candidates = steppable(pipeline)
        if not candidates:
            return None
        choice = self._random.choice(candidates)
        self.choices.append(choice)
        pipeline.step(choice)
        return choice
