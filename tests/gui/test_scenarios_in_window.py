"""Each of the nine scenarios, chosen in the combo and run: what a student sees in the window."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from tests.support.driver import Driver
from tests.support.self_test_report import passed_but_for_speed
from threadcomm.core.config import RunConfig
from threadcomm.core.pipeline import Pipeline
from threadcomm.core.trace import NullSink, State, Status
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.run.queue_join import join_on_gui_thread
from threadcomm.gui.views.explanation_view import ExplanationView
from threadcomm.gui.views.queue_view import QueueView
from threadcomm.gui.views.timeline.view import TimelineView
from threadcomm.gui.window.main_window import MainWindow

from .test_self_test import run_threadcomm

RESULT, COMPUTED_BY, SLOT_RAN_ON = 2, 3, 4
#: The watchdog reports after 1 s of standstill; a student must see it within 3 s.
DIAGNOSIS_MS = 3_000


def choose(window: MainWindow, name: str, delay: float) -> None:
    """Pick a scenario in the combo as a person would, then set a test-friendly delay."""
    assert window.scenario_combo.choose(name) is not None, f"no scenario {name}"
    window.options_panel.delay.setValue(delay)


def explanation(window: MainWindow) -> str:
    view = window.findChild(ExplanationView)
    assert view is not None
    return view.text()


def test_1_the_tutorial_doubles_each_item_in_order(window: MainWindow, ui: Driver) -> None:
    choose(window, "tutorial", 0.0)
    ui.click("startButton")
    ui.wait_finished()
    assert ui.table_column(RESULT) == ["10", "20", "26", "-2"]
    assert "Done: all 4 items were doubled" in explanation(window)


def test_2_several_consumers_deliver_every_result_once_on_the_gui_thread(
    window: MainWindow, ui: Driver
) -> None:
    choose(window, "several-consumers", 0.0)
    assert window.options_panel.consumers.value() == 3
    ui.click("startButton")
    ui.wait_finished()
    assert Counter(ui.table_column(RESULT)) == Counter(str(2 * n) for n in range(1, 13))
    assert set(ui.table_column(SLOT_RAN_ON)) == {"GUI thread"}
    assert set(ui.table_column(COMPUTED_BY)) <= {"consumer-1", "consumer-2", "consumer-3"}


def test_2_several_consumers_reveal_reads_the_order_that_really_arrived(
    window: MainWindow, ui: Driver
) -> None:
    choose(window, "several-consumers", 0.0)
    ui.click("startButton")
    ui.wait_finished()
    ui.wait_for(lambda: window.classroom.predict.revealed)
    arrived = ui.table_column(RESULT)
    data_order = [str(2 * v) for v in window.controller.model.items]
    reveal = window.classroom.predict.text()
    assert ", ".join(arrived[:8]) in reveal
    if arrived != data_order:  # bigger items take longer: almost always
        assert "not the data's order" in reveal
    else:
        assert "this time in the data's order" in reveal
    timeline = window.findChild(TimelineView)
    assert timeline is not None
    working = [s for c in ("consumer-1", "consumer-2") for s in timeline.spans(c)]
    assert State.WORKING in {span[2] for span in working}


def test_3_backpressure_shows_the_creator_blocked_in_put_on_a_full_queue(
    window: MainWindow, ui: Driver
) -> None:
    choose(window, "backpressure", 0.02)
    queue_view = window.findChild(QueueView)
    assert queue_view is not None
    seen_full: list[str] = []

    def note_full() -> None:
        if queue_view.picture.full:
            seen_full.append(queue_view.picture.header)

    window.controller.model.updated.connect(note_full)
    ui.click("startButton")
    ui.wait_finished()
    assert seen_full and seen_full[0] == "Queue: 2 / 2 full"
    timeline = window.findChild(TimelineView)
    assert timeline is not None
    assert State.BLOCKED_PUT in {span[2] for span in timeline.spans("creator")}
    assert ui.table_column(RESULT) == [str(2 * n) for n in range(1, 9)]


def test_4_forgot_set_names_the_creator_waiting_on_item_1s_event(
    window: MainWindow, ui: Driver
) -> None:
    choose(window, "forgot-set", 0.0)
    ui.click("startButton")
    waiting = "creator waits in evt.wait() for item 1 (5)'s Event"
    ui.wait_for(lambda: waiting in window.banner.text(), timeout_ms=DIAGNOSIS_MS)
    ui.wait_finished()
    assert "never called evt.set()" in window.banner.text()
    assert waiting in explanation(window)
    assert "deadlock" in window.status.text("state")


def test_5_forgot_task_done_names_q_join(window: MainWindow, ui: Driver) -> None:
    choose(window, "forgot-task-done", 0.0)
    ui.click("startButton")
    ui.wait_for(lambda: "waits in q.join()" in window.banner.text(), timeout_ms=DIAGNOSIS_MS)
    ui.wait_finished()
    text = window.banner.text()
    assert "q.task_done() was not called" in text
    assert "waits in q.join()" in explanation(window)
    assert ui.table_column(RESULT) == ["10", "20", "26", "-2"]


def test_6_a_consumer_crash_names_item_3_and_keeps_the_other_results(
    window: MainWindow, ui: Driver
) -> None:
    choose(window, "consumer-crash", 0.0)
    ui.click("startButton")
    ui.wait_finished()
    assert "item 3 (13)" in window.banner.text()
    assert "item 3 (13)" in explanation(window)
    shown = ui.table_column(RESULT)
    assert [v for v in shown if not v.startswith("failed")] == ["10", "20", "-2"]
    (failed,) = [row for row in range(len(shown)) if shown[row].startswith("failed")]
    assert ui.table_column(0)[failed] == "3" and ui.table_column(1)[failed] == "13"
    assert shown[failed] == "failed: doubling 13 raised an error (the fault this scenario plants)"
    summary = window.controller.model.summary
    assert summary is not None and summary.status is Status.FAILED


def test_7_no_way_to_stop_is_explained(window: MainWindow, ui: Driver) -> None:
    choose(window, "no-way-to-stop", 0.0)
    ui.click("startButton")
    ui.wait_for(lambda: "no way to stop" in window.banner.text(), timeout_ms=DIAGNOSIS_MS)
    ui.wait_finished()
    assert "consumer-1 waits in q.get()" in window.banner.text()
    assert "no way to stop" in explanation(window)
    assert window.banner.text().lstrip().startswith(("Hang", "\u26a0 Hang")) or (
        "Hang:" in window.banner.text() and "Deadlock" not in window.banner.text()
    )
    assert "hang" in window.status.text("state")
    assert ui.table_column(RESULT) == ["10", "20", "26", "-2"]


def test_8_join_on_the_gui_thread_freezes_it_measurably_then_recovers(
    window: MainWindow, ui: Driver
) -> None:
    choose(window, "join-on-gui-thread", 0.05)
    model = window.controller.model
    ui.click("startButton")
    ui.wait_finished()
    blocked, gap = model.gui_blocked_s, model.gui_gap_s
    assert blocked is not None and blocked > 0.2
    # The event loop stood still the whole time: the sampler's timer saw no tick.
    assert gap is not None and gap >= blocked
    words = f"The GUI thread was blocked in q.join() for {blocked:.1f} s"
    assert words in window.banner.text()
    assert words in explanation(window)
    assert "could not paint or react" in window.banner.text()
    timeline = window.findChild(TimelineView)
    assert timeline is not None
    gui_spans = [s for s in timeline.spans("GUI thread") if s[2] is State.BLOCKED_JOIN]
    assert len(gui_spans) == 1
    assert abs((gui_spans[0][1] - gui_spans[0][0]) / 1e9 - blocked) < 0.05
    ui.wait_for(lambda: len(ui.table_column(RESULT)) == 4)
    assert ui.table_column(RESULT) == ["10", "20", "26", "-2"]
    assert ui.state is RunState.FINISHED
    assert ui.button("startButton").isEnabled() and not ui.button("stopButton").isEnabled()


def test_the_gui_threads_join_is_bounded_and_ends_with_the_run() -> None:
    pipeline = Pipeline(RunConfig(items=(5, 10), delay=5.0), NullSink())
    pipeline.pause()  # nothing will ever finish: only the bound ends the wait
    pipeline.start()
    try:
        started = time.monotonic()
        blocked = join_on_gui_thread(pipeline, limit_s=0.3)
        assert 0.3 <= blocked < 1.0
        assert time.monotonic() - started < 1.0
    finally:
        pipeline.stop()
        assert pipeline.wait(2)
    assert join_on_gui_thread(pipeline, limit_s=5.0) < 0.1  # a finished run: no wait


def test_9_direct_connection_runs_the_slot_on_consumer_1(window: MainWindow, ui: Driver) -> None:
    choose(window, "direct-connection", 0.0)
    ui.click("startButton")
    ui.wait_finished()
    ui.wait_for(lambda: len(ui.table_column(RESULT)) == 4)
    assert ui.table_column(SLOT_RAN_ON) == ["consumer-1"] * 4
    assert {row.slot_thread for row in window.controller.model.results} == {"consumer-1"}
    assert "Slot ran on consumer-1" in window.banner.text()
    assert "had it touched a widget" in window.banner.text()
    assert "Qt.DirectConnection" in explanation(window)
    # The next ordinary run is queued to the GUI thread again.
    choose(window, "tutorial", 0.0)
    ui.click("startButton")
    ui.wait_finished()
    ui.wait_for(lambda: len(ui.table_column(RESULT)) == 4)
    assert set(ui.table_column(SLOT_RAN_ON)) == {"GUI thread"}
    assert "Slot ran on" not in explanation(window)


def test_the_self_test_of_the_direct_connection_expects_consumer_threads(
    tmp_path: Path,
) -> None:
    done = run_threadcomm(
        "--self-test", "--scenario", "direct-connection", "--delay", "0", home=tmp_path
    )
    report = json.loads(done.stdout)
    assert passed_but_for_speed(report), report
    assert report["all_on_gui_thread"] is False
    assert report["delivered_on_gui_thread"] == 0
    assert report["expected_slot_thread"] == "consumer threads"
