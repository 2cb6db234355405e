"""A real run without the main window: Pipeline -> Bridge -> RunModel -> the four views.

The run goes through the window's own :class:`~threadcomm.gui.run.controller.RunController`
(which wires the bridge to the model) and the views come from the window's own
:func:`~threadcomm.gui.views.create.create_views`, so the harness wires nothing itself.
Tests take the ``lab`` fixture (tests/gui/conftest.py) and call
``lab.start(RunConfig(...))``; teardown stops the run, waits for every thread and
for the model to hear that the run finished, and only then closes the views.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtWidgets import QGridLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.support.waiting import WAIT_MS, wait_until
from threadcomm.assets import resource_path
from threadcomm.core.config import RunConfig
from threadcomm.core.pipeline import Pipeline
from threadcomm.core.scenarios import lesson_listing
from threadcomm.core.trace import TraceEvent
from threadcomm.gui.run.controller import RunController
from threadcomm.gui.run.model import RunModel
from threadcomm.gui.views.code_view import CodeView
from threadcomm.gui.views.create import create_views
from threadcomm.gui.views.explanation_view import ExplanationView
from threadcomm.gui.views.queue_view import QueueView
from threadcomm.gui.views.timeline.view import TimelineView

LESSONS = sorted(Path(resource_path("lesson")).glob("*.py"))
#: The tutorial's data list.
TUTORIAL = (5, 10, 13, -1)

_View = TypeVar("_View", bound=QWidget)


def model_after(events: list[TraceEvent], maxsize: int = 0) -> RunModel:
    """A model of one creator and one consumer that has applied ``events`` (no threads)."""
    model = RunModel()
    model.reset(["creator", "consumer-1", "coordinator"], items=TUTORIAL, maxsize=maxsize)
    model.apply(events)
    return model


class Lab:
    """The GUI-thread half of a run: the window's controller and views, in a plain widget."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.window = QWidget()
        self.window.resize(1280, 720)
        self.controller = RunController(self.window)
        grid = QGridLayout(self.window)
        views = create_views(self.controller.model, self.window)
        self.titles = [title for title, _ in views]
        self.widgets = [widget for _, widget in views]
        grid.addWidget(self.widgets[0], 0, 0, 1, 3)
        for column, widget in enumerate(self.widgets[1:]):
            grid.addWidget(widget, 1, column)
        self.window.show()

    @property
    def model(self) -> RunModel:
        """The run model every view observes."""
        return self.controller.model

    def _view(self, kind: type[_View]) -> _View:
        return next(widget for widget in self.widgets if isinstance(widget, kind))

    @property
    def timeline(self) -> TimelineView:
        return self._view(TimelineView)

    @property
    def queue(self) -> QueueView:
        return self._view(QueueView)

    @property
    def code(self) -> CodeView:
        return self._view(CodeView)

    @property
    def explanation(self) -> ExplanationView:
        return self._view(ExplanationView)

    def start(self, config: RunConfig) -> Pipeline:
        """Start a run of ``config`` showing the tutorial's program, as the window does."""
        self.controller.start(config, listing=lesson_listing(None))
        pipeline = self.controller.pipeline
        assert pipeline is not None
        return pipeline

    def wait_finished(self, timeout_ms: int = WAIT_MS) -> None:
        """Wait until the model has heard the end of the run."""
        wait_until(
            lambda: self.model.summary is not None,
            timeout_ms=timeout_ms,
            what="the end of the run",
            qtbot=self.qtbot,
        )

    def stop(self) -> None:
        """Stop the run, join its threads and let the model hear that it finished."""
        pipeline = self.controller.pipeline
        if pipeline is None:
            return
        self.controller.stop()
        assert pipeline.wait(5.0), "the run's threads did not end"
        wait_until(
            lambda: not self.controller.active,
            what="the controller to hear the end",
            qtbot=self.qtbot,
        )
        self.controller.shutdown()

    def close(self) -> None:
        """Stop the run, then close and delete the views with their controller."""
        self.stop()
        self.window.close()
        self.window.deleteLater()


#: The offscreen platform warns when a laid-out window is shown; nothing to fix in the views.
OFFSCREEN_WARNING = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
