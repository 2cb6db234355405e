"""Every scenario run once, headless at its own settings, and its lesson program beside it.

The runs are started together (each mostly waits, paced by its delay) and
collected once per test session, so several test files can look at them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import cache

from threadcomm.assets import resource_path
from threadcomm.core.scenarios import Scenario, load_scenarios

#: Seconds a lesson program gets before it counts as hanging (its lines come in milliseconds).
HANG_AFTER_S = 4.0

#: Scenarios whose lesson program never ends: it is cut off after HANG_AFTER_S.
HANGS = frozenset(
    {
        "tutorial-verbatim",
        "forgot-set",
        "forgot-task-done",
        "no-way-to-stop",
        "task-done-twice",
        "continue-skips-task-done",
        "one-event-reused",
        "one-sentinel-two-consumers",
        "shutdown-immediate-discards",
    }
)

# A program that hangs runs line-buffered, so that when it is killed it keeps every line
# it printed. Buffered writes keep each print()'s text and newline together, as a plain
# run does; unbuffered output (PYTHONUNBUFFERED) could split a line between threads. A
# program that ends runs plainly: a daemon thread flushing at exit could abort it.
_RUN_LESSON = (
    "import runpy, sys; sys.stdout.reconfigure(line_buffering=True); "
    "runpy.run_path(sys.argv[1], run_name='__main__')"
)


_RUN_PLAIN = "import runpy, sys; runpy.run_path(sys.argv[1], run_name='__main__')"
_THREADCOMM = (sys.executable, "-m", "threadcomm")


@dataclass(frozen=True)
class Ran:
    """One process's output: its lines, the summary (headless) and whether it ended."""

    lines: list[str]
    summary: dict[str, object]
    returncode: int | None  # None: it was still running at the timeout (a hang)
    stderr: str


def _spawn(command: list[str]) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def _collect(proc: subprocess.Popen[str], deadline: float, *, headless: bool) -> Ran:
    try:
        out, err = proc.communicate(timeout=max(0.1, deadline - time.monotonic()))
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate(timeout=10)
        code = None
    lines = out.splitlines()
    summary: dict[str, object] = {}
    if headless and lines and lines[-1].startswith("{"):
        summary = json.loads(lines.pop())
    return Ran(lines, summary, code, err)


@cache
def scenarios() -> tuple[Scenario, ...]:
    """The shipped scenarios, in teaching order."""
    found, problems = load_scenarios(resource_path("scenarios") / "no-such-folder")
    assert problems == []
    return tuple(found)


@cache
def headless_runs() -> dict[str, Ran]:
    """``threadcomm --headless --scenario NAME --summary-json`` for every startable scenario."""
    procs = {
        s.name: _spawn([*_THREADCOMM, "--headless", "--scenario", s.name, "--summary-json"])
        for s in scenarios()
        if not s.unavailable
    }
    deadline = time.monotonic() + 120
    return {name: _collect(proc, deadline, headless=True) for name, proc in procs.items()}


@cache
def lesson_runs() -> dict[str, Ran]:
    """Each startable scenario's lesson program, run as a student runs it (a hang is cut off)."""
    procs = {
        s.name: _spawn(
            [sys.executable, "-c", _runner(s.name), str(resource_path("lesson", s.lesson))]
        )
        for s in scenarios()
        if not s.unavailable
    }
    now = time.monotonic()
    return {
        name: _collect(proc, now + (HANG_AFTER_S if name in HANGS else 60), headless=False)
        for name, proc in procs.items()
    }


def _runner(name: str) -> str:
    return _RUN_LESSON if name in HANGS else _RUN_PLAIN
