"""The lesson program a student copies prints what the lab's headless run prints."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from threadcomm.assets import resource_path
from threadcomm.core.mistakes import NEEDS_SHUTDOWN
from threadcomm.core.scenarios import find_scenario

from .cli_run import threadcomm
from .scenario_runs import HANGS, headless_runs, lesson_runs, scenarios


def _run_lesson(name: str) -> subprocess.CompletedProcess[str]:
    # With unbuffered output (python -u, PYTHONUNBUFFERED) print() from two threads may
    # interleave mid-line, in the lab's lesson as in the tutorial; a student runs it plainly.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, str(resource_path("lesson", name))],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env=env,
    )


def test_lesson_program_ends_and_prints_the_same_lines_as_headless() -> None:
    lesson = _run_lesson("tutorial.py")
    headless = threadcomm("--headless", "--data", "5, 10, 13, -1")
    assert lesson.returncode == 0 and headless.returncode == 0
    lesson_lines = lesson.stdout.splitlines()
    headless_lines = headless.stdout.splitlines()
    assert sorted(lesson_lines) == sorted(headless_lines)
    consumer = [line for line in lesson_lines if not line.startswith(("Creating", "Waiting"))]
    assert consumer == [
        line for line in headless_lines if not line.startswith(("Creating", "Waiting"))
    ]
    assert lesson_lines[0] == headless_lines[0] == "Creating data and putting it on the queue"


def test_the_lesson_program_is_the_tutorials_code_with_a_sentinel() -> None:
    text = resource_path("lesson", "tutorial.py").read_text()
    for statement in (
        "evt = threading.Event()",
        "q.put((item, evt))",
        "evt.wait()",
        "processed = data * 2",
        "evt.set()",
        "q.task_done()",
        "q.join()",
        "q.put(None)",
    ):
        assert statement in text


#: Not compared, and why.
NOT_COMPARED = {
    "shutdown-immediate-discards": "whether the consumer takes an item before the creator's "
    "q.shutdown(immediate=True) varies from run to run, so the lines before the hang do too",
}
_CREATOR_LINES = ("Creating", "Waiting")


@pytest.mark.parametrize("name", [s.name for s in scenarios()])
def test_every_lesson_program_prints_the_same_lines_as_its_headless_run(name: str) -> None:
    scenario = find_scenario(name)
    if scenario.unavailable:
        pytest.skip(scenario.unavailable)
    if name in NOT_COMPARED:
        pytest.skip(NOT_COMPARED[name])
    lesson, headless = lesson_runs()[name], headless_runs()[name]
    if name in HANGS:
        assert lesson.returncode is None, "the lesson program was expected to hang"
    else:
        assert lesson.returncode == 0, lesson.stderr
    assert lesson.lines, "the lesson program printed nothing"
    assert sorted(lesson.lines) == sorted(headless.lines)
    # One consumer, or one item in flight at a time: the consumers' lines come in a fixed order.
    one_at_a_time = scenario.handshake and scenario.mistake not in NEEDS_SHUTDOWN
    if scenario.consumers == 1 or one_at_a_time:
        mine = [line for line in lesson.lines if not line.startswith(_CREATOR_LINES)]
        assert mine == [line for line in headless.lines if not line.startswith(_CREATOR_LINES)]
