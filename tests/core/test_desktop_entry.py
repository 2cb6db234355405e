"""``threadcomm --install-desktop-entry``: a menu entry and icon for one user, without root."""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.core.cli_run import threadcomm
from threadcomm.desktop_entry import APP_ID, ICON_SIZES

DESKTOP = Path("applications") / f"{APP_ID}.desktop"


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_install_on_a_fresh_account_creates_the_folders_and_every_file(tmp_path: Path) -> None:
    data = tmp_path / "fresh" / "share"  # nothing exists yet, not even ~/.local/share
    done = threadcomm("--install-desktop-entry", env={"XDG_DATA_HOME": str(data)})
    assert done.returncode == 0, done.stderr
    assert (data / DESKTOP).is_file()
    assert (data / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (data / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()
    for size in ICON_SIZES:
        assert (data / f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png").is_file()
    assert f"installed {data / DESKTOP}" in done.stdout


def test_installed_entry_starts_this_threadcomm(tmp_path: Path) -> None:
    data = tmp_path / "share"
    assert threadcomm("--install-desktop-entry", env={"XDG_DATA_HOME": str(data)}).returncode == 0
    entry = _entry(data / DESKTOP)
    assert entry["Icon"] == APP_ID
    command = shlex.split(entry["Exec"])
    assert Path(command[0]).is_absolute() and Path(command[0]).is_file()
    assert entry["TryExec"] == command[0]
    # The menu's command is a working threadcomm: it runs the tutorial headless.
    done = subprocess.run(
        [*command, "--headless", "--quiet"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_installed_entry_is_valid(tmp_path: Path) -> None:
    data = tmp_path / "share"
    assert threadcomm("--install-desktop-entry", env={"XDG_DATA_HOME": str(data)}).returncode == 0
    done = subprocess.run(
        ["desktop-file-validate", str(data / DESKTOP)], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout


def test_uninstall_removes_what_install_wrote_and_nothing_else(tmp_path: Path) -> None:
    data = tmp_path / "share"
    other = data / "applications" / "someone-else.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\n", "utf-8")
    env = {"XDG_DATA_HOME": str(data)}
    assert threadcomm("--install-desktop-entry", env=env).returncode == 0
    done = threadcomm("--uninstall-desktop-entry", env=env)
    assert done.returncode == 0, done.stderr
    left = sorted(p.name for p in data.rglob("*") if p.is_file())
    assert left == ["someone-else.desktop"]
    again = threadcomm("--uninstall-desktop-entry", env=env)
    assert again.returncode == 0
    assert "no menu entry was installed" in again.stdout


def test_install_into_a_read_only_place_says_what_failed(tmp_path: Path) -> None:
    blocker = tmp_path / "share"
    blocker.write_text("a file where a folder should be", "utf-8")
    done = threadcomm("--install-desktop-entry", env={"XDG_DATA_HOME": str(blocker)})
    assert done.returncode == 1
    assert done.stderr.startswith("threadcomm: --install-desktop-entry: ")
    assert "Traceback" not in done.stderr
