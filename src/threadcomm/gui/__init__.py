"""The PySide6 window: the run's controls, results, log and views around one RunModel."""

from __future__ import annotations

from threadcomm.gui.main_window import MainWindow

__all__ = ["MainWindow"]
