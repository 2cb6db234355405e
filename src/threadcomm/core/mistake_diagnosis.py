"""What went wrong in a mistake's run, in plain words, from the live threads' state.

Each diagnosis names the thread, the call it is stuck in (or the error it died
of) and the line of the lesson listing that causes it. :func:`diagnose_mistake`
is asked when no thread can move; :func:`outcome_of` when the run ended by
itself, for the mistakes that do not hang (an early "all done", a program that
exits in the middle of an item, a clean Queue.shutdown()).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from threadcomm.core.mistakes import Mistake, cause
from threadcomm.core.trace import State, Status, Summary
from threadcomm.core.watchdog import Snapshot, ThreadView, diagnose

__all__ = ["Facts", "diagnose_mistake", "outcome_of"]


@dataclass
class Facts:
    """What the threads of a mistake's run noted as it happened (see MistakeRun)."""

    mistake: Mistake
    items: tuple[object, ...]
    join_puts: int | None = None  # items put when main's q.join() returned
    results_at_join: int | None = None  # results recorded when main's q.join() returned
    errors: list[tuple[str, int, str]] = field(default_factory=list)  # thread, item, error
    skipped_task_done: list[tuple[str, int]] = field(default_factory=list)
    late_results: list[int] = field(default_factory=list)  # recorded after q.join() returned
    cleared: list[tuple[str, int]] = field(default_factory=list)  # evt.clear() on the shared Event
    sentinel_takers: list[str] = field(default_factory=list)
    shutdown_takers: list[str] = field(default_factory=list)  # q.get() raised ShutDown
    discarded: list[int] = field(default_factory=list)  # by q.shutdown(immediate=True)
    cut_off: dict[str, int] = field(default_factory=dict)  # daemon consumer -> item, at exit
    left_on_queue: list[int] = field(default_factory=list)  # items never taken, at exit

    def item(self, index: int) -> str:
        """An item as the diagnosis names it: ``item 3 (13)``."""
        return f"item {index + 1} ({self.items[index]!r})"

    def some_items(self, indexes: list[int]) -> str:
        """Up to four items by name, then how many more."""
        named = ", ".join(self.item(i) for i in indexes[:4])
        return named + (f" and {len(indexes) - 4} more" if len(indexes) > 4 else "")


def _stuck(snap: Snapshot, state: State) -> list[ThreadView]:
    return [v for v in snap.threads.values() if v.state is state]


def _for(view: ThreadView, now_ns: int) -> str:
    return f"for {(now_ns - view.since_ns) / 1e9:.1f} s"


def diagnose_mistake(facts: Facts, snap: Snapshot, now_ns: int) -> str:
    """Plain words on a run in which no thread can move; the watchdog's words if none fit."""
    explain = _HANGS.get(facts.mistake)
    words = explain(facts, snap, now_ns) if explain is not None else None
    return words or diagnose(snap, now_ns)


def _verbatim(facts: Facts, snap: Snapshot, now_ns: int) -> str | None:
    getters = _stuck(snap, State.BLOCKED_GET)
    if not getters or facts.join_puts is None:
        return None
    m, consumer, total = Mistake.VERBATIM, getters[0], len(facts.items)
    return (
        f"main's q.join() ({cause(m, 'q.join()')}) returned after {facts.join_puts} of "
        f"{total} items had been put: it waits until every item put so far is marked "
        f"task_done(), not for the threads, and the creator puts one item at a time. "
        f"Then {consumer.name} waits in q.get() on an empty queue {_for(consumer, now_ns)}: "
        f"its loop ({cause(m, 'while True:')}) has no way out and it is not a daemon "
        f"thread, so the program can never exit. The lab ended {consumer.name} itself."
    )


def _task_done_twice(facts: Facts, snap: Snapshot, now_ns: int) -> str | None:
    if not facts.errors:
        return None
    name, index, error = facts.errors[0]
    m, item = Mistake.TASK_DONE_TWICE, facts.item(index)
    text = (
        f"{name} died of {error} at its second q.task_done() for {item} "
        f"({cause(m, 'q.task_done()', after='finally:')}). The thread ended before "
        f"evt.set() ({cause(m, 'evt.set()', after='finally:')})"
    )
    waiters = _stuck(snap, State.BLOCKED_WAIT)
    if waiters:
        w = waiters[0]
        text += (
            f", so {w.name} waits in evt.wait() for {facts.item(w.index)}'s Event "
            f"{_for(w, now_ns)}, and main waits in thread_one.join() for it"
        )
    return text + "."


def _skip_task_done(facts: Facts, snap: Snapshot, now_ns: int) -> str | None:
    joiners = _stuck(snap, State.BLOCKED_JOIN)
    if not joiners or not facts.skipped_task_done:
        return None
    m, main = Mistake.SKIP_TASK_DONE, joiners[0]
    name, index = facts.skipped_task_done[0]
    done = sum(1 for ok in snap.outcome if ok)
    return (
        f"main waits in q.join() {_for(main, now_ns)}: {snap.unfinished_tasks} task(s) "
        f"unfinished although {done} of {len(facts.items)} results arrived. {name} took "
        f"{facts.item(index)}, got a negative result and left the loop body at "
        f"{cause(m, 'continue')}, skipping q.task_done() "
        f"({cause(m, 'q.task_done()', after='continue')}); only q.task_done() lowers the count."
    )


def _shared_event(facts: Facts, snap: Snapshot, now_ns: int) -> str | None:
    waiters = _stuck(snap, State.BLOCKED_WAIT)
    if not waiters or not facts.cleared:
        return None
    m, w = Mistake.SHARED_EVENT, waiters[0]
    consumer = next((n for n, i in facts.cleared if i == w.index), facts.cleared[-1][0])
    return (
        f"{w.name} waits in evt.wait() for {facts.item(w.index)} {_for(w, now_ns)}, though "
        f"{consumer} already doubled it and called evt.set(): it then called evt.clear() "
        f"({cause(m, 'evt.clear()')}) on the one Event shared by every item "
        f"({cause(m, 'evt = threading.Event()')}) before {w.name} reached evt.wait() "
        f"({cause(m, 'evt.wait()')}), so the wake-up was lost. A new Event per item "
        f"stays set until its waiter has seen it."
    )


def _one_sentinel(facts: Facts, snap: Snapshot, now_ns: int) -> str | None:
    getters = _stuck(snap, State.BLOCKED_GET)
    if not getters:
        return None
    m, g = Mistake.ONE_SENTINEL, getters[0]
    taker = facts.sentinel_takers[0] if facts.sentinel_takers else "another consumer"
    return (
        f"{g.name} waits in q.get() on an empty queue {_for(g, now_ns)}: main put one "
        f"sentinel ({cause(m, 'q.put(None)')}) for two consumers, and {taker} took it. "
        f"No second None will come, so main waits in thread.join() "
        f"({cause(m, 'thread.join()', after='q.put(None)')}) for {g.name} forever."
    )


def _shutdown_immediate(facts: Facts, snap: Snapshot, now_ns: int) -> str | None:
    waiters = _stuck(snap, State.BLOCKED_WAIT)
    if not waiters or not facts.discarded:
        return None
    m, w = Mistake.SHUTDOWN_IMMEDIATE, waiters[0]
    takers = ", ".join(facts.shutdown_takers) or "the consumer"
    return (
        f"{w.name} waits in evt.wait() for {facts.item(w.index)}'s Event {_for(w, now_ns)}: "
        f"q.shutdown(immediate=True) ({cause(m, 'q.shutdown(immediate=True)')}) discarded "
        f"{facts.some_items(facts.discarded)} from the queue, so no consumer will ever "
        f"set their Events, and {takers} left the loop on queue.ShutDown "
        f"({cause(m, 'except ShutDown')}). The creator's evt.wait() has no timeout."
    )


_HANGS = {
    Mistake.VERBATIM: _verbatim,
    Mistake.TASK_DONE_TWICE: _task_done_twice,
    Mistake.SKIP_TASK_DONE: _skip_task_done,
    Mistake.SHARED_EVENT: _shared_event,
    Mistake.ONE_SENTINEL: _one_sentinel,
    Mistake.SHUTDOWN_IMMEDIATE: _shutdown_immediate,
}


def outcome_of(facts: Facts, summary: Summary, deadlocked: bool) -> Summary:
    """The summary of a mistake's run that ended by itself, with its plain words."""
    if deadlocked:
        return summary
    m = facts.mistake
    status, words = summary.status, summary.diagnosis
    if m is Mistake.TASK_DONE_TOO_EARLY:
        status, words = _too_early(facts, summary)
    elif m is Mistake.DAEMON_CONSUMER:
        status, words = Status.FAILED, _daemon(facts, summary)
    elif m is Mistake.SHUTDOWN and status is Status.COMPLETED:
        takers = " and ".join(facts.shutdown_takers) or "the consumers"
        words = (
            f"{takers} left their loops when q.get() raised queue.ShutDown "
            f"({cause(m, 'except ShutDown')}) after the creator's q.shutdown() "
            f"({cause(m, 'q.shutdown()')}): every queued item was still processed, "
            f"and no sentinel was needed."
        )
    elif m is Mistake.SHARED_EVENT and status is Status.COMPLETED:
        words = (
            f"This time the creator always reached evt.wait() ({cause(m, 'evt.wait()')}) "
            f"before the consumer's evt.clear() ({cause(m, 'evt.clear()')}), so no wake-up "
            f"was lost; let the consumer set and clear the Event first and the creator "
            f"waits forever."
        )
    elif m is Mistake.SHUTDOWN_IMMEDIATE and status is Status.COMPLETED:
        words = (
            f"This time nothing was left on the queue when the creator called "
            f"q.shutdown(immediate=True) ({cause(m, 'q.shutdown(immediate=True)')}), "
            f"so nothing was discarded; with a slower consumer the queued items are lost."
        )
    return dataclasses.replace(summary, status=status, diagnosis=words)


def _too_early(facts: Facts, summary: Summary) -> tuple[Status, str]:
    m = Mistake.TASK_DONE_TOO_EARLY
    if not facts.late_results or facts.results_at_join is None:
        return summary.status, (
            f"This time every result was recorded before q.join() ({cause(m, 'q.join()')}) "
            f"returned; a longer delay makes the race visible."
        )
    by = {r.index: r.thread for r in summary.results}
    late = facts.late_results
    consumer = by.get(late[0], "the consumer")
    return Status.FAILED, (
        f"main's q.join() ({cause(m, 'q.join()')}) returned and printed \"All work "
        f'completed!" with {facts.results_at_join} of {len(facts.items)} results; the '
        f"result of {facts.some_items(late)} arrived after it. {consumer} calls "
        f"q.task_done() ({cause(m, 'q.task_done()', after='data found')}) before it "
        f"records the result ({cause(m, 'results.append(processed)')}), so q.join() "
        f"cannot know the work is finished."
    )


def _daemon(facts: Facts, summary: Summary) -> str:
    m = Mistake.DAEMON_CONSUMER
    why = (
        f"is a daemon thread ({cause(m, 'daemon=True')}) and main waited only for the "
        f"creator ({cause(m, 'thread_one.join()')}), so Python did not wait for it"
    )
    got = f"{len(summary.results)} of {len(facts.items)} results arrived"
    never = (
        f", and {facts.some_items(facts.left_on_queue)} never left the queue"
        if facts.left_on_queue
        else ""
    )
    if facts.cut_off:
        name, index = next(iter(facts.cut_off.items()))
        return (
            f"The program exited while {name} was in the middle of {facts.item(index)}: "
            f"{name} {why}. The result of {facts.item(index)} is lost{never}; {got}."
        )
    return f"The program exited between two items: the consumer {why}{never}; {got}."
