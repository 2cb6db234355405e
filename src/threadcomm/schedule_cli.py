"""``--headless --search-schedules`` and ``--headless --replay-schedule FILE``.

The search prints one JSON object: whether a bad schedule was found, how many
orderings were tried within which bound, and the shortest bad schedule found
(which ``--replay-schedule`` replays). Exit 1 when a bad schedule was found (or
the replayed run went wrong), 0 when none was found within the bound.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from threadcomm.console import write_out
from threadcomm.core.run_request import UsageError, run_request
from threadcomm.core.schedule_search import search
from threadcomm.core.schedules import (
    Ran,
    Schedule,
    ScheduleError,
    read_schedule,
    replay,
    statements,
)

if TYPE_CHECKING:
    import argparse

    from threadcomm.core.config import RunConfig
    from threadcomm.core.schedule_search import SearchResult
    from threadcomm.stop_signals import StopSignals

__all__ = ["replay_schedule", "search_schedules", "to_schedule"]

#: The schedule file a student or a teacher may keep is small: a few thousand steps at most.


def to_schedule(ran: Ran, scenario: str, data: str, config: RunConfig) -> Schedule:
    """The schedule of a stepped run, ready to save."""
    return Schedule(
        scenario=scenario,
        data=data,
        consumers=config.consumers,
        maxsize=config.maxsize,
        steps=tuple(ran.steps),
        outcomes=ran.outcomes,
        extra={"diagnosis": ran.summary.diagnosis if ran.summary is not None else ""},
    )


def _in_thread(work: object, signals: StopSignals, stop: threading.Event) -> None:
    """Run ``work`` in a thread; a signal sets ``stop``. Returns when it has ended."""
    assert callable(work)
    worker = threading.Thread(target=work, name="schedule search")
    with signals.only_asking():
        worker.start()
        while worker.is_alive():
            worker.join(0.05)
            if signals.received is not None:
                stop.set()


def search_schedules(args: argparse.Namespace, signals: StopSignals) -> int:
    """Search the scenario's orderings; print the result as JSON; 1 when a bad one was found."""
    request = run_request(args, default_delay=0.0)
    stop = threading.Event()
    box: list[SearchResult] = []
    _in_thread(lambda: box.append(search(request.config, stop=stop)), signals, stop)
    result = box[0]
    name = request.scenario.name if request.scenario is not None else ""
    found = result.found
    report: dict[str, object] = {
        "scenario": name,
        "found": found is not None,
        "tried": result.tried,
        "complete": result.complete,
        "stopped": result.stopped,
        "bound": {
            "preemptions": result.max_preemptions,
            "orderings": result.max_orderings,
        },
        "elapsed_s": round(result.elapsed_s, 3),
        "orderings_per_s": round(result.tried / result.elapsed_s, 1) if result.elapsed_s else 0,
        "first_bad_s": None if result.first_bad_s is None else round(result.first_bad_s, 3),
        "schedule": (
            to_schedule(found, name, request.data, request.config).to_json()
            if found is not None
            else None
        ),
    }
    write_out(json.dumps(report) + "\n", flush=True)
    return 1 if found is not None or result.stopped else 0


def replay_schedule(args: argparse.Namespace, signals: StopSignals) -> int:
    """Replay a schedule file; print its outcome and statement count as JSON."""
    path = Path(args.replay_schedule)
    try:
        schedule = read_schedule(path, f"--replay-schedule {path}")
        config = schedule.config()
    except ScheduleError as exc:
        raise UsageError(str(exc)) from None
    stop = threading.Event()
    box: list[Ran] = []
    problem: list[str] = []

    def work() -> None:
        try:
            box.append(replay(config, schedule.steps, stop))
        except ScheduleError as exc:
            problem.append(str(exc))

    _in_thread(work, signals, stop)
    if problem:
        raise UsageError(f"--replay-schedule {path}: {problem[0]}")
    ran = box[0]
    write_out(
        json.dumps(
            {
                "scenario": schedule.scenario,
                "steps": len(ran.steps),
                "statements": len(statements(ran)),
                "outcomes": list(ran.outcomes),
                "status": str(ran.summary.status) if ran.summary is not None else "stopped",
                "diagnosis": ran.summary.diagnosis if ran.summary is not None else "",
            }
        )
        + "\n",
        flush=True,
    )
    return 1 if ran.outcomes or ran.summary is None else 0
