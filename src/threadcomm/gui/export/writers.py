"""The File menu's exports as plain functions: trace, log, results CSV and PNG pictures.

Every writer takes an explicit ``overwrite``: without it an existing file is
refused (:class:`FileExistsError`) and left alone. The window asks the person
first (the save dialog confirms a replacement) and then passes
``overwrite=True``. Every file is written the way
:mod:`threadcomm.core.output_file` writes one (a temporary file beside the
target, renamed over it), so a failed export never leaves half a file;
:func:`describe_error` turns any failure into one sentence that names the file.

None of these touches a widget: the window grabs its pictures as ``QImage``
(safe off the GUI thread) and runs the writers on a worker thread.
"""

from __future__ import annotations

import csv
import errno
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice

from threadcomm.core.datalist import format_item
from threadcomm.core.export import Delivery, text_log, write_chrome_trace, write_text_log
from threadcomm.core.output_file import write_bytes_file, write_text_file

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import TextIO

    from PySide6.QtGui import QImage

    from threadcomm.gui.run.results import ResultRow
    from threadcomm.gui.run.trace_recorder import TraceSnapshot

__all__ = [
    "RESULT_COLUMNS",
    "deliveries",
    "describe_error",
    "png_bytes",
    "read_results_csv",
    "refuse_existing",
    "result_rows",
    "truncation_note",
    "write_log",
    "write_png",
    "write_results_csv",
    "write_trace",
]

#: The CSV header, one column per field of a result.
RESULT_COLUMNS = ("#", "item", "result", "computed_by", "slot_thread", "latency_ms")

_REASONS = {
    errno.EACCES: "permission denied (choose a folder you may write to)",
    errno.EPERM: "permission denied (choose a folder you may write to)",
    errno.ENOENT: "that folder does not exist",
    errno.ENOTDIR: "part of that path is not a folder",
    errno.EISDIR: "that is a folder, not a file",
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the disk is read-only",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EDQUOT: "your disk quota is used up",
}


def refuse_existing(path: str | os.PathLike[str], overwrite: bool) -> None:
    """Raise FileExistsError if ``path`` exists and ``overwrite`` is False."""
    if not overwrite and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, "the file already exists", os.fspath(path))


def describe_error(exc: BaseException, path: str | os.PathLike[str]) -> str:
    """One plain sentence saying why ``path`` could not be written."""
    target = os.fspath(path)
    if isinstance(exc, FileExistsError):
        return f"Did not save: {target} already exists, and it was left as it was."
    if isinstance(exc, OSError):
        reason = _REASONS.get(exc.errno or 0) or exc.strerror or str(exc) or "unknown error"
        return f"Could not save {target}: {reason}. Nothing was written."
    return f"Could not save {target}: {type(exc).__name__}: {exc}. Nothing was written."


# -- results ---------------------------------------------------------------------------


def result_rows(results: Sequence[ResultRow]) -> list[list[str]]:
    """The results as CSV rows (without the header), the way the results table shows them."""
    return [
        [
            str(r.index + 1),
            format_item(r.item),  # type: ignore[arg-type]
            format_item(r.value),  # type: ignore[arg-type]
            r.thread,
            r.slot_thread,
            f"{r.latency_ms:.3f}",
        ]
        for r in results
    ]


def write_results_csv(
    path: str | os.PathLike[str], results: Sequence[ResultRow], *, overwrite: bool
) -> int:
    """Write the results as CSV (header :data:`RESULT_COLUMNS`); return the rows written."""
    refuse_existing(path, overwrite)
    rows = result_rows(results)

    def write(file: TextIO) -> None:
        writer = csv.writer(file)
        writer.writerow(RESULT_COLUMNS)
        writer.writerows(rows)

    write_text_file(path, write)
    return len(rows)


def read_results_csv(path: str | os.PathLike[str]) -> list[list[str]]:
    """The rows of a results CSV written by :func:`write_results_csv` (ValueError if not one)."""
    with open(path, encoding="utf-8", newline="") as file:
        reader = csv.reader(file)
        header = next(reader, None)
        if header is None or tuple(header) != RESULT_COLUMNS:
            raise ValueError(f"{os.fspath(path)} is not a threadcomm results file")
        return list(reader)


# -- trace and log ---------------------------------------------------------------------


def deliveries(results: Sequence[ResultRow]) -> list[Delivery]:
    """When and where each result's slot ran, for the trace's GUI-thread track."""
    return [Delivery(r.index, r.slot_thread, r.emitted_ns, r.delivered_ns) for r in results]


def truncation_note(snapshot: TraceSnapshot) -> str:
    """'' or a sentence saying that only the first events were kept."""
    if not snapshot.truncated:
        return ""
    return f"Only the first {snapshot.kept:,} of {snapshot.total:,} events were kept."


def write_trace(
    path: str | os.PathLike[str],
    snapshot: TraceSnapshot,
    results: Sequence[ResultRow],
    *,
    overwrite: bool,
    between_chunks: Callable[[], object] | None = None,
) -> None:
    """Write the run as Chrome Trace JSON (Perfetto); a truncated run says so in its name.

    ``between_chunks`` is called between chunks of the file (see
    :func:`~threadcomm.core.export.write_chrome_trace`).
    """
    refuse_existing(path, overwrite)
    note = truncation_note(snapshot)
    name = f"threadcomm (truncated: {note})" if note else "threadcomm"
    write_chrome_trace(
        path,
        snapshot.events(),
        deliveries(results),
        process_name=name,
        between_chunks=between_chunks,
    )


def write_log(path: str | os.PathLike[str], snapshot: TraceSnapshot, *, overwrite: bool) -> None:
    """Write the threads' printed lines, stamped with time and thread, as text.

    A truncated run ends with a line that says so.
    """
    refuse_existing(path, overwrite)
    if not snapshot.truncated:
        write_text_log(path, snapshot.events())
        return
    text = text_log(snapshot.events()) + f"(truncated: {truncation_note(snapshot)})\n"
    write_text_file(path, lambda file: file.write(text))


# -- pictures ----------------------------------------------------------------------------


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 wants the format as str; its stubs say bytes (which it refuses at run time).
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise OSError(errno.EIO, "the picture could not be encoded as PNG")
    buffer.close()
    return bytes(data.data())


def write_png(path: str | os.PathLike[str], image: QImage, *, overwrite: bool) -> None:
    """Write ``image`` as a PNG file."""
    refuse_existing(path, overwrite)
    write_bytes_file(path, png_bytes(image))
