"""The report in a real browser: headless Chromium opens it from disk with no console error, no network
request, no script run from injected strings, and paints a page that is not blank.

Without Chromium or playwright these tests are skipped with the reason (a fresh machine passes the
README's test command); when the environment variable ``CI`` is set they fail instead, so CI (which
installs Chromium in ``.ci/run``) cannot pass without running them. ``DSAR_ANALYZER_CHROMIUM`` names
another Chromium binary. tests/test_browser_rule.py checks this rule.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from matplotlib import image

from dsar_analyzer import load
from dsar_analyzer.analyse.analysis import analyse
from dsar_analyzer.report.context import ReportOptions
from dsar_analyzer.report.redact import Mode
from dsar_analyzer.report.render import render_report
from tests.report_fixtures import write_hostile_export

SAMPLES = Path(__file__).resolve().parents[1] / "sample_exports"
CHROMIUM = os.environ.get("DSAR_ANALYZER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# The same switches as a locked-down kiosk: no background traffic of Chromium's own.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-extensions"]



def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def require_browser() -> Any:
    """playwright's sync API; when it or Chromium is missing, skip with the reason, or fail under CI."""
    missing = []
    try:
        from playwright import sync_api
    except ImportError:
        sync_api = None
        missing.append("playwright (pip install -e '.[test]')")
    if not os.path.isfile(CHROMIUM):
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    if missing:
        reason = "browser tests need " + " and ".join(missing)
        if in_ci():
            pytest.fail(f"{reason}; CI is set, so they must run", pytrace=False)
        pytest.skip(reason)
    return sync_api


@pytest.fixture(scope="module")
def browser():
    sync_api = require_browser()
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def write_report(folder: Path, source: Path, mode: Mode, language: str = "en") -> Path:
    export = load(source)
    html = render_report(export, analyse(export), ReportOptions(
        language=language, mode=mode, generated_at=datetime(2026, 1, 1, tzinfo=timezone.utc))).html
    path = folder / f"report-{mode}-{language}.html"
    path.write_text(html, encoding="utf-8")
    return path


def open_report(browser, path: Path, screenshot: Path) -> tuple[list[str], list[str], dict]:
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    console: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri(), wait_until="load")
    state = page.evaluate("""() => ({
        pwned: typeof window.__pwned !== 'undefined',
        scripts: document.scripts.length,
        images: document.images.length,
        iframes: document.querySelectorAll('iframe, object, embed, link[rel]').length,
        heading: document.querySelector('h1').textContent,
        svgs: document.querySelectorAll('figure svg').length,
    })""")
    page.screenshot(path=str(screenshot), full_page=False)
    page.close()
    return console, requests, state


def assert_not_blank(screenshot: Path) -> None:
    pixels = image.imread(str(screenshot))[..., :3]
    assert pixels.std() > 0.05
    assert len(np.unique(pixels.reshape(-1, 3).round(2), axis=0)) > 20


@pytest.mark.parametrize("mode", [Mode.FULL, Mode.REDACTED])
def test_hostile_report_runs_nothing_and_loads_nothing(browser, tmp_path: Path, mode: Mode) -> None:
    report = write_report(tmp_path, write_hostile_export(tmp_path), mode)
    console, requests, state = open_report(browser, report, tmp_path / "hostile.png")
    assert console == []
    assert requests == [report.as_uri()]
    assert state["pwned"] is False
    assert (state["scripts"], state["images"], state["iframes"]) == (0, 0, 0)
    assert "<script>" in state["heading"] or mode is Mode.REDACTED
    assert_not_blank(tmp_path / "hostile.png")


@pytest.mark.parametrize(("sample", "language"), [("g4-en-sample_child_a.zip", "en"),
                                                   ("txt-2025-nl-sample_child_a.zip", "nl")])
def test_sample_report_paints_with_its_charts(browser, tmp_path: Path, sample: str, language: str) -> None:
    report = write_report(tmp_path, SAMPLES / sample, Mode.REDACTED, language)
    console, requests, state = open_report(browser, report, tmp_path / "sample.png")
    assert console == []
    assert requests == [report.as_uri()]
    assert state["svgs"] == 3
    assert_not_blank(tmp_path / "sample.png")


def test_print_stylesheet_gives_a4_pages_without_navigation(browser, tmp_path: Path) -> None:
    report = write_report(tmp_path, SAMPLES / "g4-en-sample_child_a.zip", Mode.REDACTED)
    page = browser.new_page()
    page.goto(report.as_uri(), wait_until="load")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('nav.toc')).display") == "none"
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    page.close()
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>>") + pdf.count(b"/Type /Page ")
    assert pages >= 5
    # A4 is 595 x 842 points.
    assert b"/MediaBox [0 0 595" in pdf or b"/MediaBox [0 0 594.9" in pdf
