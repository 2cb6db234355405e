"""``threadcomm --self-test`` drives the real window in a fresh process and reports JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.self_test_report import passed_but_for_speed
from threadcomm.gui.self_test import MAX_STALL_MS, check_responsive

SRC = Path(__file__).resolve().parents[2] / "src"


def run_threadcomm(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")])),
        HOME=str(home),  # whatever happens, the person's own settings stay untouched
        XDG_CONFIG_HOME=str(home / "config"),
        TMPDIR=str(home),  # temporary files of this run only
    )
    return subprocess.run(
        [sys.executable, "-m", "threadcomm", *args],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
        check=False,
    )


def test_self_test_prints_one_passing_json_line(tmp_path: Path) -> None:
    done = run_threadcomm("--self-test", home=tmp_path)
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, done.stderr
    report = json.loads(lines[0])
    assert passed_but_for_speed(report), report
    assert done.returncode == (0 if report["self_test"] == "passed" else 1)
    assert report["status"] == "completed"
    assert report["items"] == 4
    assert report["delivered_on_gui_thread"] == 4
    assert report["all_on_gui_thread"] is True
    assert report["platform"] == "offscreen"
    for key in ("startup_ms", "items_per_s", "max_stall_ms", "p99_stall_ms", "peak_rss_mb"):
        assert isinstance(report[key], int | float) and report[key] >= 0, key
    assert not list(tmp_path.rglob("*.ini")), "the self-test must not write settings"


def test_self_test_honours_the_run_options(tmp_path: Path) -> None:
    done = run_threadcomm(
        "--self-test", "--data", "1..500", "--consumers", "3", "--no-handshake", home=tmp_path
    )
    report = json.loads(done.stdout)
    assert passed_but_for_speed(report), report
    assert report["items"] == report["delivered_on_gui_thread"] == 500
    assert report["consumers"] == 3


@pytest.mark.parametrize("data", ["5, x, 7", "1..", ""])
def test_self_test_with_a_bad_data_list_exits_2_with_one_line(tmp_path: Path, data: str) -> None:
    done = run_threadcomm("--self-test", "--data", data, home=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("threadcomm: --data")
    assert "Traceback" not in done.stderr


def test_self_test_of_a_deadlocking_scenario_fails_cleanly(tmp_path: Path) -> None:
    done = run_threadcomm("--self-test", "--scenario", "forgot-set", home=tmp_path)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["self_test"] == "failed"
    assert report["status"] == "deadlock"
    assert "Traceback" not in done.stderr


def test_a_stall_over_the_limit_fails_the_self_test_with_its_length() -> None:
    assert check_responsive([1.0] * 400, elapsed_s=2.0) == []
    problems = check_responsive([1.0] * 399 + [MAX_STALL_MS + 12], elapsed_s=2.0)
    assert problems == ["the window stalled for 62 ms (at most 50 ms is responsive)"]


def test_too_few_stall_samples_for_the_run_fails_the_self_test() -> None:
    # A 2 s run ticks about 400 times every 5 ms; 8 ticks mean the loop was busy all along.
    (problem,) = check_responsive([10.0] * 8, elapsed_s=2.0)
    assert problem.startswith("the event loop ticked 8 times in 2.00 s")
    assert check_responsive([], elapsed_s=0.01) == []  # too short to judge


def test_self_test_runs_a_megabyte_string_read_from_a_data_file(tmp_path: Path) -> None:
    # One argument holds at most 128 KiB on Linux: a megabyte item comes from a file.
    data = tmp_path / "long.txt"
    data.write_text(repr("x" * 1_000_000) + "\n", encoding="utf-8")
    done = run_threadcomm("--self-test", "--delay", "0", "--data-file", str(data), home=tmp_path)
    report = json.loads(done.stdout)
    assert passed_but_for_speed(report), report
    assert report["items"] == report["delivered_on_gui_thread"] == 1


def test_self_test_exercise_pauses_exports_zooms_and_shows_every_view_meanwhile(
    tmp_path: Path,
) -> None:
    done = run_threadcomm(
        "--self-test", "--exercise", "--data", "1..300", "--delay", "0.002", home=tmp_path
    )
    report = json.loads(done.stdout)
    assert passed_but_for_speed(report), report
    assert report["items"] == report["delivered_on_gui_thread"] == 300
    assert report["exercised"] == ["pause", "resume", "export", "zoom in", "zoom out", "views"]
    assert not list(tmp_path.glob("threadcomm-exercise-*")), "the exported trace is removed"
