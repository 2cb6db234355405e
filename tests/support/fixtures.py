"""The fixtures every suite shares, registered for all of ``tests/`` by ``tests/conftest.py``.

- ``private_settings`` (autouse): QSettings never touch the person's own file.
- ``closed_widgets_are_deleted`` (autouse): what a test closed is gone before the next.
- ``window``: a shown MainWindow with a settings file of its own; closed and checked.
- ``ui``: a :class:`~tests.support.driver.Driver` for that window.
- ``app_identity``: undoes what ``threadcomm.gui.app.application()`` changes on the
  shared QApplication (font, names, icon).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtWidgets import QApplication

from tests.support.driver import Driver
from tests.support.windows import close_and_check, delete_now, open_window, redirect_settings

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from threadcomm.gui.window.main_window import MainWindow


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Point every INI-format QSettings (the app's default one too) at a folder of this test's.

    The folder is beside ``tmp_path``, not in it: tests that list ``tmp_path`` see only
    their own files.
    """
    folder = tmp_path_factory.mktemp("settings")
    redirect_settings(folder)
    return folder


@pytest.fixture(autouse=True)
def closed_widgets_are_deleted() -> Iterator[None]:
    """After the test, delete the widgets pytest-qt closed and called ``deleteLater()`` on."""
    yield
    if QApplication.instance() is not None:
        delete_now()


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """A shown MainWindow with a settings file of its own; closed and checked afterwards."""
    win = open_window(qtbot, tmp_path / "threadcomm.ini")
    yield win
    close_and_check(win)


@pytest.fixture
def ui(qtbot: QtBot, window: MainWindow) -> Driver:
    """A driver for the window fixture."""
    return Driver(qtbot, window)


@pytest.fixture
def app_identity(qapp: QApplication) -> Iterator[None]:
    """Undo what ``threadcomm.gui.app.application()`` changes on the shared QApplication.

    Every test in tests/gui gets it; others ask for it where they open the app:
    a test that opens the app the way ``run_app`` does must not leave a bigger font,
    another name or version to the tests after it.
    """
    app = qapp
    saved = (
        app.font(),
        app.organizationName(),
        app.applicationName(),
        app.applicationDisplayName(),
        app.windowIcon(),
        app.desktopFileName(),
        app.applicationVersion(),
    )
    yield
    font, org, name, display, icon, desktop, version = saved
    app.setFont(font)
    app.setOrganizationName(org)
    app.setApplicationName(name)
    app.setApplicationDisplayName(display)
    app.setWindowIcon(icon)
    app.setDesktopFileName(desktop)
    app.setApplicationVersion(version)
