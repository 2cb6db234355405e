"""Where the frozen app lives, and how to run it the way a person would."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUNDLE = REPO / "dist" / "threadcomm"
EXECUTABLE = BUNDLE / ("threadcomm.exe" if sys.platform == "win32" else "threadcomm")


def project_version() -> str:
    """The version in src/threadcomm/__init__.py (the spec names the archive with it)."""
    text = (REPO / "src" / "threadcomm" / "__init__.py").read_text("utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    assert match is not None
    return match.group(1)


def require_frozen() -> bool:
    """Whether a missing bundle is a failure (CI) rather than a skip."""
    return os.environ.get("THREADCOMM_REQUIRE_FROZEN", "") not in ("", "0")


def run_frozen(
    app: Path, *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the frozen app from another folder, with no PYTHON* variables set."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return subprocess.run(
        [str(app), *args],
        cwd=cwd,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
