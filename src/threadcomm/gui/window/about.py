"""Help > About threadcomm: the versions, the licences, and where the app keeps its files.

What a lab administrator or a bug report needs: threadcomm's version and the
Python, Qt and PySide6 it runs on, its licence and the third-party licence
texts the app ships, and the paths of the preferences file and the error log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from threadcomm.gui.window.app_icon import app_icon
from threadcomm.gui.window.preferences import default_qsettings
from threadcomm.licences import LICENCE, licence_files

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

__all__ = ["AboutDialog", "LicencesDialog", "install_about"]


def _selectable(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class LicencesDialog(QDialog):
    """``licencesDialog``: each shipped licence text, picked from a list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("licencesDialog")
        self.setWindowTitle("Licences")
        self.files = licence_files()
        self.names = QListWidget(self)
        self.names.setObjectName("licenceList")
        self.names.addItems([path.name for path in self.files])
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("licenceText")
        self.text.setReadOnly(True)
        # As the files are laid out: fixed-width, lines unwrapped.
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.names.currentRowChanged.connect(self._on_current_row_changed)
        row = QHBoxLayout()
        row.addWidget(self.names, 1)
        row.addWidget(self.text, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(row)
        column.addWidget(buttons)
        # An explicit minimum keeps Qt from pushing size hints on every layout change.
        self.setMinimumSize(480, 320)
        self.resize(900, 600)
        if self.files:
            self.names.setCurrentRow(0)

    @Slot(int)
    def _on_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.files):
            self.text.setPlainText(self.files[row].read_text("utf-8", errors="replace"))


class AboutDialog(QDialog):
    """``aboutDialog``: versions, licence, and the paths of the preferences and the log."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About threadcomm")
        # Imported when the dialog first opens, not while the window starts.
        from threadcomm.gui.failure_report import LOG_NAME, log_folder, versions

        found = versions()
        title = QLabel(f"<h2>threadcomm {found.pop('threadcomm')}</h2>", self)
        blurb = _selectable(
            "A desktop lab for Python's producer/consumer pattern: real threads, a real "
            "queue.Queue and one threading.Event per item, every result delivered to the "
            "GUI thread by a Qt signal.",
            self,
        )
        form = QFormLayout()
        for name, value in found.items():
            form.addRow(f"{name}:", _selectable(value, self))
        form.addRow("Licence:", _selectable(f"{LICENCE}; the app includes Qt (LGPL v3)", self))
        form.addRow("Preferences:", _selectable(default_qsettings().fileName(), self))
        form.addRow("Error log:", _selectable(str(log_folder() / LOG_NAME), self))
        self.licences_button = QPushButton("&Licences\u2026", self)
        self.licences_button.setObjectName("licencesButton")
        self.licences_button.clicked.connect(self._on_licences_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.licences_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(64, 64))
        heading = QHBoxLayout()
        heading.addWidget(icon)
        heading.addWidget(title, 1)
        column = QVBoxLayout(self)
        column.addLayout(heading)
        column.addWidget(blurb)
        column.addLayout(form)
        column.addStretch(1)  # spare height goes below the facts, not between them
        column.addWidget(buttons)
        self.setMinimumSize(560, 300)  # explicit: see LicencesDialog
        self.resize(620, 400)
        self.licences: LicencesDialog | None = None

    @Slot()
    def _on_licences_clicked(self) -> None:
        if self.licences is None:
            self.licences = LicencesDialog(self)
        self.licences.open()


class _AboutOpener(QObject):
    """Owns the About action's slot; makes the dialog once, on first use."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.dialog: AboutDialog | None = None

    @Slot()
    def _on_about_triggered(self) -> None:
        if self.dialog is None:
            self.dialog = AboutDialog(self._window)
        self.dialog.open()


def install_about(window: QWidget, menu: QMenu) -> QAction:
    """Add ``aboutAction`` (Help > About threadcomm) to ``menu``; return the action."""
    action = QAction("&About threadcomm", window)
    action.setObjectName("aboutAction")
    action.setMenuRole(QAction.MenuRole.AboutRole)  # macOS puts it in the app menu
    opener = _AboutOpener(window)
    action.triggered.connect(opener._on_about_triggered)
    menu.addSeparator()
    menu.addAction(action)
    return action
