"""A bounded, compact copy of the current run's trace events, kept for the File menu's exports.

The views keep only what they draw (the timeline a bounded history, the log
its last lines), so the exports need their own record. It is columnar: about
27 bytes per event (time, thread, kind, item, value reference) instead of the
~130 of a :class:`~threadcomm.core.trace.TraceEvent` tuple, so the
:data:`MAX_EVENTS` cap costs some 14 MB at most. Recording a batch is a
transpose and a few C-level extends, nothing per event in Python.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from itertools import compress
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from threadcomm.core.trace import Kind, TraceEvent

if TYPE_CHECKING:
    from threadcomm.gui.run.model import RunModel

__all__ = ["MAX_EVENTS", "TraceRecorder", "TraceSnapshot"]

#: Most events kept per run; later ones are counted, not kept.
MAX_EVENTS = 500_000
_KINDS = tuple(Kind)
_KIND_CODE = {kind: code for code, kind in enumerate(_KINDS)}


@dataclass(frozen=True, slots=True)
class TraceSnapshot:
    """A copy of the recorded columns, safe to turn into events on another thread."""

    t_ns: array[int]
    threads: array[int]
    names: tuple[str, ...]
    kinds: array[int]
    indexes: array[int]
    values: list[object]
    details: dict[int, str]
    total: int  # events the run produced so far, kept or not

    @property
    def kept(self) -> int:
        """Events in this snapshot."""
        return len(self.t_ns)

    @property
    def truncated(self) -> bool:
        """Whether the run produced more events than were kept."""
        return self.total > self.kept

    def events(self) -> list[TraceEvent]:
        """The kept events, in the order they were applied."""
        names, kinds, details = self.names, _KINDS, self.details
        return [
            TraceEvent(t, names[th], kinds[k], ix, value, details.get(n, ""))
            for n, (t, th, k, ix, value) in enumerate(
                zip(self.t_ns, self.threads, self.kinds, self.indexes, self.values, strict=True)
            )
        ]


class TraceRecorder(QObject):
    """Records every event batch the model applies, up to ``limit`` events per run.

    Thread ownership: lives in and is touched only by the GUI thread.
    """

    def __init__(self, model: RunModel, limit: int = MAX_EVENTS) -> None:
        super().__init__(model)
        self.limit = limit
        self._clear()
        model.reset_done.connect(self._clear)
        model.events_applied.connect(self.record)
        model.events_summarised.connect(self.count)

    @Slot()
    def _clear(self) -> None:
        self._t: array[int] = array("q")
        self._threads: array[int] = array("H")
        self._kinds: array[int] = array("B")
        self._indexes: array[int] = array("q")
        self._values: list[object] = []
        self._details: dict[int, str] = {}
        self._codes: dict[str, int] = {}
        self.total = 0

    @property
    def kept(self) -> int:
        """Events recorded for this run."""
        return len(self._t)

    @Slot(object)
    def record(self, batch: list[TraceEvent]) -> None:
        """Append a batch (what was beyond the limit is only counted)."""
        self.total += len(batch)
        room = self.limit - len(self._t)
        if room <= 0 or not batch:
            return
        part = batch[:room] if len(batch) > room else batch
        t, threads, kinds, indexes, values, details = zip(*part, strict=True)
        codes = self._codes
        for name in set(threads).difference(codes):
            codes[name] = len(codes)
        base = len(self._t)
        self._t.extend(t)
        self._threads.extend(map(codes.__getitem__, threads))
        self._kinds.extend(map(_KIND_CODE.__getitem__, kinds))
        self._indexes.extend(indexes)
        self._values.extend(values)
        if any(details):
            positions = compress(range(base, base + len(part)), details)
            self._details.update(zip(positions, compress(details, details), strict=True))

    @Slot(int)
    def count(self, undrawn: int) -> None:
        """Events that went by undrawn: counted, so an export says it is not the whole run."""
        self.total += undrawn

    def snapshot(self) -> TraceSnapshot:
        """A copy of what is recorded now (cheap: array copies, no per-event work)."""
        return TraceSnapshot(
            array("q", self._t),
            array("H", self._threads),
            tuple(self._codes),
            array("B", self._kinds),
            array("q", self._indexes),
            list(self._values),
            dict(self._details),
            self.total,
        )
