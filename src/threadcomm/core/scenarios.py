"""Scenarios: the tutorial, and what goes wrong when one of its lines is forgotten.

Each scenario is a TOML file: the shipped ones in ``resources/scenarios/``,
and a teacher's own in :func:`user_scenario_dir`. A file that cannot be read
is skipped and reported, never fatal.
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from threadcomm.assets import resource_path
from threadcomm.core.config import (
    TUTORIAL_DATA,
    WATCH_DELAY_S,
    ConfigError,
    RunConfig,
    make_run_config,
)
from threadcomm.core.datalist import DataListError, parse_data_list

__all__ = [
    "GUI_MODES",
    "Predict",
    "Scenario",
    "ScenarioError",
    "find_scenario",
    "load_scenario",
    "load_scenarios",
    "user_scenario_dir",
]

#: Demonstrations that need the window: they change how the GUI thread behaves.
GUI_MODES = frozenset({"", "join_on_gui_thread", "direct_connection"})

_BUGS = ("forget_set", "forget_task_done", "no_stop")


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class Predict:
    """A question to ask the class before the run, and its answer."""

    question: str
    answers: tuple[str, ...]
    correct: int
    why: str = ""


@dataclass(frozen=True, slots=True)
class Scenario:
    """One demonstration: data, settings, its own listing and explanation."""

    name: str
    title: str
    data: str
    explanation: str
    lesson: str = "tutorial.py"
    order: int = 100
    consumers: int = 1
    maxsize: int = 0
    handshake: bool = True
    delay: float = WATCH_DELAY_S
    work: float = 0.0
    fault_item: int | None = None
    forget_set: bool = False
    forget_task_done: bool = False
    no_stop: bool = False
    gui_mode: str = ""
    predict: Predict | None = None
    source: Path = field(default=Path(), compare=False)

    def run_config(
        self, *, delay: float | None = None, deadlock_after: float | None = None
    ) -> RunConfig:
        """The RunConfig this scenario describes, at another delay or deadlock limit if given."""
        return make_run_config(
            items=tuple(parse_data_list(self.data)),
            preset=self,
            delay=delay,
            deadlock_after=deadlock_after,
        )

    def listing(self) -> str:
        """The program this scenario runs, as a student would read it."""
        return resource_path("lesson", self.lesson).read_text(encoding="utf-8")


def user_scenario_dir() -> Path:
    """Where a teacher may drop scenario files of their own."""
    if env := os.environ.get("THREADCOMM_SCENARIOS"):
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "threadcomm" / "scenarios"


_KIND_WORDS = {int: "whole number", float: "number", str: "text", bool: "true or false"}


def _get(
    table: dict[str, object], key: str, kind: type | tuple[type, ...], default: object
) -> object:
    value = table.get(key, default)
    if value is not default and (
        not isinstance(value, kind) or isinstance(value, bool) != (kind is bool)
    ):
        kinds = kind if isinstance(kind, tuple) else (kind,)
        words = " or ".join(dict.fromkeys(_KIND_WORDS.get(k, k.__name__) for k in kinds))
        raise ScenarioError(f"'{key}' must be a {words}, not {value!r}")
    return value


def _predict(table: object) -> Predict | None:
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ScenarioError("[predict] must be a table")
    answers = table.get("answers")
    if not (isinstance(answers, list) and answers and all(isinstance(a, str) for a in answers)):
        raise ScenarioError("[predict] needs 'answers', a list of strings")
    correct = _get(table, "correct", int, 0)
    assert isinstance(correct, int)
    if not 0 <= correct < len(answers):
        raise ScenarioError(f"[predict] 'correct' must be 0-{len(answers) - 1}")
    return Predict(
        str(_get(table, "question", str, "")),
        tuple(answers),
        correct,
        str(_get(table, "why", str, "")),
    )


def load_scenario(path: Path) -> Scenario:
    """Read and check one scenario file."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
        bug = _get(table, "bug", str, "")
        if bug and bug not in _BUGS:
            raise ScenarioError(f"'bug' must be one of {', '.join(_BUGS)}, not {bug!r}")
        gui_mode = _get(table, "gui_mode", str, "")
        if gui_mode not in GUI_MODES:
            raise ScenarioError(f"'gui_mode' must be one of {sorted(GUI_MODES)}, not {gui_mode!r}")
        fault = _get(table, "fault_item", int, None)
        scenario = Scenario(
            name=path.stem,
            title=str(_get(table, "title", str, path.stem)),
            data=str(_get(table, "data", str, TUTORIAL_DATA)),
            explanation=str(_get(table, "explanation", str, "")).strip(),
            lesson=str(_get(table, "lesson", str, "tutorial.py")),
            order=int(_get(table, "order", int, 100)),  # type: ignore[call-overload]
            consumers=int(_get(table, "consumers", int, 1)),  # type: ignore[call-overload]
            maxsize=int(_get(table, "maxsize", int, 0)),  # type: ignore[call-overload]
            handshake=bool(_get(table, "handshake", bool, True)),
            delay=float(_get(table, "delay", (int, float), WATCH_DELAY_S)),  # type: ignore[arg-type]
            work=float(_get(table, "work", (int, float), 0.0)),  # type: ignore[arg-type]
            fault_item=None if fault is None else int(fault) - 1,  # type: ignore[call-overload]
            forget_set=bug == "forget_set",
            forget_task_done=bug == "forget_task_done",
            no_stop=bug == "no_stop",
            gui_mode=str(gui_mode),
            predict=_predict(table.get("predict")),
            source=path,
        )
        scenario.run_config()  # the data and settings must make a valid run
        if not resource_path("lesson", scenario.lesson).is_file():
            raise ScenarioError(f"lesson listing {scenario.lesson!r} not found")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: not valid TOML: {exc}") from None
    except (ScenarioError, ConfigError, DataListError) as exc:
        raise ScenarioError(f"{path.name}: {exc}") from None
    return scenario


def load_scenarios(extra_dir: Path | None = None) -> tuple[list[Scenario], list[str]]:
    """Every usable scenario, in order, and a message for each file that was skipped."""
    folders = [resource_path("scenarios"), extra_dir or user_scenario_dir()]
    found: dict[str, Scenario] = {}
    problems: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                found[path.stem] = load_scenario(path)
            except ScenarioError as exc:
                problems.append(str(exc))
    return sorted(found.values(), key=lambda s: (s.order, s.name)), problems


def find_scenario(name: str) -> Scenario:
    """The scenario called ``name``; ScenarioError lists the names there are."""
    scenarios, _ = load_scenarios()
    for scenario in scenarios:
        if scenario.name == name:
            return scenario
    names = ", ".join(s.name for s in scenarios)
    raise ScenarioError(f"no scenario called {name!r}; there are: {names}")
