"""The headless command line prints the tutorial's lines and says clearly what went wrong."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from .cli_run import threadcomm

TUTORIAL_LINES = [
    "Creating data and putting it on the queue",
    "Waiting for data to be doubled",
    "data found to be processed: 5",
    "10",
    "Waiting for data to be doubled",
    "data found to be processed: 10",
    "20",
    "Waiting for data to be doubled",
    "data found to be processed: 13",
    "26",
    "Waiting for data to be doubled",
    "data found to be processed: -1",
    "-2",
]


def _consumer_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if not line.startswith(("Creating", "Waiting"))]


def test_headless_prints_the_tutorials_lines_with_doubled_values_in_order() -> None:
    proc = threadcomm("--headless", "--data", "5, 10, 13, -1")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    # Which of "Waiting ..." and "data found ..." prints first is up to the scheduler,
    # exactly as in the tutorial; everything else is fixed.
    assert sorted(lines) == sorted(TUTORIAL_LINES)
    assert lines[0] == TUTORIAL_LINES[0]
    assert _consumer_lines(lines) == _consumer_lines(TUTORIAL_LINES)


def test_summary_json_ends_the_output_with_the_documented_fields() -> None:
    proc = threadcomm("--headless", "--quiet", "--summary-json", "--data", "5, 10, 13, -1")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1  # --quiet drops the per-item lines
    summary = json.loads(lines[-1])
    assert summary["status"] == "completed"
    assert summary["items"] == 4
    assert summary["results"] == [10, 20, 26, -2]
    assert summary["elapsed_s"] > 0
    assert summary["items_per_s"] > 0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--data", "5, ten, 13"], "--data: item 2, column 4: 'ten' is not a number"),
        (["--data", "1..9999999999"], "--data:"),
        (["--consumers", "9"], "consumers must be between 1 and 8"),
        (["--maxsize", "-1"], "maxsize"),
        (["--delay", "nan"], "delay"),
        (["--scenario", "nope"], "--scenario: no scenario called 'nope'"),
        (["--consumers", "two"], "invalid int value: 'two'"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line_and_no_traceback(
    args: list[str], expected: str
) -> None:
    proc = threadcomm("--headless", *args)
    assert proc.returncode == 2
    assert expected in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_a_deadlocked_run_exits_1_and_says_who_waits_on_what() -> None:
    proc = threadcomm("--headless", "--scenario", "forgot-set", "--delay", "0", "--summary-json")
    assert proc.returncode == 1
    assert "deadlock" in proc.stderr
    assert "creator waits in evt.wait()" in proc.stderr
    assert json.loads(proc.stdout.splitlines()[-1])["status"] == "deadlock"


def test_a_faulty_item_exits_1_and_reports_the_item() -> None:
    proc = threadcomm("--headless", "--scenario", "consumer-crash", "--delay", "0")
    assert proc.returncode == 1
    assert "item 3 (13)" in proc.stderr


def test_trace_out_writes_a_chrome_trace(tmp_path: Path) -> None:
    out = tmp_path / "run.json"
    proc = threadcomm("--headless", "--quiet", "--trace-out", str(out))
    assert proc.returncode == 0, proc.stderr
    trace = json.loads(out.read_text())
    names = {e["args"]["name"] for e in trace["traceEvents"] if e.get("name") == "thread_name"}
    assert {"creator", "consumer-1", "coordinator"} <= names


def test_trace_out_json_gz_is_written_compressed_and_parses_back(tmp_path: Path) -> None:
    out = tmp_path / "run.json.gz"
    items = 2_000
    proc = threadcomm(
        "--headless", "--quiet", "--delay", "0", "--data", f"1..{items}", "--trace-out", str(out)
    )
    assert proc.returncode == 0, proc.stderr
    raw = out.read_bytes()
    assert raw[:2] == b"\x1f\x8b"  # gzip, as Perfetto opens it
    trace = json.loads(gzip.decompress(raw))
    events = trace["traceEvents"]
    names = {e["args"]["name"] for e in events if e.get("name") == "thread_name"}
    assert {"creator", "consumer-1", "coordinator"} <= names
    # Every item's arrow starts at its put: the whole run is in the file.
    assert sum(1 for e in events if e["ph"] == "s" and e["cat"] == "item") == items
    assert len(raw) * 4 < len(json.dumps(trace))  # and it is compressed


def test_trace_out_into_a_missing_folder_is_bad_usage(tmp_path: Path) -> None:
    proc = threadcomm("--headless", "--trace-out", str(tmp_path / "no" / "run.json"))
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr


def test_without_a_display_the_window_explains_how_to_run_instead() -> None:
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    proc = threadcomm(env=env)
    assert proc.returncode == 2
    assert "threadcomm --headless" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_every_scenario_is_listed() -> None:
    proc = threadcomm("--list-scenarios")
    assert proc.returncode == 0
    names = [line.split()[0] for line in proc.stdout.splitlines()]
    assert names[0] == "tutorial"
    assert {"forgot-set", "forgot-task-done", "consumer-crash", "no-way-to-stop"} <= set(names)


def test_data_file_reads_the_list_from_a_file_or_standard_input(tmp_path: Path) -> None:
    data = tmp_path / "data.txt"
    data.write_text("5, 10\n'" + "x" * 200_000 + "'\n", encoding="utf-8")
    done = threadcomm("--headless", "--quiet", "--summary-json", "--data-file", str(data))
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.splitlines()[-1])
    assert summary["items"] == 3
    assert summary["results"][:2] == [10, 20] and len(summary["results"][2]) == 400_000
    piped = subprocess.run(
        [sys.executable, "-m", "threadcomm", "--headless", "--data-file", "-"],
        input="1..3\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert piped.returncode == 0, piped.stderr
    assert "data found to be processed: 3\n6\n" in piped.stdout


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (None, (), "--data-file {path}: cannot read it: No such file or directory"),
        (b"1, 2, x", (), "--data-file {path}: item 3, column 7: 'x' is not a number"),
        (b"1, \xff", (), "--data-file {path}: not UTF-8 text (byte 4)"),
        (b"1", ("--data", "2"), "--data and --data-file both give the data list"),
    ],
)
def test_a_bad_data_file_exits_2_naming_the_file_and_the_problem(
    tmp_path: Path, content: bytes | None, extra: tuple[str, ...], message: str
) -> None:
    path = tmp_path / "data.txt"
    if content is not None:
        path.write_bytes(content)
    done = threadcomm("--headless", "--data-file", str(path), *extra)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("threadcomm: " + message.format(path=path)), done.stderr
    assert "Traceback" not in done.stderr
