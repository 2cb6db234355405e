"""A clean slate per scenario, launch options that are not preferences, and the keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.support.driver import Driver
from tests.support.windows import settings_file
from threadcomm.cli import build_parser
from threadcomm.gui.app import run_app
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.views.code_view import CodeView
from threadcomm.gui.views.explanation_view import ExplanationView
from threadcomm.gui.views.queue_view import QueueView
from threadcomm.gui.views.timeline.view import TimelineView
from threadcomm.gui.window.main_window import MainWindow
from threadcomm.gui.window.preferences import PreferenceStore, default_qsettings

from .test_window_keyboard import focus

SCENARIOS = [
    "tutorial",
    "several-consumers",
    "backpressure",
    "forgot-set",
    "forgot-task-done",
    "consumer-crash",
    "no-way-to-stop",
    "join-on-gui-thread",
    "direct-connection",
]


def _views(window: MainWindow) -> tuple[QueueView, TimelineView, ExplanationView, CodeView]:
    queue = window.findChild(QueueView)
    timeline = window.findChild(TimelineView)
    explanation = window.findChild(ExplanationView)
    code = window.findChild(CodeView)
    assert queue and timeline and explanation and code
    return queue, timeline, explanation, code


@pytest.mark.parametrize("first", SCENARIOS)
def test_choosing_another_scenario_leaves_no_trace_of_the_last_run(
    window: MainWindow, ui: Driver, first: str
) -> None:
    window.scenario_combo.choose(first)
    window.options_panel.delay.setValue(0.0)
    ui.click("startButton")
    ui.wait_finished()
    assert window.results_table.model().rowCount() or first in ("forgot-set",)
    for name in (n for n in SCENARIOS if n != first):
        scenario = window.scenario_combo.choose(name)
        assert scenario is not None
        queue, timeline, explanation, code = _views(window)
        assert ui.state is RunState.IDLE
        assert window.results_table.model().rowCount() == 0
        assert window.banner.text() == ""
        assert window.status.text("items") == f"Items: 0 / {len(scenario.run_config().items)}"
        assert window.status.text("state") == "Ready"
        assert all(slot.kind == "empty" for slot in queue.picture.slots)
        assert all(not timeline.spans(lane) for lane in timeline.lanes())
        assert "Done" not in explanation.text() and "Deadlock" not in explanation.text()
        assert code.editor.toPlainText() == scenario.listing()
        assert window.classroom.scheduler.buttons == {}
        assert scenario.predict is not None
        assert window.classroom.predict.question.text() == scenario.predict.question
        assert window.options_panel.consumers.value() == scenario.consumers
        assert window.data_input.text() == scenario.data


def test_command_line_options_apply_to_that_launch_only(qtbot: QtBot) -> None:
    first = MainWindow()  # the person's own settings (redirected to the test's folder)
    qtbot.addWidget(first)
    first.scenario_combo.choose("backpressure")
    first.close()
    saved = PreferenceStore(default_qsettings()).load_run()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    seen: dict[str, object] = {}

    def close_when_finished() -> None:
        shown = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not shown or shown[0].controller.state is not RunState.FINISHED:
            return
        window = shown[0]
        seen["data"] = window.data_input.text()
        seen["scenario"] = window.scenario_combo.current()
        poll.stop()
        window.close()
        window.deleteLater()

    poll = QTimer()
    poll.timeout.connect(close_when_finished)
    poll.start(20)
    args = build_parser().parse_args(["--data", "1..200", "--delay", "0", "--start"])
    try:
        assert run_app(args) == 0
    finally:
        poll.stop()
        app.setFont(font)
    assert seen == {"data": "1..200", "scenario": None}  # not "1. The tutorial": not its data
    assert PreferenceStore(default_qsettings()).load_run() == saved
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.data_input.text() == saved.data
    current = again.scenario_combo.current()
    assert current is not None and current.name == "backpressure"
    again.close()


def test_the_scenario_box_never_names_a_scenario_whose_data_is_not_shown(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "threadcomm.ini"
    qsettings = settings_file(path)
    qsettings.setValue("run/scenario", "tutorial")
    qsettings.setValue("run/data", "1..100000")
    qsettings.setValue("run/delay", "0")
    qsettings.sync()
    window = MainWindow(settings=settings_file(path))
    qtbot.addWidget(window)
    assert window.data_input.text() == "1..100000"
    assert window.scenario_combo.current() is None
    assert window.scenario_combo.currentText() == ""
    assert window.scenario_combo.placeholderText()
    assert "10, 20, 26, -2" not in window.classroom.predict.text()
    window.close()


def test_space_after_choosing_a_scenario_with_the_mouse_starts_the_run(
    window: MainWindow, ui: Driver
) -> None:
    combo = window.scenario_combo
    focus(ui, combo)
    combo.choose("tutorial")  # what a click on an entry of the open list does
    ui.qtbot.keyClick(combo, Qt.Key.Key_Space)
    assert ui.state is RunState.RUNNING
    assert combo.view() is None or not combo.view().isVisible()
    ui.qtbot.keyClick(combo, Qt.Key.Key_Escape)
    ui.wait_state(RunState.IDLE)


def test_after_esc_the_focus_is_on_start_and_space_starts_a_new_run(
    window: MainWindow, ui: Driver
) -> None:
    window.options_panel.delay.setValue(0.4)
    focus(ui, window.results_table)
    ui.qtbot.keyClick(window.results_table, Qt.Key.Key_Space)
    assert ui.state is RunState.RUNNING
    ui.qtbot.keyClick(window.results_table, Qt.Key.Key_Escape)
    ui.wait_state(RunState.IDLE)
    ui.wait_for(lambda: window.start_button.hasFocus())
    delay_before = window.options_panel.delay.value()
    ui.qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Space)
    assert ui.state is RunState.RUNNING
    assert window.options_panel.delay.value() == delay_before
    ui.qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Escape)
    ui.wait_state(RunState.IDLE)


def test_a_step_button_keeps_its_place_when_the_reason_above_it_grows(
    window: MainWindow, ui: Driver
) -> None:
    window.scenario_combo.choose("several-consumers")
    window.options_panel.delay.setValue(0.0)
    window.controller.start_paused = True
    ui.click("startButton")
    ui.wait_state(RunState.PAUSED)
    scheduler = window.classroom.scheduler
    ui.wait_for(lambda: len(scheduler.buttons) == 4)
    last = scheduler.buttons["consumer-3"]
    ui.wait_for(last.isVisible)  # a layout shows the widgets it was given from the event loop
    reason = scheduler.reasons["creator"]
    layout = scheduler.layout()
    assert layout is not None
    reason.setText("short")
    layout.activate()  # lay the panel out now, as the next event loop pass would
    before = last.mapTo(window, last.rect().topLeft())
    line = reason.fontMetrics().lineSpacing()
    words = "short"
    while reason.heightForWidth(reason.width()) <= 2 * line:  # up to three lines
        words += " and a reason that grows"
        reason.setText(words)
    assert reason.heightForWidth(reason.width()) > line
    layout.activate()
    assert last.mapTo(window, last.rect().topLeft()) == before
    window.controller.start_paused = False
    ui.click("stopButton")
    ui.wait_state(RunState.IDLE)
