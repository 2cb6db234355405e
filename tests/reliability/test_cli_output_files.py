"""``--trace-out`` writes where it is told without replacing what is there, or says why not.

Device files are made in a private mount namespace (root only): the real
``/dev`` is never touched.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import threading
import time
from pathlib import Path

import pytest

from .cli_process import (
    in_namespace,
    needs_root_namespace,
    no_traceback,
    one_line,
    run,
    start,
    wait_for_path,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX files: devices, FIFOs")


def _trace(text: str) -> dict[str, object]:
    trace = json.loads(text)
    assert isinstance(trace, dict)
    assert trace["traceEvents"], "an empty trace"
    return trace


def test_trace_out_dash_streams_the_trace_to_standard_output(tmp_path: Path) -> None:
    done = run("--headless", "--quiet", "--trace-out", "-", home=tmp_path)
    assert done.returncode == 0, done.stderr
    no_traceback(done.stderr)
    assert _trace(done.stdout)["otherData"]["generator"] == "threadcomm"  # type: ignore[index]


def test_trace_out_dev_stdout_streams_the_trace_and_keeps_earlier_lines(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    if os.geteuid() == 0:
        # As root a broken writer would replace the real /dev/stdout: give this run a /dev
        # of its own (a tmpfs bound over /dev in a private mount namespace).
        needs_root_namespace()
        done = in_namespace(
            'mknod -m 666 "$DEV/null" c 1 3 && ln -s /proc/self/fd/1 "$DEV/stdout" && '
            'mount --bind "$DEV" /dev && '
            f'"$@" --headless --data 5 --trace-out /dev/stdout > "{out}"; '
            'echo "exit=$?"; stat -c %F /dev/stdout',
            home=tmp_path,
        )
        assert done.stdout.split() == ["exit=0", "symbolic", "link"], done
    else:  # a normal user cannot replace /dev/stdout: nothing to protect
        with out.open("w") as stdout:
            done = run(  # type: ignore[assignment]
                "--headless", "--data", "5", "--trace-out", "/dev/stdout",
                home=tmp_path, stdout=stdout,
            )  # fmt: skip
        assert done.returncode == 0, done.stderr
    no_traceback(done.stderr)
    text = out.read_text()
    assert text.startswith("Creating data and putting it on the queue\n")
    assert '{"traceEvents":[' in text
    assert stat.S_ISREG(out.stat().st_mode)


def test_trace_out_into_a_null_device_leaves_the_device_a_device(tmp_path: Path) -> None:
    needs_root_namespace()
    done = in_namespace(
        'mknod "$DEV/null" c 1 3 && "$@" --headless --quiet --trace-out "$DEV/null"; '
        'echo "exit=$?"; stat -c %F "$DEV/null"',
        home=tmp_path,
    )
    no_traceback(done.stderr)
    assert done.stdout.split() == ["exit=0", "character", "special", "file"], done


def test_trace_out_into_a_full_device_fails_with_exit_1_and_keeps_the_device(
    tmp_path: Path,
) -> None:
    needs_root_namespace()
    done = in_namespace(
        'mknod "$DEV/full" c 1 7 && "$@" --headless --quiet --trace-out "$DEV/full"; '
        'echo "exit=$?"; stat -c %F "$DEV/full"',
        home=tmp_path,
    )
    no_traceback(done.stderr)
    assert done.stdout.split() == ["exit=1", "character", "special", "file"], done
    assert "No space left on device" in one_line(done.stderr)


def test_trace_out_through_a_symlink_to_a_device_keeps_both(tmp_path: Path) -> None:
    needs_root_namespace()
    done = in_namespace(
        'mknod "$DEV/null" c 1 3 && ln -s "$DEV/null" "$DEV/link" && '
        '"$@" --headless --quiet --trace-out "$DEV/link"; echo "exit=$?"; '
        'stat -c %F "$DEV/link" "$DEV/null"',
        home=tmp_path,
    )
    no_traceback(done.stderr)
    assert done.stdout.split() == [
        "exit=0", "symbolic", "link", "character", "special", "file",
    ], done  # fmt: skip


def test_trace_out_through_a_symlink_writes_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "traces" / "real.json"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    done = run("--headless", "--quiet", "--trace-out", str(link), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    _trace(real.read_text())
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the file keeps its permissions
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.json"]


def test_trace_out_into_a_fifo_streams_to_its_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "trace.fifo"
    os.mkfifo(fifo)
    received: list[str] = []

    def read() -> None:
        with fifo.open() as reader:
            received.append(reader.read())

    reader = threading.Thread(target=read, name="fifo-reader")
    reader.start()
    try:
        done = run("--headless", "--quiet", "--trace-out", str(fifo), home=tmp_path)
    finally:
        if reader.is_alive():  # unblock the reader if threadcomm never opened the FIFO
            with open(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK), "w"):
                pass
        reader.join(10)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    _trace(received[0])


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        (".", "that is a folder, not a file"),
        ("missing/t.json", "does not exist"),
        ("", "the file name is empty"),
    ],
)
def test_an_impossible_trace_out_is_refused_before_the_run(
    tmp_path: Path, target: str, reason: str
) -> None:
    started = time.monotonic()
    done = run(
        "--headless", "--delay", "2", "--data", "1, 2", "--trace-out", target, home=tmp_path
    )
    assert done.returncode == 2
    assert done.stdout == ""  # nothing ran
    assert time.monotonic() - started < 4  # the run would take 2 s a statement
    line = one_line(done.stderr)
    assert "--trace-out" in line and reason in line


@pytest.mark.parametrize("mode", [["--self-test"], []])
def test_trace_out_without_headless_is_refused_not_ignored(
    tmp_path: Path, mode: list[str]
) -> None:
    done = run(*mode, "--trace-out", "t.json", home=tmp_path)
    assert done.returncode == 2
    assert "--trace-out works with --headless only" in one_line(done.stderr)
    assert not (tmp_path / "t.json").exists()


def test_sigterm_while_the_trace_is_written_leaves_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "traces"
    out.mkdir()
    proc = start(
        "--headless", "--quiet", "--data", "1..150000", "--trace-out", str(out / "t.json"),
        home=tmp_path,
    )  # fmt: skip
    try:
        wait_for_path(".t.json.*.tmp", out)
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 1
    no_traceback(stderr)
    assert "SIGTERM" in stderr and "the trace was not written" in stderr
    assert list(out.iterdir()) == []
