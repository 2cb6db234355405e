"""A window that fails to open says so in a dialog and leaves a log file behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

import threadcomm.gui.app as app_module
import threadcomm.gui.failure_report as failure_report
from tests.gui.views_harness import OFFSCREEN_WARNING
from threadcomm import __version__
from threadcomm.cli import build_parser


class BrokenWindow:
    def __init__(self) -> None:
        raise RuntimeError("the display went away")


def test_failure_to_open_shows_a_dialog_and_writes_the_log(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shown: list[tuple[str, str]] = []

    def record(box: QMessageBox) -> int:  # instead of blocking in a modal loop
        shown.append((box.objectName(), box.text()))
        return 0

    state = tmp_path / "state" / "threadcomm"  # not there yet: the report makes it
    monkeypatch.setattr(app_module, "MainWindow", BrokenWindow)
    monkeypatch.setattr(failure_report, "log_folder", lambda: state)
    monkeypatch.setattr(QMessageBox, "exec", record)

    assert app_module.run_app(build_parser().parse_args([])) == 1

    log = state / "threadcomm-error.log"
    written = log.read_text("utf-8")
    assert "RuntimeError: the display went away" in written
    assert f"threadcomm: {__version__}" in written
    assert "Traceback" in written
    ((name, message),) = shown
    assert name == "failureDialog"
    assert "the display went away" in message
    assert str(log) in message
    assert "the window failed: RuntimeError" in capsys.readouterr().err


def test_an_unwritable_state_folder_still_shows_the_dialog(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", "utf-8")
    shown: list[str] = []
    monkeypatch.setattr(app_module, "MainWindow", BrokenWindow)
    monkeypatch.setattr(failure_report, "log_folder", lambda: blocker)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    assert app_module.run_app(build_parser().parse_args([])) == 1
    assert "could not be saved" in shown[0]


class StopSignal(QObject):
    received = Signal(int)


@OFFSCREEN_WARNING  # QMessageBox sizes itself; only the offscreen platform minds
def test_a_stop_signal_closes_the_failure_dialog(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(failure_report, "log_folder", lambda: tmp_path)
    stop = StopSignal()
    seen: list[bool] = []

    def send_sigterm() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "failureDialog")
        seen.append(box.isVisible())
        stop.received.emit(15)

    QTimer.singleShot(100, send_sigterm)
    # Returns only because the signal closed the (real, modal) dialog.
    log = failure_report.report_failure(RuntimeError("no window"), stop.received)
    assert seen == [True]
    assert log == tmp_path / "threadcomm-error.log"
