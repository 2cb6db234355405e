"""Main windows for tests: a settings file of their own, closed and checked afterwards.

No test reads or writes the person's real settings: every window gets an explicit
INI file, and :func:`redirect_settings` points the app's default QSettings at the
test's folder too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QTimer

from threadcomm.gui.window.main_window import MainWindow

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

__all__ = [
    "active_timers",
    "close_and_check",
    "delete_now",
    "dispose",
    "open_window",
    "redirect_settings",
    "settings_file",
]


def settings_file(path: Path) -> QSettings:
    """A QSettings object reading and writing one INI file."""
    return QSettings(str(path), QSettings.Format.IniFormat)


def redirect_settings(folder: Path) -> None:
    """Point every INI-format QSettings (the app's default one too) at ``folder``."""
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))


def active_timers(window: MainWindow) -> list[str]:
    """The window's timers that are still running, as ``owner:interval`` strings."""
    return [
        f"{type(t.parent()).__name__}:{t.interval()}"
        for t in window.findChildren(QTimer)
        if t.isActive()
    ]


def delete_now() -> None:
    """Carry out every pending ``deleteLater()`` (only an event loop would, otherwise).

    A closed window that is not deleted stays alive in C++: it keeps receiving the
    application's font, palette and focus changes, and its Python side is left to the
    garbage collector, which with PySide6 6.12 on CPython 3.12+ clears its attributes
    while Qt still calls its handlers.
    """
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def dispose(window: MainWindow) -> None:
    """Close a window and delete it now (so hundreds of windows do not pile up)."""
    window.close()
    window.deleteLater()
    delete_now()


def open_window(qtbot: QtBot, ini: Path) -> MainWindow:
    """A MainWindow reading and writing ``ini``, shown and exposed."""
    window = MainWindow(settings=settings_file(ini))
    window.show()
    qtbot.waitExposed(window)
    return window


def close_and_check(window: MainWindow) -> None:
    """Close and delete ``window``; fail if a timer or a run's thread outlived it."""
    window.close()
    running = active_timers(window)
    pipeline = window.controller.pipeline
    window.deleteLater()
    delete_now()
    assert not running, f"timers still running after close: {running}"
    assert pipeline is None or not pipeline.is_running()
