"""How much memory this process has used: reported by the headless run and the self-test."""

from __future__ import annotations

import sys

__all__ = ["peak_rss_mb"]


def peak_rss_mb() -> float | None:
    """Peak resident memory of this process in MB (one decimal), where the platform reports it."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB; bytes on macOS
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)
