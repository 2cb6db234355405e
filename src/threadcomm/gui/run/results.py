"""The results of the current run as the result slot received them, kept in columns.

Qt-free: :class:`~threadcomm.gui.run.model.RunModel` owns one
:class:`ResultStore` per run; the results view, the explanation, the
timeline's slot markers and the CSV export read it.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

from threadcomm.core.compact_values import Values

if TYPE_CHECKING:
    from threadcomm.core.trace import Result

__all__ = ["FailedItem", "ResultRow", "ResultStore"]


class FailedItem(str):
    """The value shown for an item whose processing failed: why, in words."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One result as it arrived in a slot."""

    index: int
    item: object
    value: object
    thread: str  # the consumer that computed it
    slot_thread: str  # where the slot ran: GUI_THREAD, or a worker's name
    emitted_ns: int
    delivered_ns: int

    @property
    def latency_ms(self) -> float:
        """Milliseconds from the consumer's emit to the slot."""
        return (self.delivered_ns - self.emitted_ns) / 1e6


class ResultStore(Sequence[ResultRow]):
    """The results of the current run as delivered, kept in columns.

    ``gui_thread`` is how the GUI thread is named: rows whose slot ran on any
    other thread are counted in :attr:`off_gui`.

    A million ResultRow objects would take about 200 MB; the columns take about
    30 bytes a row (an int32 and two int64 arrays, two one-byte thread codes and
    the values, machine integers unboxed), and a row is built when it is read.

    Thread ownership: written by the result slot, which runs on the GUI thread,
    or on consumer threads under a direct connection, hence the lock; read by
    the GUI thread. The index column grows last, so a reader never sees half a
    row.
    """

    def __init__(self, items: Sequence[object] = (), *, gui_thread: str) -> None:
        self._items = items
        self._gui_thread = gui_thread
        self._lock = threading.Lock()
        self._index = array("i")
        self._emitted = array("q")
        self._delivered = array("q")
        self._value = Values()
        self._names: list[str] = []  # thread names, by code
        self._thread = array("B")  # code of the consumer that computed the result
        self._slot_thread = array("B")  # code of the thread the slot ran on
        self.off_gui = 0  # rows whose slot ran on a worker thread

    def _code(self, name: str) -> int:
        if name not in self._names:
            self._names.append(name)
        return self._names.index(name)

    def record(self, results: Sequence[Result], slot_thread: str, delivered_ns: int) -> None:
        """Add results delivered at ``delivered_ns`` to a slot running on ``slot_thread``."""
        with self._lock:
            code = self._code
            self._emitted.extend([r.emitted_ns for r in results])
            self._delivered.extend([delivered_ns] * len(results))
            self._value.extend([r.value for r in results])
            self._thread.extend([code(r.thread) for r in results])
            self._slot_thread.extend([code(slot_thread)] * len(results))
            if slot_thread != self._gui_thread:
                self.off_gui += len(results)
            self._index.extend([r.index for r in results])

    def __len__(self) -> int:
        return len(self._index)

    def copy(self) -> ResultStore:
        """A copy of the rows so far, made fast (columns, not rows): for another thread to read."""
        other = ResultStore(self._items, gui_thread=self._gui_thread)
        with self._lock:
            other._index, other._emitted = array("i", self._index), array("q", self._emitted)
            other._delivered, other._value = array("q", self._delivered), self._value.copy()
            other._names = list(self._names)
            other._thread, other._slot_thread = (
                array("B", self._thread),
                array("B", self._slot_thread),
            )
            other.off_gui = self.off_gui
        return other

    def emitted_before(self, t_ns: int) -> int:
        """How many rows there are before the first of the newest ones emitted after ``t_ns``.

        Rows arrive about in the order they were emitted, so the newest rows are
        looked at, from the end, until one was emitted before ``t_ns``.
        """
        with self._lock:
            position = len(self._index)
            while position and self._emitted[position - 1] > t_ns:
                position -= 1
        return position

    def deliveries(self, start: int = 0) -> list[tuple[int, int, str]]:
        """(item index, delivered_ns, slot thread) of the rows from ``start`` on.

        Read from the columns, without building a row: the timeline marks every slot.
        """
        with self._lock:
            index = self._index[start:]
            delivered = self._delivered[start : start + len(index)]
            slot_codes = self._slot_thread[start : start + len(index)]
        return list(zip(index, delivered, map(self._names.__getitem__, slot_codes), strict=True))

    @overload
    def __getitem__(self, position: int) -> ResultRow: ...
    @overload
    def __getitem__(self, position: slice) -> list[ResultRow]: ...
    def __getitem__(self, position: int | slice) -> ResultRow | list[ResultRow]:
        if isinstance(position, slice):
            return [self._row(i) for i in range(*position.indices(len(self)))]
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError("result row out of range")
        return self._row(position)

    def _row(self, i: int) -> ResultRow:
        index, names = self._index[i], self._names
        return ResultRow(
            index,
            self._items[index] if index < len(self._items) else None,
            self._value[i],
            names[self._thread[i]],
            names[self._slot_thread[i]],
            self._emitted[i],
            self._delivered[i],
        )
