"""SIGINT and SIGTERM stop a run within a second: threads joined, summary printed, exit 1.

Where nothing ran yet (an idle window), the exit is the shell's 130 or 143.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from .cli_process import SIGNAL_LIMIT_S, TIMEOUT_S, no_traceback, start, wait_for_line
from .conftest import measure

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")

SIGNALS = [signal.SIGINT, signal.SIGTERM]


def _stop(proc_args: tuple[str, ...], needle: str, signum: int, home: Path) -> tuple[str, str]:
    """Start threadcomm, wait for ``needle`` on its output, signal it; return out and err."""
    proc = start(*proc_args, home=home)
    try:
        before = wait_for_line(proc, needle)
        sent = time.monotonic()
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=TIMEOUT_S)
        took = time.monotonic() - sent
    finally:
        proc.kill()
    measure(f"{proc_args[0]} ended after {signal.Signals(signum).name}", took)
    assert took < SIGNAL_LIMIT_S, f"took {took:.2f} s"
    assert proc.returncode == 1, err
    no_traceback(err)
    return "".join(before) + out, err


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_signal_stops_a_headless_run_and_the_summary_is_still_printed(
    tmp_path: Path, signum: int
) -> None:
    out, err = _stop(
        ("--headless", "--delay", "0.5", "--summary-json", "--data", "1..100"),
        "Creating data",
        signum,
        tmp_path,
    )
    summary = json.loads(out.splitlines()[-1])
    assert summary["status"] == "stopped"
    assert f"stopped by {signal.Signals(signum).name}" in err


def test_a_signal_during_a_headless_run_with_a_trace_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "t.json"
    _, err = _stop(
        ("--headless", "--delay", "0.5", "--trace-out", str(target)),
        "Creating data",
        signal.SIGTERM,
        tmp_path,
    )
    assert "the trace was not written" in err
    assert not target.exists()
    assert not list(tmp_path.glob(".t.json*"))
