"""One path per export: every door gives the same report for the same export and options.

Each test below is a drift that the hand-written copies of load/analyse/render/write had (issue 18):
it failed on the code before ``run_export`` and passes after.
"""

from __future__ import annotations

import hashlib

import os
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from dsar_analyzer.cli import cli
from tests.batch_fixtures import SAMPLES, case_csv

G4 = SAMPLES / "g4-en-sample_child_a.zip"
MOMENT = "2026-01-01T00:00:00"
EPOCH = str(int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp()))
#: The custody lines that record how a report was made (which door, which command): masked when comparing.
HOW_MADE = re.compile(r"<dt>(Command or call)</dt><dd>.*?</dd>")


def _masked(html: str) -> str:
    return HOW_MADE.sub(r"<dt>\1</dt><dd>…</dd>", html)


def _custody(html: str, label: str) -> str:
    found = re.search(rf"<dt>{re.escape(label)}</dt><dd>(.*?)</dd>", html)
    assert found, label
    return found.group(1)


def _batch(inputs: Path, out: Path, *extra: str) -> None:
    result = CliRunner().invoke(cli, ["batch", str(inputs), "--out", str(out), "--workers", "1", *extra])
    assert result.exit_code == 0, result.output


def _only_report(out: Path) -> str:
    reports = [p for p in out.glob("*.html") if p.name != "summary.html"]
    assert len(reports) == 1, reports
    return reports[0].read_text(encoding="utf-8")


def _inputs(tmp_path: Path, *samples: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in samples:
        (folder / sample.name).write_bytes(sample.read_bytes())
    return folder


# -- the drifts --------------------------------------------------------------------------------------------

def test_batch_with_generated_at_says_the_time_stamp_is_pinned(tmp_path: Path) -> None:
    _batch(_inputs(tmp_path, G4), tmp_path / "out", "--generated-at", MOMENT)
    assert _custody(_only_report(tmp_path / "out"), "Time stamp pinned").startswith("yes (--generated-at")


def _sha12(path: Path) -> str:
    """The archive part of a batch report's name: the first 12 hex digits of its SHA-256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def test_lang_flag_wins_over_the_case_row_in_batch_as_in_report(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path, G4)
    cases = tmp_path / "cases.csv"
    cases.write_bytes(case_csv([["file", "case_id", "birth_date", "lang"], [G4.name, "C-1", "2010-05-01", "nl"]]))
    _batch(inputs, tmp_path / "batch", "--cases", str(cases), "--lang", "en", "--generated-at", MOMENT)
    single = CliRunner().invoke(cli, ["report", str(inputs / G4.name), "--out", str(tmp_path / "report"),
                                      "--cases", str(cases), "--lang", "en", "--generated-at", MOMENT])
    assert single.exit_code == 0, single.output
    assert '<html lang="en">' in (tmp_path / "batch" / f"C-1-{_sha12(G4)}.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in (tmp_path / "report" / "g4-en-sample_child_a.html").read_text(encoding="utf-8")
    # Without the flag, the case row's language is used by both.
    _batch(inputs, tmp_path / "batch-nl", "--cases", str(cases), "--generated-at", MOMENT)
    assert '<html lang="nl">' in (tmp_path / "batch-nl" / f"C-1-{_sha12(G4)}.html").read_text(encoding="utf-8")


def test_a_trailing_slash_still_names_the_input(tmp_path: Path) -> None:
    folder = str(SAMPLES / "g5-en-unzipped") + "/"
    result = CliRunner().invoke(cli, ["report", folder, "--out", str(tmp_path), "--generated-at", MOMENT])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "g5-en-unzipped.html").read_text(encoding="utf-8")
    assert _custody(html, "File given") == "<code>g5-en-unzipped</code>"
    assert _custody(html, "Archive") == "<code>g5-en-unzipped</code>"
    assert re.search(r"g5-en-unzipped</", html.split("<main", 1)[0] + html.split("</header>", 1)[0])


def test_bytes_never_rehash_a_file_of_the_same_name_in_the_working_folder(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from dsar_analyzer import analyse, load

    monkeypatch.chdir(tmp_path)
    (tmp_path / "upload.zip").write_bytes(b"another file altogether")
    custody = analyse(load(G4.read_bytes(), name="upload.zip")).custody
    assert (custody.archive_unchanged, custody.archive_sha256_rechecked) == (None, None)
    assert custody.recheck_note.startswith("The archive was given to the tool in memory (bytes or a stream)")


def test_a_full_copy_never_says_the_search_terms_are_withheld(tmp_path: Path) -> None:
    from dsar_analyzer import Mode, RunSpec, run_export

    sample = SAMPLES / "g5-en-sample_child_a.zip"
    full = run_export(sample, RunSpec.settle(sample, mode=Mode.FULL))
    redacted = run_export(sample, RunSpec.settle(sample))
    assert full.rendered is not None and redacted.rendered is not None
    assert "does not show the terms themselves" not in full.rendered.html
    assert "does not show the terms themselves" in redacted.rendered.html
    assert (full.analysis.options.redact_search_terms, redacted.analysis.options.redact_search_terms) == (False, True)


def test_batch_output_folder_is_checked_as_the_report_one(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for out in ("/proc/dsar-analyzer-out", str(blocker / "below")):
        result = CliRunner().invoke(cli, ["batch", str(G4), "--out", out])
        assert result.exit_code == 2, (out, result.output)
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output


def test_one_temporary_file_scheme(tmp_path: Path) -> None:
    from dsar_analyzer.write import TEMP_PREFIX, output_folder, write_file

    folder = output_folder(tmp_path)
    seen: list[str] = []
    real_replace = os.replace

    def spy(source: str, target: str) -> None:
        seen.append(os.path.basename(source))
        real_replace(source, target)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "replace", spy)
        write_file(folder, "x.html", b"x")
        _batch(_inputs(tmp_path, G4), tmp_path / "out", "--generated-at", MOMENT)
    assert seen and all(name.startswith(TEMP_PREFIX) and name.endswith(".tmp") for name in seen), seen


# -- the same report whichever door ------------------------------------------------------------------------

def test_report_batch_dask_and_page_give_the_same_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    from dsar_analyzer.serve.jobs import Workshop

    inputs = _inputs(tmp_path, G4)
    result = CliRunner().invoke(cli, ["report", str(inputs / G4.name), "--out", str(tmp_path / "report"),
                                      "--lang", "en", "--generated-at", MOMENT])
    assert result.exit_code == 0, result.output
    by_report = (tmp_path / "report" / "g4-en-sample_child_a.html").read_text(encoding="utf-8")
    _batch(inputs, tmp_path / "batch", "--lang", "en", "--generated-at", MOMENT)
    by_batch = _only_report(tmp_path / "batch")
    dask = subprocess.run([sys.executable, "-m", "dsar_analyzer", "batch", str(inputs), "--out",
                           str(tmp_path / "dask"), "--scheduler", "local", "--workers", "1", "--lang", "en",
                           "--generated-at", MOMENT], capture_output=True, timeout=240, check=False)
    assert dask.returncode == 0, dask.stderr
    by_dask = _only_report(tmp_path / "dask")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    workshop = Workshop()
    try:
        job, path = workshop.new_upload(G4.name)
        Path(path).write_bytes(G4.read_bytes())
        workshop.start(job, path)
        workshop.idle()
        assert job.state == "done", (job.refusal, job.detail)
        by_page = job.html
    finally:
        workshop.close()
    assert by_page is not None
    assert _masked(by_report) == _masked(by_batch) == _masked(by_dask) == _masked(by_page)
    assert _custody(by_page, "Archive unchanged") == "yes, the same SHA-256"
    assert [_custody(html, "Command or call") for html in (by_report, by_batch, by_page)] == [
        "<code>dsar-analyzer report g4-en-sample_child_a.zip --lang en --generated-at &#39;2026-01-01 "
        "00:00:00+00:00&#39; --consent-country NL --zone Europe/Amsterdam</code>",
        f"<code>dsar-analyzer batch {inputs.name} --grace 30.0 --lang en --generated-at &#39;2026-01-01 00:00:00+00:00&#39; "
        "--consent-country NL --zone Europe/Amsterdam</code>",
        "<code>dsar-analyzer serve (the local page)</code>"]


def test_outcome_is_the_manifest_row(tmp_path: Path) -> None:
    from dsar_analyzer import RunSpec, run_export
    from dsar_analyzer.batch.manifest import COLUMNS

    _batch(_inputs(tmp_path, G4), tmp_path / "batch", "--generated-at", MOMENT)
    # The done-file holds the row batch wrote (sealed: {"row": ..., "hmac": ...}).
    row = next(iter(orjson.loads(p.read_bytes())["row"] for p in (tmp_path / "batch" / ".dsar-batch").glob("*.json")))
    from dsar_analyzer.report.names import SHA12, export_stem

    outcome = run_export(G4, RunSpec.settle(G4, generated_at=datetime(2026, 1, 1), out=str(tmp_path / "lib"),
                                            report_name=export_stem(SHA12, "redacted") + ".html"))
    produced = outcome.row()
    assert list(produced) == list(COLUMNS)
    # The report differs in its custody line "Command or call" only (a library call, not the batch command).
    same = {c for c in COLUMNS if c not in ("path", "started_at", "seconds", "options_sha256", "report_sha256")}
    assert {c: produced[c] for c in same} == {c: row[c] for c in same}


def test_an_analysis_with_warnings_is_an_outcome_with_status_warning() -> None:
    from datetime import date

    from dsar_analyzer import RunSpec, run_export

    # A birth date after the export's first record is refused: the analysis says so, and so does the row.
    refused = run_export(G4, RunSpec.settle(G4, birth_date=date(2025, 1, 1), render=False))
    assert refused.status == "warning"
    # The row's message is the warning in the report's language (English here, dates written out).
    from dsar_analyzer.report.i18n import warning_text

    assert refused.analysis is not None and refused.message == warning_text(refused.analysis.warnings[0], "en")
    assert run_export(G4, RunSpec.settle(G4, render=False)).status == "ok"
