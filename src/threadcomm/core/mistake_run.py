"""A run of one mistake's lesson program: the same real threads, with the mistake in them.

:class:`MistakeRun` is a :class:`~threadcomm.core.pipeline.Pipeline` whose
creator, consumers and main block perform the statements of the mistake's
listing (``resources/lesson/``), in the listing's order. Unlike the real
program, every wait stays bounded and stoppable: where the program would hang
for ever, the watchdog sees that no thread can move, the diagnosis says which
thread is stuck in which call and which line of the listing caused it, and the
lab ends the threads itself.

Use :func:`new_pipeline` to get the right kind of run for a config.
"""

from __future__ import annotations

import queue as queue_module
import threading
import time
from typing import TYPE_CHECKING

from threadcomm.core.mistake_diagnosis import Facts, diagnose_mistake, outcome_of
from threadcomm.core.mistakes import NEEDS_SHUTDOWN, Mistake
from threadcomm.core.pacing import POLL_S
from threadcomm.core.pipeline import (
    _DONE,
    _FAILED,
    Job,
    Pipeline,
    _Stopped,
    _TracedQueue,
)
from threadcomm.core.threads import COORDINATOR, CREATOR
from threadcomm.core.trace import Kind, Result

if TYPE_CHECKING:
    from threadcomm.core.config import RunConfig
    from threadcomm.core.trace import Sink, Summary
    from threadcomm.core.watchdog import Snapshot

__all__ = ["MistakeRun", "new_pipeline"]

#: ``queue.ShutDown`` where the interpreter has it (3.13+); nothing is caught otherwise.
_SHUT_DOWN: tuple[type[BaseException], ...] = tuple(
    e for e in (getattr(queue_module, "ShutDown", None),) if e is not None
)


def new_pipeline(config: RunConfig, sink: Sink) -> Pipeline:
    """The run ``config`` describes: the corrected tutorial, or a mistake's program."""
    return MistakeRun(config, sink) if config.mistake else Pipeline(config, sink)


class _ThreadDied(Exception):
    """The lesson's thread would die here with an uncaught exception; the lab lets it end."""


class _DiscardingQueue(_TracedQueue):
    """A traced queue that tells which items ``shutdown(immediate=True)`` threw away."""

    def __init__(self, maxsize: int, pipeline: Pipeline) -> None:
        super().__init__(maxsize, pipeline)
        self._drainer: int | None = None  # the thread running shutdown(immediate=True)
        self.discarded: list[int] = []

    def discard_all(self) -> list[int]:
        """``shutdown(immediate=True)``; returns the indexes of the items it discarded."""
        self._drainer = threading.get_ident()
        try:
            self.shutdown(immediate=True)  # type: ignore[attr-defined]
        finally:
            self._drainer = None
        return list(self.discarded)

    def _get(self) -> Job:
        if self._drainer is not None and self._drainer == threading.get_ident():
            job: Job = self.queue.popleft()  # thrown away, not taken: no GET to report
            if job is not None:
                self.discarded.append(job[0])
            return job
        return super()._get()


class MistakeRun(Pipeline):
    """One run of a mistake's lesson program (see the module docstring).

    Thread ownership: as :class:`Pipeline`; besides, each worker writes its
    own entries of :attr:`facts` (appends and single assignments only), and
    the coordinator reads them after the workers have ended or while it
    diagnoses a run in which no thread can move.
    """

    def __init__(self, config: RunConfig, sink: Sink) -> None:
        super().__init__(config, sink)
        self.mistake = Mistake(config.mistake)
        self.queue = _DiscardingQueue(config.maxsize, self)
        self.facts = Facts(mistake=self.mistake, items=config.items)
        self._shared_event = threading.Event()  # SHARED_EVENT: one Event for every item
        self._pulse_done = threading.Event()  # SHARED_EVENT: the consumer has set and cleared it
        self._holding: dict[str, int] = {}  # consumer -> the item it has taken and not finished

    # -- the creator -----------------------------------------------------------

    def _creator(self, name: str) -> None:
        mistake, emit, items = self.mistake, self._emitter(name), self.config.items
        self._gate(name)
        emit(Kind.ANNOUNCE)
        batch = mistake in NEEDS_SHUTDOWN  # put everything, shut down, then wait
        waited: list[tuple[int, object, threading.Event]] = []
        for index, item in enumerate(items):
            self._gate(name)
            if mistake is Mistake.SHARED_EVENT:
                evt = self._shared_event
            else:
                evt = threading.Event()
                if mistake is Mistake.VERBATIM:
                    # `evt = threading.Event()` and `q.put(...)` are two statements, each paced,
                    # as the consumer's `evt.set()` and `q.task_done()` are.
                    self._gate(name)
            self._put_item(name, index, item, evt)
            if batch:
                waited.append((index, item, evt))
            elif self.config.handshake:
                if mistake is Mistake.SHARED_EVENT:
                    self._other_work(name)
                self._gate(name)
                self._wait(name, index, item, evt)
        if batch:
            self._gate(name)
            self._shutdown(name, immediate=mistake is Mistake.SHUTDOWN_IMMEDIATE)
            for index, item, evt in waited:
                self._gate(name)
                self._wait(name, index, item, evt)

    def _put_item(self, name: str, index: int, item: object, evt: threading.Event) -> None:
        if not self.queue.reports_inside:  # an unbounded put never waits: report it first
            self._emit(name, Kind.PUT, index, item)
        self._put(name, (index, item, evt))

    def _wait(self, name: str, index: int, item: object, evt: threading.Event) -> None:
        """print('Waiting for data to be doubled'); evt.wait(), bounded."""
        self._waiting_on[name] = (index, evt)
        self._emit(name, Kind.WAIT, index, item)
        while not evt.wait(POLL_S):
            if self._stop.is_set():
                raise _Stopped
        del self._waiting_on[name]
        self._emit(name, Kind.WAIT_DONE, index, item)

    def _other_work(self, name: str) -> None:
        """The creator is busy before it waits; the lab lets the consumer finish meanwhile.

        While paused, a person chooses who runs next, so the creator stops waiting
        for the consumer and parks at its gate: the order is theirs to pick.
        """
        self._emit(name, Kind.WORK, detail="other work before evt.wait()")
        while not self._pulse_done.wait(POLL_S):
            if self._stop.is_set():
                raise _Stopped
            if self.gate.paused:
                break
        self._pulse_done.clear()

    def _shutdown(self, name: str, *, immediate: bool) -> None:
        queue = self.queue
        assert isinstance(queue, _DiscardingQueue)
        if immediate:
            discarded = queue.discard_all()
            self.facts.discarded = discarded
            self._emit(name, Kind.SHUTDOWN, value=tuple(discarded), detail="immediate")
        else:
            queue.shutdown()  # type: ignore[attr-defined]
            self._emit(name, Kind.SHUTDOWN, value=())

    # -- the consumers ---------------------------------------------------------

    def _consumer(self, name: str) -> None:
        try:
            self._consume(name)
        except _ThreadDied:
            pass  # reported already; the thread ends as the lesson's would
        finally:
            self._holding.pop(name, None)

    def _consume(self, name: str) -> None:
        mistake, emit, queue, facts = self.mistake, self._emitter(name), self.queue, self.facts
        while True:
            self._gate(name)
            job = self._take(name)
            if job is None:  # the sentinel: leave the loop
                if not queue.reports_inside:
                    emit(Kind.SENTINEL_GET)
                queue.task_done()
                self._sentinels_done.append(name)
                facts.sentinel_takers.append(name)
                return
            index, item, evt = job
            if not queue.reports_inside:
                emit(Kind.GET, index, item)
            self._holding[name] = index
            if mistake is Mistake.TASK_DONE_TOO_EARLY:
                self._task_done(name, index, item)
            self._gate(name)
            processed = self._process(name, index, item)
            if mistake is Mistake.TASK_DONE_TWICE:
                self._task_done(name, index, item)
                self._gate(name)
                self._task_done_again(name, index, item)
            self._gate(name)
            emit(Kind.SET, index, item)
            evt.set()
            if mistake is Mistake.SHARED_EVENT:
                self._gate(name)
                emit(Kind.CLEAR, index, item)
                evt.clear()
                facts.cleared.append((name, index))
                self._pulse_done.set()
            if mistake is Mistake.SKIP_TASK_DONE and _negative(processed):
                facts.skipped_task_done.append((name, index))
                del self._holding[name]
                continue
            if mistake not in (Mistake.TASK_DONE_TOO_EARLY, Mistake.TASK_DONE_TWICE):
                self._task_done(name, index, item)
            del self._holding[name]

    def _take(self, name: str) -> Job:
        """q.get(), bounded; a queue shut down and empty ends the consumer (ShutDown)."""
        try:
            return self._get(name)
        except _SHUT_DOWN:
            self._emit(name, Kind.SHUTDOWN_GET)
            self.facts.shutdown_takers.append(name)
            raise _ThreadDied from None

    def _process(self, name: str, index: int, item: object) -> object:
        """Do `processed = data * 2; print(processed)`: record the result and signal it."""
        try:
            processed = item * 2  # type: ignore[operator]
        except Exception as exc:  # a data list the lesson cannot double
            self._outcome[index] = _FAILED
            self._failed.append((index, f"{type(exc).__name__}: {exc}"))
            self._die(name, index, item, f"{type(exc).__name__}: {exc}")
        self._emit(name, Kind.PROCESS, index, processed)
        self._outcome[index] = _DONE
        self._results.add(index, processed, name)
        self._sink.result(Result(index, item, processed, name, time.monotonic_ns()))
        if self.join_returned_after_puts is not None:  # q.join() has already returned
            self.facts.late_results.append(index)
        return processed

    def _task_done(self, name: str, index: int, item: object) -> None:
        self._gate(name)
        self._emit(name, Kind.TASK_DONE, index, item)
        self.queue.task_done()

    def _task_done_again(self, name: str, index: int, item: object) -> None:
        """The second q.task_done() for the same item: ValueError unless the count allows it."""
        try:
            self.queue.task_done()
        except ValueError as exc:
            self._die(name, index, item, f"ValueError: {exc}")
        self._emit(name, Kind.TASK_DONE, index, item)

    def _die(self, name: str, index: int, item: object, message: str) -> None:
        """The lesson's thread dies of ``message``: record it, report it, end the thread."""
        self.facts.errors.append((name, index, message))
        self._emit(name, Kind.ERROR, index, item, message)
        raise _ThreadDied

    # -- main ------------------------------------------------------------------

    def _main(
        self, name: str, creator: threading.Thread, consumers: list[threading.Thread]
    ) -> None:
        mistake = self.mistake
        if mistake is Mistake.VERBATIM:
            self._join_at_once(name, creator, consumers)
        elif mistake in NEEDS_SHUTDOWN:
            self._emit(name, Kind.JOIN_THREADS, detail=CREATOR)
            self._join_threads([creator])
            self._emit(name, Kind.JOIN_THREADS, detail=", ".join(self.consumer_names))
            self._join_threads(consumers)
        elif mistake is Mistake.DAEMON_CONSUMER:
            self._emit(name, Kind.JOIN_THREADS, detail=CREATOR)
            self._join_threads([creator])
            self._exit_with_daemons(name)
        else:
            self._emit(name, Kind.JOIN_THREADS, detail=CREATOR)
            self._join_threads([creator])
            self._emit(name, Kind.JOIN, detail=f"{self.queue.unfinished_tasks} unfinished")
            self._join_queue()
            self._note_join()
            self._emit(name, Kind.JOIN_DONE, detail=self._join_words())
            if mistake is Mistake.TASK_DONE_TOO_EARLY:
                done, items = len(self._results), len(self.config.items)
                self._emit(name, Kind.SAY, detail=f"All work completed! {done} of {items} results")
            sentinels = 1 if mistake is Mistake.ONE_SENTINEL else len(consumers)
            for _ in range(sentinels):
                self._put(name, None)
            self._emit(name, Kind.JOIN_THREADS, detail=", ".join(self.consumer_names))
            self._join_threads(consumers)

    def _join_at_once(
        self, name: str, creator: threading.Thread, consumers: list[threading.Thread]
    ) -> None:
        """The tutorial as printed: q.join() right after start(), then the interpreter's exit."""
        self._first_put_or_end(creator)
        self._emit(name, Kind.JOIN, detail=f"{self.queue.unfinished_tasks} unfinished")
        self._join_queue()
        self._note_join()
        self._emit(name, Kind.JOIN_DONE, detail=self._join_words())
        # main has nothing left to do; Python waits for the non-daemon threads before exiting
        everyone = [creator, *consumers]
        self._emit(name, Kind.JOIN_THREADS, detail=", ".join(t.name for t in everyone))
        self._join_threads(everyone)

    def _first_put_or_end(self, creator: threading.Thread) -> None:
        """Wait, bounded, for the creator's first put: the real main is slower to get there.

        In the tutorial, main's two start() calls take longer than the creator's
        first q.put(); the lab's pacing would otherwise let main reach q.join() first.
        """
        while not self.queue.puts and creator.is_alive():
            if self._stop.wait(POLL_S / 5):
                raise _Stopped

    def _note_join(self) -> None:
        self.facts.join_puts = self.join_returned_after_puts
        self.facts.results_at_join = len(self._results)

    def _exit_with_daemons(self, name: str) -> None:
        """End main: Python exits at once, ending the daemon consumers wherever they are."""
        facts = self.facts
        facts.cut_off = dict(self._holding)
        with self.queue.mutex:
            facts.left_on_queue = [job[0] for job in self.queue.queue if job is not None]
        self._emit(name, Kind.EXIT, detail="the program exits: daemon threads end where they are")
        raise _Stopped

    # -- the verdict -----------------------------------------------------------

    def _declare_deadlock(self, snapshot: Snapshot) -> None:
        self._deadlocked = True
        # Every item done and nothing queued: a thread that can never end, not a lost wake-up.
        self._hung = None not in snapshot.outcome and snapshot.queue_size == 0
        self._diagnosis = diagnose_mistake(self.facts, snapshot, time.monotonic_ns())
        self._emit(COORDINATOR, Kind.DEADLOCK, detail=self._diagnosis)
        raise _Stopped

    def _summarise(self) -> Summary:
        summary = super()._summarise()
        if self._user_stopped:
            return summary
        return outcome_of(self.facts, summary, self._deadlocked)

    def _extra(self) -> dict[str, object]:
        return {**super()._extra(), "mistake": str(self.mistake)}


def _negative(value: object) -> bool:
    return isinstance(value, int | float) and value < 0
