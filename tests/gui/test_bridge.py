"""The bridge and the model hand trace batches on as they are, and wake the GUI sparingly.

A flood sends about a million trace events through the GUI thread; what each
hop costs per event decides how fast the window keeps up with the workers.
One drain tick is bounded by time, whatever an event costs the views; what
cannot be drawn in time only updates the run's state.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from threadcomm.core.trace import Kind, Result, TraceEvent, log_line
from threadcomm.gui.run.bridge import ALWAYS_DRAWN, RESULTS_PER_TAKE, Bridge
from threadcomm.gui.run.model import RunModel


def _events(count: int) -> list[TraceEvent]:
    return [TraceEvent(i, "consumer-1", Kind.PROCESS, i, i * 2, "") for i in range(count)]


def test_a_drained_batch_reaches_every_view_as_the_same_list(qtbot: QtBot) -> None:
    bridge, model = Bridge(), RunModel()
    bridge.events_drained.connect(model.apply)
    model.reset(["consumer-1"], items=tuple(range(3)))
    drained: list[list[TraceEvent]] = []
    applied: list[list[TraceEvent]] = []
    bridge.events_drained.connect(drained.append)
    model.events_applied.connect(applied.append)
    for event in _events(3):
        bridge.trace(event)
    bridge.drain()
    # One list object all the way: no copy of the batch per hop (or per event).
    assert drained
    assert all(a is b for a, b in zip(drained, applied, strict=True))
    assert [ev for chunk in drained for ev in chunk] == _events(3)
    assert model.event_count == 3


class FakeClock:
    """A clock that moves only when the views do work: each event costs a known time."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _puts(count: int) -> list[TraceEvent]:
    return [TraceEvent(i, "creator", Kind.PUT, i, i, "") for i in range(count)]


def test_one_tick_handles_no_more_than_its_budget_however_costly_an_event(qtbot: QtBot) -> None:
    clock = FakeClock()
    budget = 0.008
    bridge, model = Bridge(budget_s=budget, clock=clock), RunModel()
    model.reset(["creator"], items=tuple(range(1_000)))
    drawn: list[TraceEvent] = []

    def costly_view(batch: list[TraceEvent]) -> None:  # 1 ms an event drawn
        clock.now += 0.001 * len(batch)
        drawn.extend(batch)

    def state_only(batch: list[TraceEvent]) -> None:  # 20 us an event summarised
        clock.now += 0.000_02 * len(batch)
        model.summarise(batch)

    bridge.events_drained.connect(costly_view)
    bridge.events_summarised.connect(state_only)
    for event in _puts(1_000):
        bridge.trace(event)
    spent = []
    while bridge.pending and len(spent) < 100:
        started = clock.now
        bridge.drain()
        spent.append(clock.now - started)
    assert max(spent) <= budget + 1e-9
    assert min(spent[:-1]) > budget / 2  # and each tick but the last used its budget
    # What could not be drawn in time was summarised, not queued: every put is in the
    # model's queue, and only the small backlog that is always drawn, and a few more, were.
    assert bridge.pending == 0
    assert len(model.queue) == 1_000 - len(drawn)
    assert len(drawn) < ALWAYS_DRAWN + 40
    assert model.undrawn == bridge.summarised == 1_000 - len(drawn)


def test_a_short_run_is_drawn_whole_even_after_a_chunk_that_waited(qtbot: QtBot) -> None:
    # On a busy machine one chunk can wait for the GIL and look a thousand times dearer
    # than it is; a short run must still keep every log line, not a summary of them.
    clock = FakeClock()
    bridge = Bridge(budget_s=0.006, clock=clock)
    drawn: list[TraceEvent] = []
    waited = [0.02]  # the first chunk waits 20 ms, then an event costs 20 us

    def view(batch: list[TraceEvent]) -> None:
        clock.now += (waited.pop() if waited else 0.0) + 0.000_02 * len(batch)
        drawn.extend(batch)

    bridge.events_drained.connect(view)
    bridge.events_summarised.connect(lambda batch: None)
    for event in _events(40):
        bridge.trace(event)
    for _ in range(20):
        bridge.drain()
    assert bridge.pending == 0
    assert bridge.summarised == 0
    assert drawn == _events(40)


def test_events_not_drawn_leave_a_marker_in_the_log(qtbot: QtBot) -> None:
    model = RunModel()
    model.reset(["consumer-1"], items=tuple(range(10)))
    model.summarise(_events(8))
    model.apply(_events(2))
    lines = [log_line(ev) for ev in model.log]
    assert lines[0] == "8 events not drawn: too fast to show"
    assert lines[1:] == ["0", "2"]
    assert model.event_count == 10


def test_the_end_of_a_run_waits_until_the_bridge_has_caught_up(qtbot: QtBot) -> None:
    clock = FakeClock()
    bridge = Bridge(budget_s=0.008, clock=clock)
    ticks: list[int] = []

    def costly_view(batch: list[TraceEvent]) -> None:
        clock.now += 0.001 * len(batch)

    bridge.events_drained.connect(costly_view)
    bridge.events_summarised.connect(costly_view)
    bridge.drained.connect(lambda: ticks.append(bridge.pending))
    for event in _events(50):
        bridge.trace(event)
    bridge.finish_when_drained()  # one tick's worth at once, not the whole backlog
    assert bridge.pending > 0
    assert ticks == []
    qtbot.waitUntil(lambda: ticks == [0])
    bridge.end()
    assert ticks == [0]  # emitted once


def test_results_wake_the_gui_once_until_taken_then_at_most_once_a_tick(qtbot: QtBot) -> None:
    bridge = Bridge()
    wakes: list[int] = []
    bridge.result_ready.connect(lambda: wakes.append(threading.get_ident()))

    def consumer() -> None:
        for i in range(1_000):
            bridge.result(Result(i, i, i * 2, "consumer-1", 0))

    worker = threading.Thread(target=consumer)
    worker.start()
    worker.join(5)
    assert not worker.is_alive()
    qtbot.waitUntil(lambda: len(wakes) == 1)
    taken = bridge.take_results()
    # Every result, in order, announced by a single signal delivered on the GUI thread.
    assert [r.index for r in taken] == list(range(1_000))
    assert wakes == [threading.get_ident()]
    # Taken on the GUI thread: a result that comes before the next drain tick waits for
    # it, so a flood of results wakes the GUI thread at most once a tick.
    bridge.result(Result(1_000, 1_000, 2_000, "consumer-1", 0))
    assert len(wakes) == 1
    bridge.drain()  # the tick delivers it
    assert len(wakes) == 2
    assert [r.index for r in bridge.take_results()] == [1_000]
    bridge.drain()  # a tick with nothing waiting: the next result wakes the GUI at once
    bridge.result(Result(1_001, 1_001, 2_002, "consumer-1", 0))
    assert len(wakes) == 3
    assert [r.index for r in bridge.take_results()] == [1_001]


def test_a_flood_of_results_reaches_the_gui_thread_in_bounded_portions_each_once(
    qtbot: QtBot,
) -> None:
    bridge, model = Bridge(), RunModel()
    model.reset(["consumer-1"], items=tuple(range(3 * RESULTS_PER_TAKE)))
    model.set_result_source(bridge.take_results)
    portions: list[int] = []
    bridge.result_ready.connect(model.on_result_ready, Qt.ConnectionType.QueuedConnection)
    model_record = model.results.record

    def record(results: list[Result], slot_thread: str, delivered_ns: int) -> None:
        portions.append(len(results))
        model_record(results, slot_thread, delivered_ns)

    model.results.record = record  # type: ignore[method-assign]

    def consumer() -> None:
        for i in range(3 * RESULTS_PER_TAKE):
            bridge.result(Result(i, i, i * 2, "consumer-1", 0))

    worker = threading.Thread(target=consumer)
    worker.start()
    worker.join(10)
    assert not worker.is_alive()
    qtbot.waitUntil(lambda: len(model.results) == 3 * RESULTS_PER_TAKE)
    assert max(portions) <= RESULTS_PER_TAKE
    assert [r.index for r in model.results] == list(range(3 * RESULTS_PER_TAKE))
    assert model.results.off_gui == 0


def test_a_turn_a_worker_offers_is_drained_and_ended_by_the_gui_thread(qtbot: QtBot) -> None:
    bridge, model = Bridge(), RunModel()
    bridge.events_drained.connect(model.apply)
    bridge.events_summarised.connect(model.summarise)
    model.reset(["consumer-1"], items=tuple(range(50)))
    bridge.begin()
    for event in _events(50):
        bridge.trace(event)
    turns = bridge.viewer_turns
    turns.hold_s = 30.0  # so only the GUI thread can end the turn in time
    turns.due_ns = 0  # the viewer is starved
    waiting = threading.Event()
    worker = threading.Thread(target=turns.take_turn, args=(waiting.set,), name="turn-taker")
    worker.start()
    try:
        assert waiting.wait(10)
        qtbot.waitUntil(lambda: not worker.is_alive(), timeout=10_000)
        assert model.event_count == 50  # drained during the turn, while the worker waited
        assert turns.turns == 1 and not turns.held
    finally:
        bridge.end()
        worker.join(10)
