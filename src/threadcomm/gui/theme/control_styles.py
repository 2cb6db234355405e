"""What presentation mode does to the controls themselves: outlines, big targets, dock titles.

:func:`style_controls` puts the high-contrast style sheet on each control
(button, field, check box, slider, scroll bar, table header), never on the
window or the application: there Qt's style sheet style would reset every
label's own font to its parent's whenever it polishes the widgets again, and
the views' large fonts would be lost. A control's style sheet fixes its font
when polished, so each call also polishes the controls with style sheets
again, for the zoomed font to reach them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QHeaderView,
    QLineEdit,
    QToolButton,
    QWidget,
)

from threadcomm.gui.theme.palettes import high_contrast_sheet

__all__ = ["TARGET_PX", "style_controls", "zoom_dock_titles"]

#: Smallest height of a button or field once zoomed in (a comfortable touch target).
TARGET_PX = 44
_TARGETS = (QAbstractButton, QComboBox, QAbstractSpinBox, QLineEdit)
#: What high contrast outlines (scroll bars and sliders included).
_OUTLINED = (*_TARGETS, QAbstractSlider, QHeaderView)
_BASE_MIN_H = "presentationBaseMinimumHeight"
_SHEET = "presentationStyleSheet"  # the style sheet this module put on a control
_BUTTON_STYLE = "presentationToolButtonStyle"


def _is_part(widget: QWidget) -> bool:
    """Qt's internal pieces (a spin box's editor, a line edit's clear button, dock buttons)."""
    parent = widget.parentWidget()
    return (
        widget.objectName().startswith("qt_")
        or isinstance(parent, QLineEdit | QAbstractSpinBox | QComboBox | QDockWidget)
        or (parent is not None and parent.objectName().startswith("qt_"))
    )


def _inside_control(widget: QWidget) -> bool:
    """A piece of a field, or a dock's title button.

    The field's own style sheet reaches its pieces; one on a dock's button would
    stop the dock's font from following the zoom.
    """
    parent = widget.parentWidget()
    return isinstance(parent, QLineEdit | QAbstractSpinBox | QComboBox | QDockWidget)


def zoom_dock_titles(window: QWidget, font: QFont | None) -> None:
    """Dock titles keep the platform's small title font unless the dock has its own font."""
    own = QFont(font) if font is not None else QFont()  # QFont(): inherit again
    if font is not None:
        own.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)  # differs, looks the same
    for dock in window.findChildren(QDockWidget):
        dock.setFont(own)


def style_controls(
    window: QWidget, *, high_contrast: bool, zoomed: bool, repolish: bool = True
) -> None:
    """High contrast's outlines on every control, big targets when zoomed in.

    ``repolish``: the font changed, so every control with a style sheet is
    polished again. Without it (controls made later, such as a new run's step
    buttons) only the controls not yet styled are touched.
    """
    sheet = high_contrast_sheet() if high_contrast else ""
    for widget in window.findChildren(QWidget):
        own = widget.styleSheet()
        if isinstance(widget, _OUTLINED) and not _inside_control(widget):
            if own in ("", widget.property(_SHEET)) and (repolish or own != sheet):
                widget.setProperty(_SHEET, sheet)
                widget.setStyleSheet(sheet)
                own = ""
        if own and repolish:  # a style sheet fixes a widget's font when polished
            widget.setStyleSheet(own)
        if isinstance(widget, _TARGETS) and not _is_part(widget):
            _size_target(widget, zoomed)
        if isinstance(widget, QToolButton) and not _is_part(widget):
            _icons(widget, shown=not sheet)


def _icons(button: QToolButton, *, shown: bool) -> None:
    """The style's icons are black: in high contrast the buttons show their words only."""
    style = button.property(_BUTTON_STYLE)
    if style is None:
        style = button.toolButtonStyle()
        button.setProperty(_BUTTON_STYLE, style)
    text_only = Qt.ToolButtonStyle.ToolButtonTextOnly
    button.setToolButtonStyle(Qt.ToolButtonStyle(style) if shown else text_only)


def _size_target(widget: QWidget, zoomed: bool) -> None:
    base = widget.property(_BASE_MIN_H)
    if base is None:
        base = widget.minimumHeight()
        widget.setProperty(_BASE_MIN_H, base)
    wanted = max(TARGET_PX, widget.fontMetrics().height() + 16) if zoomed else 0
    widget.setMinimumHeight(max(int(base), wanted))
