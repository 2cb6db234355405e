"""Guard against PySide6 releases that crash when a worker thread emits many signals.

PySide6-Essentials 6.12.0 on CPython 3.11 drops a reference to True on every
Signal.emit(); after a few hundred emits the interpreter aborts with
"Fatal Python error: bool_dealloc". pyproject.toml excludes that pair; this
test catches the next such release before a classroom does.
"""

from __future__ import annotations

import os
import subprocess
import sys

EMITS = 20_000

PROBE = f"""
import threading
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

class Bridge(QObject):
    value_ready = Signal(object)
    flag_ready = Signal(bool)

class Receiver(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0
    @Slot(object)
    def on_value(self, value):
        self.count += 1
    @Slot(bool)
    def on_flag(self, flag):
        self.count += 1
        if self.count == 2 * {EMITS}:
            app.quit()

app = QCoreApplication([])
bridge, receiver = Bridge(), Receiver()
bridge.value_ready.connect(receiver.on_value)
bridge.flag_ready.connect(receiver.on_flag)

def work():
    for i in range({EMITS}):
        bridge.value_ready.emit(i)
        bridge.flag_ready.emit(True)

worker = threading.Thread(target=work)
worker.start()
QTimer.singleShot(60_000, app.quit)
app.exec()
worker.join()
print(receiver.count)
"""


def test_twenty_thousand_emits_from_a_worker_thread_do_not_crash() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == str(2 * EMITS)
