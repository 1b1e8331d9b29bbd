"""The package as people install it: sdist and wheel hold every data file, and the installed wheel runs
from another folder, outside the checkout, in English and Dutch.

Method: ``python -m build --no-isolation`` builds the sdist from a clean copy of the checkout and the
wheel from that sdist (so a file missing from the sdist fails here too). A fresh virtual environment
is made in ``tmp_path`` without pip; the wheel goes into it with ``pip --python <fresh venv> install
--no-deps``; the dependencies already resolved for this test run are made visible to it by a ``.pth``
file naming this interpreter's site-packages (a path line in a ``.pth`` is not itself a site folder,
so the checkout's editable install is not picked up: the test checks that ``dsar_analyzer`` is
imported from the fresh environment), and ``pip check`` proves that the wheel's declared
requirements are met by that set. Installing the dependencies from the registry into a fresh
environment instead took 54 s (pip) and 47 s (pipx); that is tried by hand, not here.

Measured on the shared 2-core build machine (load 14): both tests 32 s wall, 10 s CPU; the build 3 s,
the install under 1 s, the rest is the installed tool started 10 times (each start imports pandas).
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from dsar_analyzer import __version__
from dsar_analyzer.cli import cli

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dsar_analyzer"
# Files the sdist build writes itself, or that only make sense in a git checkout.
GENERATED = {"PKG-INFO", "setup.cfg"}
NOT_SHIPPED = {".gitignore"}
# What a working checkout holds besides the source (see .gitignore).
UNTRACKED = (".git", ".venv", "*.egg-info", "build", "dist", "__pycache__", ".pytest_cache", ".hypothesis", "out")

pytest.importorskip("build", reason="install the test extra: pip install -e '.[test]'")


def _package_data_files() -> set[str]:
    """Every non-Python file of the package in the source tree (templates, catalogue, py.typed)."""
    return {str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*")
            if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts}


def _tracked_files() -> set[str] | None:
    """The files of the source release: what git tracks (None outside a git checkout)."""
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        return None
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return {name for name in listed.decode().split("\0") if name and (ROOT / name).exists()} - NOT_SHIPPED


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "SOURCE_DATE_EPOCH"}}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Built from a clean copy: setuptools reuses a stale *.egg-info/SOURCES.txt left in a checkout, which
    # would hide a data file missing from the package configuration (and building writes into the tree).
    source = tmp_path_factory.mktemp("source") / "dsar-analyzer"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*UNTRACKED))
    out = tmp_path_factory.mktemp("dist")
    built = _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)], cwd=out)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    return out


def test_wheel_and_sdist_hold_every_data_file(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    assert wheel.name == f"dsar_analyzer-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    data = _package_data_files()
    assert {"dsar_analyzer/py.typed", "dsar_analyzer/report/templates/report.html.j2",
            "dsar_analyzer/report/locale/nl/LC_MESSAGES/messages.po"} <= data
    assert data - in_wheel == set()
    modules = {str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py")}
    assert modules - in_wheel == set()
    entry_points = zipfile.ZipFile(wheel).read(f"dsar_analyzer-{__version__}.dist-info/entry_points.txt").decode()
    assert "dsar-analyzer = dsar_analyzer.cli:main" in entry_points

    prefix = f"dsar_analyzer-{__version__}/"
    with tarfile.open(sdist) as archive:
        in_sdist = {m.name.removeprefix(prefix) for m in archive.getmembers() if m.isfile()}
    in_sdist = {n for n in in_sdist if n not in GENERATED and not n.startswith("dsar_analyzer.egg-info/")}
    assert data | modules <= in_sdist
    tracked = _tracked_files()
    if tracked is not None:
        # The sdist is the whole source release, tests, samples and example reports included.
        assert tracked - in_sdist == set()


def test_release_files_pass_twine_and_carry_the_license_and_one_version(dist: Path) -> None:
    """What the release workflow publishes: metadata PyPI accepts, the MIT licence text, one version."""
    checked = _run([sys.executable, "-m", "twine", "check", "--strict", *map(str, sorted(dist.iterdir()))], cwd=dist)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("PASSED") == 2
    (wheel,) = dist.glob("*.whl")
    info = f"dsar_analyzer-{__version__}.dist-info/"
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(info + "METADATA").decode()
        licence = archive.read(info + "licenses/LICENSE").decode()
    assert licence == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n")
    headers = [line for line in metadata.splitlines() if line.startswith(("Version: ", "License-Expression: "))]
    assert headers == [f"Version: {__version__}", "License-Expression: MIT"]
    assert "Classifier: Natural Language :: Dutch" in metadata.splitlines()
    assert "Description-Content-Type: text/markdown" in metadata.splitlines()
    # The version is written once, in dsar_analyzer/__init__.py: pyproject.toml declares it dynamic.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert ("version" in project, project["dynamic"]) == (False, ["version"])


def _fresh_environment(tmp_path: Path, wheel: Path) -> Path:
    venv = tmp_path / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    installed = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                      "--no-index", str(wheel)], cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=tmp_path)
    (Path(purelib.stdout.strip()) / "_test_dependencies.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    checked = _run([sys.executable, "-m", "pip", "--python", str(python), "check"], cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return venv / "bin"


def test_installed_wheel_runs_from_another_folder(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    bin_ = _fresh_environment(tmp_path, wheel)
    tool = str(bin_ / "dsar-analyzer")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    where = _run([str(bin_ / "python"), "-c", "import dsar_analyzer; print(dsar_analyzer.__file__)"], elsewhere)
    assert Path(where.stdout.strip()).is_relative_to(bin_.parent), where.stdout

    version = _run([str(bin_ / "python"), "-m", "dsar_analyzer", "--version"], elsewhere)
    assert (version.returncode, version.stdout, version.stderr) == (0, f"dsar-analyzer, version {__version__}\n", "")

    sample = _run([tool, "sample", "samples"], elsewhere)
    assert sample.returncode == 0, sample.stderr
    written = {p.name: p.read_bytes() for p in (elsewhere / "samples").glob("*.zip")}
    shipped = {p.name: p.read_bytes() for p in (ROOT / "sample_exports").glob("*.zip")}
    assert sorted(written) == sorted(shipped) and len(written) == 10
    assert written == shipped

    inspect = _run([tool, "inspect", "samples/g3-en-sample_child_b.zip"], elsewhere)
    assert inspect.returncode == 0, inspect.stderr
    assert "Format:      JSON, generation G3, language en" in inspect.stdout
    assert "Records:     138 in " in inspect.stdout

    # The installed tool renders the example reports byte for byte as the checkout does. (The committed
    # examples carry a stand-in for the source hash, Python and OS, so the checkout renders afresh here.)
    moment = ["--generated-at", "2026-01-01T00:00:00"]
    family = ["samples/g4-en-sample_child_a.zip", "samples/g3-en-sample_child_b.zip"]
    runs = {"en": [*family, "--lang", "en"], "nl": [*family, "samples/txt-2025-nl-sample_child_a.zip", "--lang", "nl"]}
    for language, arguments in runs.items():
        report = _run([tool, "report", *arguments, "--out", f"out-{language}", *moment], elsewhere)
        assert report.returncode == 0, report.stderr
        assert report.stderr == ""
        fresh = {p.name: p.read_bytes() for p in (elsewhere / f"out-{language}").iterdir()}
        checkout_out = tmp_path / f"checkout-{language}"
        paths = [str(elsewhere / a) if a.startswith("samples/") else a for a in arguments]
        assert CliRunner().invoke(cli, ["report", *paths, "--out", str(checkout_out), *moment]).exit_code == 0
        from_checkout = {p.name: p.read_bytes() for p in checkout_out.iterdir()}
        assert sorted(fresh) == sorted(from_checkout) == sorted(p.name for p in (ROOT / "reports" / language).iterdir())
        assert fresh == from_checkout
    dutch = (elsewhere / "out-nl" / "txt-2025-nl-sample_child_a.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in dutch and "1 januari 2026" in dutch

    keygen = _run([tool, "keygen", "case.key"], elsewhere)
    assert (keygen.returncode, keygen.stdout) == (0, "case.key\n")
    claim = _run([tool, "report", "samples/g4-en-sample_child_a.zip", "--out", "claim", "--claim",
                  "--case-key-file", "case.key", "--case-id", "C-1", *moment], elsewhere)
    assert (claim.returncode, claim.stdout) == (0, "claim/C-1-78639bb6442c.html\n"), claim.stderr

    refused = _run([tool, "report", "samples/g4-en-sample_child_a.zip", "--out", "o", "--zone", "Mars/Base"], elsewhere)
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == ("dsar-analyzer: Invalid value for '--zone': 'Mars/Base' is not a time zone name; use a "
                              "name like Europe/Amsterdam, Europe/Brussels or UTC. See: dsar-analyzer report --help\n")
    assert not (elsewhere / "o").exists()
