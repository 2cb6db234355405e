"""The window's parts meet at narrow seams: what each one may import, and the end of a run.

A plug-in (classroom, exports, help, presentation) gets what it uses, never the
whole window; the timeline canvas tells its view about scrolling by a signal;
only the run controller holds the live pipeline. And when the window hears
that a run ended, every view already shows all of it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import QObject, Slot

import threadcomm
from tests.support.driver import Driver
from threadcomm.core.trace import Summary
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.window.main_window import MainWindow

GUI = Path(threadcomm.__file__).parent / "gui"


def _module(path: Path) -> str:
    parts = path.relative_to(GUI.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def importers_of(*targets: str) -> set[str]:
    """The modules under gui/ that import any of ``targets``, type-only imports included."""
    found = set()
    for path in GUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
                names += [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            if any(name in targets for name in names):
                found.add(_module(path))
    return found


def test_only_the_app_and_the_self_test_import_the_main_window() -> None:
    assert importers_of("threadcomm.gui.window.main_window") == {
        "threadcomm.gui",
        "threadcomm.gui.app",
        "threadcomm.gui.self_test",
        "threadcomm.gui.self_test_exercise",  # the self-test's --exercise (type hints)
    }


def test_the_timeline_canvas_does_not_import_its_view() -> None:
    assert "threadcomm.gui.views.timeline.canvas" not in importers_of(
        "threadcomm.gui.views.timeline.view"
    )


def test_only_the_run_controller_reaches_the_live_pipeline() -> None:
    assert importers_of("threadcomm.core.pipeline", "threadcomm.core.scheduler") <= {
        "threadcomm.gui.run.controller",
        "threadcomm.gui.run.queue_join",
    }


class EndWitness(QObject):
    """Notes what the window shows at the moment the controller announces the end."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.seen: dict[str, object] = {}
        window.controller.run_ended.connect(self._on_run_ended)

    @Slot(object)
    def _on_run_ended(self, summary: Summary) -> None:
        window = self.window
        self.seen = {
            "state": window.controller.state,
            "summary": window.controller.model.summary,
            "rows": window.results_table.table_model.rowCount(),
            "log": window.log_view.toPlainText(),
            "undrained": window.controller.bridge.pending,
        }


def test_when_the_run_ends_every_view_already_shows_all_of_it(
    window: MainWindow, ui: Driver
) -> None:
    witness = EndWitness(window)
    window.options_panel.set_values(consumers=1, maxsize=0, delay=0.05, handshake=True)
    ui.click("startButton")
    ui.wait_finished()
    ui.wait_for(lambda: witness.seen)
    seen = witness.seen
    assert seen["state"] is RunState.FINISHED
    assert isinstance(seen["summary"], Summary)
    assert seen["undrained"] == 0
    assert seen["rows"] == len(window.controller.model.results) == 4
    assert seen["log"] == window.log_view.toPlainText()
    assert "consumer-1" in str(seen["log"])


def test_without_a_run_the_controller_steps_nothing_and_says_why(window: MainWindow) -> None:
    controller = window.controller
    assert controller.why_not_steppable("creator") == "no run is going: start one and press Pause"
    assert controller.at_rest()
    assert controller.auto_step(seed=1) is None
    assert controller.auto_choices == []
    assert controller.join_queue(5.0) == 0.0  # no run: the GUI thread does not wait
