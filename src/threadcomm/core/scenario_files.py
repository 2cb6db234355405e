"""Reading the files a scenario is made of, when anyone may have put them there.

A teacher's scenario folder is not trusted: a file in it may be a FIFO (whose
reader would wait forever), a link to ``/dev/zero`` (endless), huge, binary,
nested deeply enough to exhaust the TOML parser's recursion, or name a lesson
listing anywhere on the disk. :func:`read_text` reads only regular files of a
bounded size, without ever blocking; :func:`parse_toml` turns every failure of
the parser into :class:`ScenarioFileError`; :func:`lesson_file` keeps a lesson
inside the lesson folder or the scenario's own folder. Pure Python.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

__all__ = [
    "MAX_LESSON_BYTES",
    "MAX_SCENARIO_BYTES",
    "ScenarioFileError",
    "lesson_file",
    "one_line",
    "parse_toml",
    "read_text",
]

#: Largest scenario file read (a scenario is a few lines; a long data list uses ranges).
MAX_SCENARIO_BYTES = 256 * 1024
#: Largest lesson listing shown (the shipped ones are a few kilobytes).
MAX_LESSON_BYTES = 256 * 1024


class ScenarioFileError(ValueError):
    """A file of a scenario that cannot be used; the message says why in one line."""


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines included) made one space."""
    return " ".join(text.split())


def read_text(path: Path, *, limit: int) -> str:
    """The UTF-8 text of the regular file ``path`` (a byte-order mark is dropped).

    Raises
    ------
    ScenarioFileError
        When ``path`` is not a regular file (a folder, FIFO, device, socket),
        is larger than ``limit`` bytes, cannot be read, or is not UTF-8 text.
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # looked at before opening: never blocks
            raise ScenarioFileError("not a regular file")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):  # replaced since stat()
                raise ScenarioFileError("not a regular file")
            data = file.read(limit + 1)
    except OSError as exc:
        raise ScenarioFileError(f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise ScenarioFileError(f"too large (more than {limit:,} bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        byte = f"byte {exc.start:,} is {data[exc.start]:#04x}"
        raise ScenarioFileError(f"not UTF-8 text ({byte})") from None
    if "\x00" in text:
        raise ScenarioFileError("not text (it holds NUL bytes)")
    return text


def parse_toml(text: str) -> dict[str, object]:
    """The TOML table in ``text``; ScenarioFileError for any failure of the parser.

    A file nested a few hundred levels deep exhausts the parser's recursion;
    that, too, is a property of the one file, not a reason to stop.
    """
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioFileError(f"not valid TOML: {one_line(str(exc))}") from None
    except RecursionError:
        raise ScenarioFileError("not usable TOML: nested too deeply") from None
    except (ValueError, MemoryError) as exc:
        raise ScenarioFileError(f"not usable TOML: {type(exc).__name__}") from None


def _inside(path: Path, folder: Path) -> bool:
    return path.is_relative_to(folder)


def lesson_file(lesson: str, lesson_folder: Path, own_folder: Path | None) -> Path:
    """The lesson listing ``lesson`` names, checked; ScenarioFileError says why not.

    Parameters
    ----------
    lesson
        The file name given in the scenario (``tutorial.py``, or a listing
        beside a teacher's scenario).
    lesson_folder
        The shipped lessons' folder.
    own_folder
        The folder of a teacher's scenario file (None for a shipped scenario):
        a listing there is found first.

    The path must resolve, after every symbolic link, inside one of the two
    folders, to a regular UTF-8 text file of at most ``MAX_LESSON_BYTES``.
    """
    if not lesson or Path(lesson).is_absolute() or "\x00" in lesson:
        raise ScenarioFileError(f"lesson {lesson!r} must be a file name, not a path")
    folders = [f for f in (own_folder, lesson_folder) if f is not None]
    for folder in folders:
        try:
            base = folder.resolve()
            candidate = (base / lesson).resolve()
        except (OSError, RuntimeError):  # a symlink loop
            continue
        if not _inside(candidate, base):
            raise ScenarioFileError(
                f"lesson {lesson!r} is outside the lesson folder and the scenario's folder"
            )
        if os.path.lexists(candidate):
            try:
                read_text(candidate, limit=MAX_LESSON_BYTES)
            except ScenarioFileError as exc:
                raise ScenarioFileError(f"lesson listing {lesson!r}: {exc}") from None
            return candidate
    raise ScenarioFileError(f"lesson listing {lesson!r} not found")
