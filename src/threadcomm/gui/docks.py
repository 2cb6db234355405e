"""Dock every run view around the central results and log, with a sensible first layout.

Whatever :func:`create_views` returns is docked: one QDockWidget per view,
named after the view (``timelineView`` -> ``timelineViewDock``) so that the
saved layout finds it again. The timeline, being wide, goes along the bottom;
the other views go on the right, the third and later ones as tabs.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from threadcomm.gui.views import create_views

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from threadcomm.gui.run_model import RunModel

__all__ = ["dock_views", "size_docks"]

#: Share of the window the right-hand views get on first start.
RIGHT_SHARE = 0.36
#: Share of the window height the timeline gets on first start.
BOTTOM_SHARE = 0.32


def _is_bottom(dock: QDockWidget) -> bool:
    return "timeline" in dock.objectName().lower()


def dock_views(window: QMainWindow, model: RunModel) -> list[QDockWidget]:
    """Create the run views and dock them; return the docks in creation order."""
    try:
        views = create_views(model, window)
    except Exception as exc:  # a broken view must not keep the window from opening
        print(f"threadcomm: the run views could not be built: {exc}", file=sys.stderr)
        return []
    docks: list[QDockWidget] = []
    right: list[QDockWidget] = []
    for title, widget in views:
        dock = QDockWidget(title, window)
        dock.setObjectName(widget.objectName() + "Dock")
        dock.setWidget(widget)
        if _is_bottom(dock):
            window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        else:
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            right.append(dock)
            if len(right) > 2:  # more than two on the right: share the second's place
                window.tabifyDockWidget(right[1], dock)
        docks.append(dock)
    if len(right) > 2:
        right[1].raise_()
    return docks


def size_docks(window: QMainWindow, docks: list[QDockWidget]) -> None:
    """Give the docks their first-start share of the window (a saved layout overrides it)."""
    right = [d for d in docks if not _is_bottom(d)]
    bottom = [d for d in docks if _is_bottom(d)]
    if right:
        width = int(window.width() * RIGHT_SHARE)
        window.resizeDocks(right, [width] * len(right), Qt.Orientation.Horizontal)
    if bottom:
        height = int(window.height() * BOTTOM_SHARE)
        window.resizeDocks(bottom, [height] * len(bottom), Qt.Orientation.Vertical)
