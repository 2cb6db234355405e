"""Make threadcomm's icon files from ``threadcomm.svg``; the results are committed.

Run it after editing the SVG, from the repository root::

    python resources/icons/make_icons.py

It needs only PySide6 (QtSvg ships in PySide6-Essentials) and the standard
library: Qt renders the SVG to PNG, and the Windows ``.ico`` and macOS
``.icns`` containers are written here with PNG images inside them (Windows
Vista+ and macOS 10.7+ read those). Nothing at run time imports this file.

It writes, next to itself:

- ``threadcomm-<N>.png`` for N in 16, 24, 32, 48, 64, 128, 256, 512 (Linux
  desktops, the window and taskbar icon: ``threadcomm.gui.app_icon``);
- ``threadcomm.ico``: 16-256 px (the Windows executable, via ``build.spec``);
- ``threadcomm.icns``: 16-1024 px (the macOS app bundle, via ``build.spec``).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SVG = HERE / "threadcomm.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: ICNS element types holding PNG data, and the pixel size of each.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),  # 16 px @2x
    (b"ic12", 64),  # 32 px @2x
    (b"ic07", 128),
    (b"ic13", 256),  # 128 px @2x
    (b"ic08", 256),
    (b"ic14", 512),  # 256 px @2x
    (b"ic09", 512),
    (b"ic10", 1024),  # 512 px @2x
)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn at ``size`` x ``size`` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit(f"make_icons: could not encode the {size} px PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding one PNG image per size (ICONDIR + ICONDIRENTRYs + data)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        side = size if size < 256 else 0  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + entries + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding PNG elements (big-endian type + length + data)."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    """Write every icon file next to this script; print what was written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])  # noqa: F841 (fonts and painting want an app object)
    needed = sorted(set(PNG_SIZES) | set(ICO_SIZES) | {size for _, size in ICNS_TYPES})
    pngs = {size: render_png(SVG, size) for size in needed}
    written = []
    for size in PNG_SIZES:
        path = HERE / f"threadcomm-{size}.png"
        path.write_bytes(pngs[size])
        written.append(path)
    ico = HERE / "threadcomm.ico"
    ico.write_bytes(ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    icns = HERE / "threadcomm.icns"
    icns.write_bytes(icns_bytes(pngs))
    for path in [*written, ico, icns]:
        print(f"{path.relative_to(HERE.parent.parent)}  {path.stat().st_size:>8} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
