"""Convert a streamed trace in a process of its own, on another core than the run's.

Turning a run's events into trace JSON costs about as much as the run: in
the run's process, every conversion holds the GIL the workers need, so a
traced run took up to three times as long. :class:`TraceProcess` hands the
events, a batch at a time and pickled in columns (one C call per batch), to
a converter process running :class:`~threadcomm.core.trace_stream.TraceStream`
(started as ``python -m threadcomm --trace-converter``, or the bundle with
that flag), and writes what it sends back (compressed there for ``.gz``)
into the file this process opened: the target is still written atomically,
and a stopped run still leaves nothing behind.

Every wait is bounded: the batches go through a bounded queue (the run waits
for a converter that falls behind, so memory stays bounded), each step of a
wait ends once the converter failed or the trace was discarded, and a
converter that does not end when told is killed. The converter runs in a
session of its own, so a Ctrl+C at the terminal reaches only this process,
which stops the run and then the converter. Pure Python; never imports Qt.
"""

from __future__ import annotations

import errno
import os
import pickle
import struct
import subprocess
import sys
import threading
from typing import IO, TYPE_CHECKING, Any

from threadcomm.core.background_writer import BackgroundWriter
from threadcomm.core.trace_stream import EventBatches

if TYPE_CHECKING:
    from collections.abc import Callable

    from threadcomm.core.trace import TraceEvent

__all__ = ["CONVERTER_FLAG", "TraceProcess", "converter_command", "serve"]

#: The command-line flag that makes threadcomm a trace converter (not for people).
CONVERTER_FLAG = "--trace-converter"
#: Events pickled and sent at a time: about 0.3 ms of the run's time each.
_BATCH = 1_000
#: Bytes read at a time from the converter's output.
_READ = 1 << 20
#: Each frame: its length, then a pickle; a length of 0 ends the trace.
_LENGTH = struct.Struct(">I")
#: Seconds to wait for the converter to end once told to, before it is killed.
_END_S = 5.0
#: Seconds of each step of a wait for the converter to finish its output.
_STEP_S = 0.1
#: The converter's exit code when its input ended without the end frame.
_ABANDONED = 3


def converter_command() -> list[str]:
    """The command that starts a converter: the bundle itself, or this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable, CONVERTER_FLAG]
    return [sys.executable, "-m", "threadcomm", CONVERTER_FLAG]


def _converter_env() -> dict[str, str]:
    """The environment, with this package importable however it was found."""
    env = dict(os.environ)
    if not getattr(sys, "frozen", False):
        here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
    return env


class ConverterFailed(OSError):
    """The converter process failed: its own words, or how it ended."""


def _frame(payload: bytes) -> bytes:
    return _LENGTH.pack(len(payload)) + payload


def _columns(batch: list[TraceEvent]) -> bytes:
    """The batch as six pickled columns; a value pickle cannot take is sent as JSON shows it."""
    columns = list(zip(*batch, strict=True))
    try:
        return pickle.dumps(columns, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an item pickle cannot take: a value the JSON shows as text anyway
        from threadcomm.core.export import _json_safe

        columns[4] = tuple(_json_safe(value) for value in columns[4])
        return pickle.dumps(columns, protocol=pickle.HIGHEST_PROTOCOL)


class TraceProcess(EventBatches):
    """A Chrome trace written to ``file`` as a run's events arrive, converted in another process.

    The same interface as :class:`~threadcomm.core.trace_stream.TraceStream`:
    :meth:`add` from any thread, then :meth:`close` or :meth:`discard`.

    Parameters
    ----------
    file
        An open binary file; the converter's output is written into it, and
        the caller closes it once :meth:`close` or :meth:`discard` returned.
    compress
        Whether the converter gzip-compresses the trace (for ``.json.gz``).
    t0_ns, process_name
        As for :class:`~threadcomm.core.trace_stream.TraceStream`.
    on_error
        Called (in whichever thread found it) once converting or writing
        failed: stop the run then.

    Raises
    ------
    OSError
        When the converter process cannot be started.
    """

    def __init__(
        self,
        file: IO[bytes],
        *,
        compress: bool,
        t0_ns: int,
        process_name: str = "threadcomm",
        on_error: Callable[[], object] | None = None,
    ) -> None:
        super().__init__()
        self._file = file
        self._on_error = on_error
        self._failed_once = threading.Lock()
        self._child = subprocess.Popen(  # this program, by its own path
            converter_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_converter_env(),
            start_new_session=os.name == "posix",
        )
        assert self._child.stdin is not None and self._child.stdout is not None
        self._sender: BackgroundWriter[bytes] = BackgroundWriter(
            self._child.stdin, on_error=self._send_failed
        )
        self._receiver = threading.Thread(target=self._receive, name="trace-receiver", daemon=True)
        self._receiver.start()
        settings = {"t0_ns": t0_ns, "process_name": process_name, "compress": compress}
        self._sender.write(_frame(pickle.dumps(settings)))

    @property
    def converter_exit_code(self) -> int | None:
        """The converter process's exit code, or None while it runs."""
        return self._child.poll()

    def _handle_pending(self) -> None:
        """Send the events taken so far to the converter (the lock held)."""
        batch = self._take_pending()
        if batch and self.error is None:
            self._sender.write(_frame(_columns(batch)))

    def close(self) -> None:
        """Send what is left, end the trace and wait until all of it is written.

        Raises
        ------
        OSError
            What made writing fail, or the converter's failure in its own words.
        """
        with self._lock:
            if self.error is None:
                self._handle_pending()
                self._sender.write(_LENGTH.pack(0))
        try:
            self._sender.close()
        except OSError as exc:
            self._fail(exc)
        self._close_input()
        while self._receiver.is_alive():  # ends with the converter's output
            self._receiver.join(_STEP_S)
            if self.error is not None and self._child.poll() is None:
                self._end_child()
        self._end_child()
        if self.error is None and self._child.returncode != 0:
            self._fail(self._converter_failure())
        self._release()
        if self.error is not None:
            raise self.error

    def discard(self) -> None:
        """Stop converting and writing, leaving the document unfinished: the run was abandoned."""
        if self.error is None:
            self.error = ValueError("the trace was discarded")
        self._pending.clear()
        self._child.kill()  # its output is not wanted: no need to wait for it
        self._sender.abandon()
        self._close_input()
        self._end_child()
        self._receiver.join(_END_S)
        self._release()

    # -- the converter's output, and its end ---------------------------------

    def _receive(self) -> None:
        """Copy the converter's output into the file, until it ends (the receiving thread)."""
        assert self._child.stdout is not None
        read = self._child.stdout.read1  # type: ignore[attr-defined]
        try:
            while data := read(_READ):
                if self.error is None:
                    self._file.write(data)
        except OSError as exc:  # disk full, a closed pipe: the converter is not needed
            self._fail(exc)
            self._child.kill()
            self._end_child()

    def _send_failed(self) -> None:
        """The converter stopped taking events: it failed, and says why on exit."""
        self._fail(self._converter_failure())

    def _fail(self, exc: Exception) -> None:
        with self._failed_once:
            if self.error is not None:
                return
            self.error = exc
        if self._on_error is not None:
            self._on_error()

    def _close_input(self) -> None:
        stdin = self._child.stdin
        if stdin is not None:
            try:
                stdin.close()
            except OSError:  # the converter is gone already
                pass

    def _release(self) -> None:
        """Close the converter's output pipes, once nothing reads them any more."""
        if not self._receiver.is_alive():
            for pipe in (self._child.stdout, self._child.stderr):
                if pipe is not None:
                    pipe.close()

    def _end_child(self) -> None:
        """Wait a few seconds for the converter to end; kill it if it does not."""
        try:
            self._child.wait(_END_S)
        except subprocess.TimeoutExpired:
            self._child.kill()
            self._child.wait(_END_S)

    def _converter_failure(self) -> ConverterFailed:
        """The converter's failure, in its last words or by its exit code."""
        self._end_child()
        words = ""
        if self._child.stderr is not None:
            try:
                words = self._child.stderr.read(4096).decode("utf-8", "replace").strip()
            except (OSError, ValueError):
                words = ""
        last = words.splitlines()[-1] if words else f"it exited with {self._child.returncode}"
        return ConverterFailed(errno.EIO, f"the trace converter failed: {last}")


# -- the converter process ------------------------------------------------------


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    data = stream.read(size)
    return data if len(data) == size else None


def _frames(stream: IO[bytes]) -> Any:
    """Each frame's unpickled payload, in order; ``...`` for the end frame."""
    while (head := _read_exactly(stream, _LENGTH.size)) is not None:
        (size,) = _LENGTH.unpack(head)
        if size == 0:
            yield ...
            return
        payload = _read_exactly(stream, size)
        if payload is None:
            return
        yield pickle.loads(payload)  # the frames come from our own parent


def serve() -> int:
    """The converter: frames on standard input, the trace's bytes on standard output.

    Returns
    -------
    int
        0 once the whole trace was written; 3 when the input ended before the
        end frame (the run was discarded); 1 after a failure, said on
        standard error.
    """
    import gzip
    import io

    from threadcomm.core.export import _GZIP_LEVEL
    from threadcomm.core.trace import TraceEvent
    from threadcomm.core.trace_stream import TraceStream

    source = os.fdopen(0, "rb", buffering=1 << 20)
    raw = os.fdopen(1, "wb", buffering=0)
    frames = _frames(source)
    try:
        settings = next(frames)
        packed: IO[bytes] = raw
        if settings["compress"]:
            packed = gzip.GzipFile(  # type: ignore[assignment]
                filename="", fileobj=raw, mode="wb", compresslevel=_GZIP_LEVEL, mtime=0
            )
        text = io.TextIOWrapper(packed, encoding="utf-8", newline="\n")
        stream = TraceStream(text, t0_ns=settings["t0_ns"], process_name=settings["process_name"])
        make = TraceEvent._make
        for columns in frames:
            if columns is ...:
                stream.close()
                text.close()
                return 0
            stream.add_batch(list(map(make, zip(*columns, strict=True))))
            if stream.error is not None:
                raise stream.error
        stream.discard()
        return _ABANDONED
    except StopIteration:
        return _ABANDONED
    except BrokenPipeError:  # the parent stopped reading: it discarded the trace
        return _ABANDONED
    except Exception as exc:
        sys.stderr.write(f"{type(exc).__name__}: {exc}\n")
        return 1
