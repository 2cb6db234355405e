"""Predict, then run: the question before the run, the answer and its evidence after."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QRadioButton, QWidget

from tests.support.driver import Driver
from threadcomm.gui.window.main_window import MainWindow

from .test_scenarios_in_window import choose


def panel_text(window: MainWindow) -> str:
    return window.classroom.predict.text()


def answer(window: MainWindow, number: int) -> QRadioButton:
    button = window.findChild(QRadioButton, f"predictAnswer_{number}")
    assert button is not None
    return button


def test_the_question_and_its_answers_show_before_the_run(window: MainWindow) -> None:
    choose(window, "forgot-set", 0.0)
    panel = window.findChild(QWidget, "predictPanel")
    assert panel is not None and panel.isVisible()
    text = panel_text(window)
    assert "What happens after the first item is doubled?" in text
    assert "B: The creator waits forever in evt.wait()" in text
    assert "Ask the class" in text
    assert all(answer(window, n).isEnabled() for n in range(3))
    assert "\u2714" not in text and "Only evt.set()" not in text  # nothing revealed yet


def test_a_right_prediction_is_confirmed_with_the_evidence(window: MainWindow, ui: Driver) -> None:
    choose(window, "forgot-set", 0.0)
    answer(window, 1).click()
    ui.click("startButton")
    assert not answer(window, 1).isEnabled()  # locked in while the run goes
    assert "Locked in: answer B" in panel_text(window)
    ui.wait_finished()
    text = panel_text(window)
    assert "Right! The answer is B." in text
    assert "\u2714 The creator waits forever in evt.wait()" in text
    assert "Only evt.set() wakes the creator" in text
    assert "See the timeline: the creator's lane stays in evt.wait() for item 1 (5) from" in text


def test_a_wrong_prediction_is_marked_and_the_answer_shown(window: MainWindow, ui: Driver) -> None:
    choose(window, "tutorial", 0.0)
    answer(window, 1).click()
    ui.click("startButton")
    ui.wait_finished()
    text = panel_text(window)
    assert "Not quite: the answer is A." in text
    assert "\u2718 Any order" in text and "\u2714 10, 20, 26, -2" in text
    assert "the results arrived as 10, 20, 26, -2: the data's order" in text


def test_backpressure_evidence_points_at_the_creators_blocked_puts(
    window: MainWindow, ui: Driver
) -> None:
    choose(window, "backpressure", 0.02)
    ui.click("startButton")
    ui.wait_finished()
    text = panel_text(window)
    assert "The answer is C." in text  # nobody chose
    assert "the creator's lane shows 'blocked in q.put()'" in text


def test_ask_again_and_a_new_scenario_start_over(window: MainWindow, ui: Driver) -> None:
    choose(window, "consumer-crash", 0.0)
    answer(window, 0).click()
    ui.click("startButton")
    ui.wait_finished()
    assert "Not quite: the answer is B." in panel_text(window)
    assert "See the banner: item 3 (13) failed" in panel_text(window)
    again = window.findChild(QPushButton, "predictAgainButton")
    assert again is not None and again.isVisible()
    again.click()
    assert "Ask the class" in panel_text(window)
    assert not again.isVisible()
    assert answer(window, 0).isEnabled() and not answer(window, 0).isChecked()
    choose(window, "direct-connection", 0.0)
    assert "Which thread runs the slot of a direct connection?" in panel_text(window)
