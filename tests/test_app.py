"""The standalone application as a parent gets it: built with PyInstaller from packaging/dsar-analyzer.spec,
started from a folder where no Python can be found, as a double-click starts it (no arguments).

It must open the browser on its page, turn a sample export into the Dutch report in Chromium, stop on
the page's stop button and leave no process and no file behind. Without PyInstaller, Chromium or
playwright the test is skipped with the reason; under CI it fails instead (the rule of
tests/test_browser.py).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dsar_analyzer import __version__, load
from dsar_analyzer.analysis.export_figures import AnalysisOptions, analyse
from dsar_analyzer.report.i18n import Formatter
from dsar_analyzer.report.sentences import summary_sentences
from dsar_analyzer.serve.texts import texts
from tests.test_browser import in_ci

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "dsar-analyzer.spec"
SAMPLE = ROOT / "sample_exports" / "txt-2025-nl-sample_child_a.zip"

# The same Chromium, switches and skip/fail rule as the report's browser tests.
from tests.test_browser import browser  # noqa: E402,F401


def _require_pyinstaller() -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        reason = "the application test needs PyInstaller (pip install -e '.[test]')"
        if in_ci():
            pytest.fail(f"{reason}; CI is set, so it must run", pytrace=False)
        pytest.skip(reason)


def _build(folder: Path) -> Path:
    built = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                            "--distpath", str(folder / "dist"), "--workpath", str(folder / "work"), str(SPEC)],
                           cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stderr[-4000:]
    program = folder / "dist" / "dsar-analyzer" / "dsar-analyzer"
    assert program.is_file()
    return program


def _without_python(folder: Path) -> dict[str, str]:
    """An environment whose PATH holds one empty folder: no python, no pip, nothing to fall back on."""
    empty = folder / "empty-path"
    empty.mkdir()
    browser_log = folder / "browser-opened.txt"
    opener = folder / "open-browser.sh"
    opener.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{browser_log}"\n')
    opener.chmod(0o755)
    temp = folder / "tmp"
    temp.mkdir()
    environment = {"PATH": str(empty), "HOME": str(folder), "TMPDIR": str(temp), "BROWSER": str(opener),
                   "LANG": "C.UTF-8", "SOURCE_DATE_EPOCH": "1767225600"}
    assert shutil.which("python3", path=environment["PATH"]) is None
    assert shutil.which("python", path=environment["PATH"]) is None
    return environment


def _wait_for_file(path: Path, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return path.read_text()
        time.sleep(0.05)
    raise AssertionError(f"{path.name} was not written within {seconds} s")


def _group_is_gone(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return True
    return False


def test_double_clicked_application_serves_the_dutch_report_and_stops(browser, tmp_path: Path) -> None:
    _require_pyinstaller()
    program = _build(tmp_path / "build")
    here = tmp_path / "parent"
    here.mkdir()
    environment = _without_python(here)

    # The command line of the application is the tool's own.
    version = subprocess.run([str(program), "--version"], cwd=here, env=environment, capture_output=True,
                             text=True, timeout=120)
    assert (version.returncode, version.stdout) == (0, f"dsar-analyzer, version {__version__}\n")
    inspected = subprocess.run([str(program), "inspect", str(SAMPLE)], cwd=here, env=environment,
                               capture_output=True, text=True, timeout=120)
    assert inspected.returncode == 0, inspected.stderr
    assert "Format:      TXT" in inspected.stdout

    # A double-click: no arguments. The first line is the page's address, and the browser is opened on it.
    process = subprocess.Popen([str(program)], cwd=here, env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        assert _wait_for_file(here / "browser-opened.txt", 60) == url

        context = browser.new_context(locale="nl-NL")
        page = context.new_page()
        page.goto(url, wait_until="load")
        nl = texts("nl")
        assert page.locator("h1").text_content() == nl["title"]
        page.set_input_files("#files", str(SAMPLE))
        summary = page.frame_locator("#report").locator("#summary li")
        summary.first.wait_for(timeout=120_000)
        export = load(SAMPLE)
        assert summary.all_text_contents() == summary_sentences(export, analyse(export, AnalysisOptions()),
                                                                Formatter("nl"))
        page.click("#stop")
        page.locator("main p.intro").filter(has_text=nl["stopped"]).wait_for()
        context.close()
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode == 0, err
    assert err.splitlines()[-1] == "dsar-analyzer: stopped."
    deadline = time.monotonic() + 10
    while not _group_is_gone(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _group_is_gone(process.pid), "a process of the application is still running"
    assert list((here / "tmp").iterdir()) == []
