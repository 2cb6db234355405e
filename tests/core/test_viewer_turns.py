"""The workers give a starved viewer's thread turns at the GIL, bounded, and only when starved."""

from __future__ import annotations

import threading

from threadcomm.core.config import make_run_config
from threadcomm.core.pipeline import Pipeline
from threadcomm.core.trace import Kind, RecordingSink
from threadcomm.core.viewer_turns import ViewerTurns

_WAIT_S = 10.0


def _worker_taking_a_turn(turns: ViewerTurns, waiting: threading.Event) -> threading.Thread:
    worker = threading.Thread(target=turns.take_turn, args=(waiting.set,), name="turn-taker")
    worker.start()
    return worker


def test_a_starved_viewer_is_offered_a_turn_and_the_worker_waits_until_it_ends() -> None:
    offered = threading.Event()
    turns = ViewerTurns(offered.set, starved_s=0.0, hold_s=_WAIT_S)
    waiting = threading.Event()
    worker = _worker_taking_a_turn(turns, waiting)
    assert offered.wait(_WAIT_S) and waiting.wait(_WAIT_S)
    assert turns.held and worker.is_alive()  # it waits for the viewer, not for a timeout
    turns.end_turn()
    worker.join(_WAIT_S)
    assert not worker.is_alive() and not turns.held
    assert turns.turns == 1


def test_a_viewer_that_keeps_up_is_never_offered_a_turn() -> None:
    offers: list[int] = []
    turns = ViewerTurns(lambda: offers.append(1), starved_s=60.0)
    turns.viewer_ran()
    turns.take_turn(lambda: offers.append(2))  # due in a minute: returns at once
    assert offers == [] and not turns.held


def test_a_turn_the_viewer_never_ends_holds_the_worker_only_for_the_hold_time() -> None:
    turns = ViewerTurns(lambda: None, starved_s=0.0, hold_s=0.01)
    turns.take_turn(lambda: None)  # nobody ends it: the worker ends it itself
    assert not turns.held


def test_closing_releases_a_waiting_worker_and_offers_no_more_turns() -> None:
    offered = threading.Event()
    turns = ViewerTurns(offered.set, starved_s=0.0, hold_s=_WAIT_S)
    waiting = threading.Event()
    worker = _worker_taking_a_turn(turns, waiting)
    assert waiting.wait(_WAIT_S)
    turns.close()
    worker.join(_WAIT_S)
    assert not worker.is_alive()
    offered.clear()
    turns.take_turn(lambda: None)
    assert not offered.is_set() and turns.turns == 1


def test_a_viewer_that_is_gone_stops_the_turns_without_failing_the_worker() -> None:
    def gone() -> None:
        raise RuntimeError("Internal C++ object already deleted.")

    turns = ViewerTurns(gone, starved_s=0.0, hold_s=_WAIT_S)
    turns.take_turn(lambda: None)
    turns.take_turn(lambda: None)
    assert not turns.held and turns.turns == 1


class _ViewerSink(RecordingSink):
    """A sink with a viewer that is always starved and ends each turn at once."""

    def __init__(self) -> None:
        super().__init__()
        self.viewer_turns = ViewerTurns(self._offered, starved_s=0.0, hold_s=_WAIT_S)

    def _offered(self) -> None:
        threading.Thread(target=self.viewer_turns.end_turn, name="viewer").start()


def test_a_run_with_a_starved_viewer_pauses_between_items_and_still_completes() -> None:
    sink = _ViewerSink()
    config = make_run_config(items=tuple(range(200)), consumers=2, handshake=False)
    pipeline = Pipeline(config, sink)
    pipeline.start()
    assert pipeline.wait(_WAIT_S * 3)
    summary = pipeline.summary
    assert summary is not None and str(summary.status) == "completed"
    assert sorted(r.index for r in sink.results) == list(range(200))
    assert sink.viewer_turns.turns > 0
    paced = [ev for ev in sink.events if ev.kind is Kind.PACE]
    assert paced, "a thread waiting for the viewer shows as pacing, not running"
    sink.viewer_turns.close()
    for thread in threading.enumerate():
        if thread.name == "viewer":
            thread.join(_WAIT_S)
