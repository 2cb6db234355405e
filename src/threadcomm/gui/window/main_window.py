"""The main window: the run's controls on top, results and log in the middle, views docked.

The window owns one :class:`RunController`, which owns every thread a run
starts; closing the window stops and joins them (bounded to one second).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication, QResizeEvent, QScreen, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from threadcomm.core.config import ConfigError, RunConfig, make_run_config
from threadcomm.core.scenarios import lesson_listing
from threadcomm.core.schedules import ScheduleError
from threadcomm.gui.classroom.column import install_classroom
from threadcomm.gui.export.menu import ExportMenu
from threadcomm.gui.run.controller import RunController, RunState
from threadcomm.gui.theme.presentation import Presentation
from threadcomm.gui.views.log_view import LogView
from threadcomm.gui.views.results_view import ResultsTable
from threadcomm.gui.views.timeline.view import TimelineView
from threadcomm.gui.window.about import install_about
from threadcomm.gui.window.actions import RunActions, SpaceForWidgets, run_button
from threadcomm.gui.window.banner import Banner
from threadcomm.gui.window.data_input import DataInput
from threadcomm.gui.window.docks import arrange_docks, dock_views, keep_side_shares, size_docks
from threadcomm.gui.window.help_panel import install_help
from threadcomm.gui.window.preferences import STATE_VERSION, PreferenceStore, RunOptions
from threadcomm.gui.window.run_controls import RunOptionsPanel, ScenarioCombo
from threadcomm.gui.window.status import RunStatus

if TYPE_CHECKING:
    from threadcomm.core.scenarios import Scenario
    from threadcomm.core.schedules import Schedule
    from threadcomm.core.trace import Summary

__all__ = ["MainWindow"]


def _is_scenarios_run(scenario: Scenario, run: RunOptions) -> bool:
    """Whether ``run`` holds the scenario's own data and settings (any delay)."""
    own = (scenario.data, scenario.consumers, scenario.maxsize, scenario.handshake)
    return (run.data.strip(), run.consumers, run.maxsize, run.handshake) == own


class MainWindow(QMainWindow):
    """The threadcomm window, ready for the tutorial run.

    Parameters
    ----------
    settings
        Where to remember the preferences (run options, layout); the user's settings file
        when omitted.
    remember
        False: neither read nor write any preferences (the self-test uses this).
    """

    _built = False  # True once __init__ ends (README: "Event handlers")
    _first_layout = False  # the docks get their first-start shares when the window shows

    def __init__(self, settings: QSettings | None = None, *, remember: bool = True) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        # The platform adds the application's name ("... \u2014 threadcomm"): say it once.
        self.setWindowTitle("Threads talking through a Queue and Events")
        # An explicit minimum keeps Qt from pushing size hints to the platform on every
        # layout change (the offscreen platform warns about each such push).
        self.setMinimumSize(720, 480)
        self._store = PreferenceStore(settings) if remember else None
        #: False once the command line chose the run: it applies to this launch only.
        self._remember_run = True
        #: Stop was asked for: the keyboard goes back to Start when the run has ended.
        self._focus_start = False
        self.controller = RunController(self)
        self.actions_ = RunActions(self)
        self._build_controls()
        panels = [("Results", self.results_table), ("Log", self.log_view)]
        code, self.docks = dock_views(self, self.controller.model, panels)
        self.setCentralWidget(code)  # the lesson program in front, never behind a tab
        self.status = RunStatus(self.controller, self.statusBar())
        self._connect()
        c, a, combo, report = (
            self.controller, self.actions_, self.scenario_combo, self.banner.show_message,
        )  # fmt: skip
        self.classroom = install_classroom(self, c, combo, report)
        self.classroom.challenges.replay.start_run = self.start_schedule
        self.exports = ExportMenu(self, c, a, report, self.statusBar())
        self.help_panel = install_help(self, c, a, combo, report)
        self.docks += [*self.classroom.docks, self.classroom.wait_for_dock]
        timeline = self.findChild(TimelineView, "timelineView")
        if timeline is not None:  # a span that never ended says what the picture says
            timeline.causes.unended = self.classroom.waits.unended
        arrange_docks(self)
        self._build_menus()
        # Last: zoom and theme reach every widget built above, and the controls a
        # new run adds (the scheduler's step buttons, made on reset_done) are styled.
        self.presentation = Presentation(self, a, self._store)
        c.model.reset_done.connect(self.presentation.style_controls)
        self._restore()
        self._on_state_changed(str(self.controller.state))
        if self.scenario_combo.problems:
            problems = "\n".join(self.scenario_combo.problems)
            self.banner.show_message(
                "info", f"Some scenario files were skipped or need a look:\n{problems}"
            )
        self._built = True

    # -- building ------------------------------------------------------------

    def _build_controls(self) -> None:
        """The run's controls, data, options and banner: one bar across the whole window."""
        a = self.actions_
        self.start_button = run_button(a.start, "startButton", self)
        self.pause_button = run_button(a.pause, "pauseButton", self)
        self.step_button = run_button(a.step, "stepButton", self)
        self.stop_button = run_button(a.stop, "stopButton", self)
        self.scenario_combo = ScenarioCombo(self)
        self.data_input = DataInput(self)
        self.options_panel = RunOptionsPanel(self)
        self.banner = Banner(self.controller.model, self)
        self.results_table = ResultsTable(self.controller.model, self)
        self.log_view = LogView(self.controller.model, self)

        top = QHBoxLayout()
        for button in (self.start_button, self.pause_button, self.step_button, self.stop_button):
            top.addWidget(button)
        top.addSpacing(16)
        caption = QLabel("Sc&enario:", self)
        caption.setBuddy(self.scenario_combo)
        top.addWidget(caption)
        top.addWidget(self.scenario_combo, 1)

        controls = QWidget(self)
        controls.setObjectName("runControls")
        controls.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column = QVBoxLayout(controls)
        column.setContentsMargins(4, 2, 4, 2)
        column.setSpacing(2)
        column.addLayout(top)
        column.addWidget(self.data_input)
        column.addWidget(self.options_panel)
        column.addWidget(self.banner)
        # A dock without a title bar or features: across the whole window, above the
        # code and the right-hand column, and never moved, floated or closed.
        bar = QDockWidget("Run", self)
        bar.setObjectName("runControlsDock")
        bar.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        bar.setTitleBarWidget(QWidget(bar))
        bar.setWidget(controls)
        self.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, bar)
        self._controls_dock = bar
        # A dock keeps the height it was given: when the banner's text grows or goes,
        # the controls get the height they need, so no line of the banner is cut off.
        self.banner.installEventFilter(self)

        # Space starts and pauses from anywhere but a text field; only the checkbox,
        # which has no other key, keeps its own use of it (a combo box opens with
        # Alt+Down or F4, and a focused run button is clicked with Enter).
        self.options_panel.handshake.installEventFilter(SpaceForWidgets(self))

    def _build_menus(self) -> None:
        a = self.actions_
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addActions([a.export_trace, a.export_log, a.export_results])
        file.addSeparator()
        file.addActions([a.export_window, a.export_timeline])
        file.addSeparator()
        replay = self.classroom.challenges.replay
        self.open_schedule_action = file.addAction("Open &schedule\u2026")
        self.open_schedule_action.setObjectName("openScheduleAction")
        self.open_schedule_action.setStatusTip("Replay a saved schedule in the Challenges tab")
        self.open_schedule_action.triggered.connect(replay.open_file)
        file.addSeparator()
        file.addAction(a.quit)
        run = bar.addMenu("&Run")
        for action in (a.start, a.pause, a.step, a.stop):
            run.addAction(action)
        view = bar.addMenu("&View")
        view.addActions([a.fullscreen, a.zoom_in, a.zoom_out, a.zoom_reset, a.high_contrast])
        if self.docks:
            view.addSeparator()
            for dock in self.docks:
                view.addAction(dock.toggleViewAction())
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(a.help)
        self.about_action = install_about(self, help_menu)

    def _connect(self) -> None:
        a, c = self.actions_, self.controller
        a.start.triggered.connect(self._on_start_triggered)
        a.pause.triggered.connect(self._on_pause_triggered)
        a.step.triggered.connect(c.step)
        a.stop.triggered.connect(self._on_stop_triggered)
        a.quit.triggered.connect(self.close)
        a.fullscreen.triggered.connect(self._on_fullscreen)
        c.state_changed.connect(self._on_state_changed)
        c.run_ended.connect(self._on_run_ended)
        self.data_input.validity_changed.connect(self._on_validity_changed)
        self.options_panel.delay_changed.connect(c.set_delay)
        self.scenario_combo.scenario_chosen.connect(self.load_scenario)

    # -- run options and preferences -------------------------------------------

    def run_options(self) -> RunOptions:
        """The controls' current values; the scenario's name only if they are its own."""
        shown = self.options_panel.values()
        run = RunOptions(
            data=self.data_input.text(),
            consumers=shown.consumers,
            maxsize=shown.maxsize,
            delay=shown.delay,
            handshake=shown.handshake,
            scenario="",
        )
        scenario = self.scenario_combo.current()
        if scenario is not None and _is_scenarios_run(scenario, run):  # else: the person's own
            run = replace(run, scenario=scenario.name)
        return run

    def apply_run_options(self, run: RunOptions) -> None:
        """Show these values in the controls (the scenario's own options are not applied).

        The Scenario box names a scenario only if the data and options are that
        scenario's (the delay may differ): it never asks about data that is not there.
        """
        scenario = self.scenario_combo.select(run.scenario)
        if scenario is None or not _is_scenarios_run(scenario, run):
            self.scenario_combo.setCurrentIndex(-1)
        self.data_input.set_text(run.data)
        self.options_panel.set_values(run.consumers, run.maxsize, run.delay, run.handshake)
        self._clear_views()

    def apply_launch_options(self, run: RunOptions) -> None:
        """The command line's run, for this launch only: it is never saved as a preference."""
        self._remember_run = False
        self.apply_run_options(run)

    @Slot(object)
    def load_scenario(self, scenario: Scenario) -> None:
        """Fill the controls with a scenario's data and run options; clear the last run away."""
        self.scenario_combo.select(scenario.name)
        self.data_input.set_text(scenario.data)
        panel = self.options_panel
        panel.set_values(scenario.consumers, scenario.maxsize, scenario.delay, scenario.handshake)
        self._clear_views()

    def _clear_views(self) -> None:
        """Every view, banner and panel back to a clean slate for the chosen run."""
        if self.controller.active:
            return
        scenario = self.scenario_combo.current()
        items = self.data_input.items or ()
        shown = self.options_panel.values()
        self.controller.clear(items, shown.maxsize, lesson_listing(scenario), shown.handshake)

    def _restore(self) -> None:
        store = self._store
        self.apply_run_options(store.load_run() if store is not None else RunOptions())
        if store is not None:
            self._report_preference_problems(store)
        geometry = store.geometry() if store is not None else None
        if geometry is None or not self.restoreGeometry(geometry):
            self._default_geometry()
        state = store.window_state() if store is not None else None
        if state is None or not self.restoreState(state, STATE_VERSION):
            self._first_layout = True  # shares of a window that is not yet laid out mean little

    def _report_preference_problems(self, store: PreferenceStore) -> None:
        """Say what was ignored or cannot be remembered, instead of dropping it silently."""
        problems = []
        if store.ignored:
            problems.append(
                f"Some saved settings could not be used and were reset to their defaults: "
                f"{', '.join(store.ignored)}."
            )
        if not store.can_save():
            problems.append(
                f"Your settings cannot be saved to {store.path}: changes will not be "
                f"remembered next time."
            )
        if problems:
            self.banner.show_message("info", " ".join(problems))

    def _default_geometry(self) -> None:
        """1280 x 800 (or the screen, if smaller), centred."""
        screen: QScreen | None = QGuiApplication.primaryScreen()  # None: no screen at all
        if screen is None:
            self.resize(1280, 800)
            return
        available = screen.availableGeometry()
        self.resize(min(1280, available.width()), min(800, available.height()))
        frame = self.frameGeometry()
        frame.moveCenter(available.center())
        self.move(frame.topLeft())

    def save_preferences(self) -> None:
        """Remember the controls, the geometry and the dock layout (zoom and theme: at once)."""
        if self._store is not None:
            if self._remember_run:
                self._store.save_run(self.run_options())
            self._store.save_window(self.saveGeometry(), self.saveState(STATE_VERSION))
            self._store.sync()

    # -- running -------------------------------------------------------------

    def build_config(self) -> RunConfig:
        """The RunConfig the controls describe; ConfigError says why there is none."""
        items = self.data_input.items
        if items is None:
            raise ConfigError(str(self.data_input.error))
        shown = self.options_panel.values()
        return make_run_config(
            items=items,
            preset=self.scenario_combo.current(),  # adds the scenario's work and planted bug
            consumers=shown.consumers,
            maxsize=shown.maxsize,
            handshake=shown.handshake,
            delay=shown.delay,
        )

    def start(self, config: RunConfig | None = None) -> bool:
        """Start a run of ``config`` (default: the controls' values); False if it cannot."""
        if self.controller.active:
            return False
        if config is None:
            try:
                config = self.build_config()
            except ConfigError as exc:
                self.banner.show_message("error", f"Cannot start: {exc}")
                return False
        scenario = self.scenario_combo.current()
        gui_mode = scenario.gui_mode if scenario is not None else ""
        self.controller.start(config, listing=lesson_listing(scenario), gui_mode=gui_mode)
        return True

    def start_schedule(self, schedule: Schedule) -> str:
        """Show ``schedule``'s run in the controls and start it paused; '' or why it cannot.

        The scenario, data list, consumers and queue size become the schedule's;
        the run is stepped as the headless replay steps it (no delay).
        """
        if self.controller.active:
            return "a run is going: stop it first"
        try:
            config = schedule.config()
        except ScheduleError as exc:
            return str(exc)
        if schedule.scenario:
            self.scenario_combo.select(schedule.scenario)
        else:
            self.scenario_combo.setCurrentIndex(-1)
        self.data_input.set_text(schedule.data)
        shown = self.options_panel.values()
        panel = self.options_panel
        panel.set_values(schedule.consumers, schedule.maxsize, shown.delay, config.handshake)
        paused, self.controller.start_paused = self.controller.start_paused, True
        try:
            self.start(config)
        finally:
            self.controller.start_paused = paused
        self.classroom.challenge_dock.raise_()
        return ""

    @Slot()
    def _on_start_triggered(self) -> None:
        self.start()

    @Slot(bool)
    def _on_pause_triggered(self, checked: bool) -> None:
        if checked:
            self.controller.pause()
        else:
            self.controller.resume()
        self.actions_.show_paused(self.controller.state is RunState.PAUSED)

    @Slot()
    def _on_stop_triggered(self) -> None:
        self._focus_start = True
        self.controller.stop()

    @Slot(str)
    def _on_state_changed(self, state: str) -> None:
        a, active = self.actions_, self.controller.active
        focused = self.focusWidget()
        a.start.setEnabled(not active and self.data_input.items is not None)
        a.pause.setEnabled(state in (RunState.RUNNING, RunState.PAUSED))
        a.show_paused(state == RunState.PAUSED)
        a.step.setEnabled(state == RunState.PAUSED)
        a.stop.setEnabled(state in (RunState.RUNNING, RunState.PAUSED))
        self.options_panel.set_locked(active)
        self.data_input.setEnabled(not active)
        self.scenario_combo.setEnabled(not active)
        if self._focus_start and not active:  # after Stop, the next Space starts anew
            self._focus_start = False
            self.start_button.setFocus()
        elif focused is not None and not focused.isEnabled():
            # Keep the keyboard on the run controls rather than wherever Qt moved it.
            for button in (self.pause_button, self.start_button, self.stop_button):
                if button.isEnabled():
                    button.setFocus()
                    break

    @Slot(bool)
    def _on_validity_changed(self, valid: bool) -> None:
        self.actions_.start.setEnabled(valid and not self.controller.active)

    @Slot(object)
    def _on_run_ended(self, summary: Summary) -> None:
        """The run ended and every view shows all of it: say how it went, then reveal."""
        self.banner.show_summary(summary)
        self.classroom.reveal(summary)

    # -- view ----------------------------------------------------------------

    @Slot(bool)
    def _on_fullscreen(self, checked: bool) -> None:
        self.showFullScreen() if checked else self.showNormal()

    # -- closing -------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Side columns grow with the window, not just the centre."""
        super().resizeEvent(event)
        if self._built and self.isVisible():
            keep_side_shares(self, event.oldSize().width())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The banner changed size or showed or hid: give the controls their height."""
        kinds = (QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.LayoutRequest)
        if self._built and event.type() in kinds and watched is self.banner:
            QTimer.singleShot(0, self, self._fit_controls)  # dropped if the window goes
        return super().eventFilter(watched, event)

    @Slot()
    def _fit_controls(self) -> None:
        if not self._built or not self.isVisible():  # closing: its docks may be gone
            return
        dock = self.__dict__.get("_controls_dock")
        controls = dock.widget() if dock is not None else None
        layout = controls.layout() if controls is not None else None
        if dock is None or controls is None or layout is None:
            return
        need = layout.totalHeightForWidth(controls.width())
        if need > 0 and abs(need - controls.height()) > 1:
            self.resizeDocks([dock], [need], Qt.Orientation.Vertical)

    def showEvent(self, event: QShowEvent) -> None:
        """The first time: give the docks their first-start shares of the shown window."""
        super().showEvent(event)
        if self._built and self._first_layout:
            self._first_layout = False
            layout = self.layout()
            if layout is not None:
                layout.activate()  # the docks where Qt first puts them, then their shares
            size_docks(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop and join every thread of the run (within a second), then save the preferences."""
        if not self._built:
            super().closeEvent(event)
            return
        self.controller.shutdown(timeout=1.0)
        self.classroom.challenges.stop_search()
        self.exports.shutdown()
        self.presentation.restore()
        self.results_table.table_model.throttle.cancel()
        self.log_view.throttle.cancel()
        self.status.throttle.cancel()
        self.save_preferences()
        super().closeEvent(event)
