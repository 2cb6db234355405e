"""The File menu's exports: ask where, write on a worker thread, say how it went.

A trace of two million events takes seconds to write, so the writing happens
on one short-lived ``threading.Thread`` while the window stays live; what it
writes is copied in the GUI thread first (the recorder's columns, the results
list, the pictures as ``QImage``). The outcome comes back as the queued
signal ``export_finished`` and is shown in the banner: a success names the
file, a failure says in plain words why (never a traceback).

Tests replace :attr:`ExportMenu.ask_save_path` (no dialog opens) and read
:attr:`ExportMenu.last_outcome`; :meth:`ExportMenu.wait` waits for a write.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QWidget

from threadcomm.gui.run.trace_recorder import TraceRecorder

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QStatusBar

    from threadcomm.gui.run.controller import RunController
    from threadcomm.gui.window.actions import RunActions

__all__ = ["ExportMenu", "ExportOutcome"]


def _writers() -> ModuleType:
    """The file writers, imported at the first export: the window opens without them."""
    from threadcomm.gui.export import writers

    return writers


@dataclass(frozen=True, slots=True)
class ExportOutcome:
    """How one export ended: ``ok``, the file, and the sentence shown to the person."""

    ok: bool
    path: str
    message: str


class ExportMenu(QObject):
    """Wires File > Export ... of one window.

    It gets what it uses: the window (its picture, the timeline inside it, and
    the dialogs' parent), the run controller, the export actions, where to
    report the outcome (the banner) and the status bar that shows the progress.

    Thread ownership: lives in the GUI thread. Only :meth:`_write` runs on the
    export thread, and it touches nothing but its arguments and ``export_finished``.

    Signals
    -------
    export_finished(ExportOutcome)
        Emitted from the export thread when a file is written or has failed.
    """

    export_finished = Signal(object)

    def __init__(
        self,
        window: QWidget,
        controller: RunController,
        actions: RunActions,
        report: Callable[[str, str], None],
        status_bar: QStatusBar,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._controller = controller
        self._model = controller.model
        self._status_bar = status_bar
        self.recorder = TraceRecorder(self._model)
        #: (title, suggested file name, filter) -> chosen path, or "" when cancelled.
        self.ask_save_path: Callable[[str, str, str], str] = self._ask_with_dialog
        #: (level, message): "info" or "error"; the window's banner.
        self.report = report
        self.last_outcome: ExportOutcome | None = None
        self._folder = ""
        self._thread: threading.Thread | None = None
        a = actions
        self._actions = [a.export_trace, a.export_log, a.export_results]
        self._actions += [a.export_window, a.export_timeline]
        a.export_trace.triggered.connect(self.export_trace)
        a.export_log.triggered.connect(self.export_log)
        a.export_results.triggered.connect(self.export_results)
        a.export_window.triggered.connect(self.export_window)
        a.export_timeline.triggered.connect(self.export_timeline)
        self.export_finished.connect(self._on_export_finished)

    # -- the menu's commands -------------------------------------------------------

    @Slot()
    def export_trace(self) -> None:
        """Save the run as Chrome Trace JSON, for ui.perfetto.dev."""
        # Copies of the columns (cheap): the rows are built in the export thread.
        snapshot, results = self.recorder.snapshot(), self._model.results.copy()
        turns = self._controller.bridge.viewer_turns  # a live run's workers yield; so does this
        if not snapshot.kept:
            self.report("info", "There is no trace to save yet: start a run first.")
            return
        notes = [f"Open it in ui.perfetto.dev ({snapshot.kept:,} events)."]
        w = _writers()
        notes += [w.truncation_note(snapshot), self._still_running()]
        self._save(
            ("Export trace for Perfetto", "threadcomm-trace.json", "Chrome Trace JSON (*.json)"),
            "the trace",
            lambda path, replace: w.write_trace(
                path, snapshot, results, overwrite=replace, between_chunks=turns.take_turn_if_due
            ),
            notes,
        )

    @Slot()
    def export_log(self) -> None:
        """Save the threads' printed lines as text."""
        snapshot = self.recorder.snapshot()
        if not snapshot.kept:
            self.report("info", "There is no log to save yet: start a run first.")
            return
        w = _writers()
        self._save(
            ("Export log as text", "threadcomm-log.txt", "Text files (*.txt)"),
            "the log",
            lambda path, replace: w.write_log(path, snapshot, overwrite=replace),
            [w.truncation_note(snapshot), self._still_running()],
        )

    @Slot()
    def export_results(self) -> None:
        """Save the results table as CSV."""
        results = self._model.results.copy()
        if not results:
            self.report("info", "There are no results to save yet: start a run first.")
            return
        w = _writers()
        self._save(
            ("Export results as CSV", "threadcomm-results.csv", "CSV files (*.csv)"),
            f"the results ({len(results):,} rows)",
            lambda path, replace: w.write_results_csv(path, results, overwrite=replace),
            [self._still_running()],
        )

    @Slot()
    def export_window(self) -> None:
        """Save a picture of the whole window."""
        self._save_image(self._window.grab().toImage(), "the window", "threadcomm-window.png")

    @Slot()
    def export_timeline(self) -> None:
        """Save a picture of the timeline (drawn off screen if its dock is closed)."""
        view = self._window.findChild(QWidget, "timelineView")
        if view is None:
            self.report("error", "There is no timeline to save.")
            return
        if view.isVisible():
            image = view.grab().toImage()
        else:
            image = view.render_to_image(1600, 500)  # type: ignore[attr-defined]
        self._save_image(image, "the timeline", "threadcomm-timeline.png")

    # -- the export thread ---------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether a file is being written."""
        return self._thread is not None

    def wait(self, timeout: float = 10.0) -> bool:
        """Wait (bounded) for the export thread to end; True if none is left."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def shutdown(self, timeout: float = 5.0) -> None:
        """The window closes: give a running export time to finish its file."""
        self.wait(timeout)

    def _save_image(self, image: QImage, what: str, name: str) -> None:
        w = _writers()
        self._save(
            (f"Save {what} as PNG", name, "PNG images (*.png)"),
            what,
            lambda path, replace: w.write_png(path, image, overwrite=replace),
            [],
        )

    def _save(
        self,
        dialog: tuple[str, str, str],
        what: str,
        write: Callable[[str, bool], object],
        notes: list[str],
    ) -> None:
        if self.busy:
            self.report("info", "Still saving the previous file; try again in a moment.")
            return
        path = self.ask_save_path(*dialog)
        if not path:
            return  # cancelled
        # The dialog asked before replacing the file it showed; a suffix added here
        # names another file, which is then never replaced.
        replace = bool(Path(path).suffix)
        if not replace:
            path += Path(dialog[1]).suffix
        self._folder = os.path.dirname(os.path.abspath(path))
        done = " ".join(note for note in [f"Saved {what} to {path}.", *notes] if note)
        for action in self._actions:
            action.setEnabled(False)
        self._status_bar.showMessage(f"Saving {what} to {path}\u2026")
        self._thread = threading.Thread(
            target=self._write, args=(path, replace, write, done), name="export", daemon=True
        )
        self._thread.start()

    def _write(
        self, path: str, replace: bool, write: Callable[[str, bool], object], done: str
    ) -> None:
        """Export thread: write the file, then report through the queued signal."""
        try:
            write(path, replace)
            outcome = ExportOutcome(True, path, done)
        except Exception as exc:  # every failure is reported in words, none is lost
            outcome = ExportOutcome(False, path, _writers().describe_error(exc, path))
        try:
            self.export_finished.emit(outcome)
        except RuntimeError:  # the window was closed while writing: nobody to tell
            pass

    @Slot(object)
    def _on_export_finished(self, outcome: ExportOutcome) -> None:
        if self._thread is not None:
            self._thread.join(1.0)  # it has emitted: only its return is left
            self._thread = None
        for action in self._actions:
            action.setEnabled(True)
        self._status_bar.clearMessage()
        self.last_outcome = outcome
        self.report("info" if outcome.ok else "error", outcome.message)

    # -- helpers ---------------------------------------------------------------------

    def _still_running(self) -> str:
        if self._controller.active:
            return "The run was still going: the file holds what happened until now."
        return ""

    def _ask_with_dialog(self, title: str, name: str, filters: str) -> str:
        """The save dialog; it asks before replacing an existing file."""
        folder = self._folder or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        path, _ = QFileDialog.getSaveFileName(
            self._window, title, str(Path(folder) / name), filters
        )
        return path
