"""A stepped session reads like a comic strip: idle paused time is cut, and the cut is shown."""

from __future__ import annotations

from threadcomm.core.threads import COORDINATOR, CREATOR, GUI_THREAD, consumer_name
from threadcomm.core.trace import STATE_AFTER, Kind, TraceEvent
from threadcomm.gui.run.model import ThreadState
from threadcomm.gui.views.timeline.pause_cut import KEPT_NS, PauseCut, all_parked
from threadcomm.gui.views.timeline.store import TimelineStore

S = 1_000_000_000
CONSUMER = consumer_name(1)


def _feed(
    store: TimelineStore, cut: PauseCut, threads: dict[str, ThreadState], *events: TraceEvent
) -> None:
    """What the timeline view does with each applied batch."""
    cut.before(events[0].t_ns)
    store.add_events(list(events))
    for ev in events:
        threads.setdefault(ev.thread, ThreadState(ev.thread)).state = STATE_AFTER[ev.kind]
    cut.after(events[-1].t_ns, threads)


def test_a_minute_of_stepping_keeps_each_step_readable_and_marks_the_pauses() -> None:
    store = TimelineStore(gui_lane=GUI_THREAD)
    store.reset([CREATOR, CONSUMER, COORDINATOR, GUI_THREAD], 0)
    cut = PauseCut(store)
    threads = {COORDINATOR: ThreadState(COORDINATOR, STATE_AFTER[Kind.JOIN_THREADS])}
    _feed(
        store,
        cut,
        threads,
        TraceEvent(1, CREATOR, Kind.PAUSED),
        TraceEvent(2, CONSUMER, Kind.PAUSED),
    )
    for step in range(1, 7):  # a step every ten seconds, each a statement
        t = step * 10 * S
        _feed(store, cut, threads, TraceEvent(t, CREATOR, Kind.ANNOUNCE))
        _feed(store, cut, threads, TraceEvent(t + 1000, CREATOR, Kind.PAUSED))
    assert len(store.breaks) == 6
    assert all(abs(removed - (10 * S - KEPT_NS)) < S // 100 for _, removed in store.breaks[1:])
    # Sixty seconds of clock, about two and a half on the axis: every step stays visible.
    assert store.latest_ns < 6 * KEPT_NS + S
    assert store.hold_ns == store.latest_ns + KEPT_NS  # "now" waits at the cut while parked


def test_time_that_is_not_paused_is_never_cut() -> None:
    store = TimelineStore(gui_lane=GUI_THREAD)
    store.reset([CREATOR, CONSUMER], 0)
    cut = PauseCut(store)
    threads: dict[str, ThreadState] = {}
    _feed(store, cut, threads, TraceEvent(1, CREATOR, Kind.WAIT))  # blocked, nobody paused
    _feed(store, cut, threads, TraceEvent(1, CONSUMER, Kind.GET_BLOCKED))
    _feed(store, cut, threads, TraceEvent(30 * S, CONSUMER, Kind.GET))
    assert store.breaks == [] and store.shift_ns == 0 and store.hold_ns == 0
    assert store.latest_ns == 30 * S


def test_parked_means_every_live_worker_paused_or_blocked_and_one_paused() -> None:
    paused, blocked = STATE_AFTER[Kind.PAUSED], STATE_AFTER[Kind.GET_BLOCKED]
    running, ended = STATE_AFTER[Kind.GET], STATE_AFTER[Kind.THREAD_END]
    coordinator = ThreadState(COORDINATOR, STATE_AFTER[Kind.JOIN])
    both = {CREATOR: ThreadState(CREATOR, paused), CONSUMER: ThreadState(CONSUMER, blocked)}
    assert all_parked({**both, COORDINATOR: coordinator})
    assert not all_parked({CREATOR: ThreadState(CREATOR, blocked)})  # a deadlock: not paused
    assert not all_parked({**both, CONSUMER: ThreadState(CONSUMER, running)})
    assert all_parked({**both, CONSUMER: ThreadState(CONSUMER, ended)})
