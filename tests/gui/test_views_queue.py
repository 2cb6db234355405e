"""The queue view: slots in order, each item's Event, capacity, sentinels, who waits on what."""

from __future__ import annotations

from tests.gui.views_harness import OFFSCREEN_WARNING, TUTORIAL, Lab, model_after
from threadcomm.core.config import RunConfig
from threadcomm.core.trace import Kind, State, TraceEvent
from threadcomm.gui.views.queue_view import describe_queue

pytestmark = OFFSCREEN_WARNING


def test_a_full_bounded_queue_is_drawn_full_with_the_creator_blocked_in_put(lab: Lab) -> None:
    pipeline = lab.start(RunConfig(items=tuple(range(8)), maxsize=2, handshake=False, delay=0.05))
    view = lab.queue
    lab.qtbot.waitUntil(
        lambda: view.picture.full and "creator: blocked in q.put()" in view.text(), timeout=5000
    )
    pipeline.pause()
    lab.qtbot.waitUntil(
        lambda: (
            lab.model.threads["consumer-1"].state is State.PAUSED
            and lab.model.threads["creator"].state is State.BLOCKED_PUT
        ),
        timeout=5000,
    )
    assert view.header.text() == "Queue: 2 / 2 full"
    slots = view.picture.slots
    assert [s.kind for s in slots] == ["item", "item"], "no empty slot left"
    assert all(s.event_set is False for s in slots)
    assert "creator: blocked in q.put(): queue full (2 / 2)" in view.text()
    assert "q.join() waits for" in view.text()


def test_an_items_event_flips_from_clear_to_set(lab: Lab) -> None:
    seen: list[str] = []

    def note() -> None:
        picture = lab.queue.picture
        on_queue = [s for s in picture.slots if s.index == 0]
        if on_queue:
            seen.append("set" if on_queue[0].event_set else "clear")
        for line in picture.events:
            if line.startswith("Event of item 1 (5)"):
                seen.append("set" if "● set" in line else "clear")

    lab.model.updated.connect(note)  # after the view's own slot: it reads what the view shows
    # Without the handshake the set Event outlives the creator's wait: visible for a delay.
    lab.start(RunConfig(items=TUTORIAL, delay=0.1, handshake=False))
    lab.qtbot.waitUntil(lambda: "set" in seen, timeout=5000)
    assert seen.index("clear") < seen.index("set")


def test_the_consumer_blocked_on_an_empty_queue_is_named(lab: Lab) -> None:
    lab.start(RunConfig(items=TUTORIAL, delay=0.05, consumers=2))
    lab.qtbot.waitUntil(
        lambda: "blocked in q.get(): queue empty" in lab.queue.text(), timeout=5000
    )


def test_empty_slots_of_a_bounded_queue_are_drawn() -> None:
    picture = describe_queue(model_after([TraceEvent(1, "creator", Kind.PUT, 0, 5)], maxsize=3))
    assert picture.header == "Queue: 1 / 3"
    assert [s.kind for s in picture.slots] == ["item", "empty", "empty"]
    assert picture.slots[0].value == "5"


def test_sentinels_are_shown_as_such_and_unfinished_tasks_counted() -> None:
    model = model_after(
        [
            TraceEvent(1, "coordinator", Kind.SENTINEL_PUT),
            TraceEvent(2, "coordinator", Kind.JOIN_THREADS, detail="consumer-1"),
        ]
    )
    picture = describe_queue(model)
    assert [(s.kind, s.value) for s in picture.slots] == [("sentinel", "None")]
    assert picture.unfinished == "q.join() waits for 1 unfinished task"
    assert "coordinator: blocked in thread.join(), waiting for threads to end" in picture.waits


def test_events_off_the_queue_say_who_holds_them() -> None:
    model = model_after(
        [
            TraceEvent(1, "creator", Kind.PUT, 2, 13),
            TraceEvent(2, "creator", Kind.WAIT, 2, 13),
            TraceEvent(3, "consumer-1", Kind.GET, 2, 13),
        ]
    )
    picture = describe_queue(model)
    assert picture.header == "Queue: empty"
    assert picture.events == (
        "Event of item 3 (13): ○ clear - creator waits on it; taken by consumer-1",
    )
    assert "creator: blocked in evt.wait() on the Event of item 3 (13), still clear" in (
        picture.waits
    )
    model.apply([TraceEvent(4, "consumer-1", Kind.SET, 2, 13)])
    assert describe_queue(model).events[0].startswith("Event of item 3 (13): ● set")


def test_a_long_queue_draws_the_front_and_counts_the_rest() -> None:
    model = model_after([TraceEvent(i, "creator", Kind.PUT, i, i) for i in range(1, 100)])
    model.items = tuple(range(100))
    picture = describe_queue(model)
    assert picture.header == "Queue: 99 items (unbounded)"
    assert picture.more == 99 - len(picture.slots)
    assert picture.slots[0].index == 1
