r"""Standard output and error as a careful command-line tool treats them.

A closed standard output (``>&-``), a reader that went away (``| head -1``)
or a full disk is not a bug in the program: :func:`write_out` raises
:class:`OutputClosed` for all of them, and the command line ends quietly with
one line on standard error. A character the terminal's encoding cannot show is
written as an escape (``\u65e5``) instead of raising.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from typing import NoReturn

__all__ = [
    "OutputClosed",
    "discard_stdout",
    "exit_now",
    "say",
    "use_replacement_characters",
    "write_out",
]


class OutputClosed(Exception):
    """Standard output cannot be written: closed, a broken pipe, or a failing device."""


def use_replacement_characters() -> None:
    """Make stdout and stderr escape what their encoding cannot show, rather than raise."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError, OSError):  # closed: nothing to configure
                stream.reconfigure(errors="backslashreplace")


def write_out(text: str, *, flush: bool = False) -> None:
    """Write ``text`` to standard output; OutputClosed if it cannot be written."""
    stream = sys.stdout
    if stream is None:  # started with standard output closed
        raise OutputClosed("standard output is closed")
    try:
        stream.write(text)
        if flush:
            stream.flush()
    except (OSError, ValueError) as exc:  # ValueError: the stream object was closed
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise OutputClosed(f"standard output was closed ({reason})") from None


def say(message: str) -> None:
    """Write one line to standard error, if there is one that works."""
    stream = sys.stderr
    if stream is None:
        return
    with contextlib.suppress(OSError, ValueError):
        stream.write(message + "\n")
        stream.flush()


def discard_stdout() -> None:
    """Point standard output at the null device, so exiting does not fail flushing it.

    Python flushes ``sys.stdout`` at exit; after a broken pipe that flush would
    print "Exception ignored ... BrokenPipeError".
    """
    stream = sys.stdout
    if stream is None:
        return
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)


def exit_now(code: int) -> NoReturn:
    """Exit at once with ``code``, standard output and error flushed first.

    For a stop signal, once every thread is joined and everything promised is
    written: freeing a large run's objects one by one (and Qt's) can take
    longer than the second a stop is promised to take.
    """
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
    os._exit(code)
