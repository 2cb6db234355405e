"""Pictures are written as safely as text: whole or not at all, over the old file's place."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from threadcomm.core.output_file import write_bytes_file, write_text_file


def test_bytes_replace_a_file_whole_and_keep_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "picture.png"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_bytes_file(target, b"\x89PNG\r\n\x1a\n new")
    assert target.read_bytes() == b"\x89PNG\r\n\x1a\n new"  # no newline translated
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["picture.png"]


def test_a_failed_text_write_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "results.csv"
    target.write_text("old\n", encoding="utf-8")

    def fail(file: object) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match=r"results\.csv"):
        write_text_file(target, fail)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["results.csv"]


def test_a_folder_is_refused_for_bytes_too(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_bytes_file(tmp_path, b"x")
