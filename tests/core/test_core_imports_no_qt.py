"""The core and the headless run never load Qt."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import threadcomm.core.config, threadcomm.core.datalist, threadcomm.core.pipeline
import threadcomm.core.trace, threadcomm.core.pacing, threadcomm.core.watchdog
import threadcomm.core.scenarios, threadcomm.core.export
from threadcomm.cli import main
code = main(["--headless", "--quiet"])
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(code, qt)
"""


def test_core_modules_and_a_headless_run_import_no_qt() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "0 []"
