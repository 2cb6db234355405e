"""The results table: one row per result of the current run, in the order they arrived.

The table model reads the RunModel's result list and announces only the rows
added since its last refresh (one ``beginInsertRows`` per batch, at most every
:data:`REFRESH_MS`), so a run of 100,000 items costs the window a few inserts
per second, never a reset.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from threadcomm.core.config import MAX_CONSUMERS
from threadcomm.core.datalist import SHOWN_CHARS, short_item
from threadcomm.core.threads import GUI_THREAD, consumer_name
from threadcomm.gui.run.results import FailedItem
from threadcomm.gui.theme.colors import LIGHT, view_colors
from threadcomm.gui.views.throttle import Throttle

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from threadcomm.gui.run.model import RunModel
    from threadcomm.gui.run.results import ResultRow

__all__ = ["COLUMNS", "REFRESH_MS", "ResultsTable", "ResultsTableModel"]

#: (header, tooltip) per column.
COLUMNS = (
    ("#", "The item's position in the data list"),
    ("Item", "The value the creator put on the queue"),
    ("Result", "item * 2, as the consumer computed it"),
    ("Computed by", "The consumer thread that doubled the item"),
    ("Slot ran on", "The thread on which the result_ready slot ran"),
    ("Latency (ms)", "From the consumer's emit to the slot running"),
)
#: Shortest time between two row inserts: smooth to the eye, cheap during a flood.
REFRESH_MS = 40
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
#: A cell's tooltip shows this much of a long value, in lines of this width.
_PREVIEW_CHARS, _PREVIEW_WIDTH = 1_000, 100
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ALIGN = (_RIGHT, _RIGHT, _RIGHT, _LEFT, _LEFT, _RIGHT)
_SLOT_COLUMN = 4
Index = QModelIndex | QPersistentModelIndex


def value_preview(value: object) -> str | None:
    """A long string's tooltip: its first characters in short lines, and its length.

    None for a value the cell already shows whole.
    """
    if not isinstance(value, str) or len(value) <= SHOWN_CHARS:
        return None
    head = value[:_PREVIEW_CHARS]
    lines = [head[i : i + _PREVIEW_WIDTH] for i in range(0, len(head), _PREVIEW_WIDTH)]
    more = "\u2026 " if len(value) > _PREVIEW_CHARS else ""
    return "\n".join(lines) + f"\n{more}({len(value):,} characters)"


def _cell(row: ResultRow, column: int) -> str:
    if column == 0:
        return str(row.index + 1)
    if column == 1:
        return short_item(row.item)
    failed = isinstance(row.value, FailedItem)
    if column == 2:
        return f"failed: {row.value}" if failed else short_item(row.value)
    if column == 3:
        return row.thread
    if failed:  # no result, so no slot and no latency
        return "\u2014"
    if column == 4:
        return row.slot_thread
    return f"{row.latency_ms:.2f}"


class TableRows:
    """The rows the table shows: every result, and each failed item where its report came.

    ``failures`` holds (results received before it, row); there are few, so a
    row is found by walking them.
    """

    def __init__(
        self, results: Sequence[ResultRow], failures: list[tuple[int, ResultRow]]
    ) -> None:
        self._results = results
        self._failures = failures

    def __len__(self) -> int:
        return len(self._results) + len(self._failures)

    def __getitem__(self, row: int) -> ResultRow:
        before = 0  # failures shown above this row
        for number, (position, failed) in enumerate(self._failures):
            if row == position + number:
                return failed
            if row < position + number:
                break
            before = number + 1
        return self._results[row - before]


class ResultsTableModel(QAbstractTableModel):
    """A read-only view of ``RunModel.results``; call :meth:`refresh` to show new rows."""

    def __init__(self, model: RunModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._rows = TableRows(model.results, model.failures)
        self._failures_shown = 0  # failed items whose row the view has heard of
        self._shown = 0
        self._wrong_thread = QBrush(LIGHT.error)  # the view sets its theme's (set_warning_color)
        self.throttle = Throttle(REFRESH_MS, self.refresh, self)
        model.reset_done.connect(self._on_reset)
        model.updated.connect(self.throttle.poke)
        model.finished.connect(self.throttle.flush)

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """The index of a cell (one Python call instead of rowCount plus columnCount)."""
        if parent.isValid() or not (0 <= row < self._shown and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Rows shown so far (none under a valid parent: this is a flat table)."""
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """The six columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        """Text, alignment and (for a slot off the GUI thread) a warning colour."""
        # Called for every role of every visible cell on each repaint: keep it lean.
        if role == _DISPLAY:
            return _cell(self._rows[index.row()], index.column())
        if role == _ALIGNMENT:
            return _ALIGN[index.column()]
        if role == _TOOLTIP and index.column() in (1, 2):
            row = self._rows[index.row()]
            return value_preview(row.item if index.column() == 1 else row.value)
        if role == _FOREGROUND and index.column() == _SLOT_COLUMN:
            slot_thread = self._rows[index.row()].slot_thread
            return None if slot_thread in (GUI_THREAD, "") else self._wrong_thread
        return None

    def multiData(self, index: Index, roles: QModelRoleDataSpan | QModelRoleData) -> None:
        """Every role of one cell in one call: what the view asks for when it paints."""
        row = self._rows[index.row()]
        column = index.column()
        span = [roles] if isinstance(roles, QModelRoleData) else roles
        for role_data in cast("Iterable[QModelRoleData]", span):
            role = role_data.role()
            if role == _DISPLAY:
                role_data.setData(_cell(row, column))
            elif role == _ALIGNMENT:
                role_data.setData(_ALIGN[column])
            elif (
                role == _FOREGROUND
                and column == _SLOT_COLUMN
                and row.slot_thread
                not in (
                    GUI_THREAD,
                    "",
                )
            ):
                role_data.setData(self._wrong_thread)
            else:
                role_data.clearData()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles and their tooltips."""
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section][0]
            if role == Qt.ItemDataRole.ToolTipRole:
                return COLUMNS[section][1]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _ALIGN[section]
        return None

    def set_warning_color(self, color: QColor) -> None:
        """The text colour of a slot that ran off the GUI thread (the theme's ``error``)."""
        if color == self._wrong_thread.color():
            return
        self._wrong_thread = QBrush(color)
        if self._shown:
            first, last = self.index(0, _SLOT_COLUMN), self.index(self._shown - 1, _SLOT_COLUMN)
            self.dataChanged.emit(first, last, [_FOREGROUND])

    def row(self, number: int) -> ResultRow:
        """The result shown in row ``number``."""
        return self._rows[number]

    @Slot()
    def refresh(self) -> int:
        """Show the results that arrived since the last refresh; return how many."""
        failures = self._model.failures
        # A failed item whose report came after later results: its row goes in between.
        while self._failures_shown < len(failures):
            position, _ = failures[self._failures_shown]
            at = position + self._failures_shown
            self._failures_shown += 1
            if at < self._shown:
                self.beginInsertRows(QModelIndex(), at, at)
                self._shown += 1
                self.endInsertRows()
        total = len(self._rows)
        added = total - self._shown
        if added > 0:
            self.beginInsertRows(QModelIndex(), self._shown, total - 1)
            self._shown = total
            self.endInsertRows()
        return added

    @Slot()
    def _on_reset(self) -> None:
        self.throttle.cancel()
        self.beginResetModel()
        self._rows = TableRows(self._model.results, self._model.failures)
        self._shown = 0
        self._failures_shown = 0
        self.endResetModel()


class ResultsTable(QTableView):
    """``resultsTable``: follows the newest row while the person has not scrolled away."""

    _built = False  # True once __init__ ends (README: "Event handlers")

    def __init__(self, model: RunModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsTable")
        self.setAccessibleName("Results")
        self.table_model = ResultsTableModel(model, self)
        self.table_model.set_warning_color(view_colors(self.palette()).error)
        self.setModel(self.table_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        self.size_columns()
        self.table_model.rowsAboutToBeInserted.connect(self._on_rows_about_to_be_inserted)
        self.table_model.rowsInserted.connect(self._on_rows_inserted)
        self._follow = True
        self._built = True

    def size_columns(self) -> None:
        """Fit rows and columns to the font and typical contents, without scanning rows."""
        metrics = self.fontMetrics()
        self.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
        widest = consumer_name(MAX_CONSUMERS)
        samples = ("100000", "-1000000", "-2000000", widest, GUI_THREAD, "Latency (ms)")
        for column, sample in enumerate(samples):
            title = COLUMNS[column][0]
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title))
            self.setColumnWidth(column, width + 28)

    def changeEvent(self, event: QEvent) -> None:
        """Re-fit rows and columns when the text size changes; re-colour with the theme."""
        super().changeEvent(event)
        if not self._built:
            return
        if event.type() == QEvent.Type.FontChange:
            self.size_columns()
        elif event.type() == QEvent.Type.PaletteChange:
            self.table_model.set_warning_color(view_colors(self.palette()).error)

    @Slot()
    def _on_rows_about_to_be_inserted(self) -> None:
        bar = self.verticalScrollBar()
        self._follow = bar.value() >= bar.maximum() - 2

    @Slot()
    def _on_rows_inserted(self) -> None:
        if self._follow:
            self.scrollToBottom()
