"""A run through the window: results in the table, each delivered to a GUI-thread slot."""

from __future__ import annotations

import sys
from collections import Counter

from tests.support.driver import Driver
from threadcomm.core.config import RunConfig
from threadcomm.core.threads import GUI_THREAD
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.run.run_guard import RUN_SWITCH_INTERVAL_S
from threadcomm.gui.window.main_window import MainWindow

RESULT, COMPUTED_BY, SLOT_RAN_ON = 2, 3, 4


def test_window_opens_ready_for_the_tutorial_run(window: MainWindow, ui: Driver) -> None:
    assert window.data_input.text() == "5, 10, 13, -1"
    consumers, maxsize, delay, handshake = window.options_panel.values()
    assert (consumers, maxsize, delay, handshake) == (1, 0, 0.4, True)
    assert window.options_panel.maxsize.text() == "unbounded"
    assert ui.button("startButton").isEnabled()
    for name in ("pauseButton", "stepButton", "stopButton"):
        assert not ui.button(name).isEnabled()


def test_tutorial_run_shows_10_20_26_minus_2(window: MainWindow, ui: Driver) -> None:
    window.options_panel.delay.setValue(0.0)
    ui.click("startButton")
    ui.wait_finished()
    assert ui.state is RunState.FINISHED
    assert ui.table_column(RESULT) == ["10", "20", "26", "-2"]
    assert ui.table_column(COMPUTED_BY) == ["consumer-1"] * 4
    assert "4 / 4" in window.status.text("items")


def test_every_result_slot_ran_on_the_gui_thread(window: MainWindow, ui: Driver) -> None:
    window.data_input.set_text("1..300")
    window.options_panel.delay.setValue(0.0)
    ui.click("startButton")
    ui.wait_finished()
    rows = window.controller.model.results
    assert len(rows) == 300
    assert {row.slot_thread for row in rows} == {GUI_THREAD}
    assert set(ui.table_column(SLOT_RAN_ON)) == {"GUI thread"}


def test_several_consumers_give_every_result_exactly_once(window: MainWindow, ui: Driver) -> None:
    window.data_input.set_text("1..400")
    window.options_panel.set_values(consumers=4, maxsize=0, delay=0.0, handshake=False)
    ui.click("startButton")
    ui.wait_finished()
    doubled = Counter(int(value) for value in ui.table_column(RESULT))
    assert doubled == Counter(2 * n for n in range(1, 401))
    assert len(set(ui.table_column(COMPUTED_BY))) > 1 or len(doubled) == 400


def test_start_is_disabled_and_settings_locked_while_running(
    window: MainWindow, ui: Driver
) -> None:
    ui.click("startButton")  # delay 0.4 s: the run lasts a few seconds
    assert ui.state is RunState.RUNNING
    assert not ui.button("startButton").isEnabled()
    panel = window.options_panel
    assert not panel.consumers.isEnabled()
    assert not panel.maxsize.isEnabled()
    assert not panel.handshake.isEnabled()
    assert not window.data_input.isEnabled()
    assert panel.delay.isEnabled()
    assert not window.start(), "a second run must not start while one is running"
    ui.click("stopButton")
    ui.wait_finished()
    assert ui.button("startButton").isEnabled()
    assert panel.consumers.isEnabled()


def test_changing_the_delay_during_a_run_applies_at_once(window: MainWindow, ui: Driver) -> None:
    window.options_panel.delay.setValue(2.0)
    ui.click("startButton")
    window.options_panel.delay.setValue(0.0)
    assert ui.pipeline.gate.delay == 0.0
    ui.wait_finished()  # 4 items with ~30 statements at 2 s each would take a minute
    assert ui.table_column(RESULT) == ["10", "20", "26", "-2"]


def test_a_new_start_clears_the_previous_run(window: MainWindow, ui: Driver) -> None:
    window.start(RunConfig(items=tuple(range(50))))
    ui.wait_finished()
    assert len(ui.table_column(RESULT)) == 50
    window.start(RunConfig(items=(7,), delay=0.2))
    assert window.results_table.model().rowCount() == 0
    assert window.log_view.toPlainText() == ""
    ui.wait_finished()
    assert ui.table_column(RESULT) == ["14"]


def test_log_shows_the_tutorials_lines_tagged_with_thread_and_time(
    window: MainWindow, ui: Driver
) -> None:
    window.start(RunConfig(items=(5, 10, 13, -1)))
    ui.wait_finished()
    ui.wait_for(lambda: "-2" in window.log_view.toPlainText())
    lines = window.log_view.toPlainText().splitlines()
    assert any(
        "creator" in line and "Creating data and putting it on the queue" in line for line in lines
    )
    assert any("consumer-1" in line and "data found to be processed: 13" in line for line in lines)
    assert all(" s  " in line for line in lines)


def test_a_run_shortens_the_gil_switch_interval_and_its_end_restores_it(
    window: MainWindow, ui: Driver
) -> None:
    before = sys.getswitchinterval()
    window.data_input.set_text("1..3")
    ui.click("startButton")  # delay 0.4 s: still running below
    assert sys.getswitchinterval() == min(before, RUN_SWITCH_INTERVAL_S)
    ui.click("stopButton")
    ui.wait_state(RunState.IDLE)
    assert sys.getswitchinterval() == before
