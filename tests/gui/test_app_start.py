"""``threadcomm --start`` opens the window with the command line's run and starts it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from threadcomm.cli import build_parser
from threadcomm.core.scenarios import find_scenario
from threadcomm.gui.app import has_run_options, run_app, run_options_from
from threadcomm.gui.window.main_window import MainWindow


def test_run_options_describe_the_whole_run() -> None:
    args = build_parser().parse_args(["--scenario", "several-consumers", "--consumers", "2"])
    assert has_run_options(args)
    wanted = run_options_from(args, default_delay=0.4)
    assert (wanted.data, wanted.consumers, wanted.delay, wanted.handshake) == (
        find_scenario("several-consumers").data,
        2,
        0.15,
        False,
    )
    assert wanted.scenario == "several-consumers"


def test_no_run_options_keep_the_saved_settings() -> None:
    assert not has_run_options(build_parser().parse_args(["--start"]))


@pytest.mark.usefixtures("app_identity")  # run_app() sets the application's font and names
def test_start_runs_at_once_and_closing_mid_run_exits_0(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    seen: dict[str, object] = {}

    def close_mid_run() -> None:
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        seen["active"] = window.controller.active
        seen["data"] = window.data_input.text()
        seen["pipeline"] = window.controller.pipeline
        window.close()
        window.deleteLater()

    QTimer.singleShot(300, close_mid_run)
    args = build_parser().parse_args(["--start", "--data", "1..50", "--delay", "0.5"])
    code = run_app(args)
    assert code == 0
    assert seen["active"] is True
    assert seen["data"] == "1..50"
    pipeline = seen["pipeline"]
    assert pipeline is not None and not pipeline.is_running()  # type: ignore[attr-defined]
