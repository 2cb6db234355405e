"""The explanation: one paragraph in plain words, following the run."""

from __future__ import annotations

from tests.gui.views_harness import OFFSCREEN_WARNING, TUTORIAL, Lab, model_after
from threadcomm.core.config import RunConfig
from threadcomm.core.trace import Kind, TraceEvent
from threadcomm.gui.run.model import RunModel
from threadcomm.gui.views.explanation_view import explain

pytestmark = OFFSCREEN_WARNING


def test_the_explanation_names_the_waiting_creator(lab: Lab) -> None:
    lab.start(RunConfig(items=TUTORIAL, delay=0.1))
    lab.qtbot.waitUntil(
        lambda: "The creator is waiting for the Event of item" in lab.explanation.text(),
        timeout=5000,
    )
    assert "Only the consumer can set it" in lab.explanation.text()


def test_the_explanation_names_consumers_blocked_on_an_empty_queue(lab: Lab) -> None:
    lab.start(RunConfig(items=TUTORIAL, delay=0.05, consumers=3))
    lab.qtbot.waitUntil(
        lambda: "blocked in q.get(): the queue is empty." in lab.explanation.text(),
        timeout=5000,
    )


def test_the_finished_run_is_summed_up_in_a_sentence(lab: Lab) -> None:
    lab.start(RunConfig(items=TUTORIAL))
    lab.wait_finished()
    lab.qtbot.waitUntil(lambda: lab.explanation.text().startswith("Done: all 4 items"))
    assert "every result reached the GUI thread" in lab.explanation.text()


def test_a_deadlock_shows_the_watchdogs_diagnosis(lab: Lab) -> None:
    lab.start(RunConfig(items=TUTORIAL, forget_set=True, deadlock_after=0.3))
    lab.wait_finished()
    text = lab.explanation.text()
    assert text.startswith("Deadlock: no thread can make progress. creator waits in evt.wait()")
    assert "never called evt.set()" in text
    assert "\n" not in text, "one paragraph"


def test_a_full_queue_is_explained_as_backpressure() -> None:
    model = model_after(
        [
            TraceEvent(1, "creator", Kind.PUT, 0, 5),
            TraceEvent(2, "creator", Kind.PUT, 1, 10),
            TraceEvent(3, "creator", Kind.PUT_BLOCKED, 2, 13),
        ],
        maxsize=2,
    )
    assert explain(model).startswith(
        "The queue is full (2 of 2): the creator is blocked in q.put() until a consumer "
        "takes an item."
    )


def test_q_join_is_explained_with_its_unfinished_tasks() -> None:
    model = model_after(
        [
            TraceEvent(1, "creator", Kind.PUT, 0, 5),
            TraceEvent(2, "creator", Kind.PUT, 1, 10),
            TraceEvent(3, "coordinator", Kind.JOIN),
        ]
    )
    assert "q.join() is waiting for 2 unfinished tasks." in explain(model)


def test_before_any_run_it_says_what_to_do() -> None:
    model = RunModel()
    assert explain(model).startswith("No run yet.")
