"""The wait-for picture in the window, and the words a span that never ended says."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from tests.support.driver import Driver
from threadcomm.core.config import RunConfig
from threadcomm.core.trace import State
from threadcomm.core.wait_keys import Verdict
from threadcomm.gui.classroom import wait_follower
from threadcomm.gui.classroom.wait_for_view import WaitForView
from threadcomm.gui.views.code_view import CodeView
from threadcomm.gui.views.timeline.view import TimelineView
from threadcomm.gui.window.main_window import MainWindow

#: Long enough that no thread moves on its own before Pause holds it.
HELD = 5.0
WAIT_MS = 20_000
_MISSING_SET = (
    "nobody can ever set the Event of item 1 (5): "
    "consumer-1 took it and moved on without evt.set()"
)


def _view(window: MainWindow) -> WaitForView:
    view = window.findChild(WaitForView, "waitForView")
    assert view is not None
    return view


def _timeline(window: MainWindow) -> TimelineView:
    timeline = window.findChild(TimelineView, "timelineView")
    assert timeline is not None
    return timeline


def _last_wait_point(timeline: TimelineView) -> tuple[float, float]:
    """Where the creator's last evt.wait() span is drawn on the timeline's canvas."""
    canvas = timeline.canvas
    canvas.fit()
    frame = canvas.current()
    start, end, _, _ = [s for s in timeline.spans("creator") if s[2] is State.BLOCKED_WAIT][-1]
    top, height = frame.bar(timeline.lanes().index("creator"))
    return frame.x_of((start + end) // 2), top + height / 2


def _forgot_set(window: MainWindow, ui: Driver) -> None:
    assert window.scenario_combo.choose("forgot-set") is not None
    window.options_panel.delay.setValue(0.05)
    ui.click("startButton")
    ui.wait_finished(timeout_ms=WAIT_MS)


def test_a_deadlocked_mistake_shows_the_wait_nobody_can_end(
    window: MainWindow, ui: Driver
) -> None:
    view = _view(window)
    _forgot_set(window, ui)
    ui.wait_for(lambda: view.picture is not None)
    picture = view.picture
    assert picture is not None
    assert [w.thread for w in picture.waits] == ["creator", "consumer-1", "coordinator"]
    creator = picture.waits[0]
    assert creator.target == "the Event of item 1 (5)"
    assert creator.verdict is Verdict.NO_WAKER and creator.wakers == ()
    assert picture.waits[1].target == "the queue (empty)"
    assert picture.waits[1].wakers == ("creator", "coordinator")
    assert picture.waits[2].wakers == ("creator",)
    assert view.headline.text() == "No blocked thread can ever move."
    assert _MISSING_SET in view.text()
    assert view.isVisible(), "a deadlock brings the picture's tab to the front"
    assert view.accessibleName() == "Wait-for picture"
    assert "consumer-1 took it and moved on without evt.set()" in view.accessibleDescription()
    view.setFocus()
    ui.wait_for(lambda: QApplication.focusWidget() is view.scroller)  # the keyboard scrolls it


def test_a_span_that_never_ended_names_the_missing_waker(window: MainWindow, ui: Driver) -> None:
    _forgot_set(window, ui)
    timeline = _timeline(window)
    ui.wait_for(lambda: window.classroom.waits.picture is not None)
    x, y = _last_wait_point(timeline)
    text = timeline.canvas.describe_at(x, y)
    assert "ended because the run stopped (nothing released it)" in text
    assert f"What could have ended it: {_MISSING_SET}" in text


def test_a_paused_tutorial_run_names_the_consumer_that_holds_the_key(
    window: MainWindow, ui: Driver
) -> None:
    view = _view(window)
    window.start(RunConfig(items=(5, 10), delay=HELD))
    ui.click("pauseButton")
    ui.wait_quiescent()
    for thread in ("creator", "creator", "creator", "consumer-1"):  # put 5, wait; get 5
        ui.wait_for(lambda t=thread: ui.window.controller.why_not_steppable(t) is None)
        ui.window.controller.step_thread(thread)
        ui.wait_quiescent()
    words = (
        "creator waits in evt.wait() for the Event of item 1 (5): "
        "consumer-1 has item 1 (5) and must run evt.set()."
    )
    ui.wait_for(lambda: words in view.text())
    picture = view.picture
    assert picture is not None
    assert [(w.thread, w.wakers) for w in picture.waits] == [
        ("creator", ("consumer-1",)),
        ("coordinator", ("creator",)),
    ]
    assert view.headline.text() == "2 blocked, and each can still be woken."
    assert picture.states["consumer-1"].startswith("paused")
    assert _timeline(window).causes.waiting("creator") == words
    ui.click("pauseButton")  # resume: the picture no longer holds
    ui.wait_for(lambda: view.picture is None)
    assert view.headline.text().startswith("Running: press Pause")
    ui.click("stopButton")
    ui.wait_finished()


def test_a_stopped_wait_points_at_the_line_that_would_have_ended_it(
    window: MainWindow, ui: Driver
) -> None:
    window.start(RunConfig(items=(5, 10), delay=HELD))
    ui.click("pauseButton")
    ui.wait_quiescent()
    for thread in ("creator", "creator", "creator", "consumer-1"):
        ui.wait_for(lambda t=thread: ui.window.controller.why_not_steppable(t) is None)
        ui.window.controller.step_thread(thread)
        ui.wait_quiescent()
    ui.click("stopButton")
    ui.wait_finished()
    timeline = _timeline(window)
    ui.wait_for(lambda: window.classroom.waits.picture is not None)
    x, y = _last_wait_point(timeline)
    assert (
        "What could have ended it: consumer-1 has item 1 (5) and must run evt.set()"
        in timeline.canvas.describe_at(x, y)
    )
    point = QPoint(round(x), round(y))
    ui.qtbot.mousePress(timeline.canvas, Qt.MouseButton.LeftButton, pos=point)
    ui.qtbot.mouseRelease(timeline.canvas, Qt.MouseButton.LeftButton, pos=point)
    code = window.findChild(CodeView)
    assert code is not None
    line = code.cause_line()
    assert line is not None and "evt.set()" in code.line_text(line)


def test_a_free_running_run_is_pictured_only_when_it_ends(window: MainWindow, ui: Driver) -> None:
    follower = window.classroom.waits
    pictures: list[object] = []
    follower.changed.connect(lambda: pictures.append(follower.picture))
    window.start(RunConfig(items=tuple(range(2000)), delay=0.0))
    ui.wait_finished(timeout_ms=WAIT_MS)
    ui.wait_for(lambda: follower.picture is not None, timeout_ms=WAIT_MS)
    made = [p for p in pictures if p is not None]
    assert len(made) == 1, "the picture is made once, at the end, not while the run goes"
    assert _view(window).headline.text() == "Nothing is blocked."


def test_a_run_too_long_to_follow_says_so_instead_of_guessing(
    window: MainWindow, ui: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wait_follower, "MAX_EVENTS", 10)
    view = _view(window)
    _forgot_set(window, ui)
    ui.wait_for(lambda: "too fast, or past 10 events" in view.headline.text())
    assert view.picture is None
    timeline = _timeline(window)
    text = timeline.canvas.describe_at(*_last_wait_point(timeline))
    assert "ended because the run stopped (nothing released it)" in text
    assert "What could have ended it" not in text  # no picture, no made-up words
