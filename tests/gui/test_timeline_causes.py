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


def test_an_arrow_goes_from_each_consumers_set_to_the_end_of_the_creators_wait(lab: Lab) -> None:
    lab.start(RunConfig(items=TUTORIAL, delay=0.02))
    lab.wait_finished()
    canvas = lab.timeline.canvas
    canvas.fit()
    frame = canvas.current()
    arrows = canvas.cause_arrows(frame)
    waits = [s for s in lab.timeline.spans("creator") if s[2] is State.BLOCKED_WAIT]
    sets = {i: t for t, kind, i in lab.timeline.store.markers("consumer-1") if kind == "set"}
    assert len(waits) == len(TUTORIAL)
    rows = {name: row for row, name in enumerate(lab.timeline.store.lanes())}
    for _, end, _, index in waits:
        arrow = next(a for a in arrows if a.lane == "creator" and a.effect_ns == end)
        assert (arrow.cause_lane, arrow.cause_ns) == ("consumer-1", sets[index])
        # What the painter draws: from the set's marker to the wait's end, lane to lane.
        line = canvas.painter.cause_line(frame, arrow, rows)
        start = (frame.x_of(sets[index]), frame.marker_y(rows["consumer-1"]))
        assert (line.x1(), line.y1()) == start
        assert (line.x2(), line.y2()) == (frame.x_of(end), frame.marker_y(rows["creator"]))


def test_no_cause_arrows_when_thousands_would_crowd_the_view(lab: Lab) -> None:
    lab.start(RunConfig(items=tuple(range(300)), delay=0.0003))
    lab.wait_finished()
    canvas = lab.timeline.canvas
    canvas.fit()
    assert canvas.cause_arrows(canvas.current()) == []
    every = lab.timeline.causes.arrows_between(0, 1 << 62, 1 << 30)
    assert every is not None and len(every) > canvas.current().plot_w // 12  # more than fit
    canvas.window_ns = 200_000  # zoomed in on the first: a few arrows again
    canvas.follow = False
    canvas.t0 = every[0].effect_ns - 100_000
    assert 0 < len(canvas.cause_arrows(canvas.current())) <= 200
