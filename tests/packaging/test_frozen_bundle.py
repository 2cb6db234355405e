"""The double-click app in dist/ (``pyinstaller build.spec``) runs like the source does.

Every test here needs the bundle: it skips when dist/threadcomm/ is not built,
and fails instead under THREADCOMM_REQUIRE_FROZEN=1 (CI, ``.ci/frozen``).
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.frozen import BUNDLE, REPO, project_version, run_frozen
from tests.support.self_test_report import passed_but_for_speed

pytestmark = pytest.mark.frozen

#: Bundle and archive limits in MiB (what ``du -sm`` prints).
MAX_BUNDLE_MB = 110
MAX_ARCHIVE_MB = 55
VERSION = project_version()


def _last_json_line(stdout: str) -> dict[str, object]:
    return json.loads(stdout.strip().splitlines()[-1])


def test_headless_run_doubles_the_tutorial_data(frozen_app: Path, tmp_path: Path) -> None:
    done = run_frozen(frozen_app, "--headless", "--summary-json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    summary = _last_json_line(done.stdout)
    assert summary["status"] == "completed"
    assert summary["results"] == [10, 20, 26, -2]
    assert "Creating data and putting it on the queue" in done.stdout


def test_headless_needs_no_display(frozen_app: Path, tmp_path: Path) -> None:
    done = run_frozen(
        frozen_app,
        "--headless",
        "--quiet",
        cwd=tmp_path,
        env={"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""},
    )
    assert done.returncode == 0, done.stderr


def test_a_streamed_trace_is_converted_by_the_bundle_itself(
    frozen_app: Path, tmp_path: Path
) -> None:
    done = run_frozen(
        frozen_app,
        "--headless",
        "--quiet",
        "--summary-json",
        "--data",
        "1..3000",
        "--trace-out",
        "run.json.gz",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert _last_json_line(done.stdout)["trace_converter_peak_rss_mb"]
    with gzip.open(tmp_path / "run.json.gz", "rt", encoding="utf-8") as file:
        trace = json.load(file)
    assert trace["otherData"]["events"] == 8 * 3000 + 13


def test_bad_input_exits_2_with_a_message(frozen_app: Path, tmp_path: Path) -> None:
    done = run_frozen(frozen_app, "--headless", "--data", "5, ten", cwd=tmp_path)
    assert done.returncode == 2
    assert "--data" in done.stderr


def test_self_test_passes_in_the_real_window_offscreen(frozen_app: Path, tmp_path: Path) -> None:
    done = run_frozen(
        frozen_app, "--self-test", cwd=tmp_path, env={"QT_QPA_PLATFORM": "offscreen"}
    )
    report = _last_json_line(done.stdout)
    assert passed_but_for_speed(report), report
    assert report["delivered_on_gui_thread"] == report["items"]
    # A plugin or library left out of the bundle shows up here first.
    assert "Cannot load library" not in done.stderr, done.stderr
    assert "Could not load the Qt platform plugin" not in done.stderr, done.stderr


def _tree_mb(folder: Path) -> float:
    """Apparent size of the files under ``folder`` (symlinks counted once, as links)."""
    total = sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_dir() or p.is_symlink())
    return total / 2**20


def test_bundle_is_at_most_110_mb(frozen_app: Path) -> None:
    assert _tree_mb(BUNDLE) <= MAX_BUNDLE_MB


def test_archive_is_written_and_at_most_55_mb(frozen_app: Path) -> None:
    suffix = {"win32": ".zip", "darwin": ".tar.gz"}.get(sys.platform, ".tar.xz")
    archives = sorted(REPO.joinpath("dist").glob(f"threadcomm-{VERSION}-*{suffix}"))
    assert archives, f"no dist/threadcomm-{VERSION}-*{suffix}"
    assert archives[-1].stat().st_size / 2**20 <= MAX_ARCHIVE_MB


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux plugin file names")
def test_bundle_keeps_the_platform_plugins_and_leaves_out_unused_qt(frozen_app: Path) -> None:
    qt = BUNDLE / "_internal" / "PySide6" / "Qt"
    platforms = {p.name for p in (qt / "plugins" / "platforms").iterdir()}
    assert {"libqxcb.so", "libqoffscreen.so", "libqminimal.so"} <= platforms
    libs = {p.name.split(".so")[0] for p in (qt / "lib").iterdir()}
    assert libs.isdisjoint(
        {"libQt6Network", "libQt6Qml", "libQt6Quick", "libQt6Pdf", "libQt6OpenGL"}
    )
    assert not (qt / "translations").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd is Linux's")
def test_x11_plugin_finds_every_library_it_links(frozen_app: Path) -> None:
    # What the bundle lacks must come from the system; a library missing on the
    # build machine is neither bundled nor found here (docs: "Building the executable").
    internal = BUNDLE / "_internal"
    plugin = internal / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    done = subprocess.run(
        ["ldd", str(plugin)],
        env={**os.environ, "LD_LIBRARY_PATH": str(internal)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    missing = [line.strip() for line in done.stdout.splitlines() if "not found" in line]
    assert not missing


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux library names")
def test_bundle_leaves_the_desktop_system_libraries_to_the_system(frozen_app: Path) -> None:
    # Every Linux desktop has these (the self-test above proves the app starts
    # without the bundle's copies); the .deb depends on their packages.
    system = {
        "libstdc++", "libgcc_s", "libX11", "libX11-xcb", "libglib-2.0", "libgthread-2.0",
        "libfontconfig", "libfreetype", "libexpat", "libz",
    }  # fmt: skip
    bundled = {p.name.split(".so")[0] for p in BUNDLE.rglob("*.so*")}
    assert not system & bundled


def test_bundle_carries_every_licence_it_redistributes(frozen_app: Path) -> None:
    licences = BUNDLE / "_internal" / "resources" / "licenses"
    shipped = {p.name for p in licences.iterdir()}
    assert {
        "LICENSE", "README.txt", "LGPL-3.0.txt", "GPL-3.0.txt",
        "Python-LICENSE.txt", "PyInstaller-COPYING.txt",
    } <= shipped  # fmt: skip
    assert (licences / "LICENSE").read_text("utf-8").startswith("MIT License")
    python = (licences / "Python-LICENSE.txt").read_text("utf-8")
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in python


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="freedesktop menus")
def test_menu_entry_from_the_unpacked_app_starts_that_app(
    frozen_app: Path, tmp_path: Path
) -> None:
    data = tmp_path / "fresh-account" / "share"
    done = run_frozen(
        frozen_app, "--install-desktop-entry", cwd=tmp_path, env={"XDG_DATA_HOME": str(data)}
    )
    assert done.returncode == 0, done.stderr
    entry = (data / "applications" / "io.github.threadcomm.threadcomm.desktop").read_text("utf-8")
    assert f"Exec={frozen_app.resolve()}\n" in entry
    assert (data / "icons/hicolor/256x256/apps/io.github.threadcomm.threadcomm.png").is_file()
