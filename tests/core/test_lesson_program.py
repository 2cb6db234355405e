"""The lesson program a student copies prints what the lab's headless run prints."""

from __future__ import annotations

import os
import subprocess
import sys

from threadcomm.assets import resource_path

from .cli_run import threadcomm


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
