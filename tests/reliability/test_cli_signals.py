"""SIGINT and SIGTERM stop a run within a second: threads joined, summary printed, exit 1.

Where nothing ran yet (an idle window), the exit is the shell's 130 or 143.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability.timing import measure

from .cli_process import (
    SIGNAL_LIMIT_S,
    TIMEOUT_S,
    no_traceback,
    proc_sockets,
    proc_tasks,
    start,
    wait_for_line,
    wait_for_state,
)

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


# -- the window and the self-test (Linux: the tests read the process's state in /proc) -----

needs_proc = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="reads thread and socket counts from /proc"
)


def _watching(pid: int) -> bool:
    """The window's signal watch is in place (its socket pair is open)."""
    return proc_sockets(pid) >= 2


def _running(pid: int) -> bool:
    """A run's threads are up: the main thread, coordinator, creator and a consumer."""
    return _watching(pid) and proc_tasks(pid).count(proc_tasks(pid)[0]) >= 4


def _signal_window(
    args: tuple[str, ...], ready: Callable[[int], bool], signum: int, home: Path
) -> tuple[int, str]:
    proc = start(*args, home=home)
    try:
        wait_for_state(proc, ready)
        sent = time.monotonic()
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=TIMEOUT_S)
        took = time.monotonic() - sent
    finally:
        proc.kill()
    measure(f"{args[0] if args else 'window'} ended after {signal.Signals(signum).name}", took)
    no_traceback(err)
    assert "KeyboardInterrupt" not in err
    assert took < SIGNAL_LIMIT_S, f"took {took:.2f} s"
    assert f"stopped by {signal.Signals(signum).name}" in err
    return proc.returncode, out


@needs_proc
@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_signal_closes_an_idle_window_with_the_shells_exit_code(
    tmp_path: Path, signum: int
) -> None:
    code, _ = _signal_window((), _watching, signum, tmp_path)
    assert code == 128 + signum  # 130 for SIGINT, 143 for SIGTERM: nothing ran


@needs_proc
@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_signal_stops_a_run_in_the_window_and_exits_1(tmp_path: Path, signum: int) -> None:
    code, _ = _signal_window(("--start", "--delay", "1"), _running, signum, tmp_path)
    assert code == 1


@needs_proc
def test_a_signal_stops_the_self_test_and_its_json_line_says_so(tmp_path: Path) -> None:
    code, out = _signal_window(
        ("--self-test", "--delay", "0.5", "--data", "1..50"), _running, signal.SIGINT, tmp_path
    )
    assert code == 1
    report = json.loads(out)
    assert report["self_test"] == "failed"
    assert report["problems"] == ["stopped by SIGINT"]
