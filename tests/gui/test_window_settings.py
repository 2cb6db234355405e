"""The window remembers its settings, and never trusts a damaged settings file."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.support.windows import settings_file
from threadcomm.gui.window.main_window import MainWindow
from threadcomm.gui.window.preferences import PreferenceStore, RunOptions


def open_window(qtbot: QtBot, path: Path) -> MainWindow:
    window = MainWindow(settings=settings_file(path))
    qtbot.addWidget(window)
    return window


def test_settings_persist_across_two_windows(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "threadcomm.ini"
    first = open_window(qtbot, path)
    first.scenario_combo.select("several-consumers")
    first.data_input.set_text("1, 2, 3")
    first.options_panel.set_values(consumers=3, maxsize=5, delay=1.25, handshake=False)
    first.resize(760, 520)
    first.close()

    second = open_window(qtbot, path)
    assert second.data_input.text() == "1, 2, 3"
    assert second.options_panel.values() == (3, 5, 1.25, False)
    # Not the scenario's data: the Scenario box must not claim it is.
    assert second.scenario_combo.current() is None
    assert (second.width(), second.height()) == (760, 520)
    second.scenario_combo.choose("several-consumers")
    second.options_panel.delay.setValue(0.5)  # a slower delay keeps the scenario
    second.close()

    third = open_window(qtbot, path)
    assert third.scenario_combo.current() is not None
    assert third.scenario_combo.current().name == "several-consumers"  # type: ignore[union-attr]
    assert third.options_panel.delay.value() == 0.5
    third.close()


def test_corrupt_settings_fall_back_to_the_defaults(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "threadcomm.ini"
    path.write_text(
        "[run]\nconsumers=lots\nmaxsize=-4\ndelay=nan\nhandshake=maybe\nscenario=@Invalid()\n"
        "[window]\ngeometry=garbage\nstate=@ByteArray(xyz)\n[view]\nfont_size=900\n",
        encoding="utf-8",
    )
    window = open_window(qtbot, path)
    defaults = RunOptions()
    assert window.data_input.text() == defaults.data
    assert window.options_panel.values() == (1, 0, 0.4, True)
    assert window.scenario_combo.current() is not None
    window.close()


def test_out_of_range_values_are_rejected_one_by_one(tmp_path: Path) -> None:
    qsettings = settings_file(tmp_path / "s.ini")
    qsettings.setValue("run/consumers", 99)
    qsettings.setValue("run/delay", "0.75")
    qsettings.setValue("run/handshake", "false")
    qsettings.setValue("run/data", 12345)
    loaded = PreferenceStore(qsettings).load_run()
    assert loaded.consumers == 1
    assert loaded.delay == 0.75
    assert loaded.handshake is False
    assert loaded.data == RunOptions().data


def test_default_window_uses_the_redirected_settings_folder(
    qtbot: QtBot, private_settings: Path
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.data_input.set_text("9, 8")
    window.close()
    written = list(private_settings.rglob("*.ini"))
    assert written, "the settings were not written to the test's folder"
    assert "9, 8" in written[0].read_text(encoding="utf-8")


def test_text_size_can_grow_for_a_projector_and_is_remembered(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "threadcomm.ini"
    first = open_window(qtbot, path)
    size = first.font().pointSizeF()
    first.actions_.zoom_in.trigger()
    first.actions_.zoom_in.trigger()
    assert first.presentation.zoom == 150
    assert first.font().pointSizeF() == size * 1.5
    assert first.results_table.font().pointSizeF() == size * 1.5
    first.close()
    second = open_window(qtbot, path)
    assert second.font().pointSizeF() == size * 1.5
    second.actions_.zoom_out.trigger()
    assert second.font().pointSizeF() == size * 1.25
    second.close()
