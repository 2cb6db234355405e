"""The tutorial verbatim and the mistakes with Queue, Event and join: each shows what it claims.

Headless runs are at each scenario's own settings (see ``scenario_runs``);
every diagnosis names the thread, the call it is stuck in or the error it
died of, and the lesson line that causes it, quoted as it is in the listing.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

import pytest

from tests.support.waiting import wait_until
from threadcomm.assets import resource_path
from threadcomm.core.listing import code_parts
from threadcomm.core.mistake_run import new_pipeline
from threadcomm.core.mistakes import LESSONS, Mistake, has_queue_shutdown
from threadcomm.core.scenarios import find_scenario
from threadcomm.core.scheduler import at_rest
from threadcomm.core.trace import RecordingSink, Status

from .cli_run import threadcomm
from .scenario_runs import headless_runs, scenarios

RUNS = 10
NEEDS_313 = pytest.mark.skipif(not has_queue_shutdown(), reason="Queue.shutdown() is 3.13+")

#: scenario -> (status, words the diagnosis must hold, lesson code it must quote)
MISTAKES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "tutorial-verbatim": (
        "hang",
        (
            "main's q.join()",
            "returned after 1 of 4 items",
            "consumer-1 waits in q.get()",
            "The lab ended consumer-1 itself",
        ),
        ("q.join()", "while True:"),
    ),
    "task-done-twice": (
        "deadlock",
        (
            "consumer-1 died of ValueError: task_done() called too many times",
            "creator waits in evt.wait() for item 1 (5)",
        ),
        ("q.task_done()", "evt.set()"),
    ),
    "continue-skips-task-done": (
        "hang",
        (
            "main waits in q.join()",
            "1 task(s) unfinished although 4 of 4 results arrived",
            "consumer-1 took item 4 (-1)",
        ),
        ("continue", "q.task_done()"),
    ),
    "task-done-before-result": (
        "failed",
        (
            'printed "All work completed!" with 3 of 4 results',
            "item 4 (-1) arrived after it",
            "consumer-1 calls q.task_done()",
        ),
        ("q.join()", "q.task_done()", "results.append(processed)"),
    ),
    "one-event-reused": (
        "deadlock",
        (
            "creator waits in evt.wait() for item 1 (5)",
            "consumer-1 already doubled it",
            "the wake-up was lost",
        ),
        ("evt.clear()", "evt = threading.Event()", "evt.wait()"),
    ),
    "one-sentinel-two-consumers": (
        "hang",
        ("waits in q.get() on an empty queue", "main put one sentinel", "took it"),
        ("q.put(None)", "thread.join()"),
    ),
    "daemon-consumer": (
        "failed",
        (
            "The program exited while consumer-1 was in the middle of item 3 (13)",
            "The result of item 3 (13) is lost",
            "item 4 (-1) never left the queue",
        ),
        ("daemon=True", "thread_one.join()"),
    ),
}


def _quoted_lines_are_the_listings(scenario_name: str, diagnosis: str) -> list[str]:
    """Every ``line N: `code``` in the diagnosis; each must be line N of the lesson."""
    scenario = find_scenario(scenario_name)
    code = [line.strip() for line in code_parts(scenario.listing())]
    quoted = re.findall(r"line (\d+): `([^`]*)`", diagnosis)
    assert quoted, f"no lesson line quoted in: {diagnosis}"
    for number, text in quoted:
        assert code[int(number) - 1] == text, (number, text)
    return [text for _, text in quoted]


def _headless_many(name: str) -> list[dict[str, object]]:
    command = [sys.executable, "-m", "threadcomm", "--headless", "--scenario", name]
    command += ["--quiet", "--summary-json"]
    procs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=dict(os.environ))
        for _ in range(RUNS)
    ]
    summaries = []
    for proc in procs:
        stdout, _ = proc.communicate(timeout=120)
        summaries.append(json.loads(stdout.splitlines()[-1]))
    return summaries


def test_the_verbatim_tutorials_join_returns_before_every_item_is_put_in_most_runs() -> None:
    items = len(find_scenario("tutorial-verbatim").run_config().items)
    summaries = _headless_many("tutorial-verbatim")
    early = [s["join_returned_after_puts"] for s in summaries]
    assert sum(1 for n in early if n < items) >= 8, early  # type: ignore[operator]
    assert all(s["status"] == "hang" for s in summaries)
    assert all(s["results"] == [10, 20, 26, -2] for s in summaries)


def test_the_corrected_tutorials_join_never_returns_before_every_item_is_put() -> None:
    items = len(find_scenario("tutorial").run_config().items)
    summaries = _headless_many("tutorial")
    assert [s["join_returned_after_puts"] for s in summaries] == [items] * RUNS
    assert all(s["status"] == "completed" for s in summaries)


@pytest.mark.parametrize("name", list(MISTAKES))
def test_each_mistake_ends_as_its_diagnosis_says_naming_thread_call_and_lesson_line(
    name: str,
) -> None:
    status, words, quotes = MISTAKES[name]
    run = headless_runs()[name]
    diagnosis = str(run.summary["diagnosis"])
    assert run.summary["status"] == status, diagnosis
    assert run.returncode == 1
    for phrase in words:
        assert phrase in diagnosis
    quoted = _quoted_lines_are_the_listings(name, diagnosis)
    for text in quotes:
        assert any(text in q for q in quoted), (text, quoted)


def test_every_scenario_runs_headless_and_says_in_plain_words_how_it_ended() -> None:
    runs = headless_runs()
    assert set(runs) == {s.name for s in scenarios() if not s.unavailable}
    for name, run in runs.items():
        assert run.returncode in (0, 1), (name, run.stderr)
        diagnosis = run.summary["diagnosis"]
        assert isinstance(diagnosis, str) and len(diagnosis.split()) >= 5, (name, diagnosis)
        assert "Traceback" not in run.stderr


def test_the_verbatim_listing_is_the_tutorials_code_as_printed() -> None:
    text = resource_path("lesson", LESSONS[Mistake.VERBATIM]).read_text()
    code = [line.strip() for line in code_parts(text) if line.strip()]
    assert code[-3:] == ["thread_one.start()", "thread_two.start()", "q.join()"]
    assert "while True:" in code and "data, evt = q.get()" in code
    assert "q.put(None)" not in text and "thread_one.join()" not in text


@NEEDS_313
def test_queue_shutdown_ends_both_consumers_without_a_sentinel() -> None:
    result = threadcomm("--headless", "--scenario", "shutdown-ends-consumers", "--summary-json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["status"] == "completed"
    assert sorted(summary["results"]) == [-2, 10, 20, 26]
    diagnosis = summary["diagnosis"]
    assert "consumer-1" in diagnosis and "consumer-2" in diagnosis
    assert "queue.ShutDown" in diagnosis
    quoted = _quoted_lines_are_the_listings("shutdown-ends-consumers", diagnosis)
    assert any("q.shutdown()" in q for q in quoted)


@NEEDS_313
def test_shutdown_immediate_discards_queued_items_and_the_creator_waits_forever() -> None:
    result = threadcomm(
        "--headless", "--scenario", "shutdown-immediate-discards", "--summary-json", "--quiet"
    )
    assert result.returncode == 1
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["status"] == "deadlock"
    diagnosis = summary["diagnosis"]
    assert "creator waits in evt.wait()" in diagnosis and "discarded item" in diagnosis
    quoted = _quoted_lines_are_the_listings("shutdown-immediate-discards", diagnosis)
    assert any("q.shutdown(immediate=True)" in q for q in quoted)


@pytest.mark.skipif(has_queue_shutdown(), reason="this interpreter has Queue.shutdown()")
def test_shutdown_scenarios_are_listed_but_cannot_start_before_python_3_13() -> None:
    listed = {s.name: s for s in scenarios()}
    for name in ("shutdown-ends-consumers", "shutdown-immediate-discards"):
        assert listed[name].unavailable.startswith("Needs Python 3.13")
        result = threadcomm("--headless", "--scenario", name)
        assert result.returncode == 2
        assert "Needs Python 3.13" in result.stderr and "Traceback" not in result.stderr
    listing = threadcomm("--list-scenarios").stdout
    assert "shutdown-immediate-discards" in listing and "Needs Python 3.13" in listing


_SHUTDOWN = ("shutdown-ends-consumers", "shutdown-immediate-discards")
_IN_PROCESS = [n for n in (*MISTAKES, *_SHUTDOWN) if not find_scenario(n).unavailable]


@pytest.mark.parametrize("name", _IN_PROCESS)
def test_stop_ends_every_thread_of_a_mistake_run_at_once(name: str) -> None:
    sink = RecordingSink()
    pipeline = new_pipeline(find_scenario(name).run_config(), sink)
    pipeline.start()
    wait_until(lambda: len(sink.events) > 10, what="the run under way")
    pipeline.stop()
    started = time.monotonic()
    assert pipeline.wait(2), "a thread of the run did not end"
    assert time.monotonic() - started < 1.0
    assert sink.summary is not None and sink.summary.status is Status.STOPPED


@pytest.mark.parametrize("name", _IN_PROCESS)
def test_a_paused_mistake_run_can_be_stepped_to_its_end(name: str) -> None:
    sink = RecordingSink()
    pipeline = new_pipeline(find_scenario(name).run_config(delay=0.0, deadlock_after=0.3), sink)
    pipeline.pause()
    pipeline.start()
    try:
        deadline = time.monotonic() + 20
        while not sink.done.is_set():
            assert time.monotonic() < deadline, "stepping never reached the end"
            if at_rest(pipeline):
                pipeline.step()
            sink.done.wait(0.005)
    finally:
        pipeline.stop()
        assert pipeline.wait(5)
    assert sink.summary is not None and sink.summary.status is not Status.STOPPED
