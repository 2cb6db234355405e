"""The timeline: a lane per thread, spans for what each did, arrows for each item's trip."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from tests.gui.views_harness import OFFSCREEN_WARNING, TUTORIAL, Lab
from threadcomm.core.config import RunConfig
from threadcomm.core.threads import GUI_THREAD
from threadcomm.core.trace import Kind, State, TraceEvent
from threadcomm.gui.theme.colors import STATE_COLOR
from threadcomm.gui.views.timeline.store import TimelineStore
from threadcomm.gui.views.timeline.view import LIVE_INTERVAL_MS, PAINT_SHARE

pytestmark = OFFSCREEN_WARNING


def test_there_is_a_lane_per_thread_and_one_for_the_gui(lab: Lab) -> None:
    lab.start(RunConfig(items=TUTORIAL, consumers=3))
    lab.wait_finished()
    assert lab.timeline.lanes() == [
        "creator",
        "consumer-1",
        "consumer-2",
        "consumer-3",
        "coordinator",
        GUI_THREAD,
    ]


def test_the_creator_is_blocked_in_evt_wait_while_the_consumer_processes(lab: Lab) -> None:
    lab.start(RunConfig(items=TUTORIAL, delay=0.1))
    view = lab.timeline

    def creator_waited_through_a_process() -> None:
        waits = [s for s in view.spans("creator") if s[2] is State.BLOCKED_WAIT]
        processed = [t for t, kind, _ in view.markers("consumer-1") if kind == Kind.PROCESS]
        assert any(start < t < end for start, end, _, _ in waits for t in processed)

    lab.qtbot.waitUntil(creator_waited_through_a_process, timeout=5000)


def test_every_item_has_an_arrow_from_its_put_to_the_gui_slot(lab: Lab) -> None:
    lab.start(RunConfig(items=TUTORIAL))
    lab.wait_finished()
    lab.qtbot.waitUntil(lambda: len(lab.model.results) == 4)
    arrows = lab.timeline.arrows()
    assert [index for index, _ in arrows] == [0, 1, 2, 3]
    for _, points in arrows:
        lanes = [lane for lane, _ in points]
        assert lanes == ["creator", "consumer-1", "consumer-1", GUI_THREAD]
        times = [t for _, t in points]
        assert times == sorted(times), "put, get, result emitted, slot: in time order"
    slots = [t for t, kind, _ in lab.timeline.markers(GUI_THREAD) if kind == "slot"]
    assert len(slots) == 4


def test_the_live_timer_stops_when_the_run_ends(lab: Lab) -> None:
    lab.start(RunConfig(items=TUTORIAL, delay=0.02))
    lab.qtbot.waitUntil(lambda: lab.timeline.timer_active)
    lab.wait_finished()
    assert not lab.timeline.timer_active


def test_a_slow_paint_spaces_out_the_live_frames(lab: Lab) -> None:
    """Painting may not crowd out the rest of the GUI thread (and the workers' GIL)."""
    lab.start(RunConfig(items=TUTORIAL, delay=0.05))
    lab.qtbot.waitUntil(lambda: lab.timeline.timer_active)
    timers = lab.timeline.findChildren(QTimer, options=Qt.FindChildOption.FindDirectChildrenOnly)
    assert len(timers) == 1, "the view paints its live frames by one timer"
    timer = timers[0]
    lab.timeline.canvas.paint_ms = 1.0  # a cheap paint: the normal frame rate
    timer.timeout.emit()
    assert timer.interval() == LIVE_INTERVAL_MS
    lab.timeline.canvas.paint_ms = 20.0  # an expensive one: at most a tenth of the time
    timer.timeout.emit()
    assert timer.interval() == 20 * PAINT_SHARE
    lab.wait_finished()
    assert not lab.timeline.timer_active


def test_zoom_and_pan_after_the_run(lab: Lab, qtbot: QtBot) -> None:
    lab.start(RunConfig(items=TUTORIAL))
    lab.wait_finished()
    canvas = lab.timeline.canvas
    before = canvas.window_ns
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.window_ns < before
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert canvas.window_ns == pytest.approx(before, rel=0.01)
    qtbot.keyClick(canvas, Qt.Key.Key_F)
    frame = canvas.current()
    store = lab.timeline.store
    assert frame.t0 <= store.earliest_ns() and frame.t1 >= store.latest_ns
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    assert not canvas.follow and canvas.current().t0 < frame.t0
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(400, 60))
    qtbot.mouseMove(canvas, QPoint(300, 60))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(300, 60))
    assert canvas.current().t0 > frame.t0 - canvas.window_ns // 5


def test_hovering_a_span_names_thread_state_item_and_time(lab: Lab) -> None:
    lab.start(RunConfig(items=TUTORIAL, delay=0.05))
    lab.wait_finished()
    canvas = lab.timeline.canvas
    canvas.fit()
    frame = canvas.current()
    start, end, _, index = next(
        s for s in lab.timeline.spans("creator") if s[2] is State.BLOCKED_WAIT
    )
    top, height = frame.bar(0)
    text = canvas.describe_at(frame.x_of((start + end) // 2), top + height / 2)
    assert text.startswith("creator\nblocked in evt.wait()")
    assert f"item {index + 1} ({TUTORIAL[index]})" in text
    assert "from " in text and " s, for " in text


def _synthetic(store: TimelineStore, items: int, start: int = 1_000) -> None:
    step = 1_000
    batch = []
    for i in range(items):
        t = start + i * 10 * step
        batch += [
            TraceEvent(t, "creator", Kind.PUT, i),
            TraceEvent(t + step, "creator", Kind.WAIT, i),
            TraceEvent(t + 2 * step, "consumer-1", Kind.GET, i),
            TraceEvent(t + 3 * step, "consumer-1", Kind.PROCESS, i),
            TraceEvent(t + 4 * step, "consumer-1", Kind.SET, i),
            TraceEvent(t + 5 * step, "consumer-1", Kind.TASK_DONE, i),
            TraceEvent(t + 6 * step, "creator", Kind.WAIT_DONE, i),
            TraceEvent(t + 7 * step, "consumer-1", Kind.GET_BLOCKED),
        ]
    store.add_events(batch)
    store.add_slots((i, start + i * 10 * step + 8 * step, GUI_THREAD) for i in range(items))


def test_retention_is_bounded_and_keeps_the_newest() -> None:
    store = TimelineStore(retain=10_000)
    store.reset(["creator", "consumer-1", "coordinator", GUI_THREAD], 0)
    for chunk in range(20):
        _synthetic(store, 1_000, start=chunk * 10_000_000 + 1)
    assert store.count <= 10_000
    assert store.dropped_before_ns > 0
    starts = [s for s, _, _, _ in store.spans("creator")]
    assert starts == sorted(starts)
    newest = [i for _, _, i in store.markers(GUI_THREAD)]
    assert newest[-1] == 999, "the last item is kept"
    assert all(points[0][0] == "creator" for _, points in store.arrows())


def test_a_dense_window_is_drawn_column_by_column(lab: Lab) -> None:
    view = lab.timeline
    view.store.reset(["creator", "consumer-1", "coordinator", GUI_THREAD], 0)
    _synthetic(view.store, 20_000)
    view.canvas.fit()
    image = view.render_to_image(1000, 300)
    wait_color = STATE_COLOR[State.BLOCKED_WAIT]
    found = {
        QColor(image.pixel(x, y)).name() for x in range(200, 900, 7) for y in range(30, 300, 5)
    }
    assert wait_color.name() in found


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["creator", "consumer-1", "consumer-2", "coordinator"]),
            st.sampled_from(list(Kind)),
            st.integers(min_value=0, max_value=50),
            st.integers(min_value=-1, max_value=20),
        ),
        max_size=300,
    ),
    st.integers(min_value=20, max_value=200),
)
def test_the_store_stays_sorted_and_bounded_whatever_arrives(
    steps: list[tuple[str, Kind, int, int]], retain: int
) -> None:
    store = TimelineStore(retain=retain)
    store.reset(["creator", "consumer-1", "consumer-2", "coordinator", GUI_THREAD], 0)
    t = 0
    for chunk in range(0, len(steps), 25):
        batch = []
        for thread, kind, dt, index in steps[chunk : chunk + 25]:
            t += dt
            batch.append(TraceEvent(t, thread, kind, index))
        store.add_events(batch)
        store.add_slots([(chunk, t, GUI_THREAD)])
    assert store.count <= retain
    for lane in store.lanes():
        spans = store.spans(lane)
        for (s0, e0, _, _), (s1, _, _, _) in itertools.pairwise(spans):
            assert s0 <= e0 <= s1
        times = [m[0] for m in store.markers(lane)]
        assert times == sorted(times)
    assert (
        sum(len(store.markers(n)) for n in store.lanes())
        + sum(len(store.lane(n).starts) for n in store.lanes())
        == store.count
    )
