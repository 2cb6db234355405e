"""Find a bad schedule, and replay a schedule exactly, on the real threads."""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

import pytest

from threadcomm.core.scenarios import find_scenario
from threadcomm.core.schedule_search import Progress, search
from threadcomm.core.schedules import (
    Schedule,
    ScheduleError,
    replay,
    statements,
    stepping_config,
)

from .cli_run import threadcomm


def _config(name: str, data: str | None = None):  # type: ignore[no-untyped-def]
    scenario = find_scenario(name)
    config = stepping_config(scenario.run_config())
    if data is not None:
        from dataclasses import replace

        from threadcomm.core.datalist import parse_data_list

        config = replace(config, items=tuple(parse_data_list(data)))
    return config


def test_the_search_finds_the_verbatim_tutorials_early_join() -> None:
    result = search(_config("tutorial-verbatim"))
    assert result.found is not None
    assert "early join" in result.found.outcomes
    assert "returned after 1 of 4 items" in result.found.summary.diagnosis  # type: ignore[union-attr]
    again = replay(_config("tutorial-verbatim"), result.found.steps)
    assert "early join" in again.outcomes


def test_the_search_finds_the_lost_wake_up_of_the_reused_event() -> None:
    result = search(_config("one-event-reused"))
    assert result.found is not None
    assert "hang" in result.found.outcomes
    assert "the wake-up was lost" in result.found.summary.diagnosis  # type: ignore[union-attr]


def test_the_natural_order_of_the_reused_event_does_not_lose_the_wake_up() -> None:
    ran = replay(_config("one-event-reused"), [])
    assert ran.outcomes == ()


def test_the_search_finds_no_bad_schedule_of_the_corrected_tutorial_within_its_bound() -> None:
    result = search(_config("tutorial"), max_preemptions=2, max_orderings=500)
    assert result.found is None
    assert result.complete and not result.stopped
    assert result.tried > 50


@pytest.mark.parametrize("name", ["tutorial", "tutorial-verbatim", "backpressure"])
def test_a_schedule_replays_to_the_same_trace_statement_for_statement_twice(name: str) -> None:
    first = replay(_config(name), [])
    schedule = Schedule(name, find_scenario(name).data, 1, first_maxsize(name), tuple(first.steps))
    loaded = Schedule.load(schedule.dumps())
    one = replay(loaded.config(), loaded.steps)
    two = replay(loaded.config(), loaded.steps)
    assert statements(one) == statements(two) == statements(first)
    assert one.steps == two.steps == list(schedule.steps)


def first_maxsize(name: str) -> int:
    return find_scenario(name).run_config().maxsize


def test_the_search_reports_progress_and_stops_within_200_ms() -> None:
    stop = threading.Event()
    seen: list[Progress] = []
    reported = threading.Event()

    def progress(p: Progress) -> None:
        seen.append(p)
        if p.tried >= 3:
            reported.set()

    done: list[object] = []
    worker = threading.Thread(
        target=lambda: done.append(
            search(
                _config("tutorial", "1..8"),
                max_preemptions=3,
                max_orderings=100_000,
                stop=stop,
                progress=progress,
            )
        )
    )
    worker.start()
    try:
        assert reported.wait(30), "no progress was reported"
    finally:
        asked = time.monotonic()
        stop.set()
        worker.join(5)
    assert time.monotonic() - asked < 0.2
    assert not worker.is_alive()
    assert [p.tried for p in seen[:3]] == [1, 2, 3]
    assert seen[-1].waiting > 0
    (result,) = done
    assert result.stopped and result.found is None  # type: ignore[attr-defined]


def test_a_schedule_that_names_a_blocked_thread_is_refused_in_words() -> None:
    with pytest.raises(
        ScheduleError,
        match=r"step 2 names consumer-1, which cannot be stepped now \(only creator can\)",
    ):
        replay(_config("tutorial"), ["consumer-1"] * 3)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[1]", "expected a JSON object"),
        ("{", "not JSON"),
        ('{"steps": "creator"}', "'steps' must be a list of thread names"),
        (
            '{"steps": [], "scenario": "x", "data": "1", "consumers": "1", "maxsize": 0}',
            "'consumers'",
        ),
    ],
)
def test_a_bad_schedule_file_is_refused_saying_what_is_wrong(text: str, words: str) -> None:
    with pytest.raises(ScheduleError, match=words):
        Schedule.load(text)


def test_headless_search_prints_the_schedule_and_replays_it(tmp_path: Path) -> None:
    found = threadcomm("--headless", "--scenario", "tutorial-verbatim", "--search-schedules")
    assert found.returncode == 1, found.stderr
    report = json.loads(found.stdout)
    assert report["found"] and report["tried"] >= 1
    assert "early join" in report["schedule"]["outcomes"]
    path = tmp_path / "early-join.json"
    path.write_text(json.dumps(report["schedule"]), encoding="utf-8")
    replayed = threadcomm("--headless", "--replay-schedule", str(path))
    assert replayed.returncode == 1, replayed.stderr
    assert "early join" in json.loads(replayed.stdout)["outcomes"]


def test_headless_search_of_the_corrected_tutorial_finds_none_and_says_how_many_it_tried() -> None:
    done = threadcomm("--headless", "--scenario", "tutorial", "--search-schedules")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["found"] is False and report["schedule"] is None
    assert report["tried"] > 50 and report["complete"]


def test_headless_replay_of_a_broken_file_says_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"steps": 3}', encoding="utf-8")
    done = threadcomm("--headless", "--replay-schedule", str(path))
    assert done.returncode == 2
    assert "'steps' must be a list" in done.stderr and "Traceback" not in done.stderr


def test_a_replay_under_a_1_us_switch_interval_gives_the_same_statements() -> None:
    """Threads switched every microsecond: a step is still given only once all have settled."""
    config = _config("tutorial-verbatim")
    first = replay(config, [])
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        again = [replay(config, first.steps) for _ in range(15)]
    finally:
        sys.setswitchinterval(before)
    assert all(statements(ran) == statements(first) for ran in again)


def test_a_thread_released_but_not_yet_reporting_it_counts_as_moving() -> None:
    """Between leaving evt.wait() or q.get() and reporting it, a thread is not at rest."""
    from threadcomm.core.config import RunConfig
    from threadcomm.core.pipeline import Pipeline
    from threadcomm.core.trace import Kind, RecordingSink, State, TraceEvent

    pipeline = Pipeline(RunConfig(items=(1,)), RecordingSink())
    pipeline._last["creator"] = TraceEvent(1, "creator", Kind.WAIT, 0)  # no Event waited on
    pipeline._last["consumer-1"] = TraceEvent(2, "consumer-1", Kind.GET_BLOCKED)  # took one
    states = pipeline.states()
    assert states["creator"].state is State.RUNNING
    assert states["consumer-1"].state is State.RUNNING
    pipeline._getting.add("consumer-1")  # still inside q.get(), nothing taken
    assert pipeline.states()["consumer-1"].state is State.BLOCKED_GET
