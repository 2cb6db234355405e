"""The reliability suite's hooks and fixtures: ``--soak``, the measured times, ``caught``.

The window fixtures and the waiting helper are the whole suite's (tests/support);
the time bounds and :func:`~tests.reliability.timing.measure` are in
:mod:`tests.reliability.timing`, the exception collector in :mod:`tests.reliability.caught`.

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
from collections.abc import Iterator

import pytest

from tests.reliability.caught import Caught
from tests.reliability.timing import MEASURED

SOAK_ENV = "THREADCOMM_SOAK"


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


@pytest.fixture
def soak(request: pytest.FixtureRequest) -> bool:
    """True in a soak run."""
    return soak_enabled(request.config)


# -- exceptions in any thread or slot ------------------------------------------------


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
