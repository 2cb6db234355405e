"""``scheduleReplay``: replay a schedule in the window, statement by statement.

A schedule file (what the Challenges tab's *Save schedule* writes and
``--replay-schedule`` reads) or the schedule a search just found is replayed
on the window's own run: the box asks the window to set up the schedule's
scenario, data and consumers and to start the run paused, then gives the
run the schedule's steps through the controller, one per *Next step*,
or all of them with *Replay all*, and says which step of how many it is at.
Each step waits until the run is settled, exactly as the headless replay
does (:class:`~threadcomm.core.schedules.ScheduleStepper`), so the window's
run performs the same statements in the same order as
``--headless --replay-schedule FILE``. Once the schedule's steps run out,
further steps go to the first ready thread, as they do headless, until the
run ends.

Thread ownership: GUI thread only. It never holds the pipeline: the
controller gives the steps.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from threadcomm.core.schedules import (
    Schedule,
    ScheduleError,
    ScheduleStepper,
    read_schedule,
    statements_of,
)
from threadcomm.gui.run.controller import RunState

if TYPE_CHECKING:
    from collections.abc import Callable

    from threadcomm.core.trace import TraceEvent
    from threadcomm.gui.run.controller import RunController

__all__ = ["REPLAY_ALL_MS", "ScheduleReplay"]

#: Replay all's pace: one step every so many ms, slow enough to watch the timeline grow.
REPLAY_ALL_MS = 120
#: While a step waits for the run to settle, how often to look again.
_LOOK_MS = 10


class ScheduleReplay(QWidget):
    """Open a schedule, then replay it on the window's run, step by step or all at once.

    The window sets :attr:`start_run` to its :meth:`MainWindow.start_schedule
    <threadcomm.gui.window.main_window.MainWindow.start_schedule>`.

    Signals
    -------
    opened(str)
        A schedule's run has started, paused at its first step (its name).
    """

    opened = Signal(str)

    def __init__(self, controller: RunController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scheduleReplay")
        self.setAccessibleName("Replay a schedule")
        self._controller = controller
        #: Sets up and starts a schedule's run paused; '' or why it could not (the window's).
        self.start_run: Callable[[Schedule], str] | None = None
        self.schedule: Schedule | None = None
        self._name = ""
        self._stepper: ScheduleStepper | None = None
        self._ours = False  # the run on screen is the replay's
        self._wanted = 0  # steps asked for and not yet given (a large number: all)
        self._pace = _LOOK_MS  # ms between the steps asked for
        self._events: list[TraceEvent] = []
        self.open_button = QPushButton("&Open schedule\u2026", self)
        self.open_button.setObjectName("openScheduleButton")
        self.open_button.setAccessibleName("Open a schedule to replay")
        self.open_button.setToolTip("Replay a saved schedule file in the window, step by step")
        self.next_button = QPushButton("&Next step", self)
        self.next_button.setObjectName("replayNextButton")
        self.next_button.setAccessibleName("Replay the next step")
        self.all_button = QPushButton("Replay a&ll", self)
        self.all_button.setObjectName("replayAllButton")
        self.all_button.setAccessibleName("Replay every step")
        self.status = QLabel(self)
        self.status.setObjectName("replayStatus")
        self.status.setWordWrap(True)
        row = QHBoxLayout()  # one row: the replay's status stays in sight under it
        row.addWidget(self.open_button)
        row.addWidget(self.next_button)
        row.addWidget(self.all_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.status)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_tick)
        self.open_button.clicked.connect(self.open_file)
        self.next_button.clicked.connect(self._on_next)
        self.all_button.clicked.connect(self._on_all)
        controller.model.reset_done.connect(self._on_reset_done)
        controller.model.events_applied.connect(self._on_events_applied)
        controller.state_changed.connect(self._on_state_changed)
        self._show()

    # -- what it shows (tests) ----------------------------------------------------

    @property
    def position(self) -> int:
        """Steps given so far in the replay's run."""
        return len(self._stepper.given) if self._stepper is not None else 0

    def statements(self) -> list[tuple[str, str, int]]:
        """The replayed run's statements, as :func:`~threadcomm.core.schedules.statements` says."""
        times = self._stepper.times if self._stepper is not None else []
        return statements_of(self._events, times)

    # -- starting a replay -----------------------------------------------------------

    @Slot()
    def open_file(self) -> None:
        """Ask for a schedule file and replay it."""
        path, _ = QFileDialog.getOpenFileName(
            self, "Open schedule", "", "Schedules (*.json);;All files (*)"
        )
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        """Read the schedule at ``path`` and start replaying it; False (and why, shown) if not."""
        try:
            schedule = read_schedule(Path(path), Path(path).name)
        except ScheduleError as exc:
            self._say(f"Cannot replay {exc}")
            return False
        return self.replay(schedule, Path(path).name)

    def replay(self, schedule: Schedule, name: str) -> bool:
        """Set up ``schedule``'s run, paused at its first step; False (and why, shown) if not."""
        if self.start_run is None:
            return False
        if self._controller.active:
            self._say("Stop the run first: the replay starts a new one.")
            return False
        self._timer.stop()
        self._wanted = 0
        self.schedule, self._name = schedule, name
        problem = self.start_run(schedule)  # resets the model: _on_reset_done forgets the old
        if problem:
            self.schedule = None
            self._say(f"Cannot replay {name}: {problem}")
            return False
        self._stepper = ScheduleStepper(schedule.steps)
        self._ours = True
        self._show()
        self._bring_into_view()
        self.opened.emit(name)
        return True

    def _bring_into_view(self) -> None:
        """Scroll the panel, if it scrolls, so the replay's buttons and status show."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(self.status)

    # -- stepping ----------------------------------------------------------------------

    @Slot()
    def _on_next(self) -> None:
        self._want(1, _LOOK_MS)

    @Slot()
    def _on_all(self) -> None:
        self._want(1 << 30, REPLAY_ALL_MS)

    def _want(self, steps: int, interval: int) -> None:
        if not self._replaying():
            return
        self._wanted, self._pace = steps, interval
        self._on_tick()

    @Slot()
    def _on_tick(self) -> None:
        stepper = self._stepper
        if stepper is None or not self._replaying() or self._wanted <= 0:
            self._wanted = 0
            return
        try:
            stepped = self._controller.step_schedule(stepper)
        except ScheduleError as exc:
            self._wanted = 0
            self._say(f"The run left {self._name}'s schedule: {exc}.")
            return
        if stepped is None:  # the last step is still on its way: look again soon
            self._timer.start(_LOOK_MS)
            return
        self._wanted -= 1
        self._show()
        if self._wanted > 0:
            self._timer.start(self._pace)

    def _replaying(self) -> bool:
        return self._ours and self._controller.state is RunState.PAUSED

    # -- the run -------------------------------------------------------------------------

    @Slot()
    def _on_reset_done(self) -> None:
        self._events = []
        self._ours = False  # replay() marks its own run once it has started
        self._show()

    @Slot(object)
    def _on_events_applied(self, batch: list[TraceEvent]) -> None:
        if self._ours:
            self._events.extend(batch)

    @Slot(str)
    def _on_state_changed(self, state: str) -> None:
        if state != RunState.PAUSED:
            self._timer.stop()
            if state != RunState.FINISHED:
                self._wanted = 0
        self._show()

    def _say(self, words: str) -> None:
        self.status.setText(words)
        self.next_button.setEnabled(False)
        self.all_button.setEnabled(False)

    def _show(self) -> None:
        """The buttons and the step count, from the run's state."""
        replaying = self._replaying()
        self.next_button.setEnabled(replaying)
        self.all_button.setEnabled(replaying)
        schedule, stepper = self.schedule, self._stepper
        if schedule is None or stepper is None or not self._ours:
            if not self.status.text().startswith("Cannot"):
                self.status.setText("Open a saved schedule to replay it here, step by step.")
            return
        total, done = len(schedule.steps), len(stepper.given)
        if self._controller.state is RunState.FINISHED or not self._controller.active:
            self.status.setText(f"{self._name}: replayed, {done} steps; the run has ended.")
            return
        if done < total:
            following = f"; next: {schedule.steps[done]}"
            self.status.setText(f"{self._name}: step {done} of {total}{following}.")
        else:
            self.status.setText(
                f"{self._name}: all {total} steps given. Further steps go to the first "
                "ready thread, as --replay-schedule does, until the run ends."
            )
