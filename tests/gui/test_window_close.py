"""Closing the window mid-run stops and joins every thread within a second."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from tests.support.driver import Driver
from threadcomm.core.config import RunConfig
from threadcomm.gui.window.main_window import MainWindow


def test_close_mid_run_joins_every_thread_within_a_second(window: MainWindow, ui: Driver) -> None:
    window.start(RunConfig(items=tuple(range(100_000)), delay=0.01))
    ui.wait_for(lambda: len(window.controller.model.results) >= 2)
    pipeline = ui.pipeline
    names = set(pipeline.thread_names)
    started = time.monotonic()
    window.close()
    took = time.monotonic() - started
    assert took < 1.0, f"closing took {took:.2f} s"
    assert not pipeline.is_running()
    assert not names & {t.name for t in threading.enumerate()}
    assert not [t for t in window.findChildren(QTimer) if t.isActive()]


def test_close_while_paused_joins_every_thread(window: MainWindow, ui: Driver) -> None:
    window.start(RunConfig(items=(5, 10, 13, -1), delay=1.0))
    ui.click("pauseButton")
    pipeline = ui.pipeline
    window.close()
    assert not pipeline.is_running()


def test_quit_action_closes_the_window(qtbot: QtBot, window: MainWindow, ui: Driver) -> None:
    window.start(RunConfig(items=(5, 10, 13, -1), delay=1.0))
    pipeline = ui.pipeline
    window.actions_.quit.trigger()
    assert not window.isVisible()
    assert not pipeline.is_running()
