"""Find the files under ``resources/``: from a source checkout, an installed wheel or a bundle.

One lookup serves all three: a PyInstaller bundle unpacks them beside the
executable (``sys._MEIPASS/resources``), a wheel ships them inside the package
(``threadcomm/resources``), and a source checkout keeps them at the top level.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["resource_path", "resources_root"]


def _candidates() -> list[Path]:
    here = Path(__file__).resolve().parent
    found = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        found.append(Path(bundle) / "resources")
    found.append(here / "resources")  # installed wheel
    found.append(here.parent.parent / "resources")  # source checkout: src/threadcomm/..
    return found


def resources_root() -> Path:
    """The folder holding the lesson programs, scenarios and icons."""
    for candidate in _candidates():
        if (candidate / "lesson").is_dir():
            return candidate
    looked = ", ".join(str(c) for c in _candidates())
    raise FileNotFoundError(f"threadcomm's resources folder is missing (looked in {looked})")


def resource_path(*parts: str) -> Path:
    """The path of a file under ``resources/``, e.g. ``resource_path("lesson", "tutorial.py")``."""
    return resources_root().joinpath(*parts)
