"""How much memory this process has used: reported by the headless run and the self-test."""

from __future__ import annotations

import sys

__all__ = ["peak_rss_mb"]


def peak_rss_mb(*, children: bool = False) -> float | None:
    """Peak resident memory in MB (one decimal), where the platform reports it.

    Of this process; with ``children``, of the largest of its ended child
    processes instead (a streamed trace's converter).
    """
    try:
        import resource
    except ImportError:  # Windows
        return None
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    peak = resource.getrusage(who).ru_maxrss  # KiB; bytes on macOS
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)
