"""SIGINT and SIGTERM reach the window as a Qt signal, while Qt's event loop runs.

Python runs a signal handler only when the interpreter gets control, which it
does not while Qt waits for events in C++; and a KeyboardInterrupt raised
inside a Qt override is only printed. So the Python handler merely notes the
signal, :func:`signal.set_wakeup_fd` writes its number to a socket, and a
:class:`QSocketNotifier` on the other end wakes the event loop and emits
:attr:`SignalWatch.signal_received` in the GUI thread. The receiver ends the
run the normal way: the window is closed, so every thread is joined.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import threading

from PySide6.QtCore import QObject, QSocketNotifier, Signal, Slot

from threadcomm.stop_signals import StopSignals

__all__ = ["SignalWatch"]


class SignalWatch(QObject):
    """Turns SIGINT and SIGTERM into ``signal_received(int)`` until :meth:`close`.

    Create it in the GUI thread (the main thread), after the QApplication.

    Signals
    -------
    signal_received(int)
        A stop signal arrived; its number.
    """

    signal_received = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.received: int | None = None
        self._handlers = StopSignals(raising=False)
        self._reader, self._writer = socket.socketpair()
        self._notifier: QSocketNotifier | None = None
        self._old_wakeup = -1
        if threading.current_thread() is not threading.main_thread():
            return  # signals are delivered to the main thread only
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._old_wakeup = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._handlers.__enter__()
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_readable)

    def close(self) -> None:
        """Put the previous handlers back and stop watching."""
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
            self._handlers.__exit__(None, None, None)
            signal.set_wakeup_fd(self._old_wakeup)
        for end in (self._reader, self._writer):
            with contextlib.suppress(OSError):
                end.close()

    @Slot()
    def _on_readable(self) -> None:
        try:
            numbers = self._reader.recv(64)
        except OSError:  # nothing there after all
            return
        for signum in numbers:
            if self.received is None:
                self.received = signum
            self.signal_received.emit(signum)
