"""The window's tests: the ``window`` and ``ui`` fixtures come from tests/support.

Here the ``lab`` fixture: a run's views without the main window
(:mod:`tests.gui.views_harness`); and every test here undoes what opening the app
the way ``run_app`` does changes on the shared QApplication (``app_identity``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.views_harness import Lab


@pytest.fixture(autouse=True)
def _restore_app_identity(app_identity: None) -> None:
    """A test that calls ``run_app`` or ``application()`` leaves the next one as it found it."""


@pytest.fixture
def lab(qtbot: QtBot) -> Iterator[Lab]:
    """A run controller and the four views; stopped, joined and closed after the test."""
    harness = Lab(qtbot)
    try:
        yield harness
    finally:
        harness.close()
