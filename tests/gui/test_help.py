"""The Help panel: how threads talk, in plain words, each topic linked to its scenario."""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget

from tests.support.driver import Driver
from threadcomm.core.scenarios import find_scenario, user_scenario_dir
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.window.main_window import MainWindow

TOPICS = (
    "Queue: put and get",
    "Event: set, wait and clear",
    "task_done and join",
    "Sentinels: how a consumer knows to stop",
    "Why results go through signals",
    "You are the scheduler",
    "Your own scenarios",
)


def test_f1_opens_the_help_panel_from_the_help_menu(window: MainWindow) -> None:
    panel = window.findChild(QDockWidget, "helpPanel")
    assert panel is not None and not panel.isVisible()
    help_action = window.actions_.help
    assert QKeySequence("F1") in help_action.shortcuts()
    help_menu = next(m for m in window.menuBar().actions() if m.text() == "&Help").menu()
    assert help_action in help_menu.actions()  # type: ignore[union-attr]
    help_action.trigger()
    assert panel.isVisible()


def test_it_explains_each_topic_with_code(window: MainWindow) -> None:
    text = window.help_panel.browser.toPlainText()
    for topic in TOPICS:
        assert topic in text
    for snippet in ("q.put((item, evt))", "evt.wait()", "evt.set()", "q.task_done()"):
        assert snippet in text
    assert "if job is None:" in text and "@Slot(object)" in text
    assert "Step" in text and "Pause" in text


def test_every_scenario_link_names_an_installed_scenario(window: MainWindow) -> None:
    links = window.help_panel.scenario_links()
    installed = {s.name for s in window.scenario_combo.scenarios}
    assert set(links) <= installed
    wanted = {"tutorial", "backpressure", "forgot-set", "forgot-task-done", "no-way-to-stop"}
    assert wanted | {"join-on-gui-thread", "direct-connection", "several-consumers"} <= set(links)


def test_a_scenario_link_selects_that_scenario(window: MainWindow) -> None:
    chosen: list[str] = []
    window.scenario_combo.scenario_chosen.connect(lambda s: chosen.append(s.name))
    window.help_panel.browser.anchorClicked.emit(QUrl("scenario:forgot-set"))
    scenario = find_scenario("forgot-set")
    assert window.scenario_combo.current() == scenario
    assert window.data_input.text() == scenario.data
    assert chosen == ["forgot-set"], "the choice reaches every listener, as a person's would"


def test_a_scenario_link_waits_for_the_run_to_stop(window: MainWindow, ui: Driver) -> None:
    window.options_panel.set_values(consumers=1, maxsize=0, delay=0.5, handshake=True)
    ui.click("startButton")
    before = window.scenario_combo.current()
    window.help_panel.browser.anchorClicked.emit(QUrl("scenario:backpressure"))
    assert window.scenario_combo.current() == before
    assert "Stop the run first" in window.banner.text()
    ui.click("stopButton")
    ui.wait_state(RunState.IDLE)


def test_it_tells_a_teacher_where_their_own_scenarios_go(window: MainWindow) -> None:
    text = window.help_panel.browser.toPlainText()
    assert str(user_scenario_dir()) in text
    assert 'title = "1. The tutorial, corrected"' in html.unescape(text)
    assert "THREADCOMM_SCENARIOS" in text


def test_the_help_text_zooms_with_the_window(window: MainWindow) -> None:
    browser = window.help_panel.browser
    before = browser.font().pointSizeF()
    window.presentation.set_zoom(200)
    assert browser.font().pointSizeF() == before * 2
