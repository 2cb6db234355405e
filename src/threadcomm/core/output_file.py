"""Write an output file the way a careful command-line tool does.

A regular file (or a new path) is written to a temporary file beside it and
renamed over it, so a failed or interrupted write never leaves half a file;
the temporary file is removed on any exit Python sees (an exception, Ctrl+C,
or a signal turned into one). Anything else that can be written - a character
device such as ``/dev/null`` or ``/dev/stdout``, a FIFO, a terminal - is
written straight through: renaming over it would replace the device with a
regular file. A symbolic link is followed, never replaced; ``-`` is
standard output.

:func:`output_problem` checks a target before a run starts, so an impossible
one is reported before any work is done. Pure Python; never imports Qt.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import IO, Any, BinaryIO, TextIO

__all__ = [
    "STDOUT",
    "output_problem",
    "write_binary_file",
    "write_bytes_file",
    "write_text_file",
]

#: Tries at a free temporary name before giving up.
_TMP_TRIES = 8
#: Folders whose entries are devices or descriptors, whatever they resolve to.
_SYSTEM_FOLDERS = ("/dev/", "/proc/")
#: The command-line name of standard output.
STDOUT = "-"


def _resolved(path: str | os.PathLike[str]) -> str:
    """The path a write ends up at: every symbolic link followed (a dangling one too)."""
    return os.path.realpath(os.path.abspath(os.fspath(path)))


def output_problem(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` cannot be written, in a few words, or None when it looks writable.

    Checked without creating, opening or changing anything, so a FIFO with no
    reader does not block and a device is not touched.
    """
    target = os.fspath(path)
    if not target:
        return "the file name is empty"
    if target == STDOUT:
        return None
    real = _resolved(target)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        folder = os.path.dirname(real)
        if not os.path.isdir(folder):
            return f"the folder {folder!r} does not exist"
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"the folder {folder!r} cannot be written to (permission denied)"
        return None
    except OSError as exc:
        return exc.strerror or str(exc)
    if stat.S_ISDIR(mode):
        return "that is a folder, not a file"
    if not os.access(real, os.W_OK):
        return "permission denied"
    if stat.S_ISREG(mode) and not os.access(os.path.dirname(real), os.W_OK | os.X_OK):
        return f"the folder {os.path.dirname(real)!r} cannot be written to (permission denied)"
    return None


def _named(exc: OSError, target: str) -> OSError:
    """An OSError like ``exc`` whose message names ``target``, not a temporary name."""
    if exc.errno is None:
        return OSError(f"cannot write {target!r}: {exc}")
    return OSError(exc.errno, f"cannot write file: {exc.strerror or exc}", target)


class _Temporary:
    """A new, hidden temporary file beside the target, removed unless renamed.

    Its name is known before the file is created, so an exception raised at
    any point after the creation (a signal turned into one included) finds
    the name to remove.
    """

    def __init__(self, folder: str, base: str) -> None:
        self._folder, self._base = folder, base
        self.path = ""

    def create(self, *, binary: bool) -> IO[Any]:
        """Create the file and return it open for writing bytes, or UTF-8 text."""
        for attempt in range(_TMP_TRIES):
            self.path = os.path.join(self._folder, f".{self._base}.{secrets.token_hex(4)}.tmp")
            try:
                return _open(self.path, "x", binary=binary)  # the caller closes it
            except FileExistsError:
                self.path = ""  # someone else's file: never ours to remove
                if attempt == _TMP_TRIES - 1:
                    raise
        raise FileExistsError(errno.EEXIST, "no free temporary name", self._folder)

    def discard(self) -> None:
        """Remove the file, if it was made."""
        if self.path:
            with contextlib.suppress(OSError):
                os.unlink(self.path)


def _is_system_path(target: str) -> bool:
    """Whether ``target`` names a device or descriptor by name (``/dev/stdout``, ``/proc/...``).

    ``/dev/stdout`` resolves to whatever standard output is, perhaps a regular
    file the shell opened: it must be written into, never renamed over.
    """
    return os.name == "posix" and os.path.abspath(target).startswith(_SYSTEM_FOLDERS)


def _open(path: str, mode: str, *, binary: bool) -> IO[Any]:
    """Open ``path`` in ``mode``: as bytes, or as UTF-8 text that never fails on a character."""
    if binary:
        return open(path, mode + "b")
    return open(path, mode, encoding="utf-8", errors="backslashreplace", newline="\n")


def _write_through(real: str, write: Callable[[Any], object], *, binary: bool) -> None:
    """Write straight into a device, FIFO or descriptor: no temporary file, no rename.

    Appending, not truncating: ``/dev/stdout`` redirected to a file keeps what
    was printed before the trace.
    """
    with _open(real, "a", binary=binary) as file:
        write(file)


def write_text_file(path: str | os.PathLike[str], write: Callable[[TextIO], object]) -> None:
    """Write a UTF-8 text file through ``write(file)``; atomically where the target allows it.

    Parameters
    ----------
    path
        The file to write, or ``"-"`` for standard output. A regular file is
        replaced only once fully written (keeping its permission bits); a new
        path is created the same way; a device, FIFO or anything under
        ``/dev`` or ``/proc`` is written straight through; symbolic links are
        followed.
    write
        Called once with the open text file.

    Raises
    ------
    OSError
        When the file cannot be written; the message names ``path``. No
        temporary file is left behind and a regular target is left as it was.
    """
    if os.fspath(path) == STDOUT:
        write(sys.stdout)
        sys.stdout.flush()
        return
    _write_file(os.fspath(path), write, binary=False)


def write_bytes_file(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` exactly as :func:`write_text_file` writes text.

    Raises
    ------
    OSError
        As :func:`write_text_file`.
    """
    write_binary_file(path, lambda file: file.write(data))


def write_binary_file(path: str | os.PathLike[str], write: Callable[[BinaryIO], object]) -> None:
    """Write a file of bytes through ``write(file)``, as :func:`write_text_file` writes text.

    Raises
    ------
    OSError
        As :func:`write_text_file`.
    """
    if os.fspath(path) == STDOUT:
        sys.stdout.flush()
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    _write_file(os.fspath(path), write, binary=True)


def _write_file(target: str, write: Callable[[Any], object], *, binary: bool) -> None:
    """Write ``target`` through ``write(file)``: renamed into place, or straight into a device."""
    real = _resolved(target)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _named(exc, target) from exc
    if mode is not None and stat.S_ISDIR(mode):
        raise OSError(errno.EISDIR, "cannot write file: that is a folder", target)
    if mode is not None and (not stat.S_ISREG(mode) or _is_system_path(target)):
        try:
            _write_through(real, write, binary=binary)
        except OSError as exc:
            raise _named(exc, target) from exc
        return
    temporary = _Temporary(*os.path.split(real))
    try:
        with temporary.create(binary=binary) as file:
            if mode is not None and os.chmod in os.supports_fd:
                os.chmod(file.fileno(), stat.S_IMODE(mode))
            write(file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary.path, real)
    except BaseException as exc:
        temporary.discard()
        if isinstance(exc, OSError):
            raise _named(exc, target) from exc
        raise
