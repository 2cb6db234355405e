"""Scenarios: the tutorial, and what goes wrong when one of its lines is forgotten.

Each scenario is a TOML file: the shipped ones in ``resources/scenarios/``,
and a teacher's own in :func:`user_scenario_dir`. A file that cannot be used
is skipped and reported in one line, never fatal (see
:mod:`threadcomm.core.scenario_files` for what a file may not be); unknown
keys and a teacher's file that replaces a shipped scenario are reported too.
A scenario's data list is parsed when the scenario is chosen, not when the
files are loaded: a long list costs nothing until it is used.
"""

from __future__ import annotations

import os
import sys
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
from threadcomm.core.datalist import parse_data_list
from threadcomm.core.mistakes import Mistake, unavailable_reason
from threadcomm.core.scenario_files import (
    MAX_LESSON_BYTES,
    MAX_SCENARIO_BYTES,
    ScenarioFileError,
    lesson_file,
    one_line,
    parse_toml,
    read_text,
)

__all__ = [
    "GUI_MODES",
    "Predict",
    "Scenario",
    "ScenarioError",
    "find_scenario",
    "lesson_listing",
    "load_scenario",
    "load_scenarios",
    "user_scenario_dir",
]

#: The lesson program a run performs when no scenario names another.
TUTORIAL_LESSON = "tutorial.py"
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
    lesson: str = TUTORIAL_LESSON
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
    mistake: str = ""
    predict: Predict | None = None
    source: Path = field(default=Path(), compare=False)
    #: The checked lesson listing (see :func:`~threadcomm.core.scenario_files.lesson_file`).
    lesson_path: Path | None = field(default=None, compare=False)

    @property
    def unavailable(self) -> str:
        """Why this scenario cannot run on this interpreter, in one sentence; '' if it can."""
        return unavailable_reason(self.mistake)

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
        """The program this scenario runs, as a student would read it.

        Raises
        ------
        ScenarioError
            When the listing cannot be read (any more) as a small UTF-8 text file.
        """
        return _read_lesson(self.lesson, self.lesson_path)


def _read_lesson(lesson: str, path: Path | None = None) -> str:
    """The text of the lesson listing ``lesson`` (at ``path``, else the shipped one)."""
    try:
        return read_text(path or resource_path("lesson", lesson), limit=MAX_LESSON_BYTES)
    except ScenarioFileError as exc:
        raise ScenarioError(f"lesson listing {lesson!r}: {exc}") from None


def lesson_listing(scenario: Scenario | None) -> str:
    """The program a run performs, for the code view: the scenario's, else the tutorial's.

    '' when it cannot be read: the run goes ahead without a listing.
    """
    try:
        return scenario.listing() if scenario is not None else _read_lesson(TUTORIAL_LESSON)
    except ScenarioError:
        return ""


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


#: The keys a scenario file may hold, and those of its [predict] table.
_KEYS = frozenset(
    {"title", "data", "explanation", "lesson", "order", "consumers", "maxsize", "handshake",
     "delay", "fault_item", "bug", "gui_mode", "predict", "work", "mistake"}
)  # fmt: skip
_PREDICT_KEYS = frozenset({"question", "answers", "correct", "why"})


def unknown_keys(table: dict[str, object]) -> list[str]:
    """The keys of a scenario table that threadcomm does not read (typos, mostly)."""
    unknown = sorted(set(table) - _KEYS)
    predict = table.get("predict")
    if isinstance(predict, dict):
        unknown += sorted(f"predict.{k}" for k in set(predict) - _PREDICT_KEYS)
    return unknown


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


def _check_settings(scenario: Scenario) -> None:
    """The scenario's settings must make a valid run (its data is checked when chosen)."""
    RunConfig(
        items=(0,),
        consumers=scenario.consumers,
        maxsize=scenario.maxsize,
        handshake=scenario.handshake,
        delay=scenario.delay,
        work=scenario.work,
    )
    if scenario.fault_item is not None and scenario.fault_item < 0:
        raise ScenarioError(f"'fault_item' must be 1 or more, not {scenario.fault_item + 1}")


def load_scenario(path: Path, *, own_folder: Path | None = None) -> Scenario:
    """Read and check one scenario file (not its data list: see :meth:`Scenario.run_config`).

    Parameters
    ----------
    path
        The ``.toml`` file.
    own_folder
        For a teacher's scenario: its folder, where its lesson listing may be.
    """
    return _load(path, own_folder)[0]


def _load(path: Path, own_folder: Path | None) -> tuple[Scenario, list[str]]:
    """The scenario in ``path`` and the keys of it that threadcomm does not read."""
    try:
        table = parse_toml(read_text(path, limit=MAX_SCENARIO_BYTES))
        bug = _get(table, "bug", str, "")
        if bug and bug not in _BUGS:
            raise ScenarioError(f"'bug' must be one of {', '.join(_BUGS)}, not {bug!r}")
        gui_mode = _get(table, "gui_mode", str, "")
        if gui_mode not in GUI_MODES:
            raise ScenarioError(f"'gui_mode' must be one of {sorted(GUI_MODES)}, not {gui_mode!r}")
        fault = _get(table, "fault_item", int, None)
        lesson = str(_get(table, "lesson", str, TUTORIAL_LESSON))
        mistake = str(_get(table, "mistake", str, ""))
        if mistake and mistake not in set(Mistake):
            names = ", ".join(Mistake)
            raise ScenarioError(f"'mistake' must be one of {names}, not {mistake!r}")
        scenario = Scenario(
            name=path.stem,
            title=str(_get(table, "title", str, path.stem)),
            data=str(_get(table, "data", str, TUTORIAL_DATA)),
            explanation=str(_get(table, "explanation", str, "")).strip(),
            lesson=lesson,
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
            mistake=mistake,
            predict=_predict(table.get("predict")),
            source=path,
            lesson_path=lesson_file(lesson, resource_path("lesson"), own_folder),
        )
        _check_settings(scenario)
    except (ScenarioError, ScenarioFileError, ConfigError) as exc:
        raise ScenarioError(f"{path.name}: {one_line(str(exc))}") from None
    except (OSError, RecursionError, MemoryError) as exc:  # a folder that changes under us
        raise ScenarioError(f"{path.name}: cannot be read: {type(exc).__name__}") from None
    return scenario, unknown_keys(table)


def load_scenarios(extra_dir: Path | None = None) -> tuple[list[Scenario], list[str]]:
    """Every usable scenario, in order, and one line for each file skipped or worth a note."""
    shipped = resource_path("scenarios")
    own = extra_dir or user_scenario_dir()
    found: dict[str, Scenario] = {}
    problems: list[str] = []
    for folder in (shipped, own):
        try:
            paths = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        except OSError as exc:
            problems.append(f"{folder}: cannot be read: {exc.strerror or exc}")
            continue
        for path in paths:
            mine = folder is own
            try:
                scenario, unknown = _load(path, own if mine else None)
            except ScenarioError as exc:
                problems.append(f"{exc} (skipped)" if mine else str(exc))
                continue
            if mine and path.stem in found:
                problems.append(
                    f"{path.name}: your own scenario {path.stem!r} replaces the built-in one"
                )
            found[path.stem] = scenario
            if unknown:
                keys = ", ".join(repr(k) for k in unknown)
                plural = "s" if len(unknown) > 1 else ""
                problems.append(f"{path.name}: unknown key{plural} {keys} ignored")
    return sorted(found.values(), key=lambda s: (s.order, s.name)), problems


def find_scenario(name: str) -> Scenario:
    """The scenario called ``name``; ScenarioError lists the names there are."""
    scenarios, problems = load_scenarios()
    for scenario in scenarios:
        if scenario.name == name:
            return scenario
    for problem in problems:
        if problem.startswith(f"{name}.toml: ") and problem.endswith("(skipped)"):
            raise ScenarioError(f"scenario {name!r} cannot be used: {problem}")
    names = ", ".join(s.name for s in scenarios)
    raise ScenarioError(f"no scenario called {name!r}; there are: {names}")
