"""The status bar: run state, items done, items/s, queue size, unfinished tasks, live threads."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QLabel, QStatusBar

from threadcomm.gui.run.controller import RunState
from threadcomm.gui.views.throttle import Throttle

if TYPE_CHECKING:
    from threadcomm.gui.run.controller import RunController

__all__ = ["REFRESH_MS", "RunStatus"]

#: Shortest time between two refreshes of the numbers.
REFRESH_MS = 200

_STATE_TEXT = {
    RunState.IDLE: "Ready",
    RunState.RUNNING: "Running",
    RunState.PAUSED: "Paused",
    RunState.STOPPING: "Stopping\u2026",
    RunState.FINISHED: "Finished",
}


class RunStatus(QObject):
    """Permanent labels in the window's status bar, refreshed a few times a second."""

    def __init__(self, controller: RunController, bar: QStatusBar) -> None:
        super().__init__(bar)
        self._controller = controller
        self._labels: dict[str, QLabel] = {}
        for key, tip in (
            ("state", "What the run is doing"),
            ("items", "Items processed / items in the data list"),
            ("rate", "Items processed per second"),
            ("queue", "Items on the queue now (q.qsize())"),
            ("unfinished", "q.unfinished_tasks: puts not yet matched by task_done()"),
            ("threads", "Threads of the run still alive"),
        ):
            label = QLabel(bar)
            label.setObjectName(f"status_{key}")
            label.setToolTip(tip)
            label.setContentsMargins(10, 0, 10, 0)
            bar.addPermanentWidget(label)
            self._labels[key] = label
        self._labels["state"].setStyleSheet("font-weight: bold;")
        self.throttle = Throttle(REFRESH_MS, self.refresh, self)
        controller.model.updated.connect(self.throttle.poke)
        controller.state_changed.connect(self.throttle.flush)
        controller.model.reset_done.connect(self.throttle.flush)
        self.refresh()

    def text(self, key: str) -> str:
        """What one label shows (for tests and screen readers)."""
        return self._labels[key].text()

    @Slot()
    def refresh(self) -> None:
        """Show the model's current numbers."""
        controller = self._controller
        model = controller.model
        summary = model.summary
        done, total = len(model.results), len(model.items)
        state = _STATE_TEXT[controller.state]
        if summary is not None and controller.state is RunState.FINISHED:
            state = f"Finished: {summary.status} in {summary.elapsed_s:.2f} s"
        elif summary is not None and controller.state is RunState.IDLE:
            state = f"Ready (last run {summary.status})"
        if summary is not None:
            rate = summary.items_per_s
        else:
            elapsed = (time.monotonic_ns() - model.started_ns) / 1e9
            rate = done / elapsed if controller.active and elapsed > 0 else 0.0
        labels = self._labels
        labels["state"].setText(state)
        labels["items"].setText(f"Items: {done:,} / {total:,}")
        if not model.threads:
            labels["rate"].setText("")
        else:
            labels["rate"].setText(f"{rate:,.1f} items/s" if rate < 10 else f"{rate:,.0f} items/s")
        labels["queue"].setText(f"Queue: {model.queue_size:,}")
        unfinished = f"Unfinished tasks: {model.unfinished_tasks:,}"
        if model.join_returned:  # the moment main's q.join() returned, kept in view
            unfinished += f" \u00b7 q.join() returned {model.join_returned}"
        labels["unfinished"].setText(unfinished)
        live = model.live_threads() if model.threads else 0
        labels["threads"].setText(f"Threads alive: {live}")
