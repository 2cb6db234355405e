"""The bridge and the model hand trace batches on as they are, and wake the GUI sparingly.

A flood sends about a million trace events through the GUI thread; what each
hop costs per event decides how fast the window keeps up with the workers.
"""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from threadcomm.core.trace import Kind, Result, TraceEvent
from threadcomm.gui.run.bridge import MAX_BATCH, Bridge
from threadcomm.gui.run.model import RunModel


def _events(count: int) -> list[TraceEvent]:
    return [TraceEvent(i, "consumer-1", Kind.PROCESS, i, i * 2, "") for i in range(count)]


def test_a_drained_batch_reaches_every_view_as_the_same_list(qtbot: QtBot) -> None:
    bridge, model = Bridge(), RunModel()
    bridge.events_drained.connect(model.apply)
    model.reset(["consumer-1"], items=tuple(range(3)))
    seen: list[object] = []
    bridge.events_drained.connect(seen.append)
    model.events_applied.connect(seen.append)
    for event in _events(3):
        bridge.trace(event)
    bridge.drain()
    # One list object all the way: no copy of the batch per hop (or per event).
    assert len(seen) == 2
    assert seen[0] is seen[1]
    assert seen[0] == _events(3)
    assert model.event_count == 3


def test_one_drain_hands_over_at_most_a_batch(qtbot: QtBot) -> None:
    bridge = Bridge()
    sizes: list[int] = []
    bridge.events_drained.connect(lambda batch: sizes.append(len(batch)))
    for event in _events(MAX_BATCH + 5):
        bridge.trace(event)
    bridge.drain()
    assert sizes == [MAX_BATCH]
    assert bridge.pending == 5
    bridge.end()  # the run's end hands over the rest
    assert sizes == [MAX_BATCH, 5]
    assert bridge.pending == 0


def test_results_from_a_worker_wake_the_gui_once_until_taken(qtbot: QtBot) -> None:
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
    bridge.result(Result(1_000, 1_000, 2_000, "consumer-1", 0))  # taken: the next one wakes
    qtbot.waitUntil(lambda: len(wakes) == 2)
    assert [r.index for r in bridge.take_results()] == [1_000]
