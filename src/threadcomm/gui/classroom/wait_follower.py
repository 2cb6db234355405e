"""Follows a run for the wait-for picture, and works it out only when someone can look at it.

While the run goes, each batch of events the model applies is only kept (one
list append per batch, nothing per event). When the run is paused, stepped,
or has ended, the kept batches are replayed into a
:class:`~threadcomm.core.wait_history.WaitHistory` and the picture
(:func:`~threadcomm.core.wait_for.wait_for`) is made again, at most every
:data:`REFRESH_MS`. A run with more than :data:`MAX_EVENTS` events is not
followed: the picture is for runs a class steps through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from threadcomm.core.scenarios import lesson_listing
from threadcomm.core.threads import CREATOR, GUI_THREAD
from threadcomm.core.trace import Kind, Status
from threadcomm.core.wait_for import WaitFor, planned_sentinels, wait_for
from threadcomm.core.wait_history import WaitHistory
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.views.code_lines import Listing, line_for
from threadcomm.gui.views.throttle import Throttle

if TYPE_CHECKING:
    from threadcomm.core.trace import TraceEvent
    from threadcomm.core.wait_keys import Wait
    from threadcomm.gui.run.controller import RunController

__all__ = ["MAX_EVENTS", "REFRESH_MS", "WaitFollower"]

#: Most events of one run the picture follows: replaying that many takes some 40 ms.
MAX_EVENTS = 50_000
#: Shortest time between two pictures while stepping.
REFRESH_MS = 100
#: Controller states in which the picture is worked out (the run holds still).
_STILL = frozenset({RunState.PAUSED, RunState.FINISHED, RunState.IDLE})


class WaitFollower(QObject):
    """The current run's wait-for picture, for the view and the timeline.

    Thread ownership: lives in, and is only touched by, the GUI thread.

    Signals
    -------
    changed()
        :attr:`picture` or :attr:`note` changed.
    """

    changed = Signal()

    def __init__(self, controller: RunController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        model = controller.model
        self._model = model
        self._throttle = Throttle(REFRESH_MS, self._refresh, self)
        self._begin()
        model.reset_done.connect(self._on_reset_done)
        model.events_applied.connect(self._on_events_applied)
        model.events_summarised.connect(self._on_events_summarised)
        model.updated.connect(self._on_updated)
        controller.state_changed.connect(self._on_state_changed)

    def _begin(self) -> None:
        model = self._model
        self._history = WaitHistory(model.items, model.maxsize)
        self._listing = Listing(model.listing or lesson_listing(None))
        self._batches: list[list[TraceEvent]] = []
        self._kept = 0
        self._too_long = False
        #: The latest picture, or None while the run goes (or before it starts).
        self.picture: WaitFor | None = None
        #: Why there is no picture, in words ('' when there is one).
        self.note = "No run yet: start one, then press Pause to see who waits on what."

    # -- what the view and the timeline read ---------------------------------------

    def unended(self, thread: str) -> tuple[Wait, int | None] | None:
        """``thread``'s wait in the latest picture and the line that would release it."""
        picture = self.picture
        wait = picture.wait_of(thread) if picture is not None else None
        if wait is None:
            return None
        return wait, self.release_line(wait)

    def release_line(self, wait: Wait) -> int | None:
        """The lesson line of the statement that would end ``wait`` (None: no such line)."""
        kind = wait.release
        if kind is Kind.THREAD_END:
            return None
        thread = wait.wakers[0] if wait.wakers else ""
        if not thread:
            consumers = self._history.consumers()
            thread = CREATOR if kind is Kind.PUT or not consumers else consumers[0]
        if kind is Kind.PUT and thread != CREATOR:
            kind = Kind.SENTINEL_PUT
        return line_for(self._listing, kind, thread)

    # -- slots (GUI thread) ------------------------------------------------------

    @Slot()
    def _on_reset_done(self) -> None:
        self._throttle.cancel()
        self._begin()
        if self._model.threads:
            self.note = "Running: press Pause (or let it end) to see who waits on what."
        self.changed.emit()

    @Slot(object)
    def _on_events_applied(self, batch: list[TraceEvent]) -> None:
        if self._too_long or not batch or batch[0].thread == GUI_THREAD:
            return
        self._kept += len(batch)
        if self._kept > MAX_EVENTS:
            self._forget()
        else:
            self._batches.append(batch)

    @Slot(int)
    def _on_events_summarised(self, count: int) -> None:
        self._forget()  # events went by undrawn: the history has a gap

    def _forget(self) -> None:
        self._too_long, self._batches = True, []

    @Slot()
    def _on_updated(self) -> None:
        if self._controller.state is RunState.PAUSED:
            self._throttle.poke()  # a step happened

    @Slot(str)
    def _on_state_changed(self, state: str) -> None:
        if RunState(state) in _STILL:
            self._throttle.flush()
        elif self.picture is not None:
            self.picture = None  # it no longer holds once the threads move
            self.note = "Running: press Pause (or let it end) to see who waits on what."
            self.changed.emit()

    def _refresh(self) -> None:
        if not self._model.threads or RunState(self._controller.state) not in _STILL:
            return
        summary = self._model.summary
        if self._too_long and summary is not None and summary.status is Status.COMPLETED:
            self.picture, self.note = WaitFor({}, ()), ""  # every thread ended by itself
        elif self._too_long:
            self.picture = None
            self.note = (
                f"This run went too fast, or past {MAX_EVENTS:,} events, for the wait-for "
                f"picture to follow every statement. Try a shorter data list or a delay."
            )
        else:
            history, config = self._history, self._controller.config
            if config is not None:  # read now: at reset_done the run's pipeline is not yet set
                history.sentinels = planned_sentinels(config)
            for batch in self._batches:
                history.add(batch)
            self._batches = []
            self.picture, self.note = wait_for(history), ""
        self.changed.emit()
