"""Each scenario shows what it claims, for a reason the class can see."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from threadcomm.core.config import RunConfig
from threadcomm.core.pipeline import MAX_WORK_S, work_seconds
from threadcomm.core.scenarios import find_scenario
from threadcomm.core.trace import Kind, Status

from .helpers import run

RUNS = 10


def _headless_several_consumers() -> list[subprocess.Popen[str]]:
    command = [sys.executable, "-m", "threadcomm", "--headless", "--scenario"]
    command += ["several-consumers", "--quiet", "--summary-json"]
    return [
        subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=dict(os.environ))
        for _ in range(RUNS)
    ]


def test_several_consumers_deliver_out_of_order_in_most_headless_runs() -> None:
    expected = sorted(2 * v for v in find_scenario("several-consumers").run_config().items)
    out_of_order = 0
    for proc in _headless_several_consumers():
        stdout, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0
        summary = json.loads(stdout.splitlines()[-1])
        results = summary["results"]
        assert sorted(results) == expected
        data_order = [2 * v for v in find_scenario("several-consumers").run_config().items]
        out_of_order += results != data_order
    assert out_of_order >= 8


def test_a_bigger_item_keeps_its_consumer_working_longer_and_the_trace_shows_it() -> None:
    config = RunConfig(items=(8, 1), consumers=2, handshake=False, work=0.02)
    summary, sink = run(config)
    assert summary.status is Status.COMPLETED
    assert [r.value for r in summary.results] == [2, 16]  # 1 overtook 8
    worked = {e.value for e in sink.events if e.kind is Kind.WORK}
    assert worked == {8, 1}
    assert work_seconds(8, 0.02) > work_seconds(1, 0.02)


def test_without_work_no_work_is_reported() -> None:
    _, sink = run(RunConfig(items=(1, 2, 3)))
    assert not any(e.kind is Kind.WORK for e in sink.events)


def test_a_failed_item_says_why_in_words_not_an_exception_class() -> None:
    summary, _ = run(find_scenario("consumer-crash").run_config(delay=0.0))
    ((index, why),) = summary.failed
    assert index == 2
    assert "raised an error" in why
    assert "InjectedFault" not in why and "Error:" not in why


def test_a_huge_item_works_no_longer_than_the_cap() -> None:
    assert work_seconds(1_000, 0.05) == MAX_WORK_S
    assert work_seconds(-1_000, 0.05) == MAX_WORK_S
    assert work_seconds(10, 0.05) == 0.5
