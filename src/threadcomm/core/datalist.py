"""Turn the data list a person types into items, or say exactly what is wrong and where.

The grammar, in plain words:

- Items are separated by commas and/or whitespace (spaces, tabs, newlines): ``5, 10,
  13, -1``, ``5 10 13 -1`` and ``5,10,13,-1`` are the same list. One trailing comma is
  allowed; a leading comma, or two commas with nothing between, is an error.
- One pair of square brackets may wrap the whole list, so a pasted Python list
  ``[5, 10, 13, -1]`` works. Nested, misplaced or unbalanced brackets are errors.
- An integer is an optional sign and at most ``MAX_DIGITS`` digits: ``-1``, ``+7``,
  ``0``; no underscores. A decimal has a point and/or an exponent: ``1.5``, ``.5``,
  ``5.``, ``1e3``, ``2.5E-3``; it becomes a float, and must not overflow to infinity.
  ``nan`` and ``inf`` are not numbers: numbers are written with digits.
- A string is quoted with ``'`` or ``"`` and ends at the same quote on the same line;
  it has no escape sequences and may hold commas, spaces and the other quote.
- ``A..B`` (two integers, no spaces) is the inclusive range from A to B, counting up
  or down: ``1..5`` is 1, 2, 3, 4, 5 and ``5..1`` is 5, 4, 3, 2, 1.
- Control characters (a NUL byte, say) are errors; tabs, newlines and carriage returns
  are fine between items, and tabs inside strings.
- There must be from 1 to ``MAX_ITEMS`` items (ranges counted in full), in a text of
  at most ``MAX_TEXT_CHARS`` characters.

Regular expressions split the text into tokens from left to right, so the work grows
linearly with the text; nothing is ever evaluated as Python code.
"""

from __future__ import annotations

import math
import re

from threadcomm.core.config import TUTORIAL_DATA

__all__ = [
    "MAX_DIGITS",
    "MAX_ITEMS",
    "MAX_TEXT_CHARS",
    "SHOWN_CHARS",
    "DataListError",
    "Item",
    "elide",
    "format_item",
    "parse_data_list",
    "short_item",
]

Item = int | float | str  # one item of the data list: what a consumer doubles

MAX_ITEMS = 1_000_000
MAX_DIGITS = 100  # Python's int() refuses more than 4300 digits; we stop far earlier
MAX_TEXT_CHARS = 20_000_000

# Each match is a separator (spaces, at most one comma) and then one token. Every
# position matches one of the alternatives, so finditer() never skips a character.
# Possessive quantifiers (*+, ++) never give characters back: the scan stays linear.
_SCANNER = re.compile(
    r"""
    (?P<sep>[ \t\r\n]*+(?P<comma>,)?[ \t\r\n]*+)
    (?:
        (?P<word>[^ \t\r\n,\[\]'"]++)      # a number, a range, or something wrong
      | (?P<string>'[^'\r\n]*+'|"[^"\r\n]*+")
      | (?P<quote>['"][^\r\n]*+)          # a quote that is never closed
      | (?P<open>\[)
      | (?P<close>\])
      | (?P<extra_comma>,)
      | (?P<end>\Z)
    )
    """,
    re.VERBOSE,
)
_INT = re.compile(r"[+-]?[0-9]++")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]++(?:\.[0-9]*+)?|\.[0-9]++)(?:[eE][+-]?[0-9]++)?")
_RANGE = re.compile(r"([+-]?[0-9]++)\.\.([+-]?[0-9]++)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# A fast lane for the most common case, a list that starts with plain integers: two
# passes of a regular expression read up to MAX_ITEMS of them at C speed, and the
# general loop goes on from where they stop.
_PLAIN_INT = rf"[+-]?[0-9]{{1,{MAX_DIGITS}}}+(?=[ \t\r\n,]|\Z)"  # then a separator or the end
_PLAIN_INTS = re.compile(
    rf"""(?:
        [ \t\r\n]*+ {_PLAIN_INT}
        (?: (?:[ \t\r\n]*+,[ \t\r\n]*+ | [ \t\r\n]++) {_PLAIN_INT} ){{0,{MAX_ITEMS - 1}}}+
    )?""",
    re.VERBOSE,
)


class DataListError(ValueError):
    """A data list that cannot be parsed: says what is wrong and where.

    Attributes
    ----------
    message : str
        The plain explanation, without the position.
    start, end : int
        The 0-based ``[start, end)`` span of the bad token in the text, to highlight it.
        ``start == end`` means a problem of the whole list (it is empty or too long).
    item : int | None
        The 1-based number of the item being read; None if no item is to blame.
    line : int
        The 1-based line where the bad token starts.
    column : int
        Where the bad token starts, counted over the whole text (``start + 1``); on a
        text of several lines the message gives the column within the line instead.
    """

    def __init__(
        self,
        message: str,
        *,
        text: str = "",
        start: int = 0,
        end: int = 0,
        item: int | None = None,
    ) -> None:
        self.message, self.start, self.end, self.item = message, start, end, item
        self.line = text.count("\n", 0, start) + 1
        self.column = start + 1
        where = [] if item is None else [f"item {item}"]
        if end > start and "\n" in text:
            line_start = text.rfind("\n", 0, start) + 1
            where.append(f"line {self.line}, column {start - line_start + 1}")
        elif end > start:
            where.append(f"column {self.column}")
        self._where = ", ".join(where)
        super().__init__(str(self))

    def __str__(self) -> str:
        """Return the message after its position, e.g. ``item 2, column 4: ...``."""
        return f"{self._where}: {self.message}" if self._where else self.message


def _shown(token: str) -> str:
    """Quote a bad token for a message: cut it short, make invisible characters visible."""
    if len(token) > 20:
        token = token[:20] + "\u2026"
    return f"'{token}'" if token.isprintable() else f"'{repr(token)[1:-1]}'"


def _check_digits(number: str) -> None:
    """Raise ValueError if a number has more than MAX_DIGITS digits."""
    if len(number) > MAX_DIGITS and (digits := sum(c.isdigit() for c in number)) > MAX_DIGITS:
        raise ValueError(f"{_shown(number)} has {digits:,} digits; the limit is {MAX_DIGITS}")


def _number(word: str) -> int | float | range:
    """Read a number or a range; raise ValueError saying why the word is neither."""
    if _INT.fullmatch(word):
        _check_digits(word)
        return int(word)
    if _DECIMAL.fullmatch(word):
        _check_digits(word)
        if math.isinf(value := float(word)):
            raise ValueError(f"{_shown(word)} is too large for a decimal number")
        return value
    if match := _RANGE.fullmatch(word):
        for bound in match.groups():
            _check_digits(bound)
        first, last = int(match[1]), int(match[2])
        if abs(last - first) >= MAX_ITEMS:
            raise ValueError(
                f"the range {_shown(word)} has {abs(last - first) + 1:,} items; "
                f"the limit is {MAX_ITEMS:,}"
            )
        return range(first, last + 1) if first <= last else range(first, last - 1, -1)
    if word.lstrip("+-").lower() in ("nan", "inf", "infinity"):
        raise ValueError(f"{_shown(word)} is not a number: write numbers with digits, e.g. 1.5")
    if ".." in word:
        raise ValueError(f"{_shown(word)} is not a range: both ends must be whole numbers")
    raise ValueError(f"{_shown(word)} is not a number")


def parse_data_list(text: str) -> list[Item]:
    """Parse the data list a person typed.

    Parameters
    ----------
    text
        The data list, following the grammar in this module's docstring.

    Returns
    -------
    list[Item]
        The items in order, with every range expanded.

    Raises
    ------
    DataListError
        If the text does not follow the grammar; it says what is wrong and where.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise DataListError(
            f"the data list is too long: {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}"
        )

    def fail(message: str, start: int, end: int, item: int | None) -> DataListError:
        return DataListError(message, text=text, start=start, end=end, item=item)

    too_many = f"a data list may have at most {MAX_ITEMS:,} items"
    plain = _PLAIN_INTS.match(text)  # always matches, if only the empty string
    plain_end = plain.end() if plain else 0
    items: list[Item] = list(map(int, _INT.findall(text, 0, plain_end)))
    count = len(items)  # item tokens read so far; a range counts as one
    opened_at = -1  # where the '[' wrapping the list is, if there is one
    closed = False
    for match in _SCANNER.finditer(text, plain_end):
        kind, start, end = match.lastgroup, match.end("sep"), match.end()
        comma = match.start("comma")
        if closed and (kind != "end" or comma >= 0):
            at = comma if comma >= 0 else start
            raise fail("nothing may follow the closing ']'", at, at + 1, None)
        if comma >= 0 and not count:
            raise fail("a comma must come after an item, not before it", comma, comma + 1, 1)
        if kind in ("word", "string", "quote"):
            count += 1
            if count > 1 and start == match.start():
                raise fail("a comma or a space must separate two items", start, end, count)
            if bad := _CONTROL.search(text, start, end):
                name = "a NUL character" if bad[0] == "\0" else "a control character"
                message = f"{name} (U+{ord(bad[0]):04X}) is not allowed"
                raise fail(message, bad.start(), bad.end(), count)
        if kind == "word":
            try:
                value = _number(text[start:end])
            except ValueError as error:
                raise fail(str(error), start, end, count) from None
            if not isinstance(value, range):
                items.append(value)
            elif len(items) + len(value) <= MAX_ITEMS:
                items.extend(value)
            else:
                raise fail(too_many, start, end, count)
        elif kind == "string":
            items.append(text[start + 1 : end - 1])
        elif kind == "quote":
            raise fail("the quote that starts here is never closed", start, end, count)
        elif kind == "extra_comma":
            raise fail("empty item between two commas", start, end, count + 1)
        elif kind == "open":
            if opened_at >= 0:
                raise fail("nested brackets are not allowed", start, end, None)
            if count:
                raise fail("'[' may only come first, to wrap the whole list", start, end, None)
            opened_at = start
        elif kind == "close":
            if opened_at < 0:
                raise fail("']' has no matching '['", start, end, None)
            closed = True
        if len(items) > MAX_ITEMS:
            raise fail(too_many, start, end, count)

    if opened_at >= 0 and not closed:
        raise fail("'[' is never closed", opened_at, opened_at + 1, None)
    if not items:
        raise DataListError(f"the data list is empty: type some numbers, e.g. {TUTORIAL_DATA}")
    return items


def format_item(item: Item) -> str:
    """Show an item or a result the way it would be typed in a data list.

    Parameters
    ----------
    item
        An int, float or string.

    Returns
    -------
    str
        ``str()`` of a number (``5``, ``5.0``, ``1e+16``); a string in single quotes,
        or in double quotes if it holds a single quote, as Python's ``repr`` does.
    """
    if not isinstance(item, str):
        return str(item)
    if "'" not in item:
        return f"'{item}'"
    return f'"{item}"' if '"' not in item else repr(item)


#: Most characters of an item or a line shown where the window lays text out.
SHOWN_CHARS = 60


def elide(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text``, or its start and end around an ellipsis when it is longer than ``limit``.

    Laying text out costs time in proportion to its length, so the window never
    shows a whole long value in a cell, a line or a sentence; the elided form
    says how long the whole is.
    """
    if len(text) <= limit:
        return text
    tail = max(1, limit // 4)
    return f"{text[: limit - tail]}\u2026{text[-tail:]} ({len(text):,} characters)"


def short_item(item: object, limit: int = SHOWN_CHARS) -> str:
    """:func:`format_item`, elided to about ``limit`` characters whatever the item's length."""
    if isinstance(item, str) and len(item) > limit:
        tail = max(1, limit // 4)
        shown = format_item(f"{item[: limit - tail]}\u2026{item[-tail:]}")
        return f"{shown} ({len(item):,} characters)"
    if isinstance(item, int | float | str):
        return elide(format_item(item), limit)
    return elide(repr(item), limit)
