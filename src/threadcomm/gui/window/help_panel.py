"""The Help panel (F1, Help > How threads talk): Queue, Event, task_done, sentinels, signals.

Offline: the text is ``resources/help/threads.html``, shown in a QTextBrowser
docked beside the explanation. Every topic links to the scenario that shows
it; a link ``scenario:NAME`` selects that scenario in ``scenarioCombo``
exactly as picking it there would. The text also names the folder where a
teacher can drop scenario files (:func:`~threadcomm.core.scenarios.user_scenario_dir`)
and shows a shipped file as the example of the format.
"""

from __future__ import annotations

import html
import re
from string import Template
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTextBrowser, QWidget

from threadcomm.assets import resource_path
from threadcomm.core.scenarios import user_scenario_dir
from threadcomm.gui.window.first_paint import after_first_paint

if TYPE_CHECKING:
    from collections.abc import Callable

    from threadcomm.gui.run.controller import RunController
    from threadcomm.gui.window.actions import RunActions
    from threadcomm.gui.window.run_controls import ScenarioCombo

__all__ = ["HelpPanel", "help_html", "install_help"]

_SCENARIO_LINK = re.compile(r'href="scenario:([^"]+)"')


def help_html() -> str:
    """The help text, with the scenario folders and the example file filled in."""
    template = Template(resource_path("help", "threads.html").read_text(encoding="utf-8"))
    try:
        example = resource_path("scenarios", "tutorial.toml").read_text(encoding="utf-8")
    except OSError:
        example = "(the example file is missing from this installation)"
    return template.safe_substitute(
        scenario_dir=html.escape(str(user_scenario_dir())),
        shipped_dir=html.escape(str(resource_path("scenarios"))),
        example=html.escape(example.strip()),
    )


class HelpPanel(QDockWidget):
    """``helpPanel``: the help text in a dock, hidden until F1.

    A scenario link chooses the scenario in ``scenario_combo`` unless the
    ``controller`` has a run going; ``report(level, message)`` says why not.

    Signals
    -------
    scenario_requested(str)
        A scenario link was clicked (the scenario's name).
    """

    scenario_requested = Signal(str)

    def __init__(
        self,
        controller: RunController,
        scenario_combo: ScenarioCombo,
        report: Callable[[str, str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("How threads talk", parent)
        self.setObjectName("helpPanel")
        self._controller = controller
        self._scenario_combo = scenario_combo
        self._report = report
        browser = QTextBrowser(self)
        browser.setObjectName("helpBrowser")
        browser.setAccessibleName("How threads talk")
        browser.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        browser.setOpenLinks(False)  # every link is handled in _on_anchor_clicked
        browser.anchorClicked.connect(self._on_anchor_clicked)
        self._browser = browser
        self._has_text = False  # the text is set after the window's first paint
        self.setWidget(browser)
        self.setFocusProxy(browser)
        self.scenario_requested.connect(self.select_scenario)
        self._shown_once = False

    @property
    def browser(self) -> QTextBrowser:
        """The help text's browser, with the text in it."""
        self.load_text()
        return self._browser

    @Slot()
    def load_text(self) -> None:
        """Put the help text in the browser, once (after the first paint, or when needed)."""
        if not self._has_text:
            self._has_text = True
            self._browser.setHtml(help_html())

    def scenario_links(self) -> list[str]:
        """The scenario names the text links to, in order."""
        return _SCENARIO_LINK.findall(self.browser.toHtml())

    def show_help(self, topic: str = "") -> None:
        """Show the panel in front, scrolled to ``topic`` (an anchor such as "event").

        The first time, a panel docked beside the code takes two fifths of the
        window's width: wide enough to read, and the code is still there.
        """
        window = self.parentWidget()
        first = not self._shown_once
        self.show()
        self.raise_()
        if first and isinstance(window, QMainWindow) and not self.isFloating():
            self._shown_once = True
            # Once the window has placed the shown panel: a hidden one cannot be sized.
            QTimer.singleShot(0, self, self._widen)
        self.browser.setFocus()
        if topic:
            self.browser.scrollToAnchor(topic)

    @Slot()
    def _widen(self) -> None:
        window = self.parentWidget()
        if isinstance(window, QMainWindow) and self.isVisible() and not self.isFloating():
            width = window.width() * 2 // 5
            window.resizeDocks([self], [width], Qt.Orientation.Horizontal)

    @Slot()
    def _on_help_triggered(self) -> None:
        self.show_help()

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "scenario":
            self.scenario_requested.emit(url.path())
        elif url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment():
            self.browser.scrollToAnchor(url.fragment())

    @Slot(str)
    def select_scenario(self, name: str) -> None:
        """Choose scenario ``name`` as if picked in the combo box (not during a run)."""
        if self._controller.active:
            self._report("info", "Stop the run first, then choose the scenario.")
            return
        combo = self._scenario_combo
        if combo.choose(name) is not None:
            return
        listed = next((s for s in combo.scenarios if s.name == name), None)
        if listed is not None and listed.unavailable:  # e.g. Queue.shutdown() before 3.13
            self._report("info", f"{listed.title}: {listed.unavailable}")
        else:
            self._report("error", f"The scenario {name!r} is not installed.")


def install_help(
    window: QMainWindow,
    controller: RunController,
    actions: RunActions,
    scenario_combo: ScenarioCombo,
    report: Callable[[str, str], None],
) -> HelpPanel:
    """Create the hidden Help dock beside the explanation and wire F1 (``actions.help``) to it."""
    panel = HelpPanel(controller, scenario_combo, report, window)
    after_first_paint(window, panel.load_text)  # nobody reads it before
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
    beside = window.findChild(QDockWidget, "explanationViewDock")
    if beside is not None:
        window.tabifyDockWidget(beside, panel)
    panel.hide()
    actions.help.triggered.connect(panel._on_help_triggered)
    return panel
