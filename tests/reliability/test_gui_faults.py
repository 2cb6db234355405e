"""Faults in a consumer, in the creator and in a GUI slot: shown in the window, never a hang.

Every run that fails must say so in the window, end (no thread left), and
account for every item: processed + failed + never started == items.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.reliability.caught import Caught
from tests.support.waiting import wait_until
from tests.support.windows import dispose, settings_file
from threadcomm.cli import build_parser
from threadcomm.core.config import RunConfig
from threadcomm.core.threads import GUI_THREAD
from threadcomm.core.trace import Kind, Status, TraceEvent
from threadcomm.gui.app import run_app
from threadcomm.gui.run.bridge import Bridge
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.run.model import RunModel
from threadcomm.gui.views.results_view import ResultsTableModel
from threadcomm.gui.window.main_window import MainWindow

TUTORIAL = (5, 10, 13, -1)


def _finished(qtbot: QtBot, window: MainWindow) -> None:
    wait_until(lambda: window.controller.state is RunState.FINISHED, qtbot=qtbot)
    pipeline = window.controller.pipeline
    assert pipeline is not None
    assert pipeline.wait(2.0), "the run's threads did not end"


def _accounting(window: MainWindow) -> tuple[set[int], set[int], set[int]]:
    """(processed, failed, never started) item indexes; asserts they cover every item once."""
    summary = window.controller.model.summary
    assert summary is not None
    processed = [r.index for r in summary.results]
    failed = [i for i, _ in summary.failed]
    everything = processed + failed + summary.not_started
    assert sorted(everything) == list(range(summary.items)), summary
    return set(processed), set(failed), set(summary.not_started)


def _table_matches_results(window: MainWindow) -> None:
    """The table shows exactly the summary's results, each once, each value item * 2,
    and one row per failed item that says it failed."""
    model = window.controller.model
    summary = model.summary
    assert summary is not None
    table = window.results_table.model()
    assert table.rowCount() == len(model.results) + len(summary.failed)
    failed_rows = [
        table.index(row, 0).data()
        for row in range(table.rowCount())
        if str(table.index(row, 2).data()).startswith("failed: ")
    ]
    assert sorted(failed_rows) == sorted(str(i + 1) for i, _ in summary.failed)
    assert sorted(r.index for r in model.results) == sorted(r.index for r in summary.results)
    for row in model.results:
        assert row.value == model.items[row.index] * 2  # type: ignore[operator]
        assert row.slot_thread == GUI_THREAD


# -- a consumer ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("consumers", "handshake"), [(1, True), (3, False)], ids=["one-consumer", "three-consumers"]
)
def test_a_consumer_fault_is_shown_and_every_item_accounted_for(
    qtbot: QtBot, window: MainWindow, consumers: int, handshake: bool
) -> None:
    items = tuple(range(1, 21))
    window.start(RunConfig(items, consumers=consumers, handshake=handshake, fault_item=6))
    _finished(qtbot, window)
    summary = window.controller.model.summary
    assert summary is not None and summary.status is Status.FAILED
    processed, failed, never = _accounting(window)
    assert failed == {6}
    assert processed == set(range(20)) - {6} and not never  # the others still ran
    text = window.banner.text()
    assert text.startswith("1 item failed: item 7 (7)"), text
    assert "19 of 20 items processed" in text
    assert "Traceback" not in text
    assert "failed" in window.status.text("state")
    _table_matches_results(window)


def test_the_consumer_crash_scenario_from_the_combo_reports_item_3(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.scenario_combo.choose("consumer-crash") is not None
    window.options_panel.delay.setValue(0.0)
    window.start_button.click()
    _finished(qtbot, window)
    processed, failed, _ = _accounting(window)
    assert (processed, failed) == ({0, 1, 3}, {2})
    assert "item 3 (13)" in window.banner.text()
    _table_matches_results(window)


# -- the creator ---------------------------------------------------------------------


def _failing_trace(bridge: Bridge, thread: str, kind: Kind, index: int) -> Callable[..., None]:
    """The bridge's trace, raising OSError once, for one thread's one kind at one item."""
    original = bridge.trace
    armed = [True]

    def trace(event: TraceEvent) -> None:
        if armed[0] and (event.thread, event.kind, event.index) == (thread, kind, index):
            armed[0] = False
            raise OSError(f"injected fault in {thread}'s {kind} of item {index + 1}")
        original(event)

    return trace


@pytest.mark.parametrize("kind", [Kind.PUT, Kind.WAIT])
def test_a_creator_fault_ends_the_run_as_failed_and_is_shown(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, kind: Kind
) -> None:
    bridge = window.controller.bridge
    monkeypatch.setattr(bridge, "trace", _failing_trace(bridge, "creator", kind, 1))
    window.start(RunConfig(TUTORIAL))
    _finished(qtbot, window)
    summary = window.controller.model.summary
    assert summary is not None and summary.status is Status.FAILED
    # The bridge failed, not the creator's own work: the report does not blame the thread.
    assert "the run's output failed: OSError: injected fault" in summary.diagnosis
    assert "crashed" not in summary.diagnosis
    processed, failed, never = _accounting(window)
    assert 0 in processed and not failed
    if kind is Kind.PUT:  # item 2 never reached the queue
        assert never == {1, 2, 3}
    text = window.banner.text()
    assert "The run failed: the run's output failed: OSError: injected fault" in text, text
    assert "Traceback" not in text
    assert "failed" in window.status.text("state")
    _table_matches_results(window)
    # The window is ready for the next run, and it runs cleanly.
    monkeypatch.undo()
    assert window.start_button.isEnabled()
    window.start(RunConfig(TUTORIAL))
    _finished(qtbot, window)
    assert window.controller.model.summary is not None
    assert window.controller.model.summary.status is Status.COMPLETED
    assert window.banner.text() == ""


# -- a GUI slot ----------------------------------------------------------------------


def _raise_once(original: Callable[..., Any], *signature: type) -> Callable[..., Any]:
    """Wrap a slot so its first call raises RuntimeError; later calls work.

    The first, not a later one: a short run may be applied in a single drain.
    """
    calls = [0]

    @Slot(*signature)
    def slot(self: object, *args: object) -> object:
        calls[0] += 1
        if calls[0] == 1:
            raise RuntimeError("injected slot fault")
        return original(self, *args)

    return slot


SLOTS = {
    "model-apply": (RunModel, "apply", (list,)),
    "table-refresh": (ResultsTableModel, "refresh", ()),
}


@pytest.fixture(params=list(SLOTS))
def failing_slot(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Patch one GUI-thread slot (class-wide, before any window exists) to raise once."""
    owner, name, signature = SLOTS[request.param]
    monkeypatch.setattr(owner, name, _raise_once(getattr(owner, name), *signature))
    return str(request.param)


@pytest.mark.qt_no_exception_capture
def test_a_failing_gui_slot_leaves_the_window_working(
    qtbot: QtBot, tmp_path: Path, caught: Caught, failing_slot: str
) -> None:
    window = MainWindow(settings=settings_file(tmp_path / "s.ini"))
    window.show()
    try:
        window.start(RunConfig(tuple(range(300)), delay=0.001))
        _finished(qtbot, window)
        errors = caught.take()
        # PySide6 hands the slot's exception to sys.excepthook and carries on.
        assert len(errors) == 1, errors
        assert "injected slot fault" in errors[0]
        assert "sys.excepthook" in errors[0]
        assert window.controller.model.summary is not None
        assert window.controller.model.summary.status is Status.COMPLETED
        _accounting(window)
        _table_matches_results(window)
        assert len(window.controller.model.results) == 300
        window.start(RunConfig(TUTORIAL))
        _finished(qtbot, window)
        assert [row.value for row in window.controller.model.results] == [10, 20, 26, -2]
        assert window.results_table.model().rowCount() == 4
    finally:
        dispose(window)


@pytest.mark.usefixtures("app_identity")
@pytest.mark.qt_no_exception_capture
def test_a_failing_gui_slot_is_reported_in_the_window(
    qtbot: QtBot, caught: Caught, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(RunModel, "apply", _raise_once(RunModel.apply, list))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    seen: dict[str, str] = {}

    def drive() -> None:  # inside run_app's event loop, as a person would
        try:
            window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
            try:
                window.start_button.click()
                _finished(qtbot, window)
                seen["banner"] = window.banner.text()
                seen["status"] = window.statusBar().currentMessage()
            finally:
                dispose(window)
        except BaseException as exc:  # reported below, once the loop has ended
            seen["error"] = repr(exc)
        finally:
            app.quit()  # always: a loop left running would hang the test

    QTimer.singleShot(0, drive)
    code = run_app(build_parser().parse_args(["--data", "1..200", "--delay", "0"]))
    caught.take()  # it also went to sys.excepthook, which prints the traceback
    assert "error" not in seen, seen["error"]
    assert code == 0
    shown = seen["banner"] + seen["status"]
    assert "injected slot fault" in shown, f"the window does not mention the error: {seen}"
