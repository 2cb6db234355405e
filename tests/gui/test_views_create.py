"""create_views: the four docked views, named for tests and screen readers."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from threadcomm.gui.run.model import RunModel
from threadcomm.gui.views.code_view import CodeView
from threadcomm.gui.views.create import create_views
from threadcomm.gui.views.explanation_view import ExplanationView


def test_create_views_returns_four_named_widgets(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    views = create_views(RunModel(), parent)
    names = [widget.objectName() for _, widget in views]
    assert names == ["timelineView", "queueView", "codeView", "explanationView"]
    for title, widget in views:
        assert title
        assert widget.accessibleName()
        assert widget.parent() is parent


def test_the_views_follow_the_windows_text_size(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    views = {w.objectName(): w for _, w in create_views(RunModel(), parent)}
    explanation, code = views["explanationView"], views["codeView"]
    assert isinstance(explanation, ExplanationView) and isinstance(code, CodeView)
    before = (explanation.label.font().pointSizeF(), code.editor.font().pointSizeF())
    font = parent.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    parent.setFont(font)
    after = (explanation.label.font().pointSizeF(), code.editor.font().pointSizeF())
    assert after[0] > before[0] * 1.8 and after[1] > before[1] * 1.8
