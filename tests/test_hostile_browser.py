"""The hostile corpus rendered in every mode and opened in headless Chromium: no script runs, nothing is
requested, no link leaves for an unsafe place, and no bidi control is left unisolated."""

from __future__ import annotations

import json
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from dsar_analyzer import load
from dsar_analyzer.analysis.export_figures import analyse
from dsar_analyzer.report.context import ReportOptions
from dsar_analyzer.report.display import LINK_HOSTS
from dsar_analyzer.report.redact import Mode
from dsar_analyzer.report.render import render_report
from tests.hostile_inputs import WATCH
from tests.report_fixtures import HOSTILE, hostile_document
from tests.test_browser import browser, open_report  # noqa: F401 - the fixture is used

#: Strings that would reorder or hide text around them if a report obeyed them.
SPOOFS = ["kid\u202e21 ega", "\u2067chat\u2069 12", "zero\u200bwidth\ufeff", "\u061cmark", "שלום 12", "مرحبا 3",
          "a\u2066b", "\u200fx\u200e"]

#: In every text node, attribute and the title: no bidi control or zero-width character, and every
#: right-to-left letter between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE (the report's own).
CHECK = r"""() => {
  const bad = /[\u202a-\u202e\u2066\u2067\u200b-\u200f\u061c\ufeff]/;
  const rtl = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]/;
  const problems = [];
  const check = (where, s) => {
    if (bad.test(s)) { problems.push(`${where}: control in ${JSON.stringify(s.slice(0, 80))}`); return; }
    if (s.startsWith('https://')) return;
    let depth = 0;
    for (const ch of s) {
      if (ch === '\u2068') depth++;
      else if (ch === '\u2069') { if (!depth) { problems.push(`${where}: stray PDI`); return; } depth--; }
      else if (!depth && rtl.test(ch)) { problems.push(`${where}: right-to-left outside an isolate in ${JSON.stringify(s.slice(0, 80))}`); return; }
    }
    if (depth) problems.push(`${where}: unclosed isolate`);
  };
  check('title', document.title);
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) check('text', walker.currentNode.nodeValue);
  for (const element of document.querySelectorAll('*'))
    for (const attribute of element.attributes) check(`@${attribute.name}`, attribute.value);
  const links = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));
  return {problems, links, scripts: document.scripts.length, pwned: typeof window.__pwned !== 'undefined'};
}"""


def write_report(folder: Path, source: Path, mode: Mode, language: str) -> Path:
    export = load(source)
    key = b"hostile-browser-case-key-32byte!" if mode is Mode.CLAIM else None
    html = render_report(export, analyse(export), ReportOptions(
        language=language, mode=mode, case_key=key, generated_at=datetime(2026, 1, 1, tzinfo=timezone.utc))).html
    path = folder / f"report-{mode}-{language}.html"
    path.write_text(html, encoding="utf-8")
    return path


def hostile_corpus_export(folder: Path) -> Path:
    document = hostile_document()
    document["Profile"]["Profile Info"]["ProfileMap"]["userName"] = SPOOFS[0]
    activity = document["Your Activity"]
    activity["Share History"]["ShareHistoryList"] += [
        {"Date": "2020-03-03 11:00:00", "SharedContent": s, "Link": "x", "Method": s} for s in SPOOFS]
    activity["Searches"]["SearchList"] += [{"Date": "2020-03-02 11:00:00", "SearchTerm": s} for s in SPOOFS]
    activity["Watch History"]["VideoList"] += [WATCH, {"Date": "9999-01-01 00:00:00", "Link": "\u202e"},
                                               {"Date": "٢٠٢٠-٠١-٠١ ٠٠:٠٠:٠٠", "Link": SPOOFS[4]}]
    activity["Follower"][SPOOFS[5]] = {"Date": "2020-01-01 10:00:00"}
    chats = document["Direct Message"]["Direct Messages"]["ChatHistory"]
    chats[SPOOFS[1]] = [{"Date": "2020-01-01 10:00:00", "From": SPOOFS[4], "Content": SPOOFS[2]}]
    chats["Chat History with \u202eevil:"] = [{"Date": "yesterday", "From": HOSTILE[0], "Content": HOSTILE[1]}]
    path = folder / "hostile-corpus.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("user_data_tiktok.json", json.dumps(document))
        archive.writestr(f"{SPOOFS[0]}.json", b"{}")
        archive.writestr("\u2067notes\u2069.txt", "Date: 2020-01-01 10:00:00\n".encode())
    return path


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("mode", list(Mode))
def test_hostile_corpus_report_is_inert_and_isolated(browser, tmp_path: Path, mode: Mode, language: str) -> None:  # noqa: F811
    report = write_report(tmp_path, hostile_corpus_export(tmp_path), mode, language)
    console, requests, _ = open_report(browser, report, tmp_path / "page.png")
    page = browser.new_page()
    page.goto(report.as_uri(), wait_until="load")
    state = page.evaluate(CHECK)
    page.close()
    assert console == [] and requests == [report.as_uri()]
    assert (state["scripts"], state["pwned"]) == (0, False)
    assert state["problems"] == []
    unsafe = [h for h in state["links"] if not (h.startswith("#") or
                                                 (h.startswith("https://") and h.split("/", 3)[2] in LINK_HOSTS))]
    assert unsafe == []
