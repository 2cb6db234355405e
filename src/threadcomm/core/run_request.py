"""The run the command line asks for, checked: shared by the headless run and the window."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from threadcomm.core.config import TUTORIAL_DATA, ConfigError, RunConfig, make_run_config
from threadcomm.core.datalist import MAX_TEXT_CHARS, DataListError, parse_data_list
from threadcomm.core.scenarios import Scenario, ScenarioError, find_scenario

if TYPE_CHECKING:
    import argparse

__all__ = ["RunRequest", "UsageError", "read_data_file", "run_request"]


class UsageError(Exception):
    """Bad input on the command line; the message names the problem and where it is."""


@dataclass(frozen=True, slots=True)
class RunRequest:
    """A checked run from the command line.

    Parameters
    ----------
    data
        The data list as text: ``--data``, else the scenario's, else the tutorial's.
    config
        The run itself.
    scenario
        The scenario ``--scenario`` names, or None.
    """

    data: str
    config: RunConfig
    scenario: Scenario | None


def read_data_file(args: argparse.Namespace) -> None:
    """``--data-file FILE``: read the data list into ``args.data`` (``-`` is standard input).

    A command-line argument holds at most 128 KiB on Linux, so a list longer
    than that (one very long string, say) comes from a file. Raises
    UsageError naming the file and what is wrong with it; afterwards a bad
    list is reported as ``--data-file FILE: ...``.
    """
    path = getattr(args, "data_file", None)
    if path is None:
        return
    where = f"--data-file {path}"
    if args.data is not None:
        raise UsageError("--data and --data-file both give the data list: give one of them")
    try:
        if path == "-":
            raw = sys.stdin.buffer.read(MAX_TEXT_CHARS * 4 + 1)
        else:
            with open(path, "rb") as file:
                raw = file.read(MAX_TEXT_CHARS * 4 + 1)
    except OSError as exc:
        raise UsageError(f"{where}: cannot read it: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{where}: not UTF-8 text (byte {exc.start + 1:,})") from None
    if len(text) > MAX_TEXT_CHARS:
        raise UsageError(f"{where}: longer than {MAX_TEXT_CHARS:,} characters")
    args.data = text.strip()
    args.data_source = where


def run_request(args: argparse.Namespace, *, default_delay: float) -> RunRequest:
    """Turn parsed arguments (and the scenario they name) into a checked run.

    ``default_delay`` applies when neither ``--delay`` nor a scenario sets one.
    Raises UsageError, naming the option at fault.
    """
    scenario = None
    if args.scenario:
        try:
            scenario = find_scenario(args.scenario)
        except ScenarioError as exc:
            raise UsageError(f"--scenario: {exc}") from None
    if args.data is not None:
        data = args.data
    else:
        data = scenario.data if scenario is not None else TUTORIAL_DATA
    try:
        items = tuple(parse_data_list(data))
    except DataListError as exc:
        if args.data is not None or scenario is None:
            raise UsageError(f"{getattr(args, 'data_source', '--data')}: {exc}") from None
        raise UsageError(f"--scenario {scenario.name}: its data list: {exc}") from None
    delay = args.delay
    if delay is None and scenario is None:
        delay = default_delay
    try:
        config = make_run_config(
            items=items,
            preset=scenario,
            consumers=args.consumers,
            maxsize=args.maxsize,
            handshake=False if args.no_handshake else None,
            delay=delay,
        )
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    return RunRequest(data, config, scenario)
