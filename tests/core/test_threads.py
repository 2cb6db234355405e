"""The run's thread names, order and roles: defined once, read everywhere."""

from __future__ import annotations

from pathlib import Path

import threadcomm
from threadcomm.core.config import RunConfig
from threadcomm.core.pipeline import Pipeline
from threadcomm.core.threads import (
    COORDINATOR,
    CREATOR,
    GUI_THREAD,
    Role,
    consumer_name,
    consumer_number,
    is_consumer,
    role_of,
    run_threads,
    thread_order,
)
from threadcomm.core.trace import RecordingSink


def test_a_run_has_the_creator_its_consumers_and_the_coordinator_in_that_order() -> None:
    assert run_threads(3) == ["creator", "consumer-1", "consumer-2", "consumer-3", "coordinator"]
    pipeline = Pipeline(RunConfig(items=(1, 2), consumers=2), RecordingSink())
    assert pipeline.thread_names == run_threads(2)
    assert pipeline.consumer_names == [consumer_name(1), consumer_name(2)]


def test_consumers_are_known_by_name_and_number() -> None:
    assert consumer_number(consumer_name(8)) == 8
    assert is_consumer("consumer-2") and not is_consumer(CREATOR)
    assert consumer_number(COORDINATOR) is None and consumer_number("consumer-x") is None


def test_any_thread_names_sort_in_run_order() -> None:
    names = [GUI_THREAD, COORDINATOR, "consumer-10", "consumer-2", CREATOR]
    assert sorted(names, key=thread_order) == [
        CREATOR,
        "consumer-2",
        "consumer-10",
        COORDINATOR,
        GUI_THREAD,
    ]


def test_each_thread_runs_one_part_of_the_lesson_and_the_gui_thread_none() -> None:
    assert [role_of(n) for n in run_threads(1)] == [Role.CREATOR, Role.CONSUMER, Role.MAIN]
    assert role_of(GUI_THREAD) == ""


SPELLED_NAMES = ('"creator"', '"coordinator"', '"consumer-', '"GUI thread"')


def test_no_other_module_spells_out_a_thread_name() -> None:
    src = Path(threadcomm.__file__).parent
    spelled = [
        f"{path.relative_to(src)}:{number}"
        for path in sorted(src.rglob("*.py"))
        if path.name != "threads.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(name in line for name in SPELLED_NAMES)
    ]
    assert spelled == []
