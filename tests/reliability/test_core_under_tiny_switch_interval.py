"""The whole core suite again, with the interpreter switching threads every microsecond."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


# The core suite under a 1 us switch interval takes about two minutes on a busy machine,
# more than the suite's 120 s per test (it timed out on 3.13): the subprocess's limit rules.
@pytest.mark.timeout(900)
def test_core_suite_passes_with_a_one_microsecond_switch_interval() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/core",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            "-p",
            "tests.reliability.tiny_switch_plugin",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout.splitlines()[-1]
