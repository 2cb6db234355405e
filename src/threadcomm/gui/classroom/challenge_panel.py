"""``challengePanel``: scheduler goals the lab checks itself, and the search for a bad schedule.

The student picks a challenge, presses *Set up* (its scenario is chosen and
the next run starts paused), then steps the threads in the scheduler panel.
After every applied batch of events the panel checks the goal on the run's
own trace; once reached it says so, with the number of steps it took, and
*Save schedule* writes the steps as a schedule file (``--replay-schedule``
replays it). *Hint* and *Reveal* help. *Search* looks for a schedule that
reaches the goal on the real threads, in a worker thread, with a progress bar
and *Stop*.

Thread ownership: the panel lives in the GUI thread; the search runs in its
own thread and reports through :class:`_SearchReports`, a QObject made in the
GUI thread whose signals reach the panel's slots queued.
"""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from threadcomm.core.challenges import CHALLENGES, Challenge, reached
from threadcomm.core.scenarios import find_scenario
from threadcomm.core.schedule_search import Progress, SearchResult, search
from threadcomm.core.schedules import Schedule
from threadcomm.core.trace import statement_threads
from threadcomm.gui.classroom.schedule_replay import ScheduleReplay

if TYPE_CHECKING:
    from threadcomm.core.config import RunConfig
    from threadcomm.core.trace import TraceEvent
    from threadcomm.gui.run.controller import RunController
    from threadcomm.gui.window.run_controls import ScenarioCombo

__all__ = ["ChallengePanel"]

#: Events kept per run for the goal check: challenges are played on short data lists.
_KEEP = 20_000
#: Orderings the window's search tries at most.
_SEARCH_ORDERINGS = 300


class _SearchReports(QObject):
    """The search thread's reports; made in the GUI thread, emitted from the search thread."""

    progressed = Signal(object)  # Progress
    finished = Signal(object)  # SearchResult


class ChallengePanel(QWidget):
    """Pick a challenge, play it by stepping, check it, save it; or let the search find it."""

    def __init__(
        self,
        controller: RunController,
        scenario_combo: ScenarioCombo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("challengePanel")
        self.setAccessibleName("Challenges")
        self._controller = controller
        self._scenario_combo = scenario_combo
        self._events: list[TraceEvent] = []
        self._armed = False  # True once Set up was pressed: only then is the goal checked
        self._reached_at: int | None = None
        self._stop = threading.Event()
        self._search_thread: threading.Thread | None = None
        self._found: Schedule | None = None
        self._reports = _SearchReports(self)
        self.combo = QComboBox(self)
        self.combo.setObjectName("challengeCombo")
        self.combo.setAccessibleName("Challenge")
        for challenge in CHALLENGES:  # short names: the goal itself is in the label below
            self.combo.addItem(challenge.name.replace("-", " ").capitalize(), challenge.name)
        self.goal = QLabel(self)
        self.goal.setObjectName("challengeGoal")
        self.goal.setWordWrap(True)
        self.help = QLabel(self)
        self.help.setObjectName("challengeHelp")
        self.help.setWordWrap(True)
        self.setup = QPushButton("Set &up", self)
        self.setup.setObjectName("challengeSetupButton")
        self.setup.setAccessibleName("Set up the challenge")
        self.setup.setToolTip("Choose the challenge's scenario; the next run starts paused")
        self.hint = QPushButton("&Hint", self)
        self.hint.setObjectName("challengeHintButton")
        self.hint.setAccessibleName("Show a hint")
        self.reveal = QPushButton("Re&veal", self)
        self.reveal.setObjectName("challengeRevealButton")
        self.reveal.setAccessibleName("Reveal a way to the goal")
        self.save = QPushButton("Save schedule\u2026", self)
        self.save.setObjectName("challengeSaveButton")
        self.save.setAccessibleName("Save the schedule")
        self.save.setEnabled(False)
        self.search_button = QPushButton("Sea&rch", self)
        self.search_button.setObjectName("challengeSearchButton")
        self.search_button.setAccessibleName("Search for a schedule")
        self.search_button.setToolTip("Let the lab try orderings of the real threads for the goal")
        self.stop_button = QPushButton("Stop", self)
        self.stop_button.setObjectName("challengeStopButton")
        self.stop_button.setAccessibleName("Stop the search")
        self.stop_button.setEnabled(False)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("challengeSearchProgress")
        self.progress.setAccessibleName("Search progress")
        self.progress.setRange(0, _SEARCH_ORDERINGS)
        self.progress.setFormat("%v orderings")
        self.progress.hide()
        self.replay_found = QPushButton("Replay &it", self)
        self.replay_found.setObjectName("challengeReplayFoundButton")
        self.replay_found.setAccessibleName("Replay the schedule the search found")
        self.replay_found.setToolTip("Set up the found schedule's run and replay it step by step")
        self.replay_found.setEnabled(False)
        #: Open a schedule file, or the found one, and replay it here step by step.
        self.replay = ScheduleReplay(controller, self)
        buttons = QHBoxLayout()
        for button in (self.setup, self.hint, self.reveal):
            buttons.addWidget(button)
        searching = QHBoxLayout()
        searching.addWidget(self.search_button)
        searching.addWidget(self.stop_button)
        searching.addWidget(self.replay_found)
        searching.addWidget(self.save)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 6, 8, 6)
        column.addWidget(self.combo)
        column.addLayout(buttons)
        column.addWidget(self.goal)
        column.addWidget(self.help)
        column.addLayout(searching)
        column.addWidget(self.progress)
        column.addWidget(self.replay)
        column.addStretch(1)
        self.combo.currentIndexChanged.connect(self._on_challenge_changed)
        self.setup.clicked.connect(self._on_setup)
        self.hint.clicked.connect(self._on_hint)
        self.reveal.clicked.connect(self._on_reveal)
        self.save.clicked.connect(self._on_save)
        self.search_button.clicked.connect(self._on_search)
        self.stop_button.clicked.connect(self.stop_search)
        self.replay_found.clicked.connect(self._on_replay_found)
        self._reports.progressed.connect(self._on_progress)
        self._reports.finished.connect(self._on_search_finished)
        controller.model.reset_done.connect(self._on_reset_done)
        controller.model.events_applied.connect(self._on_events_applied)
        self._on_challenge_changed(0)

    # -- what it shows (tests) ---------------------------------------------------

    @property
    def challenge(self) -> Challenge:
        """The challenge chosen now."""
        return CHALLENGES[max(0, self.combo.currentIndex())]

    @property
    def reached_in(self) -> int | None:
        """Steps the run took to reach the goal, or None while it has not."""
        return self._reached_at

    def schedule(self) -> Schedule | None:
        """The schedule of the run up to its goal, or the one the search found (None: neither)."""
        if self._reached_at is not None:
            return self._schedule(statement_threads(self._events)[: self._reached_at])
        return self._found

    # -- slots ----------------------------------------------------------------------

    @Slot(int)
    def _on_challenge_changed(self, index: int) -> None:
        challenge = self.challenge
        self.goal.setText(
            f"Goal: {challenge.title}, on the scenario \u201c{challenge.scenario}\u201d. "
            "Press Set up, then Start, and step the threads."
        )
        self.help.setText("")
        self._armed = False
        self._reached_at = None
        self._found = None
        self.save.setEnabled(False)
        self.replay_found.setEnabled(False)

    @Slot()
    def _on_setup(self) -> None:
        if self._controller.active:
            self.help.setText("Stop the run first: the challenge starts a new one.")
            return
        self._scenario_combo.choose(self.challenge.scenario)
        self._controller.start_paused = True
        self._armed = True  # the goal is checked from now on, run after run
        self.help.setText("Ready: press Start; the run starts paused. Step the threads.")

    @Slot()
    def _on_hint(self) -> None:
        self.help.setText(f"Hint: {self.challenge.hint}")

    @Slot()
    def _on_reveal(self) -> None:
        self.help.setText(f"One way: {self.challenge.reveal}")

    @Slot()
    def _on_reset_done(self) -> None:
        self._events = []
        self._reached_at = None
        self.save.setEnabled(self._found is not None)

    @Slot(object)
    def _on_events_applied(self, batch: list[TraceEvent]) -> None:
        if not self._armed or self._reached_at is not None or len(self._events) > _KEEP:
            return
        self._events.extend(batch)
        model = self._controller.model
        if reached(self.challenge, self._events, len(model.items)):
            self._reached_at = len(statement_threads(self._events))
            self.goal.setText(f"Goal reached in {self._reached_at} steps: {self.challenge.title}.")
            self.save.setEnabled(True)

    @Slot()
    def _on_save(self) -> None:
        schedule = self.schedule()
        if schedule is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Save schedule", f"{self.challenge.name}.json", "Schedules (*.json)"
        )
        if not path:
            return
        try:
            Path(path).write_text(schedule.dumps(), encoding="utf-8")
        except OSError as exc:
            self.help.setText(f"The schedule could not be saved to {path}: {exc.strerror}")
            return
        self.help.setText(f"Saved {len(schedule.steps)} steps to {path}.")

    def _schedule(self, steps: list[str]) -> Schedule:
        scenario = find_scenario(self.challenge.scenario)
        config = self._config()
        return Schedule(
            scenario.name, scenario.data, config.consumers, config.maxsize, tuple(steps)
        )

    def _config(self) -> RunConfig:
        config = find_scenario(self.challenge.scenario).run_config()
        if self.challenge.consumers is not None:
            config = dataclasses.replace(config, consumers=self.challenge.consumers)
        return config

    # -- the search ---------------------------------------------------------------

    @Slot()
    def _on_search(self) -> None:
        if self._search_thread is not None:
            return
        challenge, config, reports = self.challenge, self._config(), self._reports
        items = len(config.items)
        self._stop.clear()
        stop = self._stop

        def work() -> None:
            result = search(
                config,
                goal=lambda ran: reached(challenge, ran.events, items),
                max_orderings=_SEARCH_ORDERINGS,
                stop=stop,
                progress=reports.progressed.emit,
            )
            reports.finished.emit(result)

        self.progress.setValue(0)
        self.progress.show()
        self.search_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.help.setText("Searching the orderings of the real threads\u2026")
        self._search_thread = threading.Thread(target=work, name="challenge search")
        self._search_thread.start()

    @Slot()
    def stop_search(self, wait_s: float = 5.0) -> None:
        """Stop the search (within about 50 ms) and wait, bounded, for its thread to end."""
        self._stop.set()
        thread = self._search_thread
        if thread is not None:
            thread.join(wait_s)

    @Slot(object)
    def _on_progress(self, progress: Progress) -> None:
        self.progress.setValue(min(progress.tried, _SEARCH_ORDERINGS))

    @Slot(object)
    def _on_search_finished(self, result: SearchResult) -> None:
        if self._search_thread is not None:
            self._search_thread.join(5.0)
        self._search_thread = None
        self.search_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        self.progress.hide()
        found = result.found
        if found is None:
            why = "stopped" if result.stopped else "none reaches it within the bound"
            self.help.setText(f"Search: {result.tried} orderings tried, {why}.")
            return
        self._found = self._schedule(found.steps)
        self.save.setEnabled(True)
        self.replay_found.setEnabled(True)
        self.help.setText(
            f"Search: found after {result.tried} orderings, a schedule of "
            f"{len(found.steps)} steps. Replay it here step by step, or save it."
        )

    @Slot()
    def _on_replay_found(self) -> None:
        found = self._found
        if found is None:
            return
        if self.replay.replay(found, "the found schedule"):
            self._armed = True  # the goal is checked on the replay as on a stepped run
            self.help.setText("Replay the found schedule with Next step or Replay all.")
