"""Fixtures for the reliability suite: ``--soak``, private settings, windows, exception collectors.

``--soak`` (or ``THREADCOMM_SOAK=1``) raises the hypothesis budgets and runs the
tests marked ``soak``, which are skipped otherwise. The option is registered
here, so name this folder on the command line to use it::

    pytest tests/reliability --soak

Every measured stop, close and flood time is printed in the terminal summary.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from tests.qt_settings import private_settings  # noqa: F401 (an autouse fixture)
from threadcomm.gui.window.main_window import MainWindow

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

SOAK_ENV = "THREADCOMM_SOAK"
#: Longest any test waits for a run to reach a state (the machine is shared and busy).
WAIT_MS = 15_000
#: The design's bound for Stop and for the threads to end once asked (DESIGN.md: 200 ms).
DESIGN_STOP_S = 0.2
#: What the tests assert for Stop: the design's bound with a wide margin for a loaded machine.
STOP_LIMIT_S = 1.0
#: closeEvent joins for at most 1 s; the assertion leaves room for the rest of closing.
CLOSE_LIMIT_S = 2.0

#: name -> seconds, printed at the end of the session.
MEASURED: dict[str, float] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--soak",
        action="store_true",
        default=False,
        help=f"long reliability runs: bigger hypothesis budgets, tests marked soak ({SOAK_ENV}=1)",
    )


def soak_enabled(config: pytest.Config) -> bool:
    """Whether this session is a soak run."""
    flag = bool(config.getoption("--soak", default=False))
    return flag or os.environ.get(SOAK_ENV, "") not in ("", "0")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if soak_enabled(config):
        return
    skip = pytest.mark.skip(reason=f"soak test: run with --soak (or {SOAK_ENV}=1)")
    for item in items:
        if item.get_closest_marker("soak") is not None:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not MEASURED:
        return
    terminalreporter.section("reliability: measured times")
    width = max(len(name) for name in MEASURED)
    for name, seconds in sorted(MEASURED.items()):
        terminalreporter.write_line(f"{name:<{width}}  {seconds * 1000:9.1f} ms")


def measure(name: str, seconds: float) -> None:
    """Record a measured time for the terminal summary (the slowest one per name is kept)."""
    MEASURED[name] = max(seconds, MEASURED.get(name, 0.0))


@pytest.fixture
def soak(request: pytest.FixtureRequest) -> bool:
    """True in a soak run."""
    return soak_enabled(request.config)


# -- exceptions in any thread or slot ------------------------------------------------


class Caught:
    """Exceptions that reached ``sys.excepthook`` (slots) or ``threading.excepthook``."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self._lock = threading.Lock()

    def _add(self, where: str, exc: BaseException | None, tb: object) -> None:
        text = "".join(traceback.format_exception(type(exc), exc, tb))  # type: ignore[arg-type]
        sys.stderr.write(f"reliability: exception in {where}:\n{text}")
        with self._lock:
            self.errors.append(f"{where}: {type(exc).__name__}: {exc}\n{text}")

    def sys_hook(self, kind: type[BaseException], exc: BaseException, tb: object) -> None:
        self._add("a slot or the GUI thread (sys.excepthook)", exc, tb)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        name = args.thread.name if args.thread is not None else "?"
        self._add(f"thread {name} (threading.excepthook)", args.exc_value, args.exc_traceback)

    def take(self) -> list[str]:
        """The exceptions so far (they no longer fail the test)."""
        with self._lock:
            taken, self.errors = self.errors, []
        return taken

    def assert_none(self) -> None:
        assert not self.errors, "exceptions were raised:\n" + "\n".join(self.errors)


@pytest.fixture
def caught(request: pytest.FixtureRequest) -> Iterator[Caught]:
    """Collect every exception that escapes a thread or a Qt slot; fail the test if any is left.

    pytest-qt swaps ``sys.excepthook`` around each test phase, which would remove this
    collector: a test using it must be marked ``qt_no_exception_capture``.
    """
    if request.node.get_closest_marker("qt_no_exception_capture") is None:
        raise pytest.UsageError("the caught fixture needs @pytest.mark.qt_no_exception_capture")
    collector = Caught()
    saved = sys.excepthook, threading.excepthook
    sys.excepthook, threading.excepthook = collector.sys_hook, collector.thread_hook
    try:
        yield collector
    finally:
        sys.excepthook, threading.excepthook = saved
    collector.assert_none()


# -- windows -------------------------------------------------------------------------


def settings_file(path: Path) -> QSettings:
    """A QSettings object reading and writing one INI file."""
    return QSettings(str(path), QSettings.Format.IniFormat)


def active_timers(window: MainWindow) -> list[str]:
    return [
        f"{type(t.parent()).__name__}:{t.interval()}"
        for t in window.findChildren(QTimer)
        if t.isActive()
    ]


def dispose(window: MainWindow) -> None:
    """Close a window and delete it now (so hundreds of windows do not pile up)."""
    window.close()
    window.deleteLater()
    QApplication.processEvents()


def wait_until(qtbot: QtBot, condition: Callable[[], object], timeout_ms: int = WAIT_MS) -> None:
    """Process events until ``condition()`` is true; fail after ``timeout_ms``."""

    def check() -> None:
        assert condition()

    qtbot.waitUntil(check, timeout=timeout_ms)


class StateClock:
    """Notes when the controller enters each state (monotonic seconds), from its own signal."""

    def __init__(self, window: MainWindow) -> None:
        self.entered: dict[str, float] = {}
        window.controller.state_changed.connect(self._on_state_changed)

    def _on_state_changed(self, state: str) -> None:
        self.entered.setdefault(state, time.monotonic())


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """A shown MainWindow with a settings file of its own; closed and checked afterwards."""
    win = MainWindow(settings=settings_file(tmp_path / "threadcomm.ini"))
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    running = active_timers(win)
    pipeline = win.controller.pipeline
    win.deleteLater()
    QApplication.processEvents()
    assert not running, f"timers still running after close: {running}"
    assert pipeline is None or not pipeline.is_running()


@pytest.fixture
def app_identity() -> Iterator[None]:
    """Undo what threadcomm.gui.app.application() changes on the shared QApplication."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    saved = (
        app.font(),
        app.organizationName(),
        app.applicationName(),
        app.applicationDisplayName(),
        app.windowIcon(),
        app.desktopFileName(),
    )
    yield
    font, org, name, display, icon, desktop = saved
    app.setFont(font)
    app.setOrganizationName(org)
    app.setApplicationName(name)
    app.setApplicationDisplayName(display)
    app.setWindowIcon(icon)
    app.setDesktopFileName(desktop)
