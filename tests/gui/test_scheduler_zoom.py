"""Zoomed in for a classroom, the scheduler's step buttons stay whole in the left column.

The column scrolls down, never sideways: a button wider than the column would
lose the end of its text ("Step consumer-" with no number). These tests zoom
the window in, start a run, then grow the window as a teacher maximising it
would, and look at every step button where the column shows it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from tests.support.driver import Driver
from threadcomm.core.config import RunConfig
from threadcomm.gui.window.main_window import MainWindow

#: Long enough that no thread finishes before the test has looked.
HELD = 5.0


def cut_off(panel: QWidget) -> list[str]:
    """The panel's buttons and fields that the column does not show whole, left to right."""
    area = panel.parentWidget().parentWidget()  # the viewport's scroll area
    assert isinstance(area, QScrollArea)
    viewport = area.viewport()
    cut = []
    for control in panel.findChildren(QAbstractButton) + panel.findChildren(QAbstractSpinBox):
        left = control.mapTo(viewport, QPoint(0, 0)).x()
        if left < 0 or left + control.width() > viewport.width():
            cut.append(f"{control.accessibleName()}: beyond the column's edge")
        elif control.width() < control.sizeHint().width():
            cut.append(f"{control.accessibleName()}: narrower than its text")
    if panel.width() > viewport.width():
        cut.append(f"the panel is {panel.width() - viewport.width()} px wider than the column")
    return cut


@pytest.mark.parametrize(
    ("zoom", "consumers", "high_contrast"),
    [(150, 3, False), (150, 8, False), (150, 3, True), (250, 8, True)],
    ids=["150%-3", "150%-8", "150%-3-high-contrast", "250%-8-high-contrast"],
)
def test_every_step_button_shows_its_whole_text_when_zoomed_in(
    window: MainWindow,
    ui: Driver,
    qtbot: QtBot,
    zoom: int,
    consumers: int,
    high_contrast: bool,
) -> None:
    window.resize(1280, 800)  # the first start's size
    window.presentation.set_zoom(zoom)
    window.presentation.set_high_contrast(high_contrast)
    window.start(RunConfig(items=(5, 10), consumers=consumers, delay=HELD))
    panel = window.classroom.scheduler
    names = ["creator"] + [f"consumer-{n}" for n in range(1, consumers + 1)]
    assert list(panel.buttons) == names
    assert [b.text() for b in panel.buttons.values()] == [f"Step {n}" for n in names]

    def whole() -> None:
        assert cut_off(panel) == []

    qtbot.waitUntil(whole)
    window.resize(1920, 1080)  # maximised on a classroom projector
    qtbot.waitUntil(whole)
    ui.click("stopButton")
    ui.wait_finished()
