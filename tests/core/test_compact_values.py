"""Results kept compactly still read back exactly as they were produced."""

from __future__ import annotations

import pytest

from threadcomm.core.compact_values import Values

ODD = ["text", 2.5, True, None, 1 << 70, -(1 << 63) - 1, (1, 2)]


def test_machine_integers_and_every_other_value_read_back_unchanged() -> None:
    values = Values(3 + len(ODD))
    given = [7, -(1 << 63), (1 << 63) - 1, *ODD]
    for position, value in enumerate(given):
        values[position] = value
    read = [values[p] for p in range(len(given))]
    assert read == given
    assert [type(v) for v in read] == [type(v) for v in given]  # True stays True, not 1
    assert values.take([9, 0]) == [given[9], 7]


@pytest.mark.parametrize("batch", [[1, 2, 3], [1, "two", 3.0], [True, 2], [1 << 64, 5]])
def test_extend_keeps_order_and_types(batch: list[object]) -> None:
    values = Values()
    values.extend([10])
    values.extend(batch)
    assert [values[p] for p in range(len(values))] == [10, *batch]
    assert [type(values[p]) for p in range(len(values))] == [int, *map(type, batch)]
    copy = values.copy()
    copy.extend(["later"])
    assert len(values) == 1 + len(batch), "the copy shares nothing"
    assert values[-1] == batch[-1]


def test_a_position_past_the_end_is_an_error_not_a_silent_store() -> None:
    values = Values(2)
    with pytest.raises(IndexError):
        values[5] = "text"
    with pytest.raises(IndexError):
        values[5] = 1
