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
from PIL import Image

from dsar_analyzer import load
from dsar_analyzer.analysis.export_figures import analyse
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
    with Image.open(screenshot) as picture:
        pixels = np.asarray(picture.convert("RGB"), dtype=float) / 255
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


# -- layout: screen, phone and paper ------------------------------------------------------------

#: Every element that sticks out of the viewport, and how wide the page scrolls.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > width + 0.5 || box.left < -0.5) wide.push(element.tagName + ' ' + Math.round(box.right));
  }
  return {scroll: document.documentElement.scrollWidth, width: width, wide: wide.slice(0, 5)};
}"""
#: The text width of an A4 page between the report's 14 mm side margins, in CSS pixels (96 per inch).
A4_TEXT_WIDTH = round((210 - 2 * 14) / 25.4 * 96)
FAMILY = ["g4-en-sample_child_a.zip", "g3-en-sample_child_b.zip", "txt-2025-nl-sample_child_a.zip"]


@pytest.fixture(scope="module")
def family(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Dutch family: three reports and the index, as the command line writes them."""
    from click.testing import CliRunner

    from dsar_analyzer.cli import cli

    out = tmp_path_factory.mktemp("family")
    result = CliRunner().invoke(cli, ["report", *(str(SAMPLES / s) for s in FAMILY), "--out", str(out),
                                      "--lang", "nl", "--generated-at", "2026-01-01T00:00:00"])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", ["index.html", "g4-en-sample_child_a.html", "txt-2025-nl-sample_child_a.html"])
def test_no_element_is_wider_than_the_screen_or_a_phone(browser, family: Path, name: str, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((family / name).as_uri(), wait_until="load")
    state = page.evaluate(OVERFLOW)
    page.close()
    assert state == {"scroll": width, "width": width, "wide": []}


def test_a_hostile_name_does_not_widen_the_page_on_a_phone(browser, tmp_path: Path) -> None:
    report = write_report(tmp_path, write_hostile_export(tmp_path), Mode.FULL, "nl")
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(report.as_uri(), wait_until="load")
    state = page.evaluate(OVERFLOW)
    page.close()
    assert state == {"scroll": 390, "width": 390, "wide": []}


@pytest.mark.parametrize(("width", "media"), [(1280, "screen"), (390, "screen"), (A4_TEXT_WIDTH, "print")])
def test_a_family_index_of_six_children_with_a_long_name_fits_a_screen_a_phone_and_a4(
        browser, tmp_path: Path, width: int, media: str) -> None:
    """The age bands are rows and the children columns: six children, one with an unbroken name, still fit."""
    from dsar_analyzer.report.render import FamilyMember, render_index

    analysis = analyse(load(SAMPLES / "g4-en-sample_child_a.zip"))
    members = [FamilyMember(file=f"child-{i}.html", name="x" * 120 if i == 0 else f"kind {i}", analysis=analysis)
               for i in range(6)]
    index = tmp_path / "index.html"
    index.write_text(render_index(members, ReportOptions(language="nl", generated_at=datetime(
        2026, 1, 1, tzinfo=timezone.utc))).html, encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(index.as_uri(), wait_until="load")
    page.emulate_media(media=media)
    state = page.evaluate(OVERFLOW)
    page.close()
    assert state == {"scroll": width, "width": width, "wide": []}


@pytest.mark.parametrize("name", ["index.html", "g4-en-sample_child_a.html"])
def test_printed_no_table_is_wider_than_an_a4_page(browser, family: Path, name: str) -> None:
    page = browser.new_page(viewport={"width": A4_TEXT_WIDTH, "height": 1100})
    page.goto((family / name).as_uri(), wait_until="load")
    page.emulate_media(media="print")
    state = page.evaluate(OVERFLOW)
    tables = page.evaluate("""() => [...document.querySelectorAll('table')]
        .filter(t => t.scrollWidth > t.clientWidth || t.getBoundingClientRect().right > innerWidth).length""")
    appendix = page.evaluate("getComputedStyle(document.querySelector('#appendix') || document.body).breakBefore")
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    page.close()
    assert state == {"scroll": A4_TEXT_WIDTH, "width": A4_TEXT_WIDTH, "wide": []}
    assert tables == 0
    pages = pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>>") + pdf.count(b"/Type /Page ")
    if name == "index.html":
        assert pages == 1
    else:
        assert appendix == "page"
        assert pages >= 10


def _boxes(box):
    yield box
    for child in getattr(box, "all_children", list)():
        yield from _boxes(child)


def _text(box) -> str:
    return "".join(b.text for b in _boxes(box) if hasattr(b, "text") and isinstance(b.text, str))


def test_weasyprint_pdf_fits_the_page_with_header_page_numbers_and_the_appendix_on_a_new_page(family: Path) -> None:
    weasyprint = pytest.importorskip("weasyprint", reason="the [pdf] extra is not installed")
    document = weasyprint.HTML(filename=str(family / "g4-en-sample_child_a.html")).render()
    pages = document.pages
    too_wide, orphans, appendix_pages = [], [], []
    for number, page in enumerate(pages, 1):
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width
        boxes = list(_boxes(page_box))
        for box in boxes:
            tag = getattr(box, "element_tag", None)
            if tag in ("table", "th", "td", "dl", "figure", "p") and box.position_x + box.margin_width() > right + .5:
                too_wide.append((number, tag))
            if tag in ("h2", "h3") and box.element is not None:
                bottom = box.position_y + box.margin_height()
                if not any(getattr(b, "element_tag", None) not in (None, "h2", "h3", "section", "main", "body",
                                                                    "html") and b.position_y >= bottom - .5
                           for b in boxes):
                    orphans.append((number, _text(box)))
            if tag == "section" and box.element is not None and box.element.get("id") == "appendix":
                flow = [b for b in page_box.children if not hasattr(b, "at_keyword")]
                appendix_pages.append((number, _text(box) == "".join(_text(b) for b in flow)))
        margins = {b.at_keyword: _text(b) for b in page_box.children if hasattr(b, "at_keyword")}
        assert margins["@bottom-center"] == f"pagina {number} van {len(pages)}"
        assert margins["@top-left"] == "sample_child_a"
        assert margins["@top-right"].startswith("1 januari 2026 · archief ")
    assert too_wide == []
    assert orphans == []
    # The appendix starts a page: its first page holds nothing but the appendix.
    assert appendix_pages[0][1] is True and appendix_pages[0][0] > 1
