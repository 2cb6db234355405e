"""A closed or broken standard output ends the run quietly; it is never blamed on a thread."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from .cli_process import TIMEOUT_S, command, environment, no_traceback, one_line, run

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX pipes and descriptors")

#: Enough items that the reader goes away while the run still prints.
MANY = "1..200000"


def _closed_output_line(stderr: str) -> None:
    no_traceback(stderr)
    assert "crashed" not in stderr, stderr
    assert "standard output" in one_line(stderr) and "closed" in stderr, stderr


def test_a_closed_standard_output_ends_the_run_with_exit_1_and_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        command("--headless"),
        env=environment(tmp_path),
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=None,
        stderr=subprocess.PIPE,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
        preexec_fn=lambda: os.close(1),  # as the shell's >&- does
    )
    assert done.returncode == 1
    _closed_output_line(done.stderr)


@pytest.mark.parametrize("take", ["bytes", "line"], ids=["head -c 10", "head -1"])
def test_a_reader_that_goes_away_ends_the_run_with_exit_1_and_one_line(
    tmp_path: Path, take: str
) -> None:
    proc = subprocess.Popen(
        command("--headless", "--summary-json", "--data", MANY),
        env=environment(tmp_path),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    try:
        first = proc.stdout.read(10) if take == "bytes" else proc.stdout.readline()
        proc.stdout.close()  # what head does once it has enough
        stderr = proc.stderr.read().decode()
        proc.wait(TIMEOUT_S)
    finally:
        proc.kill()
        proc.stderr.close()
    assert first.startswith(b"Creating")
    assert proc.returncode == 1
    _closed_output_line(stderr)


def test_a_full_standard_output_is_reported_as_closed_not_as_a_crash(tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        done = run("--headless", "--summary-json", home=tmp_path, stdout=full)
    assert done.returncode == 1
    _closed_output_line(done.stderr)


LATIN1 = {"PYTHONIOENCODING": "iso-8859-1", "LC_ALL": "C", "LANG": "C"}


def test_an_unencodable_item_is_printed_with_escapes_not_a_crash(tmp_path: Path) -> None:
    done = run(
        "--headless", "--data", "'日本'", home=tmp_path, env=environment(tmp_path, **LATIN1)
    )
    assert done.returncode == 0, done.stderr
    no_traceback(done.stderr)
    assert "data found to be processed: \\u65e5\\u672c" in done.stdout


def test_an_unencodable_scenario_title_is_listed_with_escapes(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "euro.toml").write_text('title = "Prices in €"\n', encoding="utf-8")
    env = environment(tmp_path, THREADCOMM_SCENARIOS=str(folder), **LATIN1)
    done = run("--list-scenarios", home=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    no_traceback(done.stderr)
    assert "Prices in \\u20ac" in done.stdout


@pytest.mark.parametrize("output", ["closed", "broken pipe", "full"])
def test_the_self_tests_line_to_a_closed_output_ends_with_exit_1_and_one_line(
    tmp_path: Path, output: str
) -> None:
    if output == "full" and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    proc = subprocess.Popen(
        command("--self-test"),
        env=environment(tmp_path),
        cwd=tmp_path,
        stdout=subprocess.PIPE if output == "broken pipe" else None,
        stderr=subprocess.PIPE,
        preexec_fn=(
            (lambda: os.close(1)) if output == "closed"
            else (lambda: os.dup2(os.open("/dev/full", os.O_WRONLY), 1)) if output == "full"
            else None
        ),
    )  # fmt: skip
    assert proc.stderr is not None
    try:
        if proc.stdout is not None:
            proc.stdout.close()  # the reader goes away before the line comes
        stderr = proc.stderr.read().decode()
        proc.wait(TIMEOUT_S)
    finally:
        proc.kill()
        proc.stderr.close()
    assert proc.returncode == 1
    _closed_output_line(stderr)
