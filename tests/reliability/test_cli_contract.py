"""The 0/1/2 exit contract holds at its edges: odd numbers, odd values, odd platforms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .cli_process import no_traceback, one_line, run


def _strict_json(line: str) -> dict[str, object]:
    def refuse(constant: str) -> object:
        raise AssertionError(f"{constant} is not JSON")

    value = json.loads(line, parse_constant=refuse)
    assert isinstance(value, dict)
    return value


def test_an_infinite_result_still_gives_valid_summary_json(tmp_path: Path) -> None:
    done = run("--headless", "--quiet", "--summary-json", "--data", "1e308, -1e308", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _strict_json(done.stdout)["results"] == ["inf", "-inf"]


@pytest.mark.parametrize("spelling", [["--data", "-5..5"], ["--data=-5..5"]])
def test_a_data_list_starting_with_a_minus_is_a_value_not_an_option(
    tmp_path: Path, spelling: list[str]
) -> None:
    done = run("--headless", "--quiet", "--summary-json", *spelling, home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _strict_json(done.stdout)["items"] == 11


def test_a_negative_consumer_count_is_refused_by_the_range_check(tmp_path: Path) -> None:
    done = run("--headless", "--consumers", "-2", home=tmp_path)
    assert done.returncode == 2
    assert "consumers must be between 1 and 8" in one_line(done.stderr)


@pytest.mark.parametrize("option", ["--consumers", "--maxsize", "--delay", "--data"])
def test_non_ascii_digits_are_refused_by_every_numeric_option(tmp_path: Path, option: str) -> None:
    done = run("--headless", option, "\u0663", home=tmp_path)  # ARABIC-INDIC DIGIT THREE
    assert done.returncode == 2
    no_traceback(done.stderr)
    assert option in done.stderr and "\u0663" in done.stderr
    assert done.stdout == ""
