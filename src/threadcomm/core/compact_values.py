"""A column of values by position: machine integers unboxed, anything else beside them.

A million results of a list of numbers are a million ``int`` objects of 32
bytes each, kept alive by every list that refers to them. Here an integer
that fits in 64 bits is stored in an ``array('q')`` (8 bytes, no object) and
any other value (a text, a float, a huge integer, ``True``) in a dictionary
by its position, returned exactly as it was given. Pure Python; never imports Qt.
"""

from __future__ import annotations

from array import array
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["Values"]


class Values:
    """Values by position, compact when they are machine integers.

    Thread ownership: each position is written once, by any thread (an
    assignment is atomic under the GIL); :meth:`extend` is the caller's to
    lock if several threads append.
    """

    __slots__ = ("_ints", "_others")

    def __init__(self, size: int = 0) -> None:
        self._ints = array("q", [0]) * size
        self._others: dict[int, object] = {}  # positions whose value is not a machine int

    def __len__(self) -> int:
        return len(self._ints)

    def __getitem__(self, position: int) -> object:
        if position < 0:
            position += len(self._ints)
        others = self._others
        if others and position in others:
            return others[position]
        return self._ints[position]

    def __setitem__(self, position: int, value: object) -> None:
        if type(value) is int:  # not a bool: True must stay True
            try:
                self._ints[position] = value
            except OverflowError:
                pass
            else:
                return
        if position < 0 or position >= len(self._ints):
            raise IndexError("value position out of range")
        self._others[position] = value

    def extend(self, values: list[object]) -> None:
        """Append ``values`` in order."""
        ints = self._ints
        start = len(ints)
        if set(map(type, values)) <= {int}:
            try:
                ints.extend(values)  # type: ignore[arg-type]  # every one an int
            except OverflowError:
                del ints[start:]
            else:
                return
        ints.extend(array("q", [0]) * len(values))
        for offset, value in enumerate(values):
            self[start + offset] = value

    def take(self, positions: Iterable[int]) -> list[object]:
        """The values at ``positions``, in their order."""
        if not self._others:
            return list(map(self._ints.__getitem__, positions))
        return [self[position] for position in positions]

    def copy(self) -> Values:
        """An independent copy."""
        other = Values()
        other._ints = array("q", self._ints)
        other._others = dict(self._others)
        return other
