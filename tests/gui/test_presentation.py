"""Presentation mode: zoom everything, high contrast, dark mode, big targets, visible focus."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.support.desktop import switch_color_scheme
from tests.support.windows import settings_file
from threadcomm.core.trace import State
from threadcomm.gui.theme.colors import DARK, HIGH_CONTRAST, LIGHT, ViewColors, view_colors
from threadcomm.gui.theme.control_styles import TARGET_PX
from threadcomm.gui.theme.presentation import ZOOM_STEPS
from threadcomm.gui.window.main_window import MainWindow

CONTROLS = (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QAbstractSlider,
    QAbstractItemView,
    QAbstractScrollArea,
)
VIEWS = ("timelineView", "queueView", "codeView", "explanationView")


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def is_part_of_another_control(widget: QWidget) -> bool:
    """Qt's pieces of a bigger control, reached through it: a scroll area's bars, a table's
    headers, a combo box's list, a spin box's editor, a line edit's clear button, a dock's
    float/close buttons (View menu toggles the docks)."""
    parent = widget.parentWidget()
    if parent is None:
        return False
    if isinstance(widget, QHeaderView) or widget.objectName().startswith("qt_"):
        return True
    if isinstance(parent, QLineEdit | QAbstractSpinBox | QDockWidget):
        return True
    if parent.objectName().startswith("qt_scrollarea"):
        return True  # a QAbstractScrollArea's own scroll bars live in these containers
    return any(isinstance(w, QComboBox) and widget is w.view() for w in ancestors(widget))


def ancestors(widget: QWidget) -> list[QWidget]:
    found = []
    parent = widget.parentWidget()
    while parent is not None:
        found.append(parent)
        parent = parent.parentWidget()
    return found


def interactive_controls(window: MainWindow) -> list[QWidget]:
    controls = [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, CONTROLS) and not is_part_of_another_control(w)
    ]
    return controls + [window.findChild(QWidget, name) for name in VIEWS]  # type: ignore[misc]


def takes_focus(widget: QWidget) -> bool:
    proxy = widget.focusProxy()
    policy = (proxy or widget).focusPolicy()
    return bool(policy & Qt.FocusPolicy.TabFocus)


# -- accessibility ------------------------------------------------------------------------


def test_every_control_has_an_accessible_name_and_takes_the_keyboard_focus(
    window: MainWindow,
) -> None:
    controls = interactive_controls(window)
    assert len(controls) > 20
    unnamed = [
        f"{type(w).__name__} {w.objectName()!r}" for w in controls if not w.accessibleName()
    ]
    no_focus = [f"{type(w).__name__} {w.objectName()!r}" for w in controls if not takes_focus(w)]
    assert unnamed == [], "controls without an accessible name"
    assert no_focus == [], "controls the keyboard cannot reach"


def test_tab_reaches_every_visible_control(window: MainWindow) -> None:
    chain, widget = set(), window.start_button.nextInFocusChain()
    while widget is not window.start_button:
        chain.add(widget)
        widget = widget.nextInFocusChain()
    chain.add(window.start_button)
    missing = [
        w.accessibleName()
        for w in interactive_controls(window)
        if w.isVisible() and (w.focusProxy() or w) not in chain
    ]
    assert missing == []


def test_a_thick_focus_ring_follows_the_keyboard(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    spin = window.options_panel.consumers
    spin.setFocus()
    tracker = window.presentation.focus
    qtbot.waitUntil(lambda: tracker.ring() is not None and tracker.target is spin)
    ring = tracker.ring()
    assert ring is not None and ring.isVisible()
    assert ring.geometry() == spin.rect()
    image = ring.grab().toImage()
    assert QColor(image.pixel(1, ring.height() // 2)) == LIGHT.focus
    window.results_table.setFocus()
    qtbot.waitUntil(lambda: tracker.target is window.results_table)
    assert tracker.ring() is not None and tracker.ring().parentWidget() is window.results_table  # type: ignore[union-attr]


# -- zoom --------------------------------------------------------------------------------


def test_zoom_has_its_keys_and_view_menu_items(window: MainWindow) -> None:
    a = window.actions_
    assert {"Ctrl++", "Ctrl+="} <= {k.toString() for k in a.zoom_in.shortcuts()}
    assert QKeySequence("Ctrl+-") in a.zoom_out.shortcuts()
    assert a.zoom_reset.shortcut() == QKeySequence("Ctrl+0")
    assert QKeySequence("F11") in a.fullscreen.shortcuts()
    view_menu = next(m for m in window.menuBar().actions() if m.text() == "&View").menu()
    items = set(view_menu.actions())  # type: ignore[union-attr]
    assert {a.zoom_in, a.zoom_out, a.zoom_reset, a.fullscreen, a.high_contrast} <= items


def test_zoom_steps_through_100_to_250_percent_and_back(window: MainWindow) -> None:
    p, a = window.presentation, window.actions_
    seen = [p.zoom]
    for _ in ZOOM_STEPS:
        a.zoom_in.trigger()
        seen.append(p.zoom)
    assert seen == [*ZOOM_STEPS, ZOOM_STEPS[-1]]
    assert not a.zoom_in.isEnabled()
    a.zoom_out.trigger()
    assert p.zoom == 200
    a.zoom_reset.trigger()
    assert p.zoom == 100 and not a.zoom_out.isEnabled()


def test_zoom_reaches_the_timeline_code_queue_and_log(window: MainWindow) -> None:
    timeline = window.findChild(QWidget, "timelineView")
    code, queue = window.findChild(QWidget, "codeView"), window.findChild(QWidget, "queueView")

    def sizes() -> tuple[float, ...]:
        painter = timeline.canvas.painter  # type: ignore[union-attr]
        return (
            painter.font.pointSizeF(),
            painter.label_w,
            code.editor.font().pointSizeF(),  # type: ignore[union-attr]
            queue.strip.minimumHeight(),  # type: ignore[union-attr]
            queue.header.font().pointSizeF(),  # type: ignore[union-attr]
            window.log_view.font().pointSizeF(),
            window.help_panel.browser.font().pointSizeF(),
        )

    before = sizes()
    window.presentation.set_zoom(200)
    after = sizes()
    assert all(a > b for a, b in zip(after, before, strict=True)), (before, after)
    assert after[0] == pytest.approx(before[0] * 2)


def test_zoomed_in_buttons_and_fields_are_big_enough_to_hit(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(1600, 1000)
    window.presentation.set_zoom(150)
    names = ("startButton", "pauseButton", "stepButton", "stopButton", "scenarioCombo")
    names += ("dataInput", "consumersSpin", "maxsizeSpin", "delaySpin", "handshakeCheck")
    widgets = [window.findChild(QWidget, n) for n in names]

    def tall() -> None:
        assert all(w.height() >= TARGET_PX for w in widgets), [w.height() for w in widgets]  # type: ignore[union-attr]

    qtbot.waitUntil(tall)
    window.presentation.reset_zoom()
    assert all(w.minimumHeight() < TARGET_PX for w in widgets)  # type: ignore[union-attr]


def test_zoom_and_high_contrast_are_remembered(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "threadcomm.ini"
    first = MainWindow(settings=settings_file(path))
    qtbot.addWidget(first)
    first.presentation.set_zoom(175)
    first.actions_.high_contrast.trigger()
    first.close()
    second = MainWindow(settings=settings_file(path))
    qtbot.addWidget(second)
    assert second.presentation.zoom == 175
    assert second.presentation.high_contrast and second.actions_.high_contrast.isChecked()
    second.actions_.high_contrast.trigger()
    second.close()


# -- themes --------------------------------------------------------------------------------


@pytest.mark.parametrize("colors", [LIGHT, DARK, HIGH_CONTRAST], ids=["light", "dark", "hc"])
def test_every_theme_keeps_the_views_text_readable(colors: ViewColors) -> None:
    assert contrast(colors.ink, colors.background) >= 7
    assert contrast(colors.ink, colors.card) >= 7
    assert contrast(colors.margin_text, colors.margin) >= 4.5
    assert contrast(colors.muted, colors.background) >= 4.5
    for state in State:
        if state is not State.ENDED:
            assert contrast(colors.state_text[state], colors.state[state]) >= 4.5, state


def test_high_contrast_state_colours_stay_apart() -> None:
    fills = [HIGH_CONTRAST.state[s] for s in State if s is not State.ENDED]
    assert len({c.name() for c in fills}) == len(fills)
    for fill in fills:
        assert contrast(fill, HIGH_CONTRAST.background) >= 7, fill.name()


def timeline_pixels(window: MainWindow) -> tuple[QColor, set[str]]:
    view = window.findChild(QWidget, "timelineView")
    image = view.render_to_image(800, 300)  # type: ignore[union-attr]
    label_column = {
        QColor(image.pixel(x, y)).name() for x in range(4, 120) for y in range(30, 290)
    }
    return QColor(image.pixel(790, 295)), label_column


def test_high_contrast_paints_the_window_and_the_views_black_white_and_yellow(
    window: MainWindow,
) -> None:
    window.actions_.high_contrast.trigger()
    palette = window.palette()
    assert palette.color(QPalette.ColorRole.Window) == QColor("#000000")
    assert palette.color(QPalette.ColorRole.WindowText) == QColor("#ffffff")
    for name in ("startButton", "dataInput", "consumersSpin", "scenarioCombo", "delaySlider"):
        sheet = window.findChild(QWidget, name).styleSheet()  # type: ignore[union-attr]
        assert "border: 2px solid #ffffff" in sheet
    for name in VIEWS:
        assert view_colors(window.findChild(QWidget, name).palette()) is HIGH_CONTRAST  # type: ignore[union-attr]
    ground, labels = timeline_pixels(window)
    assert ground == QColor("#000000")
    assert "#ffffff" in labels, "the lane names are white"
    text_only = Qt.ToolButtonStyle.ToolButtonTextOnly
    assert window.start_button.toolButtonStyle() == text_only, "the style's icons are black"
    window.actions_.high_contrast.trigger()
    assert window.start_button.styleSheet() == ""
    assert window.start_button.toolButtonStyle() != text_only
    assert view_colors(window.palette()) is LIGHT


def test_controls_made_later_get_the_theme_and_the_zoom_too(window: MainWindow) -> None:
    window.presentation.set_zoom(200)
    window.presentation.set_high_contrast(True)
    late = QPushButton("made during a run", window.centralWidget())
    assert view_colors(late.palette()) is HIGH_CONTRAST
    assert late.font().pointSizeF() == window.font().pointSizeF()


def test_every_label_follows_the_zoom_even_under_style_sheets(window: MainWindow) -> None:
    labels = window.findChildren(QLabel)
    for high_contrast in (False, True):
        window.presentation.set_high_contrast(high_contrast)
        window.presentation.reset_zoom()
        before = {label: label.font().pointSizeF() for label in labels}
        window.presentation.set_zoom(200)
        small = [
            lb.objectName() or lb.text()
            for lb in labels
            if lb.font().pointSizeF() < before[lb] * 1.9
        ]
        assert small == [], f"labels that did not zoom (high contrast {high_contrast})"


def test_closing_the_window_gives_the_application_its_own_look_back(
    qtbot: QtBot, tmp_path: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, palette = QFont(app.font()), QPalette(app.palette())
    window = MainWindow(settings=settings_file(tmp_path / "s.ini"))
    qtbot.addWidget(window)
    window.presentation.set_zoom(250)
    window.presentation.set_high_contrast(True)
    assert app.font() != font
    assert app.palette().color(QPalette.ColorRole.Window) == QColor("#000000")
    window.close()
    assert app.font() == font
    assert app.palette().color(QPalette.ColorRole.Window) == palette.color(
        QPalette.ColorRole.Window
    )


def test_a_closed_window_leaves_the_application_alone_when_the_system_goes_dark(
    qtbot: QtBot, tmp_path: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if view_colors(app.palette()) is not LIGHT:
        pytest.skip("the test platform is already dark")
    window = MainWindow(settings=settings_file(tmp_path / "s.ini"))
    qtbot.addWidget(window)
    window.close()  # closed, not yet deleted: it still hears the system
    switch_color_scheme(Qt.ColorScheme.Dark)
    try:
        assert view_colors(app.palette()) is LIGHT
    finally:
        switch_color_scheme(Qt.ColorScheme.Light)


def test_a_dark_system_gets_dark_views_with_light_text(window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if view_colors(app.palette()) is not LIGHT:
        pytest.skip("the test platform is already dark")
    switch_color_scheme(Qt.ColorScheme.Dark)
    for name in VIEWS:
        assert view_colors(window.findChild(QWidget, name).palette()) is DARK  # type: ignore[union-attr]
    ground, labels = timeline_pixels(window)
    assert ground.lightness() < 60
    assert any(QColor(c).lightness() > 200 for c in labels), "lane names are light"
    switch_color_scheme(Qt.ColorScheme.Light)
    assert view_colors(window.palette()) is LIGHT


def test_maximising_for_a_projector_widens_the_side_views_too(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    left = window.centralWidget()  # the code, on the left
    right = window.findChild(QDockWidget, "timelineViewDock")
    assert left is not None and right is not None
    before = left.width(), right.width()
    window.resize(1920, 1080)
    # The centre does not take all of it: each column keeps its share of the width.
    qtbot.waitUntil(lambda: right.width() >= before[1] * 1.4 and left.width() >= before[0] * 1.4)
    window.resize(1280, 800)  # and back: everything fits again
    qtbot.waitUntil(lambda: window.width() == 1280)
    assert left.width() + right.width() <= 1280
