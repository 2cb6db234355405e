"""The run controller: owns the bridge, the run model and every pipeline the window starts.

State machine (all transitions happen in the GUI thread)::

    idle/finished --start()--> running --pause()--> paused --resume()--> running
    running/paused --stop()--> stopping --run_finished--> idle
    running/paused --run_finished (completed, failed, deadlock)--> finished
    idle/finished --start() with start_paused--> paused (no thread moves until stepped)

Only one pipeline runs at a time: :meth:`start` is refused until the previous
run's ``run_finished`` has arrived. The GUI thread never joins a worker during
a run; only :meth:`shutdown` (the window closing) waits, bounded.

The controller is the only GUI object that holds the pipeline. Views that need
the live threads' state (the scheduler panel, the scenario modes) ask it:
:meth:`RunController.why_not_steppable`, :meth:`RunController.at_rest`,
:meth:`RunController.step_thread`, :meth:`RunController.auto_step` and
:meth:`RunController.join_queue`.

The end of a run is one slot, :meth:`RunController._on_drained`, which runs
once the bridge has handed over the run's last trace events and results (at
its usual pace, so the window stays responsive while it catches up) and does
its steps in order: the model keeps the summary (its views flush what they
held back), the state changes, and ``run_ended`` tells the window.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal, Slot

from threadcomm.core.mistake_run import new_pipeline
from threadcomm.core.scheduler import SeededScheduler, at_rest, why_not_steppable
from threadcomm.core.schedules import settled
from threadcomm.core.trace import Status
from threadcomm.gui.run.bridge import Bridge
from threadcomm.gui.run.model import RunModel
from threadcomm.gui.run.queue_join import join_on_gui_thread
from threadcomm.gui.run.run_guard import hold_run_settings, release_run_settings

if TYPE_CHECKING:
    from threadcomm.core.config import RunConfig
    from threadcomm.core.pipeline import Pipeline
    from threadcomm.core.schedules import ScheduleStepper
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
        A run has finished: the model holds every event and its summary, and
        the state is idle or finished. The window's one slot for the end of a
        run listens to it.
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
        self._auto: SeededScheduler | None = None
        self._ending: Summary | None = None  # run_finished arrived; the bridge catches up
        self._result_type: Qt.ConnectionType | None = None
        #: The current (or last) run's scenario mode ("" for a plain run).
        self.gui_mode = ""
        #: Start the next run paused, before any thread moves (the seeded scheduler's replay).
        self.start_paused = False
        self.bridge.events_drained.connect(self.model.apply)
        self.bridge.events_summarised.connect(self.model.summarise)
        self.model.defer_updates = True
        self.bridge.tick_ended.connect(self.model.flush_updates)
        self.bridge.run_finished.connect(self._on_run_finished)
        self.bridge.drained.connect(self._on_drained)

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
        """The current (or last) run's pipeline, for tests to inspect.

        Widgets do not use it: they ask the methods below.
        """
        return self._pipeline

    @property
    def config(self) -> RunConfig | None:
        """The current (or last) run's settings; None before the first run or after a clear."""
        return self._pipeline.config if self._pipeline is not None else None

    # -- the live threads, for the views that need them (GUI thread) ------------------

    def why_not_steppable(self, thread: str) -> str | None:
        """None if ``thread`` can be stepped now; otherwise the reason, in plain words."""
        if self._pipeline is None or not self.active:
            return "no run is going: start one and press Pause"
        return why_not_steppable(self._pipeline, thread)

    def at_rest(self) -> bool:
        """Whether no step is on its way and no worker can move without one (True: no run)."""
        return self._pipeline is None or at_rest(self._pipeline)

    def auto_step(self, seed: int) -> str | None:
        """While paused, step the thread ``seed`` chooses once the run is at rest; its name.

        The same seed makes the same choices within a run; a new run, or
        :meth:`restart_auto`, starts the sequence again.
        """
        pipeline = self._pipeline
        if pipeline is None or self._state is not RunState.PAUSED:
            return None
        if self._auto is None or self._auto.seed != seed:
            self._auto = SeededScheduler(pipeline, seed)
        return self._auto.tick()

    @property
    def auto_choices(self) -> list[str]:
        """The threads :meth:`auto_step` has stepped since the run or the sequence began."""
        return list(self._auto.choices) if self._auto is not None else []

    def restart_auto(self) -> None:
        """The next :meth:`auto_step` begins its seed's sequence afresh."""
        self._auto = None

    def settled(self) -> bool:
        """Whether no thread moves and only a step can move one (True: no run)."""
        return self._pipeline is None or settled(self._pipeline)

    def step_schedule(self, stepper: ScheduleStepper) -> str | None:
        """While paused, give ``stepper``'s next step once the run is settled; the thread.

        None while the run is not paused or not yet settled.
        :class:`~threadcomm.core.schedules.ScheduleError` when the schedule names
        a thread that cannot be stepped now.
        """
        if self._pipeline is None or self._state is not RunState.PAUSED:
            return None
        return stepper.step(self._pipeline)

    def join_queue(self, limit_s: float) -> float:
        """Block the GUI thread in the run's ``q.join()`` (bounded); the seconds blocked.

        The ``join_on_gui_thread`` scenario's deliberate mistake: see
        :func:`join_on_gui_thread`. No wait without an active run.
        """
        if self._pipeline is None or not self.active:
            return 0.0
        return join_on_gui_thread(self._pipeline, limit_s)

    # -- commands ------------------------------------------------------------

    def start(self, config: RunConfig, *, listing: str = "", gui_mode: str = "") -> None:
        """Clear the views and start a new run of ``config``."""
        if self.active:
            raise RuntimeError("a run is already in progress; stop it first")
        self._connect_results(result_connection_type(gui_mode))
        pipeline = new_pipeline(config, self.bridge)
        self.model.reset(
            pipeline.thread_names, config.items, config.maxsize, listing, config.handshake
        )
        self._ending = None
        self.bridge.begin()
        self._pipeline = pipeline
        self._auto = None
        self.gui_mode = gui_mode
        if self.start_paused:
            pipeline.pause()  # before start(): no thread performs a statement unstepped
        self._set_state(RunState.PAUSED if self.start_paused else RunState.RUNNING)
        hold_run_settings()
        try:
            pipeline.start()
        except BaseException:
            release_run_settings()
            self._set_state(RunState.IDLE)
            raise

    def clear(
        self, items: tuple[object, ...], maxsize: int, listing: str, handshake: bool
    ) -> None:
        """No run: every view shows a clean slate for a run of ``items`` not yet started."""
        if self.active:
            raise RuntimeError("a run is in progress; stop it first")
        self._pipeline = None
        self._auto = None
        self.model.reset([], items, maxsize, listing, handshake)
        self._set_state(RunState.IDLE)

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
        """While paused, let exactly one statement run (whichever thread is next)."""
        if self._state is RunState.PAUSED and self._pipeline is not None:
            self._pipeline.step()

    def step_thread(self, thread: str) -> None:
        """While paused, let ``thread`` run exactly one statement."""
        if self._state is RunState.PAUSED and self._pipeline is not None:
            self._pipeline.step(thread)

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
            release_run_settings()
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
        # Queued, the GUI thread may take waiting results itself (see RunModel.apply).
        self.model.results_queued = kind == Qt.ConnectionType.QueuedConnection
        self.bridge.results_by_tick = self.model.results_queued

    def _set_state(self, state: RunState) -> None:
        if state is not self._state:
            self._state = state
            self.state_changed.emit(str(state))

    @Slot(object)
    def _on_run_finished(self, summary: Summary) -> None:
        """Every thread has ended: the end comes once the bridge has caught up."""
        self._ending = summary
        self.bridge.finish_when_drained()

    @Slot()
    def _on_drained(self) -> None:
        """The run ended and every event and result reached the model: its end, in order."""
        summary, self._ending = self._ending, None
        if summary is None:
            return
        # 1. The model keeps the summary; its views flush what they held back.
        self.model.finish(summary)
        if not self.active:
            return  # a run abandoned by shutdown() reporting late
        # 2. The controller's own state: the interpreter's settings back, then idle or finished.
        release_run_settings()
        stopped = summary.status is Status.STOPPED
        self._set_state(RunState.IDLE if stopped else RunState.FINISHED)
        # 3. The window says how it went (banner, classroom), with everything in place.
        self.run_ended.emit(summary)
