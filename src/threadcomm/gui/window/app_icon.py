"""The app's icon and desktop identity: window and taskbar icon, and the .desktop file it matches.

The icons are PNG files under ``resources/icons/`` (made by ``make_icons.py``),
found through :mod:`threadcomm.assets`, so source checkout, wheel and bundle
share one code path. PNG needs no Qt image plugin, which keeps the bundle small.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from threadcomm.assets import resource_path
from threadcomm.desktop_entry import APP_ID, ICON_SIZES

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

__all__ = ["APP_ID", "ICON_SIZES", "NAME", "app_icon", "icon_file", "install_app_identity"]

#: The program's name; also the folder its settings live in (never the reverse-DNS ID,
#: so preferences saved by earlier versions are still found).
NAME = "threadcomm"


def icon_file(size: int) -> Path:
    """The path of the ``size`` x ``size`` PNG icon."""
    return resource_path("icons", f"threadcomm-{size}.png")


def app_icon() -> QIcon:
    """The threadcomm icon with every PNG size, so each place picks a sharp one."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = icon_file(size)
        if path.is_file():
            icon.addFile(str(path), QSize(size, size))
    return icon


def install_app_identity(app: QApplication) -> None:
    """Give ``app`` its icon and desktop identity; keep any name already set.

    Sets the window icon every window inherits, the desktop file name (so
    Wayland and the taskbar match the installed desktop file), and the application
    and organization names unless the caller chose them (Qt's default
    application name is the executable's file name).
    """
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(APP_ID)
    arguments = app.arguments()
    qt_default = Path(arguments[0]).name if arguments else ""
    if app.applicationName() in ("", qt_default):
        app.setApplicationName(NAME)
    if not app.organizationName():
        app.setOrganizationName(NAME)
