"""A thick, visible rectangle around whichever control of the window has the keyboard focus.

Qt's own focus cue is a thin dotted line or a faint glow that a projector
washes out. :class:`FocusRing` lays a transparent child over the focused
control and paints a 3 px rectangle (5 px, yellow, in high contrast) along its
edges; being a child, it moves and clips with the control. A style sheet
``:focus`` rule could do the same only by re-styling every kind of control.
Widgets that draw their own focus cue say so with the dynamic property
``paintsOwnFocus`` (the timeline does).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QApplication, QWidget

from threadcomm.gui.theme.colors import view_colors

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

__all__ = ["FocusRing", "FocusTracker"]


class FocusRing(QWidget):
    """The rectangle itself: transparent to the mouse, never focused, painted over its parent."""

    _built = False  # True once __init__ ends (README: "Event handlers")

    def __init__(self, target: QWidget, window: QWidget) -> None:
        super().__init__(target)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._window = window
        self._built = True

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the rectangle inside the edges, in the theme's focus colour."""
        if not self._built:
            return
        colors = view_colors(self._window.palette())
        width = colors.focus_width
        p = QPainter(self)
        p.setPen(QPen(colors.focus, width))
        p.setBrush(Qt.BrushStyle.NoBrush)
        half = width // 2
        p.drawRect(self.rect().adjusted(half, half, -half - width % 2, -half - width % 2))
        p.end()


class FocusTracker(QObject):
    """Follows the application's focus and keeps a :class:`FocusRing` on this window's control.

    Thread ownership: GUI thread only.
    """

    _built = False  # True once __init__ ends (README: "Event handlers")

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._ring: FocusRing | None = None
        self._target: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        self._built = True

    @property
    def target(self) -> QWidget | None:
        """The control the ring is on now, or None."""
        if self._target is not None and not shiboken6.isValid(self._target):
            self._target = None
        return self._target

    def ring(self) -> FocusRing | None:
        """The visible ring, or None."""
        ring = self._ring
        if ring is None or not shiboken6.isValid(ring) or ring.isHidden():
            return None
        return ring

    def refresh(self) -> None:
        """Repaint the ring (after a theme change)."""
        if (ring := self.ring()) is not None:
            ring.update()

    @Slot(QWidget, QWidget)
    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if self._built:
            self._attach(self._control(new))

    def _control(self, widget: QWidget | None) -> QWidget | None:
        """The control to ring for a focus widget: Qt's internal parts ring their owner."""
        while widget is not None and widget.objectName().startswith("qt_"):
            widget = widget.parentWidget()
        if widget is None or widget.window() is not self._window:
            return None
        if widget.property("paintsOwnFocus"):
            return None
        return widget

    def _attach(self, target: QWidget | None) -> None:
        previous = self.target
        if previous is not None and previous is not target:
            previous.removeEventFilter(self)
        self._target = target
        ring = self._ring if self._ring is not None and shiboken6.isValid(self._ring) else None
        if target is None:
            if ring is not None:
                ring.hide()
            return
        if ring is None or ring.parentWidget() is not target:
            if ring is not None:
                ring.deleteLater()
            ring = self._ring = FocusRing(target, self._window)
        target.installEventFilter(self)
        ring.setGeometry(target.rect())
        ring.show()
        ring.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep the ring the size of its control."""
        if self._built and event.type() == QEvent.Type.Resize and watched is self.target:
            ring = self.ring()
            if ring is not None:
                ring.setGeometry(self._target.rect())  # type: ignore[union-attr]
        return False
