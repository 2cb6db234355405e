"""A Qt platform that cannot start ends threadcomm with exit 2 and one line, not an abort.

When no platform plugin can be initialised (an unknown ``QT_QPA_PLATFORM``, a
display that cannot be reached, a missing system library), Qt reports a
fatal message and aborts the process (exit 134), after warnings whose last
one can mislead ("xcb-cursor0 ... is needed" when the display is simply
unreachable). :func:`guard_platform_start` installs a message handler for the
time the QApplication is made: it keeps the warnings and, on the fatal
message, prints what failed and where to read more, then exits with 2.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

if TYPE_CHECKING:
    from collections.abc import Iterator

    from PySide6.QtCore import QMessageLogContext

__all__ = ["README_SECTION", "explain_platform_failure", "guard_platform_start"]

#: Where the README says what to do.
README_SECTION = 'README.md, "When the window does not open"'
_PLATFORM = re.compile(r'platform plugin "([^"]*)"')
#: Qt's hint about xcb-cursor is printed for any xcb failure, the unreachable display too.
_CURSOR_HINT = "xcb-cursor0"


def explain_platform_failure(warnings: list[str], platform: str | None) -> str:
    """One line: which platform failed, the most telling reason, and what to read."""
    named = [m.group(1) for w in warnings if (m := _PLATFORM.search(w))]
    name = platform or (named[0] if named else "default")
    display = [w for w in warnings if "connect to display" in w]
    reasons = display or [w for w in warnings if _CURSOR_HINT not in w] or warnings
    reason = " ".join(reasons[0].split()) if reasons else "no platform plugin could be started"
    return (
        f"threadcomm: the Qt platform {name!r} cannot start: {reason.rstrip('.')}. "
        f"See {README_SECTION}."
    )


@contextlib.contextmanager
def guard_platform_start() -> Iterator[None]:
    """Within the block, a fatal Qt platform failure prints one line and exits with 2."""
    warnings: list[str] = []

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            platform = os.environ.get("QT_QPA_PLATFORM") or None
            with contextlib.suppress(OSError, ValueError, AttributeError):
                sys.stderr.write(explain_platform_failure(warnings, platform) + "\n")
                sys.stderr.flush()
            os._exit(2)  # returning would let Qt abort the process
        warnings.append(message)

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)
        for message in warnings:  # what Qt said is still shown, as it would have been
            with contextlib.suppress(OSError, ValueError, AttributeError):
                sys.stderr.write(message + "\n")
