"""When the window fails to open: an error dialog and a log file, never silence.

A student who double-clicked the app has no terminal to read a traceback on,
so a failure after the window system started is written to a log file in the
user's state folder and shown in a dialog that names that file.
"""

from __future__ import annotations

import datetime
import platform
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QStandardPaths, Qt, qVersion
from PySide6.QtWidgets import QMessageBox

from threadcomm import __version__

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

__all__ = ["LOG_NAME", "log_folder", "report_failure", "versions", "write_failure_log"]

#: The log file's name inside :func:`log_folder`; each failure replaces the last one.
LOG_NAME = "threadcomm-error.log"


def log_folder() -> Path:
    """The user's state folder for threadcomm (``~/.local/state/threadcomm/threadcomm``)."""
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.StateLocation))


def versions() -> dict[str, str]:
    """threadcomm's, Python's, Qt's and PySide6's versions, as a bug report wants them."""
    return {
        "threadcomm": __version__,
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "Qt": qVersion(),
        "PySide6": pyside_version,
        "System": platform.platform(),
    }


def write_failure_log(error: BaseException) -> Path | None:
    """Write the versions and the traceback of ``error``; the file, or None if unwritable."""
    lines = [f"threadcomm failed at {datetime.datetime.now().astimezone().isoformat()}"]
    lines += [f"{name}: {value}" for name, value in versions().items()]
    lines.append("")
    lines += traceback.format_exception(error)
    path = log_folder() / LOG_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(line.rstrip("\n") for line in lines) + "\n", "utf-8")
    except OSError:
        return None
    return path


def report_failure(
    error: BaseException, stop_requested: SignalInstance | None = None
) -> Path | None:
    """Tell the person the window could not open: stderr, the log file and a dialog.

    Parameters
    ----------
    error
        What went wrong.
    stop_requested
        A signal (SIGINT, SIGTERM as a Qt signal) that closes the dialog, so a stop
        request still ends the process while the dialog is up.
    """
    log = write_failure_log(error)
    where = (
        f"The details are in {log}; please include that file when you report this."
        if log
        else "The details could not be saved; they were printed if a terminal is open."
    )
    print(f"threadcomm: the window failed: {type(error).__name__}: {error}", file=sys.stderr)
    traceback.print_exception(error)
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "threadcomm could not start",
        f"threadcomm stopped because of an internal error:\n\n{type(error).__name__}: {error}"
        f"\n\n{where}",
    )
    box.setObjectName("failureDialog")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # copy the path
    if stop_requested is not None:
        stop_requested.connect(box.reject)
    box.exec()
    return log
