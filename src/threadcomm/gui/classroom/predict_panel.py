"""Predict, then run: the scenario's question before the run, the answer and its evidence after.

The panel has three moments. Before the run the class picks an answer (radio
buttons). While the run goes, the choice is locked in. When the run ends, the
right answer gets a check mark, a wrong choice a cross, and the panel says
why, and where on screen to see it. "Ask again" (or choosing another
scenario) starts over. Large text and plain words: it is read from the back
of a classroom.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from threadcomm.gui.theme.colors import scaled_font

if TYPE_CHECKING:
    from PySide6.QtGui import QMouseEvent

    from threadcomm.core.scenarios import Predict, Scenario

__all__ = ["PredictPanel", "reveal_text"]

_ASK = "Ask the class, pick their answer, then press Start."
_RIGHT, _WRONG = "\u2714 ", "\u2718 "
_LETTERS = "ABCDEFGH"


class _Answer(QWidget):
    """One answer: a radio button with its letter, and the answer's words, wrapped.

    (A QRadioButton cannot wrap its text; a long answer would be cut off.)
    Clicking the words picks the answer too.
    """

    def __init__(self, number: int, text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.words = text
        self._bold = False
        self.radio = QRadioButton(_LETTERS[number % len(_LETTERS)], self)
        self.radio.setObjectName(f"predictAnswer_{number}")
        self.radio.setAccessibleName(text)
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setBuddy(self.radio)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.radio, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)

    def mark(self, prefix: str, *, bold: bool = False) -> None:
        """Show the words after ``prefix`` (a check mark or a cross), bold for the answer."""
        self.label.setText(prefix + self.words)
        self._bold = bold
        self.apply_font(self.radio.font())

    def apply_font(self, font: QFont) -> None:
        """Use ``font`` for the letter and the words (bold words for the right answer)."""
        self.radio.setFont(font)
        words = QFont(font)
        words.setBold(self._bold)
        self.label.setFont(words)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Clicking the words picks the answer."""
        if self.radio.isEnabled():
            self.radio.click()
        super().mouseReleaseEvent(event)


def reveal_text(predict: Predict, chosen: int | None, evidence: str) -> str:
    """What the panel says once the run has ended: verdict, why, evidence, a line each."""
    answer = f"the answer is {_LETTERS[predict.correct]}"
    if chosen is None:
        verdict = answer[0].upper() + answer[1:] + "."
    elif chosen == predict.correct:
        verdict = f"Right! {answer[0].upper() + answer[1:]}."
    else:
        verdict = f"Not quite: {answer}."
    return "\n".join(part for part in (verdict, predict.why, evidence) if part)


class PredictPanel(QWidget):
    """``predictPanel``: a question, one radio button per answer, and the reveal.

    Signals
    -------
    changed()
        What the panel shows changed size: asked, locked in or revealed.
    """

    _built = False  # True once __init__ ends (README: "Event handlers")

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("predictPanel")
        self.setAccessibleName("Predict, then run")
        self.predict: Predict | None = None
        self.revealed = False
        self.question = QLabel(self)
        self.question.setObjectName("predictQuestion")
        self.question.setWordWrap(True)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.group = QButtonGroup(self)
        self.answers: list[_Answer] = []
        self.status = QLabel(self)
        self.status.setObjectName("predictStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.again = QPushButton("Ask &again", self)
        self.again.setObjectName("predictAgainButton")
        self.again.setAccessibleName("Ask again")
        self.again.setToolTip("Hide the answer and let the class choose again")
        self.again.clicked.connect(self.ask)
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(8, 6, 8, 6)
        self._column.addWidget(self.question)
        self._answers_at = 1  # the radio buttons go between the question and the status
        self._column.addWidget(self.status)
        self._column.addWidget(self.again, 0, Qt.AlignmentFlag.AlignLeft)
        self._column.addStretch(1)
        self._apply_fonts()
        self.set_scenario(None)
        self._built = True

    # -- what tests and screen readers read ------------------------------------

    def chosen(self) -> int | None:
        """The answer picked, by position, or None."""
        checked = self.group.checkedId()
        return checked if checked >= 0 else None

    def text(self) -> str:
        """Everything the panel says, as plain text."""
        answers = [f"{a.radio.text()}: {a.label.text()}" for a in self.answers]
        lines = [self.question.text(), *answers, self.status.text()]
        return "\n".join(line for line in lines if line)

    # -- the three moments --------------------------------------------------------

    @Slot(object)
    def set_scenario(self, scenario: Scenario | None) -> None:
        """Show this scenario's question, unanswered."""
        for answer in self.answers:
            self.group.removeButton(answer.radio)
            self._column.removeWidget(answer)
            answer.setParent(None)  # out of the window at once: deleteLater waits for the loop
            answer.deleteLater()
        self.answers = []
        self.predict = scenario.predict if scenario is not None else None
        if self.predict is None:
            self.question.setText("This scenario asks no question: just press Start and watch.")
        else:
            self.question.setText(self.predict.question)
            for number, words in enumerate(self.predict.answers):
                answer = _Answer(number, words, self)
                self.group.addButton(answer.radio, number)
                self._column.insertWidget(self._answers_at + number, answer)
                self.answers.append(answer)
        self._apply_fonts()
        self.ask()

    @Slot()
    def ask(self) -> None:
        """Back to the question: no answer chosen, nothing revealed."""
        self.revealed = False
        self.group.setExclusive(False)  # an exclusive group cannot uncheck its last button
        for answer in self.answers:
            answer.radio.setChecked(False)
            answer.radio.setEnabled(True)
            answer.show()
            answer.mark("")
        self.group.setExclusive(True)
        self.status.setText(_ASK if self.predict is not None else "")
        self.again.hide()
        self.changed.emit()

    @Slot()
    def lock(self) -> None:
        """The run has started: keep the choice as it is."""
        if self.predict is None:
            return
        if self.revealed:  # a new run after a reveal: ask anew, locked at once
            self.ask()
        chosen = self.chosen()
        for number, answer in enumerate(self.answers):  # the choice stays, the rest steps aside
            answer.radio.setEnabled(False)
            answer.setVisible(number == chosen)
        self.status.setText(
            f"Locked in: answer {self.answers[chosen].radio.text()}. Watch the run!"
            if chosen is not None
            else "No answer was chosen. Watch the run!"
        )
        self.changed.emit()

    def reveal(self, evidence: str) -> None:
        """The run has ended: mark the right answer, judge the choice, point at the evidence."""
        if self.predict is None:
            return
        chosen, correct = self.chosen(), self.predict.correct
        for number, answer in enumerate(self.answers):
            mark = _RIGHT if number == correct else _WRONG if number == chosen else ""
            answer.mark(mark, bold=number == correct)
            answer.radio.setEnabled(False)
            answer.setVisible(number in (correct, chosen))  # room for the why and the evidence
        self.status.setText(reveal_text(self.predict, chosen, evidence))
        self.revealed = True
        self.again.show()
        self.changed.emit()

    # -- internals ---------------------------------------------------------------

    def _apply_fonts(self) -> None:
        base = self.font()
        self.question.setFont(scaled_font(base, 1.25, bold=True))
        for answer in self.answers:
            answer.apply_font(scaled_font(base, 1.15))
        self.status.setFont(scaled_font(base, 1.05))

    def changeEvent(self, event: QEvent) -> None:
        """Follow the window's text size."""
        if self._built and event.type() == QEvent.Type.FontChange:
            self._apply_fonts()
        super().changeEvent(event)
