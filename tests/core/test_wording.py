"""Counts and names read as sentences, the same way in every view."""

from __future__ import annotations

from threadcomm.core.wording import joined, plural


def test_a_count_of_one_is_singular_and_large_counts_are_grouped() -> None:
    assert plural(1, "item") == "1 item"
    assert plural(0, "item") == "0 items"
    assert plural(12_345, "unfinished task") == "12,345 unfinished tasks"


def test_names_are_listed_as_a_sentence_lists_them() -> None:
    assert joined(["consumer-1"]) == "consumer-1"
    assert joined(["consumer-1", "consumer-2"]) == "consumer-1 and consumer-2"
    assert joined(["a", "b", "c"]) == "a, b and c"
