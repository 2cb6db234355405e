"""A flood of results through the real window: each delivered once, in order, on the GUI thread."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from pytestqt.qtbot import QtBot

from tests.reliability.timing import measure
from tests.support.waiting import wait_until
from threadcomm.core.threads import GUI_THREAD
from threadcomm.core.trace import Status
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.window.main_window import MainWindow

RESULT = 2


def _flood(qtbot: QtBot, window: MainWindow, count: int, consumers: int, handshake: bool) -> None:
    """Type the list, set the controls and press Start, as a person would; wait for the end."""
    window.data_input.set_text(f"1..{count}")
    window.options_panel.set_values(consumers, 0, 0.0, handshake)
    started = time.monotonic()
    window.start_button.click()
    assert window.controller.state is RunState.RUNNING
    wait_until(
        lambda: window.controller.state is RunState.FINISHED, timeout_ms=90_000, qtbot=qtbot
    )
    took = time.monotonic() - started
    measure(f"flood of {count:,} results, {consumers} consumer(s)", took)
    pipeline = window.controller.pipeline
    assert pipeline is not None and pipeline.wait(2.0)
    summary = window.controller.model.summary
    assert summary is not None and summary.status is Status.COMPLETED
    assert len(summary.results) == count


def _shown_once_each(window: MainWindow, count: int) -> list[int]:
    """Check every row is an item's double, reached the GUI thread, and is in the table."""
    rows = window.controller.model.results
    assert len(rows) == count
    table = window.results_table.model()
    assert table.rowCount() == count
    assert all(row.slot_thread == GUI_THREAD for row in rows)
    assert all(row.value == row.item * 2 for row in rows)  # type: ignore[operator]
    indexes = [row.index for row in rows]
    for row in (0, count // 2, count - 1):  # what the table shows is those same rows
        assert table.index(row, RESULT).data() == str(rows[row].value)
    assert "Items: " + f"{count:,} / {count:,}" == window.status.text("items")
    return indexes


def test_100k_results_reach_the_window_once_each_in_data_order(
    qtbot: QtBot, window: MainWindow
) -> None:
    _flood(qtbot, window, 100_000, consumers=1, handshake=True)
    assert _shown_once_each(window, 100_000) == list(range(100_000))
    assert window.results_table.model().index(99_999, RESULT).data() == "200000"


def test_100k_results_from_four_consumers_reach_the_window_exactly_once(
    qtbot: QtBot, window: MainWindow
) -> None:
    _flood(qtbot, window, 100_000, consumers=4, handshake=False)
    indexes = _shown_once_each(window, 100_000)
    assert Counter(indexes) == Counter(range(100_000))


@pytest.mark.soak
def test_a_million_results_reach_the_window_once_each_in_data_order(
    qtbot: QtBot, window: MainWindow
) -> None:
    _flood(qtbot, window, 1_000_000, consumers=1, handshake=False)
    assert _shown_once_each(window, 1_000_000) == list(range(1_000_000))
