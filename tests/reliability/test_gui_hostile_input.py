"""Hostile data lists typed into the window: always a message; never a run, a crash or a hang."""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication

from tests.reliability.timing import measure
from threadcomm.core.datalist import DataListError, parse_data_list
from threadcomm.gui.run.controller import RunState
from threadcomm.gui.window.main_window import MainWindow

#: Checking even a megabyte of text must leave the window responsive (the design: linear).
CHECK_LIMIT_S = 2.0
MEGABYTE = 1 << 20

HOSTILE = {
    "100k-open-brackets": "[" * 100_000,
    "5000-digit-number": "9" * 5_000,
    "5000-digit-decimal": "0." + "1" * 5_000,
    "overflowing-exponent": "1e999999",
    "nul-bytes": "1, \x00, 2",
    "only-nul": "\x00" * 64,
    "nan": "nan",
    "inf": "-inf",
    "unterminated-single-quote": "1, 'abc",
    "unterminated-double-quote": '"abc, 1, 2',
    "megabyte-of-letters": "x" * MEGABYTE,
    "megabyte-of-separators": " ,\n" * (MEGABYTE // 3),
    "ten-billion-range": "1..10000000000",
    "range-without-end": "1..",
    "emoji": "\U0001f389, \U0001f9f5",
    "quoted-emoji": "'\U0001f389', 1",
    "rtl-text": "\u05e9\u05dc\u05d5\u05dd, \u0645\u0631\u062d\u0628\u0627",
    "rtl-override": "\u202e1, 2",
    "quoted-rtl": "'\u05e9\u05dc\u05d5\u05dd'",
    "arabic-indic-digits": "\u0661\u0662\u0663",
    "fullwidth-digits": "\uff11\uff12",
    "only-commas": "," * 1_000,
    "one-comma": ",",
    "whitespace-only": " \t\r\n " * 100,
    "empty": "",
    "nested-brackets": "[[1]]",
    "python-expression": "__import__('os').system('echo hi')",
    "hex-and-underscores": "0x10, 1_000",
    "control-characters": "1\x1b[31m, 2",
    "line-separator": "1\u20282",
}


def _check(window: MainWindow, text: str, name: str) -> None:
    """Type ``text``; the window must explain it, and start nothing, within a bound."""
    threads = set(threading.enumerate())
    started = time.monotonic()
    window.data_input.set_text(text)
    QApplication.processEvents()
    took = time.monotonic() - started
    measure(f"check {name}", took)
    assert took < CHECK_LIMIT_S, f"checking took {took:.2f} s"

    held = window.data_input.text()  # what the field holds (Qt may drop a BOM, say)
    message = window.data_input.message.text()
    try:
        expected: tuple[object, ...] | None = tuple(parse_data_list(held))
    except DataListError as exc:
        expected = None
        assert message == f"\u26a0 Problem: {exc}"
        assert window.data_input.error is not None
    else:
        count = len(expected)
        assert message == f"\u2714 {count:,} item{'' if count == 1 else 's'}"
    assert window.data_input.items == expected
    assert window.start_button.isEnabled() is (expected is not None)
    assert window.actions_.start.isEnabled() is (expected is not None)
    if expected is None:  # every way to start refuses
        window.start_button.click()
        window.actions_.start.trigger()
        assert not window.start()
        assert "Cannot start" in window.banner.text()
    assert window.controller.state is RunState.IDLE
    assert window.controller.pipeline is None
    assert set(threading.enumerate()) == threads, "typing started a thread"


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_text_is_explained_and_starts_nothing(window: MainWindow, name: str) -> None:
    _check(window, HOSTILE[name], name)
    _check(window, "5, 10, 13, -1", "the tutorial again")  # and the window recovers


def test_a_megabyte_list_is_taken_whole_or_refused_never_cut_short(window: MainWindow) -> None:
    text = ", ".join(str(n % 1000) for n in range(MEGABYTE // 4))  # ~1 MB, 262,144 items
    assert len(text) > MEGABYTE * 0.9
    window.data_input.set_text(text)
    if window.start_button.isEnabled():  # taken: then it must be the whole list
        held = window.data_input.text()
        assert len(held) == len(text), (
            f"the field holds {len(held):,} of {len(text):,} characters "
            f"and offers to run {len(window.data_input.items or ()):,} items"
        )
        assert held == text
        assert window.data_input.items == tuple(parse_data_list(text))
    else:  # refused: then it must say the list is too long
        assert "too long" in window.data_input.message.text()


def test_a_long_list_never_runs_with_a_changed_value(window: MainWindow) -> None:
    # 10 characters per item: a cut at 32,767 falls inside the last number.
    text = ", ".join(["12345678"] * 5_000)
    window.data_input.set_text(text)
    items = window.data_input.items
    assert items is None or items == tuple(parse_data_list(text)), (
        f"the field offers to run {len(items):,} items ending in {items[-1]!r}; "
        f"the person typed 5,000 items ending in 12345678"
    )


GRAMMAR_BITS = st.sampled_from(
    ["1", "-2", "+3", "4.5", ".5", "6e2", "'a b'", '"c,d"', "1..3", "3..1", ",", " ", "\n",
     "\t", "[", "]", "..", "'", '"', "\x00", "nan", "e", "+", "-", "_", "9" * 120, "\u05d0",
     "\U0001f389"]
)  # fmt: skip


def test_any_text_either_enables_start_or_says_why(window: MainWindow, soak: bool) -> None:
    # One window for every example: each example replaces the whole text.
    @settings(
        max_examples=5_000 if soak else 300,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(text=st.one_of(st.text(max_size=200), st.lists(GRAMMAR_BITS, max_size=40).map("".join)))
    def typed(text: str) -> None:
        _check(window, text, "hypothesis text")

    typed()
