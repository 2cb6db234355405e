"""Keyboard: Space starts/pauses/resumes, S steps, Esc stops; typing is never hijacked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from tests.support.driver import Driver
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.window.main_window import MainWindow


def focus(ui: Driver, widget: object) -> None:
    window = ui.window
    window.activateWindow()
    ui.qtbot.waitActive(window)
    widget.setFocus()  # type: ignore[attr-defined]
    ui.wait_for(lambda: widget.hasFocus())  # type: ignore[attr-defined]


def test_space_starts_pauses_and_resumes_and_s_steps_and_esc_stops(
    window: MainWindow, ui: Driver
) -> None:
    table = window.results_table
    focus(ui, table)
    ui.qtbot.keyClick(table, Qt.Key.Key_Space)
    assert ui.state is RunState.RUNNING
    ui.qtbot.keyClick(table, Qt.Key.Key_Space)
    assert ui.state is RunState.PAUSED
    ui.wait_quiescent()
    ops = ui.ops
    ui.qtbot.keyClick(table, Qt.Key.Key_S)
    ui.wait_for(lambda: ui.ops > ops or ui.pipeline.gate.pending_steps() == 0)
    ui.qtbot.keyClick(table, Qt.Key.Key_Space)
    assert ui.state is RunState.RUNNING
    ui.qtbot.keyClick(table, Qt.Key.Key_Escape)
    ui.wait_state(RunState.IDLE)


def test_space_and_s_type_into_the_data_list_instead_of_running(
    window: MainWindow, ui: Driver
) -> None:
    edit = window.data_input.edit
    focus(ui, edit)
    edit.setText("5,")
    ui.qtbot.keyClicks(edit, " 7 s")
    assert ui.state is RunState.IDLE
    assert edit.text() == "5, 7 s"
    assert not ui.button("startButton").isEnabled()  # 's' is not a number


def test_space_on_the_handshake_checkbox_toggles_it(window: MainWindow, ui: Driver) -> None:
    check = window.options_panel.handshake
    focus(ui, check)
    before = check.isChecked()
    ui.qtbot.keyClick(check, Qt.Key.Key_Space)
    assert check.isChecked() is not before
    assert ui.state is RunState.IDLE


def test_full_screen_and_quit_have_their_standard_keys(window: MainWindow) -> None:
    actions = window.actions_
    assert QKeySequence("F11") in actions.fullscreen.shortcuts()
    assert actions.quit.shortcuts(), "Quit needs a shortcut"
    actions.fullscreen.trigger()
    assert window.isFullScreen()
    actions.fullscreen.trigger()
    assert not window.isFullScreen()
