"""The PySide6 window: the run's controls, results, log and views around one RunModel.

``from threadcomm.gui import MainWindow`` is the public entry point. It is looked
up on first use, so importing one GUI module does not import the whole window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from threadcomm.gui.window.main_window import MainWindow

__all__ = ["MainWindow"]


def __getattr__(name: str) -> object:
    if name == "MainWindow":
        from threadcomm.gui.window.main_window import MainWindow

        return MainWindow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
