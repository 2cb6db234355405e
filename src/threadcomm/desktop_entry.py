"""A per-user menu entry: ``threadcomm --install-desktop-entry`` and ``--uninstall-desktop-entry``.

For an app unpacked from the archive (or installed with pip) into a user's own
folder, without root: writes the desktop file, the icons and the AppStream
metainfo under ``$XDG_DATA_HOME`` (``~/.local/share``), creating the folders it
needs, with ``Exec`` pointing at the program that ran the command. The system
package (.deb) installs the same files under ``/usr/share`` instead.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from threadcomm.assets import resource_path

__all__ = [
    "APP_ID",
    "ICON_SIZES",
    "data_home",
    "desktop_entry_files",
    "install_desktop_entry",
    "launch_command",
    "uninstall_desktop_entry",
]

#: The one application ID: desktop file, metainfo, icons, Wayland app id, macOS bundle.
APP_ID = "io.github.threadcomm.threadcomm"
#: The PNG sizes shipped in ``resources/icons/``: what desktops and taskbars ask for.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

#: Characters that make the desktop-entry spec require a quoted argument.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def data_home() -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` where it is unset or not absolute."""
    configured = os.environ.get("XDG_DATA_HOME", "")
    if configured and Path(configured).is_absolute():
        return Path(configured)
    return Path.home() / ".local" / "share"


def _quote(argument: str) -> str:
    """One Exec argument, quoted as the desktop-entry spec asks."""
    if not _RESERVED & set(argument):
        return argument
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return f'"{escaped}"'


def launch_command() -> list[str]:
    """The command that starts this same threadcomm: the bundle, the script or ``-m``."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).resolve())]
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name.startswith("threadcomm") and script.is_file():
        return [str(script.resolve())]
    # absolute(), not resolve(): a virtual environment's python is a symlink to the
    # base interpreter, which does not see the packages installed in the environment.
    return [str(Path(sys.executable).absolute()), "-m", "threadcomm"]


def desktop_entry_files(base: Path) -> dict[Path, Path]:
    """Where each file goes under ``base`` (a data folder), mapped to its shipped source."""
    files = {
        base / "applications" / f"{APP_ID}.desktop": resource_path("desktop", f"{APP_ID}.desktop"),
        base / "metainfo" / f"{APP_ID}.metainfo.xml": resource_path(
            "desktop", f"{APP_ID}.metainfo.xml"
        ),
        base / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg": resource_path(
            "icons", "threadcomm.svg"
        ),
    }
    for size in ICON_SIZES:
        folder = base / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        files[folder / f"{APP_ID}.png"] = resource_path("icons", f"threadcomm-{size}.png")
    return files


def _desktop_text(source: Path, command: list[str]) -> str:
    """The shipped desktop file with ``Exec`` and ``TryExec`` naming ``command``."""
    lines = []
    for line in source.read_text("utf-8").splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + " ".join(_quote(part) for part in command)
        elif line.startswith("TryExec="):
            line = "TryExec=" + command[0]
        lines.append(line)
    return "\n".join(lines) + "\n"


def install_desktop_entry(base: Path | None = None) -> list[Path]:
    """Install the menu entry, icons and metainfo for this user; return the files written.

    Raises
    ------
    OSError
        A folder could not be made or a file could not be written.
    """
    base = data_home() if base is None else base
    command = launch_command()
    written = []
    for target, source in desktop_entry_files(base).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.suffix == ".desktop":
            target.write_text(_desktop_text(source, command), "utf-8")
        else:
            target.write_bytes(source.read_bytes())
        written.append(target)
    return written


def uninstall_desktop_entry(base: Path | None = None) -> list[Path]:
    """Remove what :func:`install_desktop_entry` wrote; return the files removed."""
    base = data_home() if base is None else base
    removed = []
    for target in desktop_entry_files(base):
        if target.is_file():
            target.unlink()
            removed.append(target)
    return removed
