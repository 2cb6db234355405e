"""Open the window (``threadcomm``), start a run at once (``--start``) or run ``--self-test``."""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QApplication

from threadcomm import __version__
from threadcomm.console import exit_now
from threadcomm.core.config import WATCH_DELAY_S
from threadcomm.core.run_request import UsageError, run_request
from threadcomm.gui.platform_guard import guard_platform_start
from threadcomm.gui.signal_watch import SignalWatch
from threadcomm.gui.window.app_icon import install_app_identity
from threadcomm.gui.window.main_window import MainWindow
from threadcomm.gui.window.preferences import APPLICATION, ORGANIZATION, RunOptions
from threadcomm.stop_signals import signal_name

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from types import TracebackType

__all__ = ["has_run_options", "run_app", "run_options_from"]

#: Smallest default text size (points): readable from the back of a classroom.
MIN_POINT_SIZE = 11


def has_run_options(args: argparse.Namespace) -> bool:
    """Whether the command line describes a run (then it overrides the saved run options)."""
    given = (args.data, args.consumers, args.maxsize, args.delay, args.scenario)
    return any(value is not None for value in given) or bool(args.no_handshake)


def run_options_from(args: argparse.Namespace, *, default_delay: float) -> RunOptions:
    """The controls' values for the run the command line describes (UsageError if bad)."""
    run = run_request(args, default_delay=default_delay)
    config = run.config
    return RunOptions(
        data=run.data,
        consumers=config.consumers,
        maxsize=config.maxsize,
        delay=config.delay,
        handshake=config.handshake,
        scenario=run.scenario.name if run.scenario is not None else "tutorial",
    )


def application() -> QApplication:
    """The QApplication, named so QSettings finds threadcomm's file, with readable text."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        with guard_platform_start():  # a platform that cannot start: exit 2, one line
            app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("threadcomm")
    app.setApplicationVersion(__version__)
    install_app_identity(app)
    font = app.font()
    if font.pointSize() < MIN_POINT_SIZE:
        font.setPointSize(MIN_POINT_SIZE)
        app.setFont(font)
    return app


def _report_slot_errors_in(window: MainWindow) -> Callable[..., object]:
    """Show an exception that escapes a slot in the window, not only on a terminal.

    PySide6 hands such an exception to sys.excepthook and carries on; a student
    who double-clicked the app has no terminal, so the banner says it too.
    """
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        previous(kind, error, tb)  # the full traceback still goes to stderr
        message = (
            f"Internal error in the window: {kind.__name__}: {error}. The window keeps "
            f"working; please report this (details are printed on the terminal)."
        )
        with contextlib.suppress(RuntimeError):  # the window may already be gone
            window.banner.show_message("error", message)
            # The banner is replaced when the run ends; the status line keeps it.
            window.statusBar().showMessage(message)

    sys.excepthook = hook
    return previous


class _CloseOnSignal(QObject):
    """Closes the window on a stop signal (so its threads are joined); keeps the exit code."""

    def __init__(self, window: MainWindow, watch: SignalWatch) -> None:
        super().__init__(window)
        self._window = window
        self.code: int | None = None
        watch.signal_received.connect(self._on_signal_received)

    @Slot(int)
    def _on_signal_received(self, signum: int) -> None:
        if self.code is not None:
            return
        ran = self._window.controller.active
        self.code = 1 if ran else 128 + signum
        print(f"threadcomm: stopped by {signal_name(signum)}", file=sys.stderr)
        self._window.close()
        QApplication.quit()


def run_app(args: argparse.Namespace) -> int:
    """Run the window (or the self-test) until it closes; return the exit code.

    SIGINT and SIGTERM close the window the normal way: exit 1 if a run was
    stopped, else the shell's 128 + signal number.
    """
    app = application()
    watch = SignalWatch()
    try:
        code = _run_window(app, args, watch)
    finally:
        watch.close()
    if watch.received is not None:
        exit_now(code)  # the window closed: its threads are joined
    return code


def _run_window(app: QApplication, args: argparse.Namespace, watch: SignalWatch) -> int:
    try:
        if args.self_test:
            from threadcomm.gui.self_test import run_self_test

            # A measurement: no delay unless the command line asks for one.
            options = run_options_from(args, default_delay=0.0)
            return run_self_test(app, options, watch, exercise=args.exercise)
        wanted = (
            run_options_from(args, default_delay=WATCH_DELAY_S) if has_run_options(args) else None
        )
    except UsageError as exc:
        print(f"threadcomm: {exc}", file=sys.stderr)
        return 2
    previous_hook = sys.excepthook
    try:
        window = MainWindow()
        on_signal = _CloseOnSignal(window, watch)
        _report_slot_errors_in(window)
        if wanted is not None:
            window.apply_launch_options(wanted)
        window.show()
        if args.start:
            window.start()
        code = app.exec()
        return code if on_signal.code is None else on_signal.code
    except Exception as error:  # a double-click must never fail in silence
        # Imported only now: the dialog and the log writer are not needed to open the window.
        from threadcomm.gui.failure_report import report_failure

        report_failure(error, watch.signal_received)
        return 1
    finally:
        sys.excepthook = previous_hook
