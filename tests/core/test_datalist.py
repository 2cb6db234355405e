"""The data list: what a person may type, what it becomes, and what they are told."""

from __future__ import annotations

import inspect
import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadcomm.core import datalist
from threadcomm.core.datalist import (
    MAX_DIGITS,
    MAX_ITEMS,
    MAX_TEXT_CHARS,
    DataListError,
    format_item,
    parse_data_list,
)

TUTORIAL = [5, 10, 13, -1]


def error_for(text: str) -> DataListError:
    with pytest.raises(DataListError) as info:
        parse_data_list(text)
    return info.value


#: A parser that backtracks takes minutes on these inputs; a linear one well under a second.
#: The bound only has to tell the two apart, also on a machine busy with other work.
HANG_S = 5.0


def parse_without_hanging(text: str) -> list[object] | DataListError:
    """Parse, returning the error instead of raising; fail if it takes HANG_S or more."""
    started = time.perf_counter()
    try:
        result: list[object] | DataListError = list(parse_data_list(text))
    except DataListError as error:
        result = error
    elapsed = time.perf_counter() - started
    assert elapsed < HANG_S, f"took {elapsed:.2f} s"  # a guard against hangs, not a benchmark
    return result


# --- separators and brackets -------------------------------------------------------


def test_tutorial_list_parses_to_four_integers() -> None:
    assert parse_data_list("5, 10, 13, -1") == TUTORIAL


@pytest.mark.parametrize(
    "text",
    [
        "5 10 13 -1",
        "5,10,13,-1",
        "5 ,10 , 13,-1",
        "5\t10\n13\r\n-1",
        "  5, 10, 13, -1  \n",
        "5, 10, 13, -1,",
        "5 10 13 -1 , ",
        "[5, 10, 13, -1]",
        "[5 10 13 -1]",
        " [ 5, 10, 13, -1, ] ",
        "[\n  5,\n  10,\n  13,\n  -1,\n]\n",
    ],
)
def test_commas_whitespace_and_one_pair_of_brackets_all_give_the_tutorial_list(
    text: str,
) -> None:
    assert parse_data_list(text) == TUTORIAL


@pytest.mark.parametrize(
    ("text", "message", "item", "start"),
    [
        ("5,,6", "empty item between two commas", 2, 2),
        ("5, ,6", "empty item between two commas", 2, 3),
        ("5,,", "empty item between two commas", 2, 2),
        (",5", "a comma must come after an item, not before it", 1, 0),
        ("  , 5", "a comma must come after an item, not before it", 1, 2),
        ("[,5]", "a comma must come after an item, not before it", 1, 1),
        (",", "a comma must come after an item, not before it", 1, 0),
        ("'a''b'", "a comma or a space must separate two items", 2, 3),
        ("5'a'", "a comma or a space must separate two items", 2, 1),
    ],
)
def test_misplaced_commas_and_missing_separators_are_errors_at_the_spot(
    text: str, message: str, item: int, start: int
) -> None:
    error = error_for(text)
    assert (error.message, error.item, error.start) == (message, item, start)


@pytest.mark.parametrize(
    ("text", "message", "start"),
    [
        ("[[5]]", "nested brackets are not allowed", 1),
        ("[5, [6]]", "nested brackets are not allowed", 4),
        ("[5, 6", "'[' is never closed", 0),
        ("  [", "'[' is never closed", 2),
        ("5, 6]", "']' has no matching '['", 4),
        ("]", "']' has no matching '['", 0),
        ("5, [6]", "'[' may only come first, to wrap the whole list", 3),
        ("[5]]", "nothing may follow the closing ']'", 3),
        ("[5] [6]", "nothing may follow the closing ']'", 4),
        ("[5] 6", "nothing may follow the closing ']'", 4),
        ("[5],", "nothing may follow the closing ']'", 3),
    ],
)
def test_nested_misplaced_or_unbalanced_brackets_are_errors(
    text: str, message: str, start: int
) -> None:
    error = error_for(text)
    assert (error.message, error.start, error.end) == (message, start, start + 1)
    assert error.item is None


def test_a_hundred_thousand_open_brackets_fail_fast_as_nested() -> None:
    result = parse_without_hanging("[" * 100_000)
    assert isinstance(result, DataListError)
    assert str(result) == "column 2: nested brackets are not allowed"


# --- integers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("-1", -1), ("+7", 7), ("0", 0), ("-0", 0), ("007", 7), ("9" * MAX_DIGITS, int("9" * 100))],
)
def test_integers_have_an_optional_sign_and_digits(text: str, expected: int) -> None:
    [value] = parse_data_list(text)
    assert value == expected
    assert type(value) is int


@pytest.mark.parametrize(
    ("text", "digits"),
    [("1" * (MAX_DIGITS + 1), "101"), ("-" + "1" * 5000, "5,000"), ("5, " + "7" * 101, "101")],
)
def test_an_integer_with_too_many_digits_says_how_many_and_the_limit(
    text: str, digits: str
) -> None:
    message = error_for(text).message
    assert f"has {digits} digits" in message
    assert message.endswith(f"digits; the limit is {MAX_DIGITS}")


def test_a_five_thousand_digit_number_fails_fast() -> None:
    result = parse_without_hanging("1" * 5000)
    assert isinstance(result, DataListError)
    assert str(result).startswith("item 1, column 1: '11111111111111111111…' has 5,000 digits")


@pytest.mark.parametrize("text", ["1_000", "1__0", "_5"])
def test_underscore_separators_are_not_accepted(text: str) -> None:
    assert error_for(text).message == f"'{text}' is not a number"


# --- decimals ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.5", 1.5),
        ("-0.25", -0.25),
        (".5", 0.5),
        ("-.5", -0.5),
        ("5.", 5.0),
        ("1e3", 1000.0),
        ("2.5E-3", 0.0025),
        ("+1.5e+2", 150.0),
        ("1e-400", 0.0),
    ],
)
def test_decimals_and_exponents_become_floats(text: str, expected: float) -> None:
    [value] = parse_data_list(text)
    assert value == expected
    assert type(value) is float


@pytest.mark.parametrize("text", ["1e400", "-1e400", "9" * 50 + "e300"])
def test_a_decimal_too_large_for_a_float_is_an_error(text: str) -> None:
    assert error_for(text).message.endswith("is too large for a decimal number")


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-inf", "+INF", "Infinity", "-infinity"])
def test_nan_and_infinity_are_not_numbers(text: str) -> None:
    assert error_for(text).message == (
        f"'{text}' is not a number: write numbers with digits, e.g. 1.5"
    )


@pytest.mark.parametrize("text", [".", "e3", "1e", "1.5.2", "1e3.5", "--1", "+", "0x10", "½"])
def test_malformed_numbers_are_not_numbers(text: str) -> None:
    assert error_for(text).message == f"'{text}' is not a number"


# --- strings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'abc'", "abc"),
        ('"abc"', "abc"),
        ('"it\'s"', "it's"),
        ("'say \"hi\"'", 'say "hi"'),
        ("'a, b c'", "a, b c"),
        ("'[1, 2]'", "[1, 2]"),
        ("''", ""),
        (r"'a\n'", "a\\n"),
        ("'tab\there'", "tab\there"),
    ],
)
def test_quoted_strings_are_taken_literally_without_escapes(text: str, expected: str) -> None:
    assert parse_data_list(text) == [expected]


def test_a_doubled_string_repeats_itself() -> None:
    [word] = parse_data_list("'abc'")
    assert word * 2 == "abcabc"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("'abc", 0, 4), ('5, "abc', 3, 7), ("'abc\n'", 0, 4), ("5 'a\n6", 2, 4), ("'", 0, 1)],
)
def test_an_unterminated_quote_points_at_the_opening_quote(
    text: str, start: int, end: int
) -> None:
    error = error_for(text)
    assert error.message == "the quote that starts here is never closed"
    assert (error.start, error.end, error.column) == (start, end, start + 1)


def test_a_megabyte_string_literal_parses_fast_and_unterminated_fails_fast() -> None:
    assert parse_without_hanging("'" + "a" * 1_000_000 + "'") == ["a" * 1_000_000]
    result = parse_without_hanging("'" + "a" * 1_000_000)
    assert isinstance(result, DataListError)
    assert result.start == 0


# --- ranges ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1..5", [1, 2, 3, 4, 5]),
        ("5..1", [5, 4, 3, 2, 1]),
        ("-2..2", [-2, -1, 0, 1, 2]),
        ("-5..-7", [-5, -6, -7]),
        ("+1..+3", [1, 2, 3]),
        ("3..3", [3]),
        ("0, 3..5, 'x'", [0, 3, 4, 5, "x"]),
        ("[1..2 8..7]", [1, 2, 8, 7]),
    ],
)
def test_ranges_are_inclusive_and_count_up_or_down(text: str, expected: list[object]) -> None:
    assert parse_data_list(text) == expected


def test_a_huge_range_fails_at_once_giving_its_size_and_the_limit() -> None:
    result = parse_without_hanging("1..10000000000")
    assert isinstance(result, DataListError)
    assert result.message == (
        "the range '1..10000000000' has 10,000,000,000 items; the limit is 1,000,000"
    )


@pytest.mark.parametrize(
    "text", [f"1..{10**50}", f"{-(10**50)}..{10**50}", f"1..{10**150}", "1" + "0" * 5000 + "..1"]
)
def test_ranges_with_astronomical_bounds_fail_fast(text: str) -> None:
    assert isinstance(parse_without_hanging(text), DataListError)


@pytest.mark.parametrize("text", ["1.5..3", "1..2.5", "a..b", "1 .. 5", "1...5"])
def test_a_range_needs_whole_numbers_on_both_sides_and_no_spaces(text: str) -> None:
    assert "is not a range: both ends must be whole numbers" in error_for(text).message


def test_a_range_counts_as_one_item_when_numbering_items() -> None:
    assert error_for("1..3, ten").item == 2


# --- limits ------------------------------------------------------------------------


def test_exactly_max_items_is_accepted() -> None:
    assert len(parse_data_list(f"1..{MAX_ITEMS}")) == MAX_ITEMS


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("1 " * (MAX_ITEMS + 1), MAX_ITEMS + 1),
        (f"1..{MAX_ITEMS}, 0", 2),
        (f"0, 1..{MAX_ITEMS}", 2),
    ],
)
def test_more_than_max_items_is_an_error_naming_the_limit(text: str, item: int) -> None:
    result = parse_without_hanging(text)
    assert isinstance(result, DataListError)
    assert result.message == "a data list may have at most 1,000,000 items"
    assert result.item == item


def test_text_longer_than_the_limit_is_refused_before_scanning() -> None:
    error = error_for(" " * (MAX_TEXT_CHARS + 1))
    assert str(error) == (
        "the data list is too long: 20,000,001 characters; the limit is 20,000,000"
    )
    assert error.item is None


@pytest.mark.parametrize("text", ["", "   ", "\n\t\r\n", "[]", "[ ]", " [\n] "])
def test_an_empty_list_asks_for_some_numbers(text: str) -> None:
    error = error_for(text)
    assert str(error) == "the data list is empty: type some numbers, e.g. 5, 10, 13, -1"
    assert (error.item, error.column, error.start, error.end) == (None, 1, 0, 0)


# --- anything else and control characters ------------------------------------------


def test_a_word_is_not_a_number_with_item_and_column() -> None:
    error = error_for("5, ten, 13")
    assert str(error) == "item 2, column 4: 'ten' is not a number"
    assert (error.item, error.column, error.start, error.end) == (2, 4, 3, 6)
    assert error.message == "'ten' is not a number"


def test_on_several_lines_the_message_gives_line_and_column_within_it() -> None:
    error = error_for("5\n10\n  ten")
    assert str(error) == "item 3, line 3, column 3: 'ten' is not a number"
    assert (error.line, error.column, error.start, error.end) == (3, 8, 7, 10)


def test_a_long_bad_token_is_cut_short_in_the_message() -> None:
    assert error_for("x" * 30).message == "'" + "x" * 20 + "…' is not a number"


def test_an_invisible_bad_character_is_made_visible() -> None:
    assert error_for("5 \u00a0").message == r"'\xa0' is not a number"


@pytest.mark.parametrize(
    ("text", "message", "start"),
    [
        ("a\x00b", "a NUL character (U+0000) is not allowed", 1),
        ("5, \x00", "a NUL character (U+0000) is not allowed", 3),
        ("5\x00", "a NUL character (U+0000) is not allowed", 1),
        ("'a\x00b'", "a NUL character (U+0000) is not allowed", 2),
        ("5, \x07", "a control character (U+0007) is not allowed", 3),
        ("1\x0b2", "a control character (U+000B) is not allowed", 1),
        ("'\x1b[31m'", "a control character (U+001B) is not allowed", 1),
        ("\x85", "a control character (U+0085) is not allowed", 0),
    ],
)
def test_control_characters_are_named_by_their_code(text: str, message: str, start: int) -> None:
    error = error_for(text)
    assert (error.message, error.start, error.end) == (message, start, start + 1)


def test_a_megabyte_of_nul_bytes_fails_fast() -> None:
    result = parse_without_hanging("\x00" * 1_000_000)
    assert isinstance(result, DataListError)
    assert str(result) == "item 1, column 1: a NUL character (U+0000) is not allowed"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("5, 10, ten, 13", 7, 10),
        ("5 10 1e999", 5, 10),
        ("1..3 4..2.5", 5, 11),
        ("[1, 2, 3] x", 10, 11),
        ("'ok', 'a\x01'", 8, 9),
        ("1, 2, 3, 4x", 9, 11),
    ],
)
def test_start_and_end_span_the_bad_token(text: str, start: int, end: int) -> None:
    error = error_for(text)
    assert (error.start, error.end, error.column) == (start, end, start + 1)


def test_mixed_lists_keep_order_and_types() -> None:
    items = parse_data_list("1, 2, 3.5, 'x', 4..5, \"y\", -6")
    assert items == [1, 2, 3.5, "x", 4, 5, "y", -6]
    assert [type(item) for item in items] == [int, int, float, str, int, int, str, int]


def test_data_list_error_is_a_value_error() -> None:
    assert issubclass(DataListError, ValueError)


def test_the_parser_never_evaluates_python() -> None:
    source = inspect.getsource(datalist)
    assert "eval(" not in source
    assert "literal_eval" not in source


def test_public_names_are_exported() -> None:
    assert set(datalist.__all__) == {
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
    }


# --- hostile input -------------------------------------------------------------------


def test_a_megabyte_of_valid_integers_parses_fast() -> None:
    assert parse_without_hanging("1, " * 333_333) == [1] * 333_333


def test_a_megabyte_of_mixed_valid_items_parses_fast() -> None:
    result = parse_without_hanging("1.5, 'ab', 7, " * 70_000)
    assert isinstance(result, list)
    assert len(result) == 210_000


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_megabyte_of_garbage_fails_fast(seed: int) -> None:
    rng = random.Random(seed)
    garbage = "".join(rng.choices("abc123.,;:!?-+eE[]'\" \t\n\x00xyz", k=1_000_000))
    assert isinstance(parse_without_hanging(garbage), (list, DataListError))


@pytest.mark.parametrize(
    "text",
    [
        "1" * 1_000_000 + "x",
        "1." * 500_000,
        "'a'" * 300_000,
        "x," * 500_000,
        "1 " * 500_000 + "[",
        "1e" + "9" * 1_000_000,
        "9" * 1_000_000 + ".." + "9" * 1_000_000,
    ],
)
def test_long_pathological_tokens_fail_fast(text: str) -> None:
    assert isinstance(parse_without_hanging(text), DataListError)


# --- format_item -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "shown"),
    [
        (5, "5"),
        (-1, "-1"),
        (5.0, "5.0"),
        (-0.25, "-0.25"),
        (1e16, "1e+16"),
        ("abcabc", "'abcabc'"),
        ("", "''"),
        ("it's", '"it\'s"'),
        ('it\'s "x"', repr('it\'s "x"')),
    ],
)
def test_format_item_shows_items_as_they_would_be_typed(item: datalist.Item, shown: str) -> None:
    assert format_item(item) == shown


# --- properties ------------------------------------------------------------------------

TRICKY = st.sampled_from("[],.'\" \t\n\r+-eE_0123456789naxi\x00\x07")
TOKENS = st.sampled_from(
    [
        *("1", "-2", "+3", "4.5", ".5", "1e3", "1e999", "1..3", "3..1", "9" * 101, f"1..{10**12}"),
        *("'a b'", '"x"', "'", '"', "[", "]", ",", " ", "\n", "nan", "ten", "1_0", "\x00"),
    ]
)
ANY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.one_of(TRICKY, st.characters())),
    st.lists(TOKENS, max_size=30).map("".join),
)
POSITION_PREFIXES = ("item ", "line ", "column ", "the data list")


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_any_text_gives_items_or_a_data_list_error(text: str) -> None:
    try:
        items = parse_data_list(text)
    except DataListError as error:
        assert str(error).startswith(POSITION_PREFIXES)
        assert str(error).endswith(error.message)
        assert 0 <= error.start <= error.end <= len(text)
        assert error.column == error.start + 1
        assert error.line == text.count("\n", 0, error.start) + 1
    else:
        assert items
        assert all(type(item) in (int, float, str) for item in items)


INTS = st.integers(min_value=-(10**MAX_DIGITS) + 1, max_value=10**MAX_DIGITS - 1)
FLOATS = st.floats(allow_nan=False, allow_infinity=False)
NO_QUOTES = st.characters(exclude_categories=["Cc"], exclude_characters="'\"")
STRINGS = st.text(alphabet=NO_QUOTES)
ONE_QUOTE_KIND = st.text(alphabet=st.one_of(NO_QUOTES, st.sampled_from("'\t"))) | st.text(
    alphabet=st.one_of(NO_QUOTES, st.just('"'))
)


@pytest.mark.parametrize("strategy", [INTS, FLOATS, STRINGS, ONE_QUOTE_KIND])
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_formatted_items_parse_back_to_the_same_list(
    strategy: st.SearchStrategy[datalist.Item], data: st.DataObject
) -> None:
    items = data.draw(st.lists(strategy, min_size=1, max_size=20))
    text = ", ".join(format_item(item) for item in items)
    parsed = parse_data_list(text)
    assert parsed == items
    assert [type(item) for item in parsed] == [type(item) for item in items]


@settings(max_examples=200, deadline=None)
@given(
    items=st.lists(st.one_of(INTS, FLOATS, STRINGS), min_size=1, max_size=20),
    separator=st.sampled_from([", ", ",", " ", "\n", "\t,\n", " ,"]),
    brackets=st.booleans(),
    trailing_comma=st.booleans(),
)
def test_mixed_lists_round_trip_with_any_separator(
    items: list[datalist.Item], separator: str, brackets: bool, trailing_comma: bool
) -> None:
    text = separator.join(format_item(item) for item in items) + ("," if trailing_comma else "")
    if brackets:
        text = f"[{text}]"
    assert parse_data_list(text) == items


def test_a_long_value_is_shown_elided_with_its_length() -> None:
    shown = datalist.short_item("x" * 1_000_000)
    assert len(shown) < 2 * datalist.SHOWN_CHARS
    assert shown.startswith("'xxx") and shown.endswith("' (1,000,000 characters)")
    assert datalist.short_item(12) == "12"
    assert datalist.short_item("it's") == '"it\'s"'  # short values as format_item shows them
    assert datalist.elide("y" * 100, 20).endswith("(100 characters)")
