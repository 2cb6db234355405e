"""The data list and the scenarios: bad input is explained and can never start a run."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.support.driver import Driver
from tests.support.windows import settings_file
from threadcomm.core.scenarios import find_scenario
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.window.main_window import MainWindow


def test_bad_list_disables_start_and_shows_the_parsers_message(
    window: MainWindow, ui: Driver
) -> None:
    window.data_input.set_text("5, 10, x13, -1")
    message = window.data_input.message.text()
    assert "Problem" in message
    assert "item 3" in message and "'x13' is not a number" in message
    assert not ui.button("startButton").isEnabled()
    assert not window.actions_.start.isEnabled()


def test_bad_token_is_selected_on_demand(window: MainWindow) -> None:
    window.data_input.set_text("5, 10, x13, -1")
    window.data_input.select_problem()
    assert window.data_input.edit.selectedText() == "x13"


def test_nothing_starts_a_run_with_a_bad_list(window: MainWindow, ui: Driver) -> None:
    window.data_input.set_text("5, , 7")
    assert not window.start()
    window.actions_.start.trigger()
    assert ui.state is RunState.IDLE
    assert window.controller.pipeline is None
    assert "Cannot start" in window.banner.text()


def test_fixing_the_list_enables_start_again(window: MainWindow, ui: Driver) -> None:
    window.data_input.set_text("[1, 2")
    assert not ui.button("startButton").isEnabled()
    window.data_input.set_text("[1, 2]")
    assert ui.button("startButton").isEnabled()
    assert "2 items" in window.data_input.message.text()


def test_choosing_a_scenario_loads_its_data_and_settings(window: MainWindow) -> None:
    assert window.scenario_combo.choose("several-consumers") is not None
    assert window.data_input.text() == find_scenario("several-consumers").data
    consumers, _, delay, handshake = window.options_panel.values()
    assert (consumers, delay, handshake) == (3, 0.15, False)


def test_choosing_a_scenario_that_is_not_there_changes_nothing(window: MainWindow) -> None:
    before = window.data_input.text(), window.scenario_combo.currentIndex()
    assert window.scenario_combo.choose("no-such-scenario") is None
    assert (window.data_input.text(), window.scenario_combo.currentIndex()) == before


def test_unreadable_scenario_files_are_reported_not_fatal(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "broken.toml").write_text("title = [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("THREADCOMM_SCENARIOS", str(folder))
    win = MainWindow(settings=settings_file(tmp_path / "s.ini"))
    qtbot.addWidget(win)
    assert "broken.toml" in win.banner.text()
    assert win.scenario_combo.findData("tutorial") >= 0
    win.close()


def test_a_megabyte_list_is_kept_whole_but_shown_shortened(window: MainWindow) -> None:
    long_item = "x" * 1_000_000
    window.data_input.set_text(repr(long_item))
    shown = window.data_input.edit.text()
    assert len(shown) < 200 and "\u2026" in shown
    assert window.data_input.edit.isReadOnly()
    assert window.data_input.text() == repr(long_item)
    assert window.data_input.items == (long_item,)
    assert "1 item" in window.data_input.message.text()
    assert "1,000,002 characters, shown shortened" in window.data_input.message.text()


def test_clearing_a_shortened_list_lets_a_new_one_be_typed(
    window: MainWindow, ui: Driver, qtbot: QtBot
) -> None:
    window.data_input.set_text(repr("y" * 50_000))
    assert window.data_input.clear_long.isVisible()
    qtbot.mouseClick(window.data_input.clear_long, Qt.MouseButton.LeftButton)
    assert not window.data_input.edit.isReadOnly()
    assert not window.data_input.clear_long.isVisible()
    assert window.data_input.text() == ""
    assert not ui.button("startButton").isEnabled()
    qtbot.keyClicks(window.data_input.edit, "1, 2")
    assert window.data_input.items == (1, 2)


def test_a_bad_long_list_names_the_problem_without_showing_the_whole_text(
    window: MainWindow, ui: Driver
) -> None:
    window.data_input.set_text(repr("z" * 30_000) + ", oops")
    assert "Problem" in window.data_input.message.text()
    assert "'oops' is not a number" in window.data_input.message.text()
    assert not ui.button("startButton").isEnabled()
    window.data_input.set_text("5, 10")  # a short list: typed in the field again
    assert not window.data_input.edit.isReadOnly()
    assert window.data_input.edit.text() == "5, 10"


def test_replacing_a_shortened_list_in_code_leaves_no_hidden_long_list(
    window: MainWindow,
) -> None:
    window.data_input.set_text(repr("w" * 40_000))
    assert not window.data_input.edit.isClearButtonEnabled()
    window.data_input.edit.setText("7")  # any change of the field's own text
    assert window.data_input.text() == "7" and window.data_input.items == (7,)
    assert not window.data_input.shortened and window.data_input.edit.isClearButtonEnabled()


def test_a_long_list_is_not_left_for_the_collector_to_walk_when_start_is_clicked(
    window: MainWindow,
) -> None:
    # A tracked million-item tuple costs the first collection after it 14 ms: the
    # window walks it once when the list is read, not on the click of Start.
    window.data_input.set_text("1..50000")
    items = window.data_input.items
    assert items is not None and len(items) == 50_000
    assert not gc.is_tracked(items)
