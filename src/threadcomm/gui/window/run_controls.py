"""The run options: scenario, consumers, queue size, delay (spin box and slider), handshake."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSpinBox,
    QWidget,
)

from threadcomm.core.config import MAX_CONSUMERS, MAX_DELAY_S, MAX_QUEUE_SIZE
from threadcomm.core.scenarios import load_scenarios

if TYPE_CHECKING:
    from threadcomm.core.scenarios import Scenario

__all__ = ["PanelValues", "RunOptionsPanel", "ScenarioCombo"]

#: Slider positions; the slider is quadratic so the useful short delays get most of its length.
_SLIDER_STEPS = 200
_DELAY_STEP = 0.05


class PanelValues(NamedTuple):
    """What the run options panel shows."""

    consumers: int
    maxsize: int
    delay: float
    handshake: bool


def delay_to_slider(delay: float) -> int:
    """The slider position that shows ``delay`` seconds."""
    return round(_SLIDER_STEPS * math.sqrt(max(0.0, min(delay, MAX_DELAY_S)) / MAX_DELAY_S))


def slider_to_delay(position: int) -> float:
    """The delay, rounded to the spin box's step, at a slider position."""
    raw = MAX_DELAY_S * (position / _SLIDER_STEPS) ** 2
    return round(round(raw / _DELAY_STEP) * _DELAY_STEP, 2)


class ScenarioCombo(QComboBox):
    """``scenarioCombo``: every scenario that loaded; ``problems`` lists the files that did not.

    Signals
    -------
    scenario_chosen(Scenario)
        The person picked a scenario, or :meth:`choose` did it for them
        (not emitted by :meth:`select`).
    """

    scenario_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scenarioCombo")
        self.setAccessibleName("Scenario")
        policy = QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        self.setSizeAdjustPolicy(policy)
        self.setMinimumContentsLength(16)  # long titles are elided, not widening the window
        self.setPlaceholderText("Your own data and settings")  # shown when none is chosen
        self.scenarios: list[Scenario] = []
        self.problems: list[str] = []
        try:
            self.scenarios, self.problems = load_scenarios()
        except Exception as exc:  # a broken install must still open the window
            self.problems = [f"the scenarios could not be loaded: {exc}"]
        for scenario in self.scenarios:
            if scenario.unavailable:  # listed, so the class knows it exists, but not startable
                self.addItem(f"{scenario.title} (needs Python 3.13)", scenario.name)
                self.setItemData(
                    self.count() - 1, scenario.unavailable, Qt.ItemDataRole.ToolTipRole
                )
                item = self.model().item(self.count() - 1)  # type: ignore[attr-defined]
                item.setEnabled(False)
                continue
            self.addItem(scenario.title, scenario.name)
            self.setItemData(self.count() - 1, scenario.explanation, Qt.ItemDataRole.ToolTipRole)
        self.activated.connect(self._on_activated)

    def current(self) -> Scenario | None:
        """The selected scenario, or None if none loaded."""
        index = self.currentIndex()
        return self.scenarios[index] if 0 <= index < len(self.scenarios) else None

    def select(self, name: str) -> Scenario | None:
        """Select the scenario called ``name`` if there is one this Python can run; return it."""
        index = self.findData(name)
        if index >= 0 and not self.scenarios[index].unavailable:
            self.setCurrentIndex(index)
            return self.scenarios[index]
        return None

    def choose(self, name: str) -> Scenario | None:
        """Choose ``name`` the way a person's click does: select it and emit ``activated``.

        Every listener hears the choice (the data, the run options, the code view, the
        predict question). Returns the scenario, or None if there is none of that name.
        """
        scenario = self.select(name)
        if scenario is not None:
            self.activated.emit(self.currentIndex())
        return scenario

    @Slot(int)
    def _on_activated(self, index: int) -> None:
        if 0 <= index < len(self.scenarios):
            self.scenario_chosen.emit(self.scenarios[index])


class RunOptionsPanel(QWidget):
    """Delay (spin box and slider), consumers, queue size and handshake, on one row.

    Signals
    -------
    delay_changed(float)
        The delay changed (seconds); the controller applies it to a running pipeline.
    """

    delay_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.consumers = QSpinBox(self)
        self.consumers.setObjectName("consumersSpin")
        self.consumers.setAccessibleName("Consumers")
        self.consumers.setRange(1, MAX_CONSUMERS)
        self.consumers.setToolTip("How many consumer threads take items off the queue")
        self.maxsize = QSpinBox(self)
        self.maxsize.setObjectName("maxsizeSpin")
        self.maxsize.setAccessibleName("Queue size")
        self.maxsize.setRange(0, MAX_QUEUE_SIZE)
        self.maxsize.setSpecialValueText("unbounded")
        self.maxsize.setToolTip("Queue(maxsize): 0 means unbounded, as in the tutorial")
        self.delay = QDoubleSpinBox(self)
        self.delay.setObjectName("delaySpin")
        self.delay.setAccessibleName("Delay in seconds")
        self.delay.setRange(0.0, MAX_DELAY_S)
        self.delay.setSingleStep(_DELAY_STEP)
        self.delay.setDecimals(3)  # --delay 0.002 must not become 0 here
        self.delay.setSuffix(" s")
        self.delay.setToolTip("Pause before each line, so you can follow along")
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("delaySlider")
        self.slider.setRange(0, _SLIDER_STEPS)
        self.slider.setAccessibleName("Delay")
        self.slider.setMinimumWidth(120)
        self.handshake = QCheckBox("Creator &waits on each Event", self)
        self.handshake.setObjectName("handshakeCheck")
        self.handshake.setAccessibleName("Creator waits on each Event")
        self.handshake.setToolTip("The tutorial's evt.wait(): one item in flight at a time")

        # One row across the window's full width: every row of controls is height the
        # code and the timeline below them do not get.
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for text, widget in (
            ("De&lay:", self.delay),
            ("&Consumers:", self.consumers),
            ("&Queue size:", self.maxsize),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget)
            if widget is self.delay:
                row.addWidget(self.slider, 1)
            row.addSpacing(12)
        row.addWidget(self.handshake)

        self.delay.valueChanged.connect(self._on_delay_spin)
        self.slider.valueChanged.connect(self._on_slider)

    def values(self) -> PanelValues:
        """The run options shown: (consumers, maxsize, delay, handshake)."""
        return PanelValues(
            consumers=self.consumers.value(),
            maxsize=self.maxsize.value(),
            delay=self.delay.value(),
            handshake=self.handshake.isChecked(),
        )

    def set_values(self, consumers: int, maxsize: int, delay: float, handshake: bool) -> None:
        """Show these run options."""
        self.consumers.setValue(consumers)
        self.maxsize.setValue(maxsize)
        self.delay.setValue(delay)
        self.handshake.setChecked(handshake)
        self._on_delay_spin(self.delay.value())

    def set_locked(self, locked: bool) -> None:
        """During a run only the delay may change."""
        for widget in (self.consumers, self.maxsize, self.handshake):
            widget.setEnabled(not locked)

    @Slot(float)
    def _on_delay_spin(self, value: float) -> None:
        if slider_to_delay(self.slider.value()) != round(value, 2):  # not while it drags
            blocked = self.slider.blockSignals(True)
            self.slider.setValue(delay_to_slider(value))
            self.slider.blockSignals(blocked)
        self.delay_changed.emit(value)

    @Slot(int)
    def _on_slider(self, position: int) -> None:
        self.delay.setValue(slider_to_delay(position))  # emits delay_changed via the spin box
