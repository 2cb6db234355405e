"""A hung run is killed and reported with every thread's stack, under the project's settings.

The stacks name threadcomm's own threads (creator, consumer-1, coordinator)
and the statement each is on, so a hang in a test reads like the timeline.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.reliability.timing import measure

ROOT = Path(__file__).resolve().parents[2]
#: The whole hung session, start to kill, must end within this (pytest-timeout fires at 2 s).
SESSION_LIMIT_S = 30

HANGING_TEST = """
from threadcomm.core.config import RunConfig
from threadcomm.core.pipeline import Pipeline
from threadcomm.core.trace import NullSink


def test_waits_for_a_run_that_cannot_end():
    # The tutorial's while True: no sentinel, so the consumer never leaves its loop;
    # the watchdog is told to wait an hour, so only the test's timeout ends this.
    config = RunConfig(items=(5, 10), no_stop=True, deadlock_after=3600.0)
    pipeline = Pipeline(config, NullSink())
    pipeline.start()
    pipeline.wait()  # the hang
"""


def test_a_hang_is_killed_and_every_threads_stack_is_printed(tmp_path: Path) -> None:
    test_file = tmp_path / "test_hangs.py"
    test_file.write_text(textwrap.dedent(HANGING_TEST), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT / "src")}
    command = [
        sys.executable, "-m", "pytest", str(test_file),
        "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(tmp_path),
        "-p", "no:cacheprovider", "-q", "-o", "timeout=2",
    ]  # fmt: skip
    started = time.monotonic()
    proc = subprocess.run(
        command,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=SESSION_LIMIT_S,
        check=False,
    )
    took = time.monotonic() - started
    measure("hung session killed after", took)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert took < SESSION_LIMIT_S
    assert "Timeout" in output, output
    # The dump names every thread and shows where each one waits.
    assert "Stack of MainThread" in output, output
    for thread in ("coordinator", "consumer-1"):
        assert f"Stack of {thread}" in output, output
    assert 'File "' in output and "test_hangs.py" in output
    assert "pipeline.wait()  # the hang" in output
    # Where each of threadcomm's threads is: the consumer waits in q.get() for an
    # item that never comes; the coordinator joins it.
    assert "in _consumer" in output and "in _get" in output, output
    assert "in _coordinate" in output, output
