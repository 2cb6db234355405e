"""The licence texts threadcomm ships: its own (MIT) and those of what the app bundles.

``resources/licenses/`` holds the third-party texts kept in the repository (Qt's
and PySide6's LGPL v3 and the GPL v3 it extends, and a README naming each
component); the frozen app adds the Python and PyInstaller licences of the
build (see ``build.spec``). Qt-free, so ``build.spec`` can use it too.
"""

from __future__ import annotations

from pathlib import Path

from threadcomm.assets import resource_path

__all__ = ["LICENCE", "licence_files", "own_licence"]

#: threadcomm's own licence, as pyproject.toml declares it.
LICENCE = "MIT"
#: The overview of the third-party parts, listed first after threadcomm's own licence.
OVERVIEW = "README.txt"


def own_licence() -> Path | None:
    """The project's LICENSE: in the bundle, in the installed wheel, or in a source checkout."""
    import importlib.metadata  # here: it costs the window's first paint ~100 ms at import

    candidates = [resource_path("licenses", "LICENSE")]
    try:
        files = importlib.metadata.distribution("threadcomm").files or []
    except importlib.metadata.PackageNotFoundError:
        files = []
    candidates += [Path(str(f.locate())) for f in files if f.name == "LICENSE"]
    candidates.append(Path(__file__).resolve().parents[2] / "LICENSE")
    return next((path for path in candidates if path.is_file()), None)


def licence_files() -> list[Path]:
    """Every licence text shipped: threadcomm's own, the overview, then the rest by name."""
    folder = resource_path("licenses")
    others = sorted(p for p in folder.glob("*.txt") if p.name != OVERVIEW)
    found = [own_licence(), folder / OVERVIEW, *others]
    return [path for path in found if path is not None and path.is_file()]
