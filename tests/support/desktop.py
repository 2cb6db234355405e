"""What the person's desktop does to a running app, done the way the desktop does it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

__all__ = ["switch_color_scheme"]


def switch_color_scheme(scheme: Qt.ColorScheme) -> None:
    """The system's colour scheme changes to ``scheme`` (dark mode switched on or off).

    Qt reports this with ``QStyleHints.colorSchemeChanged``; the offscreen platform
    never does, so this emits that signal, and every window listening hears it.
    """
    hints = QGuiApplication.styleHints()
    hints.colorSchemeChanged.emit(scheme)
