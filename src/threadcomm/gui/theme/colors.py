"""Colours, patterns and words shared by the run views.

The colours are the Okabe-Ito palette, which stays distinguishable for the
common colour-vision deficiencies and on a washed-out projector. Colour is
never the only cue: blocked states are also hatched and labelled, markers
differ in shape, and every thread's tag carries its name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase, QPalette

from threadcomm.core.datalist import short_item
from threadcomm.core.threads import COORDINATOR, CREATOR, consumer_number, is_consumer
from threadcomm.core.trace import BLOCKED_STATES, Kind, State
from threadcomm.gui.theme.palettes import is_dark
from threadcomm.gui.views.timeline.store import MARKER_KINDS

__all__ = [
    "BANNER_KINDS",
    "DARK",
    "DIFF_MARK",
    "HATCH",
    "HIGH_CONTRAST",
    "INK",
    "LIGHT",
    "MARKER_KINDS",
    "MARKER_LABEL",
    "OKABE_ITO",
    "SLOT_MARKER",
    "STATE_COLOR",
    "STATE_LABEL",
    "STATE_SHORT",
    "STATE_TEXT_COLOR",
    "BannerColors",
    "ViewColors",
    "is_blocked",
    "is_high_contrast",
    "item_label",
    "monospace_font",
    "point_size",
    "scaled_font",
    "state_brushes",
    "thread_color",
    "view_colors",
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

#: The code view's mark on a line that differs from the corrected tutorial.
DIFF_MARK = OKABE_ITO["vermillion"]

#: Text and outlines.
INK = QColor("#1a1a1a")
#: The stripes laid over every blocked span.
HATCH = QColor(0, 0, 0, 120)

STATE_COLOR: dict[State, QColor] = {
    State.RUNNING: QColor(OKABE_ITO["green"]),
    State.WORKING: QColor("#00704f"),
    State.PACING: QColor("#c8c8c8"),
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
    state: QColor("#ffffff")
    if state in (State.BLOCKED_JOIN_THREADS, State.WORKING)
    else QColor(INK)
    for state in State
}

#: What a span says when it is wide enough (the legend uses it too).
STATE_LABEL: dict[State, str] = {
    State.RUNNING: "running",
    State.WORKING: "working on the item",
    State.PACING: "slow motion (the lab's pacing)",
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
    State.WORKING: "work",
    State.PACING: "",
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


_K = TypeVar("_K")


def _colors(table: dict[_K, str]) -> dict[_K, QColor]:
    return {key: QColor(value) for key, value in table.items()}


#: The banner's kinds of message: a problem, or something worth knowing.
BANNER_KINDS = ("error", "info")


@dataclass(frozen=True)
class BannerColors:
    """The message banner's colours for one kind of message in one theme.

    ``text`` reads at 7:1 or better on ``ground``; ``border`` stands out at 3:1
    or better from the window around it. An error is red, the rest is not.
    """

    ground: QColor
    border: QColor
    text: QColor


def _banner(ground: str, border: QColor | str, text: QColor | str) -> BannerColors:
    return BannerColors(QColor(ground), QColor(border), QColor(text))


@dataclass(frozen=True)
class ViewColors:
    """Everything the painted views draw with, for one theme (light, dark or high contrast).

    Spans keep dark text on bright fills in every theme; what changes is the
    ground they sit on, the text and lines around them, and (high contrast)
    how bright the fills and how thick the lines are.
    """

    background: QColor  # the timeline's ground
    alt_row: QColor  # every other lane
    ink: QColor  # text and outlines on the ground
    muted: QColor  # secondary text on the ground
    grid: QColor  # the time axis' grid lines
    rule: QColor  # axis and label-column rules, swatch borders
    arrow: QColor  # an item's trip
    hatch: QColor  # stripes over blocked spans
    focus: QColor  # keyboard focus rectangles
    card: QColor  # a queue slot
    card_border: QColor
    sentinel_card: QColor
    margin: QColor  # the code view's line-number column
    margin_text: QColor
    dropped: QColor  # the "older history dropped" region
    error: QColor  # warning text on the window or a table: a bad data list, a slot off the GUI
    cause: QColor  # who woke whom: the arrow from a releasing statement to the span it ended
    line: float = 1.0  # pen width factor: thicker lines in high contrast
    focus_width: int = 3
    state: dict[State, QColor] = field(default_factory=dict)
    state_text: dict[State, QColor] = field(default_factory=dict)
    marker: dict[str, QColor] = field(default_factory=dict)
    banner: dict[str, BannerColors] = field(default_factory=dict)  # by kind (BANNER_KINDS)


_MARKERS = {
    "put": OKABE_ITO["blue"],
    "get": OKABE_ITO["sky"],
    "process": OKABE_ITO["vermillion"],
    "set": OKABE_ITO["orange"],
    "task_done": "#555555",
    "sentinel_put": OKABE_ITO["purple"],
    "sentinel_get": OKABE_ITO["purple"],
    "error": "#000000",
    "deadlock": "#000000",
    "slot": OKABE_ITO["vermillion"],
}

LIGHT = ViewColors(
    background=QColor("#ffffff"), alt_row=QColor("#f2f2f2"), ink=QColor(INK),
    muted=QColor("#444444"), grid=QColor("#d0d0d0"), rule=QColor("#888888"),
    arrow=QColor("#3a3a3a"), hatch=QColor(HATCH), focus=QColor("#0072B2"),
    card=QColor("#ffffff"), card_border=QColor(INK), sentinel_card=QColor("#dddddd"),
    margin=QColor("#eeeeee"), margin_text=QColor("#555555"), dropped=QColor("#cccccc"),
    error=QColor("#a40000"), cause=QColor("#b3007d"),
    state=dict(STATE_COLOR), state_text=dict(STATE_TEXT_COLOR),
    marker=_colors(_MARKERS),
    banner={"error": _banner("#fde7e7", "#a40000", INK),
            "info": _banner("#e8f0fb", OKABE_ITO["blue"], INK)},
)  # fmt: skip

DARK = ViewColors(
    background=QColor("#1b1b1b"), alt_row=QColor("#262626"), ink=QColor("#f0f0f0"),
    muted=QColor("#cfcfcf"), grid=QColor("#3c3c3c"), rule=QColor("#9a9a9a"),
    arrow=QColor("#e6e6e6"), hatch=QColor(HATCH), focus=QColor(OKABE_ITO["sky"]),
    card=QColor("#2b2b2b"), card_border=QColor("#d8d8d8"), sentinel_card=QColor("#4a4a4a"),
    margin=QColor("#262626"), margin_text=QColor("#bdbdbd"), dropped=QColor("#555555"),
    error=QColor("#ff8a80"), cause=QColor("#ff66cc"),
    state={**STATE_COLOR, State.ENDED: QColor("#1b1b1b")}, state_text=dict(STATE_TEXT_COLOR),
    marker=_colors({**_MARKERS, "task_done": "#c0c0c0", "error": "#ffffff",
                    "deadlock": "#ffffff"}),
    banner={"error": _banner("#4a1c1c", "#ff8a80", "#f0f0f0"),
            "info": _banner("#1c3247", OKABE_ITO["sky"], "#f0f0f0")},
)  # fmt: skip

#: Saturated fills that stay apart on black; black text on every one of them.
_HC_STATES = {
    State.RUNNING: "#00e060", State.WORKING: "#b0ff70", State.PACING: "#b4b4b4",
    State.PAUSED: "#ffff00",
    State.BLOCKED_PUT: "#ff9900", State.BLOCKED_WAIT: "#ff6a6a", State.BLOCKED_GET: "#00e5ff",
    State.BLOCKED_JOIN: "#ff70ff", State.BLOCKED_JOIN_THREADS: "#80a8ff", State.ENDED: "#000000",
}  # fmt: skip

HIGH_CONTRAST = ViewColors(
    background=QColor("#000000"), alt_row=QColor("#161616"), ink=QColor("#ffffff"),
    muted=QColor("#ffff00"), grid=QColor("#6a6a6a"), rule=QColor("#ffffff"),
    arrow=QColor("#ffffff"), hatch=QColor(0, 0, 0, 200), focus=QColor("#ffff00"),
    card=QColor("#000000"), card_border=QColor("#ffffff"), sentinel_card=QColor("#3a3a3a"),
    margin=QColor("#000000"), margin_text=QColor("#ffff00"), dropped=QColor("#4a4a4a"),
    error=QColor("#ff8080"), cause=QColor("#ffff00"), line=2.0, focus_width=5,
    state=_colors(_HC_STATES),
    state_text={state: QColor("#000000") for state in State},
    marker=_colors({"put": "#80a8ff", "get": "#00e5ff", "process": "#ff6a6a",
                    "set": "#ff9900", "task_done": "#ffffff", "sentinel_put": "#ff70ff",
                    "sentinel_get": "#ff70ff", "error": "#ffffff", "deadlock": "#ffffff",
                    "slot": "#ffff00"}),
    banner={"error": _banner("#000000", "#ff8080", "#ffffff"),
            "info": _banner("#000000", "#00e5ff", "#ffffff")},
)  # fmt: skip


def is_high_contrast(palette: QPalette) -> bool:
    """Whether ``palette`` is the high-contrast one: black ground, white text, yellow highlight."""
    role = QPalette.ColorRole
    return (
        palette.color(role.Window) == QColor("#000000")
        and palette.color(role.WindowText) == QColor("#ffffff")
        and palette.color(role.Highlight) == QColor("#ffff00")
    )


def view_colors(palette: QPalette) -> ViewColors:
    """The painted views' colours for a widget palette: high contrast, dark or light."""
    if is_high_contrast(palette):
        return HIGH_CONTRAST
    return DARK if is_dark(palette) else LIGHT


def is_blocked(state: State) -> bool:
    """Whether the state is one of the blocked-in-a-call states (drawn hatched)."""
    return state in BLOCKED_STATES


def state_brushes(state: State, colors: ViewColors | None = None) -> tuple[QBrush, QBrush | None]:
    """The fill of a span and, for blocked states, the hatch laid over it."""
    colors = colors or LIGHT
    fill = QBrush(colors.state[state])
    hatch = QBrush(colors.hatch, Qt.BrushStyle.BDiagPattern) if is_blocked(state) else None
    return fill, hatch


def thread_color(name: str) -> QColor:
    """A distinct, stable colour per thread: creator orange, GUI vermillion, consumers vary."""
    if name == CREATOR:
        return QColor(OKABE_ITO["orange"])
    if name == COORDINATOR:
        return QColor(OKABE_ITO["grey"])
    if is_consumer(name):
        index = (consumer_number(name) or 1) - 1
        return QColor(OKABE_ITO[_THREAD_COLORS[index % len(_THREAD_COLORS)]])
    return QColor(OKABE_ITO["vermillion"])


def item_label(items: tuple[object, ...], index: int) -> str:
    """How the views name an item: its position (1-based) and value, as the diagnosis does."""
    if 0 <= index < len(items):
        return f"item {index + 1} ({short_item(items[index])})"
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


def monospace_font(base: QFont, factor: float = 1.05) -> QFont:
    """The fixed-pitch font the code view uses, large enough for the back of a room."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(max(6.0, point_size(base) * factor))
    return font
