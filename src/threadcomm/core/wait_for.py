"""The wait-for picture: who waits on what, who holds the key to it, and what can never move.

From a :class:`~threadcomm.core.wait_history.WaitHistory`, :func:`wait_for`
builds a graph whose nodes are the run's threads and the objects they wait on
(the Event of item 3, the queue being empty or full, the unfinished-task count
of ``q.join()``; a ``thread.join()`` waits on threads themselves). Each
:class:`~threadcomm.core.wait_keys.Wait` is one edge *thread -> object* with the threads that could
release it (*object -> thread*): the consumer that has item 3 must run
``evt.set()``; any consumer frees a full queue; the creator's next ``q.put()``
feeds an empty one; the consumers holding items run ``q.task_done()``.

Each wait gets a verdict and words a student reads: a wait with no possible
waker ("nobody can ever set the Event of item 3: consumer-1 took it and moved
on without evt.set()"), a wait whose wakers can never move themselves, and a
cycle of threads each waiting for the next. The timeline says the same words
for a span that never ended. Pure Python, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from threadcomm.core.mistakes import NEEDS_SHUTDOWN, Mistake
from threadcomm.core.threads import thread_order
from threadcomm.core.trace import BLOCKED_STATES, Kind, State
from threadcomm.core.wait_keys import Verdict, Wait, wait_of

if TYPE_CHECKING:
    from threadcomm.core.config import RunConfig
    from threadcomm.core.wait_history import WaitHistory

__all__ = ["WaitFor", "planned_sentinels", "wait_for"]


@dataclass(frozen=True, slots=True)
class WaitFor:
    """The whole picture: every thread's state, every wait, and a cycle if there is one."""

    states: dict[str, str]  # thread -> its state in words, in run order
    waits: tuple[Wait, ...]  # what can never end first, then in the run's thread order
    cycle: tuple[str, ...] = ()  # threads each waiting for the next (the last for the first)
    frozen: str = ""  # "deadlock", "stop", "exit": the picture is of that moment

    @property
    def blocked(self) -> bool:
        """Whether any thread is blocked."""
        return bool(self.waits)

    def wait_of(self, thread: str) -> Wait | None:
        """``thread``'s wait, or None when it is not blocked."""
        return next((w for w in self.waits if w.thread == thread), None)

    def headline(self) -> str:
        """One short line on the whole picture; the waits' own words say the rest."""
        when = _WHEN.get(self.frozen, "")
        stuck = [w for w in self.waits if w.stuck]
        if not self.waits:
            text = "nothing is blocked."
        elif self.cycle:
            circle = " -> ".join((*self.cycle, self.cycle[0]))
            text = f"a cycle: {circle}; each waits for the next, so none can move."
        elif len(stuck) == len(self.waits):
            text = "no blocked thread can ever move."
        elif stuck:
            text = f"{len(stuck)} of {len(self.waits)} blocked threads can never move."
        else:
            text = f"{len(self.waits)} blocked, and each can still be woken."
        text = when + text
        return text[:1].upper() + text[1:]


#: How the headline begins for a picture of the moment the run ended.
_WHEN = {
    "stop": "When the run stopped, ",
    "exit": "When the program exited, ",
}


def planned_sentinels(config: RunConfig) -> int:
    """How many ``q.put(None)`` the main block of ``config``'s program puts in all."""
    if config.no_stop:
        return 0
    if not config.mistake:
        return config.consumers
    mistake = Mistake(config.mistake)
    if mistake is Mistake.ONE_SENTINEL:
        return 1
    if mistake in (Mistake.VERBATIM, Mistake.DAEMON_CONSUMER) or mistake in NEEDS_SHUTDOWN:
        return 0
    return config.consumers


def _state_words(history: WaitHistory, thread: str) -> str:
    state = history.state[thread]
    index = history.index.get(thread, -1)
    if state is State.BLOCKED_WAIT:
        return f"{state} ({history.item(index)})"
    if state is State.PAUSED or state is State.PACING:
        last = history.last_kind.get(thread)
        did = _DID.get(last) if last is not None else None
        return f"{state} after {did}" if did else str(state)
    return str(state)


#: A thread's latest statement, as "paused after ..." says it.
_DID = {
    Kind.ANNOUNCE: "print()",
    Kind.PUT: "q.put()",
    Kind.WAIT_DONE: "evt.wait()",
    Kind.GET: "q.get()",
    Kind.WORK: "its work",
    Kind.PROCESS: "processed = data * 2",
    Kind.SET: "evt.set()",
    Kind.CLEAR: "evt.clear()",
    Kind.TASK_DONE: "q.task_done()",
}
#: The order the waits are listed in: what can never end first, the cause of it all.
_RANK = {
    Verdict.NO_WAKER: 0,
    Verdict.CYCLE: 1,
    Verdict.STUCK_BEHIND: 2,
    Verdict.CAN_WAKE: 3,
    Verdict.RELEASED: 4,
}


def wait_for(history: WaitHistory) -> WaitFor:
    """The wait-for picture of the run ``history`` has followed (see the module docstring)."""
    order = sorted(history.threads(), key=thread_order)
    waits = {t: wait_of(history, t) for t in order if history.state[t] in BLOCKED_STATES}
    cycle = _judge(history, waits)
    return WaitFor(
        {t: _state_words(history, t) for t in order},
        tuple(sorted((waits[t] for t in order if t in waits), key=lambda w: _RANK[w.verdict])),
        cycle,
        history.frozen,
    )


def _judge(history: WaitHistory, waits: dict[str, Wait]) -> tuple[str, ...]:
    """Settle each CAN_WAKE wait: free, stuck behind stuck threads, or in a cycle."""
    free = {t for t in history.threads() if history.alive(t) and t not in waits}
    free |= {t for t, w in waits.items() if w.verdict is Verdict.RELEASED}
    hopeful = {t for t, w in waits.items() if w.verdict is Verdict.CAN_WAKE}
    changed = True
    while changed:
        changed = False
        for t in sorted(hopeful - free):
            if any(w in free for w in waits[t].wakers):
                free.add(t)
                changed = True
    stuck = hopeful - free
    cycle = _find_cycle(stuck, waits)
    for t in sorted(stuck):
        w = waits[t]
        if t in cycle:
            verdict, after = Verdict.CYCLE, "; they wait for each other in a cycle"
        else:
            blocked = [x for x in w.wakers if history.alive(x)]
            verdict = Verdict.STUCK_BEHIND
            after = (
                f", but {' and '.join(blocked)} can never move either"
                if blocked
                else ", but none of them is left"
            )
        waits[t] = Wait(w.thread, w.call, w.target, w.wakers, w.release, w.why + after, verdict)
    return cycle


def _find_cycle(stuck: set[str], waits: dict[str, Wait]) -> tuple[str, ...]:
    """A cycle among ``stuck`` threads following thread -> waker edges, or ()."""
    for start in sorted(stuck):
        path: list[str] = [start]
        seen = {start}
        node = start
        while True:
            nxt = next((w for w in waits[node].wakers if w in stuck), None)
            if nxt is None:
                break
            if nxt in seen:
                return tuple(path[path.index(nxt) :])
            path.append(nxt)
            seen.add(nxt)
            node = nxt
    return ()
