"""A teacher's scenario folder cannot hang, crash or blind threadcomm, whatever it holds.

Each hostile file is skipped with one line naming it and why; the shipped
scenarios stay; nothing blocks (a FIFO) or reads forever (a device).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .cli_process import environment, no_traceback, one_line, run

SHIPPED = ("tutorial", "several-consumers", "backpressure", "consumer-crash", "forgot-set")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "scenarios"
    path.mkdir()
    return path


def _threadcomm(folder: Path, *args: str) -> tuple[int, str, str]:
    env = environment(folder.parent, THREADCOMM_SCENARIOS=str(folder))
    done = run(*args, home=folder.parent, env=env)
    no_traceback(done.stderr)
    return done.returncode, done.stdout, done.stderr


def _listed(stdout: str) -> list[str]:
    return [line.split()[0] for line in stdout.splitlines()]


def _skipped(folder: Path, name: str) -> str:
    """List the scenarios; assert the shipped ones are there and ``name`` was skipped."""
    code, out, err = _threadcomm(folder, "--list-scenarios")
    assert code == 0, err
    listed = _listed(out)
    assert set(SHIPPED) <= set(listed), out
    assert name not in listed
    line = one_line(err)
    assert line.startswith(f"threadcomm: {name}.toml: ") and line.endswith("(skipped)"), line
    return line


def test_a_deeply_nested_file_is_skipped_and_the_rest_listed(folder: Path) -> None:
    (folder / "deep.toml").write_text("x = " + "[" * 500 + "]" * 500 + "\n")
    assert "nested too deeply" in _skipped(folder, "deep")


def test_a_deeply_nested_file_does_not_stop_a_run_of_a_shipped_scenario(folder: Path) -> None:
    (folder / "deep.toml").write_text("x = " + "[" * 500 + "]" * 500 + "\n")
    code, out, err = _threadcomm(folder, "--headless", "--scenario", "tutorial", "--delay", "0")
    assert code == 0, err
    assert "data found to be processed: 5" in out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_skipped_without_waiting_for_a_writer(folder: Path) -> None:
    os.mkfifo(folder / "pipe.toml")
    assert "not a regular file" in _skipped(folder, "pipe")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
def test_a_link_to_an_endless_device_is_skipped(folder: Path) -> None:
    (folder / "zero.toml").symlink_to("/dev/zero")
    assert "not a regular file" in _skipped(folder, "zero")


def test_a_huge_file_is_skipped_unread(folder: Path) -> None:
    with (folder / "huge.toml").open("wb") as file:
        file.truncate(64 * 1024 * 1024)  # sparse: costs no disk
    assert "too large" in _skipped(folder, "huge")


def test_a_file_with_a_byte_order_mark_is_accepted(folder: Path) -> None:
    (folder / "bom.toml").write_bytes('\ufefftitle = "With a BOM"\n'.encode())
    code, out, err = _threadcomm(folder, "--list-scenarios")
    assert code == 0 and err == "", err
    assert "With a BOM" in out


def test_unknown_keys_are_reported_and_the_scenario_kept(folder: Path) -> None:
    (folder / "typo.toml").write_text('title = "Typo"\nconsumer = 3\n')
    code, out, err = _threadcomm(folder, "--list-scenarios")
    assert code == 0
    assert "typo" in _listed(out)
    assert one_line(err) == "threadcomm: typo.toml: unknown key 'consumer' ignored"


def test_a_scenario_that_replaces_a_shipped_one_is_named_as_such(folder: Path) -> None:
    (folder / "tutorial.toml").write_text('title = "My tutorial"\n')
    code, out, err = _threadcomm(folder, "--list-scenarios")
    assert code == 0
    assert "My tutorial" in out
    assert "replaces the built-in" in one_line(err) and "tutorial.toml" in err


@pytest.mark.parametrize(
    ("lesson", "reason"),
    [
        ("../../../../../../../../etc/passwd", "outside the lesson folder"),
        ("/etc/passwd", "must be a file name, not a path"),
        ("binary.py", "not UTF-8 text"),
        ("missing.py", "not found"),
    ],
)
def test_a_lesson_outside_the_allowed_folders_or_not_text_is_refused(
    folder: Path, lesson: str, reason: str
) -> None:
    (folder / "binary.py").write_bytes(bytes(range(256)))
    (folder / "sneaky.toml").write_text(f'title = "Sneaky"\nlesson = "{lesson}"\n')
    assert reason in _skipped(folder, "sneaky")
    code, out, err = _threadcomm(folder, "--headless", "--scenario", "sneaky")
    assert code == 2 and out == ""
    assert "sneaky" in one_line(err) and reason in err


def test_a_lesson_beside_the_teachers_scenario_is_used(folder: Path) -> None:
    (folder / "mine.py").write_text("print('my own listing')\n")
    (folder / "mine.toml").write_text('title = "Mine"\nlesson = "mine.py"\n')
    code, out, err = _threadcomm(folder, "--list-scenarios")
    assert code == 0 and err == "", err
    assert "mine" in _listed(out)


def test_a_scenario_with_a_bad_data_list_is_refused_when_chosen(folder: Path) -> None:
    (folder / "later.toml").write_text('title = "Later"\ndata = "5, ten"\n')
    code, out, err = _threadcomm(folder, "--list-scenarios")
    assert code == 0 and "later" in _listed(out) and err == ""
    code, out, err = _threadcomm(folder, "--headless", "--scenario", "later")
    assert code == 2
    assert one_line(err) == (
        "threadcomm: --scenario later: its data list: item 2, column 4: 'ten' is not a number"
    )
