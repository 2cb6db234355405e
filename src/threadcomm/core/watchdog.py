"""Deadlock detection and diagnosis, computed from the live threads' state.

The pipeline's coordinator takes a :class:`Snapshot` when nothing has changed
for a while; :func:`is_deadlocked` decides whether any thread could still move,
and :func:`diagnose` says in plain words who waits on what and who could have
released it.
"""

from __future__ import annotations

from dataclasses import dataclass

from threadcomm.core.threads import CREATOR
from threadcomm.core.trace import BLOCKED_STATES, State

__all__ = ["Snapshot", "ThreadView", "can_move", "diagnose", "is_deadlocked", "is_hang"]


@dataclass(frozen=True, slots=True)
class ThreadView:
    """One thread at one moment."""

    name: str
    state: State
    since_ns: int
    index: int = -1  # the item it works on or waits for
    event_set: bool | None = None  # for a thread in evt.wait(): is that Event set?


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The whole run at one moment, as the watchdog sees it."""

    threads: dict[str, ThreadView]
    items: tuple[object, ...]
    outcome: list[bool | None]  # per item: True processed, False failed, None not yet
    queue_size: int
    maxsize: int
    unfinished_tasks: int
    no_stop: bool = False


def can_move(view: ThreadView, snap: Snapshot) -> bool:
    """False only for a thread that is blocked and that nothing has released yet."""
    if view.state not in BLOCKED_STATES:
        return True
    if view.state is State.BLOCKED_WAIT:
        return bool(view.event_set)
    if view.state is State.BLOCKED_GET:
        return snap.queue_size > 0
    if view.state is State.BLOCKED_PUT:
        return snap.maxsize == 0 or snap.queue_size < snap.maxsize
    if view.state is State.BLOCKED_JOIN:
        return snap.unfinished_tasks == 0
    return False  # thread.join(): moves only when the joined thread ends


def is_deadlocked(snap: Snapshot) -> bool:
    """True when some thread is alive and none of the live threads can move."""
    live = [v for v in snap.threads.values() if v.state is not State.ENDED]
    return bool(live) and not any(can_move(v, snap) for v in live)


def is_hang(snap: Snapshot) -> bool:
    """A stuck run whose work is all done: threads that can never end, not a lost wake-up.

    The tutorial's ``while True`` consumer: every item was processed and the
    queue is empty, but nothing tells the consumer to leave its loop.
    """
    return snap.no_stop and None not in snap.outcome and snap.queue_size == 0


def _item(snap: Snapshot, index: int) -> str:
    return f"item {index + 1} ({snap.items[index]!r})"


def _explain(view: ThreadView, snap: Snapshot, now_ns: int) -> str:
    waited = f"for {(now_ns - view.since_ns) / 1e9:.1f} s"
    creator_alive = any(
        v.name == CREATOR and v.state is not State.ENDED for v in snap.threads.values()
    )
    if view.state is State.BLOCKED_WAIT:
        item = _item(snap, view.index)
        if snap.outcome[view.index] is not None:
            return (
                f"{view.name} waits in evt.wait() for {item}'s Event {waited}. A consumer "
                f"already processed {item} but never called evt.set(), so nothing will "
                f"ever wake {view.name}."
            )
        return (
            f"{view.name} waits in evt.wait() for {item}'s Event {waited}; only the "
            f"consumer that takes {item} can set it."
        )
    if view.state is State.BLOCKED_GET:
        if creator_alive:
            return (
                f"{view.name} waits in q.get() on an empty queue {waited}; only the "
                f"creator's q.put() could wake it, and the creator is blocked too."
            )
        if snap.no_stop:
            return (
                f"{view.name} waits in q.get() on an empty queue {waited}. The creator has "
                f"finished and no sentinel will come: its while True loop has no way to "
                f"stop, so the program can never end."
            )
        return f"{view.name} waits in q.get() on an empty queue {waited}."
    if view.state is State.BLOCKED_PUT:
        return (
            f"{view.name} waits in q.put() on a full queue ({snap.queue_size}/{snap.maxsize}) "
            f"{waited}; only a consumer's q.get() can make room."
        )
    if view.state is State.BLOCKED_JOIN:
        done = sum(1 for ok in snap.outcome if ok is not None)
        cause = (
            f" All {done} item(s) were processed, but q.task_done() was not called for "
            f"them, so the count never reaches 0."
            if done == len(snap.outcome)
            else ""
        )
        return (
            f"{view.name} waits in q.join() {waited}: {snap.unfinished_tasks} task(s) "
            f"unfinished; only q.task_done() lowers that count.{cause}"
        )
    if view.state is State.BLOCKED_JOIN_THREADS:
        return f"{view.name} waits {waited} in thread.join() for the worker threads to end."
    return f"{view.name} is {view.state}."


def diagnose(snap: Snapshot, now_ns: int) -> str:
    """Plain words: no thread can move, and for each live thread what it waits on."""
    live = [v for v in snap.threads.values() if v.state is not State.ENDED]
    if is_hang(snap):
        lines = ["Hang: every item is done, but a thread waits for work that never comes."]
    else:
        lines = ["Deadlock: no thread can make progress."]
    lines += [_explain(v, snap, now_ns) for v in live]
    return "\n".join(lines)
