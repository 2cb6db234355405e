"""The tutorial's threads, for real: a creator, N consumers and a coordinator.

The creator and consumers perform the tutorial's statements in the tutorial's
order, through a real ``queue.Queue`` and one real ``threading.Event`` per
item. The coordinator plays the tutorial's main thread (start the threads,
``q.join()``), then ends the consumers with one sentinel each, joins every
thread and reports the summary. It never runs on the caller's thread, so a GUI
that starts a run is never blocked by it.

Every blocking call is bounded (``POLL_S``) and looks at the stop flag between
waits, so :meth:`Pipeline.stop` ends every thread within about 50 ms.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from queue import Empty, Full, Queue
from typing import TYPE_CHECKING, Any

from threadcomm.core.config import RunConfig, check_delay
from threadcomm.core.pacing import POLL_S, Gate
from threadcomm.core.threads import COORDINATOR, CREATOR, is_consumer, run_threads
from threadcomm.core.trace import (
    STATE_AFTER,
    Kind,
    Result,
    ResultLog,
    Sink,
    State,
    Status,
    Summary,
    TraceEvent,
    from_fields,
)
from threadcomm.core.watchdog import Snapshot, ThreadView, diagnose, is_deadlocked, is_hang

if TYPE_CHECKING:
    from threadcomm.core.viewer_turns import ViewerTurns

__all__ = [
    "MAX_WORK_S",
    "InjectedFault",
    "Job",
    "Pipeline",
    "failure_words",
    "work_seconds",
]

#: What travels on the queue: (index, item, evt), or None, the sentinel that stops a consumer.
Job = tuple[int, object, threading.Event] | None
#: A thread's own reporter: ``emit(kind, index=-1, value=None, detail="")``.
Emit = Callable[..., None]


_ANNOUNCE, _PUT, _PUT_BLOCKED, _WAIT, _WAIT_DONE = (
    Kind.ANNOUNCE,
    Kind.PUT,
    Kind.PUT_BLOCKED,
    Kind.WAIT,
    Kind.WAIT_DONE,
)
_GET, _GET_BLOCKED, _SENTINEL_GET, _WORK, _PROCESS, _SET, _TASK_DONE, _ERROR = (
    Kind.GET,
    Kind.GET_BLOCKED,
    Kind.SENTINEL_GET,
    Kind.WORK,
    Kind.PROCESS,
    Kind.SET,
    Kind.TASK_DONE,
    Kind.ERROR,
)
_PACE = Kind.PACE
#: An item's outcome, a byte each: not processed yet, raised, processed.
_PENDING, _FAILED, _DONE = 0, 1, 2
#: The outcome as a snapshot shows it: None, False or True.
_OUTCOME_WORDS: tuple[bool | None, ...] = (None, False, True)


class InjectedFault(RuntimeError):
    """The fault a scenario plants in one item."""


def failure_words(exc: Exception) -> str:
    """Why processing an item failed, in words a class reads (not an exception class name)."""
    words = str(exc)
    if isinstance(exc, InjectedFault):
        return words
    return words or f"it raised {type(exc).__name__}"


#: Most seconds of work one item takes, however big it is: a class watching a run
#: with 1000 in its data list should not wait minutes for it.
MAX_WORK_S = 1.0


def work_seconds(item: object, per_unit: float) -> float:
    """Seconds a consumer works on ``item``: ``abs(item) * per_unit`` (at most MAX_WORK_S).

    Text and other items take one unit.
    """
    if isinstance(item, int | float) and not isinstance(item, bool):
        return min(abs(item) * per_unit, MAX_WORK_S)
    return per_unit


class _TracedQueue(Queue[Job]):
    """A real ``queue.Queue`` whose puts and gets are reported in an order that never lies.

    An item's PUT must come before its GET, whichever thread runs first.

    - On a bounded queue, which a person watches fill up, the queue reports each
      put and get inside its own lock, so the picture never holds more than
      ``maxsize``.
    - On the tutorial's unbounded queue a put never waits, and only one thread
      puts at a time (the creator, then the coordinator). The creator reports
      each put just before making it and a consumer each get just after it
      returns. The lock then holds nothing extra, which matters when several
      consumers take turns at it.

    Sentinels are always reported inside the lock and counted as they land.
    """

    def __init__(self, maxsize: int, pipeline: Pipeline) -> None:
        super().__init__(maxsize)
        self._pipeline = pipeline
        #: Whether puts and gets are reported here, inside the lock (a bounded queue).
        self.reports_inside = maxsize > 0
        self._report_put = pipeline._emitter(CREATOR)
        #: Items (not sentinels) put so far; changes only inside the queue's lock.
        self.puts = 0

    def _put(self, item: Job) -> None:
        # Report first: if reporting fails, the queue is left as it was, and
        # unfinished_tasks still matches what is on it.
        if item is None:
            self._pipeline._emit(COORDINATOR, Kind.SENTINEL_PUT)
            self._pipeline._sentinels_put += 1
        else:
            if self.reports_inside:
                self._report_put(_PUT, item[0], item[1])
            self.puts += 1
        self.queue.append(item)

    def _get(self) -> Job:
        job: Job = self.queue.popleft()
        getting = self._pipeline._getting
        if getting:  # a consumer blocked in q.get() took this: it moves now (see _view)
            getting.discard(threading.current_thread().name)
        if self.reports_inside:
            emit = self._pipeline._emitter(threading.current_thread().name)
            if job is None:
                emit(_SENTINEL_GET)
            else:
                emit(_GET, job[0], job[1])
        return job


class _SinkFailed(Exception):
    """The sink raised while a worker reported to it; ``__cause__`` is what it raised."""


class _Stopped(Exception):
    """Raised inside a worker when the run is stopping; unwinds it quietly."""


class Pipeline:
    """One run of the tutorial's threads.

    Thread ownership: ``start``, ``stop``, ``pause``, ``resume``, ``step``,
    ``set_delay`` and ``wait`` belong to the controlling thread. The worker
    threads write ``_last`` (one key each), ``_outcome`` (one slot per item,
    written once), ``_results`` and ``_failed`` (appends only); the
    coordinator alone writes ``_summary``.
    """

    def __init__(self, config: RunConfig, sink: Sink) -> None:
        self.config = config
        self._sink = sink
        self._trace = sink.trace
        #: Turns for a viewer's thread (the window), if the sink has a viewer.
        self.viewer_turns: ViewerTurns | None = getattr(sink, "viewer_turns", None)
        self._stop = threading.Event()
        self._user_stopped = False
        self.gate = Gate(self._stop, config.delay)
        self._last: dict[str, TraceEvent] = {}
        self._emitters: dict[str, Emit] = {}  # by thread name, made on first use
        self.queue = _TracedQueue(config.maxsize, self)
        self._thread_names = run_threads(config.consumers)
        self.consumer_names = [n for n in self._thread_names if is_consumer(n)]
        self._waiting_on: dict[str, tuple[int, threading.Event]] = {}
        #: Consumers blocked in q.get() that have not taken an item yet (see _view).
        self._getting: set[str] = set()
        # Per item: _PENDING, _FAILED or _DONE (a byte each: a run has up to a million).
        self._outcome = bytearray(len(config.items))
        self._results = ResultLog(config.items)
        self._failed: list[tuple[int, str]] = []
        self._diagnosis = ""
        self._deadlocked = False
        self._hung = False
        self._sentinels_put = 0  # written by the coordinator inside the queue's lock
        self._sentinels_done: list[str] = []  # consumers append once each
        self._crashed: list[str] = []
        self._workers: list[threading.Thread] = []
        self._coordinator: threading.Thread | None = None
        self._summary: Summary | None = None
        self._started_ns = 0
        #: How many items the creator had put when q.join() returned (None: it has not).
        self.join_returned_after_puts: int | None = None

    # -- control (the caller's thread) -------------------------------------

    @property
    def thread_names(self) -> list[str]:
        """Every thread of the run: creator, consumers, coordinator."""
        return list(self._thread_names)

    @property
    def summary(self) -> Summary | None:
        """The summary once the run has finished, else None."""
        return self._summary

    def start(self) -> None:
        """Start the coordinator, which starts the creator and the consumers."""
        if self._coordinator is not None:
            raise RuntimeError("a Pipeline runs once; make a new one for the next run")
        self._started_ns = time.monotonic_ns()
        self._coordinator = threading.Thread(
            target=self._run_thread, args=(COORDINATOR, self._coordinate), name=COORDINATOR
        )
        self._coordinator.start()

    def stop(self) -> None:
        """Ask every thread to end; returns at once. The summary says ``stopped``."""
        if self._summary is None:
            self._user_stopped = True
        self._stop.set()
        self.gate.wake()
        if self.viewer_turns is not None:
            self.viewer_turns.end_turn()

    def pause(self) -> None:
        """Hold every worker before its next statement."""
        self.gate.pause()

    def resume(self) -> None:
        """Let paused workers run on."""
        self.gate.resume()

    def step(self, thread: str | None = None) -> None:
        """While paused, let one statement run: by ``thread``, or by the first parked."""
        self.gate.step(thread)

    def set_delay(self, delay: float) -> None:
        """Change the per-statement delay, effective at once."""
        self.gate.set_delay(check_delay(delay))

    def wait(self, timeout: float | None = None) -> bool:
        """Join the run's threads; True when all have ended."""
        if self._coordinator is None:
            return True
        self._coordinator.join(timeout)
        return not self._coordinator.is_alive()

    def is_running(self) -> bool:
        """Whether any thread of the run is still alive."""
        return self._coordinator is not None and self._coordinator.is_alive()

    def states(self) -> dict[str, ThreadView]:
        """What each thread is doing now, from its latest trace event."""
        return {name: self._view(name, ev) for name, ev in list(self._last.items())}

    # -- reporting -------------------------------------------------------

    def _emit(
        self, thread: str, kind: Kind, index: int = -1, value: object = None, detail: str = ""
    ) -> None:
        self._emitter(thread)(kind, index, value, detail)

    def _emitter(self, thread: str) -> Emit:
        """``thread``'s own reporter, made once, with what it looks up bound (the hot loops)."""
        made = self._emitters.get(thread)
        if made is not None:
            return made
        last, trace, clock = self._last, self._trace, time.monotonic_ns

        def emit(kind: Kind, index: int = -1, value: object = None, detail: str = "") -> None:
            event = from_fields(TraceEvent, (clock(), thread, kind, index, value, detail))
            last[thread] = event
            try:
                trace(event)
            except Exception as exc:
                raise _SinkFailed(exc) from exc

        self._emitters[thread] = emit
        return emit

    def _report(self, thread: str, kind: Kind) -> None:
        self._emit(thread, kind)

    def _gate(self, name: str) -> None:
        if not self.gate.checkpoint(name, self._report):
            raise _Stopped

    # -- the threads -----------------------------------------------------

    def _run_thread(self, name: str, body: Any, *args: object) -> None:
        self._emit(name, Kind.THREAD_START)
        try:
            body(name, *args)
        except _Stopped:
            pass
        except Exception as exc:
            self._crash(name, exc)
        finally:
            if name != COORDINATOR:  # the coordinator reports its end before the summary
                self._report_end(name)

    def _report_end(self, name: str) -> None:
        with contextlib.suppress(Exception):  # a failing sink must not hide the end
            self._emit(name, Kind.THREAD_END)

    def _crash(self, name: str, exc: Exception) -> None:
        """A bug or a failing sink: end the run (stop first, report second), never hang it.

        A failing sink is not the thread's fault: it is reported once, without
        naming the thread that happened to be reporting.
        """
        if isinstance(exc, _SinkFailed):
            cause = exc.__cause__
            message = f"{type(cause).__name__}: {cause}"
            report = f"the run's output failed: {message}"
        else:
            message = f"{type(exc).__name__}: {exc}"  # a bug: the class name helps the fixer
            report = f"{name} crashed: {message}"
        if report not in self._crashed:
            self._crashed.append(report)
        self._stop.set()
        self.gate.wake()
        with contextlib.suppress(Exception):  # the sink may be what failed
            self._emit(name, Kind.ERROR, detail=message)

    # The two loops below run once per item, so they keep names in locals and
    # take the gate's slow path only when it is active (delay, pause or stop).

    def _creator(self, name: str) -> None:
        emit, gate, put = self._emitter(name), self.gate, self._put
        # A put on an unbounded queue never waits: report it here, then put (see _TracedQueue).
        put_now = None if self.queue.reports_inside else self.queue.put
        handshake, stop = self.config.handshake, self._stop
        turns, clock = self.viewer_turns, time.monotonic_ns
        self._gate(name)
        emit(_ANNOUNCE)
        for index, item in enumerate(self.config.items):
            if turns is not None and (turns.held or clock() >= turns.due_ns):
                turns.take_turn(lambda: emit(_PACE))
            if gate.active:
                self._gate(name)
            evt = threading.Event()
            if put_now is not None:
                emit(_PUT, index, item)
                put_now((index, item, evt))
            else:
                put(name, (index, item, evt))
            if handshake:
                if gate.active:
                    self._gate(name)
                self._waiting_on[name] = (index, evt)
                emit(_WAIT, index, item)
                while not evt.wait(POLL_S):
                    if stop.is_set():
                        raise _Stopped
                del self._waiting_on[name]
                emit(_WAIT_DONE, index, item)

    def _consumer(self, name: str) -> None:
        emit, gate, get, queue = self._emitter(name), self.gate, self._get, self.queue
        reports_inside = queue.reports_inside
        outcome, sink_result = self._outcome, self._sink.result
        add_result = self._results.adder(name)
        clock, stop = time.monotonic_ns, self._stop
        config, turns = self.config, self.viewer_turns
        fault_item, forget_set, forget_task_done, work = (
            config.fault_item,
            config.forget_set,
            config.forget_task_done,
            config.work,
        )
        while True:
            if turns is not None and (turns.held or clock() >= turns.due_ns):
                turns.take_turn(lambda: emit(_PACE))
            if gate.active:
                self._gate(name)
            job = get(name)
            if job is None:  # the sentinel: leave the loop
                if not reports_inside:
                    emit(_SENTINEL_GET)
                queue.task_done()
                self._sentinels_done.append(name)
                return
            index, item, evt = job
            if not reports_inside:  # as soon as get() returns (see _TracedQueue)
                emit(_GET, index, item)
            if gate.active:
                self._gate(name)
            if work:  # the item's own work: bigger items take longer (stoppable)
                emit(_WORK, index, item)
                if stop.wait(work_seconds(item, work)):
                    raise _Stopped
            try:
                if index == fault_item:
                    raise InjectedFault(
                        f"doubling {item!r} raised an error (the fault this scenario plants)"
                    )
                processed = item * 2  # type: ignore[operator]
            except Exception as exc:
                message = failure_words(exc)
                outcome[index] = _FAILED
                self._failed.append((index, message))
                emit(_ERROR, index, item, message)
            else:
                emit(_PROCESS, index, processed)
                outcome[index] = _DONE
                add_result(index, processed)
                try:
                    sink_result(from_fields(Result, (index, item, processed, name, clock())))
                except Exception as exc:
                    raise _SinkFailed(exc) from exc
            if not forget_set:
                if gate.active:
                    self._gate(name)
                emit(_SET, index, item)
                evt.set()
            if not forget_task_done:
                if gate.active:
                    self._gate(name)
                emit(_TASK_DONE, index, item)
                queue.task_done()

    def _put(self, name: str, job: Job) -> None:
        queue = self.queue
        # An unlocked look at the length decides whether to report a block; the
        # put itself is the real, locked one, so a wrong guess only costs a retry.
        if not (queue.maxsize and len(queue.queue) >= queue.maxsize):
            try:
                queue.put(job, block=False)
                return
            except Full:
                pass
        index, item = (job[0], job[1]) if job is not None else (-1, None)
        self._emit(name, _PUT_BLOCKED, index, item)
        while True:
            try:
                queue.put(job, timeout=POLL_S)
                return
            except Full:
                if self._stop.is_set():
                    raise _Stopped from None

    def _get(self, name: str) -> Job:
        queue = self.queue
        if queue.queue:  # unlocked look, as in _put
            try:
                return queue.get(block=False)
            except Empty:
                pass
        self._getting.add(name)
        self._emit(name, _GET_BLOCKED)
        try:
            while True:
                try:
                    return queue.get(timeout=POLL_S)
                except Empty:
                    if self._stop.is_set():
                        raise _Stopped from None
        finally:
            self._getting.discard(name)

    # -- the coordinator ---------------------------------------------------

    def _coordinate(self, name: str) -> None:
        creator = threading.Thread(
            target=self._run_thread, args=(CREATOR, self._creator), name=CREATOR
        )
        consumers = [
            threading.Thread(target=self._run_thread, args=(c, self._consumer), name=c)
            for c in self.consumer_names
        ]
        self._workers = [creator, *consumers]
        try:
            for thread in self._workers:
                thread.start()
            self._main(name, creator, consumers)
        except _Stopped:
            pass
        except Exception as exc:  # recorded before the summary is made
            self._crash(name, exc)
        finally:
            self._stop.set()
            self.gate.wake()
            for thread in self._workers:  # each ends within POLL_S once stop is set
                thread.join()
            # Nothing may be reported after the summary: whoever receives it may
            # already be showing, or starting, the next run.
            self._report_end(COORDINATOR)
            self._finish()

    def _main(
        self, name: str, creator: threading.Thread, consumers: list[threading.Thread]
    ) -> None:
        """The lesson's main block, once the threads have started (the corrected tutorial)."""
        self._emit(name, Kind.JOIN_THREADS, detail=CREATOR)
        self._join_threads([creator])
        self._emit(name, Kind.JOIN, detail=f"{self.queue.unfinished_tasks} unfinished")
        self._join_queue()
        self._emit(name, Kind.JOIN_DONE, detail=self._join_words())
        if not self.config.no_stop:
            for _ in consumers:
                self._put(name, None)
        self._emit(name, Kind.JOIN_THREADS, detail=", ".join(self.consumer_names))
        self._join_threads(consumers)

    def _join_words(self) -> str:
        """What the JOIN_DONE event says: how many items had been put by then."""
        return f"after {self.join_returned_after_puts} of {len(self.config.items)} items were put"

    def _finish(self) -> None:
        try:
            summary = self._summarise()
        except Exception as exc:  # a bug here must still end the run visibly
            summary = Summary(
                status=Status.FAILED,
                items=len(self.config.items),
                results=self._results,
                failed=list(self._failed),
                not_started=[],
                elapsed_s=(time.monotonic_ns() - self._started_ns) / 1e9,
                diagnosis=f"the run's summary could not be made: {type(exc).__name__}: {exc}",
                consumers=self.config.consumers,
            )
        self._summary = summary
        self._sink.finished(summary)

    def _join_threads(self, threads: list[threading.Thread]) -> None:
        watch = _Watch(self)
        for thread in threads:
            while thread.is_alive():
                thread.join(POLL_S)
                watch.check()
        if self._stop.is_set():  # the threads ended because the run is stopping
            raise _Stopped

    def _join_queue(self) -> None:
        watch = _Watch(self)
        done = self.queue.all_tasks_done
        while True:
            with done:
                if not self.queue.unfinished_tasks:
                    # Read in the queue's lock, where every put counts: exact, not a guess.
                    self.join_returned_after_puts = self.queue.puts
                    return
                done.wait(POLL_S)
            watch.check()

    # -- the watchdog and the summary ------------------------------------

    def _view(self, name: str, event: TraceEvent) -> ThreadView:
        waiting = self._waiting_on.get(name)
        state = STATE_AFTER[event.kind]
        # A thread released from evt.wait() or q.get() that has not yet reported it is
        # moving, not blocked: a stepped run must not count it at rest in that instant.
        if (state is State.BLOCKED_WAIT and waiting is None) or (
            state is State.BLOCKED_GET and name not in self._getting
        ):
            state = State.RUNNING
        return ThreadView(
            name=name,
            state=state,
            since_ns=event.t_ns,
            index=event.index if waiting is None else waiting[0],
            event_set=None if waiting is None else waiting[1].is_set(),
        )

    def snapshot(self) -> Snapshot:
        """The whole run now, as the watchdog and the scheduler see it."""
        # The counts first, the threads after: a thread seen blocked was still blocked
        # when the counts were read, so what could release it is in them.
        queue_size, unfinished = self.queue.qsize(), self.queue.unfinished_tasks
        return Snapshot(
            threads=self.states(),
            items=self.config.items,
            outcome=[_OUTCOME_WORDS[code] for code in self._outcome],
            queue_size=queue_size,
            maxsize=self.config.maxsize,
            unfinished_tasks=unfinished,
            no_stop=self.config.no_stop,
        )

    def _declare_deadlock(self, snapshot: Snapshot) -> None:
        self._deadlocked = True
        self._hung = is_hang(snapshot)
        self._diagnosis = diagnose(snapshot, time.monotonic_ns())
        self._emit(COORDINATOR, Kind.DEADLOCK, detail=self._diagnosis)
        raise _Stopped

    def _work_done(self) -> bool:
        """Every item processed (or failed) and acknowledged with task_done()."""
        sentinels_open = self._sentinels_put - len(self._sentinels_done)
        return _PENDING not in self._outcome and self.queue.unfinished_tasks - sentinels_open <= 0

    def _summarise(self) -> Summary:
        elapsed = (time.monotonic_ns() - self._started_ns) / 1e9
        if self._deadlocked:
            status = Status.HANG if self._hung else Status.DEADLOCK
        elif self._user_stopped and not self._work_done():
            status = Status.STOPPED
        elif self._failed or self._crashed:
            status = Status.FAILED
        else:
            status = Status.COMPLETED
        diagnosis = self._diagnosis or "; ".join(self._crashed)
        if not diagnosis and self._failed:
            diagnosis = f"{len(self._failed)} item(s) failed: " + "; ".join(
                f"item {i + 1} ({self.config.items[i]!r}): {msg}" for i, msg in self._failed
            )
        if not diagnosis:
            diagnosis = self._plain_ending(status)
        return Summary(
            status=status,
            items=len(self.config.items),
            results=self._results,
            failed=list(self._failed),
            not_started=[i for i, code in enumerate(self._outcome) if code == _PENDING],
            elapsed_s=elapsed,
            diagnosis=diagnosis,
            consumers=self.config.consumers,
            extra=self._extra(),
        )

    def _plain_ending(self, status: Status) -> str:
        """How a run that had no problem ended, in plain words."""
        done = len(self._outcome) - self._outcome.count(_PENDING)
        total = len(self.config.items)
        if status is Status.STOPPED:
            return f"Stopped before the end: {done} of {total} items were processed."
        joined = (
            f"; q.join() returned after {self.join_returned_after_puts} of {total} items "
            f"had been put"
            if self.join_returned_after_puts is not None
            else ""
        )
        return f"Completed: all {total} items were processed and every thread ended{joined}."

    def _extra(self) -> dict[str, object]:
        """Summary fields beyond the usual ones (``--summary-json`` prints them too)."""
        if self.join_returned_after_puts is None:
            return {}
        return {"join_returned_after_puts": self.join_returned_after_puts}


class _Watch:
    """Declares a deadlock when every live thread has been blocked, unchanged, for too long."""

    def __init__(self, pipeline: Pipeline) -> None:
        self._pipeline = pipeline
        self._seen: dict[str, TraceEvent] = {}
        self._since = time.monotonic()

    def check(self) -> None:
        pipeline = self._pipeline
        if pipeline._stop.is_set():
            raise _Stopped
        current = dict(pipeline._last)
        # Each event is a new object: identity says "something happened" without
        # comparing items, whose == may be anything.
        if current.keys() != self._seen.keys() or any(
            current[k] is not self._seen[k] for k in current
        ):
            self._seen = current
            self._since = time.monotonic()
            return
        if time.monotonic() - self._since < pipeline.config.deadlock_after:
            return
        snapshot = pipeline.snapshot()
        if is_deadlocked(snapshot):
            pipeline._declare_deadlock(snapshot)
