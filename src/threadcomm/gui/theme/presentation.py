"""Presentation mode: zoom the whole window, high contrast, follow the system's dark mode.

One object per window, :class:`Presentation`, owns these preferences:

- **Zoom** in steps (:data:`ZOOM_STEPS`, 100-250 %) scales the text; every
  view follows, the timeline and the code view included, because each derives
  its own fonts from the font it inherits. From 125 % up, buttons and fields
  are at least 44 pixels high (:mod:`~threadcomm.gui.theme.control_styles`), easy to
  hit on a projector or a touch screen.
- **High contrast** is a black palette with white and yellow text, a style
  sheet with thick white outlines, thick focus rings, and the painted views'
  high-contrast colours (:data:`threadcomm.gui.theme.colors.HIGH_CONTRAST`).
- **Dark mode** follows the system (``QStyleHints.colorScheme()`` and
  ``colorSchemeChanged``, Qt 6.5+): when the system is dark but the Qt style
  kept a light palette, :func:`~threadcomm.gui.theme.palettes.dark_palette` is used.

Font, palette and style sheet are set on the *application*, not the window:
a style sheet stops a window's palette and font from reaching the widgets it
styles, and menus, tooltips and dialogs are windows of their own. They are
applied at once and undone when the window closes (:meth:`Presentation.restore`). Zoom and high
contrast are remembered in the settings file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Slot
from PySide6.QtGui import QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QApplication,
)

from threadcomm.gui.theme.control_styles import style_controls, zoom_dock_titles
from threadcomm.gui.theme.focus_ring import FocusTracker
from threadcomm.gui.theme.palettes import dark_palette, high_contrast_palette, is_dark

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from threadcomm.gui.window.actions import RunActions
    from threadcomm.gui.window.preferences import PreferenceStore

__all__ = ["ZOOM_STEPS", "Presentation", "nearest_step"]

#: The zoom levels, in percent of the normal text size.
ZOOM_STEPS = (100, 125, 150, 175, 200, 250)


def nearest_step(percent: int) -> int:
    """The zoom step closest to ``percent``."""
    return min(ZOOM_STEPS, key=lambda step: abs(step - percent))


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication), "the window needs a QApplication"
    return app


def _deliver_changes() -> None:
    """Qt posts the application's font and palette changes: apply them to every widget now."""
    for kind in (QEvent.Type.ApplicationFontChange, QEvent.Type.ApplicationPaletteChange):
        QCoreApplication.sendPostedEvents(None, kind)


class Presentation(QObject):
    """Zoom, high contrast and dark mode for one window; wires the View menu's actions.

    The window calls :meth:`style_controls` again when it gains controls (a new
    run's step buttons).

    Thread ownership: GUI thread only.
    """

    _built = False  # True once __init__ ends (README: "Event handlers")

    def __init__(
        self, window: QWidget, actions: RunActions, store: PreferenceStore | None = None
    ) -> None:
        super().__init__(window)
        self._window = window
        self._actions = actions
        self._store = store
        app = _app()
        self._normal_font = QFont(app.font())
        self._normal_style = app.style().name()
        self._zoom = 100
        self._high_contrast = False
        self._palette = ""  # which palette this object set on the application: "", dark, hc
        self._applied = False  # whether the application shows this window's zoom and theme
        hints = QGuiApplication.styleHints()
        self._scheme = hints.colorScheme()
        self.focus = FocusTracker(window)
        actions.zoom_in.triggered.connect(self.zoom_in)
        actions.zoom_out.triggered.connect(self.zoom_out)
        actions.zoom_reset.triggered.connect(self.reset_zoom)
        actions.high_contrast.toggled.connect(self.set_high_contrast)
        hints.colorSchemeChanged.connect(self._on_color_scheme_changed)
        if store is not None:
            self._high_contrast = store.high_contrast()
            self._zoom = nearest_step(store.zoom())
        self._apply()
        self._sync_actions()
        self._built = True

    # -- what the window and tests read -------------------------------------------

    @property
    def zoom(self) -> int:
        """The zoom in percent, one of :data:`ZOOM_STEPS`."""
        return self._zoom

    @property
    def high_contrast(self) -> bool:
        """Whether the high-contrast theme is on."""
        return self._high_contrast

    @property
    def color_scheme(self) -> Qt.ColorScheme:
        """The system's colour scheme as last reported."""
        return self._scheme

    # -- commands --------------------------------------------------------------------

    def set_zoom(self, percent: int) -> None:
        """Zoom to the step nearest ``percent`` and remember it."""
        step = nearest_step(percent)
        if step != self._zoom:
            self._zoom = step
            self._apply()
        self._sync_actions()
        if self._store is not None:
            self._store.save_zoom(self._zoom)

    @Slot()
    def zoom_in(self) -> None:
        """The next larger step."""
        larger = [s for s in ZOOM_STEPS if s > self._zoom]
        self.set_zoom(larger[0] if larger else self._zoom)

    @Slot()
    def zoom_out(self) -> None:
        """The next smaller step."""
        smaller = [s for s in ZOOM_STEPS if s < self._zoom]
        self.set_zoom(smaller[-1] if smaller else self._zoom)

    @Slot()
    def reset_zoom(self) -> None:
        """Back to 100 %."""
        self.set_zoom(100)

    @Slot(bool)
    def set_high_contrast(self, on: bool) -> None:
        """Switch the high-contrast theme on or off and remember it."""
        if on != self._high_contrast:
            self._high_contrast = on
            self._apply()
        self._sync_actions()
        if self._store is not None:
            self._store.save_high_contrast(on)

    @Slot(Qt.ColorScheme)
    def _on_color_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        if not self._built:
            return
        self._scheme = scheme
        if self._applied:  # a closed window leaves the application's look alone
            self._apply()

    # -- applying --------------------------------------------------------------------

    def _sync_actions(self) -> None:
        a = self._actions
        a.zoom_in.setEnabled(self._zoom < ZOOM_STEPS[-1])
        a.zoom_out.setEnabled(self._zoom > ZOOM_STEPS[0])
        a.zoom_reset.setEnabled(self._zoom != 100)
        a.zoom_reset.setText(f"&Actual size (now {self._zoom}%)")
        if a.high_contrast.isChecked() != self._high_contrast:
            blocked = a.high_contrast.blockSignals(True)
            a.high_contrast.setChecked(self._high_contrast)
            a.high_contrast.blockSignals(blocked)

    def _apply(self) -> None:
        """Put this window's zoom and theme on the application."""
        app = _app()
        self._applied = True
        if self._palette == "hc" and not self._high_contrast:
            app.setPalette(QPalette())  # the platform's again, to see whether it is dark
            self._palette = ""
        wanted = "hc" if self._high_contrast else ""
        if not wanted and self._scheme == Qt.ColorScheme.Dark:
            if self._palette == "dark" or not is_dark(app.palette()):
                wanted = "dark"  # a dark system whose Qt style stayed light
        self._use_fusion(wanted == "hc")
        if wanted != self._palette:
            palettes = {"hc": high_contrast_palette, "dark": dark_palette}
            app.setPalette(palettes[wanted]() if wanted else QPalette())
            self._palette = wanted
        font = QFont(self._normal_font)
        font.setPointSizeF(self._normal_font.pointSizeF() * self._zoom / 100)
        if app.font() != font:
            QApplication.setFont(font)
        _deliver_changes()
        zoom_dock_titles(self._window, font if self._zoom != 100 else None)
        self.style_controls(repolish=True)
        self.focus.refresh()

    def restore(self) -> None:
        """The window closes: give the application its own font, palette and style back."""
        if not self._applied:
            return
        self._applied = False
        app = _app()
        if self._palette:
            app.setPalette(QPalette())  # back to the platform's (system) palette
            self._palette = ""
        QApplication.setFont(self._normal_font)
        zoom_dock_titles(self._window, None)
        self._use_fusion(False)
        _deliver_changes()

    @Slot()
    def style_controls(self, repolish: bool = False) -> None:
        """High contrast's outlines and big targets on every control (again for new ones)."""
        hc, zoomed = self._palette == "hc", self._zoom > 100
        style_controls(self._window, high_contrast=hc, zoomed=zoomed, repolish=repolish)

    def _use_fusion(self, on: bool) -> None:
        """High contrast needs a style that honours the palette (native ones may not)."""
        if on and _app().style().name().lower() != "fusion":
            QApplication.setStyle("Fusion")
        elif not on and _app().style().name() != self._normal_style:
            QApplication.setStyle(self._normal_style)
