"""The window's actions and the run buttons built from them.

Each run command is one QAction: the menu item, the keyboard shortcut and the
button are the same object, so their enabled state can never disagree.
Shortcuts: Space starts, pauses and resumes (Start and Pause share the key;
only one of them is ever enabled), S steps, Esc stops, F11 toggles full
screen, Ctrl+= / Ctrl++ and Ctrl+- zoom, Ctrl+0 resets the zoom, F1 opens the
help. Fields that type text take Space and S first (Qt asks the focused
widget before firing a shortcut), and :class:`SpaceForWidgets` lets a focused
checkbox, button or combo box keep its own use of Space.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QStyle, QToolButton, QWidget

__all__ = ["RunActions", "SpaceForWidgets", "plain_text", "run_button"]


def _keys(standard: QKeySequence.StandardKey, *fallbacks: str) -> list[QKeySequence]:
    """The platform's keys for ``standard``, plus ``fallbacks`` it does not already have."""
    keys = list(QKeySequence.keyBindings(standard))
    keys += [k for k in map(QKeySequence, fallbacks) if k not in keys]
    return keys


class RunActions(QObject):
    """Start, Pause/Resume, Step and Stop; Quit, the exports, the View menu's and Help."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        style = window.style()

        def make(text: str, icon: QStyle.StandardPixmap | None, tip: str) -> QAction:
            action = QAction(text, window)
            if icon is not None:
                action.setIcon(style.standardIcon(icon))
            action.setToolTip(tip)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(action)  # shortcuts work even with the menu bar hidden
            return action

        sp = QStyle.StandardPixmap
        self.start = make("&Start", sp.SP_MediaPlay, "Start a run with these settings (Space)")
        self.start.setShortcut(QKeySequence(Qt.Key.Key_Space))
        self.pause = make(
            "&Pause", sp.SP_MediaPause, "Hold every thread before its next line (Space)"
        )
        self.pause.setCheckable(True)
        self.pause.setShortcut(QKeySequence(Qt.Key.Key_Space))
        self.step = make("S&tep", sp.SP_MediaSkipForward, "While paused: run one line (S)")
        self.step.setShortcut(QKeySequence(Qt.Key.Key_S))
        self.stop = make("St&op", sp.SP_MediaStop, "End the run; every thread stops (Esc)")
        self.stop.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.quit = make("&Quit", None, "Stop any run and close the window")
        self.quit.setShortcuts(_keys(QKeySequence.StandardKey.Quit, "Ctrl+Q"))
        self.fullscreen = make("&Full screen", None, "Fill the screen, e.g. on a projector")
        self.fullscreen.setCheckable(True)
        self.fullscreen.setShortcuts(_keys(QKeySequence.StandardKey.FullScreen, "F11"))
        self.zoom_in = make("Zoom &in", None, "Make everything larger (Ctrl++)")
        self.zoom_in.setShortcuts(_keys(QKeySequence.StandardKey.ZoomIn, "Ctrl++", "Ctrl+="))
        self.zoom_out = make("Zoom &out", None, "Make everything smaller (Ctrl+-)")
        self.zoom_out.setShortcuts(_keys(QKeySequence.StandardKey.ZoomOut, "Ctrl+-"))
        self.zoom_reset = make("&Actual size", None, "Back to 100% (Ctrl+0)")
        self.zoom_reset.setShortcut(QKeySequence("Ctrl+0"))
        self.high_contrast = make(
            "&High contrast", None, "Black background, white and yellow text, thick lines"
        )
        self.high_contrast.setCheckable(True)
        self.export_trace = make(
            "Export &trace for Perfetto\u2026", None, "Save the run as Chrome Trace JSON"
        )
        self.export_log = make(
            "Export &log as text\u2026", None, "Save the threads' printed lines"
        )
        self.export_results = make("Export &results as CSV\u2026", None, "Save the results table")
        self.export_window = make("Save &window as PNG\u2026", None, "A picture of the window")
        self.export_timeline = make(
            "Save ti&meline as PNG\u2026", None, "A picture of the timeline"
        )
        self.help = make("&How threads talk", None, "Queue, Event, task_done, sentinels (F1)")
        self.help.setShortcuts(_keys(QKeySequence.StandardKey.HelpContents, "F1"))
        self.pause.toggled.connect(self._on_pause_toggled)

    def _on_pause_toggled(self, checked: bool) -> None:
        sp = QStyle.StandardPixmap
        icon = sp.SP_MediaPlay if checked else sp.SP_MediaPause
        self.pause.setText("&Resume" if checked else "&Pause")
        self.pause.setIcon(self._window.style().standardIcon(icon))
        self.pause.setToolTip(
            "Let the threads run on (Space)"
            if checked
            else "Hold every thread before its next line (Space)"
        )

    def show_paused(self, paused: bool) -> None:
        """Show Pause or Resume without triggering the action."""
        if self.pause.isChecked() != paused:
            blocked = self.pause.blockSignals(True)
            self.pause.setChecked(paused)
            self.pause.blockSignals(blocked)
            self._on_pause_toggled(paused)


def plain_text(action: QAction) -> str:
    """An action's text without its mnemonic ampersand or trailing ellipsis."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("\u2026")


def run_button(action: QAction, name: str, parent: QWidget) -> QToolButton:
    """A large button that mirrors ``action`` (text, icon, enabled, checked).

    Its accessible name follows the action's text (Pause becomes Resume).
    """
    button = QToolButton(parent)
    button.setObjectName(name)
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setMinimumWidth(button.fontMetrics().horizontalAdvance("Resume") + 40)
    button.setAccessibleName(plain_text(action))
    action.changed.connect(lambda: button.setAccessibleName(plain_text(action)))
    return button


class SpaceForWidgets(QObject):
    """An event filter: a focused button, checkbox or combo box uses Space itself.

    Qt sends ShortcutOverride to the focused widget before it fires a shortcut;
    accepting it for Space delivers the key press to the widget instead, so a
    keyboard user can still tick the checkbox or open the combo box.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Claim Space for the watched widget."""
        if event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Space and not event.modifiers():
                event.accept()
                return True
        return False
