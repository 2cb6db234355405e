"""A person doing anything, in any order, at the real window: it never lies, leaks or hangs.

Hypothesis drives a real MainWindow with real threads: Start, Pause/Resume,
Step, Stop, settings, data edits, scenarios, waiting, and closing the window
for a new one. After every step the window must agree with itself:

- the buttons match the run's state;
- the results shown are correct (each an item doubled; in data order for one
  consumer; each item once for several);
- no thread is alive beyond the current run's own;
- no exception reached any thread's or slot's hook.

The budget is small in CI; ``--soak`` (or THREADCOMM_SOAK=1) raises it.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)
from pytestqt.qtbot import QtBot

from tests.reliability.caught import Caught
from tests.reliability.timing import CLOSE_LIMIT_S, STOP_LIMIT_S, measure
from tests.support.waiting import wait_until
from tests.support.windows import active_timers, dispose, open_window
from threadcomm.core.config import TUTORIAL_DATA, ConfigError, RunConfig
from threadcomm.core.datalist import DataListError, format_item, parse_data_list
from threadcomm.core.pipeline import Pipeline
from threadcomm.core.threads import GUI_THREAD
from threadcomm.core.trace import Status
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.window.main_window import MainWindow

RESULT = 2
LIVE = (RunState.RUNNING, RunState.PAUSED)
#: Scenarios without a deliberate hang (those take the watchdog's full second each).
SCENARIOS = ("tutorial", "several-consumers", "backpressure", "consumer-crash")
#: An unpaused run of at most 12 items at 20 ms a statement ends well within this.
RUN_END_MS = 20_000

# -- what a person types -------------------------------------------------------------

_ints = st.lists(st.integers(-1000, 1000), min_size=1, max_size=12)
_words = st.text(alphabet="abcxyz ,", min_size=0, max_size=4)
_mixed = st.lists(
    st.one_of(
        st.integers(-99, 99).map(str),
        st.floats(-100, 100, allow_nan=False).map(repr),
        _words.map(lambda w: f"'{w}'"),
    ),
    min_size=1,
    max_size=12,
)
VALID_DATA = st.one_of(
    _ints.map(lambda xs: ", ".join(map(str, xs))),
    _ints.map(lambda xs: " ".join(map(str, xs))).map(lambda s: f"[{s}]"),
    st.integers(1, 12).map(lambda n: f"1..{n}"),
    st.integers(1, 12).map(lambda n: f"{n}..1"),
    _mixed.map(", ".join),
)
#: The spin box keeps two decimals; 0 finishes at once, 0.02 leaves time to pause and step.
SMALL_DELAY = st.sampled_from([0.0, 0.01, 0.01, 0.02])
INVALID_DATA = st.sampled_from(
    ["", "5, , 7", "x", "[1, 2", "1..", "'open", "nan", ",1", "1 2]", "1..2000000", "\x00"]
)


@dataclass
class Env:
    """What the test function hands the machine (hypothesis makes the machines itself)."""

    qtbot: QtBot
    folder: Path
    caught: Caught
    baseline: frozenset[threading.Thread]
    windows_opened: int = 0
    seen: Counter[str] = field(default_factory=Counter)  # what the examples exercised


class WindowMachine(RuleBasedStateMachine):
    """One person, one window at a time, one settings file per example."""

    env: ClassVar[Env]

    def __init__(self) -> None:
        super().__init__()
        env = self.env
        env.windows_opened += 1
        self.ini = env.folder / f"example-{env.windows_opened}.ini"
        self.pipelines: list[Pipeline] = []  # every run started in this example
        self.window = self._open()
        self.window.options_panel.delay.setValue(0.01)  # the default 0.4 s is for watching

    # -- helpers -------------------------------------------------------------

    def _open(self) -> MainWindow:
        return open_window(self.env.qtbot, self.ini)

    @property
    def state(self) -> RunState:
        return self.window.controller.state

    def _pipeline(self) -> Pipeline | None:
        return self.window.controller.pipeline

    def _check_all_ended(self, what: str) -> None:
        for pipeline in self.pipelines:
            assert not pipeline.is_running(), f"{what}: a run's threads are still alive"

    # -- rules ---------------------------------------------------------------
    # No precondition reads the run's state: that state depends on thread timing, and
    # Hypothesis must draw the same rules when it replays a failure. Each rule looks at
    # the state itself and, where a person could not act, checks that nothing happens.

    def _note(self, what: str) -> None:
        self.env.seen[f"{what} while {self.state}"] += 1

    @rule()
    def start(self) -> None:
        self._note("start")
        window = self.window
        old, before = self._pipeline(), self.state
        try:
            expected: RunConfig | None = window.build_config()
        except ConfigError:
            expected = None
        can_start = not window.controller.active and window.data_input.items is not None
        assert window.start_button.isEnabled() is can_start
        window.start_button.click()
        if not can_start:
            assert self.state is before and self._pipeline() is old, "a disabled Start acted"
            return
        if expected is None:  # e.g. a scenario's fault item beyond the data
            assert self.state is before and self._pipeline() is old
            assert "Cannot start" in window.banner.text()
            return
        pipeline = self._pipeline()
        assert pipeline is not None and pipeline is not old
        assert self.state is RunState.RUNNING
        assert pipeline.config == expected
        assert len(window.controller.model.results) == 0
        assert window.results_table.model().rowCount() == 0
        self.pipelines.append(pipeline)

    @rule(
        text=VALID_DATA,
        consumers=st.integers(1, 4),
        maxsize=st.integers(0, 3),
        delay=SMALL_DELAY,
        handshake=st.booleans(),
    )
    def configure_and_start(
        self, text: str, consumers: int, maxsize: int, delay: float, handshake: bool
    ) -> None:
        self.edit_data(text)
        self.change_settings(consumers, maxsize, delay, handshake)
        self.start()

    @rule()
    def pause_or_resume(self) -> None:
        self._note("pause/resume")
        before = self.state
        self.window.pause_button.click()
        pipeline = self._pipeline()
        if before is RunState.RUNNING:
            assert self.state is RunState.PAUSED
            assert pipeline is not None and pipeline.gate.paused
        elif before is RunState.PAUSED:
            assert self.state is RunState.RUNNING
            assert pipeline is not None and not pipeline.gate.paused
        else:
            assert self.state is before, "a disabled Pause acted"

    @rule(presses=st.integers(1, 4), settle_ms=st.integers(0, 20))
    def pause_and_step(self, presses: int, settle_ms: int) -> None:
        """Pause a running run and step it: a paused run is where Step, Stop and close bite."""
        if self.state is not RunState.RUNNING:
            return
        self.pause_or_resume()
        for _ in range(presses):
            self.step(1, settle_ms)
        # Paused, unless its threads had already finished or the steps carried it to the end.
        assert self.state is RunState.PAUSED or not self.window.controller.active

    @rule(presses=st.integers(1, 3), settle_ms=st.integers(0, 30))
    def step(self, presses: int, settle_ms: int) -> None:
        self._note("step")
        before, pipeline = self.state, self._pipeline()
        tokens = pipeline.gate.pending_steps() if pipeline is not None else 0
        for _ in range(presses):
            self.window.step_button.click()
            assert self.state is before
        if before is not RunState.PAUSED and pipeline is not None:
            assert pipeline.gate.pending_steps() <= tokens, "a disabled Step gave a token"
        self.env.qtbot.wait(settle_ms)

    @rule()
    def stop(self) -> None:
        self._note("stop")
        window, before = self.window, self.state
        pressed = time.monotonic()
        window.stop_button.click()
        if before not in LIVE:
            assert self.state is before, "a disabled Stop acted"
            return
        assert self.state is RunState.STOPPING
        wait_until(lambda: not window.controller.active, timeout_ms=5_000, qtbot=self.env.qtbot)
        took = time.monotonic() - pressed
        measure("state machine: Stop until the run is over", took)
        assert took < STOP_LIMIT_S, f"Stop took {took * 1000:.0f} ms"
        pipeline = self._pipeline()
        assert pipeline is not None and pipeline.wait(1.0)

    @rule(
        consumers=st.integers(1, 4),
        maxsize=st.integers(0, 3),
        delay=SMALL_DELAY,
        handshake=st.booleans(),
    )
    def change_settings(self, consumers: int, maxsize: int, delay: float, handshake: bool) -> None:
        panel = self.window.options_panel
        active = self.window.controller.active
        for widget, value in ((panel.consumers, consumers), (panel.maxsize, maxsize)):
            assert widget.isEnabled() is not active
            if widget.isEnabled():  # a person cannot change a disabled control
                widget.setValue(value)
        assert panel.handshake.isEnabled() is not active
        if panel.handshake.isEnabled():
            panel.handshake.setChecked(handshake)
        assert panel.delay.isEnabled()  # the delay may change during a run
        panel.delay.setValue(delay)
        pipeline = self._pipeline()
        if active and pipeline is not None:
            assert pipeline.gate.delay == delay, "the delay did not reach the running threads"

    @rule(text=st.one_of(VALID_DATA, INVALID_DATA))
    def edit_data(self, text: str) -> None:
        data = self.window.data_input
        if self.window.controller.active:
            assert not data.isEnabled()  # locked during a run
            return
        assert data.isEnabled()
        data.set_text(text)
        try:
            items: tuple[object, ...] | None = tuple(parse_data_list(text))
        except DataListError:
            items = None
        assert data.items == items
        assert self.window.start_button.isEnabled() is (items is not None)

    @rule(name=st.sampled_from(SCENARIOS), delay=SMALL_DELAY)
    def choose_scenario(self, name: str, delay: float) -> None:
        combo = self.window.scenario_combo
        if self.window.controller.active:
            assert not combo.isEnabled()  # locked during a run
            return
        assert combo.choose(name) is not None
        self.window.options_panel.delay.setValue(delay)  # the scenario's own is for watching

    @rule(ms=st.integers(0, 60))
    def let_time_pass(self, ms: int) -> None:
        self.env.qtbot.wait(ms)

    @rule()
    def wait_for_the_run_to_end(self) -> None:
        if self.state is not RunState.RUNNING:  # a paused run waits for a person
            return
        self._note("wait for the end")
        window = self.window
        wait_until(
            lambda: not window.controller.active, timeout_ms=RUN_END_MS, qtbot=self.env.qtbot
        )
        summary = window.controller.model.summary
        assert summary is not None and summary.status in (Status.COMPLETED, Status.FAILED)
        pipeline = self._pipeline()
        assert pipeline is not None
        assert len(window.controller.model.results) + len(summary.failed) == len(
            pipeline.config.items
        )

    @rule(after_ms=st.integers(0, 30))
    def close_and_reopen(self, after_ms: int) -> None:
        self.env.qtbot.wait(after_ms)  # a run may be anywhere when the window closes
        self._note("close and reopen")
        old = self.window
        remembered = old.run_options()
        started = time.monotonic()
        old.close()
        took = time.monotonic() - started
        measure("state machine: close", took)
        self._check_all_ended("after close")
        assert took < CLOSE_LIMIT_S, f"closing took {took * 1000:.0f} ms"
        assert not active_timers(old)
        assert not old.controller.active
        dispose(old)
        self.window = self._open()
        if not remembered.data.strip():
            # An empty list cannot run: the next start offers the tutorial's and says so.
            remembered = replace(remembered, data=TUTORIAL_DATA)
            assert "data" in self.window.banner.text(), self.window.banner.text()
        assert self.window.run_options() == remembered, "the new window forgot the settings"
        assert self.state is RunState.IDLE and self._pipeline() is None

    # -- invariants ----------------------------------------------------------

    @invariant()
    def buttons_match_the_run_state(self) -> None:
        window = self.window
        state, active = self.state, window.controller.active
        valid = window.data_input.items is not None
        assert window.start_button.isEnabled() is (not active and valid), state
        assert window.pause_button.isEnabled() is (state in LIVE), state
        assert window.pause_button.isChecked() is (state is RunState.PAUSED), state
        assert window.step_button.isEnabled() is (state is RunState.PAUSED), state
        assert window.stop_button.isEnabled() is (state in LIVE), state
        panel = window.options_panel
        for widget in (panel.consumers, panel.maxsize, panel.handshake):
            assert widget.isEnabled() is not active, (widget.objectName(), state)
        assert window.data_input.isEnabled() is not active
        assert window.scenario_combo.isEnabled() is not active
        pipeline = self._pipeline()
        if pipeline is not None and state in LIVE:
            assert pipeline.gate.paused is (state is RunState.PAUSED)

    @invariant()
    def results_shown_are_correct(self) -> None:
        window = self.window
        model = window.controller.model
        rows = model.results
        pipeline = self._pipeline()
        if pipeline is None:
            assert len(rows) == 0
            return
        config = pipeline.config
        indexes = [row.index for row in rows]
        assert len(set(indexes)) == len(indexes), "a result arrived twice"
        for row in rows:
            item = config.items[row.index]
            assert row.item == item
            assert row.value == item * 2, row  # type: ignore[operator]
            assert row.slot_thread == GUI_THREAD
        if config.consumers == 1:  # one consumer: data order, skipping a failed item
            expected = [i for i in range(len(config.items)) if i != config.fault_item]
            assert indexes == expected[: len(indexes)], indexes
        table = window.results_table.model()
        shown = table.rowCount()
        assert shown <= len(rows)
        for number in range(shown):
            assert table.index(number, RESULT).data() == format_item(rows[number].value)  # type: ignore[arg-type]
        summary = model.summary
        if summary is not None:  # the run has ended: every result reached the window
            accounted = len(summary.results) + len(summary.failed) + len(summary.not_started)
            assert accounted == summary.items == len(config.items)
            assert sorted(indexes) == sorted(r.index for r in summary.results)
            if summary.status is Status.COMPLETED:
                assert len(rows) + len(summary.failed) == len(config.items)

    @invariant()
    def no_thread_beyond_the_runs_own(self) -> None:
        pipeline = self._pipeline()
        allowed = {"MainThread", *(pipeline.thread_names if pipeline is not None else ())}
        extra = [t for t in threading.enumerate() if t not in self.env.baseline]
        assert {t.name for t in extra} <= allowed, [t.name for t in extra]
        for old in self.pipelines:
            if old is not pipeline:  # an earlier run: its threads end promptly
                assert old.wait(1.0), "an earlier run's threads are still alive"
        if pipeline is not None and not self.window.controller.active:
            assert pipeline.wait(1.0), "the run has ended but its threads have not"

    @invariant()
    def no_exception_anywhere(self) -> None:
        self.env.caught.assert_none()

    def teardown(self) -> None:
        window = self.window
        window.close()
        self._check_all_ended("at teardown")
        assert not active_timers(window)
        dispose(window)


def _budget(soak: bool) -> settings:
    return settings(
        max_examples=500 if soak else 40,
        stateful_step_count=40 if soak else 20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        print_blob=True,
    )


@pytest.mark.qt_no_exception_capture
def test_any_sequence_of_actions_keeps_the_window_truthful(
    qtbot: QtBot, tmp_path: Path, caught: Caught, soak: bool
) -> None:
    WindowMachine.env = Env(qtbot, tmp_path, caught, frozenset(threading.enumerate()))
    started = time.monotonic()
    run_state_machine_as_test(WindowMachine, settings=_budget(soak))
    measure("state machine: whole run", time.monotonic() - started)
    seen = WindowMachine.env.seen
    print("state machine exercised:", dict(sorted(seen.items())))
    assert seen["start while idle"], "no example ever started a run"
