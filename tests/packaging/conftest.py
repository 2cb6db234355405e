"""The ``frozen_app`` fixture: the executable in dist/, when it has been built.

Tests that need it skip when ``dist/threadcomm/`` has not been built, unless
``THREADCOMM_REQUIRE_FROZEN=1`` (CI after ``pyinstaller build.spec``): then a
missing bundle fails them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.packaging.frozen import EXECUTABLE, require_frozen


@pytest.fixture(scope="session")
def frozen_app() -> Path:
    """The frozen executable, or skip (fail under THREADCOMM_REQUIRE_FROZEN=1)."""
    if not EXECUTABLE.is_file():
        message = f"the frozen app is not built ({EXECUTABLE}); run: pyinstaller build.spec"
        if require_frozen():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return EXECUTABLE
