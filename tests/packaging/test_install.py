"""`pip install .` gives a working product: every package, the SQL and shipped files, the `alliance` command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from analysis.paths import PROJECT_ROOT

PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_of_the_library_is_listed_for_installation() -> None:
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(folder.relative_to(PROJECT_ROOT).parts)
        for folder in (PROJECT_ROOT / "analysis").rglob("*")
        if folder.is_dir() and folder.name != "__pycache__" and any(folder.glob("*.py"))
    } | {"analysis"}
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"


def test_the_benchmark_is_not_installed() -> None:
    """benchmarks/ is tooling run from a checkout (`make bench`); `pip install .` leaves it out."""
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert not [package for package in listed if package.split(".")[0] == "benchmarks"]


def test_the_console_script_runs_the_command_line() -> None:
    assert PYPROJECT["project"]["scripts"] == {"alliance": "analysis.cli:main"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    for stale in (PROJECT_ROOT / "build").glob("lib*"):  # setuptools' build folder: files of an old layout
        shutil.rmtree(stale)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(folder),
            str(PROJECT_ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = folder.glob("alliance_dashboard-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_carries_the_sql_the_translations_and_the_shipped_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in [
        "analysis/queries/store/schema.sql",
        "analysis/queries/store/rules.sql",
        "analysis/queries/store/macros.sql",
        "analysis/queries/metrics/events_first_in_person.sql",
        "analysis/i18n/catalog/" + next((PROJECT_ROOT / "analysis/i18n/catalog").glob("*.zh.json")).name,
        "alliance_data/reference/countries.csv",
        "alliance_data/demo/members.csv",
        "alliance_data/branding.toml",
        "alliance_data/brand/logo.svg",
        "alliance_static/topojson/world_110m.json",
    ]:
        assert expected in names
    # The instance's own files never ship: no store, no backups, no secrets.
    assert not [name for name in names if "backups/" in name or name.endswith((".ducklake", "secrets.toml"))]
    assert not [name for name in names if name.startswith("benchmarks/")]  # tooling, not product
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "alliance = analysis.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


@pytest.mark.slow
def test_the_installed_package_works_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    """Installed into a folder of its own, run from elsewhere with ALLIANCE_HOME: init, import the demo, metrics."""
    target, home = tmp_path / "site", tmp_path / "home"
    home.mkdir()
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    environment = {**os.environ, "PYTHONPATH": str(target), "ALLIANCE_HOME": str(home)}
    environment.pop("ALLIANCE_DB", None)

    def alliance(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "analysis", *arguments],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )

    located = subprocess.run(
        [sys.executable, "-c", "import analysis; print(analysis.__file__)"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert located.stdout.startswith(str(target))  # the installed copy, not the checkout
    assert alliance("init", "--demo").returncode == 0
    status = alliance("status", "--json")
    assert status.returncode == 0, status.stderr
    document = json.loads(status.stdout)
    assert document["store"] == str(home / "data" / "alliance.ducklake")
    # FACTS.md: 95 members by the end of 2024; the demo adds the 2 of March 2025.
    assert document["tables"]["members"] == 97 and document["tables"]["countries"] == 249
    metrics = alliance("metrics", "--as-of", "2024-12-31")
    assert metrics.returncode == 0, metrics.stderr
    assert "95" in metrics.stdout
