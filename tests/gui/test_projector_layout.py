"""On a projector the back row reads the code, and nothing the class needs is cut off.

Each test opens the window at 1280x720 at 100% and at 1920x1080 at 150% zoom,
in the normal and the high-contrast theme, and measures what is on screen.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDockWidget,
    QLabel,
    QWidget,
)

from tests.support.driver import Driver
from threadcomm.gui.app import MIN_POINT_SIZE
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.views.code_lines import Listing
from threadcomm.gui.views.code_view import CodeView
from threadcomm.gui.views.timeline.view import TimelineView
from threadcomm.gui.window.main_window import MainWindow

from .theme_check import use_theme

#: (window size, zoom in percent): a 720p projector, and a 1080p one at 150%.
SCREENS = [((1280, 720), 100), ((1920, 1080), 150)]
SCREEN_IDS = ["1280x720-100", "1920x1080-150"]
THEME_NAMES = ["light", "high contrast"]


@pytest.fixture
def app_font(qapp: QApplication) -> Iterator[None]:
    """The text size the application starts with (``threadcomm`` raises it to 11 pt)."""
    font = qapp.font()
    bigger = QFont(font)
    bigger.setPointSize(max(font.pointSize(), MIN_POINT_SIZE))
    qapp.setFont(bigger)
    yield
    qapp.setFont(font)


def _setup(window: MainWindow, ui: Driver, size: tuple[int, int], zoom: int, theme: str) -> None:
    use_theme(window, theme)
    while window.presentation.zoom < zoom:
        window.actions_.zoom_in.trigger()
    assert window.presentation.zoom == zoom
    window.resize(*size)
    timeline = window.findChild(QDockWidget, "timelineViewDock")
    assert timeline is not None

    def laid_out() -> bool:  # the code and the right-hand column share the new width
        code = window.centralWidget()
        return (window.width(), window.height()) == size and (
            code.width() + timeline.width() >= size[0] - 16
        )

    ui.wait_for(laid_out)


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def _visible_lines(code: CodeView) -> range:
    """The 1-based lines of the listing wholly inside the code view's viewport."""
    editor = code.editor
    block = editor.firstVisibleBlock()
    offset = editor.contentOffset()
    bottom = editor.viewport().height()
    first = last = block.blockNumber() + 1
    while block.isValid():
        geometry = editor.blockBoundingGeometry(block).translated(offset)
        if geometry.bottom() > bottom:
            break
        last = block.blockNumber() + 1
        block = block.next()
    return range(first, last + 1)


@pytest.mark.parametrize("theme", THEME_NAMES)
@pytest.mark.parametrize(("size", "zoom"), SCREENS, ids=SCREEN_IDS)
def test_the_code_is_in_front_wide_and_tall_enough_for_both_functions(
    app_font: None, window: MainWindow, ui: Driver, size: tuple[int, int], zoom: int, theme: str
) -> None:
    _setup(window, ui, size, zoom, theme)
    window.scenario_combo.choose("tutorial")
    code = window.findChild(CodeView, "codeView")
    assert code is not None
    assert window.centralWidget() is code  # never a tab behind another panel
    assert _shown(code)
    editor = code.editor
    columns = editor.viewport().width() // QFontMetrics(editor.font()).horizontalAdvance("x")
    assert columns >= 60, f"only {columns} characters per line"
    listing = Listing(code.editor.toPlainText())
    wanted = [
        number
        for number, (section, text) in enumerate(
            zip(listing.sections, listing.lines, strict=True), start=1
        )
        if section in ("creator", "consumer") and text.strip()
    ]
    shown = _visible_lines(code)
    missing = [n for n in wanted if n not in shown]
    assert not missing, f"lines {missing} of the creator and consumer are scrolled away"


@pytest.mark.parametrize("theme", THEME_NAMES)
@pytest.mark.parametrize(("size", "zoom"), SCREENS, ids=SCREEN_IDS)
def test_no_label_button_or_combo_box_is_narrower_than_its_text(
    app_font: None, window: MainWindow, ui: Driver, size: tuple[int, int], zoom: int, theme: str
) -> None:
    _setup(window, ui, size, zoom, theme)
    cut: list[str] = []
    for widget in window.findChildren(QWidget):
        if not _shown(widget):
            continue
        metrics = widget.fontMetrics()
        if isinstance(widget, QLabel) and not widget.wordWrap() and widget.text():
            text = widget.text().replace("&", "")
            if widget.width() < metrics.horizontalAdvance(text):
                cut.append(f"label {text!r}: {widget.width()} px")
        elif isinstance(widget, QAbstractButton) and widget.text():
            text = widget.text().replace("&", "")
            if widget.width() < metrics.horizontalAdvance(text):
                cut.append(f"button {text!r}: {widget.width()} px")
        elif isinstance(widget, QComboBox):
            need = max(
                metrics.horizontalAdvance(widget.itemText(i)) for i in range(widget.count())
            )
            if widget.width() < need:
                cut.append(f"combo box {widget.objectName()}: {widget.width()} < {need} px")
    assert not cut, cut


@pytest.mark.parametrize("theme", THEME_NAMES)
@pytest.mark.parametrize(("size", "zoom"), SCREENS, ids=SCREEN_IDS)
def test_the_results_table_shows_four_rows_and_the_lane_labels_fit(
    app_font: None, window: MainWindow, ui: Driver, size: tuple[int, int], zoom: int, theme: str
) -> None:
    _setup(window, ui, size, zoom, theme)
    window.scenario_combo.choose("several-consumers")
    window.options_panel.delay.setValue(0.0)
    ui.click("startButton")
    ui.wait_finished()
    results = window.findChild(QDockWidget, "resultsTableDock")
    assert results is not None
    results.raise_()  # its tab, as the teacher clicks it
    table = window.results_table
    ui.wait_for(lambda: _shown(table))
    row_height = table.verticalHeader().defaultSectionSize()
    assert table.viewport().height() >= 4 * row_height, "fewer than four result rows show"
    timeline = window.findChild(TimelineView, "timelineView")
    assert timeline is not None and _shown(timeline)
    canvas = timeline.canvas
    frame = canvas.frame(canvas.width(), canvas.height())
    bold = QFontMetrics(canvas.painter.label_font)
    lanes = timeline.lanes()
    assert len(lanes) == 6  # creator, three consumers, coordinator, GUI thread
    assert frame.lane_h >= bold.height(), "lane labels lose the bottoms of their letters"
    assert frame.axis_h + len(lanes) * frame.lane_h <= canvas.height() + 1, "a lane is cut off"
    for lane in lanes:
        assert bold.horizontalAdvance(lane) + 10 <= frame.label_w, lane
    assert ui.state in (RunState.FINISHED, RunState.IDLE)


@pytest.mark.parametrize(("size", "zoom"), SCREENS, ids=SCREEN_IDS)
def test_help_opens_as_a_wide_panel_beside_the_code(
    app_font: None, window: MainWindow, ui: Driver, size: tuple[int, int], zoom: int
) -> None:
    _setup(window, ui, size, zoom, "light")
    window.actions_.help.trigger()
    browser = window.help_panel.browser

    def columns() -> int:
        return browser.viewport().width() // browser.fontMetrics().horizontalAdvance("x")

    ui.wait_for(lambda: _shown(browser) and columns() >= 45)  # characters per line
    assert _shown(window.centralWidget())  # the code stays in view


def test_the_code_scrolls_to_keep_every_threads_line_in_view(
    app_font: None, window: MainWindow, ui: Driver
) -> None:
    _setup(window, ui, (1280, 720), 100, "light")
    window.banner.show_message("error", "four lines\nof a deadlock's\ndiagnosis\nabove the code")
    code = window.findChild(CodeView, "codeView")
    assert code is not None
    ui.wait_for(lambda: 0 < len(_visible_lines(code)) < 40)
    code.editor.verticalScrollBar().setValue(0)
    listing = Listing(code.editor.toPlainText())
    creator = listing.find("creator", ("evt.wait()",))
    consumer = listing.find("consumer", ("q.task_done()",), "processed")
    assert creator is not None and consumer is not None
    code.editor.set_tags({creator: [("creator", "creator")], consumer: [("consumer-1", "c1")]})
    shown = _visible_lines(code)
    assert creator in shown and consumer in shown


def test_a_long_banner_is_shown_whole(app_font: None, window: MainWindow, ui: Driver) -> None:
    _setup(window, ui, (1280, 720), 100, "light")
    words = "A diagnosis that goes on and on, as a deadlock's does. " * 10
    window.banner.show_message("error", "\n".join([words, "who waits", "on what", "and why"]))
    label = next(child for child in window.banner.findChildren(QLabel) if child.wordWrap())

    def whole() -> bool:
        return label.height() >= label.heightForWidth(label.width())

    ui.wait_for(whole)
    assert _shown(window.centralWidget())
