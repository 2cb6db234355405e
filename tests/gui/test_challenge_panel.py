"""Challenges in the window: step the threads to a goal; the lab says when it is reached."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from tests.gui.test_scheduler_panel import step
from tests.support.driver import Driver
from threadcomm.core.challenges import CHALLENGES
from threadcomm.core.schedules import Schedule
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.window.main_window import MainWindow


def _choose(window: MainWindow, name: str) -> None:
    panel = window.classroom.challenges
    panel.combo.setCurrentIndex([c.name for c in CHALLENGES].index(name))


def test_losing_the_wake_up_by_stepping_is_recognised_counted_and_saved(
    window: MainWindow, ui: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = window.classroom.challenges
    _choose(window, "lost-wake-up")
    ui.click("challengeSetupButton")
    assert window.controller.start_paused
    ui.click("startButton")
    ui.wait_state(RunState.PAUSED)
    ui.wait_quiescent()
    for thread in ["creator", "creator", *["consumer-1"] * 6]:
        step(ui, thread)
        assert panel.reached_in is None
    step(ui, "creator")  # evt.wait() on the Event consumer-1 set and cleared
    ui.wait_for(lambda: panel.reached_in is not None)
    assert panel.goal.text().startswith(f"Goal reached in {panel.reached_in} steps")
    assert panel.save.isEnabled()
    target = tmp_path / "lost.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    ui.click("challengeSaveButton")
    saved = Schedule.load(target.read_text(encoding="utf-8"))
    assert saved.scenario == "one-event-reused"
    assert len(saved.steps) == panel.reached_in
    assert json.loads(target.read_text(encoding="utf-8"))["steps"][:2] == ["creator", "creator"]
    ui.click("stopButton")
    ui.wait_finished()


def test_hint_and_reveal_say_how_to_reach_the_goal(window: MainWindow, ui: Driver) -> None:
    _choose(window, "early-join")
    ui.click("challengeHintButton")
    assert window.classroom.challenges.help.text().startswith("Hint: q.join() returns")
    ui.click("challengeRevealButton")
    assert "q.task_done() for item 1 before the creator puts item 2" in (
        window.classroom.challenges.help.text()
    )


def test_the_search_finds_a_schedule_for_the_goal_with_progress(
    window: MainWindow, ui: Driver
) -> None:
    panel = window.classroom.challenges
    _choose(window, "lost-wake-up")
    ui.click("challengeSearchButton")
    assert panel.progress.isVisible() and panel.stop_button.isEnabled()
    ui.wait_for(lambda: panel.search_button.isEnabled())
    assert panel.help.text().startswith("Search: found after ")
    schedule = panel.schedule()
    assert schedule is not None and schedule.scenario == "one-event-reused"
    assert panel.save.isEnabled()


def test_stop_ends_the_search_at_once(window: MainWindow, ui: Driver) -> None:
    panel = window.classroom.challenges
    _choose(window, "out-of-order")
    ui.click("challengeSearchButton")
    ui.click("challengeStopButton")
    ui.wait_for(lambda: panel.search_button.isEnabled())
    assert panel._search_thread is None
