"""What the window remembers between sessions, read back defensively.

Every value read from QSettings is checked: a missing, corrupt or
out-of-range value falls back to its default, so a damaged settings file can
never stop the window from opening.
"""

from __future__ import annotations

import math
import os
import tempfile
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings

from threadcomm.core.config import (
    MAX_CONSUMERS,
    MAX_DELAY_S,
    MAX_QUEUE_SIZE,
    TUTORIAL_DATA,
    WATCH_DELAY_S,
)

__all__ = [
    "APPLICATION",
    "ORGANIZATION",
    "PreferenceStore",
    "RunOptions",
    "default_qsettings",
]

ORGANIZATION = "threadcomm"
APPLICATION = "threadcomm"
#: A data list longer than this is not remembered (the settings file stays small).
MAX_SAVED_DATA_CHARS = 100_000
#: Bumped when the dock layout changes incompatibly; an old saved layout is then ignored.
STATE_VERSION = 2  # 2: the code in the centre, every other view docked on the right


@dataclass(frozen=True, slots=True)
class RunOptions:
    """The run options the controls show: the tutorial run unless the person chose otherwise."""

    data: str = TUTORIAL_DATA
    consumers: int = 1
    maxsize: int = 0
    delay: float = WATCH_DELAY_S
    handshake: bool = True
    scenario: str = "tutorial"


def default_qsettings() -> QSettings:
    """The user's settings file (an INI file, so tests can redirect it with ``setPath``)."""
    folder = _config_folder_without_home()
    if folder is not None:
        path = os.path.join(folder, ORGANIZATION, f"{APPLICATION}.ini")
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


def _config_folder_without_home() -> str | None:
    """The configuration folder when ``HOME`` is unset on a Unix-like system, else None.

    Qt then takes ``/`` for the home folder and would write ``/.config/threadcomm``;
    the account's home from the password database is used instead, as a shell
    would, or a new private temporary folder when the account has none (the
    settings then last for this session only).
    """
    if os.name != "posix" or os.environ.get("HOME") or os.environ.get("XDG_CONFIG_HOME"):
        return None
    try:
        import pwd

        home = pwd.getpwuid(os.getuid()).pw_dir
    except (ImportError, KeyError):
        home = ""
    if home and home != "/" and os.path.isdir(home):
        return os.path.join(home, ".config")
    return tempfile.mkdtemp(prefix="threadcomm-settings-")


def _int(raw: object, low: int, high: int) -> int | None:
    if isinstance(raw, bool):
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        return None
    return value if low <= value <= high else None


def _float(raw: object, low: float, high: float) -> float | None:
    if isinstance(raw, bool):
        return None
    try:
        value = float(str(raw).strip())
    except ValueError:
        return None
    return value if math.isfinite(value) and low <= value <= high else None


def _bool(raw: object) -> bool | None:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    return {"true": True, "1": True, "false": False, "0": False}.get(text)


def _text(raw: object, limit: int) -> str | None:
    return raw if isinstance(raw, str) and len(raw) <= limit else None


class PreferenceStore:
    """Reads and writes the window's preferences through one QSettings object (the settings file).

    The preferences are the run options last shown (:class:`RunOptions`), the
    zoom and theme, and the window's geometry and dock layout.
    """

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._settings = qsettings if qsettings is not None else default_qsettings()
        #: Saved keys whose values could not be used by the last load_run().
        self.ignored: list[str] = []

    def _raw(self, key: str) -> object:
        try:
            return self._settings.value(key)
        except (RuntimeError, ValueError, TypeError):  # an unreadable stored type
            return None

    def load_run(self) -> RunOptions:
        """The saved control values; each bad or missing one is replaced by its default."""
        d = RunOptions()
        data = _text(self._raw("run/data"), MAX_SAVED_DATA_CHARS)
        if data is not None and not data.strip():  # an empty list cannot run: say so
            data = None
        consumers = _int(self._raw("run/consumers"), 1, MAX_CONSUMERS)
        maxsize = _int(self._raw("run/maxsize"), 0, MAX_QUEUE_SIZE)
        delay = _float(self._raw("run/delay"), 0.0, MAX_DELAY_S)
        handshake = _bool(self._raw("run/handshake"))
        scenario = _text(self._raw("run/scenario"), 200)
        checked = {"data": data, "consumers": consumers, "maxsize": maxsize, "delay": delay,
                   "handshake": handshake, "scenario": scenario}  # fmt: skip
        self.ignored = [
            key for key, value in checked.items()
            if value is None and self._raw(f"run/{key}") is not None
        ]  # fmt: skip
        return RunOptions(
            data=d.data if data is None else data,
            consumers=d.consumers if consumers is None else consumers,
            maxsize=d.maxsize if maxsize is None else maxsize,
            delay=d.delay if delay is None else delay,
            handshake=d.handshake if handshake is None else handshake,
            scenario=d.scenario if scenario is None else scenario,
        )

    def save_run(self, run: RunOptions) -> None:
        """Remember the control values."""
        s = self._settings
        if len(run.data) <= MAX_SAVED_DATA_CHARS:
            s.setValue("run/data", run.data)
        s.setValue("run/consumers", run.consumers)
        s.setValue("run/maxsize", run.maxsize)
        s.setValue("run/delay", run.delay)
        s.setValue("run/handshake", run.handshake)
        s.setValue("run/scenario", run.scenario)

    def zoom(self) -> int:
        """The saved presentation zoom in percent (100 when missing or bad)."""
        value = _int(self._raw("view/zoom"), 50, 400)
        return 100 if value is None else value

    def save_zoom(self, percent: int) -> None:
        """Remember the presentation zoom."""
        self._settings.setValue("view/zoom", percent)

    def high_contrast(self) -> bool:
        """Whether the high-contrast theme was on (False when missing or bad)."""
        return _bool(self._raw("view/high_contrast")) is True

    def save_high_contrast(self, on: bool) -> None:
        """Remember the high-contrast theme."""
        self._settings.setValue("view/high_contrast", on)

    def _bytes(self, key: str) -> QByteArray | None:
        raw = self._raw(key)
        if isinstance(raw, QByteArray) and not raw.isEmpty():
            return raw
        if isinstance(raw, bytes) and raw:
            return QByteArray(raw)
        return None

    def geometry(self) -> QByteArray | None:
        """The saved window geometry, or None."""
        return self._bytes("window/geometry")

    def window_state(self) -> QByteArray | None:
        """The saved toolbar and dock layout, or None."""
        return self._bytes("window/state")

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        """Remember the window geometry and the dock layout."""
        self._settings.setValue("window/geometry", geometry)
        self._settings.setValue("window/state", state)

    def sync(self) -> None:
        """Write everything to disk now."""
        self._settings.sync()

    def can_save(self) -> bool:
        """Whether preferences can be written where they are kept (tries a write)."""
        if not self._settings.isWritable():
            return False
        self._settings.sync()
        return self._settings.status() == QSettings.Status.NoError

    @property
    def path(self) -> str:
        """The settings file, for messages."""
        return self._settings.fileName()
