"""Replaying a schedule in the window: the same statements, in the same order, as headless."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from tests.support.driver import Driver
from threadcomm.core.challenges import CHALLENGES
from threadcomm.core.scenarios import find_scenario
from threadcomm.core.schedule_search import search
from threadcomm.core.schedules import Schedule, replay, statements, stepping_config
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.window.main_window import MainWindow


def _found(name: str) -> Schedule:
    """The bad schedule the headless search finds for scenario ``name``, as its file has it."""
    scenario = find_scenario(name)
    config = stepping_config(scenario.run_config())
    result = search(config)
    assert result.found is not None
    return Schedule(
        name, scenario.data, config.consumers, config.maxsize, tuple(result.found.steps)
    )


@pytest.fixture(scope="module")
def schedules() -> dict[str, Schedule]:
    return {name: _found(name) for name in ("tutorial-verbatim", "one-event-reused")}


def _open(ui: Driver, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    ui.click("openScheduleButton")


@pytest.mark.parametrize("name", ["tutorial-verbatim", "one-event-reused"])
def test_the_window_replays_a_schedule_file_statement_for_statement_as_headless(
    name: str,
    schedules: dict[str, Schedule],
    window: MainWindow,
    ui: Driver,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    schedule = schedules[name]
    path = tmp_path / f"{name}.json"
    path.write_text(schedule.dumps(), encoding="utf-8")
    box = window.classroom.challenges.replay
    _open(ui, path, monkeypatch)
    assert ui.state is RunState.PAUSED
    assert window.scenario_combo.current() is not None
    assert window.scenario_combo.current().name == name  # type: ignore[union-attr]
    total = len(schedule.steps)
    assert box.status.text() == f"{path.name}: step 0 of {total}; next: {schedule.steps[0]}."
    ui.click("replayNextButton")
    ui.wait_for(lambda: box.position == 1)
    assert box.status.text().startswith(f"{path.name}: step 1 of {total}")
    ui.click("replayAllButton")
    ui.wait_finished()
    headless = replay(schedule.config(), schedule.steps)
    assert len(statements(headless)) > 15
    assert box.statements() == statements(headless)
    assert box.position == len(headless.steps)
    assert "the run has ended" in box.status.text()


def test_open_schedule_in_the_file_menu_replays_in_the_challenges_tab(
    schedules: dict[str, Schedule],
    window: MainWindow,
    ui: Driver,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "early.json"
    path.write_text(schedules["tutorial-verbatim"].dumps(), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.open_schedule_action.trigger()
    assert ui.state is RunState.PAUSED
    assert ui.button("replayNextButton").isEnabled()
    ui.click("stopButton")
    ui.wait_finished()
    assert not ui.button("replayNextButton").isEnabled()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "bad.json: not JSON"),
        ('{"steps": 3}', "bad.json: 'steps' must be a list of thread names"),
        (
            '{"scenario": "nope", "data": "1", "consumers": 1, "maxsize": 0, "steps": []}',
            "bad.json: the schedule's run cannot be made",
        ),
    ],
)
def test_a_bad_schedule_file_is_refused_naming_the_file_and_the_problem(
    text: str,
    words: str,
    window: MainWindow,
    ui: Driver,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    _open(ui, path, monkeypatch)
    status = window.classroom.challenges.replay.status.text()
    assert status.startswith(f"Cannot replay {words}")
    assert "Traceback" not in status
    assert ui.state is RunState.IDLE


def test_a_missing_schedule_file_is_named(
    window: MainWindow, ui: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _open(ui, tmp_path / "gone.json", monkeypatch)
    assert window.classroom.challenges.replay.status.text().startswith(
        "Cannot replay gone.json: cannot be read"
    )


def test_replay_it_replays_the_schedule_the_search_found(window: MainWindow, ui: Driver) -> None:
    panel = window.classroom.challenges
    panel.combo.setCurrentIndex([c.name for c in CHALLENGES].index("lost-wake-up"))
    assert not panel.replay_found.isEnabled()
    ui.click("challengeSearchButton")
    ui.wait_for(lambda: panel.search_button.isEnabled())
    found = panel.schedule()
    assert found is not None
    ui.click("challengeReplayFoundButton")
    assert ui.state is RunState.PAUSED
    assert panel.replay.status.text().startswith(
        f"the found schedule: step 0 of {len(found.steps)}"
    )
    ui.click("replayAllButton")
    ui.wait_for(lambda: panel.reached_in is not None)
    assert panel.goal.text().startswith("Goal reached in ")
    ui.wait_finished()
    assert panel.replay.statements() == statements(replay(found.config(), found.steps))


def test_a_schedule_that_names_a_thread_that_cannot_move_stops_the_replay_in_words(
    window: MainWindow, ui: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = find_scenario("tutorial")
    path = tmp_path / "odd.json"
    path.write_text(Schedule("tutorial", scenario.data, 1, 0, ("consumer-7",)).dumps(), "utf-8")
    _open(ui, path, monkeypatch)
    box = window.classroom.challenges.replay
    ui.click("replayNextButton")
    ui.wait_for(lambda: "left" in box.status.text())
    assert box.status.text().startswith(
        "The run left odd.json's schedule: step 1 names consumer-7, which cannot be stepped now"
    )
    assert not ui.button("replayNextButton").isEnabled()
    ui.click("stopButton")
    ui.wait_finished()
