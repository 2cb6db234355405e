"""The app icon in every size desktops ask for, the Windows/macOS containers, the .desktop file."""

from __future__ import annotations

import configparser
import struct

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from tests.packaging.frozen import REPO
from threadcomm.gui.window.app_icon import APP_ID, ICON_SIZES, app_icon, install_app_identity

ICONS = REPO / "resources" / "icons"


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_icon_exists_in_its_size(size: int) -> None:
    image = QImage(str(ICONS / f"threadcomm-{size}.png"))
    assert not image.isNull()
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()


def test_svg_source_is_there() -> None:
    assert (ICONS / "threadcomm.svg").read_text("utf-8").lstrip().startswith("<?xml")


def test_ico_holds_every_windows_size() -> None:
    data = (ICONS / "threadcomm.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)  # 00 00 01 00: an icon
    sizes = {data[6 + 16 * i] or 256 for i in range(count)}
    assert sizes == {16, 24, 32, 48, 64, 128, 256}


def test_icns_is_a_complete_macos_icon() -> None:
    data = (ICONS / "threadcomm.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    kinds, offset = set(), 8
    while offset < len(data):
        kind = data[offset : offset + 4]
        (length,) = struct.unpack(">I", data[offset + 4 : offset + 8])
        assert data[offset + 8 : offset + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.add(kind)
        offset += length
    assert offset == len(data)
    assert {b"ic07", b"ic08", b"ic09", b"ic10"} <= kinds  # 128, 256, 512, 1024 px


def test_desktop_file_has_the_keys_a_linux_menu_needs() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read(REPO / "resources" / "desktop" / f"{APP_ID}.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "threadcomm"
    assert entry["Comment"]
    assert entry["Exec"] == "threadcomm"
    assert entry["Icon"] == APP_ID
    # One main category (desktop-file-validate hints at more than one).
    assert entry["Categories"] == "Education;ComputerScience;"
    assert entry["Terminal"] == "false"


def test_app_icon_offers_every_png_size(qapp: QApplication) -> None:
    sizes = {s.width() for s in app_icon().availableSizes()}
    assert sizes == set(ICON_SIZES)


@pytest.mark.usefixtures("app_identity")  # undoes what this test changes on the application
def test_install_app_identity_sets_icon_and_desktop_name_but_keeps_chosen_names(
    qapp: QApplication,
) -> None:
    qapp.setApplicationName("chosen-name")
    qapp.setOrganizationName("chosen-org")
    install_app_identity(qapp)
    assert qapp.desktopFileName() == "io.github.threadcomm.threadcomm"
    assert not qapp.windowIcon().pixmap(QSize(32, 32)).isNull()
    assert (qapp.applicationName(), qapp.organizationName()) == ("chosen-name", "chosen-org")
    qapp.setOrganizationName("")
    install_app_identity(qapp)
    assert qapp.organizationName() == "threadcomm"
