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

from threadcomm.gui.views.create import create_views

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from threadcomm.gui.run.model import RunModel

__all__ = ["dock_views", "keep_side_shares", "size_docks"]

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


_SIDES = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)


def keep_side_shares(window: QMainWindow, old_width: int) -> None:
    """After the window grew from ``old_width``, give each side column its share of the growth.

    A QMainWindow hands all of a window's growth to its central widget, so a
    window opened at its default size and then maximised on a projector kept
    its side views as narrow as they were. (When it shrinks, Qt takes from the
    centre first, which is what a person wants.) Docks that were floated,
    hidden or moved to the top or bottom are left alone.
    """
    width = window.width()
    if old_width <= 0 or width <= old_width:
        return
    docks = [d for d in window.findChildren(QDockWidget) if d.isVisible() and not d.isFloating()]
    for area in _SIDES:
        side = [dock for dock in docks if window.dockWidgetArea(dock) is area]
        if side:  # one column: a tab behind another may report a stale width, so take the widest
            column = round(max(dock.width() for dock in side) * width / old_width)
            window.resizeDocks(side, [column] * len(side), Qt.Orientation.Horizontal)
