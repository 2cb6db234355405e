"""The window's layout for a projector: the code in front, the timeline beside it.

The lesson program (``codeView``) is the central widget, on the left, never a
tab behind another panel, and as tall as the window allows. The right-hand
column holds the timeline on top, the queue and the explanation side by side
under it, and the secondary panels (predict, scheduler, results, log) grouped
as tabs at the bottom, so none of them is squeezed to a header line. The
timeline and the tabs carry their title bar on their left side: the height
goes to what they show. Each dock is named after
its widget (``timelineView`` -> ``timelineViewDock``) so a saved layout finds
it again; a teacher may move, float or close them (View menu brings them back).
"""

from __future__ import annotations

import sys
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QWidget

from threadcomm.gui.views.create import create_views

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtWidgets import QMainWindow

    from threadcomm.gui.run.model import RunModel

__all__ = [
    "CODE_SHARE",
    "SECONDARY_DOCKS",
    "arrange_docks",
    "dock_views",
    "keep_side_shares",
    "size_docks",
]

#: Share of the window's width the code gets on first start; the docks get the rest.
CODE_SHARE = 0.55
#: Shares of the right-hand column's height: timeline, queue and explanation, the tabs.
COLUMN_SHARES = (0.4, 0.22, 0.38)
#: The docks grouped as tabs at the bottom of the right-hand column, in tab order.
SECONDARY_DOCKS = (
    "predictPanelDock",
    "schedulerPanelDock",
    "challengePanelDock",
    "waitForViewDock",
    "resultsTableDock",
    "logViewDock",
)
_RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
_SIDE_TITLE = (
    QDockWidget.DockWidgetFeature.DockWidgetClosable
    | QDockWidget.DockWidgetFeature.DockWidgetMovable
    | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    | QDockWidget.DockWidgetFeature.DockWidgetVerticalTitleBar
)
_CENTRAL = "codeView"


def _dock(window: QMainWindow, title: str, widget: QWidget) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(widget.objectName() + "Dock")
    dock.setWidget(widget)
    return dock


def dock_views(
    window: QMainWindow, model: RunModel, extra: Sequence[tuple[str, QWidget]]
) -> tuple[QWidget, list[QDockWidget]]:
    """Create the run views; return the code view (the central widget) and the docks.

    ``extra`` are the window's own panels docked too (results, log), as
    (title, widget) pairs. A view that cannot be built leaves a note in the
    centre instead of keeping the window from opening.
    """
    try:
        views = create_views(model, window)
    except Exception as exc:  # a broken view must not keep the window from opening
        print(f"threadcomm: the run views could not be built: {exc}", file=sys.stderr)
        views = []
    central: QWidget | None = None
    docks: list[QDockWidget] = []
    for title, widget in [*views, *extra]:
        if widget.objectName() == _CENTRAL:
            central = widget
            continue
        dock = _dock(window, title, widget)
        window.addDockWidget(_RIGHT, dock)
        docks.append(dock)
    if central is None:
        central = QLabel("The run views could not be built (see the terminal).", window)
    return central, docks


def arrange_docks(window: QMainWindow) -> None:
    """The first-start layout of the docks (a saved layout overrides it)."""
    # The controls on top run the window's full width; the right-hand column, the rest.
    window.setCorner(Qt.Corner.TopLeftCorner, Qt.DockWidgetArea.TopDockWidgetArea)
    window.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.TopDockWidgetArea)
    window.setCorner(Qt.Corner.BottomRightCorner, _RIGHT)
    by_name = {d.objectName(): d for d in window.findChildren(QDockWidget)}
    timeline = by_name.get("timelineViewDock")
    queue = by_name.get("queueViewDock")
    explanation = by_name.get("explanationViewDock")
    tabs = [by_name[name] for name in SECONDARY_DOCKS if name in by_name]
    column = [d for d in (timeline, queue, *tabs[:1]) if d is not None]
    for dock in (*column, *tabs[1:], *([explanation] if explanation else [])):
        dock.setFloating(False)
        if dock is timeline or dock in tabs:
            dock.setFeatures(dock.features() | _SIDE_TITLE)
        window.addDockWidget(_RIGHT, dock)
    for upper, lower in pairwise(column):
        window.splitDockWidget(upper, lower, Qt.Orientation.Vertical)
    if queue is not None and explanation is not None:
        window.splitDockWidget(queue, explanation, Qt.Orientation.Horizontal)
    for dock in tabs[1:]:
        window.tabifyDockWidget(tabs[0], dock)
    if tabs:
        tabs[0].raise_()
    help_panel = by_name.get("helpPanel")
    if help_panel is not None:  # beside the code, wide enough to read, when F1 shows it
        help_panel.setFloating(False)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, help_panel)
        help_panel.hide()


def size_docks(window: QMainWindow) -> None:
    """Give the right-hand column and its rows their first-start shares of the window."""
    by_name = {d.objectName(): d for d in window.findChildren(QDockWidget)}
    rows = [
        by_name.get("timelineViewDock"),
        by_name.get("queueViewDock"),
        next((by_name[n] for n in SECONDARY_DOCKS if n in by_name), None),
    ]
    placed = [(d, share) for d, share in zip(rows, COLUMN_SHARES, strict=True) if d is not None]
    if not placed:
        return
    width = round(window.width() * (1 - CODE_SHARE))
    window.resizeDocks([d for d, _ in placed], [width] * len(placed), Qt.Orientation.Horizontal)
    height = window.height()
    heights = [round(height * share) for _, share in placed]
    window.resizeDocks([d for d, _ in placed], heights, Qt.Orientation.Vertical)
    queue, explanation = by_name.get("queueViewDock"), by_name.get("explanationViewDock")
    if queue is not None and explanation is not None:
        window.resizeDocks([queue, explanation], [width // 2] * 2, Qt.Orientation.Horizontal)


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
    layout = window.layout()
    if layout is not None:
        layout.activate()  # the growth given to the centre first, as Qt would, then shared
    docks = [d for d in window.findChildren(QDockWidget) if d.isVisible() and not d.isFloating()]
    for area in _SIDES:
        side = [dock for dock in docks if window.dockWidgetArea(dock) is area]
        # A tab behind another reports a stale width: measure the docks that are no tab.
        untabbed = [dock for dock in side if not window.tabifiedDockWidgets(dock)]
        if side:  # the widest dock spans the column (others share a row with another)
            widest = max(untabbed or side, key=lambda dock: dock.width())
            column = round(widest.width() * width / old_width)
            window.resizeDocks([widest], [column], Qt.Orientation.Horizontal)
