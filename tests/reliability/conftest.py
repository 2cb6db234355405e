"""Fixtures for the reliability suite: ``--soak``, measured times, exception collectors.

The window fixtures and the waiting helper are the whole suite's (tests/support).

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
from collections.abc import Iterator

import pytest

from threadcomm.gui.window.main_window import MainWindow

SOAK_ENV = "THREADCOMM_SOAK"
#: Stop ends every thread's blocking call within 200 ms: each wait is bounded
#: (``Event.wait(timeout)`` loops, sentinels, interruptible sleeps), never ``time.sleep``.
STOP_BOUND_S = 0.2
#: What the tests assert for one Stop: the bound with a wide margin for a loaded machine.
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


# -- timing what a window does ------------------------------------------------------


class StateClock:
    """Notes when the controller enters each state (monotonic seconds), from its own signal."""

    def __init__(self, window: MainWindow) -> None:
        self.entered: dict[str, float] = {}
        window.controller.state_changed.connect(self._on_state_changed)

    def _on_state_changed(self, state: str) -> None:
        self.entered.setdefault(state, time.monotonic())
