"""You are the scheduler: while a run is paused, choose which thread runs its next line.

One button per worker thread ("Step creator", "Step consumer-1", ...), each
enabled only while :meth:`RunController.why_not_steppable
<threadcomm.gui.run.controller.RunController.why_not_steppable>` has no
objection; under it, in plain words, why not (a thread blocked in
``evt.wait()`` waits for a consumer's ``evt.set()``, and so on). The Step
button of the toolbar still steps "whichever thread is next".

Auto hands the choice to the controller's :meth:`auto_step
<threadcomm.gui.run.controller.RunController.auto_step>` (a
:class:`~threadcomm.core.scheduler.SeededScheduler`): a GUI timer ticks it
every :data:`AUTO_INTERVAL_MS` while the run is paused, slowly enough for a
class to follow. While Auto is on, Start begins the run paused, so the seed
alone decides the interleaving and the same seed replays it. The timers run
only while they have something to do (a paused run); none is left running
otherwise. The panel never holds the pipeline: everything it knows of the
live threads comes from the controller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from threadcomm.core.threads import COORDINATOR, GUI_THREAD
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.theme.colors import scaled_font

if TYPE_CHECKING:
    from threadcomm.gui.run.controller import RunController

__all__ = ["AUTO_INTERVAL_MS", "SchedulerPanel"]

#: Auto mode's pace: one step every quarter second, so a class can follow.
AUTO_INTERVAL_MS = 250
#: After a step, how soon to look again while the stepped thread is still on its way.
RECHECK_MS = 40
_SHOWN_CHOICES = 5
_READY = "ready: may run its next line"
#: Lines of text kept free under each Step button for the reason it can or cannot run.
REASON_LINES = 3
_READY_AUTO = "ready: the seed may choose it"


class _WrappingRow(QLayout):
    """Widgets side by side, wrapping onto a new line when the panel is too narrow for them.

    Its minimum width is its widest widget's, so the row never widens the
    classroom column: the step buttons alone decide how wide it must be.
    """

    def __init__(self, spacing: int = 6) -> None:
        super().__init__()
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._lay_out(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._lay_out(rect, move=True)

    def sizeHint(self) -> QSize:
        sizes = [item.sizeHint() for item in self._items]
        width = sum(s.width() for s in sizes) + self.spacing() * max(0, len(sizes) - 1)
        return QSize(width, max((s.height() for s in sizes), default=0))

    def minimumSize(self) -> QSize:
        size = QSize(0, 0)
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _lay_out(self, rect: QRect, *, move: bool) -> int:
        """Fill lines left to right, each item centred on its line's height; the total height."""
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = rect.x()
        for item in self._items:
            size = item.sizeHint().boundedTo(QSize(rect.width(), item.maximumSize().height()))
            if lines[-1] and x + size.width() > rect.x() + rect.width():
                lines.append([])
                x = rect.x()
            lines[-1].append((item, size))
            x += size.width() + self.spacing()
        y = rect.y()
        for line in lines:
            height = max((size.height() for _, size in line), default=0)
            x = rect.x()
            for item, size in line:
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - size.height()) // 2), size))
                x += size.width() + self.spacing()
            y += height + self.spacing()
        return max(0, y - self.spacing() - rect.y())


class SchedulerPanel(QWidget):
    """``schedulerPanel``: per-thread Step buttons, a seed and the Auto toggle."""

    _built = False  # True once __init__ ends (README: "Event handlers")

    def __init__(self, controller: RunController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schedulerPanel")
        self.setAccessibleName("Scheduler")
        self._controller = controller
        self.buttons: dict[str, QPushButton] = {}
        self.reasons: dict[str, QLabel] = {}
        self.hint = QLabel(self)
        self.hint.setObjectName("schedulerHint")
        self.hint.setWordWrap(True)
        seed_field = QWidget(self)  # the caption stays beside its field
        self.seed = QSpinBox(seed_field)
        self.seed.setObjectName("seedSpin")
        self.seed.setRange(0, 999_999)
        self.seed.setAccessibleName("Seed")
        self.seed.setToolTip("The same seed replays the same interleaving")
        self.auto = QPushButton("&Auto", self)
        self.auto.setObjectName("autoStepButton")
        self.auto.setAccessibleName("Auto step")
        self.auto.setCheckable(True)
        self.auto.setToolTip("Let the seed choose a thread every quarter second while paused")
        self.choices = QLabel(self)
        self.choices.setObjectName("schedulerChoices")
        self.choices.setWordWrap(True)
        seed_caption = QLabel("S&eed:", seed_field)
        seed_caption.setBuddy(self.seed)
        seed_row = QHBoxLayout(seed_field)
        seed_row.setContentsMargins(0, 0, 0, 0)
        seed_row.addWidget(seed_caption)
        seed_row.addWidget(self.seed)
        auto_row = _WrappingRow()  # Auto goes under the seed when the column is narrow
        auto_row.addWidget(seed_field)
        auto_row.addWidget(self.auto)
        self._grid = QGridLayout()
        self._grid.setVerticalSpacing(2)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 6, 8, 6)
        column.addWidget(self.hint)
        column.addWidget(self.choices)  # on top: Auto's choices are what the class follows
        column.addLayout(self._grid)
        column.addLayout(auto_row)
        column.addStretch(1)
        self.auto_timer = QTimer(self)
        self.auto_timer.setInterval(AUTO_INTERVAL_MS)
        self.auto_timer.timeout.connect(self._on_auto_tick)
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(RECHECK_MS)
        self._recheck.timeout.connect(self.refresh)
        self.auto.toggled.connect(self._on_auto_toggled)
        self.seed.valueChanged.connect(self._on_seed_changed)
        controller.model.reset_done.connect(self._on_reset_done)
        controller.model.updated.connect(self.refresh)
        controller.state_changed.connect(self._on_state_changed)
        self._apply_fonts()
        self._on_reset_done()
        self._built = True

    @property
    def chosen(self) -> list[str]:
        """The threads Auto has chosen in this run, in order."""
        return self._controller.auto_choices

    # -- building the rows ---------------------------------------------------

    @Slot()
    def _on_reset_done(self) -> None:
        """A new run: one row per worker thread of it."""
        for widget in (*self.buttons.values(), *self.reasons.values()):
            self._grid.removeWidget(widget)
            widget.deleteLater()
        self.buttons, self.reasons = {}, {}
        self.choices.clear()
        names = self._controller.model.threads
        for row, name in enumerate(n for n in names if n not in (COORDINATOR, GUI_THREAD)):
            button = QPushButton(f"Step {name}", self)
            button.setObjectName(f"stepThread_{name}")
            button.setAccessibleName(f"Step {name}")
            button.setEnabled(False)
            button.clicked.connect(self._on_step_clicked)
            reason = QLabel(self)
            reason.setObjectName(f"stepReason_{name}")
            reason.setWordWrap(True)
            reason.setTextFormat(Qt.TextFormat.PlainText)
            # The reason goes under its button, the panel's full width: it is a sentence.
            self._grid.addWidget(button, 2 * row, 0, Qt.AlignmentFlag.AlignLeft)
            self._grid.addWidget(reason, 2 * row + 1, 0)
            self.buttons[name], self.reasons[name] = button, reason
        self._apply_fonts()
        self.refresh()

    # -- refreshing ------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Enable each thread's button only if it can be stepped; say why not otherwise."""
        controller = self._controller
        paused = controller.state is RunState.PAUSED
        self.hint.setText(self._hint(controller.state))
        self.hint.setVisible(not paused or self.auto.isChecked())  # the buttons say it all
        self.choices.setVisible(bool(self.choices.text()))
        if not paused:
            for name, button in self.buttons.items():
                if button.isEnabled() or self.reasons[name].text():  # cheap when nothing changes
                    button.setEnabled(False)
                    button.setToolTip("")
                    self.reasons[name].setText("")
            return
        auto = self.auto.isChecked()
        for name, button in self.buttons.items():
            reason = controller.why_not_steppable(name)
            button.setEnabled(reason is None and not auto)
            words = reason or (_READY_AUTO if auto else _READY)
            button.setToolTip(words)
            if self.reasons[name].text() != words:
                self.reasons[name].setText(words)
        if not controller.at_rest():  # a stepped thread is still on its way: look again soon
            self._recheck.start()

    def _hint(self, state: RunState) -> str:
        if not self.buttons:
            return "Start a run, then press Pause: you choose which thread runs next."
        if state is RunState.PAUSED:
            if self.auto.isChecked():
                return f"Auto: seed {self.seed.value()} chooses the next thread."
            return "Pick who runs next."
        if state is RunState.RUNNING:
            return "Press Pause, then step the threads one by one."
        return "Start a run, then press Pause: you choose which thread runs next."

    # -- commands ------------------------------------------------------------------

    @Slot()
    def _on_step_clicked(self) -> None:
        button = self.sender()
        name = next((n for n, b in self.buttons.items() if b is button), None)
        controller = self._controller
        if name is None or controller.state is not RunState.PAUSED:
            return
        if controller.why_not_steppable(name) is None:
            controller.step_thread(name)
            for other in self.buttons.values():  # one step at a time
                other.setEnabled(False)
            self._recheck.start()

    @Slot(bool)
    def _on_auto_toggled(self, on: bool) -> None:
        self._controller.start_paused = on
        self._update_auto_timer()
        self.refresh()

    @Slot(int)
    def _on_seed_changed(self, seed: int) -> None:
        self._controller.restart_auto()  # the next tick starts the new seed's sequence
        self.hint.setText(self._hint(self._controller.state))

    @Slot(str)
    def _on_state_changed(self, state: str) -> None:
        self._update_auto_timer()
        if state != RunState.PAUSED:
            self._recheck.stop()
        self.refresh()

    def _update_auto_timer(self) -> None:
        if self.auto.isChecked() and self._controller.state is RunState.PAUSED:
            if not self.auto_timer.isActive():
                self.auto_timer.start()
        else:
            self.auto_timer.stop()

    @Slot()
    def _on_auto_tick(self) -> None:
        controller = self._controller
        if controller.state is not RunState.PAUSED:
            self.auto_timer.stop()
            return
        seed = self.seed.value()
        if controller.auto_step(seed) is not None:
            choices = controller.auto_choices
            more = "\u2026, " if len(choices) > _SHOWN_CHOICES else ""
            recent = ", ".join(choices[-_SHOWN_CHOICES:])
            self.choices.setText(f"Seed {seed} chose, step {len(choices)}: {more}{recent}")
            self.choices.show()

    # -- fonts -----------------------------------------------------------------------

    def _apply_fonts(self) -> None:
        base = self.font()
        self.hint.setFont(scaled_font(base, 1.1))
        for button in self.buttons.values():
            button.setFont(scaled_font(base, 1.1))
        # Each reason keeps room for three lines, empty or not: a reason that grows or
        # wraps never moves the Step buttons below it, so repeated clicks land.
        lines = REASON_LINES * QFontMetrics(base).lineSpacing()
        for reason in self.reasons.values():
            reason.setMinimumHeight(lines)

    def changeEvent(self, event: QEvent) -> None:
        """Follow the window's text size."""
        if self._built and event.type() == QEvent.Type.FontChange:
            self._apply_fonts()
        super().changeEvent(event)
