"""The gate every worker passes before each statement: delay, pause and step tokens.

All waits here are bounded and end at once when the run stops; nothing uses
``time.sleep``. Stepping hands out tokens instead of pulsing an Event, so no
Step press is lost: a token given while no thread is parked waits for the next
thread that arrives.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from threadcomm.core.trace import Kind

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["POLL_S", "Gate"]

#: Longest a blocked call waits before looking at the stop flag again.
POLL_S = 0.05


class Gate:
    """Decides when each worker thread may perform its next statement.

    Thread ownership: ``set_delay``, ``pause``, ``resume``, ``step`` and
    ``wake`` are called by the controlling thread (usually the GUI thread);
    ``checkpoint`` by the workers. All shared state is guarded by ``_cond``,
    except ``active``, a fast-path hint read without the lock.
    """

    def __init__(self, stop: threading.Event, delay: float = 0.0) -> None:
        self._stop = stop
        self._cond = threading.Condition()
        self._delay = delay
        self._paused = False
        self._shared_tokens = 0  # for whichever thread parks first
        self._tokens: dict[str, int] = {}  # for one chosen thread
        self._parked: list[str] = []  # threads waiting at the gate, oldest first
        #: False while a checkpoint has nothing to do: no delay, no pause, no stop.
        #: Workers read it without the lock, so the common case costs one attribute read.
        self.active = delay > 0

    # -- controller side -------------------------------------------------

    @property
    def delay(self) -> float:
        """Seconds each thread waits before each statement."""
        return self._delay

    @property
    def paused(self) -> bool:
        """Whether threads stop at the gate until a Step or Resume."""
        return self._paused

    def parked(self) -> list[str]:
        """Names of the threads waiting at the gate right now, oldest first."""
        with self._cond:
            return list(self._parked)

    def pending_steps(self) -> int:
        """Step tokens given but not yet used."""
        with self._cond:
            return self._shared_tokens + sum(self._tokens.values())

    def set_delay(self, delay: float) -> None:
        """Change the delay; pacing threads see the new value at once."""
        with self._cond:
            self._delay = delay
            self._update_active()
            self._cond.notify_all()

    def pause(self) -> None:
        """Hold every thread at its next statement."""
        with self._cond:
            self._paused = True
            self._update_active()
            self._cond.notify_all()

    def resume(self) -> None:
        """Let every thread run on; unused step tokens are dropped."""
        with self._cond:
            self._paused = False
            self._shared_tokens = 0
            self._tokens.clear()
            self._update_active()
            self._cond.notify_all()

    def step(self, thread: str | None = None) -> None:
        """Allow one statement: by ``thread``, or by the thread that parked first."""
        with self._cond:
            if thread is None:
                self._shared_tokens += 1
            else:
                self._tokens[thread] = self._tokens.get(thread, 0) + 1
            self._cond.notify_all()

    def wake(self) -> None:
        """Wake every waiting thread so it sees the stop flag (call after setting it)."""
        with self._cond:
            self.active = True  # sends the next checkpoint down the slow path, which sees stop
            self._cond.notify_all()

    def _update_active(self) -> None:
        self.active = self._paused or self._delay > 0 or self._stop.is_set()

    # -- worker side -----------------------------------------------------

    def checkpoint(self, name: str, report: Callable[[str, Kind], None]) -> bool:
        """Wait until ``name`` may run its next statement; False if the run is stopping.

        ``report`` is called (outside the lock) with PACE or PAUSED when the
        thread starts waiting, so the trace shows why it is not running.
        """
        if not self.active:
            return not self._stop.is_set()
        if not self._pace(name, report):
            return False
        return self._wait_for_token(name, report)

    def _pace(self, name: str, report: Callable[[str, Kind], None]) -> bool:
        with self._cond:
            if self._paused or self._delay <= 0:
                return not self._stop.is_set()
        report(name, Kind.PACE)
        start = time.monotonic()
        with self._cond:
            while not self._stop.is_set() and not self._paused:
                remaining = start + self._delay - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(min(remaining, POLL_S))
            return not self._stop.is_set()

    def _wait_for_token(self, name: str, report: Callable[[str, Kind], None]) -> bool:
        with self._cond:
            paused = self._paused
        if not paused:
            return not self._stop.is_set()
        report(name, Kind.PAUSED)
        with self._cond:
            self._parked.append(name)
            try:
                while not self._stop.is_set():
                    if not self._paused:
                        return True
                    if self._tokens.get(name, 0) > 0:
                        self._tokens[name] -= 1
                        return True
                    if self._shared_tokens > 0 and self._parked[0] == name:
                        self._shared_tokens -= 1
                        return True
                    self._cond.wait(POLL_S)
                return False
            finally:
                self._parked.remove(name)
                self._cond.notify_all()  # the next oldest may now take a shared token
