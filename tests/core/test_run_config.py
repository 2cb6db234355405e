"""One way to build a run: the command line, the window and the scenarios agree on it."""

from __future__ import annotations

import pytest

from threadcomm.cli import build_parser
from threadcomm.core.config import (
    TUTORIAL_DATA,
    WATCH_DELAY_S,
    ConfigError,
    RunConfig,
    make_run_config,
)
from threadcomm.core.run_request import UsageError, run_request
from threadcomm.core.scenarios import find_scenario

TUTORIAL = (5, 10, 13, -1)


def test_without_a_scenario_the_unset_settings_are_the_tutorials() -> None:
    assert make_run_config(items=TUTORIAL) == RunConfig(items=TUTORIAL)
    assert make_run_config(items=TUTORIAL, consumers=3, delay=0.25) == RunConfig(
        items=TUTORIAL, consumers=3, delay=0.25
    )


def test_a_scenario_fills_in_the_unset_settings_and_always_plants_its_bug() -> None:
    crash = find_scenario("consumer-crash")
    config = make_run_config(items=(1, 2, 3, 4), preset=crash, consumers=2)
    assert config.consumers == 2
    assert config.delay == crash.delay
    assert config.fault_item == crash.fault_item is not None


def test_a_scenarios_fault_item_beyond_the_data_is_named() -> None:
    crash = find_scenario("consumer-crash")
    with pytest.raises(
        ConfigError, match=r"makes item 3 fail, but the data list has only 1 item$"
    ):
        make_run_config(items=(1,), preset=crash)


def test_the_command_line_scenario_and_window_build_the_same_run() -> None:
    args = build_parser().parse_args(["--scenario", "several-consumers", "--delay", "0"])
    from_command_line = run_request(args, default_delay=WATCH_DELAY_S)
    scenario = find_scenario("several-consumers")
    assert from_command_line.scenario == scenario
    assert from_command_line.data == scenario.data
    assert from_command_line.config == scenario.run_config(delay=0.0)


def test_the_command_line_defaults_to_the_tutorial_at_the_delay_asked_for() -> None:
    run = run_request(build_parser().parse_args([]), default_delay=WATCH_DELAY_S)
    assert run.data == TUTORIAL_DATA
    assert run.config == RunConfig(items=TUTORIAL, delay=WATCH_DELAY_S)


def test_bad_command_line_input_names_the_option() -> None:
    with pytest.raises(UsageError, match=r"^--data: "):
        run_request(build_parser().parse_args(["--data", "5, ten"]), default_delay=0.0)
    with pytest.raises(UsageError, match="consumers must be between 1 and 8"):
        run_request(build_parser().parse_args(["--consumers", "9"]), default_delay=0.0)
