"""A hung test is killed and reported with every thread's stack, under the project's settings."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from .conftest import measure

ROOT = Path(__file__).resolve().parents[2]
#: The whole hung session, start to kill, must end within this (pytest-timeout fires at 2 s).
SESSION_LIMIT_S = 30

HANGING_TEST = """
import threading


def block_forever(name):
    threading.Event().wait()


def test_waits_for_an_event_nobody_sets():
    helper = threading.Thread(target=block_forever, args=("helper",), name="stuck-helper")
    helper.daemon = True
    helper.start()
    threading.Event().wait()  # the hang
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
    assert "Stack of stuck-helper" in output, output
    assert 'File "' in output and "test_hangs.py" in output
    assert "threading.Event().wait()  # the hang" in output
    assert "in block_forever" in output
