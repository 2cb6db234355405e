"""The classroom tools, docked in a column on the left: predict-then-run and you-are-the-scheduler.

:func:`install_classroom` docks them on a main window and wires them to the
run controller and the scenario combo; it also carries out the window's side
of the two GUI-thread scenarios (:mod:`threadcomm.gui.classroom.scenario_modes`),
whose notes go to the ``report`` callable it is given (the window's banner).
The window calls :meth:`Classroom.reveal` when a run has ended.
The docks cannot be closed (there is no menu entry to bring them back), only
moved or floated. The column is never narrower than its panels' widest row at
the current zoom and theme (:class:`PanelArea`), so no button is cut off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtWidgets import QDockWidget, QScrollArea, QWidget

from threadcomm.gui.classroom.challenge_panel import ChallengePanel
from threadcomm.gui.classroom.evidence import EvidenceTracker
from threadcomm.gui.classroom.predict_panel import PredictPanel
from threadcomm.gui.classroom.scenario_modes import ScenarioModes
from threadcomm.gui.classroom.scheduler_panel import SchedulerPanel
from threadcomm.gui.classroom.wait_follower import WaitFollower
from threadcomm.gui.classroom.wait_for_view import WaitForView

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QMainWindow

    from threadcomm.core.trace import Summary
    from threadcomm.gui.run.controller import RunController
    from threadcomm.gui.window.run_controls import ScenarioCombo

__all__ = ["DOCK_HEIGHTS", "DOCK_WIDTH", "Classroom", "PanelArea", "install_classroom"]

#: The left column's width, and its two docks' heights, on first start (pixels).
DOCK_WIDTH = 330
MIN_DOCK_WIDTH = 250
DOCK_HEIGHTS = (246, 174)
_SLACK = 8  # pixels: the dock separator and rounding, so no scroll bar appears for nothing
_FEATURES = (
    QDockWidget.DockWidgetFeature.DockWidgetMovable
    | QDockWidget.DockWidgetFeature.DockWidgetFloatable
)


class PanelArea(QScrollArea):
    """A panel's scroll area: it scrolls down, never sideways, and is never narrower than it.

    With no horizontal scroll bar, a column narrower than the panel's widest row
    (a step button, the seed and Auto) would cut that row off at the right. The
    panel's minimum width grows with the zoom, the high-contrast padding and a
    run's thread names, so the area takes it again whenever the panel's layout
    changes, with room for the vertical scroll bar; the dock and its column
    follow.
    """

    def __init__(self, panel: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(panel)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # wrap instead
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.fit_width()  # then again from eventFilter: setWidget made this area the panel's

    def fit_width(self) -> None:
        """At least the panel's minimum width plus the vertical scroll bar's."""
        panel = self.widget()
        if panel is None:
            return
        bar = self.verticalScrollBar().sizeHint().width()
        need = panel.minimumSizeHint().width() + bar + 2 * self.frameWidth()
        self.setMinimumWidth(max(MIN_DOCK_WIDTH, need))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The panel's layout changed (text size, theme, new rows): fit its width again."""
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit_width()
        return super().eventFilter(watched, event)


def install_classroom(
    window: QMainWindow,
    controller: RunController,
    scenario_combo: ScenarioCombo,
    report: Callable[[str, str], None],
) -> Classroom:
    """Dock the predict panel, the scheduler, the challenges and the wait-for picture; wire them.

    ``report(level, message)`` shows a note to the person ("info" or "error").
    """
    return Classroom(window, controller, scenario_combo, report)


class Classroom(QObject):
    """Owns the predict panel, the scheduler panel, the scenario modes and the evidence tracker.

    Thread ownership: lives in, and is only touched by, the GUI thread.
    """

    def __init__(
        self,
        window: QMainWindow,
        controller: RunController,
        scenario_combo: ScenarioCombo,
        report: Callable[[str, str], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._controller = controller
        self._scenario_combo = scenario_combo
        self._report = report
        self.modes = ScenarioModes(controller, self)
        self.evidence = EvidenceTracker(controller.model, self)
        self.predict = PredictPanel(window)
        self.scheduler = SchedulerPanel(controller, window)
        self.docks = [
            self._dock(window, "Predict, then run", self.predict),
            self._dock(window, "You are the scheduler", self.scheduler),
        ]
        for dock in self.docks:
            window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        # A tab beside the scheduler (the window arranges its tabs: SECONDARY_DOCKS).
        self.challenges = ChallengePanel(controller, scenario_combo, window)
        self.challenge_dock = self._dock(window, "Challenges", self.challenges)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.challenge_dock)
        # The wait-for picture: a tab too, raised when a run ends with threads stuck.
        self.waits = WaitFollower(controller, self)
        self.wait_for = WaitForView(self.waits, window)
        self.wait_for_dock = QDockWidget("Who waits for whom", window)
        self.wait_for_dock.setObjectName("waitForViewDock")
        self.wait_for_dock.setWidget(self.wait_for)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.wait_for_dock)
        window.resizeDocks(self.docks, [DOCK_WIDTH] * len(self.docks), Qt.Orientation.Horizontal)
        window.resizeDocks(self.docks, list(DOCK_HEIGHTS), Qt.Orientation.Vertical)
        self.modes.note_ready.connect(self._on_note_ready)
        self.predict.changed.connect(self._fit_column)
        scenario_combo.currentIndexChanged.connect(self._on_scenario_changed)
        controller.state_changed.connect(self._on_state_changed)
        self.predict.set_scenario(scenario_combo.current())

    def reveal(self, summary: Summary) -> None:
        """The run has ended: show the predict panel's answer with this run's evidence."""
        self.predict.reveal(self.evidence.evidence(summary))
        picture = self.waits.picture
        stuck = picture is not None and any(w.stuck for w in picture.waits)
        if stuck and self.predict.chosen() is None:  # an answer's reveal keeps its tab in front
            self.wait_for_dock.raise_()

    @staticmethod
    def _dock(window: QMainWindow, title: str, panel: QWidget) -> QDockWidget:
        dock = QDockWidget(title, window)
        dock.setObjectName(panel.objectName() + "Dock")
        dock.setFeatures(_FEATURES)
        # A long answer or eight consumers never squeeze the panel: it scrolls down.
        dock.setWidget(PanelArea(panel, dock))
        return dock

    @Slot()
    def _fit_column(self) -> None:
        """Give the predict panel the height its text needs, the scheduler the rest.

        Only while both docks share the left column as placed: a layout the
        teacher rearranged is left alone.
        """
        window, (top, bottom) = self._window, self.docks
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        if top.isFloating() or bottom.isFloating() or not top.isVisible():
            return
        if window.dockWidgetArea(top) != left or window.dockWidgetArea(bottom) != left:
            return
        total = top.height() + bottom.height()
        panel = self.predict
        title = top.height() - top.widget().height()  # the dock's title bar
        layout = panel.layout()
        if total <= 0 or layout is None:
            return
        want = layout.totalHeightForWidth(panel.width()) + title + _SLACK
        room = total * 3 // 4 if self._controller.active else total - 2 * title
        want = max(total // 4, min(want, room))
        if abs(want - top.height()) > 1:
            window.resizeDocks([top, bottom], [want, total - want], Qt.Orientation.Vertical)

    @Slot(int)
    def _on_scenario_changed(self, index: int) -> None:
        self.predict.set_scenario(self._scenario_combo.current())

    @Slot(str)
    def _on_state_changed(self, state: str) -> None:
        if self._controller.active:
            self.predict.lock()

    @Slot(str)
    def _on_note_ready(self, note: str) -> None:
        self._report("info", note)
