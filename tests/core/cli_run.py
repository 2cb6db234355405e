"""Run ``python -m threadcomm`` in a subprocess, bounded in time."""

from __future__ import annotations

import os
import subprocess
import sys


def threadcomm(
    *args: str, timeout: float = 60, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "threadcomm", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        check=False,
    )
