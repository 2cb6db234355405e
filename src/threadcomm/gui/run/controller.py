"""The run controller: owns the bridge, the run model and every pipeline the window starts.

State machine (all transitions happen in the GUI thread)::

    idle/finished --start()--> running --pause()--> paused --resume()--> running
    running/paused --stop()--> stopping --run_finished--> idle
    running/paused --run_finished (completed, failed, deadlock)--> finished
    idle/finished --start() with start_paused--> paused (no thread moves until stepped)

Only one pipeline runs at a time: :meth:`start` is refused until the previous
run's ``run_finished`` has arrived. The GUI thread never joins a worker during
a run; only :meth:`shutdown` (the window closing) waits, bounded.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal, Slot

from threadcomm.core.pipeline import Pipeline
from threadcomm.core.trace import Status
from threadcomm.gui.run.bridge import Bridge
from threadcomm.gui.run.gc_guard import hold_full_collections, release_full_collections
from threadcomm.gui.run.model import RunModel

if TYPE_CHECKING:
    from threadcomm.core.config import RunConfig
    from threadcomm.core.trace import Summary

__all__ = ["RunController", "RunState", "result_connection_type"]


class RunState(StrEnum):
    """Where the controller is in a run's life."""

    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPING = "stopping"
    FINISHED = "finished"


#: States in which a pipeline exists and has not yet reported its end.
ACTIVE_STATES = frozenset({RunState.RUNNING, RunState.PAUSED, RunState.STOPPING})


def result_connection_type(gui_mode: str) -> Qt.ConnectionType:
    """How ``result_ready`` reaches the model's slot: the one place this is decided.

    Queued in every mode but one, so each result crosses into the GUI thread.
    The "direct_connection" scenario demonstrates the mistake: the slot then runs
    in the consumer thread that emitted the signal. That is safe here only
    because ``RunModel.on_result_ready`` appends to a list and touches no widget.
    """
    if gui_mode == "direct_connection":
        return Qt.ConnectionType.DirectConnection
    return Qt.ConnectionType.QueuedConnection


class RunController(QObject):
    """Starts, pauses, steps and stops runs; the window only talks to this object.

    Thread ownership: lives in the GUI thread; every method belongs to it.
    Worker threads reach the GUI only through the bridge's signals.

    Signals
    -------
    state_changed(str)
        The new :class:`RunState`.
    run_ended(Summary)
        A run has finished, after the model holds its summary.
    """

    state_changed = Signal(str)
    run_ended = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = Bridge(self)
        self.model = RunModel(self)
        self.model.set_result_source(self.bridge.take_results)
        self._state = RunState.IDLE
        self._pipeline: Pipeline | None = None
        self._result_type: Qt.ConnectionType | None = None
        #: The current (or last) run's scenario mode ("" for a plain run).
        self.gui_mode = ""
        #: Start the next run paused, before any thread moves (the seeded scheduler's replay).
        self.start_paused = False
        self.bridge.events_drained.connect(self.model.apply)
        # The bridge connected its own run_finished slot first, so it hands over
        # the last trace events before the model and this controller hear of the end.
        self.bridge.run_finished.connect(self.model.finish)
        self.bridge.run_finished.connect(self._on_run_finished)

    # -- what the window reads ---------------------------------------------

    @property
    def state(self) -> RunState:
        """The current state."""
        return self._state

    @property
    def active(self) -> bool:
        """Whether a run has started and has not yet reported its end."""
        return self._state in ACTIVE_STATES

    @property
    def pipeline(self) -> Pipeline | None:
        """The current (or last) run's pipeline, for inspection."""
        return self._pipeline

    # -- commands ------------------------------------------------------------

    def start(self, config: RunConfig, *, listing: str = "", gui_mode: str = "") -> None:
        """Clear the views and start a new run of ``config``."""
        if self.active:
            raise RuntimeError("a run is already in progress; stop it first")
        self._connect_results(result_connection_type(gui_mode))
        pipeline = Pipeline(config, self.bridge)
        self.model.reset(
            pipeline.thread_names, config.items, config.maxsize, listing, config.handshake
        )
        self.bridge.begin()
        self._pipeline = pipeline
        self.gui_mode = gui_mode
        if self.start_paused:
            pipeline.pause()  # before start(): no thread performs a statement unstepped
        self._set_state(RunState.PAUSED if self.start_paused else RunState.RUNNING)
        hold_full_collections()
        try:
            pipeline.start()
        except BaseException:
            release_full_collections()
            self._set_state(RunState.IDLE)
            raise

    def pause(self) -> None:
        """Hold every worker before its next statement."""
        if self._state is RunState.RUNNING and self._pipeline is not None:
            self._pipeline.pause()
            self._set_state(RunState.PAUSED)

    def resume(self) -> None:
        """Let paused workers run on."""
        if self._state is RunState.PAUSED and self._pipeline is not None:
            self._pipeline.resume()
            self._set_state(RunState.RUNNING)

    def step(self) -> None:
        """While paused, let exactly one statement run."""
        if self._state is RunState.PAUSED and self._pipeline is not None:
            self._pipeline.step()

    def stop(self) -> None:
        """Ask the run to end; the state becomes idle when its ``run_finished`` arrives."""
        if self._state in (RunState.RUNNING, RunState.PAUSED) and self._pipeline is not None:
            self._pipeline.stop()
            self._set_state(RunState.STOPPING)

    def set_delay(self, delay: float) -> None:
        """Change the running pipeline's delay at once (the next run reads it from its config)."""
        if self.active and self._pipeline is not None:
            self._pipeline.set_delay(delay)

    def shutdown(self, timeout: float = 1.0) -> bool:
        """Stop the run and join its threads (bounded); stop the drain timer. True if all ended."""
        ended = True
        if self._pipeline is not None:
            self._pipeline.stop()
            ended = self._pipeline.wait(timeout)
            if ended and self.active:
                # The run's last signals are queued to this thread: deliver them now, so
                # the model ends in its final state before the window goes.
                QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)
        self.bridge.end()
        if self.active:
            release_full_collections()
            self._set_state(RunState.IDLE)
        return ended

    # -- internals ---------------------------------------------------------

    def _connect_results(self, kind: Qt.ConnectionType) -> None:
        if kind == self._result_type:
            return
        if self._result_type is not None:
            self.bridge.result_ready.disconnect(self.model.on_result_ready)
        self.bridge.result_ready.connect(self.model.on_result_ready, kind)
        self._result_type = kind

    def _set_state(self, state: RunState) -> None:
        if state is not self._state:
            self._state = state
            self.state_changed.emit(str(state))

    @Slot(object)
    def _on_run_finished(self, summary: Summary) -> None:
        if not self.active:
            return  # a run abandoned by shutdown() reporting late
        release_full_collections()
        stopped = summary.status is Status.STOPPED
        self._set_state(RunState.IDLE if stopped else RunState.FINISHED)
        self.run_ended.emit(summary)
