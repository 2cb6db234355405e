"""Exceptions that escape a worker thread or a Qt slot, collected instead of lost.

The ``caught`` fixture (this folder's conftest) installs a :class:`Caught` as
``sys.excepthook`` and ``threading.excepthook`` for one test.
"""

from __future__ import annotations

import sys
import threading
import traceback

__all__ = ["Caught"]


class Caught:
    """Exceptions that reached ``sys.excepthook`` (slots) or ``threading.excepthook``."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self._lock = threading.Lock()

    def _add(self, where: str, exc: BaseException | None, tb: object) -> None:
        text = "".join(traceback.format_exception(type(exc), exc, tb))  # type: ignore[arg-type]
        sys.stderr.write(f"reliability: exception in {where}:\n{text}")
        with self._lock:
            self.errors.append(f"{where}: {type(exc).__name__}: {exc}\n{text}")

    def sys_hook(self, kind: type[BaseException], exc: BaseException, tb: object) -> None:
        self._add("a slot or the GUI thread (sys.excepthook)", exc, tb)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        name = args.thread.name if args.thread is not None else "?"
        self._add(f"thread {name} (threading.excepthook)", args.exc_value, args.exc_traceback)

    def take(self) -> list[str]:
        """The exceptions so far (they no longer fail the test)."""
        with self._lock:
            taken, self.errors = self.errors, []
        return taken

    def assert_none(self) -> None:
        assert not self.errors, "exceptions were raised:\n" + "\n".join(self.errors)
