"""The views docked around the main window, each an observer of the RunModel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from threadcomm.gui.views.code_view import CodeView
from threadcomm.gui.views.explanation_view import ExplanationView
from threadcomm.gui.views.queue_view import QueueView
from threadcomm.gui.views.timeline.view import TimelineView

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from threadcomm.gui.run.model import RunModel

__all__ = ["create_views"]


def create_views(model: RunModel, parent: QWidget) -> list[tuple[str, QWidget]]:
    """The run views as (dock title, widget) pairs; each widget has its object name set.

    Object names: ``timelineView``, ``queueView``, ``codeView``, ``explanationView``.
    """
    timeline, code = TimelineView(model, parent), CodeView(model, parent)
    timeline.cause_line.connect(code.show_cause_line)  # a clicked blocked span: its cause's line
    return [
        ("Timeline", timeline),
        ("Queue and Events", QueueView(model, parent)),
        ("Code", code),
        ("What is happening", ExplanationView(model, parent)),
    ]
