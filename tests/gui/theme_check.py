"""Measuring what a theme puts on the screen: switch themes as a person would, read a grab.

Tests that check text stays readable in every theme grab the widget, take the
most common colour as its background and the colour that stands out most as
the text, and check the WCAG contrast ratio between them (AA asks 4.5:1).
"""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from tests.support.desktop import switch_color_scheme
from threadcomm.gui.theme.colors import DARK, HIGH_CONTRAST, LIGHT, ViewColors, view_colors
from threadcomm.gui.window.main_window import MainWindow

from .test_presentation import contrast

__all__ = ["AA", "THEMES", "ground_and_ink", "use_theme"]

THEMES = {"light": LIGHT, "dark": DARK, "high contrast": HIGH_CONTRAST}
#: WCAG AA for normal text.
AA = 4.5


def use_theme(window: MainWindow, theme: str) -> ViewColors:
    """Switch the window to ``theme`` the way the person would; return its colours."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if view_colors(app.palette()) is not LIGHT:
        pytest.skip("the test platform is already dark")
    if theme == "dark":
        switch_color_scheme(Qt.ColorScheme.Dark)  # the system went dark
    elif theme == "high contrast":
        window.actions_.high_contrast.trigger()
    colors = view_colors(window.palette())
    assert colors is THEMES[theme]
    return colors


def ground_and_ink(image: QImage) -> tuple[QColor, QColor]:
    """The most common colour of ``image`` and the one that contrasts most with it."""
    width, height = image.width(), image.height()
    counts = Counter(image.pixel(x, y) for x in range(width) for y in range(height))
    ground = QColor.fromRgb(counts.most_common(1)[0][0])
    ink = max((QColor.fromRgb(rgb) for rgb in counts), key=lambda c: contrast(c, ground))
    return ground, ink
