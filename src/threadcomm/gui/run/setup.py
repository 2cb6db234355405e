"""The listing a Start press shows: the program the chosen scenario runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from threadcomm.assets import resource_path
from threadcomm.core.scenarios import ScenarioError

if TYPE_CHECKING:
    from threadcomm.core.scenarios import Scenario

__all__ = ["lesson_listing"]


def lesson_listing(scenario: Scenario | None) -> str:
    """The program the run performs, for the code view ('' if the file cannot be read)."""
    try:
        if scenario is not None:
            return scenario.listing()
        return resource_path("lesson", "tutorial.py").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ScenarioError):
        return ""
