"""The window's tests: the ``window`` and ``ui`` fixtures come from tests/support.

Here only the ``lab`` fixture: a run's views without the main window
(:mod:`tests.gui.views_harness`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.views_harness import Lab


@pytest.fixture
def lab(qtbot: QtBot) -> Iterator[Lab]:
    """A run controller and the four views; stopped, joined and closed after the test."""
    harness = Lab(qtbot)
    try:
        yield harness
    finally:
        harness.close()
