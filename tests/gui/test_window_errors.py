"""Failures are shown in the window in plain words: never a traceback, never a silent stop."""

from __future__ import annotations

from tests.support.driver import Driver
from threadcomm.core.config import RunConfig
from threadcomm.core.trace import Status
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.window.main_window import MainWindow


def test_a_consumer_fault_is_shown_in_the_window(window: MainWindow, ui: Driver) -> None:
    window.start(RunConfig(items=(5, 10, 13, -1), fault_item=2))
    ui.wait_finished()
    text = window.banner.text()
    assert text.startswith("1 item failed: item 3 (13)")
    assert "3 of 4 items processed" in text
    assert "Traceback" not in text
    # The failed item has a row of its own, in its place, that says why in words.
    assert ui.table_column(2) == [
        "10",
        "20",
        "failed: doubling 13 raised an error (the fault this scenario plants)",
        "-2",
    ]
    assert "failed" in window.status.text("state")


def test_the_consumer_crash_scenario_runs_from_the_combo(window: MainWindow, ui: Driver) -> None:
    assert window.scenario_combo.choose("consumer-crash") is not None
    window.options_panel.delay.setValue(0.0)
    ui.click("startButton")
    ui.wait_finished()
    assert "item 3 (13)" in window.banner.text()
    assert window.controller.model.summary is not None
    assert window.controller.model.summary.status is Status.FAILED


def test_a_deadlock_is_explained_in_plain_words(window: MainWindow, ui: Driver) -> None:
    window.start(RunConfig(items=(5, 10, 13, -1), forget_set=True, deadlock_after=0.3))
    ui.wait_finished()
    text = window.banner.text()
    assert text.startswith("Deadlock: no thread can make progress.")
    assert "evt.wait()" in text and "evt.set()" in text
    assert "Traceback" not in text
    assert ui.state is RunState.FINISHED
    assert "deadlock" in window.status.text("state")


def test_a_scenario_fault_beyond_the_data_list_is_explained(
    window: MainWindow, ui: Driver
) -> None:
    assert window.scenario_combo.choose("consumer-crash") is not None
    window.data_input.set_text("1, 2")
    ui.click("startButton")
    assert ui.state is RunState.IDLE
    assert "item 3 fail" in window.banner.text()
