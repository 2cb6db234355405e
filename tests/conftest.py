"""Fixtures for every test: no display needed, and no thread may outlive its test."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest

#: The shared fixtures (window, ui, app_identity, private_settings): see tests/support.
pytest_plugins = ["tests.support.fixtures"]

# Before any QApplication exists: the suite runs with no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Scenario files of the person running the tests must not leak in.
os.environ.setdefault("THREADCOMM_SCENARIOS", os.devnull)

#: A thread that ends late gets this long before the test fails.
THREAD_GRACE_S = 2.0


@pytest.fixture(autouse=True)
def no_thread_left_running() -> Iterator[None]:
    """Fail any test that leaves a thread it started still running."""
    before = set(threading.enumerate())
    yield
    leftover = [t for t in threading.enumerate() if t not in before]
    for thread in leftover:
        thread.join(THREAD_GRACE_S / max(1, len(leftover)))
    alive = [t.name for t in leftover if t.is_alive()]
    assert not alive, f"threads still running after the test: {alive}"
