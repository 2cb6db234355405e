"""The app opened on broken files: damaged settings, settings it cannot save, bad scenario files.

The window is made as ``threadcomm.gui.app`` makes it (``application()`` then
``MainWindow()``, with the default QSettings pointed at this test's folder). It
must open with its defaults and tell the person what it ignored.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.reliability.timing import CLOSE_LIMIT_S, measure
from tests.support.waiting import wait_until
from tests.support.windows import dispose
from threadcomm.core.config import RunConfig
from threadcomm.core.trace import Status
from threadcomm.gui.app import application
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.window.main_window import MainWindow
from threadcomm.gui.window.preferences import RunOptions, default_qsettings

DEFAULTS = RunOptions()
SHIPPED = ("tutorial", "several-consumers", "backpressure", "consumer-crash", "forgot-set")


def _can_still_write(locked: Path) -> bool:
    """True when chmod did not stop this process from writing there (root, some file systems)."""
    try:
        if locked.is_dir():
            probe = locked / ".probe"
            probe.touch()
            probe.unlink()
        else:
            with locked.open("a", encoding="utf-8"):
                pass
    except PermissionError:
        return False
    return True


@pytest.fixture
def open_app(qtbot: QtBot, app_identity: None) -> Iterator[Callable[[], MainWindow]]:
    """Open the window the way the app does (app_identity undoes ``application()``)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        assert application() is app
        window = MainWindow()
        windows.append(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield make
    for window in windows:
        dispose(window)


@pytest.fixture
def ini_path(private_settings: Path) -> Path:
    """Where the app's default QSettings reads and writes, inside this test's folder."""
    path = Path(default_qsettings().fileName())
    assert private_settings in path.parents
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _works(qtbot: QtBot, window: MainWindow) -> None:
    """The window runs the tutorial list to the end."""
    window.data_input.set_text(DEFAULTS.data)
    window.options_panel.delay.setValue(0.0)
    assert window.start_button.isEnabled()
    window.start_button.click()
    wait_until(lambda: window.controller.state is RunState.FINISHED, qtbot=qtbot)
    assert [r.value for r in window.controller.model.results][:4] == [10, 20, 26, -2]


def _shown(window: MainWindow) -> str:
    """Everything the window says outside the controls: banner and status bar message."""
    return f"{window.banner.text()}\n{window.statusBar().currentMessage()}"


# -- damaged settings ----------------------------------------------------------------

WRONG_TYPES = (
    "[run]\nconsumers=lots\ndelay=-5\nmaxsize=many\nhandshake=perhaps\n"
    "[window]\ngeometry=garbage\nstate=garbage\n[view]\nfont_size=huge\n"
)
#: file content -> (consumers, maxsize, delay, handshake) the window must show.
BROKEN_SETTINGS: dict[str, tuple[bytes, tuple[int, int, float, bool]]] = {
    "garbage-bytes": (bytes(range(256)) * 64, (1, 0, 0.4, True)),
    "wrong-types": (WRONG_TYPES.encode(), (1, 0, 0.4, True)),
    # The lines before the cut are good and kept; "0." is a readable 0.0.
    "truncated-mid-line": (b'[run]\nconsumers=3\ndata="1, 2, 3"\ndelay=0.', (3, 0, 0.0, True)),
    "not-utf8": (b"[run]\ndata=\xff\xfe\x00\x01\nconsumers=\xc3\x28\n", (1, 0, 0.4, True)),
    "enormous-data": (b"[run]\ndata=" + b"1, " * 200_000 + b"\n", (1, 0, 0.4, True)),
}


@pytest.mark.parametrize("name", list(BROKEN_SETTINGS))
def test_a_damaged_settings_file_opens_the_window_with_defaults(
    qtbot: QtBot, open_app: Callable[[], MainWindow], ini_path: Path, name: str
) -> None:
    content, values = BROKEN_SETTINGS[name]
    ini_path.write_bytes(content)
    window = open_app()
    assert window.options_panel.values() == values
    data = window.data_input
    if name == "truncated-mid-line":
        assert data.text() == "1, 2, 3"
    elif name == "not-utf8":  # undecodable text comes back as text, and is explained
        assert data.items is None and "Problem" in data.message.text()
        data.set_text(DEFAULTS.data)
    else:
        assert data.text() == DEFAULTS.data
    current = window.scenario_combo.current()  # a scenario is named only with its own data
    assert current is None or current.data == data.text()
    _works(qtbot, window)
    # Closing writes a clean file that the next start reads back.
    window.options_panel.set_values(3, 2, 0.25, False)
    window.close()
    again = open_app()
    assert again.options_panel.values() == (3, 2, 0.25, False)


@pytest.mark.parametrize("saved", ["", "   "])
def test_an_empty_saved_data_list_is_reset_and_said_not_left_blank(
    qtbot: QtBot, open_app: Callable[[], MainWindow], ini_path: Path, saved: str
) -> None:
    ini_path.write_text(f"[run]\ndata={saved}\nconsumers=2\n", encoding="utf-8")
    window = open_app()
    assert window.data_input.text() == DEFAULTS.data
    assert window.start_button.isEnabled()
    assert window.options_panel.values()[0] == 2  # the rest of the file is kept
    assert "could not be used" in window.banner.text() and "data" in window.banner.text()
    _works(qtbot, window)


@pytest.mark.qt_log_ignore("QVariant::load: unknown user type")
def test_a_corrupt_serialized_value_is_ignored(
    qtbot: QtBot, open_app: Callable[[], MainWindow], ini_path: Path
) -> None:
    # A value QSettings itself cannot decode (Qt warns about it; the window must not care).
    ini_path.write_text(
        "[run]\ndata=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x1dgarbage)\n"
        "[window]\ngeometry=@ByteArray(\\x01\\x02)\nstate=@Variant(\\0)\n",
        encoding="latin-1",
    )
    window = open_app()
    assert window.run_options().data == DEFAULTS.data
    _works(qtbot, window)


def test_ignored_settings_are_named_in_the_window(
    open_app: Callable[[], MainWindow], ini_path: Path
) -> None:
    ini_path.write_text(WRONG_TYPES, encoding="utf-8")
    window = open_app()
    assert window.options_panel.values() == (1, 0, DEFAULTS.delay, True)
    shown = _shown(window)
    for key in ("consumers", "delay"):
        assert key in shown, f"the window does not say it ignored {key!r}: {shown!r}"


# -- settings that cannot be saved ---------------------------------------------------


def _unsaveable(private_settings: Path) -> Path:
    """Make the settings folder a regular file: nothing, not even root, can write below it."""
    folder = Path(default_qsettings().fileName()).parent
    assert folder.parent == private_settings
    folder.write_text("a file where the settings folder should be\n", encoding="utf-8")
    return folder


def test_settings_that_cannot_be_saved_still_open_and_close_the_window(
    qtbot: QtBot, open_app: Callable[[], MainWindow], private_settings: Path
) -> None:
    blocker = _unsaveable(private_settings)
    window = open_app()
    assert window.run_options() == DEFAULTS
    _works(qtbot, window)
    window.options_panel.set_values(2, 0, 0.0, True)
    started = time.monotonic()
    window.close()
    took = time.monotonic() - started
    measure("close with unsaveable settings", took)
    assert took < CLOSE_LIMIT_S
    assert blocker.is_file()  # still the same file; nothing was written under it


def test_settings_that_cannot_be_saved_are_reported(
    open_app: Callable[[], MainWindow], private_settings: Path
) -> None:
    _unsaveable(private_settings)
    window = open_app()
    shown = _shown(window).lower()
    assert "settings" in shown and ("saved" in shown or "remember" in shown), (
        f"the window does not say its settings cannot be saved: {shown!r}"
    )


@pytest.mark.parametrize("target", ["file", "folder"])
def test_read_only_settings_are_read_and_closing_does_not_fail(
    qtbot: QtBot,
    open_app: Callable[[], MainWindow],
    ini_path: Path,
    target: str,
) -> None:
    ini_path.write_text("[run]\nconsumers=3\ndata=1, 2, 3, 4\n", encoding="utf-8")
    locked = ini_path if target == "file" else ini_path.parent
    mode = locked.stat().st_mode
    locked.chmod(0o400 if target == "file" else 0o500)
    try:
        if _can_still_write(locked):
            pytest.skip("running as root: chmod does not stop writes (see the unsaveable tests)")
        window = open_app()
        assert window.options_panel.values()[0] == 3
        assert window.data_input.text() == "1, 2, 3, 4"
        window.options_panel.set_values(1, 0, 0.0, True)
        window.close()
        assert "consumers=3" in ini_path.read_text(encoding="utf-8")
    finally:
        locked.chmod(stat.S_IMODE(mode))


# -- the teacher's scenario folder ---------------------------------------------------

BROKEN_SCENARIOS: dict[str, bytes | None] = {
    "not-toml": b"title = [unclosed\n",
    "not-utf8": b'title = "\xff\xfe caf\xe9"\n',
    "wrong-types": b'title = "x"\nconsumers = "lots"\n',
    "out-of-range": b'title = "x"\nconsumers = 99\ndelay = -5\n',
    "unknown-bug": b'title = "x"\nbug = "forget_everything"\n',
    "missing-lesson": b'title = "x"\nlesson = "no_such_lesson.py"\n',
    "lesson-outside": b'title = "x"\nlesson = "../../../../../../../../etc/passwd"\n',
    "nested-too-deep": b"x = " + b"[" * 500 + b"]" * 500 + b"\n",
    "binary-garbage": bytes(range(256)) * 16,
    "a-folder-not-a-file": None,  # unreadable even for root
}


@pytest.fixture
def scenario_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "teacher-scenarios"
    folder.mkdir()
    monkeypatch.setenv("THREADCOMM_SCENARIOS", str(folder))
    return folder


@pytest.mark.parametrize("name", list(BROKEN_SCENARIOS))
def test_a_broken_scenario_file_is_named_and_the_rest_still_work(
    qtbot: QtBot, open_app: Callable[[], MainWindow], scenario_folder: Path, name: str
) -> None:
    content = BROKEN_SCENARIOS[name]
    if content is None:
        (scenario_folder / f"{name}.toml").mkdir()
    else:
        (scenario_folder / f"{name}.toml").write_bytes(content)
    (scenario_folder / "good-one.toml").write_text(
        'title = "A teacher\'s own"\ndata = "1..3"\ndelay = 0.0\n', encoding="utf-8"
    )
    window = open_app()
    text = window.banner.text()
    assert "Some scenario files were skipped" in text
    assert f"{name}.toml" in text, text
    assert "Traceback" not in text
    combo = window.scenario_combo
    for shipped in SHIPPED:
        assert combo.findData(shipped) >= 0, f"{shipped} is missing"
    assert combo.findData(name) < 0
    assert combo.findData("good-one") >= 0
    assert window.run_options() == DEFAULTS
    _works(qtbot, window)


#: Files whose data list is checked when the scenario is chosen, not when the window opens.
BAD_DATA_SCENARIOS: dict[str, tuple[bytes, str]] = {
    "hostile-data": (b'title = "x"\ndata = "' + b"[" * 10_000 + b'"\n', "Problem:"),
    "fault-beyond-data": (
        b'title = "x"\ndata = "1, 2"\nfault_item = 7\ndelay = 0.0\n',
        "Cannot start: this scenario makes item 7 fail",
    ),
}


@pytest.mark.parametrize("name", list(BAD_DATA_SCENARIOS))
def test_a_scenario_with_bad_data_says_so_when_chosen_and_the_rest_still_work(
    qtbot: QtBot, open_app: Callable[[], MainWindow], scenario_folder: Path, name: str
) -> None:
    content, message = BAD_DATA_SCENARIOS[name]
    (scenario_folder / f"{name}.toml").write_bytes(content)
    window = open_app()
    assert window.banner.text() == ""  # nothing was parsed at start-up
    assert window.run_options() == DEFAULTS
    window.scenario_combo.choose(name)
    assert not window.start()
    assert message in window.banner.text() + window.data_input.message.text()
    window.scenario_combo.choose("tutorial")
    _works(qtbot, window)


def test_an_unreadable_scenario_file_is_named(
    open_app: Callable[[], MainWindow], scenario_folder: Path
) -> None:
    path = scenario_folder / "secret.toml"
    path.write_text('title = "x"\n', encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: chmod 0 does not stop reads (see a-folder-not-a-file)")
        window = open_app()
        assert "secret.toml" in window.banner.text()
        assert "cannot be read" in window.banner.text()
    finally:
        path.chmod(0o600)


def test_a_run_after_a_broken_scenario_file_is_clean(
    qtbot: QtBot, open_app: Callable[[], MainWindow], scenario_folder: Path
) -> None:
    (scenario_folder / "broken.toml").write_text("title = [\n", encoding="utf-8")
    window = open_app()
    assert "broken.toml" in window.banner.text()
    window.start(RunConfig((5, 10, 13, -1)))
    wait_until(lambda: window.controller.state is RunState.FINISHED, qtbot=qtbot)
    summary = window.controller.model.summary
    assert summary is not None and summary.status is Status.COMPLETED
    assert window.banner.text() == ""  # the new run's banner starts clean
