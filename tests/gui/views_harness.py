"""A real run without the main window: RunController (Pipeline -> Bridge -> RunModel) -> views.

Import the ``lab`` fixture into a test module (``from tests.gui.views_harness import lab_fixture``)
and call ``lab.start(RunConfig(...))``; teardown stops the run, waits for every
thread and for the model to hear that the run finished.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QGridLayout, QWidget
from pytestqt.qtbot import QtBot

from threadcomm.assets import resource_path
from threadcomm.core.config import RunConfig
from threadcomm.core.pipeline import Pipeline
from threadcomm.gui.run.controller import RunController
from threadcomm.gui.views.code_view import CodeView
from threadcomm.gui.views.create import create_views
from threadcomm.gui.views.explanation_view import ExplanationView
from threadcomm.gui.views.queue_view import QueueView
from threadcomm.gui.views.timeline.view import TimelineView

LESSONS = sorted(Path(resource_path("lesson")).glob("*.py"))
WAIT_MS = 10_000


class Lab:
    """The GUI-thread half of a run, wired the way the main window wires it."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.controller = RunController()
        self.bridge = self.controller.bridge
        self.model = self.controller.model
        self.window = QWidget()
        self.window.resize(1280, 720)
        grid = QGridLayout(self.window)
        views = create_views(self.model, self.window)
        self.titles = [title for title, _ in views]
        self.widgets = [widget for _, widget in views]
        grid.addWidget(self.widgets[0], 0, 0, 1, 3)
        for column, widget in enumerate(self.widgets[1:]):
            grid.addWidget(widget, 1, column)
        qtbot.addWidget(self.window)
        self.window.show()
        self.pipeline: Pipeline | None = None

    @property
    def timeline(self) -> TimelineView:
        view = self.widgets[0]
        assert isinstance(view, TimelineView)
        return view

    @property
    def queue(self) -> QueueView:
        view = self.widgets[1]
        assert isinstance(view, QueueView)
        return view

    @property
    def code(self) -> CodeView:
        view = self.widgets[2]
        assert isinstance(view, CodeView)
        return view

    @property
    def explanation(self) -> ExplanationView:
        view = self.widgets[3]
        assert isinstance(view, ExplanationView)
        return view

    def start(self, config: RunConfig, lesson: str = "tutorial.py") -> Pipeline:
        """Reset the model for this run and start its threads."""
        listing = resource_path("lesson", lesson).read_text(encoding="utf-8")
        self.controller.start(config, listing=listing)
        pipeline = self.controller.pipeline
        assert pipeline is not None
        self.pipeline = pipeline
        return pipeline

    def wait_finished(self, timeout_ms: int = WAIT_MS) -> None:
        """Wait until the model has heard the end of the run."""
        self.qtbot.waitUntil(lambda: self.model.summary is not None, timeout=timeout_ms)

    def stop(self) -> None:
        """Stop the run, join its threads and let the model hear that it finished."""
        pipeline, self.pipeline = self.pipeline, None
        if pipeline is None:
            return
        self.controller.stop()
        assert pipeline.wait(5.0), "the run's threads did not end"
        self.wait_finished()
        self.controller.shutdown()


@pytest.fixture(name="lab")
def lab_fixture(qtbot: QtBot) -> Iterator[Lab]:
    """A fresh bridge, model and the four views; stopped and joined after the test."""
    harness = Lab(qtbot)
    try:
        yield harness
    finally:
        harness.stop()


#: The offscreen platform warns when a laid-out window is shown; nothing to fix in the views.
OFFSCREEN_WARNING = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
