"""The code view: each thread's tag on the line it executes, for every listing and every kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gui.views_harness import LESSONS, OFFSCREEN_WARNING, Lab
from threadcomm.core.config import RunConfig
from threadcomm.core.threads import role_of
from threadcomm.core.trace import Kind, State
from threadcomm.gui.views.code_lines import UNMAPPED_KINDS, Listing, line_for
from threadcomm.gui.views.code_view import tag_text

pytestmark = OFFSCREEN_WARNING

# kind -> (thread, detail, the code the line holds); None: no line, on purpose.
EXPECTED: dict[Kind, tuple[str, str, str | None]] = {
    Kind.THREAD_START: ("creator", "", "def creator("),
    Kind.ANNOUNCE: ("creator", "", "print('Creating data and putting it on the queue')"),
    Kind.PUT_BLOCKED: ("creator", "", "q.put((item, evt))"),
    Kind.PUT: ("creator", "", "q.put((item, evt))"),
    Kind.WAIT: ("creator", "", "evt.wait()"),
    Kind.WAIT_DONE: ("creator", "", "for item in data:"),
    Kind.GET_BLOCKED: ("consumer-1", "", "q.get()"),
    Kind.GET: ("consumer-1", "", "q.get()"),
    Kind.WORK: ("consumer-1", "", None),  # only a listing whose items take work has the line
    Kind.PROCESS: ("consumer-1", "", "processed = data * 2"),
    Kind.SET: ("consumer-1", "", "evt.set()"),
    Kind.TASK_DONE: ("consumer-1", "", "q.task_done()"),
    Kind.PACE: ("consumer-1", "", None),
    Kind.PAUSED: ("creator", "", None),
    Kind.JOIN: ("coordinator", "", "q.join()"),
    Kind.JOIN_DONE: ("coordinator", "", "q.join()"),
    Kind.SENTINEL_PUT: ("coordinator", "", "q.put(None)"),
    Kind.SENTINEL_GET: ("consumer-1", "", "if job is None:"),
    Kind.JOIN_THREADS: ("coordinator", "creator", "thread_one.join()"),
    Kind.ERROR: ("consumer-1", "", "processed = data * 2"),
    Kind.DEADLOCK: ("coordinator", "", None),
    Kind.THREAD_END: ("consumer-1", "", None),
    # only the listings of the mistakes that make these calls have their lines
    Kind.CLEAR: ("consumer-1", "", None),
    Kind.SHUTDOWN: ("creator", "", None),
    Kind.SHUTDOWN_GET: ("consumer-1", "", None),
    Kind.SAY: ("coordinator", "", None),
    Kind.EXIT: ("coordinator", "", None),
}
_NO_HANDSHAKE = {Kind.WAIT: None, Kind.WAIT_DONE: None}
_NO_SENTINEL = {Kind.SENTINEL_GET: None, Kind.SENTINEL_PUT: None}
_NO_QUEUE_JOIN = {Kind.JOIN: None, Kind.JOIN_DONE: None}
# What a listing lacks (a bug variant comments it out) or does its own way.
DIFFERENT: dict[str, dict[Kind, str | None]] = {
    "backpressure.py": {Kind.WAIT: None, Kind.WAIT_DONE: None},
    "several_consumers.py": {Kind.WAIT: None, Kind.WAIT_DONE: None, Kind.WORK: "work_on(data)"},
    "forgot_set.py": {Kind.SET: None},
    "forgot_task_done.py": {Kind.TASK_DONE: None},
    "consumer_crash.py": {Kind.ERROR: "raise RuntimeError('cannot process 13')"},
    "while_true.py": {Kind.SENTINEL_GET: None, Kind.SENTINEL_PUT: None},
    "tutorial_verbatim.py": {**_NO_SENTINEL, Kind.JOIN_THREADS: None},
    "task_done_before_result.py": {
        **_NO_HANDSHAKE,
        Kind.SAY: "print('All work completed!",
    },
    "one_event_reused.py": {Kind.CLEAR: "evt.clear()"},
    "daemon_consumer.py": {**_NO_HANDSHAKE, **_NO_SENTINEL, **_NO_QUEUE_JOIN},
    "shutdown_ends_consumers.py": {
        **_NO_SENTINEL,
        **_NO_QUEUE_JOIN,
        Kind.SHUTDOWN: "q.shutdown()",
        Kind.SHUTDOWN_GET: "except ShutDown",
        Kind.SENTINEL_GET: "break",  # never reported here: the loop ends on ShutDown
    },
    "shutdown_immediate_discards.py": {
        **_NO_SENTINEL,
        **_NO_QUEUE_JOIN,
        Kind.SHUTDOWN: "q.shutdown(immediate=True)",
        Kind.SHUTDOWN_GET: "except ShutDown",
        Kind.SENTINEL_GET: "break",  # never reported here: the loop ends on ShutDown
    },
}


def test_the_expectations_cover_every_kind() -> None:
    assert set(EXPECTED) == set(Kind)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
@pytest.mark.parametrize("kind", list(Kind), ids=lambda k: k.value)
def test_every_kind_maps_to_its_line_in_every_listing(path: Path, kind: Kind) -> None:
    listing = Listing(path.read_text(encoding="utf-8"))
    thread, detail, code = EXPECTED[kind]
    code = DIFFERENT.get(path.name, {}).get(kind, code)
    line = line_for(listing, kind, thread, detail)
    if code is None:
        assert line is None
        return
    assert line is not None
    text = listing.lines[line - 1]
    assert code in text.split("#", 1)[0], f"line {line}: {text!r}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_commented_out_statements_are_never_matched(path: Path) -> None:
    listing = Listing(path.read_text(encoding="utf-8"))
    for kind in Kind:
        for thread in ("creator", "consumer-1", "coordinator"):
            line = line_for(listing, kind, thread, "consumer-1")
            if line is not None:
                assert not listing.lines[line - 1].lstrip().startswith("#")


def test_task_done_is_the_consumers_own_not_the_sentinels() -> None:
    listing = Listing((LESSONS[0].parent / "tutorial.py").read_text(encoding="utf-8"))
    line = line_for(listing, Kind.TASK_DONE, "consumer-2")
    assert line is not None
    assert line > line_for(listing, Kind.PROCESS, "consumer-2")  # type: ignore[operator]


def test_joining_the_consumers_points_at_their_join() -> None:
    listing = Listing((LESSONS[0].parent / "several_consumers.py").read_text(encoding="utf-8"))
    line = line_for(listing, Kind.JOIN_THREADS, "coordinator", "consumer-1, consumer-2")
    assert line is not None and listing.lines[line - 1].strip() == "thread.join()"


def test_threads_with_no_part_in_the_listing_have_no_line() -> None:
    listing = Listing((LESSONS[0].parent / "tutorial.py").read_text(encoding="utf-8"))
    assert role_of("GUI thread") == ""
    assert line_for(listing, Kind.PUT, "GUI thread") is None
    assert line_for(listing, Kind.PUT, "consumer-1") is None


def test_tags_say_the_state_when_the_thread_is_not_running() -> None:
    assert tag_text("consumer-1", State.PACING) == "consumer-1 (slow motion)"
    assert tag_text("consumer-1", State.WORKING) == "consumer-1 (working)"
    assert tag_text("creator", State.BLOCKED_WAIT) == "creator (blocked)"
    assert tag_text("creator", State.PAUSED) == "creator (paused)"
    assert tag_text("creator", State.RUNNING) == "creator"


def test_the_tutorial_is_shown_when_the_model_has_no_listing(lab: Lab) -> None:
    tutorial = (LESSONS[0].parent / "tutorial.py").read_text(encoding="utf-8")
    assert lab.code.editor.toPlainText() == tutorial.rstrip("\n") or (
        lab.code.editor.toPlainText() == tutorial
    )
    assert "def my_consumer(q):" in lab.code.line_text(
        tutorial.splitlines().index("def my_consumer(q):") + 1
    )


def test_live_the_creator_is_parked_on_evt_wait_while_the_consumer_moves(lab: Lab) -> None:
    code = lab.code
    consumer_lines: set[str] = set()

    def note() -> None:
        line = code.marker_line("consumer-1")
        if line is not None:
            consumer_lines.add(code.line_text(line).strip())

    lab.model.updated.connect(note)
    pipeline = lab.start(RunConfig(items=(5, 10, 13, -1), delay=0.1))
    lab.qtbot.waitUntil(lambda: "q.task_done()" in consumer_lines, timeout=5000)

    def creator_blocked_on_wait() -> None:
        line = code.marker_line("creator")
        assert line is not None and "evt.wait()" in code.line_text(line)
        assert code.marker_tag("creator") == "creator (blocked)"

    lab.qtbot.waitUntil(creator_blocked_on_wait, timeout=5000)
    pipeline.pause()
    lab.qtbot.waitUntil(lambda: code.marker_tag("consumer-1") == "consumer-1 (paused)")
    creator_blocked_on_wait()
    assert {
        "job = q.get()",
        "processed = data * 2",
        "evt.set()",
        "q.task_done()",
    } <= consumer_lines
    assert code.editor.tags, "the tagged lines are painted"


def test_unmapped_kinds_are_documented() -> None:
    assert {Kind.PACE, Kind.PAUSED, Kind.THREAD_END, Kind.DEADLOCK} == UNMAPPED_KINDS
