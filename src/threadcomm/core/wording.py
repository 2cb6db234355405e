"""Small helpers that put counts and names into the sentences a class reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["joined", "plural"]


def plural(count: int, word: str) -> str:
    """``count`` and ``word``, in the plural unless it is one: ``1 item``, ``1,000 items``."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def joined(names: Sequence[str]) -> str:
    """Names as a sentence lists them: ``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
