"""The code view: the lesson listing, with a tag per thread on the line it is executing.

The creator's tag sits on ``evt.wait()`` while the consumer's moves through
``q.get()``, the doubling, ``evt.set()`` and ``task_done()``. Which line a
trace event means comes from :mod:`threadcomm.gui.views.code_lines`; while a thread
is held by the lab's slow-motion pacing or is paused, its tag stays on its
previous line and says so, e.g. ``consumer-1 (slow motion)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt, Slot
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPen,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from threadcomm.core.listing import differing_lines
from threadcomm.core.scenarios import lesson_listing
from threadcomm.core.threads import COORDINATOR, CREATOR, GUI_THREAD, is_consumer
from threadcomm.core.trace import BLOCKED_STATES, Kind, State
from threadcomm.gui.theme.colors import (
    DIFF_MARK,
    HATCH,
    INK,
    monospace_font,
    scaled_font,
    thread_color,
    view_colors,
)
from threadcomm.gui.views.code_lines import UNMAPPED_KINDS, Listing, line_for

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent, QResizeEvent

    from threadcomm.core.trace import TraceEvent
    from threadcomm.gui.run.model import RunModel

__all__ = ["CodeView", "tag_text"]

_SCAN_LIMIT = 1_000  # events looked at, newest first, to find each thread's line


def tag_text(thread: str, state: State) -> str:
    """A thread's tag: its name, and what it is doing unless it is simply running."""
    if state in BLOCKED_STATES:
        return f"{thread} (blocked)"
    if state is State.PACING:
        return f"{thread} (slow motion)"
    if state is State.WORKING:
        return f"{thread} (working)"
    if state is State.PAUSED:
        return f"{thread} (paused)"
    return thread


def _short(thread: str) -> str:
    if is_consumer(thread):
        return "c" + thread.rpartition("-")[2]
    return thread[:2]


class _Margin(QWidget):
    """Line numbers and thread tags, left of the code."""

    _built = False  # True once __init__ ends (README: "Event handlers")

    def __init__(self, editor: _Editor) -> None:
        super().__init__(editor)
        self._editor = editor
        self._built = True

    def sizeHint(self) -> QSize:
        """As wide as the editor asks."""
        return QSize(self._editor.margin_width(), 0) if self._built else super().sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the visible rows."""
        if self._built:
            self._editor.paint_margin(self, event.rect())


class _Editor(QPlainTextEdit):
    """A read-only listing whose margin shows line numbers and thread tags."""

    _built = False  # True once __init__ ends (README: "Event handlers")

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.tags: dict[int, list[tuple[str, str]]] = {}  # line -> [(thread, tag)]
        self.code_parts: list[str] = []  # each line without its comment
        self.differs: frozenset[int] = frozenset()  # lines unlike the corrected tutorial
        self.cause_line: int | None = None  # the line of a clicked span's cause, outlined
        self._margin = _Margin(self)
        self.tag_font = QFont()
        self.apply_fonts(self.font())
        self.blockCountChanged.connect(self._update_margin)
        self.updateRequest.connect(self._on_update_request)
        self._built = True

    def apply_fonts(self, base: QFont) -> None:
        """Code in a large monospace font, tags in bold; both scale with ``base``."""
        self.setFont(monospace_font(base))
        self.tag_font = scaled_font(base, 1.2, bold=True)
        self._update_margin()
        self.resize_margin()
        self.viewport().update()

    def number_width(self) -> int:
        """Pixels for the line numbers."""
        digits = max(2, len(str(self.blockCount())))
        return 10 + self.fontMetrics().horizontalAdvance("9") * digits

    def badge_width(self) -> int:
        """Pixels for the badge column: two badges side by side."""
        return 2 * (QFontMetrics(self.tag_font).horizontalAdvance("c8") + 12) + 10

    def margin_width(self) -> int:
        """The whole margin."""
        return self.number_width() + self.badge_width()

    @Slot()
    def _update_margin(self) -> None:
        self.setViewportMargins(self.margin_width(), 0, 0, 0)

    @Slot(QRect, int)
    def _on_update_request(self, rect: QRect, dy: int) -> None:
        margin = self.__dict__.get("_margin")  # None while built, or once torn down
        if margin is None:
            return
        if dy:
            margin.scroll(0, dy)
        else:
            margin.update(0, rect.y(), margin.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the margin beside the viewport."""
        super().resizeEvent(event)
        if self._built:
            self.resize_margin()

    def set_tags(self, tags: dict[int, list[tuple[str, str]]]) -> None:
        """Show these (thread, tag) pairs, per 1-based line; highlight those lines."""
        self.tags = tags
        selections = self._diff_selections() + self._cause_selections()
        for line, pairs in tags.items():
            block = self.document().findBlockByNumber(line - 1)
            if not block.isValid():
                continue
            selection = QTextEdit.ExtraSelection()
            color = QColor(thread_color(pairs[0][0]))
            color.setAlpha(70)
            selection.format.setBackground(color)
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            cursor = QTextCursor(block)
            selection.cursor = cursor
            selections.append(selection)
        self.setExtraSelections(selections)
        lines = sorted(tags)
        workers = sorted(n for n, pairs in tags.items() if any(t != COORDINATOR for t, _ in pairs))
        # The creator's and the consumers' lines first: the main block's may scroll away.
        self.show_lines(lines if self._fits(lines) else workers)
        self._margin.update()
        self.viewport().update()

    def _rows(self) -> int:
        """Whole lines in view (a block is a little taller than the font's line spacing)."""
        return max(1, self.viewport().height() // max(1, self.fontMetrics().lineSpacing()) - 1)

    def _fits(self, lines: list[int]) -> bool:
        return not lines or lines[-1] - lines[0] < self._rows()

    def show_lines(self, lines: list[int]) -> None:
        """Scroll as little as needed so these 1-based lines (the threads' own) are in view."""
        if not lines:
            return
        bar = self.verticalScrollBar()
        first_shown = bar.value()  # a plain text edit scrolls by lines
        rows = self._rows()
        low, high = lines[0] - 1, lines[-1] - 1
        if low >= first_shown and high < first_shown + rows:
            return
        if high - low < rows:  # both ends fit: move the window just enough
            bar.setValue(low if low < first_shown else high - rows + 1)
        else:
            bar.setValue(low)

    def _diff_selections(self) -> list[QTextEdit.ExtraSelection]:
        """A light tint on every line that differs from the corrected tutorial."""
        tint = QColor(DIFF_MARK)
        tint.setAlpha(40)
        selections = []
        for line in sorted(self.differs):
            block = self.document().findBlockByNumber(line - 1)
            if block.isValid():
                selection = QTextEdit.ExtraSelection()
                selection.format.setBackground(tint)
                selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                selection.cursor = QTextCursor(block)
                selections.append(selection)
        return selections

    def _cause_selections(self) -> list[QTextEdit.ExtraSelection]:
        """The line of the statement that ended the clicked blocked span: underlined, bold."""
        line = self.cause_line
        block = self.document().findBlockByNumber(line - 1) if line is not None else None
        if block is None or not block.isValid():
            return []
        selection = QTextEdit.ExtraSelection()
        selection.format.setFontUnderline(True)
        selection.format.setFontWeight(QFont.Weight.Bold)
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selection.cursor = QTextCursor(block)
        return [selection]

    def keep_visible(self, lines: list[int], latest: int | None) -> None:
        """Scroll, only if needed, so these lines show; else at least ``latest``."""
        if not lines:
            return
        bar = self.verticalScrollBar()
        rows = max(1, int(self.viewport().height() / max(1, self.fontMetrics().lineSpacing())))
        top = bar.value() + 1
        low, high = min(lines), max(lines)
        if low >= top and high <= top + rows - 1:
            return
        if high - low < rows:
            first = low - 1 if low < top else high - rows + 2
        else:
            target = latest if latest is not None else low
            if top <= target <= top + rows - 1:
                return
            first = target - rows // 2
        bar.setValue(max(0, first - 1))

    def resize_margin(self) -> None:
        """Re-place the margin after a font change."""
        rect = self.contentsRect()
        self._margin.setGeometry(
            QRect(rect.left(), rect.top(), self.margin_width(), rect.height())
        )

    def paint_margin(self, margin: QWidget, rect: QRect) -> None:
        """Line numbers, then the tags of the threads on each visible line."""
        p = QPainter(margin)
        colors = view_colors(self.palette())
        p.fillRect(rect, colors.margin)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        number_w, badge_w = self.number_width(), self.badge_width()
        block = self.firstVisibleBlock()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        while block.isValid() and top <= rect.bottom():
            height = self.blockBoundingRect(block).height()
            line = block.blockNumber() + 1
            if block.isVisible() and top + height >= rect.top():
                p.setFont(self.font())
                p.setPen(colors.margin_text)
                p.drawText(
                    QRectF(0, top, number_w - 6, height),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    str(line),
                )
                if line in self.differs:  # a bar at the edge: this line differs
                    p.fillRect(QRectF(0, top + 1, 5, height - 2), QColor(DIFF_MARK))
                if line in self.tags:
                    self._paint_badges(p, self.tags[line], number_w + 2, top, badge_w - 6, height)
            block = block.next()
            top += height
        p.end()

    def _paint_badges(
        self,
        p: QPainter,
        pairs: list[tuple[str, str]],
        x: float,
        top: float,
        width: float,
        height: float,
    ) -> None:
        """Short coloured badges ("cr", "c1", "co"); a third thread and more show as "+N"."""
        p.setFont(self.tag_font)
        badges = [(n, _short(n)) for n, _ in pairs]
        if len(badges) > 2:
            badges = [badges[0], ("", f"+{len(badges) - 1}")]
        w = width / 2 - 2
        blocked = {n for n, tag in pairs if tag.endswith("(blocked)")}
        for n, (thread, text) in enumerate(badges):
            box = QRectF(x + n * (w + 4), top + 2, w, height - 4)
            p.setPen(INK)
            p.setBrush(thread_color(thread) if thread else QColor("#ffffff"))
            p.drawRoundedRect(box, 4, 4)
            if thread in blocked:  # hatched, as blocked spans are on the timeline
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QBrush(HATCH, Qt.BrushStyle.BDiagPattern))
                p.drawRoundedRect(box, 4, 4)
                p.setPen(INK)
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The listing, then each tagged line's tags just right of its code."""
        super().paintEvent(event)
        if not self._built or not self.tags:
            return
        p = QPainter(self.viewport())
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setFont(self.tag_font)
        metrics, code_metrics = p.fontMetrics(), self.fontMetrics()
        offset = self.contentOffset()
        margin = self.document().documentMargin()
        right = self.viewport().width() - 4
        for line, pairs in self.tags.items():
            block = self.document().findBlockByNumber(line - 1)
            if not block.isValid():
                continue
            geometry = self.blockBoundingGeometry(block).translated(offset)
            code = self.code_parts[line - 1] if line <= len(self.code_parts) else ""
            x = offset.x() + margin + code_metrics.horizontalAdvance(code.rstrip()) + 18
            shorter = [_short(thread) + tag[len(thread) :] for thread, tag in pairs]
            names = [thread for thread, _ in pairs]
            for texts in ([tag for _, tag in pairs], shorter, names, []):
                widths = [metrics.horizontalAdvance(text) + 14 for text in texts]
                if x + sum(widths) + 4 * len(widths) <= right:
                    break  # fits right of the code; else shorter tags, else only the badges
            for (thread, _), text, w in zip(pairs, texts, widths, strict=False):
                box = QRectF(x, geometry.top() + 1, w, geometry.height() - 2)
                p.setPen(QPen(INK, 1.5))
                p.setBrush(thread_color(thread))
                p.drawRoundedRect(box, 5, 5)
                p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
                x += w + 4
        p.end()


class CodeView(QWidget):
    """The lesson program with a moving tag per thread; observes one RunModel."""

    _built = False  # True once __init__ ends (README: "Event handlers")

    def __init__(self, model: RunModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeView")
        self.setAccessibleName("Code")
        self.setAccessibleDescription("The lesson program; each thread's tag marks its line.")
        self._model = model
        self.editor = _Editor(self)
        self.editor.setAccessibleName("Lesson program")
        self.setFocusProxy(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.diff_note = QLabel(self)
        self.diff_note.setObjectName("codeDiffNote")
        self.diff_note.setWordWrap(True)
        self.diff_note.hide()
        layout.addWidget(self.diff_note)
        layout.addWidget(self.editor)
        self._listing = Listing("")
        self._lines: dict[str, int] = {}  # thread -> its latest known line
        self._shown: dict[int, list[tuple[str, str]]] = {}
        model.reset_done.connect(self._on_reset_done)
        model.events_applied.connect(self._on_events_applied)
        model.updated.connect(self._on_updated)
        model.finished.connect(self._on_finished)
        self._on_reset_done()
        self._built = True

    def changeEvent(self, event: QEvent) -> None:
        """Follow the window's text size."""
        if self._built and event.type() == QEvent.Type.FontChange:
            self.editor.apply_fonts(self.font())
        super().changeEvent(event)

    # -- what it shows (tests) ------------------------------------------------------

    def marker_line(self, thread: str) -> int | None:
        """The 1-based line whose margin carries ``thread``'s tag, or None."""
        return next((ln for ln, pairs in self._shown.items() if thread in dict(pairs)), None)

    def marker_tag(self, thread: str) -> str:
        """The tag text of ``thread`` ("" when it has none)."""
        return next(
            (dict(pairs)[thread] for pairs in self._shown.values() if thread in dict(pairs)), ""
        )

    def cause_line(self) -> int | None:
        """The 1-based line marked as the cause of the clicked blocked span, or None."""
        return self.editor.cause_line

    @Slot(int)
    def show_cause_line(self, line: int) -> None:
        """Mark ``line``, the statement that ended a blocked span, and scroll it into view."""
        self.editor.cause_line = line
        self.editor.set_tags(self.editor.tags)
        self.editor.show_lines([line])

    def line_text(self, line: int) -> str:
        """The text of a 1-based line of the listing."""
        lines = self._listing.lines
        return lines[line - 1] if 0 < line <= len(lines) else ""

    # -- model slots -----------------------------------------------------------------

    @Slot()
    def _on_reset_done(self) -> None:
        text = self._model.listing or lesson_listing(None)
        if text != self._listing.text:
            self._listing = Listing(text)
            self.editor.code_parts = self._listing.code
            self.editor.setPlainText(text)
            self._show_differences(text)
            self._show_functions()
        self._lines = {}
        self._shown = {}
        self.editor.cause_line = None
        self.editor.set_tags({})

    def _show_differences(self, text: str) -> None:
        """Mark the lines that differ from the corrected tutorial, and say what the marks mean."""
        reference = lesson_listing(None)
        differs = differing_lines(text, reference) if text != reference else frozenset()
        self.editor.differs = differs
        count = len(differs)
        self.diff_note.setText(
            f"\u258e {count} line{'' if count == 1 else 's'} marked at the left differ "
            "from 1. The tutorial, corrected (missing statements mark the line where "
            "they would be)."
        )
        self.diff_note.setVisible(bool(differs))

    def differing_lines(self) -> list[int]:
        """The 1-based lines marked as different from the corrected tutorial."""
        return sorted(self.editor.differs)

    def _show_functions(self) -> None:
        """Scroll to the creator: its function and the consumer's are what the class reads."""
        first = self._listing.find(CREATOR, ("def creator",))
        self.editor.verticalScrollBar().setValue(max(0, (first or 1) - 1))

    @Slot(object)
    def _on_finished(self, summary: object) -> None:
        """Every thread has ended and left its line: back to the two functions."""
        if not self.editor.tags:
            self._show_functions()

    @Slot(object)
    def _on_events_applied(self, batch: list[TraceEvent]) -> None:
        wanted = {n for n in self._model.threads if n != GUI_THREAD}
        found: set[str] = set()
        for count, ev in enumerate(reversed(batch)):
            if ev.thread in found or (
                ev.kind in UNMAPPED_KINDS and ev.kind is not Kind.THREAD_END
            ):
                continue
            found.add(ev.thread)
            line = line_for(self._listing, ev.kind, ev.thread, ev.detail)
            if line is not None:
                self._lines[ev.thread] = line
            elif ev.kind is not Kind.ERROR:
                self._lines.pop(ev.thread, None)
            if found >= wanted or count > _SCAN_LIMIT:
                break

    @Slot()
    def _on_updated(self) -> None:
        threads = self._model.threads
        shown: dict[int, list[tuple[str, str]]] = {}
        for thread, line in self._lines.items():
            st = threads.get(thread)
            if st is None or st.state is State.ENDED:
                continue
            shown.setdefault(line, []).append((thread, tag_text(thread, st.state)))
        if shown != self._shown:
            before = {t: ln for ln, pairs in self._shown.items() for t, _ in pairs}
            moved = [ln for ln, pairs in shown.items() for t, _ in pairs if before.get(t) != ln]
            self._shown = shown
            self.editor.set_tags(shown)
            workers = [
                ln for ln, pairs in shown.items() if any(t != COORDINATOR for t, _ in pairs)
            ]
            self.editor.keep_visible(workers or list(shown), moved[-1] if moved else None)
