"""Who woke whom, on the timeline: a blocked span names its cause, a click shows its line."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from tests.gui.views_harness import OFFSCREEN_WARNING, TUTORIAL, Lab
from threadcomm.core.config import RunConfig
from threadcomm.core.trace import State

pytestmark = OFFSCREEN_WARNING


def _creator_wait(lab: Lab) -> tuple[int, int, int, float, float]:
    canvas = lab.timeline.canvas
    canvas.fit()
    frame = canvas.current()
    start, end, _, index = next(
        s for s in lab.timeline.spans("creator") if s[2] is State.BLOCKED_WAIT
    )
    top, height = frame.bar(0)
    return start, end, index, frame.x_of((start + end) // 2), top + height / 2


def test_hovering_the_creators_wait_names_the_consumers_set_and_its_line(lab: Lab) -> None:
    lab.start(RunConfig(items=TUTORIAL, delay=0.05))
    lab.wait_finished()
    _, _, index, x, y = _creator_wait(lab)
    text = lab.timeline.canvas.describe_at(x, y)
    assert (
        f"Why it ended: creator's evt.wait() for item {index + 1} ended because "
        f"consumer-1 ran evt.set() for item {index + 1} (lesson line"
    ) in text
    assert "Click to see its line in the code." in text


def test_clicking_a_blocked_span_marks_the_causes_line_in_the_code(lab: Lab, qtbot: QtBot) -> None:
    lab.start(RunConfig(items=TUTORIAL, delay=0.05))
    lab.wait_finished()
    assert lab.code.cause_line() is None
    _, _, _, x, y = _creator_wait(lab)
    canvas = lab.timeline.canvas
    point = QPoint(int(x), int(y))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=point)
    line = lab.code.cause_line()
    assert line is not None
    assert "evt.set()" in lab.code.line_text(line)


def test_a_wait_that_has_not_ended_says_what_could_end_it(lab: Lab) -> None:
    lab.start(RunConfig(items=TUTORIAL, forget_set=True, deadlock_after=60))
    lab.qtbot.waitUntil(lambda: bool(lab.timeline.causes.waiting("creator")), timeout=10_000)
    assert lab.timeline.causes.waiting("creator") == (
        "creator's evt.wait() for item 1 has not ended: "
        "only a consumer's evt.set() for that item can end it"
    )
