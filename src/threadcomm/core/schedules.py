"""Schedules: which thread performs each statement of a run, kept, replayed and judged.

The lab steps real threads one statement at a time (see
:mod:`threadcomm.core.scheduler`). A :class:`Schedule` is the list of those
choices, in order, with the run it belongs to; :func:`drive` performs a run
choosing each step with a function, and :func:`replay` performs a schedule
exactly: the same schedule gives the same statements in the same order.

Each step is taken only when the whole run is *settled*: every worker is
parked at its gate, blocked with nothing to release it, or ended, and main
(the coordinator, which is never stepped) is waiting for something only the
workers can give. So exactly one thread moves per step, and main's own
statements (``q.join()`` returning, the sentinels) land at the same place in
every replay. With several consumers, which consumer takes a sentinel is the
operating system's choice, as it is in Python.

A run that ends badly, in a hang, an error, a lost result or an early
``q.join()``, has its :func:`outcomes` named.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from threadcomm.core.config import ConfigError, RunConfig, make_run_config
from threadcomm.core.datalist import DataListError, parse_data_list
from threadcomm.core.mistake_run import MistakeRun, new_pipeline
from threadcomm.core.mistakes import Mistake
from threadcomm.core.scheduler import at_rest, steppable
from threadcomm.core.threads import COORDINATOR, CREATOR
from threadcomm.core.trace import BLOCKED_STATES, Kind, RecordingSink, State, Status
from threadcomm.core.watchdog import can_move

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from threadcomm.core.pipeline import Pipeline
    from threadcomm.core.trace import Summary, TraceEvent

__all__ = [
    "OUTCOMES",
    "Ran",
    "Schedule",
    "ScheduleError",
    "ScheduleStepper",
    "drive",
    "outcomes",
    "read_schedule",
    "replay",
    "settled",
    "statements",
    "statements_of",
    "stepping_config",
]

#: The ways a run can end badly, as :func:`outcomes` names them.
OUTCOMES = ("hang", "error", "lost result", "early join")
#: Seconds with nothing able to move before the watchdog ends a stepped run.
STUCK_AFTER_S = 0.1
#: Longest wait for one step to settle before the run counts as running away.
_SETTLE_LIMIT_S = 10.0
#: How often the driver looks again while the run is not settled.
_LOOK_S = 0.001
#: Kinds that say when a thread waits at the gate, not what it does: left out of a replay's trace.
_GATE_KINDS = frozenset({Kind.PACE, Kind.PAUSED})


class ScheduleError(ValueError):
    """A schedule file that cannot be used, or a schedule that does not fit its run."""


@dataclass(frozen=True, slots=True)
class Schedule:
    """A run and the thread chosen at each of its steps.

    Attributes
    ----------
    scenario
        The scenario's name ('' for the corrected tutorial with its settings here).
    data
        The data list as text.
    consumers, maxsize
        The run's settings.
    steps
        The thread that performs each statement, in order.
    outcomes
        What went wrong in this schedule's run (see :data:`OUTCOMES`), when known.
    """

    scenario: str
    data: str
    consumers: int
    maxsize: int
    steps: tuple[str, ...]
    outcomes: tuple[str, ...] = ()
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, object]:
        """The schedule as a small JSON object (the file's content)."""
        return {
            "scenario": self.scenario,
            "data": self.data,
            "consumers": self.consumers,
            "maxsize": self.maxsize,
            "steps": list(self.steps),
            "outcomes": list(self.outcomes),
            **self.extra,
        }

    @classmethod
    def from_json(cls, value: object, where: str = "the schedule") -> Schedule:
        """Read a schedule from parsed JSON; a clear :class:`ScheduleError` names what is wrong."""
        if not isinstance(value, dict):
            raise ScheduleError(f"{where}: expected a JSON object")
        steps = value.get("steps")
        if not isinstance(steps, list) or not all(isinstance(s, str) for s in steps):
            raise ScheduleError(f"{where}: 'steps' must be a list of thread names")
        for key, kind in (("scenario", str), ("data", str), ("consumers", int), ("maxsize", int)):
            if not isinstance(value.get(key), kind) or isinstance(value.get(key), bool):
                raise ScheduleError(f"{where}: {key!r} must be a {kind.__name__}")
        found = value.get("outcomes", [])
        if not isinstance(found, list) or not all(o in OUTCOMES for o in found):
            raise ScheduleError(f"{where}: 'outcomes' must be a list of {', '.join(OUTCOMES)}")
        return cls(
            scenario=value["scenario"],
            data=value["data"],
            consumers=value["consumers"],
            maxsize=value["maxsize"],
            steps=tuple(steps),
            outcomes=tuple(found),
        )

    @classmethod
    def load(cls, text: str, where: str = "the schedule") -> Schedule:
        """Parse a schedule file's text."""
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ScheduleError(f"{where}: not JSON ({exc.msg} at line {exc.lineno})") from None
        return cls.from_json(value, where)

    def dumps(self) -> str:
        """The file's text: one JSON object, readable by a person."""
        return json.dumps(self.to_json(), indent=1) + "\n"

    def config(self) -> RunConfig:
        """The RunConfig this schedule's run uses (stepped: no delay)."""
        from threadcomm.core.scenarios import ScenarioError, find_scenario

        try:
            preset = find_scenario(self.scenario) if self.scenario else None
            config = make_run_config(
                items=tuple(parse_data_list(self.data)),
                preset=preset,
                consumers=self.consumers,
                maxsize=self.maxsize,
            )
        except (ScenarioError, ConfigError, DataListError) as exc:
            raise ScheduleError(f"the schedule's run cannot be made: {exc}") from None
        return stepping_config(config)


#: The largest schedule file read (a schedule is a few kilobytes).
MAX_SCHEDULE_BYTES = 1_000_000


def read_schedule(path: Path, where: str) -> Schedule:
    """Read the schedule file at ``path`` and check that its run can be made.

    Raises
    ------
    ScheduleError
        Saying, after ``where`` (how the file is named to the person), what is wrong.
    """
    try:
        if path.stat().st_size > MAX_SCHEDULE_BYTES:
            raise ScheduleError(f"{where}: larger than a schedule can be")
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScheduleError(f"{where}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ScheduleError(f"{where}: not a UTF-8 text file") from None
    schedule = Schedule.load(text, where)
    try:
        schedule.config()
    except ScheduleError as exc:
        raise ScheduleError(f"{where}: {exc}") from None
    return schedule


def stepping_config(config: RunConfig) -> RunConfig:
    """``config`` as a stepped run needs it: no delay, a stuck run ended quickly.

    The items' own work is left out too: when one thread moves per step, how
    long a consumer works on an item cannot change the order of the statements.
    """
    return dataclasses.replace(config, delay=0.0, work=0.0, deadlock_after=STUCK_AFTER_S)


@dataclass(frozen=True, slots=True)
class Ran:
    """One stepped run: its choices, what could have been chosen, its trace and its end."""

    steps: list[str]
    options: list[list[str]]  # the threads that could be stepped, at each step
    events: list[TraceEvent]
    times: list[int]  # when each step was given (time.monotonic_ns(), the events' clock)
    summary: Summary | None  # None: the run was stopped before its end
    outcomes: tuple[str, ...]


class _Sink(RecordingSink):
    """Keeps everything and says when something happened."""

    def __init__(self) -> None:
        super().__init__()
        self.changed = threading.Event()

    def trace(self, event: TraceEvent) -> None:
        self.events.append(event)
        self.changed.set()

    def finished(self, summary: Summary) -> None:
        super().finished(summary)
        self.changed.set()


def _main_settled(pipeline: Pipeline) -> bool:
    """Whether main (the coordinator) waits for something only the workers can give."""
    coordinator = pipeline._coordinator
    if coordinator is None or not coordinator.is_alive():
        return True
    last = pipeline._last.get(COORDINATOR)
    if last is None:
        return False
    if last.kind is Kind.THREAD_START:  # the verbatim main waits for the first q.put()
        return (
            isinstance(pipeline, MistakeRun)
            and pipeline.mistake is Mistake.VERBATIM
            and pipeline.queue.puts == 0
            and any(t.name == CREATOR and t.is_alive() for t in pipeline._workers)
        )
    view = pipeline.states().get(COORDINATOR)
    if view is None or view.state not in BLOCKED_STATES:
        return False
    if view.state is State.BLOCKED_JOIN_THREADS:
        # Waiting until a joined thread ends; once all have reported their end, main moves.
        joined = {n.strip() for n in last.detail.split(",")}
        ends = pipeline._last
        return any(
            t.is_alive() and (n := ends.get(t.name)) is not None and n.kind is not Kind.THREAD_END
            for t in pipeline._workers
            if t.name in joined
        )
    return not can_move(view, pipeline.snapshot())


def settled(pipeline: Pipeline) -> bool:
    """Whether the next step may be given: no thread moves, and only a step can move one."""
    return at_rest(pipeline) and _main_settled(pipeline)


def _refused(number: int, choice: str, now: list[str]) -> ScheduleError:
    return ScheduleError(
        f"step {number + 1} names {choice}, which cannot be stepped now "
        f"(only {', '.join(now)} can)"
    )


class ScheduleStepper:
    """Gives a live, paused run the steps of a schedule one at a time, as :func:`replay` does.

    Each step is given only when the run is :func:`settled`; once the
    schedule's steps run out, each further step goes to the first steppable
    thread, as in :func:`replay`. The window's replay uses it on the run it
    shows, so :func:`statements_of` its events and :attr:`times` is the same
    list as the headless replay's.
    """

    def __init__(self, steps: tuple[str, ...] | list[str]) -> None:
        self.steps = tuple(steps)
        self.given: list[str] = []
        self.times: list[int] = []

    def next_choice(self, pipeline: Pipeline) -> str | None:
        """The thread the next step goes to, or None while the run is not settled.

        Raises
        ------
        ScheduleError
            When the schedule names a thread that cannot be stepped now.
        """
        if not settled(pipeline):
            return None
        now = steppable(pipeline)
        if not now:
            return None
        number = len(self.given)
        choice = self.steps[number] if number < len(self.steps) else now[0]
        if choice not in now:
            raise _refused(number, choice, now)
        return choice

    def step(self, pipeline: Pipeline) -> str | None:
        """Give the next step if the run is settled; the thread stepped, or None."""
        choice = self.next_choice(pipeline)
        if choice is not None:
            self.given.append(choice)
            self.times.append(time.monotonic_ns())
            pipeline.step(choice)
        return choice


def outcomes(summary: Summary | None, events: list[TraceEvent]) -> tuple[str, ...]:
    """What went wrong in a run, in the words of :data:`OUTCOMES` (empty for a good run).

    A hang: the run deadlocked or hung. An error: a thread raised. A lost
    result: an item's result never arrived, or arrived after main went on
    without it. An early join: ``q.join()`` returned before every item was put.
    """
    if summary is None:
        return ()
    found: list[str] = []
    if summary.status in (Status.DEADLOCK, Status.HANG):
        found.append("hang")
    if any(e.kind is Kind.ERROR for e in events):
        found.append("error")
    if len(summary.results) < summary.items or summary.status is Status.FAILED:
        found.append("lost result")
    after = summary.extra.get("join_returned_after_puts")
    if isinstance(after, int) and after < summary.items:
        found.append("early join")
    return tuple(found)


def drive(
    config: RunConfig,
    choose: Callable[[list[str], int], str | None],
    stop: threading.Event | None = None,
    max_steps: int = 2000,
) -> Ran:
    """Perform one run of ``config``, stepped, asking ``choose`` for each step.

    Parameters
    ----------
    config
        The run (use :func:`stepping_config`).
    choose
        Given the threads that can be stepped now (in run order) and the step's
        number, returns the thread to step, or None to stop the run.
    stop
        Set it to end the run within about 50 ms.
    max_steps
        A run that needs more steps is let run on by itself.

    Raises
    ------
    ScheduleError
        When ``choose`` names a thread that cannot be stepped now.
    """
    sink = _Sink()
    pipeline = new_pipeline(config, sink)
    steps: list[str] = []
    options: list[list[str]] = []
    times: list[int] = []
    pipeline.pause()
    pipeline.start()
    stopped = False
    try:
        while not sink.done.is_set():
            if stop is not None and stop.is_set():
                stopped = True
                break
            sink.changed.clear()
            if len(steps) >= max_steps:
                pipeline.resume()
                sink.done.wait(_LOOK_S * 10)
                continue
            if not settled(pipeline):
                sink.changed.wait(_LOOK_S)
                continue
            now = steppable(pipeline)
            if not now:  # nothing can move: the watchdog ends the run shortly
                sink.changed.wait(_LOOK_S * 5)
                continue
            choice = choose(now, len(steps))
            if choice is None:
                stopped = True
                break
            if choice not in now:
                raise _refused(len(steps), choice, now)
            steps.append(choice)
            options.append(now)
            times.append(time.monotonic_ns())
            pipeline.step(choice)
    finally:
        pipeline.stop()
        pipeline.wait(5)
    summary = None if stopped else sink.summary
    events = list(sink.events)
    return Ran(steps, options, events, times, summary, outcomes(summary, events))


def replay(
    config: RunConfig, steps: tuple[str, ...] | list[str], stop: threading.Event | None = None
) -> Ran:
    """Perform ``steps`` exactly; once they run out, the first steppable thread runs on."""

    def choose(now: list[str], number: int) -> str:
        return steps[number] if number < len(steps) else now[0]

    return drive(config, choose, stop)


def statements(ran: Ran) -> list[tuple[str, str, int]]:
    """A run's statements, step by step, without times or gate waits: what a replay repeats."""
    return statements_of(ran.events, ran.times)


def statements_of(events: list[TraceEvent], times: list[int]) -> list[tuple[str, str, int]]:
    """The statements of a stepped run's ``events``, whose steps were given at ``times``.

    An event belongs to the last step given before it happened (by the events'
    own clock): the run was settled when each step was given, so nothing
    happened at that moment. One step can move two threads at once: a
    ``q.put()`` that wakes a consumer blocked in ``q.get()`` while the creator
    ends, or the stop ending every thread together. Their order within the
    step is the operating system's, so within each step the statements are
    listed thread by thread, each thread's in its own order.
    """
    by_step: list[list[tuple[str, str, int]]] = [[] for _ in range(len(times) + 1)]
    for e in events:
        if e.kind not in _GATE_KINDS:
            by_step[bisect_right(times, e.t_ns)].append((e.thread, e.kind.value, e.index))
    kept: list[tuple[str, str, int]] = []
    for window in by_step:
        kept += sorted(window, key=lambda s: s[0])
    return kept
