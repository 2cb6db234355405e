"""The results table and the log stay cheap: new rows in batches, floods summarised."""

from __future__ import annotations

import time

from PySide6.QtCore import QModelIndex, Qt, QTimer
from pytestqt.qtbot import QtBot

from threadcomm.core.trace import Kind, Result, TraceEvent
from threadcomm.gui.run.model import RunModel
from threadcomm.gui.views.log_view import MAX_APPEND, LogView
from threadcomm.gui.views.results_view import ResultsTable


def feed_results(model: RunModel, start: int, count: int) -> None:
    """Deliver results the way the bridge does: the result slot takes what is waiting."""
    waiting = [
        Result(index, index, index * 2, "consumer-1", time.monotonic_ns())
        for index in range(start, start + count)
    ]
    model.set_result_source(lambda: waiting)
    model.on_result_ready()


def test_new_results_are_inserted_as_one_batch_of_rows(qtbot: QtBot) -> None:
    model = RunModel()
    table = ResultsTable(model)
    qtbot.addWidget(table)
    view_model = table.table_model
    inserted: list[tuple[int, int]] = []
    view_model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.reset(["creator", "consumer-1", "coordinator"], tuple(range(1000)))
    feed_results(model, 0, 600)
    view_model.refresh()
    feed_results(model, 600, 400)
    view_model.refresh()
    assert inserted == [(0, 599), (600, 999)]
    assert view_model.rowCount() == 1000
    assert view_model.index(999, 2).data() == "1998"
    assert view_model.index(999, 4).data() == "GUI thread"
    assert view_model.index(5, 0, view_model.index(0, 0)) == QModelIndex()
    alignment = view_model.index(0, 2).data(Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight


def test_a_new_run_empties_the_table(qtbot: QtBot) -> None:
    model = RunModel()
    table = ResultsTable(model)
    qtbot.addWidget(table)
    model.reset(["creator"], (1, 2))
    feed_results(model, 0, 2)
    table.table_model.refresh()
    model.reset(["creator"], (1,))
    assert table.table_model.rowCount() == 0


def test_a_flood_of_log_lines_is_summarised(qtbot: QtBot) -> None:
    model = RunModel()
    log = LogView(model)
    qtbot.addWidget(log)
    model.reset(["creator", "consumer-1"], tuple(range(5000)))
    now = time.monotonic_ns()
    batch = [TraceEvent(now, "consumer-1", Kind.PROCESS, i, i * 2) for i in range(5000)]
    model.apply(batch)
    log.throttle.flush()
    lines = log.toPlainText().splitlines()
    assert lines[0] == f"... {5000 - MAX_APPEND:,} lines skipped ..."
    assert len(lines) == MAX_APPEND + 1
    assert lines[-1].endswith("9998")
    model.apply([TraceEvent(now, "creator", Kind.WAIT, 0, 0)])
    log.throttle.flush()
    assert log.toPlainText().splitlines()[-1].endswith("Waiting for data to be doubled")
    assert not [timer for timer in log.findChildren(QTimer) if timer.isActive()]


def test_a_megabyte_string_is_shown_elided_and_whole_in_its_tooltip(qtbot: QtBot) -> None:
    long = "ab" * 500_000
    model = RunModel()
    table, log = ResultsTable(model), LogView(model)
    qtbot.addWidget(table)
    qtbot.addWidget(log)
    model.reset(["creator", "consumer-1"], (long,))
    model.apply([TraceEvent(1, "consumer-1", Kind.PROCESS, 0, long * 2, "")])
    model.set_result_source(lambda: [Result(0, long, long * 2, "consumer-1", 0)])
    model.on_result_ready()
    table.table_model.refresh()
    log.refresh()
    cell = table.table_model.index(0, 2)
    shown = cell.data()
    # Laid out in a few dozen characters, whatever the value's length, saying how long it is.
    assert len(shown) < 150 and shown.endswith("(2,000,000 characters)")
    assert len(table.table_model.index(0, 1).data()) < 150
    tooltip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("abab") and tooltip.endswith("(2,000,000 characters)")
    assert max(len(line) for line in tooltip.splitlines()) <= 100
    assert len(log.toPlainText()) < 200
