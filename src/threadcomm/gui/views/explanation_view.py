"""The explanation: one short paragraph, in plain words, on what the threads are doing now.

:func:`explain` computes it from the model alone (easy to test); the view
shows it large and word-wrapped, and changes it only when the words change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from threadcomm.core.threads import COORDINATOR, CREATOR, GUI_THREAD, is_consumer
from threadcomm.core.trace import Kind, State, Status
from threadcomm.core.wording import joined, plural
from threadcomm.gui.classroom.scenario_modes import mode_note
from threadcomm.gui.theme.colors import item_label, scaled_font

if TYPE_CHECKING:
    from threadcomm.core.trace import Summary
    from threadcomm.gui.run.model import RunModel, ThreadState

__all__ = ["ExplanationView", "explain"]

MAX_SENTENCES = 3


def explain(model: RunModel) -> str:
    """The paragraph for the model's current state.

    What the GUI thread itself went through (blocked in q.join(), or a slot run
    on a worker thread) comes first: it is the point of those scenarios.
    """
    note, state = mode_note(model), _explain_state(model)
    return f"{note} {state}" if note else state


def _explain_state(model: RunModel) -> str:
    if model.deadlock:
        return _deadlock(model.deadlock)
    if model.summary is not None:
        return _finished(model, model.summary)
    threads = {n: t for n, t in model.threads.items() if n != GUI_THREAD}
    if not threads:
        return "No run yet. Type a data list and press Start to run the threads."
    if model.event_count == 0:
        return "Ready: press Start and watch the creator hand each item to the consumer."
    sentences = _running(model, threads)
    if not sentences:
        sentences = ["The threads are running."]
    return " ".join(sentences[:MAX_SENTENCES])


def _running(model: RunModel, threads: dict[str, ThreadState]) -> list[str]:

    def label(index: int) -> str:
        return item_label(model.items, index)

    consumers = [n for n in threads if is_consumer(n)]
    out: list[str] = []
    live = [t for t in threads.values() if t.state is not State.ENDED]
    if live and any(t.state is State.PAUSED for t in live):
        out.append(
            "The run is paused: each thread stops before its next statement "
            "until you press Step or Resume."
        )
    creator = threads.get(CREATOR)
    if creator is not None and creator.state is State.BLOCKED_WAIT:
        item = label(creator.index)
        if model.event_flags.get(creator.index):
            out.append(f"The Event of {item} is set, so the creator wakes up from evt.wait().")
        else:
            who = "the consumer" if len(consumers) == 1 else "a consumer"
            out.append(
                f"The creator is waiting for the Event of {item}. "
                f"Only {who} can set it, once the item is doubled."
            )
    elif creator is not None and creator.state is State.BLOCKED_PUT:
        out.append(
            f"The queue is full ({model.queue_size} of {model.maxsize}): the creator is "
            "blocked in q.put() until a consumer takes an item."
        )
    empty = [n for n in consumers if threads[n].state is State.BLOCKED_GET]
    if empty:
        verb = "is" if len(empty) == 1 else "are"
        out.append(f"{joined(empty)} {verb} blocked in q.get(): the queue is empty.")
    for name in consumers:
        st = threads[name]
        if st.state is not State.RUNNING or st.index < 0:
            continue
        item = label(st.index)
        if st.kind is Kind.GET:
            out.append(f"{name} took {item} off the queue.")
        elif st.kind is Kind.PROCESS:
            out.append(
                f"{name} doubled {item}; the result travels to the GUI thread as a queued signal."
            )
        elif st.kind is Kind.SET:
            out.append(f"{name} called evt.set() for {item}, which wakes the creator.")
        elif st.kind is Kind.TASK_DONE:
            out.append(f"{name} called task_done() for {item}.")
    coordinator = threads.get(COORDINATOR)
    if coordinator is not None and coordinator.state is State.BLOCKED_JOIN:
        n = model.unfinished_tasks
        out.append(
            f"q.join() is waiting for {plural(n, 'unfinished task')}."
            if n
            else "q.join() returns: every task is done."
        )
    elif coordinator is not None and coordinator.state is State.BLOCKED_JOIN_THREADS:
        creator_alive = creator is not None and creator.state is not State.ENDED
        whom = "the creator" if creator_alive else "the consumers"
        out.append(
            f"The coordinator (the program's main thread) waits in thread.join() "
            f"for {whom} to finish."
        )
    if not out and live and all(t.state is State.PACING for t in live):
        out.append(
            "The threads are pacing: the lab's slow motion holds each statement back so you "
            "can watch."
        )
    return out


def _deadlock(diagnosis: str, *, hang: bool = False) -> str:
    """The watchdog's diagnosis as one paragraph: the workers first, the coordinator last."""
    default = "Hang: a thread can never end." if hang else "Deadlock: no thread can move."
    lines = [line.strip() for line in diagnosis.splitlines() if line.strip()]
    if not lines:
        return default
    if lines[0].startswith(("Deadlock", "Hang")):
        head, rest = lines[0], lines[1:]
    elif len(lines) == 1:  # one paragraph of its own (a lesson scenario's diagnosis)
        return lines[0]
    else:
        head, rest = default, lines
    rest.sort(key=lambda line: line.startswith(COORDINATOR))
    return " ".join([head, *rest])


def _finished(model: RunModel, summary: Summary) -> str:
    done = len(summary.results)
    if summary.status is Status.COMPLETED:
        off_gui = model.results.off_gui
        where = (
            "every result reached the GUI thread through a queued signal"
            if not off_gui
            else f"{off_gui} results ran their slot on a worker thread"
        )
        took = f"{summary.elapsed_s:.2f} s"
        done_words = f"Done: all {summary.items:,} items were doubled in {took}, and {where}."
        return f"{done_words} {summary.diagnosis}" if summary.extra.get("mistake") else done_words
    if summary.status is Status.STOPPED:
        return f"Stopped after {done:,} of {summary.items:,} items were doubled."
    if summary.status in (Status.DEADLOCK, Status.HANG):
        return _deadlock(summary.diagnosis, hang=summary.status is Status.HANG)
    return f"The run failed after {done:,} of {summary.items:,} items: {summary.diagnosis}"


class ExplanationView(QWidget):
    """One paragraph, large and word-wrapped, following the run."""

    _built = False  # True once __init__ ends (README: "Event handlers")

    def __init__(self, model: RunModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("explanationView")
        self.setAccessibleName("Explanation")
        self._model = model
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setFont(scaled_font(self.font(), 1.8))
        self.label.setMargin(10)
        scroll = QScrollArea(self)
        scroll.setWidget(self.label)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setAccessibleName("Explanation")
        self.setFocusProxy(scroll)  # Tab reaches the view; the arrows scroll it
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        model.reset_done.connect(self._on_updated)
        model.updated.connect(self._on_updated)
        self._on_updated()
        self._built = True

    def changeEvent(self, event: QEvent) -> None:
        """Follow the window's text size."""
        if self._built and event.type() == QEvent.Type.FontChange:
            self.label.setFont(scaled_font(self.font(), 1.8))
        super().changeEvent(event)

    def text(self) -> str:
        """The paragraph shown now."""
        return self.label.text()

    @Slot()
    def _on_updated(self) -> None:
        text = explain(self._model)
        if text != self.label.text():
            self.label.setText(text)
            self.setAccessibleDescription(text)
