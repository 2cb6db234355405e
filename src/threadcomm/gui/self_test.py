"""``--self-test``: open the real window, drive one run through it, print one JSON line.

It checks what the lab promises: every result reached a slot on the GUI
thread, each item exactly once. It also measures startup (process start to
first paint), throughput, GUI event-loop stalls during the run and peak memory.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer, Slot

from threadcomm.console import write_out
from threadcomm.core.memory import peak_rss_mb
from threadcomm.core.threads import GUI_THREAD
from threadcomm.gui.self_test_exercise import Exercise
from threadcomm.gui.window.main_window import MainWindow
from threadcomm.stop_signals import signal_name

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtWidgets import QApplication

    from threadcomm.core.trace import Summary
    from threadcomm.gui.run.results import ResultRow
    from threadcomm.gui.signal_watch import SignalWatch
    from threadcomm.gui.window.preferences import RunOptions

__all__ = [
    "MAX_STALL_MS",
    "StallMeter",
    "check_responsive",
    "check_results",
    "process_age_s",
    "run_self_test",
]

#: The stall meter's tick: a stall is how much later than this a tick arrives.
STALL_INTERVAL_MS = 5
#: The longest stall a responsive window may have (ms): longer, and a person notices.
MAX_STALL_MS = 50.0
#: Fewest stall samples, as a share of the ticks the run's length allows: fewer means
#: the event loop was too busy to tick, so its stalls were not even measured.
MIN_SAMPLE_SHARE = 0.25
_IMPORTED_S = time.monotonic()


def process_age_s() -> float:
    """Seconds since this process started (Linux: from /proc; elsewhere: since this import)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rpartition(")")[2].split()
        start_s = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: starttime, in ticks
        age = time.clock_gettime(time.CLOCK_BOOTTIME) - start_s
    except (OSError, ValueError, IndexError, AttributeError):
        age = -1.0
    return age if 0 <= age < 3600 else time.monotonic() - _IMPORTED_S


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie (nearest rank); 0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


class StallMeter(QObject):
    """Ticks every few ms on the GUI thread; records how late each tick arrives."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stalls_ms: list[float] = []
        self._last_ns = 0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(STALL_INTERVAL_MS)
        self._timer.timeout.connect(self._on_tick)

    def start(self) -> None:
        """Begin measuring."""
        self._last_ns = time.perf_counter_ns()
        self._timer.start()

    def stop(self) -> None:
        """Stop measuring."""
        self._timer.stop()

    @Slot()
    def _on_tick(self) -> None:
        now = time.perf_counter_ns()
        gap_ms = (now - self._last_ns) / 1e6
        self._last_ns = now
        self.stalls_ms.append(max(0.0, gap_ms - STALL_INTERVAL_MS))


class FirstPaint(QObject):
    """An event filter that notes when the window first paints, then quits ``loop``."""

    _built = False  # True once __init__ ends (README: "Event handlers")

    def __init__(self, loop: QEventLoop) -> None:
        super().__init__()
        self.age_s: float | None = None
        self._loop = loop
        self._built = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Catch the first Paint event."""
        if self._built and self.age_s is None and event.type() == QEvent.Type.Paint:
            self.age_s = process_age_s()
            self._loop.quit()
        return False


def check_results(rows: Sequence[ResultRow], items: int, *, direct: bool = False) -> list[str]:
    """What is wrong with the results the GUI received ([] when every check passes).

    ``direct``: the run demonstrates a direct connection, so every slot is
    expected to run on the consumer thread that computed the result instead.
    """
    problems = []
    if len(rows) != items:
        problems.append(f"{len(rows)} results reached the GUI for {items} items")
    if direct:
        elsewhere = sum(1 for r in rows if r.slot_thread != r.thread)
        if elsewhere:
            problems.append(f"{elsewhere} direct-connection slots ran off their consumer thread")
    elif off_gui := sum(1 for r in rows if r.slot_thread != GUI_THREAD):
        problems.append(f"{off_gui} result slots ran outside the GUI thread")
    seen = bytearray(items)  # one byte per item: a million results stay cheap to check
    for row in rows:
        if not 0 <= row.index < items or seen[row.index]:
            break
        seen[row.index] = 1
    if seen.count(1) != items or len(rows) != items:
        problems.append("some items arrived twice or never")
    return problems


def check_responsive(stalls_ms: Sequence[float], elapsed_s: float) -> list[str]:
    """What was wrong with the window's responsiveness during a run ([] when nothing).

    ``stalls_ms`` are the stall meter's samples over a run of ``elapsed_s`` seconds.
    """
    problems = []
    worst = max(stalls_ms, default=0.0)
    if worst > MAX_STALL_MS:
        problems.append(
            f"the window stalled for {worst:.0f} ms (at most {MAX_STALL_MS:g} ms is responsive)"
        )
    expected = elapsed_s * 1000 / STALL_INTERVAL_MS
    if expected >= 20 and len(stalls_ms) < MIN_SAMPLE_SHARE * expected:
        problems.append(
            f"the event loop ticked {len(stalls_ms):,} times in {elapsed_s:.2f} s "
            f"(at least {math.ceil(MIN_SAMPLE_SHARE * expected):,} expected): it was too busy"
        )
    return problems


def _wait(loop: QEventLoop, timeout_s: float) -> bool:
    """Run ``loop`` until it quits or ``timeout_s`` passes; True when it quit in time."""
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(max(1, int(timeout_s * 1000)))
    loop.exec()
    in_time = timer.isActive()
    timer.stop()
    return in_time


def run_self_test(
    app: QApplication,
    wanted: RunOptions,
    watch: SignalWatch | None = None,
    *,
    exercise: bool = False,
) -> int:
    """Drive the run ``wanted`` through the real window; print one JSON line; 0 if it passed.

    A stop signal (``watch``) ends the run early: the JSON line still comes and
    says so (exit 1); before the run started, the window closes and the exit is
    the shell's 128 + signal number, with no JSON line.
    """
    window = MainWindow(remember=False)
    window.apply_run_options(wanted)
    loop = QEventLoop()
    if watch is not None:
        watch.signal_received.connect(loop.quit)
        watch.signal_received.connect(window.controller.stop)
    painted = FirstPaint(loop)
    window.installEventFilter(painted)
    window.show()
    if painted.age_s is None:
        _wait(loop, 10.0)
    window.removeEventFilter(painted)
    startup_s = painted.age_s if painted.age_s is not None else process_age_s()
    if watch is not None and watch.received is not None:  # nothing ran yet
        print(f"threadcomm: stopped by {signal_name(watch.received)}", file=sys.stderr)
        window.close()
        return 128 + watch.received

    items = window.data_input.items or ()
    scenario = window.scenario_combo.current()
    direct = scenario is not None and scenario.gui_mode == "direct_connection"
    # The scenario that blocks the GUI thread on purpose is judged on its results only.
    blocks_gui = scenario is not None and scenario.gui_mode == "join_on_gui_thread"
    ended: list[tuple[float, Summary]] = []

    def on_run_ended(summary: Summary) -> None:
        ended.append((time.perf_counter(), summary))
        loop.quit()

    window.controller.run_ended.connect(on_run_ended)
    person = Exercise(window) if exercise else None
    meter = StallMeter()
    problems: list[str] = []
    clicked = time.perf_counter()
    meter.start()
    window.start_button.click()
    if person is not None:
        person.start()
    if not window.controller.active:
        problems.append(f"the run did not start: {window.banner.text() or 'Start is disabled'}")
    else:
        timeout_s = 120 + len(items) * (wanted.delay * 10 + 0.001)
        if not _wait(loop, timeout_s):
            problems.append(f"the run did not finish within {timeout_s:.0f} s")
    meter.stop()
    if person is not None:
        person.finish()
    finished_at, summary = ended[0] if ended else (time.perf_counter(), None)
    rows = window.controller.model.results  # the table outlives the window: this holds it
    if watch is not None and watch.received is not None:
        problems = [f"stopped by {signal_name(watch.received)}"]
        print(f"threadcomm: stopped by {signal_name(watch.received)}", file=sys.stderr)
    else:
        problems += check_results(rows, len(items), direct=direct)
        if not blocks_gui:
            problems += check_responsive(meter.stalls_ms, finished_at - clicked)
    window.close()
    window.deleteLater()
    app.processEvents()

    on_gui = sum(1 for r in rows if r.slot_thread == GUI_THREAD)
    elapsed = finished_at - clicked
    stalls = meter.stalls_ms
    report = {
        "self_test": "failed" if problems else "passed",
        "status": str(summary.status) if summary is not None else "unfinished",
        "startup_ms": round(startup_s * 1000, 1),
        "items": len(items),
        "results": len(rows),
        "elapsed_s": round(elapsed, 4),
        "items_per_s": round(len(rows) / elapsed, 1) if elapsed > 0 else 0.0,
        "max_stall_ms": round(max(stalls, default=0.0), 2),
        "p99_stall_ms": round(percentile(stalls, 0.99), 2),
        "stall_samples": len(stalls),
        "delivered_on_gui_thread": on_gui,
        "all_on_gui_thread": bool(rows) and on_gui == len(rows),
        "expected_slot_thread": "consumer threads" if direct else GUI_THREAD,
        "peak_rss_mb": peak_rss_mb(),
        "platform": app.platformName(),
        "consumers": wanted.consumers,
        "delay": wanted.delay,
        "problems": problems,
    }
    if person is not None:
        report["exercised"] = person.done
    write_out(json.dumps(report) + "\n", flush=True)  # OutputClosed if nobody can read it
    return 0 if not problems else 1
