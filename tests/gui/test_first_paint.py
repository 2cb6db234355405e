"""Work the first paint does not need runs just after it, never before, never twice."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from threadcomm.gui.window.first_paint import after_first_paint
from threadcomm.gui.window.main_window import MainWindow


def test_the_work_waits_for_the_first_paint_and_runs_once(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    ran: list[int] = []
    after_first_paint(widget, lambda: ran.append(1))
    qtbot.wait(20)  # an event loop that turns with nothing painted
    assert ran == []
    widget.show()
    qtbot.waitUntil(lambda: ran == [1])
    widget.update()
    widget.repaint()
    qtbot.wait(20)
    assert ran == [1], "later paints do not run it again"


def test_the_help_text_is_loaded_once_the_window_has_painted(qtbot: QtBot) -> None:
    window = MainWindow(remember=False)
    qtbot.addWidget(window)
    panel = window.help_panel
    assert panel._browser.toPlainText() == "", "building the window leaves the text for later"
    window.show()
    qtbot.waitUntil(lambda: "Queue: put and get" in panel._browser.toPlainText())
    window.close()
