"""The tutorial verbatim and the mistake scenarios in the window: what the class sees."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl

from tests.support.driver import Driver
from threadcomm.core.mistakes import has_queue_shutdown
from threadcomm.gui.views.code_view import CodeView
from threadcomm.gui.views.queue_view import QueueView
from threadcomm.gui.window.main_window import MainWindow

#: Fast enough for a test, slow enough that each scenario's pacing still tells its story.
DELAY = 0.05
WAIT_MS = 20_000

#: scenario -> words its banner must say once the run has ended
BANNERS = {
    "task-done-twice": "consumer-1 died of ValueError: task_done() called too many times",
    "continue-skips-task-done": "main waits in q.join()",
    "task-done-before-result": 'printed "All work completed!" with 3 of 4 results',
    "one-event-reused": "the wake-up was lost",
    "one-sentinel-two-consumers": "main put one sentinel",
    "daemon-consumer": "The program exited while consumer-1 was in the middle of item 3 (13)",
}


def _start(window: MainWindow, ui: Driver, name: str) -> None:
    assert window.scenario_combo.choose(name) is not None, f"no scenario {name}"
    window.options_panel.delay.setValue(DELAY)
    ui.click("startButton")


def _code(window: MainWindow) -> CodeView:
    view = window.findChild(CodeView)
    assert view is not None
    return view


def test_the_verbatim_tutorial_marks_when_main_q_join_returned_and_how_many_were_put(
    window: MainWindow, ui: Driver
) -> None:
    _start(window, ui, "tutorial-verbatim")
    queue = window.findChild(QueueView)
    assert queue is not None
    ui.wait_for(lambda: "Main's q.join() returned after" in queue.text(), timeout_ms=WAIT_MS)
    assert "of 4 items were put" in queue.text()
    ui.wait_for(lambda: "q.join() returned after" in window.status.text("unfinished"))
    ui.wait_finished(timeout_ms=WAIT_MS)
    assert "The lab ended consumer-1 itself" in window.banner.text()
    assert "while True:" in window.banner.text()
    ui.wait_for(lambda: window.classroom.predict.revealed)
    assert "main's q.join() returned at" in window.classroom.predict.text()
    assert ui.table_column(2) == ["10", "20", "26", "-2"]


def test_the_code_view_marks_the_lines_that_differ_from_the_corrected_tutorial(
    window: MainWindow, ui: Driver
) -> None:
    _start(window, ui, "tutorial-verbatim")
    code = _code(window)
    ui.wait_for(lambda: bool(code.differing_lines()), timeout_ms=WAIT_MS)
    marked = [code.line_text(n).strip() for n in code.differing_lines()]
    assert marked == ["data, evt = q.get()", "q.join()"]
    assert code.diff_note.isVisible() and "2 lines marked" in code.diff_note.text()
    ui.click("stopButton")
    ui.wait_finished()
    _start(window, ui, "tutorial")
    ui.wait_for(lambda: not code.differing_lines(), timeout_ms=WAIT_MS)
    assert not code.diff_note.isVisible()
    ui.click("stopButton")
    ui.wait_finished()


@pytest.mark.parametrize("name", list(BANNERS))
def test_each_mistake_ends_with_its_diagnosis_in_the_banner(
    window: MainWindow, ui: Driver, name: str
) -> None:
    _start(window, ui, name)
    ui.wait_for(lambda: BANNERS[name] in window.banner.text(), timeout_ms=WAIT_MS)
    ui.wait_finished(timeout_ms=WAIT_MS)
    assert "line " in window.banner.text()
    code = _code(window)
    assert code.differing_lines(), "the mistake's lines are marked in the listing"


@pytest.mark.skipif(has_queue_shutdown(), reason="this interpreter has Queue.shutdown()")
def test_shutdown_scenarios_are_listed_but_cannot_be_chosen_before_python_3_13(
    window: MainWindow,
) -> None:
    combo = window.scenario_combo
    for name in ("shutdown-ends-consumers", "shutdown-immediate-discards"):
        index = combo.findData(name)
        assert index >= 0
        assert "(needs Python 3.13)" in combo.itemText(index)
        assert combo.model().item(index).isEnabled() is False  # type: ignore[attr-defined]
        assert combo.choose(name) is None
    window.help_panel.browser.anchorClicked.emit(QUrl("scenario:shutdown-ends-consumers"))
    assert "Needs Python 3.13" in window.banner.text()
    assert combo.current() is not None and combo.current().name == "tutorial"


@pytest.mark.skipif(not has_queue_shutdown(), reason="Queue.shutdown() is 3.13+")
def test_queue_shutdown_runs_in_the_window_and_says_how_the_consumers_ended(
    window: MainWindow, ui: Driver
) -> None:
    _start(window, ui, "shutdown-ends-consumers")
    ui.wait_finished(timeout_ms=WAIT_MS)
    assert sorted(ui.table_column(2), key=int) == ["-2", "10", "20", "26"]
    assert "queue.ShutDown" in window.banner.text()
