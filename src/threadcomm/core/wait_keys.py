"""Who holds the key to each wait: the threads that could release a blocked thread, and why.

:func:`wait_of` looks at one blocked thread in a
:class:`~threadcomm.core.wait_history.WaitHistory` and says what it waits on
and which threads could release it: the consumer that has item 3 must run
``evt.set()``; any consumer frees a full queue; the creator's next ``q.put()``
or main's sentinel feeds an empty one; the consumers holding items run
``q.task_done()``. When no thread can, it says why in words a student reads
("nobody can ever set the Event of item 3: consumer-1 took it and moved on
without evt.set()"). :mod:`threadcomm.core.wait_for` puts the waits together.
Pure Python, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from threadcomm.core.threads import COORDINATOR, CREATOR
from threadcomm.core.trace import Kind, State

if TYPE_CHECKING:
    from threadcomm.core.wait_history import WaitHistory

__all__ = ["Verdict", "Wait", "wait_of"]


class Verdict(StrEnum):
    """What will become of one wait."""

    RELEASED = "released"  # what it waits for has happened: it moves at its next step
    CAN_WAKE = "can wake"  # a thread that could release it can still run
    NO_WAKER = "no waker"  # nothing can ever release it
    STUCK_BEHIND = "stuck behind"  # every thread that could release it can never move
    CYCLE = "cycle"  # it is part of a circle of threads each waiting for the next


@dataclass(frozen=True, slots=True)
class Wait:
    """One blocked thread, what it waits on, and who could release it.

    Attributes
    ----------
    thread, call
        The blocked thread and its statement (``evt.wait()``).
    target
        The object, in words: ``the Event of item 3 (13)``, ``the queue (empty)``.
    wakers
        The threads that could release it (the object -> thread edges).
    release
        The statement that would release it (the lesson line to point at).
    why
        Who holds the key, or why nobody can ever use it.
    verdict
        See :class:`Verdict`.
    """

    thread: str
    call: str
    target: str
    wakers: tuple[str, ...]
    release: Kind
    why: str
    verdict: Verdict = Verdict.CAN_WAKE

    @property
    def stuck(self) -> bool:
        """Whether this wait can never end."""
        return self.verdict in (Verdict.NO_WAKER, Verdict.STUCK_BEHIND, Verdict.CYCLE)

    @property
    def words(self) -> str:
        """The whole wait in one sentence."""
        head = f"{self.thread} waits in {self.call} for {self.target}"
        if self.verdict is Verdict.NO_WAKER:
            return f"{head}, and nothing can ever end it: {self.why}."
        return f"{head}: {self.why}."


def _live_consumers(history: WaitHistory) -> tuple[str, ...]:
    return tuple(c for c in history.consumers() if history.alive(c))


def _event_wait(h: WaitHistory, thread: str) -> Wait:
    index = h.index.get(thread, -1)
    item = h.item(index)
    target = f"the Event of {item}"

    def wait(wakers: tuple[str, ...], why: str, verdict: Verdict = Verdict.CAN_WAKE) -> Wait:
        return Wait(thread, "evt.wait()", target, wakers, Kind.SET, why, verdict)

    def never(reason: str) -> Wait:
        return wait((), f"nobody can ever set the Event of {item}: {reason}", Verdict.NO_WAKER)

    if h.flag.get(index):
        return wait((), f"it is set: {thread} wakes at its next step", Verdict.RELEASED)
    if index in h.discarded:
        return never("q.shutdown(immediate=True) threw the item away, so no consumer takes it")
    taker = h.taker.get(index)
    if taker is None:
        consumers = _live_consumers(h)
        if not consumers:
            return never("every consumer has ended")
        return wait(consumers, f"{item} is on the queue: whoever takes it runs evt.set()")
    if index in h.cleared:
        return never(
            f"{taker} set it and then cleared it (evt.clear()) before {thread} woke: "
            f"the wake-up was lost"
        )
    if h.holding.get(taker) == index:
        if not h.alive(taker):
            error = h.errors.get(taker)
            died = f" (it died of {error})" if error else ""
            return never(f"{taker} took it and ended before evt.set(){died}")
        return wait((taker,), f"{taker} has {item} and must run evt.set()")
    return never(f"{taker} took it and moved on without evt.set()")


def _get_wait(h: WaitHistory, thread: str) -> Wait:
    wakers: list[str] = []
    why: list[str] = []
    if h.alive(CREATOR) and h.puts < len(h.items) and not h.shut_down:
        wakers.append(CREATOR)
        why.append(f"the creator's next q.put() ({h.item(h.puts)})")
    planned = h.planned_sentinels()
    if h.alive(COORDINATOR) and h.sentinels_put < planned:
        wakers.append(COORDINATOR)
        why.append(f"{COORDINATOR}'s q.put(None) after its q.join()")
    if wakers:
        return Wait(
            thread, "q.get()", "the queue (empty)", tuple(wakers), Kind.PUT,
            "only " + " or ".join(why) + " can feed it",
        )  # fmt: skip
    gone = "the creator has ended" if not h.alive(CREATOR) else "the creator has put every item"
    main = (
        f"{COORDINATOR} puts no sentinel in this program"
        if planned == 0
        else f"{COORDINATOR} already put its {h.sentinels_put} sentinel(s)"
    )
    return Wait(
        thread, "q.get()", "the queue (empty)", (), Kind.PUT,
        f"nobody will ever put on the queue again: {gone} and {main}", Verdict.NO_WAKER,
    )  # fmt: skip


def _put_wait(h: WaitHistory, thread: str) -> Wait:
    size = len(h.queued) + h.sentinels_queued
    target = f"the queue (full, {size}/{h.maxsize})" if h.maxsize else "the queue (full)"
    consumers = _live_consumers(h)
    if not consumers:
        return Wait(
            thread, "q.put()", target, (), Kind.GET,
            "nobody can ever free a slot: every consumer has ended", Verdict.NO_WAKER,
        )  # fmt: skip
    why = "any consumer's q.get() frees a slot"
    return Wait(thread, "q.put()", target, consumers, Kind.GET, why)


def _join_wait(h: WaitHistory, thread: str) -> Wait:
    target = f"the unfinished-task count ({h.unfinished})"
    if h.unfinished <= 0:
        return Wait(
            thread, "q.join()", target, (), Kind.TASK_DONE,
            f"it is 0: {thread} wakes at its next step", Verdict.RELEASED,
        )  # fmt: skip
    holders: list[str] = []
    lost: dict[tuple[str, str], list[int]] = {}  # (taker, what it did) -> items
    for index, taker in h.taker.items():
        if index in h.done:
            continue
        if h.holding.get(taker) == index and h.alive(taker):
            holders.append(taker)
        else:
            ended = h.holding.get(taker) == index and not h.alive(taker)
            how = "ended before" if ended else "moved on without"
            lost.setdefault((taker, how), []).append(index)
    if lost:
        words = "; ".join(
            f"{taker} took {_items(h, indexes)} and {how} q.task_done()"
            for (taker, how), indexes in lost.items()
        )
        return Wait(
            thread, "q.join()", target, (), Kind.TASK_DONE,
            f"the count can never reach 0: {words}", Verdict.NO_WAKER,
        )  # fmt: skip
    wakers = tuple(dict.fromkeys(holders + list(_live_consumers(h) if h.queued else ())))
    if not wakers:
        return Wait(
            thread, "q.join()", target, (), Kind.TASK_DONE,
            "the count can never reach 0: no consumer is left to call q.task_done()",
            Verdict.NO_WAKER,
        )  # fmt: skip
    return Wait(
        thread, "q.join()", target, wakers, Kind.TASK_DONE,
        "only q.task_done() lowers it: by " + ", ".join(wakers),
    )  # fmt: skip


def _items(h: WaitHistory, indexes: list[int]) -> str:
    """Up to three items by name, then how many more."""
    named = [h.item(i) for i in indexes[:3]]
    if len(indexes) > 3:
        named.append(f"{len(indexes) - 3} more")
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


def _join_threads_wait(h: WaitHistory, thread: str) -> Wait:
    waited = tuple(t for t in h.joins.get(thread, ()) if h.alive(t))
    if not waited:
        return Wait(
            thread, "thread.join()", "the joined threads", (), Kind.THREAD_END,
            f"they have ended: {thread} wakes at its next step", Verdict.RELEASED,
        )  # fmt: skip
    names = ", ".join(waited)
    end = "ends" if len(waited) == 1 else "end"
    return Wait(
        thread,
        "thread.join()",
        f"the end of {names}",
        waited,
        Kind.THREAD_END,
        f"it returns when {names} {end}",
    )


_WAITS = {
    State.BLOCKED_WAIT: _event_wait,
    State.BLOCKED_GET: _get_wait,
    State.BLOCKED_PUT: _put_wait,
    State.BLOCKED_JOIN: _join_wait,
    State.BLOCKED_JOIN_THREADS: _join_threads_wait,
}


def wait_of(history: WaitHistory, thread: str) -> Wait:
    """What blocked ``thread`` waits on and who could release it (its verdict not yet judged)."""
    return _WAITS[history.state[thread]](history, thread)
