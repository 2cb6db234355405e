"""Event handlers run safely when their object's attributes are not (or no longer) there.

Qt calls a widget's event handlers whenever it delivers an event: already
during ``__init__`` (``setProperty``, ``setWidget``, a parent's font change),
before the Python attributes the handler uses are set. With PySide6 6.12 on
CPython 3.12 and 3.13 it also calls them on a closed window that is still
alive in C++ after the garbage collector cleared its Python attributes; a
handler that then raised turned the next zoom into a cascade of errors through
every handler and filter of the window, and a segmentation fault. Removing the
attributes an object's own code set puts it in that state on every version.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, QRect, QSize, Qt, SignalInstance
from PySide6.QtGui import (
    QCloseEvent,
    QHelpEvent,
    QHideEvent,
    QKeyEvent,
    QPaintEvent,
    QPixmap,
    QRegion,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget
from pytestqt.qtbot import QtBot

import threadcomm.gui
from tests.support.windows import close_and_check, dispose, open_window
from threadcomm.gui.self_test import FirstPaint
from threadcomm.gui.window.main_window import MainWindow

HANDLERS = (
    "changeEvent",
    "event",
    "eventFilter",
    "resizeEvent",
    "paintEvent",
    "showEvent",
    "hideEvent",
    "closeEvent",
)
CHANGES = (QEvent.Type.FontChange, QEvent.Type.PaletteChange, QEvent.Type.StyleChange)


def handler_classes() -> set[type[QObject]]:
    """Every QObject class of the GUI that overrides one of Qt's event handlers."""
    found = set()
    for info in pkgutil.walk_packages(threadcomm.gui.__path__, "threadcomm.gui."):
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if (
                isinstance(cls, type)
                and issubclass(cls, QObject)
                and cls.__module__ == module.__name__
                and any(name in vars(cls) for name in HANDLERS)
            ):
                found.add(cls)
    return found


def own_handlers(obj: QObject) -> set[str]:
    return {
        name
        for cls in type(obj).__mro__
        if cls.__module__.startswith("threadcomm")
        for name in HANDLERS
        if name in vars(cls)
    }


def events_for(obj: QWidget) -> list[QEvent]:
    """One of each event the widget's own handlers look at."""
    own = own_handlers(obj)
    events: list[QEvent] = [QEvent(kind) for kind in CHANGES]
    events.append(QResizeEvent(QSize(300, 200), QSize(200, 100)))
    if "event" in own:
        events.append(QHelpEvent(QEvent.Type.ToolTip, QPoint(60, 20), QPoint(60, 20)))
    if own & {"showEvent", "hideEvent"}:
        events += [QShowEvent(), QHideEvent()]
    if "closeEvent" in own:
        events.append(QCloseEvent())
    return events


def filtered_events() -> list[QEvent]:
    """What an event filter sees pass by."""
    key = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_Space, Qt.KeyboardModifier(0))
    events: list[QEvent] = [QEvent(kind) for kind in CHANGES]
    events += [QResizeEvent(QSize(300, 200), QSize(200, 100)), key]
    events += [QEvent(QEvent.Type.LayoutRequest), QPaintEvent(QRect(0, 0, 9, 9))]
    return events


def forget_attributes(obj: QObject) -> dict[str, object]:
    """Put ``obj`` in the state of one whose ``__init__`` has not set anything yet.

    PySide's own entries (its meta-object, bound signals) stay: Qt still uses them.
    Returns what was removed.
    """
    removed = {
        name: value
        for name, value in vars(obj).items()
        if not name.startswith("__") and not isinstance(value, SignalInstance)
    }
    for name in removed:
        delattr(obj, name)
    return removed


def paint_only(widget: QWidget) -> None:
    """Paint the widget itself (a scroll area: its viewport), through Qt's paint system."""
    if isinstance(widget, QAbstractScrollArea):
        widget = widget.viewport()
    if widget.size().isEmpty():
        return
    widget.render(QPixmap(widget.size()), QPoint(), QRegion(), QWidget.RenderFlag(0))


def test_every_event_handler_copes_with_an_object_whose_attributes_are_not_set(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    spin = window.findChild(QWidget, "consumersSpin")
    assert spin is not None
    spin.setFocus()  # a focus ring exists, so it is covered too
    tracker = window.presentation.focus
    qtbot.waitUntil(lambda: tracker.ring() is not None)
    classes = handler_classes()
    objects: list[QObject] = [window, *window.findChildren(QObject), FirstPaint(QEventLoop())]
    objects = [obj for obj in objects if type(obj) in classes]
    assert {type(obj) for obj in objects} == classes, "a handler class this test never reaches"
    presentation, table = window.presentation, window.results_table
    objects.append(presentation)  # its slot follows the system's colour scheme
    watched = QObject()  # what a filter sees pass by
    for obj in objects:  # one at a time: the rest of the window stays whole around it
        removed = forget_attributes(obj)
        try:
            if isinstance(obj, QWidget):
                for event in events_for(obj):
                    QApplication.sendEvent(obj, event)
            if "eventFilter" in own_handlers(obj):
                for event in filtered_events():
                    obj.eventFilter(watched, event)
            if isinstance(obj, QWidget):
                paint_only(obj)
            if obj is tracker:
                table.setFocus()  # the application's focusChanged reaches it
            if obj is presentation:
                presentation._on_color_scheme_changed(Qt.ColorScheme.Dark)
        finally:
            vars(obj).update(removed)


def test_a_window_opened_with_a_saved_zoom_copes_with_a_closed_one_whose_attributes_are_gone(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "threadcomm.ini"
    first = open_window(qtbot, path)
    first.presentation.set_zoom(175)
    first.actions_.high_contrast.trigger()
    first.close()  # still alive in C++ until the event loop deletes it; meanwhile the
    classes = handler_classes()  # garbage collector may clear its Python attributes
    for obj in [first, *first.findChildren(QObject)]:
        if type(obj) in classes:
            forget_attributes(obj)
    try:
        second = open_window(qtbot, path)  # the saved zoom and theme reach the old widgets too
        assert second.presentation.zoom == 175 and second.presentation.high_contrast
        second.activateWindow()
        second.data_input.edit.setFocus()  # the application's focusChanged reaches the old one
        qtbot.waitUntil(lambda: second.presentation.focus.target is second.data_input.edit)
        second.presentation.zoom_out()
        second.actions_.high_contrast.trigger()
        assert second.presentation.zoom == 150 and not second.presentation.high_contrast
        close_and_check(second)
    finally:
        dispose(first)


def test_a_zoom_step_or_a_theme_switch_gives_each_widget_a_few_changes_not_a_cascade(
    window: MainWindow,
) -> None:
    window.data_input.edit.setText("5, ten")  # an error shown: its colours follow the theme

    class CountChanges(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen: Counter[tuple[int, QEvent.Type]] = Counter()

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() in CHANGES:
                self.seen[id(watched), event.type()] += 1
            return False

    counter = CountChanges()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(counter)
    try:
        for change in (
            lambda: window.presentation.set_zoom(175),
            lambda: window.presentation.set_high_contrast(True),
            lambda: window.presentation.set_zoom(100),
            lambda: window.presentation.set_high_contrast(False),
        ):
            counter.seen.clear()
            change()
            QApplication.processEvents()
            assert counter.seen, "the change reached no widget"
            assert max(counter.seen.values()) <= 8, "a widget's change fed itself"
    finally:
        app.removeEventFilter(counter)
