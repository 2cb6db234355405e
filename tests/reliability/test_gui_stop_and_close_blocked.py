"""Stop and close work whatever each thread is blocked in: idle at once, every thread joined.

Each case first proves the thread really is blocked there (the pipeline's own
view and the window's model agree, and the thread stays put), then presses
Stop or closes the window. The window's controls cannot set the watchdog's
``deadlock_after``, so the bug runs are started through ``MainWindow.start``
with a RunConfig whose watchdog will not fire during the test.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import pytest
from pytestqt.qtbot import QtBot

from tests.reliability.timing import CLOSE_LIMIT_S, STOP_BOUND_S, STOP_LIMIT_S, StateClock, measure
from tests.support.waiting import wait_until
from tests.support.windows import active_timers
from threadcomm.core.config import RunConfig
from threadcomm.core.pipeline import Pipeline
from threadcomm.core.trace import State, Status
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.window.main_window import MainWindow

TUTORIAL = (5, 10, 13, -1)
#: The watchdog must not end a deliberately stuck run while the test looks at it.
NO_WATCHDOG = 120.0
#: How long a blocked thread must stay put before we believe it is blocked.
STILL_FOR_MS = 150


@dataclass(frozen=True)
class Case:
    """A run, what to do once it is going, and who must then be blocked in what."""

    config: RunConfig
    blocked: dict[str, State]
    pause: bool = False
    steps: tuple[str, ...] = ()  # threads to step, one statement each, in this order
    #: How a stopped run ends: "stopped", unless every item was already done.
    after_stop: Status = Status.STOPPED


CASES = {
    "creator-in-evt.wait": Case(
        RunConfig(TUTORIAL, forget_set=True, deadlock_after=NO_WATCHDOG),
        {"creator": State.BLOCKED_WAIT, "consumer-1": State.BLOCKED_GET},
    ),
    "consumer-in-q.get": Case(
        RunConfig(TUTORIAL, delay=5.0),
        {"creator": State.PAUSED, "consumer-1": State.BLOCKED_GET},
        pause=True,
        steps=("consumer-1",),  # its q.get() finds the queue empty
    ),
    "consumer-in-q.get-with-no-sentinel": Case(
        RunConfig(TUTORIAL, no_stop=True, deadlock_after=NO_WATCHDOG),
        {
            "creator": State.ENDED,
            "consumer-1": State.BLOCKED_GET,
            "coordinator": State.BLOCKED_JOIN_THREADS,
        },
        after_stop=Status.COMPLETED,  # every item was done before Stop
    ),
    "creator-in-full-q.put": Case(
        RunConfig(tuple(range(10)), maxsize=1, handshake=False, delay=5.0),
        {"creator": State.BLOCKED_PUT, "consumer-1": State.PAUSED},
        pause=True,
        # announce; put item 1 (the queue is now full); put item 2: blocks
        steps=("creator", "creator", "creator"),
    ),
    "coordinator-in-q.join": Case(
        RunConfig(TUTORIAL, forget_task_done=True, deadlock_after=NO_WATCHDOG),
        {
            "creator": State.ENDED,
            "consumer-1": State.BLOCKED_GET,
            "coordinator": State.BLOCKED_JOIN,
        },
    ),
    "paused-at-the-gate": Case(
        RunConfig(TUTORIAL, consumers=2, delay=5.0),
        {"creator": State.PAUSED, "consumer-1": State.PAUSED, "consumer-2": State.PAUSED},
        pause=True,
    ),
    "pacing-in-the-slow-motion": Case(
        RunConfig(TUTORIAL, delay=5.0),
        {"creator": State.PACING, "consumer-1": State.PACING},
    ),
}


def _blocked_now(window: MainWindow, blocked: dict[str, State]) -> bool:
    """The pipeline and the window's model both say each thread is in its expected state."""
    pipeline = window.controller.pipeline
    assert pipeline is not None
    states, model = pipeline.states(), window.controller.model
    for name, state in blocked.items():
        if name not in states or states[name].state is not state:
            return False
        if model.threads[name].state is not state:
            return False
    return pipeline.gate.pending_steps() == 0


def _step(qtbot: QtBot, pipeline: Pipeline, threads: tuple[str, ...]) -> None:
    """Let each named thread perform one statement, one after the other."""
    for name in threads:
        wait_until(lambda n=name: n in pipeline.gate.parked(), qtbot=qtbot)
        pipeline.step(name)
        wait_until(lambda: pipeline.gate.pending_steps() == 0, qtbot=qtbot)


def _make_blocked(qtbot: QtBot, window: MainWindow, case: Case) -> Pipeline:
    assert window.start(case.config)
    if case.pause:
        window.pause_button.click()
        assert window.controller.state is RunState.PAUSED
    pipeline = window.controller.pipeline
    assert pipeline is not None
    if case.pause:
        names = [n for n in pipeline.thread_names if n != "coordinator"]
        wait_until(lambda: set(names) <= set(pipeline.gate.parked()), qtbot=qtbot)
    _step(qtbot, pipeline, case.steps)
    wait_until(lambda: _blocked_now(window, case.blocked), qtbot=qtbot)
    before = {n: v.since_ns for n, v in pipeline.states().items()}
    qtbot.wait(STILL_FOR_MS)
    assert _blocked_now(window, case.blocked), "the threads moved: they were not blocked"
    assert {n: v.since_ns for n, v in pipeline.states().items()} == before
    assert pipeline.is_running()
    return pipeline


def _run_threads(pipeline: Pipeline) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name in pipeline.thread_names]


def _accounted(window: MainWindow) -> None:
    summary = window.controller.model.summary
    assert summary is not None
    done = len(summary.results) + len(summary.failed) + len(summary.not_started)
    assert done == summary.items, summary
    shown = sorted(row.index for row in window.controller.model.results)
    assert shown == sorted(r.index for r in summary.results)


@pytest.mark.parametrize("case_name", list(CASES))
def test_stop_while_blocked_reaches_idle_at_once(
    qtbot: QtBot, window: MainWindow, case_name: str
) -> None:
    case = CASES[case_name]
    pipeline = _make_blocked(qtbot, window, case)
    clock = StateClock(window)
    pressed = time.monotonic()
    window.stop_button.click()
    assert window.controller.state is RunState.STOPPING
    wait_until(lambda: not window.controller.active, timeout_ms=5_000, qtbot=qtbot)
    took = clock.entered[window.controller.state] - pressed
    measure(f"stop while {case_name}", took)
    assert took < STOP_LIMIT_S, (
        f"Stop took {took * 1000:.0f} ms (bound: {STOP_BOUND_S * 1000:.0f} ms)"
    )
    assert pipeline.wait(1.0), "the run's threads did not end after Stop"
    assert not _run_threads(pipeline)
    summary = window.controller.model.summary
    assert summary is not None
    assert summary.status is case.after_stop
    if case.after_stop is Status.STOPPED:
        assert window.controller.state is RunState.IDLE
        assert window.banner.text().startswith("Stopped:")
    assert window.start_button.isEnabled()
    assert not window.stop_button.isEnabled()
    _accounted(window)


@pytest.mark.parametrize("case_name", list(CASES))
def test_close_while_blocked_joins_every_thread_within_a_second(
    qtbot: QtBot, window: MainWindow, case_name: str
) -> None:
    case = CASES[case_name]
    pipeline = _make_blocked(qtbot, window, case)
    threads = _run_threads(pipeline)
    assert threads, "the run has no threads to join"
    started = time.monotonic()
    window.close()
    took = time.monotonic() - started
    measure(f"close while {case_name}", took)
    # closeEvent waits at most 1 s: any thread still alive here outlived that bound.
    alive = [t.name for t in threads if t.is_alive()]
    assert not alive, f"still running after close ({took * 1000:.0f} ms): {alive}"
    assert not pipeline.is_running()
    assert took < CLOSE_LIMIT_S, f"closing took {took * 1000:.0f} ms"
    assert not active_timers(window)
    assert not window.controller.active


def test_stop_then_close_at_once_while_blocked_never_waits_twice(
    qtbot: QtBot, window: MainWindow
) -> None:
    pipeline = _make_blocked(qtbot, window, CASES["creator-in-evt.wait"])
    started = time.monotonic()
    window.stop_button.click()
    window.close()  # before the run's end has reached the window
    took = time.monotonic() - started
    measure("stop then close at once", took)
    assert not pipeline.is_running()
    assert took < CLOSE_LIMIT_S
    assert window.controller.state is RunState.IDLE
