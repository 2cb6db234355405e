"""The window's palettes: high contrast, and a dark one for systems whose Qt does not darken.

The painted views (timeline, queue, code margin) read their colours from the
widget palette through :func:`threadcomm.gui.theme.colors.view_colors`, so setting
one of these palettes on the window re-colours everything, views included.
High contrast also gets a style sheet for the controls themselves (buttons,
fields, check boxes, sliders, scroll bars, table headers): thick white
outlines, which Fusion would draw black on black, so a projected window shows
where every control is.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from threadcomm.assets import resource_path

__all__ = ["dark_palette", "high_contrast_palette", "high_contrast_sheet", "is_dark"]

_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup


def _palette(colors: dict[QPalette.ColorRole, str], disabled: str) -> QPalette:
    palette = QPalette()
    for role, value in colors.items():
        palette.setColor(role, QColor(value))
    for role in (_Role.WindowText, _Role.Text, _Role.ButtonText, _Role.PlaceholderText):
        palette.setColor(_Group.Disabled, role, QColor(disabled))
    return palette


def high_contrast_palette() -> QPalette:
    """Black ground, white text, yellow highlight and links (see ``palette.is_high_contrast``)."""
    return _palette(
        {
            _Role.Window: "#000000",
            _Role.WindowText: "#ffffff",
            _Role.Base: "#000000",
            _Role.AlternateBase: "#1c1c1c",
            _Role.Text: "#ffffff",
            _Role.Button: "#000000",
            _Role.ButtonText: "#ffffff",
            _Role.BrightText: "#ffff00",
            _Role.Highlight: "#ffff00",
            _Role.HighlightedText: "#000000",
            _Role.Link: "#ffff00",
            _Role.LinkVisited: "#ffd24d",
            _Role.ToolTipBase: "#000000",
            _Role.ToolTipText: "#ffff00",
            _Role.PlaceholderText: "#c8c8c8",
            _Role.Light: "#ffffff",
            _Role.Midlight: "#d0d0d0",
            _Role.Mid: "#a0a0a0",
            _Role.Dark: "#ffffff",
            _Role.Shadow: "#ffffff",
        },
        disabled="#a8a8a8",
    )


def dark_palette() -> QPalette:
    """A dark palette with light text, for a dark system whose Qt style stays light."""
    return _palette(
        {
            _Role.Window: "#2b2b2b",
            _Role.WindowText: "#f0f0f0",
            _Role.Base: "#1e1e1e",
            _Role.AlternateBase: "#2a2a2a",
            _Role.Text: "#f0f0f0",
            _Role.Button: "#383838",
            _Role.ButtonText: "#f0f0f0",
            _Role.BrightText: "#ff8a80",
            _Role.Highlight: "#0072b2",
            _Role.HighlightedText: "#ffffff",
            _Role.Link: "#56b4e9",
            _Role.LinkVisited: "#cc79a7",
            _Role.ToolTipBase: "#383838",
            _Role.ToolTipText: "#f0f0f0",
            _Role.PlaceholderText: "#a0a0a0",
            _Role.Light: "#5a5a5a",
            _Role.Midlight: "#454545",
            _Role.Mid: "#303030",
            _Role.Dark: "#202020",
            _Role.Shadow: "#000000",
        },
        disabled="#8c8c8c",
    )


def is_dark(palette: QPalette) -> bool:
    """Whether the palette paints light text on a dark window."""
    return palette.color(_Role.Window).lightness() < 128


#: Thick white outlines on the controls, yellow when checked; grey when disabled.
_SHEET = """
QToolButton, QPushButton {
    border: 2px solid #ffffff; border-radius: 4px; padding: 4px 10px;
    background: #000000; color: #ffffff;
}
QToolButton:checked, QPushButton:checked { border-color: #ffff00; color: #ffff00; }
QToolButton:disabled, QPushButton:disabled { border-color: #808080; color: #a8a8a8; }
QLineEdit, QAbstractSpinBox, QComboBox {
    border: 2px solid #ffffff; border-radius: 3px; padding: 2px 6px;
    background: #000000; color: #ffffff;
}
QLineEdit:disabled, QAbstractSpinBox:disabled, QComboBox:disabled {
    border-color: #808080; color: #a8a8a8;
}
QCheckBox::indicator, QRadioButton::indicator {
    width: 1em; height: 1em; border: 2px solid #ffffff; background: #000000;
}
QCheckBox::indicator:checked, QRadioButton::indicator:checked { background: #ffff00; }
QHeaderView::section {
    background: #000000; color: #ffff00; border: 1px solid #ffffff; padding: 3px;
}
QSlider::groove:horizontal { height: 6px; background: #ffffff; }
QSlider::sub-page:horizontal { background: #ffff00; }
QSlider::handle:horizontal {
    width: 1em; margin: -8px 0; background: #ffff00; border: 2px solid #ffffff; border-radius: 4px;
}
QScrollBar { background: #000000; border: 1px solid #ffffff; }
QScrollBar:vertical { width: 16px; }
QScrollBar:horizontal { height: 16px; }
QScrollBar::handle { background: #ffffff; border: 2px solid #000000; border-radius: 4px; }
QScrollBar::handle:vertical { min-height: 28px; }
QScrollBar::handle:horizontal { min-width: 28px; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; border: none; }
QScrollBar::add-page, QScrollBar::sub-page { background: none; }
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {
    width: 1.3em; border-left: 2px solid #ffffff; background: #000000;
}
QAbstractSpinBox::up-button { border-bottom: 1px solid #ffffff; }
QComboBox::drop-down { width: 1.4em; border-left: 2px solid #ffffff; }
QAbstractSpinBox::up-arrow { image: url(@UP@); width: 0.7em; height: 0.7em; }
QAbstractSpinBox::down-arrow, QComboBox::down-arrow {
    image: url(@DOWN@); width: 0.7em; height: 0.7em;
}
"""


def high_contrast_sheet() -> str:
    """The high-contrast style sheet (its arrows are SVG files under ``resources/themes``).

    Bordered spin boxes and combo boxes lose the style's own arrows, so the sheet
    draws white ones.
    """
    up, down = (resource_path("themes", f"arrow-{d}.svg").as_posix() for d in ("up", "down"))
    return _SHEET.replace("@UP@", up).replace("@DOWN@", down)
