"""Start, Pause/Resume, Step and Stop: the state machine a person expects."""

from __future__ import annotations

import time

from tests.support.driver import Driver
from threadcomm.core.config import RunConfig
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.window.main_window import MainWindow

#: Stop must reach idle within 200 ms; the assertion leaves room for a busy machine.
STOP_BOUND_S = 0.5


def test_stop_mid_run_returns_to_idle_quickly_and_joins_every_thread(
    window: MainWindow, ui: Driver
) -> None:
    window.start(RunConfig(items=tuple(range(10_000)), delay=0.01))
    ui.wait_for(lambda: len(window.controller.model.results) >= 3)
    pipeline = ui.pipeline
    clicked = time.monotonic()
    ui.click("stopButton")
    assert ui.state is RunState.STOPPING
    ui.wait_state(RunState.IDLE)
    took = time.monotonic() - clicked
    assert took < STOP_BOUND_S, f"Stop took {took * 1000:.0f} ms"
    assert pipeline.wait(0.5) and not pipeline.is_running()
    assert "Stopped" in window.banner.text()
    assert ui.button("startButton").isEnabled()
    assert not ui.button("stopButton").isEnabled()


def test_pause_holds_the_run_and_resume_finishes_it(window: MainWindow, ui: Driver) -> None:
    window.start(RunConfig(items=tuple(range(40)), delay=0.005))
    ui.wait_for(lambda: len(window.controller.model.results) >= 2)
    ui.click("pauseButton")
    assert ui.state is RunState.PAUSED
    assert ui.button("pauseButton").text().replace("&", "") == "Resume"
    assert ui.button("stepButton").isEnabled()
    ui.wait_quiescent()
    results, ops = len(window.controller.model.results), ui.ops
    ui.qtbot.wait(300)
    assert len(window.controller.model.results) == results
    assert ui.ops == ops
    ui.click("pauseButton")
    assert ui.state is RunState.RUNNING
    assert ui.button("pauseButton").text().replace("&", "") == "Pause"
    assert not ui.button("stepButton").isEnabled()
    ui.wait_finished()
    assert len(window.controller.model.results) == 40


def test_step_advances_exactly_one_operation(window: MainWindow, ui: Driver) -> None:
    window.start(RunConfig(items=(5, 10, 13, -1), delay=5.0))
    ui.click("pauseButton")  # every thread parks before its first statement
    ui.wait_quiescent()
    model = window.controller.model
    presses = 0
    while not model.results:  # step until the consumer has doubled the first item
        ui.click("stepButton")
        presses += 1
        ui.wait_quiescent()
        assert presses < 20
    # Now the consumer waits before evt.set() and the creator before or in evt.wait():
    # whichever thread the next step releases performs exactly one statement.
    before = ui.ops
    ui.click("stepButton")
    ui.wait_quiescent()
    assert ui.ops == before + 1
    ui.click("stopButton")
    ui.wait_finished()


def test_step_is_only_enabled_while_paused(window: MainWindow, ui: Driver) -> None:
    assert not ui.button("stepButton").isEnabled()
    ui.click("startButton")
    assert not ui.button("stepButton").isEnabled()
    ui.click("pauseButton")
    assert ui.button("stepButton").isEnabled()
    ui.click("stopButton")
    ui.wait_finished()
    assert not ui.button("stepButton").isEnabled()
    assert not ui.button("pauseButton").isChecked()


def test_delay_spin_box_and_slider_stay_in_sync(window: MainWindow) -> None:
    panel = window.options_panel
    panel.delay.setValue(2.5)
    assert panel.slider.value() > 0
    panel.slider.setValue(0)
    assert panel.delay.value() == 0.0
    panel.slider.setValue(panel.slider.maximum())
    assert panel.delay.value() == 10.0
    panel.delay.setValue(0.4)
    position = panel.slider.value()
    panel.slider.setValue(position)
    assert panel.delay.value() == 0.4
