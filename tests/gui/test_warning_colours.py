"""Warning text stays readable in every theme: the data list's problem, a slot off the GUI thread.

Each test measures what is on the screen: it grabs the widget, takes the most
common colour as its background and the colour that stands out most as the
text, and checks the WCAG contrast ratio between them (AA asks 4.5:1). The
theme is switched after the warning is shown, as a teacher would mid-lesson.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDockWidget

from tests.support.driver import Driver
from threadcomm.gui.window.main_window import MainWindow

from .test_presentation import contrast
from .theme_check import AA, THEMES, ground_and_ink, use_theme

SLOT_RAN_ON = 4


@pytest.mark.parametrize("theme", THEMES)
def test_the_data_list_problem_reads_well_in_every_theme(window: MainWindow, theme: str) -> None:
    data = window.data_input
    data.set_text("5, 10, 1x3, -1")
    assert data.message.text().startswith("\u26a0 Problem")
    colors = use_theme(window, theme)
    ground, ink = ground_and_ink(data.message.grab().toImage())
    assert ink == colors.error, (theme, ink.name())
    assert ground == window.palette().color(window.backgroundRole())
    assert contrast(ink, ground) >= AA, (theme, ink.name(), ground.name())
    data.set_text("5, 10")  # fixed: back to ordinary text
    _, ink = ground_and_ink(data.message.grab().toImage())
    assert ink != colors.error


@pytest.mark.parametrize("theme", THEMES)
def test_a_slot_that_ran_off_the_gui_thread_reads_well_in_every_theme(
    window: MainWindow, ui: Driver, theme: str
) -> None:
    assert window.scenario_combo.choose("direct-connection") is not None
    window.options_panel.delay.setValue(0.0)
    ui.click("startButton")
    ui.wait_finished()
    ui.wait_for(lambda: ui.table_column(SLOT_RAN_ON) == ["consumer-1"] * 4)
    colors = use_theme(window, theme)
    table = window.results_table
    dock = window.findChild(QDockWidget, "resultsTableDock")  # a tab among the side panels
    assert dock is not None
    dock.raise_()
    ui.wait_for(table.isVisible)
    for row in (0, 1):  # the plain and the alternate row colour
        cell = table.model().index(row, SLOT_RAN_ON)
        table.scrollTo(cell)  # the column may lie beyond a narrow panel's right edge
        rect = table.visualRect(cell).adjusted(2, 2, -2, -2)
        assert table.viewport().rect().contains(rect), (theme, row, rect)
        ground, ink = ground_and_ink(table.viewport().grab(QRect(rect)).toImage())
        assert ink == colors.error, (theme, row, ink.name())
        assert contrast(ink, ground) >= AA, (theme, row, ink.name(), ground.name())
