"""``batch`` for a claim handler: progress in a log, stale reports and ``--prune``, the summary page per
case, and the on-disk spool the manifest is written from."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from dsar_analyzer.batch.manifest import COLUMNS, Spool, empty_row, manifest_csv, write_manifest
from dsar_analyzer.batch.run import Progress
from dsar_analyzer.cli import cli
from dsar_analyzer.write import output_folder
from tests.batch_fixtures import SAMPLES, case_csv, manifest

PINNED = ["--generated-at", "2026-01-01T00:00:00"]
THREE = ["g2-en-sample_child_a.zip", "g4-en-sample_child_a.zip", "txt-2025-nl-sample_child_a.zip"]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["batch", *args], catch_exceptions=False)
    return result.exit_code, result.stderr


def _inputs(tmp_path: Path, names: list[str]) -> Path:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in names:
        shutil.copy(SAMPLES / name, inputs / name)
    return inputs


# -- progress when stderr is a log ---------------------------------------------------------------


def test_progress_lines_say_done_rate_and_time_left() -> None:
    now = [100.0]
    progress = Progress(10, every=5, clock=lambda: now[0])
    lines = []
    for _ in range(10):
        now[0] += 1.5
        lines.append(progress.add())
    assert lines == [
        "exports: 1/10 done (10%), 0.7 exports/s, about 14 s left", None, None, None,
        "exports: 5/10 done (50%), 0.7 exports/s, about 8 s left", None, None, None,
        "exports: 9/10 done (90%), 0.7 exports/s, about 2 s left",
        "exports: 10/10 done (100%), 0.7 exports/s, done",
    ]
    slow = Progress(100_000, clock=lambda: now[0])
    now[0] += 10
    assert slow.add() == "exports: 1/100,000 done (0%), 0.1 exports/s, about 277 h 46 min left"


def test_a_batch_logging_to_a_file_writes_progress_lines(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path, THREE)
    result = subprocess.run([sys.executable, "-m", "dsar_analyzer", "batch", str(inputs), "--out",
                             str(tmp_path / "out"), "--workers", "1", *PINNED],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("exports: ")]
    pattern = re.compile(r"^exports: (\d)/3 done \((\d+)%\), \d+\.\d exports/s, (about \d+ s left|done)$")
    assert all(pattern.match(line) for line in lines), lines
    assert lines[0].startswith("exports: 1/3 done (33%), ") and lines[-1].startswith("exports: 3/3 done (100%), ")
    assert lines[-1].endswith(", done")


# -- stale reports and --prune -------------------------------------------------------------------


def _cases(tmp_path: Path, case_id: str) -> Path:
    path = tmp_path / f"cases-{case_id}.csv"
    path.write_bytes(case_csv([["file", "case_id", "birth_date"], [THREE[1], case_id, "2009-09-14"]]))
    return path


def test_a_corrected_case_file_lists_the_old_report_and_prune_removes_only_it(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path, [THREE[1]])
    out = tmp_path / "out"
    assert _run(str(inputs), "--out", str(out), "--cases", str(_cases(tmp_path, "NL-7")), *PINNED)[0] == 0
    (out / "notes.html").write_text("<p>the handler's own notes</p>")     # no checksum file: not ours
    (out / "kept.html").write_text("<p>edited</p>")                       # a checksum that does not match
    (out / "kept.html.sha256").write_text(f"{'0' * 64}  kept.html\n")
    code, err = _run(str(inputs), "--out", str(out), "--cases", str(_cases(tmp_path, "NL-8")), *PINNED)
    assert code == 0
    assert [line for line in err.splitlines() if "no row refers to" in line] == [
        "report no row refers to: NL-7.html (run again with --prune to remove it)"]
    page = (out / "summary.html").read_text()
    assert 'data-stale="NL-7.html"' in page and "notes.html" not in page
    assert (out / "NL-7.html").exists() and (out / "NL-8.html").exists()

    code, err = _run(str(inputs), "--out", str(out), "--cases", str(_cases(tmp_path, "NL-8")), "--prune", *PINNED)
    assert code == 0
    assert "removed 1 report no row refers to" in err
    left = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert left == ["NL-8.html", "NL-8.html.sha256", "kept.html", "kept.html.sha256", "manifest.csv",
                    "manifest.parquet", "notes.html", "summary.html", "summary.json"]
    assert "data-stale" not in (out / "summary.html").read_text()


# -- the summary page -----------------------------------------------------------------------------


class _Table(HTMLParser):
    """The cells of the exports table, row by row, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.rows: list[list[str]] = []
        self.statuses: list[str] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "table" and named.get("data-table") == "exports":
            self.inside = True
        elif self.inside and tag == "tr" and "data-status" in named:
            self.rows.append([])
            self.statuses.append(named["data-status"] or "")
        elif self.inside and tag == "td":
            self.cell = []
        elif self.inside and tag == "br" and self.cell is not None:
            self.cell.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        elif tag == "td" and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


@pytest.fixture(scope="module")
def claim_load(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three cases (ids out of path order), one case row whose export is damaged, and their summary."""
    root = tmp_path_factory.mktemp("claims")
    inputs = _inputs(root, THREE)
    (inputs / "cut.zip").write_bytes((SAMPLES / THREE[0]).read_bytes()[:4000])
    cases = root / "cases.csv"
    cases.write_bytes(case_csv([
        ["file", "case_id", "birth_date", "child"],
        [THREE[0], "NL-0300", "2011-02-03", "Ada"], [THREE[1], "NL-0100", "2009-09-14", "Bo"],
        [THREE[2], "NL-0200", "2010-05-05", "Cas"], ["cut.zip", "NL-0050", "2010-01-01", "Dee"]]))
    for language in ("en", "nl"):
        code, _ = _run(str(inputs), "--out", str(root / language), "--cases", str(cases), "--lang", language,
                       "--workers", "2", *PINNED)
        assert code == 3
    return root


FIGURES = ["records", "under_13", "13_15", "16_17", "18_plus", "unknown_age", "records_since_2018_05_25",
           "records_under_consent_age"]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_summary_page_lists_every_per_case_figure_by_case_id(claim_load: Path, language: str) -> None:
    out = claim_load / language
    table = _Table()
    table.feed((out / "summary.html").read_text())
    rows = manifest(out).sort_values("case_id").to_dict("records")
    assert [cells[0] for cells in table.rows] == ["NL-0050", "NL-0100", "NL-0200", "NL-0300"]
    assert table.statuses == [r["status"] for r in rows] == ["rejected", "ok", "ok", "ok"]
    for cells, row in zip(table.rows, rows):
        assert cells[1] == row["child"]
        figures = [re.sub(r"\D", "", cell) for cell in cells[3:3 + len(FIGURES)]]
        assert figures == [row[f] for f in FIGURES]
        report = f"{row['report']} | {row['report_sha256']}" if row["report"] else ""
        assert cells[3 + len(FIGURES)] == report
        assert cells[4 + len(FIGURES)] == row["path"]


@pytest.mark.parametrize(("language", "words", "status"), [
    ("en", "the file is damaged or incomplete", "rejected"),
    ("nl", "het bestand is beschadigd of onvolledig", "geweigerd"),
])
def test_summary_page_gives_the_file_and_the_reason_in_words(claim_load: Path, language: str, words: str,
                                                              status: str) -> None:
    out = claim_load / language
    table = _Table()
    table.feed((out / "summary.html").read_text())
    rejected = table.rows[0]
    assert rejected[2] == status
    assert rejected[4 + len(FIGURES)] == str(claim_load / "in" / "cut.zip")
    assert rejected[5 + len(FIGURES)].split(" | ")[0] == words
    assert f'<tr data-reason="corrupt"><td>{html.escape(words)}</td>' in (out / "summary.html").read_text()


WORDS_ON_ONE_LINE = r"""() => {
    const broken = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('.hash, .path, code, svg, style, title')) continue;
        const style = getComputedStyle(parent);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        for (const match of node.textContent.matchAll(/[\p{L}\p{N}]+/gu)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
            if (tops.size > 1) broken.push(match[0]);
        }
    }
    return broken;
}"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_word_of_the_summary_is_broken_mid_letter(claim_load: Path, language: str, width: int) -> None:
    from tests.test_browser import ARGS, CHROMIUM, require_browser

    sync_api = require_browser()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto((claim_load / language / "summary.html").as_uri(), wait_until="load")
        broken = page.evaluate(WORDS_ON_ONE_LINE)
        page.emulate_media(media="print")
        broken_in_print = page.evaluate(WORDS_ON_ONE_LINE)
        browser.close()
    assert (broken, broken_in_print) == ([], [])


# -- the spool the manifest is written from -------------------------------------------------------

_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
_ROWS = st.lists(st.builds(lambda path, status, case_id, records, message: empty_row(path) | {
    "status": status, "case_id": case_id, "records": records, "message": message},
    _TEXT, st.sampled_from(["ok", "rejected", "failed", "skipped", "not_started"]), st.none() | _TEXT,
    st.none() | st.integers(0, 10**12), st.none() | _TEXT), max_size=30, unique_by=lambda r: r["path"])


@settings(max_examples=40, deadline=None)
@given(rows=_ROWS)
def test_the_manifest_written_from_the_spool_is_the_manifest_of_the_rows(tmp_path_factory: pytest.TempPathFactory,
                                                                         rows: list[dict]) -> None:
    folder = tmp_path_factory.mktemp("spool")
    with Spool(folder) as spool:
        for row in reversed(rows):
            spool.add(row)
        assert len(spool) == len(rows)
        write_manifest(output_folder(folder), spool.rows(), in_order=True)
        ordered_by_case = [r["path"] for r in spool.by_case(1000)]
    assert (folder / "manifest.csv").read_bytes() == manifest_csv(rows)
    frame = pd.read_parquet(folder / "manifest.parquet")
    assert list(frame.columns) == list(COLUMNS) and frame["path"].tolist() == sorted(r["path"] for r in rows)
    assert ordered_by_case == [r["path"] for r in sorted(rows, key=lambda r: (r["case_id"] is None,
                                                                                 r["case_id"] or "", r["path"]))]
    assert [p.name for p in folder.iterdir() if p.name.endswith(".sqlite")] == []
