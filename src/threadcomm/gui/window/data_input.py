"""The data list field: checked on every edit, with the parser's message beside it.

A bad list shows the parser's own explanation, prefixed with a warning sign
and the word "Problem" (so colour is never the only cue), and the bad token
gets a wavy underline inside the field. :meth:`select_problem` selects it.
Both are drawn in the theme's error colour (light, dark or high contrast),
which follows the theme when it changes.

A list longer than :data:`LONG_TEXT_CHARS` (one long string, say) is kept
whole but shown shortened, read-only, with *Clear* beside it: a QLineEdit
lays out its whole text on every repaint, about 0.1 s for a megabyte, and the
field repaints whenever the run starts or ends.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal, Slot
from PySide6.QtGui import QColor, QInputMethodEvent, QTextCharFormat
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from threadcomm.core.config import TUTORIAL_DATA
from threadcomm.core.datalist import MAX_TEXT_CHARS, DataListError, parse_data_list
from threadcomm.core.wording import plural
from threadcomm.gui.theme.colors import view_colors

__all__ = ["LONG_TEXT_CHARS", "DataInput"]

#: Longer lists are shown shortened (see the module's docstring).
LONG_TEXT_CHARS = 20_000
#: Items from which a new list is looked at by the garbage collector at once (see _check).
_UNTRACK_ITEMS = 10_000
#: Characters of a long list shown before and after the ellipsis.
_SHOWN_HEAD, _SHOWN_TAIL = 80, 20

_OK_STYLE = "color: palette(window-text);"
_BAD_STYLE = "color: {}; font-weight: bold;"


class DataInput(QWidget):
    """A labelled QLineEdit (``dataInput``) and a message label (``dataMessage``).

    Signals
    -------
    validity_changed(bool)
        Emitted after every check with whether the list can be run.
    """

    _built = False  # True once __init__ ends (README: "Event handlers")

    validity_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("dataInput")
        self.edit.setAccessibleName("Data list")
        self.edit.setPlaceholderText(
            f"numbers separated by commas, e.g. {TUTORIAL_DATA} or 1..100"
        )
        self.edit.setClearButtonEnabled(True)
        # QLineEdit keeps 32,767 characters by default and cuts the rest silently,
        # which could turn a long list's last number into another one.
        self.edit.setMaxLength(MAX_TEXT_CHARS)
        self.message = QLabel(self)
        self.message.setObjectName("dataMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.clear_long = QPushButton("C&lear", self)
        self.clear_long.setObjectName("dataClearLong")
        self.clear_long.setAccessibleName("Clear the data list")
        self.clear_long.setToolTip("Clear the long data list to type a new one")
        self.clear_long.hide()
        self.clear_long.clicked.connect(self._on_clear_long)
        caption = QLabel("&Data list:", self)
        caption.setBuddy(self.edit)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(caption)
        row.addWidget(self.edit, 1)
        row.addWidget(self.clear_long)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.message)

        self._items: tuple[object, ...] | None = None
        self._error: DataListError | None = None
        self._long_text: str | None = None  # the whole list while it is shown shortened
        self.edit.textChanged.connect(self._on_text_changed)
        self._on_text_changed(self.edit.text())
        self._built = True

    # -- what the window reads -----------------------------------------------

    @property
    def items(self) -> tuple[object, ...] | None:
        """The parsed items, or None while the list is bad."""
        return self._items

    @property
    def error(self) -> DataListError | None:
        """What is wrong with the list, or None."""
        return self._error

    def text(self) -> str:
        """The data list as typed (whole, also while it is shown shortened)."""
        return self._long_text if self._long_text is not None else self.edit.text()

    @property
    def shortened(self) -> bool:
        """Whether the field shows a long list shortened (the whole list is :meth:`text`)."""
        return self._long_text is not None

    def set_text(self, text: str) -> None:
        """Replace the text (and check it)."""
        if len(text) > LONG_TEXT_CHARS:
            self._show_long(text)
        else:
            self._leave_long()
            self.edit.setText(text)

    def select_problem(self) -> None:
        """Select the bad token so the person sees (and can retype) exactly what is wrong."""
        if self._long_text is not None:  # the token is not on show: the message names it
            self.clear_long.setFocus()
        elif self._error is not None and self._error.end > self._error.start:
            self.edit.setSelection(self._error.start, self._error.end - self._error.start)
            self.edit.setFocus()

    # -- checking ------------------------------------------------------------

    def _show_long(self, text: str) -> None:
        """Keep ``text`` whole, show it shortened and read-only, and check it."""
        self._long_text = text
        shown = f"{text[:_SHOWN_HEAD]}\u2026{text[-_SHOWN_TAIL:]}"
        blocked = self.edit.blockSignals(True)
        self.edit.setText(shown)
        self.edit.setCursorPosition(0)
        self.edit.blockSignals(blocked)
        self.edit.setReadOnly(True)
        self.edit.setClearButtonEnabled(False)  # the Clear button beside it says what it does
        self.edit.setToolTip(
            f"The data list is {len(text):,} characters long: shown shortened. "
            "Clear it to type a new one."
        )
        self.clear_long.show()
        self._check(text)

    def _leave_long(self) -> None:
        if self._long_text is None:
            return
        self._long_text = None
        self.edit.setReadOnly(False)
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip("")
        self.clear_long.hide()

    @Slot()
    def _on_clear_long(self) -> None:
        self._leave_long()
        self.edit.clear()
        self._check("")  # even when the shortened text was empty-looking already
        self.edit.setFocus()

    @Slot(str)
    def _on_text_changed(self, text: str) -> None:
        if len(text) > LONG_TEXT_CHARS:  # pasted: from now on shown shortened
            self._show_long(text)
            return
        self._leave_long()  # the shortened text was replaced: the field holds the list again
        self._check(text)

    def _check(self, text: str) -> None:
        try:
            self._items = tuple(parse_data_list(text))
            if len(self._items) >= _UNTRACK_ITEMS:
                # A new tuple is walked by the first collection after it: of a million
                # items, 14 ms, which would otherwise fall on the click of Start. A
                # young collection now walks it once and stops tracking it (it holds
                # only numbers and texts).
                gc.collect(0)
        except DataListError as exc:
            self._items, self._error = None, exc
            self.message.setText(f"\u26a0 Problem: {exc}")
            self.message.setToolTip("Fix the data list to enable Start")
        else:
            self._error = None
            count = len(self._items)
            shortened = (
                f" \u00b7 {len(text):,} characters, shown shortened"
                if self._long_text is not None
                else ""
            )
            self.message.setText(f"\u2714 {plural(count, 'item')}{shortened}")
            self.message.setToolTip("")
        self._show_error_colors()
        self.validity_changed.emit(self._items is not None)

    def _show_error_colors(self) -> None:
        """Colour the message and underline the bad token in the current theme's colours."""
        if self._error is None:
            self.message.setStyleSheet(_OK_STYLE)
            self._mark(0, 0)
            return
        error = view_colors(self.palette()).error
        self.message.setStyleSheet(_BAD_STYLE.format(error.name()))
        if self._long_text is None:  # a shortened list's token is not on show
            self._mark(self._error.start, self._error.end, error)

    def changeEvent(self, event: QEvent) -> None:
        """The theme changed (dark, high contrast): re-colour the message and the underline."""
        super().changeEvent(event)
        if self._built and event.type() == QEvent.Type.PaletteChange and self._error is not None:
            self._show_error_colors()

    def _mark(self, start: int, end: int, color: QColor | None = None) -> None:
        """Underline ``text[start:end]`` in the field (an empty span clears the mark)."""
        attributes = []
        if end > start and color is not None:
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(color)
            fmt.setFontUnderline(True)
            # QLineEdit takes text formats only through an input method event, at an
            # offset relative to the cursor; it keeps them until the next one.
            attributes.append(
                QInputMethodEvent.Attribute(
                    QInputMethodEvent.AttributeType.TextFormat,
                    start - self.edit.cursorPosition(),
                    end - start,
                    fmt,
                )
            )
        QCoreApplication.sendEvent(self.edit, QInputMethodEvent("", attributes))
