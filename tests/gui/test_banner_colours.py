"""The message banner follows the theme: every kind of message reads well in every theme.

Each test shows a message as the window does, switches the theme while it
shows (as a teacher would mid-lesson), grabs the banner and measures what is
on the screen: its text against its own background (WCAG AA asks 4.5:1), its
outline against the window (WCAG asks 3:1 for a component's edge), whether it
sits in the window as a tint rather than a bright patch, and whether an error
looks red and a note does not.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from tests.support.desktop import switch_color_scheme
from threadcomm.gui.theme.colors import BANNER_KINDS, LIGHT, view_colors
from threadcomm.gui.window.banner import Banner
from threadcomm.gui.window.main_window import MainWindow

from .test_presentation import contrast
from .theme_check import AA, THEMES, ground_and_ink, use_theme

#: What the window says in each kind of banner.
MESSAGES = {
    "info": "Some saved settings could not be used and were reset to their defaults: view/zoom.",
    "error": "Problem: 1 error so far. Latest: item 3 (13) failed: ValueError: 13 is unlucky",
}
#: WCAG 1.4.11: a component's outline against what surrounds it.
OUTLINE = 3.0
#: Most the banner's background may stand out from the window's: a tint, not a lamp.
TINT = 1.5


@dataclass(frozen=True)
class Look:
    """What the banner shows, read from a grab."""

    ground: QColor  # the background behind the text
    ink: QColor  # the text
    border: QColor  # the outline, halfway down the left edge

    def __str__(self) -> str:
        return f"ground {self.ground.name()}, text {self.ink.name()}, outline {self.border.name()}"


def look(banner: Banner) -> Look:
    """Grab the banner: read its background and text where the text is, and its outline."""
    image = banner.grab().toImage()
    text = banner.findChild(QLabel, "bannerText")
    assert text is not None
    ground, ink = ground_and_ink(image.copy(text.geometry()))
    return Look(ground, ink, QColor.fromRgb(image.pixel(1, image.height() // 2)))


def is_red(color: QColor) -> bool:
    """A clearly coloured red, pink or salmon (hue within 25 degrees of red)."""
    hue = color.hsvHue()
    return color.hsvSaturationF() >= 0.4 and (hue <= 25 or hue >= 335)


def window_ground(window: MainWindow) -> QColor:
    return window.palette().color(window.backgroundRole())


@pytest.mark.parametrize("kind", BANNER_KINDS)
@pytest.mark.parametrize("theme", THEMES)
def test_each_kind_of_banner_reads_well_in_every_theme(
    window: MainWindow, theme: str, kind: str
) -> None:
    banner = window.banner
    banner.show_message(kind, MESSAGES[kind])
    assert banner.text() == MESSAGES[kind]
    shown_in_light = look(banner)
    colors = use_theme(window, theme).banner[kind]
    seen = look(banner)
    wanted = (colors.ground, colors.text, colors.border)
    assert (seen.ground, seen.ink, seen.border) == wanted, (theme, kind, str(seen))
    if theme != "light":
        assert seen != shown_in_light, "the banner kept the light theme's colours"
    ratio = contrast(seen.ink, seen.ground)
    assert ratio >= AA, (theme, kind, seen.ink.name(), seen.ground.name(), round(ratio, 2))
    ground = window_ground(window)
    assert contrast(seen.border, ground) >= OUTLINE, (theme, kind, seen.border.name())
    assert contrast(seen.ground, ground) <= TINT, (theme, kind, seen.ground.name())
    if kind == "error":
        assert is_red(seen.border), (theme, seen.border.name())
    else:
        assert not is_red(seen.border) and not is_red(seen.ground), (theme, str(seen))


@pytest.mark.parametrize("theme", ["dark", "high contrast"])
def test_the_banner_follows_the_theme_back_and_the_next_message(
    window: MainWindow, theme: str
) -> None:
    banner = window.banner
    banner.show_message("error", MESSAGES["error"])
    colors = use_theme(window, theme)
    banner.show_message("info", MESSAGES["info"])  # the next message, in the same theme
    assert look(banner).border == colors.banner["info"].border
    if theme == "dark":
        switch_color_scheme(Qt.ColorScheme.Light)  # the system went light
    else:
        window.actions_.high_contrast.trigger()  # off again
    assert view_colors(window.palette()) is LIGHT
    light = LIGHT.banner["info"]
    seen = look(banner)
    assert (seen.ground, seen.ink, seen.border) == (light.ground, light.text, light.border), str(
        seen
    )


def test_the_banner_follows_the_zoom_while_it_shows(window: MainWindow) -> None:
    banner = window.banner
    banner.show_message("error", MESSAGES["error"])
    text = banner.findChild(QLabel, "bannerText")
    icon = banner.findChild(QLabel, "bannerIcon")
    assert text is not None and icon is not None
    size, icon_height = text.font().pointSizeF(), icon.pixmap().height()
    window.presentation.set_zoom(200)
    assert text.font().pointSizeF() == pytest.approx(2 * size)
    assert icon.pixmap().height() >= 1.8 * icon_height
