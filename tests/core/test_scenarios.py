"""Scenarios: the shipped ones load, a teacher's own are picked up, broken files are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadcomm.core.datalist import DataListError
from threadcomm.core.scenarios import ScenarioError, find_scenario, load_scenario, load_scenarios
from threadcomm.core.trace import Status

from .helpers import run

SHIPPED = [
    "tutorial",
    "tutorial-verbatim",
    "several-consumers",
    "backpressure",
    "forgot-set",
    "forgot-task-done",
    "consumer-crash",
    "no-way-to-stop",
    "join-on-gui-thread",
    "direct-connection",
    "task-done-twice",
    "continue-skips-task-done",
    "task-done-before-result",
    "one-event-reused",
    "one-sentinel-two-consumers",
    "daemon-consumer",
    "shutdown-ends-consumers",
    "shutdown-immediate-discards",
]


def test_the_shipped_scenarios_load_in_teaching_order(tmp_path: Path) -> None:
    scenarios, problems = load_scenarios(tmp_path)
    assert problems == []
    assert [s.name for s in scenarios] == SHIPPED
    for scenario in scenarios:
        assert scenario.explanation
        assert scenario.predict is not None and scenario.predict.question
        assert "q.put(" in scenario.listing()


@pytest.mark.parametrize(
    ("name", "status", "words"),
    [
        ("tutorial", Status.COMPLETED, ""),
        ("several-consumers", Status.COMPLETED, ""),
        ("backpressure", Status.COMPLETED, ""),
        ("forgot-set", Status.DEADLOCK, "never called evt.set()"),
        ("forgot-task-done", Status.DEADLOCK, "task_done() was not called"),
        ("consumer-crash", Status.FAILED, "item 3 (13)"),
        ("no-way-to-stop", Status.HANG, "no way to stop"),
    ],
)
def test_each_core_scenario_ends_as_its_explanation_says(
    name: str, status: Status, words: str
) -> None:
    config = find_scenario(name).run_config(delay=0.0, deadlock_after=0.5)
    summary, _ = run(config)
    assert summary.status is status
    assert words in summary.diagnosis


def test_a_teachers_own_scenario_is_loaded_from_their_folder(tmp_path: Path) -> None:
    (tmp_path / "my-demo.toml").write_text(
        'title = "My demo"\ndata = "1..3"\nconsumers = 2\nexplanation = "Mine."\n'
    )
    scenarios, problems = load_scenarios(tmp_path)
    assert problems == []
    mine = next(s for s in scenarios if s.name == "my-demo")
    assert mine.title == "My demo"
    assert mine.run_config().items == (1, 2, 3)
    assert mine.consumers == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title = ", "not valid TOML"),
        ("consumers = 12", "consumers must be between 1 and 8"),
        ('consumers = "two"', "'consumers' must be a whole number, not 'two'"),
        ('bug = "forget_everything"', "'bug' must be one of"),
        ('lesson = "missing.py"', "lesson listing 'missing.py' not found"),
    ],
)
def test_a_broken_scenario_file_is_skipped_and_named(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "broken.toml").write_text(text)
    scenarios, problems = load_scenarios(tmp_path)
    assert "broken" not in [s.name for s in scenarios]
    assert len(problems) == 1
    assert "broken.toml" in problems[0]
    assert message in problems[0]


def test_an_unreadable_scenario_file_is_reported_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ScenarioError, match=r"binary\.toml"):
        load_scenario(path)
    scenarios, problems = load_scenarios(tmp_path)
    assert len(scenarios) == len(SHIPPED)
    assert problems and "binary.toml" in problems[0]


def test_a_scenarios_data_list_is_parsed_when_chosen_not_when_loaded(tmp_path: Path) -> None:
    (tmp_path / "later.toml").write_text('title = "Later"\ndata = "5, ten"\n')
    scenarios, problems = load_scenarios(tmp_path)
    assert problems == []
    later = next(s for s in scenarios if s.name == "later")
    with pytest.raises(DataListError, match="'ten' is not a number"):
        later.run_config()
