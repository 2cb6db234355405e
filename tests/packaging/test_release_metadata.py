"""One version everywhere a release names it, and metadata the package indexes accept."""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET

from tests.packaging.frozen import REPO, project_version
from threadcomm import __version__
from threadcomm.desktop_entry import APP_ID

METAINFO = REPO / "resources" / "desktop" / f"{APP_ID}.metainfo.xml"


def test_the_changelog_and_the_metainfo_name_the_current_version_first() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text("utf-8")
    first = re.search(r"^## (\S+) - (\d{4}-\d{2}-\d{2})$", changelog, re.M)
    assert first is not None
    release = ET.parse(METAINFO).getroot().find("releases/release")
    assert release is not None
    assert first.group(1) == release.get("version") == __version__ == project_version()
    assert first.group(2) == release.get("date")


def test_metainfo_names_the_desktop_file_and_the_licence() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("project_license") == "MIT"
    assert (REPO / "resources" / "desktop" / f"{APP_ID}.desktop").is_file()


def test_pyproject_reads_the_version_from_the_package_and_names_the_project_urls() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"]["path"] == "src/threadcomm/__init__.py"
    assert {"Homepage", "Source", "Issues", "Changelog"} <= set(project["project"]["urls"])
    assert (REPO / "LICENSE").read_text("utf-8").startswith("MIT License")


def test_readme_images_survive_publication_on_a_package_index() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme)
    assert images
    assert all(src.startswith("https://") for src in images), images
    for src in images:  # each names a file the repository has
        assert (REPO / src.split("/main/", 1)[1]).is_file(), src
