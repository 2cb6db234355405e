"""Help > About: the versions, the licence texts, and where preferences and the log live."""

from __future__ import annotations

import platform
from pathlib import Path

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QLabel, QListWidget, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from threadcomm import __version__
from threadcomm.gui.app import application
from threadcomm.gui.window.about import AboutDialog, LicencesDialog
from threadcomm.gui.window.main_window import MainWindow


def _open_about(qtbot: QtBot, window: MainWindow) -> AboutDialog:
    help_menu = next(m for m in window.menuBar().actions() if m.text() == "&Help").menu()
    assert window.about_action in help_menu.actions()
    window.about_action.trigger()
    dialog = window.findChild(AboutDialog, "aboutDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _shown_text(dialog: AboutDialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


def test_about_shows_the_versions_and_the_licence(qtbot: QtBot, window: MainWindow) -> None:
    text = _shown_text(_open_about(qtbot, window))
    assert f"threadcomm {__version__}" in text
    assert platform.python_version() in text
    assert qVersion() in text
    assert PySide6.__version__ in text
    assert "MIT" in text


def test_about_names_the_preferences_file_and_the_error_log(
    qtbot: QtBot, window: MainWindow, private_settings: Path
) -> None:
    text = _shown_text(_open_about(qtbot, window))
    assert str(private_settings / "threadcomm" / "threadcomm.ini") in text
    assert "threadcomm-error.log" in text


def test_licences_button_shows_each_licence_text(qtbot: QtBot, window: MainWindow) -> None:
    about = _open_about(qtbot, window)
    button = about.findChild(QPushButton, "licencesButton")
    assert button is not None
    button.click()
    licences = about.findChild(LicencesDialog, "licencesDialog")
    assert licences is not None
    qtbot.waitUntil(licences.isVisible)
    names = licences.findChild(QListWidget, "licenceList")
    text = licences.findChild(QPlainTextEdit, "licenceText")
    assert names is not None and text is not None
    shown = [names.item(i).text() for i in range(names.count())]
    assert shown[:2] == ["LICENSE", "README.txt"]
    assert {"LGPL-3.0.txt", "GPL-3.0.txt"} <= set(shown)
    assert text.toPlainText().startswith("MIT License")
    names.setCurrentRow(shown.index("LGPL-3.0.txt"))
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text.toPlainText()


def test_application_reports_its_version() -> None:
    assert application().applicationVersion() == __version__
