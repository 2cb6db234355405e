"""File menu exports: trace for Perfetto, log, results CSV, window and timeline pictures.

No dialog opens: each test replaces ``window.exports.ask_save_path``.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.support.driver import Driver
from threadcomm.core.threads import GUI_THREAD
from threadcomm.core.trace import Kind, TraceEvent
from threadcomm.gui.export.writers import (
    RESULT_COLUMNS,
    describe_error,
    read_results_csv,
    result_rows,
    write_log,
    write_png,
    write_results_csv,
    write_trace,
)
from threadcomm.gui.run.model import RunModel
from threadcomm.gui.run.trace_recorder import TraceRecorder
from threadcomm.gui.window.main_window import MainWindow

TUTORIAL = "5, 10, 13, -1"


def finished_run(window: MainWindow, ui: Driver, data: str = TUTORIAL) -> None:
    window.data_input.set_text(data)
    window.options_panel.set_values(consumers=2, maxsize=0, delay=0.0, handshake=True)
    ui.click("startButton")
    ui.wait_finished()
    items = len(window.data_input.items or ())
    ui.wait_for(lambda: len(window.controller.model.results) == items)


def export(window: MainWindow, ui: Driver, action: str, path: Path | str) -> str:
    """Trigger File > ``action`` with ``path`` chosen; return the message the banner shows."""
    asked: list[str] = []

    def choose(title: str, name: str, filters: str) -> str:
        asked.append(name)
        return str(path)

    window.exports.ask_save_path = choose
    getattr(window.actions_, action).trigger()
    assert asked, "the exporter never asked where to save"
    ui.wait_for(lambda: not window.exports.busy)
    assert window.exports.wait()
    return window.banner.text()


# -- through the window --------------------------------------------------------------------


def test_results_csv_reads_back_as_the_rows_of_the_table(
    window: MainWindow, ui: Driver, tmp_path: Path
) -> None:
    finished_run(window, ui, '5, 10, "a,b", 2.5')
    path = tmp_path / "results.csv"
    message = export(window, ui, "export_results", path)
    assert f"Saved the results (4 rows) to {path}." in message
    rows = read_results_csv(path)
    assert rows == result_rows(window.controller.model.results)
    assert sorted(row[2] for row in rows) == sorted(["10", "20", "'a,ba,b'", "5.0"])
    assert {row[4] for row in rows} == {GUI_THREAD}
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(RESULT_COLUMNS)


def test_trace_opens_as_chrome_trace_json_with_the_gui_deliveries(
    window: MainWindow, ui: Driver, tmp_path: Path
) -> None:
    finished_run(window, ui)
    path = tmp_path / "run.json"
    message = export(window, ui, "export_trace", path)
    assert "ui.perfetto.dev" in message
    trace = json.loads(path.read_text(encoding="utf-8"))
    recorder = window.exports.recorder
    assert trace["otherData"]["events"] == recorder.kept == recorder.total
    assert trace["otherData"]["deliveries"] == 4
    names = {e.get("args", {}).get("name") for e in trace["traceEvents"] if e["ph"] == "M"}
    assert {"creator", "consumer-1", GUI_THREAD} <= names


def test_log_holds_the_tutorial_lines(window: MainWindow, ui: Driver, tmp_path: Path) -> None:
    finished_run(window, ui)
    path = tmp_path / "run.txt"
    export(window, ui, "export_log", path)
    text = path.read_text(encoding="utf-8")
    assert "Creating data and putting it on the queue" in text
    assert text.count("data found to be processed") == 4


def test_window_and_timeline_pictures(window: MainWindow, ui: Driver, tmp_path: Path) -> None:
    finished_run(window, ui)
    export(window, ui, "export_window", tmp_path / "window.png")
    picture = QImage(str(tmp_path / "window.png"))
    assert (picture.width(), picture.height()) == (window.width(), window.height())
    export(window, ui, "export_timeline", tmp_path / "timeline")  # the suffix is added
    timeline = QImage(str(tmp_path / "timeline.png"))
    assert not timeline.isNull() and timeline.width() > 300


def test_a_cancelled_dialog_writes_nothing(window: MainWindow, ui: Driver, tmp_path: Path) -> None:
    finished_run(window, ui)
    window.exports.ask_save_path = lambda *args: ""
    window.actions_.export_results.trigger()
    assert not window.exports.busy and window.exports.last_outcome is None
    assert list(tmp_path.glob("*.csv")) == []


def test_nothing_to_export_before_a_run(window: MainWindow, tmp_path: Path) -> None:
    window.exports.ask_save_path = lambda *args: str(tmp_path / "x")
    for action, words in (("export_trace", "no trace"), ("export_results", "no results")):
        getattr(window.actions_, action).trigger()
        assert words in window.banner.text()
    assert not (tmp_path / "x").exists()


def test_a_missing_folder_is_reported_in_words(
    window: MainWindow, ui: Driver, tmp_path: Path
) -> None:
    finished_run(window, ui)
    path = tmp_path / "no such folder" / "results.csv"
    message = export(window, ui, "export_results", path)
    assert message == f"Could not save {path}: that folder does not exist. Nothing was written."
    assert window.exports.last_outcome is not None and not window.exports.last_outcome.ok
    assert "Traceback" not in message


def unwritable_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    if not os.access(folder, os.W_OK):
        return folder
    if sys.platform.startswith("linux"):
        return Path("/sys")  # root ignores permissions, but sysfs refuses new files
    pytest.skip("running as an administrator: no folder refuses to be written to")


def test_a_read_only_folder_is_reported_and_leaves_nothing(
    window: MainWindow, ui: Driver, tmp_path: Path
) -> None:
    finished_run(window, ui)
    folder = unwritable_folder(tmp_path)
    try:
        path = folder / "threadcomm-results.csv"
        message = export(window, ui, "export_results", path)
        assert message.startswith(f"Could not save {path}: ")
        assert "permission denied" in message or "read-only" in message
        assert not path.exists()
    finally:
        (tmp_path / "read-only").chmod(0o700)


def test_a_full_disk_is_reported(
    window: MainWindow, ui: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    finished_run(window, ui)

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("threadcomm.gui.export.writers.os.fsync", disk_full)
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "results.csv"
    message = export(window, ui, "export_results", path)
    assert message == f"Could not save {path}: the disk is full. Nothing was written."
    assert list(folder.iterdir()) == [], "no partial or temporary file is left"


def test_a_name_without_suffix_never_replaces_the_suffixed_file(
    window: MainWindow, ui: Driver, tmp_path: Path
) -> None:
    finished_run(window, ui)
    (tmp_path / "mine.csv").write_text("keep me", encoding="utf-8")
    message = export(window, ui, "export_results", tmp_path / "mine")
    assert "already exists" in message
    assert (tmp_path / "mine.csv").read_text(encoding="utf-8") == "keep me"


# -- the writers ---------------------------------------------------------------------------


def test_every_writer_refuses_to_overwrite_unless_told(
    window: MainWindow, ui: Driver, tmp_path: Path
) -> None:
    finished_run(window, ui)
    snapshot = window.exports.recorder.snapshot()
    results = window.controller.model.results
    writers = {
        "a.csv": lambda p, o: write_results_csv(p, results, overwrite=o),
        "a.json": lambda p, o: write_trace(p, snapshot, results, overwrite=o),
        "a.txt": lambda p, o: write_log(p, snapshot, overwrite=o),
        "a.png": lambda p, o: write_png(p, window.grab().toImage(), overwrite=o),
    }
    for name, write in writers.items():
        path = tmp_path / name
        path.write_text("precious", encoding="utf-8")
        with pytest.raises(FileExistsError):
            write(path, False)
        assert path.read_text(encoding="utf-8") == "precious"
        write(path, True)
        assert path.read_bytes() != b"precious"


def test_describe_error_names_the_file_in_plain_words() -> None:
    denied = PermissionError(errno.EACCES, "Permission denied", "/x/.tmp")
    assert describe_error(denied, "/x/r.csv") == (
        "Could not save /x/r.csv: permission denied (choose a folder you may write to). "
        "Nothing was written."
    )
    assert "already exists" in describe_error(FileExistsError(), "/x/r.csv")


def test_the_recorder_keeps_every_event_compactly_and_says_when_it_stopped(
    qtbot: object, tmp_path: Path
) -> None:
    model = RunModel()
    recorder = TraceRecorder(model, limit=5)
    events = [
        TraceEvent(10, "creator", Kind.PUT, 0, 5),
        TraceEvent(11, "consumer-1", Kind.GET, 0, 5),
        TraceEvent(12, "consumer-1", Kind.ERROR, 0, 5, "boom"),
        TraceEvent(13, "coordinator", Kind.DEADLOCK, -1, None, "stuck"),
    ]
    model.apply(events)
    assert recorder.snapshot().events() == events
    model.apply(events)
    snapshot = recorder.snapshot()
    assert (snapshot.kept, snapshot.total, snapshot.truncated) == (5, 8, True)
    assert snapshot.events() == [*events, events[0]]
    write_trace(tmp_path / "t.json", snapshot, [], overwrite=False)
    trace = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    process = next(e for e in trace["traceEvents"] if e.get("name") == "process_name")
    assert "truncated: Only the first 5 of 8 events were kept." in process["args"]["name"]
    write_log(tmp_path / "t.txt", snapshot, overwrite=False)
    last = (tmp_path / "t.txt").read_text(encoding="utf-8").splitlines()[-1]
    assert last == "(truncated: Only the first 5 of 8 events were kept.)"
    model.reset(["creator"], items=())
    assert recorder.kept == 0 and recorder.total == 0
