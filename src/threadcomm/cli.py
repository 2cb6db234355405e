"""The command line: ``--headless`` runs the threads and prints; otherwise the window opens.

A headless run imports no Qt. Exit codes: 0 the run completed; 1 the run
failed (a fault, a deadlock, a hang, or it was stopped); 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING

from threadcomm import __version__
from threadcomm.console import (
    OutputClosed,
    discard_stdout,
    exit_now,
    say,
    use_replacement_characters,
    write_out,
)
from threadcomm.core.config import MAX_CONSUMERS, TUTORIAL_DATA, WATCH_DELAY_S
from threadcomm.core.memory import peak_rss_mb
from threadcomm.core.mistake_run import new_pipeline
from threadcomm.core.output_file import output_problem
from threadcomm.core.run_request import UsageError, read_data_file, run_request
from threadcomm.core.trace import Result, Status, Summary, TraceEvent, log_line
from threadcomm.stop_signals import Interrupted, StopSignals, signal_name

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import BinaryIO

    from threadcomm.core.config import RunConfig
    from threadcomm.core.pipeline import Pipeline
    from threadcomm.core.trace_process import TraceProcess

__all__ = ["build_parser", "main"]

EXIT_OK, EXIT_RUN_FAILED, EXIT_USAGE = 0, 1, 2


#: Options whose value may start with "-" (a negative number or range): ``--data -5..5``.
_VALUE_OPTIONS = frozenset({"--data", "--consumers", "--maxsize", "--delay"})


def _int(text: str) -> int:
    """A whole number in ASCII digits (``int()`` would also take ``'٣'``)."""
    if not text.isascii():
        raise ValueError(text)
    return int(text)


def _float(text: str) -> float:
    """A decimal number in ASCII digits (``float()`` would also take ``'٣'``)."""
    if not text.isascii():
        raise ValueError(text)
    return float(text)


_int.__name__, _float.__name__ = "int", "float"  # argparse: "invalid int value: 'two'"


def _joined_values(argv: list[str]) -> list[str]:
    """``--data -5..5`` as ``--data=-5..5``: argparse would take ``-5..5`` for an option."""
    joined: list[str] = []
    tokens = iter(argv)
    for token in tokens:
        if token == "--":
            joined.append(token)
            joined.extend(tokens)
            break
        if token in _VALUE_OPTIONS:
            value = next(tokens, None)
            if value is not None and value[:1] == "-" and not value[1:2].isalpha():
                if value[1:2] != "-":
                    joined.append(f"{token}={value}")
                    continue
            joined.append(token)
            if value is not None:
                joined.append(value)
            continue
        joined.append(token)
    return joined


def build_parser() -> argparse.ArgumentParser:
    """The argument parser shared by the headless run, the window and the self-test."""
    parser = argparse.ArgumentParser(
        prog="threadcomm",
        description="See how a creator thread and consumer threads talk through a "
        "queue.Queue and one threading.Event per item.",
    )
    run = parser.add_argument_group("the run")
    run.add_argument(
        "--data",
        metavar="TEXT",
        help=f'the data list (default "{TUTORIAL_DATA}"); '
        "comma or space separated numbers, 'strings' and ranges like 1..100",
    )
    run.add_argument(
        "--data-file",
        metavar="FILE",
        help="read the data list from FILE (UTF-8; - for standard input): for lists "
        "longer than a command line takes, such as one very long string",
    )
    run.add_argument(
        "--consumers", type=_int, metavar="N", help=f"consumer threads, 1-{MAX_CONSUMERS}"
    )
    run.add_argument("--maxsize", type=_int, metavar="N", help="queue capacity; 0 = unbounded")
    run.add_argument(
        "--delay",
        type=_float,
        metavar="SECONDS",
        help=f"pause before each statement (window default {WATCH_DELAY_S:g}, headless 0)",
    )
    run.add_argument(
        "--no-handshake",
        action="store_true",
        help="the creator does not wait on each item's Event",
    )
    run.add_argument(
        "--scenario", metavar="NAME", help="start from a scenario (see --list-scenarios)"
    )
    run.add_argument("--list-scenarios", action="store_true", help="list the scenarios and exit")
    mode = parser.add_argument_group("how to run")
    mode.add_argument(
        "--headless", action="store_true", help="no window: print the tutorial's lines"
    )
    mode.add_argument(
        "--quiet", action="store_true", help="headless: leave out the per-item lines"
    )
    mode.add_argument(
        "--summary-json",
        action="store_true",
        help="headless: end with one JSON line describing the run",
    )
    mode.add_argument(
        "--trace-out",
        metavar="FILE",
        help="headless: write a Chrome trace (Perfetto); - for standard output",
    )
    mode.add_argument(
        "--search-schedules",
        action="store_true",
        help="headless: search the threads' orderings for one that ends badly; print it as JSON",
    )
    mode.add_argument(
        "--replay-schedule",
        metavar="FILE",
        help="headless: replay a schedule (JSON) statement for statement; print its outcome",
    )
    mode.add_argument("--start", action="store_true", help="window: start the run at once")
    mode.add_argument(
        "--self-test",
        action="store_true",
        help="open the window, drive a run through it, print one JSON line",
    )
    mode.add_argument(
        "--exercise",
        action="store_true",
        help="self-test: meanwhile pause and resume, export the trace, zoom the "
        "timeline and raise every view",
    )
    desktop = parser.add_argument_group("menu entry (Linux)")
    desktop.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add threadcomm to this user's applications menu, with its icon, and exit",
    )
    desktop.add_argument(
        "--uninstall-desktop-entry",
        action="store_true",
        help="remove the menu entry --install-desktop-entry added, and exit",
    )
    parser.add_argument("--version", action="version", version=f"threadcomm {__version__}")
    return parser


def _drop(event: TraceEvent) -> None:
    """A quiet run that keeps no trace: the event has been reported, and that is all."""


class ConsoleSink:
    """Prints the tutorial's lines as the threads reach them; keeps the trace if asked."""

    def __init__(self, *, quiet: bool, keep_trace: bool) -> None:
        self._quiet = quiet
        self._lock = threading.Lock()  # one line at a time, whichever thread prints
        self.events: list[TraceEvent] | None = [] if keep_trace else None
        self._stream: TraceProcess | None = None
        self.summary: Summary | None = None
        self.done = threading.Event()
        #: Why standard output stopped working, once it did; the run is then stopped.
        self.output_closed: OutputClosed | None = None
        #: What the pipeline calls with each event (every worker, every statement): the
        #: least work that does what was asked, chosen once (see :meth:`_choose_trace`).
        self.trace: Callable[[TraceEvent], None]
        self._choose_trace()

    @property
    def stream(self) -> TraceProcess | None:
        """Where the events go while the run goes, when the trace is streamed."""
        return self._stream

    @stream.setter
    def stream(self, stream: TraceProcess | None) -> None:
        self._stream = stream
        self._choose_trace()

    def _choose_trace(self) -> None:
        """Quiet, the events go straight to the stream, or nowhere; else they are printed."""
        if self._quiet and self.events is None:
            self.trace = _drop if self._stream is None else self._stream.add
        else:
            self.trace = self._print_and_keep

    def _print_and_keep(self, event: TraceEvent) -> None:
        """Print the event's tutorial line; keep the event when tracing.

        A failing standard output is noted, not raised: it is not the thread's fault.
        """
        if self._stream is not None:
            self._stream.add(event)
        elif self.events is not None:
            self.events.append(event)
        if not self._quiet and (line := log_line(event)) is not None:
            with self._lock:
                if self.output_closed is None:
                    try:
                        write_out(line + "\n")
                    except OutputClosed as exc:
                        self.output_closed = exc
                        self.done.set()  # wake the main thread: it stops the run

    def result(self, result: Result) -> None:
        """Results are printed as trace lines already."""

    def finished(self, summary: Summary) -> None:
        """Keep the summary and wake the main thread."""
        self.summary = summary
        self.done.set()


def _check_trace_target(args: argparse.Namespace) -> None:
    """Refuse a --trace-out that cannot be honoured, before anything runs."""
    if args.trace_out is None:
        return
    if not args.headless:
        raise UsageError(
            "--trace-out works with --headless only (in the window, use File > Export trace)"
        )
    if problem := output_problem(args.trace_out):
        raise UsageError(f"--trace-out {args.trace_out!r}: {problem}")


def _json_safe(value: object) -> object:
    """``value`` with every infinity and NaN written as text: JSON has no such numbers."""
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    return value


def _summary_line(summary: Summary, *, streamed: bool) -> str:
    fields = {**summary.to_json(), "peak_rss_mb": peak_rss_mb()}
    if streamed:  # the converter process's memory is the trace's, not the run's
        fields["trace_converter_peak_rss_mb"] = peak_rss_mb(children=True)
    try:  # the C encoder, in one pass: a stopped run of a million items lists most of them
        return json.dumps(fields, allow_nan=False) + "\n"
    except ValueError:  # an infinity or NaN among the results
        return json.dumps(_json_safe(fields), allow_nan=False) + "\n"


def _run(pipeline: Pipeline, sink: ConsoleSink, signals: StopSignals) -> Summary:
    """Run the pipeline to its end; a signal or a closed output stops it. Threads are joined."""
    with signals.only_asking():
        pipeline.start()
        while not sink.done.wait(0.05):
            if signals.received is not None:
                break
        if sink.summary is None:
            pipeline.stop()
        while not pipeline.wait(0.05):
            pass
    assert sink.summary is not None  # the coordinator reports before it ends
    return sink.summary


def _trace_unwritten(target: str, exc: OSError) -> int:
    """Say why the trace could not be written; the exit code (a closed stdout is raised)."""
    if target == "-":
        raise OutputClosed(f"standard output was closed ({exc.strerror})") from None
    say(f"threadcomm: --trace-out: could not write the trace: {exc}")
    return EXIT_RUN_FAILED


class _TraceAbandoned(Exception):
    """The run was stopped: the streamed trace is discarded (a regular file is not replaced)."""


def _run_streaming_trace(
    args: argparse.Namespace, config: RunConfig, sink: ConsoleSink, signals: StopSignals
) -> None:
    """Run with the trace written to ``--trace-out`` as the run goes.

    The run happens inside the write of the target, so a regular file is
    replaced only by a complete trace of a run that was not stopped, and the
    temporary file is removed on any failure. The events are converted (and
    compressed) in a process of their own, on the other core.
    """
    from threadcomm.core.output_file import write_binary_file
    from threadcomm.core.trace_process import TraceProcess

    def write(file: BinaryIO) -> None:
        with signals.only_asking():  # from here on a signal stops the run, then the write
            stream = TraceProcess(
                file,
                compress=args.trace_out.endswith(".gz"),
                t0_ns=time.monotonic_ns(),
                on_error=sink.done.set,
            )
            sink.stream = stream
            try:
                _run(new_pipeline(config, sink), sink, signals)
            except BaseException:
                stream.discard()  # its converter ends before the file is removed
                raise
            if signals.received is not None or sink.output_closed is not None:
                stream.discard()
                raise _TraceAbandoned
            stream.close()  # raises what made a write fail; a device gets a whole document

    write_out("", flush=True)
    # Once its temporary file may exist, a signal stops the run and then the write,
    # which removes that file: it never ends the process before the run began.
    with signals.only_asking(), contextlib.suppress(_TraceAbandoned):
        write_binary_file(args.trace_out, write)


def _headless(args: argparse.Namespace, signals: StopSignals) -> int:
    config = run_request(args, default_delay=0.0).config
    _check_trace_target(args)
    # Standard output gets the trace after the printed lines: streamed only when quiet.
    streamed = args.trace_out is not None and (args.quiet or args.trace_out != "-")
    sink = ConsoleSink(quiet=args.quiet, keep_trace=args.trace_out is not None and not streamed)
    code = EXIT_OK
    if streamed:
        try:
            _run_streaming_trace(args, config, sink, signals)
        except OSError as exc:
            code = _trace_unwritten(args.trace_out, exc)
        except Interrupted as exc:
            signals.received = exc.signum
        if sink.summary is None:  # stopped before the run began
            raise Interrupted(signals.received or signal.SIGINT)
        summary = sink.summary
    else:
        summary = _run(new_pipeline(config, sink), sink, signals)
    if sink.output_closed is not None:
        raise sink.output_closed
    if summary.status is not Status.COMPLETED:
        code = EXIT_RUN_FAILED
    if signals.received is not None:
        code = EXIT_RUN_FAILED
        unwritten = "; the trace was not written" if args.trace_out is not None else ""
        say(f"threadcomm: stopped by {signal_name(signals.received)}{unwritten}")
    if summary.status is not Status.COMPLETED:
        say(f"threadcomm: the run {summary.status}: {summary.diagnosis}".rstrip(": "))
    if args.trace_out is not None and sink.events is not None and signals.received is None:
        from threadcomm.core.export import write_chrome_trace

        write_out("", flush=True)  # the lines come before a trace written to standard output
        try:
            write_chrome_trace(args.trace_out, sink.events)
        except OSError as exc:
            code = _trace_unwritten(args.trace_out, exc)
        except Interrupted as exc:
            say(f"threadcomm: stopped by {exc}; the trace was not written")
            signals.received = exc.signum
            code = EXIT_RUN_FAILED
    with signals.only_asking():
        if args.summary_json:
            write_out(_summary_line(summary, streamed=streamed))
        write_out("", flush=True)
    return code


def _has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _list_scenarios() -> int:
    from threadcomm.core.scenarios import load_scenarios

    scenarios, problems = load_scenarios()
    width = max((len(s.name) for s in scenarios), default=0) + 2
    write_out(
        "".join(
            f"{s.name:{width}}{s.title}" + (f"  [{s.unavailable}]" if s.unavailable else "") + "\n"
            for s in scenarios
        ),
        flush=True,
    )
    for problem in problems:
        say(f"threadcomm: {problem}")
    return EXIT_OK


def _desktop_entry(*, install: bool) -> int:
    from threadcomm.desktop_entry import install_desktop_entry, uninstall_desktop_entry

    flag = "--install-desktop-entry" if install else "--uninstall-desktop-entry"
    try:
        files = install_desktop_entry() if install else uninstall_desktop_entry()
    except OSError as exc:
        print(f"threadcomm: {flag}: {exc}", file=sys.stderr)
        return EXIT_RUN_FAILED
    verb = "installed" if install else "removed"
    for path in files:
        print(f"{verb} {path}")
    if not files:
        print("threadcomm: no menu entry was installed for this user")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``threadcomm`` and ``python -m threadcomm``; returns the exit code."""
    use_replacement_characters()
    with StopSignals() as signals:
        try:
            code = _main(argv, signals)
        except Interrupted as exc:  # nothing ran: exit as the signal would have
            say(f"threadcomm: stopped by {exc}")
            code = exc.exit_code
        except OutputClosed as exc:
            say(f"threadcomm: {exc}; stopped")
            discard_stdout()
            code = EXIT_RUN_FAILED
    if signals.received is not None and argv is None:
        exit_now(code)  # the threads are joined and the output flushed: skip the teardown
    return code


def _main(argv: list[str] | None, signals: StopSignals) -> int:
    args = build_parser().parse_args(_joined_values(sys.argv[1:] if argv is None else argv))
    try:
        read_data_file(args)
        if args.list_scenarios:
            return _list_scenarios()
        if args.install_desktop_entry or args.uninstall_desktop_entry:
            return _desktop_entry(install=args.install_desktop_entry)
        if args.headless and (args.search_schedules or args.replay_schedule):
            from threadcomm.schedule_cli import replay_schedule, search_schedules

            if args.search_schedules:
                return search_schedules(args, signals)
            return replay_schedule(args, signals)
        if args.headless:
            return _headless(args, signals)
        run_request(args, default_delay=0.0)  # bad input fails here, before Qt loads
        _check_trace_target(args)
        if args.self_test and not _has_display():
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        if not _has_display():
            say(
                "threadcomm: no display found (DISPLAY and WAYLAND_DISPLAY are not set).\n"
                "  Run without a window:  threadcomm --headless\n"
                "  Or draw offscreen:     QT_QPA_PLATFORM=offscreen threadcomm --self-test"
            )
            return EXIT_USAGE
    except UsageError as exc:
        say(f"threadcomm: {exc}")
        return EXIT_USAGE
    from threadcomm.gui.app import run_app

    return run_app(args)
