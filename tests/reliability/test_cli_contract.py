"""The 0/1/2 exit contract holds at its edges: odd numbers, odd values, odd platforms."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .cli_process import TIMEOUT_S, environment, no_traceback, one_line, run


def _strict_json(line: str) -> dict[str, object]:
    def refuse(constant: str) -> object:
        raise AssertionError(f"{constant} is not JSON")

    value = json.loads(line, parse_constant=refuse)
    assert isinstance(value, dict)
    return value


def test_an_infinite_result_still_gives_valid_summary_json(tmp_path: Path) -> None:
    done = run("--headless", "--quiet", "--summary-json", "--data", "1e308, -1e308", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _strict_json(done.stdout)["results"] == ["inf", "-inf"]


@pytest.mark.parametrize("spelling", [["--data", "-5..5"], ["--data=-5..5"]])
def test_a_data_list_starting_with_a_minus_is_a_value_not_an_option(
    tmp_path: Path, spelling: list[str]
) -> None:
    done = run("--headless", "--quiet", "--summary-json", *spelling, home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _strict_json(done.stdout)["items"] == 11


def test_a_negative_consumer_count_is_refused_by_the_range_check(tmp_path: Path) -> None:
    done = run("--headless", "--consumers", "-2", home=tmp_path)
    assert done.returncode == 2
    assert "consumers must be between 1 and 8" in one_line(done.stderr)


@pytest.mark.parametrize("option", ["--consumers", "--maxsize", "--delay", "--data"])
def test_non_ascii_digits_are_refused_by_every_numeric_option(tmp_path: Path, option: str) -> None:
    done = run("--headless", option, "\u0663", home=tmp_path)  # ARABIC-INDIC DIGIT THREE
    assert done.returncode == 2
    no_traceback(done.stderr)
    assert option in done.stderr and "\u0663" in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize(
    ("platform", "display", "reason"),
    [
        ("no-such-platform", None, 'Could not find the Qt platform plugin "no-such-platform"'),
        ("xcb", ":99", "could not connect to display :99"),
    ],
)
def test_a_qt_platform_that_cannot_start_exits_2_with_one_line(
    tmp_path: Path, platform: str, display: str | None, reason: str
) -> None:
    env = environment(tmp_path, QT_QPA_PLATFORM=platform)
    if display is not None:
        if Path("/tmp/.X11-unix/X99").exists():
            pytest.skip("display :99 exists on this machine")
        env["DISPLAY"] = display
    done = run(home=tmp_path, env=env)
    assert done.returncode == 2
    line = one_line(done.stderr)
    assert f"the Qt platform '{platform}' cannot start" in line
    assert reason in line
    assert 'README.md, "When the window does not open"' in line


@pytest.mark.skipif(os.name != "posix", reason="HOME is the settings' root on Unix-like systems")
def test_without_home_the_settings_are_not_put_at_the_root(tmp_path: Path) -> None:
    env = environment(tmp_path)
    for name in ("HOME", "XDG_CONFIG_HOME"):
        env.pop(name)
    script = (
        "from PySide6.QtCore import QCoreApplication\n"
        "from threadcomm.gui.window.preferences import default_qsettings\n"
        "app = QCoreApplication([])\n"
        "print(default_qsettings().fileName())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True,
        timeout=TIMEOUT_S, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    path = done.stdout.strip()
    assert not path.startswith("/.config"), path
    assert path.endswith("threadcomm/threadcomm.ini")
    import pwd

    home = pwd.getpwuid(os.getuid()).pw_dir
    expected = home if home != "/" and os.path.isdir(home) else tempfile.gettempdir()
    assert path.startswith(expected), path
