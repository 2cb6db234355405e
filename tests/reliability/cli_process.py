"""Run ``python -m threadcomm`` as a separate process, as a person or a script would.

Every helper gives the process its own HOME and settings folder, an empty
scenario folder unless told otherwise, and the offscreen Qt platform, so
nothing of the person running the tests is read or written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.waiting import wait_until

SRC = Path(__file__).resolve().parents[2] / "src"
#: Longest any attack may take before the test fails (a hang is a failure, not a wait).
TIMEOUT_S = 60
#: How soon a stop signal must end the process (the issue's promise), with room for a busy machine.
SIGNAL_LIMIT_S = 1.0


def environment(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a threadcomm process that reads and writes only below ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        THREADCOMM_SCENARIOS=str(home / "no-scenarios"),
        QT_QPA_PLATFORM="offscreen",
    )
    env.update(extra)
    return env


def command(*args: str) -> list[str]:
    """The command line of ``python -m threadcomm ARGS``."""
    return [sys.executable, "-m", "threadcomm", *args]


def run(
    *args: str, home: Path, env: dict[str, str] | None = None, **popen: object
) -> subprocess.CompletedProcess[str]:
    """Run threadcomm to its end (bounded by TIMEOUT_S) and return what it printed."""
    options: dict[str, object] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    options.update(text=True, **popen)
    return subprocess.run(  # type: ignore[call-overload,no-any-return]
        command(*args),
        env=env if env is not None else environment(home),
        timeout=TIMEOUT_S,
        check=False,
        cwd=home,
        **options,
    )


def start(*args: str, home: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start threadcomm with its output piped, for a test that signals or reads it."""
    return subprocess.Popen(
        command(*args),
        env=env if env is not None else environment(home),
        cwd=home,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_line(proc: subprocess.Popen[str], needle: str) -> list[str]:
    """Read the process's standard output until a line holding ``needle``; return the lines."""
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if needle in line:
            return lines
    proc.kill()
    raise AssertionError(f"{needle!r} never appeared; got {lines!r}")


def wait_for_path(pattern: str, folder: Path) -> Path:
    """Wait (polling the folder: there is no event to wait on) until ``pattern`` exists in it."""
    found: list[Path] = []

    def appeared() -> bool:
        found[:] = sorted(folder.glob(pattern))
        return bool(found)

    wait_until(appeared, timeout_ms=TIMEOUT_S * 1000, what=f"a {pattern} in {folder}")
    return found[0]


def proc_tasks(pid: int) -> list[str]:
    """The names of a Linux process's threads (Python threads are named after the program)."""
    names = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            names.append((task / "comm").read_text().strip())
        except OSError:  # the thread ended meanwhile
            continue
    return names


def proc_sockets(pid: int) -> int:
    """How many sockets a Linux process holds open."""
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            count += os.readlink(fd).startswith("socket:")
        except OSError:
            continue
    return count


def wait_for_state(proc: subprocess.Popen[str], ready: Callable[[int], bool]) -> None:
    """Poll the running process's /proc entry until ``ready(pid)`` (it has no output to read)."""

    def reached() -> bool:
        assert proc.poll() is None, f"threadcomm ended early with {proc.returncode}"
        return ready(proc.pid)

    wait_until(reached, timeout_ms=TIMEOUT_S * 1000, what="the process's state")


def no_traceback(text: str) -> None:
    """A person never sees a Python traceback."""
    assert "Traceback" not in text, text
    assert "Exception ignored" not in text, text


def one_line(text: str) -> str:
    """The only line of ``text`` (stderr of a clean refusal)."""
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def needs_root_namespace() -> None:
    """Skip unless this process may make a private mount namespace (root with unshare)."""
    if sys.platform != "linux":
        pytest.skip("mount namespaces are Linux only")
    if os.geteuid() != 0:
        pytest.skip("device files are made in a private mount namespace, which needs root")
    if shutil.which("unshare") is None:
        pytest.skip("unshare (util-linux) is not installed")
    probe = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "true"],
        capture_output=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip(f"cannot make a mount namespace here: {probe.stderr.decode().strip()}")


def in_namespace(script: str, *, home: Path) -> subprocess.CompletedProcess[str]:
    """Run a shell ``script`` in a private mount namespace with a tmpfs at ``$DEV``.

    ``"$@"`` runs threadcomm. Device files made in ``$DEV`` (``mknod``) vanish
    with the namespace; the real ``/dev`` is never touched.
    """
    dev = home / "dev"
    dev.mkdir(exist_ok=True)
    wrapped = f'set -u; DEV="{dev}"; mount -t tmpfs threadcomm-test "$DEV"; {script}'
    return subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", wrapped, "sh", *command()],
        env=environment(home),
        cwd=home,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
