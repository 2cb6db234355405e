"""The two scenarios that change what the GUI thread does: q.join() on it, and a direct connection.

``join_on_gui_thread``
    The only scenario in which the GUI thread blocks on the queue, on purpose,
    to show why it never should. Shortly after the run starts this module asks
    the controller to :meth:`~threadcomm.gui.run.controller.RunController.join_queue`,
    which waits on the queue's own ``all_tasks_done`` condition exactly as
    ``q.join()`` does, with no event processing in between: the window cannot
    paint or react. It is bounded:
    it returns after :data:`JOIN_LIMIT_S` seconds at most, or as soon as the
    run ends (Stop cannot be clicked meanwhile, but the watchdog or a crash
    can still end the run). The time blocked is measured with the monotonic
    clock around the wait, and confirmed by a sampler timer that notes when
    the event loop last ran before the wait.

``direct_connection``
    :func:`~threadcomm.gui.run.controller.result_connection_type` connects
    ``result_ready`` with ``Qt.DirectConnection``, so ``RunModel.on_result_ready``
    runs in the consumer thread. That slot only appends to a list and touches no
    widget; this module only says, from what the model recorded, where it ran.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from threadcomm.core.threads import GUI_THREAD
from threadcomm.core.wording import joined

if TYPE_CHECKING:
    from threadcomm.gui.run.controller import RunController
    from threadcomm.gui.run.model import RunModel

__all__ = [
    "DIRECT_CONNECTION",
    "JOIN_LIMIT_S",
    "JOIN_ON_GUI_THREAD",
    "ScenarioModes",
    "mode_note",
]

JOIN_ON_GUI_THREAD = "join_on_gui_thread"
DIRECT_CONNECTION = "direct_connection"
#: The longest the GUI thread is ever kept in q.join(): a freeze a class can sit through.
JOIN_LIMIT_S = 4.0
#: How long after Start the window calls q.join(): long enough to paint "Running" first.
JOIN_AFTER_MS = 150
_SAMPLE_MS = 10
_SCAN_LIMIT = 1_000  # result rows looked at to name the threads a direct slot ran on


def mode_note(model: RunModel) -> str:
    """What the GUI thread went through in this run, in plain words ('' when nothing unusual).

    Computed from what the model measured and recorded, never from the scenario's name.
    """
    if model.gui_blocked_s is not None:
        gap = model.gui_gap_s
        loop = f" (its event loop did not run for {gap:.1f} s)" if gap else ""
        return (
            f"The GUI thread was blocked in q.join() for {model.gui_blocked_s:.1f} s: the "
            f"window could not paint or react{loop}. That is why results travel as signals "
            "and a coordinator thread does the waiting."
        )
    results = model.results
    if not results or results[-1].slot_thread == GUI_THREAD:  # cheap: called on every update
        return ""
    off = sorted({r.slot_thread for r in results[:_SCAN_LIMIT]} - {GUI_THREAD})
    return (
        f"Slot ran on {joined(off)}, not on the GUI thread: with Qt.DirectConnection the "
        "result_ready slot is a plain call in the consumer thread that emitted it. Here it "
        "only appends to a list; had it touched a widget, the window could crash."
    )


class ScenarioModes(QObject):
    """Carries out the window's side of the ``join_on_gui_thread`` and ``direct_connection`` runs.

    Thread ownership: lives in, and is only touched by, the GUI thread.

    Signals
    -------
    note_ready(str)
        Something worth a banner happened: the GUI thread was blocked, or a
        result slot ran on a worker thread.
    """

    note_ready = Signal(str)

    def __init__(self, controller: RunController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._model = controller.model
        self._joined = False  # this run's join has been scheduled
        self._direct_said = False
        self._last_tick = 0.0
        self._join_timer = QTimer(self)
        self._join_timer.setSingleShot(True)
        self._join_timer.setInterval(JOIN_AFTER_MS)
        self._join_timer.timeout.connect(self._block)
        self._sampler = QTimer(self)
        self._sampler.setTimerType(Qt.TimerType.PreciseTimer)
        self._sampler.setInterval(_SAMPLE_MS)
        self._sampler.timeout.connect(self._on_sample)
        controller.state_changed.connect(self._on_state_changed)
        self._model.reset_done.connect(self._on_reset_done)
        self._model.updated.connect(self._on_updated)

    @Slot(str)
    def _on_state_changed(self, state: str) -> None:
        controller = self._controller
        if not controller.active:
            self._join_timer.stop()
            self._sampler.stop()
            return
        if controller.gui_mode == JOIN_ON_GUI_THREAD and not self._joined:
            self._joined = True
            self._last_tick = time.monotonic()
            self._sampler.start()
            self._join_timer.start()

    @Slot()
    def _on_sample(self) -> None:
        self._last_tick = time.monotonic()

    @Slot()
    def _block(self) -> None:
        if not self._controller.active:
            self._sampler.stop()
            return
        started_ns = time.monotonic_ns()
        blocked = self._controller.join_queue(JOIN_LIMIT_S)  # the deliberate freeze
        # The sampler ticks every few ms while the event loop runs: the time since its
        # last tick is how long the loop stood still, measured independently of the wait.
        gap = time.monotonic() - self._last_tick
        self._sampler.stop()
        self._model.record_gui_block(started_ns, started_ns + round(blocked * 1e9), gap)
        self.note_ready.emit(mode_note(self._model))

    @Slot()
    def _on_reset_done(self) -> None:
        self._direct_said = False
        self._joined = False

    @Slot()
    def _on_updated(self) -> None:
        results = self._model.results
        if not self._direct_said and results and results[-1].slot_thread != GUI_THREAD:
            self._direct_said = True
            self.note_ready.emit(mode_note(self._model))
