"""Colours, patterns and words shared by the run views.

The colours are the Okabe-Ito palette, which stays distinguishable for the
common colour-vision deficiencies and on a washed-out projector. Colour is
never the only cue: blocked states are also hatched and labelled, markers
differ in shape, and every thread's tag carries its name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase

from threadcomm.core.trace import BLOCKED_STATES, Kind, State
from threadcomm.gui.timeline_store import MARKER_KINDS

__all__ = [
    "HATCH",
    "INK",
    "MARKER_KINDS",
    "MARKER_LABEL",
    "OKABE_ITO",
    "SLOT_MARKER",
    "STATE_COLOR",
    "STATE_LABEL",
    "STATE_SHORT",
    "STATE_TEXT_COLOR",
    "is_blocked",
    "item_label",
    "monospace_font",
    "point_size",
    "scaled_font",
    "state_brushes",
    "thread_color",
]

#: Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}

#: Text and outlines.
INK = QColor("#1a1a1a")
#: The stripes laid over every blocked span.
HATCH = QColor(0, 0, 0, 120)

STATE_COLOR: dict[State, QColor] = {
    State.RUNNING: QColor(OKABE_ITO["green"]),
    State.SLEEPING: QColor("#c8c8c8"),
    State.PAUSED: QColor(OKABE_ITO["yellow"]),
    State.BLOCKED_PUT: QColor(OKABE_ITO["orange"]),
    State.BLOCKED_WAIT: QColor(OKABE_ITO["vermillion"]),
    State.BLOCKED_GET: QColor(OKABE_ITO["sky"]),
    State.BLOCKED_JOIN: QColor(OKABE_ITO["purple"]),
    State.BLOCKED_JOIN_THREADS: QColor(OKABE_ITO["blue"]),
    State.ENDED: QColor("#ffffff"),
}

#: Text drawn on a span of that state: black or white, whichever reads better.
STATE_TEXT_COLOR: dict[State, QColor] = {
    state: QColor("#ffffff") if state is State.BLOCKED_JOIN_THREADS else QColor(INK)
    for state in State
}

#: What a span says when it is wide enough (the legend uses it too).
STATE_LABEL: dict[State, str] = {
    State.RUNNING: "running",
    State.SLEEPING: "sleeping (delay)",
    State.PAUSED: "paused",
    State.BLOCKED_PUT: "blocked in q.put()",
    State.BLOCKED_WAIT: "blocked in evt.wait()",
    State.BLOCKED_GET: "blocked in q.get()",
    State.BLOCKED_JOIN: "blocked in q.join()",
    State.BLOCKED_JOIN_THREADS: "blocked in thread.join()",
    State.ENDED: "ended",
}

#: What a span says when only a few characters fit.
STATE_SHORT: dict[State, str] = {
    State.RUNNING: "run",
    State.SLEEPING: "sleep",
    State.PAUSED: "paused",
    State.BLOCKED_PUT: "put()",
    State.BLOCKED_WAIT: "wait()",
    State.BLOCKED_GET: "get()",
    State.BLOCKED_JOIN: "q.join()",
    State.BLOCKED_JOIN_THREADS: "join()",
    State.ENDED: "",
}


#: The "slot ran" marker on the GUI lane is not a trace kind; it has its own code.
SLOT_MARKER = "slot"

MARKER_LABEL: dict[str, str] = {
    Kind.PUT: "q.put()",
    Kind.GET: "q.get()",
    Kind.PROCESS: "result emitted",
    Kind.SET: "evt.set()",
    Kind.TASK_DONE: "task_done()",
    Kind.SENTINEL_PUT: "put None",
    Kind.SENTINEL_GET: "got None",
    Kind.ERROR: "error",
    SLOT_MARKER: "slot ran (GUI)",
}

_THREAD_COLORS = ("sky", "green", "purple", "blue", "yellow", "grey", "orange", "vermillion")


def is_blocked(state: State) -> bool:
    """Whether the state is one of the blocked-in-a-call states (drawn hatched)."""
    return state in BLOCKED_STATES


def state_brushes(state: State) -> tuple[QBrush, QBrush | None]:
    """The fill of a span and, for blocked states, the hatch laid over it."""
    fill = QBrush(STATE_COLOR[state])
    hatch = QBrush(HATCH, Qt.BrushStyle.BDiagPattern) if is_blocked(state) else None
    return fill, hatch


def thread_color(name: str) -> QColor:
    """A distinct, stable colour per thread: creator orange, GUI vermillion, consumers vary."""
    if name == "creator":
        return QColor(OKABE_ITO["orange"])
    if name == "coordinator":
        return QColor(OKABE_ITO["grey"])
    if name.startswith("consumer-"):
        number = name.rpartition("-")[2]
        index = int(number) - 1 if number.isdigit() else 0
        return QColor(OKABE_ITO[_THREAD_COLORS[index % len(_THREAD_COLORS)]])
    return QColor(OKABE_ITO["vermillion"])


def item_label(items: tuple[object, ...], index: int) -> str:
    """How the views name an item: its position (1-based) and value, as the diagnosis does."""
    if 0 <= index < len(items):
        return f"item {index + 1} ({items[index]!r})"
    return f"item {index + 1}" if index >= 0 else "no item"


def point_size(font: QFont) -> float:
    """A font's size in points, also for fonts sized in pixels."""
    size = font.pointSizeF()
    return size if size > 0 else max(1, font.pixelSize()) * 0.75


def scaled_font(base: QFont, factor: float, *, bold: bool = False) -> QFont:
    """``base`` enlarged by ``factor``: views scale with the window's text size (View > Zoom)."""
    font = QFont(base)
    font.setPointSizeF(max(6.0, point_size(base) * factor))
    font.setBold(bold)
    return font


def monospace_font(base: QFont, factor: float = 1.45) -> QFont:
    """The fixed-pitch font the code view uses, large enough for the back of a room."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(max(6.0, point_size(base) * factor))
    return font
