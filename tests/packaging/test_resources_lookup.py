"""threadcomm finds resources/ from a source checkout, an installed wheel and the frozen app."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.packaging.frozen import REPO, run_frozen

PRINT_ROOT = "from threadcomm.assets import resources_root; print(resources_root())"
SHIPPED_SCENARIOS = sorted(p.stem for p in (REPO / "resources" / "scenarios").glob("*.toml"))


def _env_without_python_vars(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return {**env, **extra}


def _python(
    python: Path | str, code: str, *, cwd: Path, env: dict[str, str], timeout: float = 60
) -> str:
    done = subprocess.run(
        [str(python), "-c", code],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _assert_has_lesson_and_scenarios(root: Path) -> None:
    assert (root / "lesson" / "tutorial.py").is_file()
    assert sorted(p.stem for p in (root / "scenarios").glob("*.toml")) == SHIPPED_SCENARIOS
    assert (root / "icons" / "threadcomm-256.png").is_file()


def test_source_checkout_finds_the_top_level_resources_folder(tmp_path: Path) -> None:
    env = _env_without_python_vars(PYTHONPATH=str(REPO / "src"))
    root = Path(_python(sys.executable, PRINT_ROOT, cwd=tmp_path, env=env))
    assert root == (REPO / "resources").resolve()
    _assert_has_lesson_and_scenarios(root)


def _build_wheel(out: Path) -> Path:
    """``pip wheel`` the project (isolated build, hatchling from PyPI, unless installed)."""
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)]
    try:
        import hatchling  # noqa: F401
    except ImportError:
        pass
    else:
        command.insert(5, "--no-build-isolation")
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = out.glob("threadcomm-*.whl")
    return wheel


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the project's wheel installed (no dependencies)."""
    tmp = tmp_path_factory.mktemp("wheel")
    wheel = _build_wheel(tmp / "dist")
    venv = tmp / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
        check=True,
        timeout=120,
    )
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            str(wheel),
        ],
        check=True,
        timeout=120,
    )
    return python


def test_installed_wheel_finds_resources_inside_its_package(
    wheel_venv: Path, tmp_path: Path
) -> None:
    env = _env_without_python_vars()
    root = Path(_python(wheel_venv, PRINT_ROOT, cwd=tmp_path, env=env))
    site = Path(
        _python(
            wheel_venv,
            "import sysconfig; print(sysconfig.get_path('purelib'))",
            cwd=tmp_path,
            env=env,
        )
    )
    assert root == (site / "threadcomm" / "resources").resolve()
    _assert_has_lesson_and_scenarios(root)


def test_wheel_carries_the_licences_and_the_desktop_files_but_no_screenshots(
    wheel_venv: Path,
) -> None:
    wheel = next(wheel_venv.parents[2].glob("dist/threadcomm-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "threadcomm/resources/licenses/LGPL-3.0.txt" in names
    assert "threadcomm/resources/desktop/io.github.threadcomm.threadcomm.desktop" in names
    # README pictures, the .deb recipe and the icon maker stay out of the wheel.
    assert not [n for n in names if "/screenshots/" in n or "/packaging/" in n]
    assert "threadcomm/resources/icons/make_icons.py" not in names


def test_installed_wheel_lists_the_shipped_scenarios(wheel_venv: Path, tmp_path: Path) -> None:
    env = _env_without_python_vars(THREADCOMM_SCENARIOS=os.devnull)
    listed = _python(
        wheel_venv,
        "import sys; from threadcomm.cli import main; sys.exit(main(['--list-scenarios']))",
        cwd=tmp_path,
        env=env,
    )
    assert sorted(line.split()[0] for line in listed.splitlines()) == SHIPPED_SCENARIOS


@pytest.mark.frozen
def test_frozen_app_lists_the_scenarios_bundled_with_it(frozen_app: Path, tmp_path: Path) -> None:
    done = run_frozen(
        frozen_app, "--list-scenarios", cwd=tmp_path, env={"THREADCOMM_SCENARIOS": os.devnull}
    )
    assert done.returncode == 0, done.stderr
    assert sorted(line.split()[0] for line in done.stdout.splitlines()) == SHIPPED_SCENARIOS


@pytest.mark.frozen
def test_frozen_app_carries_every_resource_file(frozen_app: Path) -> None:
    bundled = frozen_app.parent / "_internal" / "resources"
    source = REPO / "resources"
    wanted = {
        p.relative_to(source).as_posix()
        for p in source.rglob("*")
        if p.is_file()
        and p.name != "make_icons.py"
        and not {"__pycache__", "screenshots", "packaging"} & set(p.relative_to(source).parts)
    }
    have = {p.relative_to(bundled).as_posix() for p in bundled.rglob("*") if p.is_file()}
    assert wanted - have == set(), "resources missing from the bundle"
    assert "icons/make_icons.py" not in have
    assert not [h for h in have if h.startswith("screenshots/")], "README pictures are not shipped"
