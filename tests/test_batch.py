"""``dsar-analyzer batch``: a mixed folder, the case file, resume after a kill, exit codes, outputs."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pandas as pd
import pytest
from click.testing import CliRunner

from dsar_analyzer.batch.manifest import COLUMNS
from dsar_analyzer.cli import cli
from dsar_analyzer.read.loader import load
from dsar_analyzer.write import TEMP_PREFIX
from tests.batch_fixtures import GOOD, SAMPLES, case_csv, left_after_settling, manifest, mixed_folder

PINNED = ["--generated-at", "2026-01-01T00:00:00"]
G2_SHA12 = hashlib.sha256((SAMPLES / "g2-en-sample_child_a.zip").read_bytes()).hexdigest()[:12]


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["batch", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int, str]:
    root = tmp_path_factory.mktemp("mixed")
    inputs = mixed_folder(root)
    code, _, err = _run(str(inputs), "--out", str(root / "out"), "--workers", "2", *PINNED)
    return inputs, root / "out", code, err


def test_mixed_folder_manifest_says_what_happened_to_each(mixed_run: tuple[Path, Path, int, str]) -> None:
    inputs, out, code, err = mixed_run
    assert code == 3
    table = manifest(out)
    assert list(table.columns) == list(COLUMNS)
    got = {Path(p).relative_to(inputs).as_posix(): (s, r) for p, s, r in zip(table.path, table.status, table.reason)}
    assert got == {
        "bomb.zip": ("rejected", "unsafe"),
        "cut.zip": ("rejected", "corrupt"),
        "named.zip": ("rejected", "unsafe"),
        "not-a-zip.zip": ("rejected", "not_an_export"),
        "family_b/bare.json": ("ok", ""),
        "family_b/g5-unzipped": ("ok", ""),
        **{name: ("ok", "") for name in GOOD},
    }
    # The progress display prints one line per rejected export, naming it.
    assert sum(line.startswith("rejected: ") for line in err.splitlines()) == 4
    assert "7 inputs" not in err and "9 inputs: 5 read, 0 done before, 4 rejected, 0 failed, 0 not started." in err


def test_good_rows_carry_the_figures_of_their_export(mixed_run: tuple[Path, Path, int, str]) -> None:
    inputs, out, _, _ = mixed_run
    table = manifest(out).set_index("path")
    for name, records in GOOD.items():
        row = table.loc[str(inputs / name)]
        export = load(inputs / name)
        assert export.record_count == records
        assert row["sha256"] == export.input.sha256 == hashlib.sha256((inputs / name).read_bytes()).hexdigest()
        assert int(row["records"]) == records
        # Without a usable birth date the four bands are unknown (empty), never 0: all records are unknown_age.
        bands = [row[b] for b in ("under_13", "13_15", "16_17", "18_plus")]
        # Account state held on the export date is counted apart from the bands.
        if all(b == "" for b in bands):
            assert int(row["unknown_age"]) + int(row["held_at_export"]) == records
        else:
            assert sum(int(b) for b in bands) + int(row["unknown_age"]) + int(row["held_at_export"]) == records
        assert sum(int(row[c]) for c in table.columns if c.startswith("records_") and c not in (
            "records_since_2018_05_25", "records_under_consent_age")) == records
        assert row["report"] == f"{export.input.sha256[:12]}.html"
        report = (out / row["report"]).read_bytes()
        assert hashlib.sha256(report).hexdigest() == row["report_sha256"]
        assert (out / f"{row['report']}.sha256").read_text() == f"{row['report_sha256']}  {row['report']}\n"
    g4 = table.loc[str(inputs / "g4-en-sample_child_a.zip")]
    assert (g4["format"], g4["generation"], g4["language"], g4["birth_date_used"], g4["birth_date_source"]) == (
        "json", "G4", "en", "2009-09-14", "profile")
    assert (g4["under_13"], g4["unknown_age"], g4["held_at_export"], g4["records_since_2018_05_25"],
            g4["records_viewing_behaviour"]) == ("110", "1", "27", "110", "76")  # 27: held on the export date
    assert (g4["earliest"], g4["latest"]) == ("2019-06-03T05:57:38+00:00", "2021-06-21T21:18:20+00:00")


def test_summary_totals_and_outputs_are_private(mixed_run: tuple[Path, Path, int, str]) -> None:
    _, out, _, _ = mixed_run
    summary = json.loads((out / "summary.json").read_text())
    table = manifest(out)
    done = table[table.status == "ok"]
    assert summary["schema_version"] == 1
    assert summary["status"] == {"ok": 5, "warning": 0, "skipped": 0, "rejected": 4, "missing": 0, "duplicate": 0,
                                 "failed": 0, "not_started": 0}
    assert summary["records"] == sum(map(int, done.records)) == 135 + 138 + 94 + 142 + 142
    assert summary["failures_by_reason"] == {"unsafe": 2, "corrupt": 1, "not_an_export": 1}
    assert summary["generations"] == {"G5": 2, "G2": 1, "G4": 1, "txt-2025": 1}
    assert summary["age_bands"]["under_13"] == sum(int(n) for n in done.under_13 if n != "")  # "" = age unknown
    assert [i["reason"] for i in summary["ignored_files"]] == ["not a ZIP, JSON or TXT file"]
    html = (out / "summary.html").read_text()
    assert html.count("<svg") == 3 and 'data-count="9"' in html
    for entry in out.iterdir():
        if entry.is_file():
            assert stat.S_IMODE(entry.stat().st_mode) == 0o600, entry.name


def test_rerun_skips_what_is_done_and_retries_what_was_rejected(mixed_run: tuple[Path, Path, int, str]) -> None:
    inputs, out, _, _ = mixed_run
    before = manifest(out)
    code, _, err = _run(str(inputs), "--out", str(out), *PINNED)
    after = manifest(out)
    assert code == 3
    assert list(after.status) == ["rejected" if s == "rejected" else "skipped" for s in before.status]
    same = [c for c in COLUMNS if c not in ("status", "message", "started_at", "seconds")]
    assert after[same].equals(before[same])
    # Other options (here a real birth date for nobody, but another consent country) are another run.
    code, _, _ = _run(str(inputs / "g4-en-sample_child_a.zip"), "--out", str(out), "--consent-country", "DE", *PINNED)
    assert code == 0 and list(manifest(out).status) == ["ok"]


def _write_cases(folder: Path, data: bytes, name: str = "cases.csv") -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_case_file_with_crlf_bom_semicolons_and_a_bad_date(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("g2-en-sample_child_a.zip", "g4-en-sample_child_a.zip", "g3-en-sample_child_b.zip",
                 "txt-2025-nl-sample_child_a.zip"):
        (inputs / name).write_bytes((SAMPLES / name).read_bytes())
    cases = _write_cases(tmp_path, case_csv([
        ["File", "Case_ID", "Birth_Date", "consent_country", "lang", "child"],
        ["g2-en-sample_child_a.zip", "NL-0001", "2011-02-03", "", "nl", "=HYPERLINK(\"x\")"],
        ["in/g4-en-sample_child_a.zip", "NL-0002", "03-04-2010", "", "", "Sam"],
        ["g3-en-sample_child_b.zip", "NL-0003", "2005-11-20", "DE", "", ""],
        ["missing.zip", "NL-0004", "2010-01-01", "", "", ""],
    ], delimiter=";"))
    code, _, err = _run(str(inputs), "--out", str(tmp_path / "out"), "--cases", str(cases), *PINNED)
    assert code == 3
    assert err.splitlines()[:3] == [
        "case file row 3: case NL-0002: birth date '03-04-2010' is not written as YYYY-MM-DD",
        "case file row 5: case NL-0004: names no input (missing.zip)",
        f"no row in the case file: {inputs / 'txt-2025-nl-sample_child_a.zip'}",
    ]
    table = manifest(tmp_path / "out").set_index("case_id")
    first = table.loc["NL-0001"]
    assert (first["status"], first["birth_date_used"], first["birth_date_source"], first["report"]) == (
        "ok", "2011-02-03", "case_file", f"NL-0001-{G2_SHA12}.html")
    assert first["child"] == "'=HYPERLINK(\"x\")"          # guarded in the CSV
    assert '<html lang="nl">' in (tmp_path / "out" / f"NL-0001-{G2_SHA12}.html").read_text()
    assert table.loc["NL-0002", "status"] == "rejected" and table.loc["NL-0002", "reason"] == "case_file"
    assert list((tmp_path / "out").glob("NL-0002*")) == []
    third = table.loc["NL-0003"]
    assert (third["status"], third["consent_country"], third["birth_date_used"]) == ("ok", "DE", "2005-11-20")
    nobody = table.loc[""]
    assert (nobody["status"], nobody["birth_date_source"]) == ("ok", "none")
    assert nobody["message"] == "no row in the case file; the self-declared birth date was used"
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert [p["row"] for p in summary["case_file"]["problems"]] == [3, 5]


def test_duplicate_case_ids_reject_both_exports(tmp_path: Path) -> None:
    cases = _write_cases(tmp_path, case_csv([
        ["file", "case_id", "birth_date"],
        ["g2-en-sample_child_a.zip", "A/1", "2011-02-03"],
        ["g4-en-sample_child_a.zip", "a-1", "2011-02-03"],
    ], bom=False, line_end="\r"))
    code, _, err = _run(str(SAMPLES / "g2-en-sample_child_a.zip"), str(SAMPLES / "g4-en-sample_child_a.zip"),
                        "--out", str(tmp_path / "out"), "--cases", str(cases), *PINNED)
    assert code == 3
    assert "case file row 3: case id 'A/1' is used by rows 2, 3" in err
    assert list(manifest(tmp_path / "out").status) == ["rejected", "rejected"]


def test_xlsx_case_file_with_date_cells(tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["sha256", "case_id", "birth_date"])
    digest = hashlib.sha256((SAMPLES / "g4-en-sample_child_a.zip").read_bytes()).hexdigest()
    sheet.append([digest, 1001, datetime(2012, 5, 6)])
    book.save(tmp_path / "cases.xlsx")
    code, _, _ = _run(str(SAMPLES / "g4-en-sample_child_a.zip"), "--out", str(tmp_path / "out"),
                      "--cases", str(tmp_path / "cases.xlsx"), *PINNED)
    row = manifest(tmp_path / "out").iloc[0]
    assert code == 0
    assert (row["case_id"], row["birth_date_used"], row["report"]) == ("1001", "2012-05-06", f"1001-{digest[:12]}.html")


def test_case_file_without_its_columns_is_one_line_and_exit_2(tmp_path: Path) -> None:
    cases = _write_cases(tmp_path, b"name,born\nx,2010-01-01\n")
    code, _, err = _run(str(SAMPLES), "--out", str(tmp_path / "out"), "--cases", str(cases))
    assert code == 2
    assert err == ('dsar-analyzer: The case file "cases.csv" has columns the tool does not read: name, born; '
                   "no column file (or sha256), case_id, birth_date; its first row must name the columns (file or "
                   "bestand, sha256, case_id or zaaknummer, birth_date or geboortedatum, consent_country or land, "
                   "lang or taal, child or kind).\n")


def test_no_exports_found_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = _run(str(tmp_path / "empty"), "--out", str(tmp_path / "out"))
    assert (code, err) == (2, "dsar-analyzer: no exports (ZIP, JSON or TXT files, or export folders) were found "
                              "in the inputs.\n")


def _start_and_wait_for(inputs: Path, out: Path, done: int) -> subprocess.Popen[bytes]:
    """Start a one-worker batch in its own process group; return once ``done`` exports are finished."""
    command = [sys.executable, "-m", "dsar_analyzer", "batch", str(inputs), "--out", str(out), "--workers", "1",
               *PINNED]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    state = out / ".dsar-batch"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if state.exists() and len(list(state.glob("*.json"))) >= done:
            break
        time.sleep(0.05)
    return process


def _copies(folder: Path) -> int:
    folder.mkdir()
    names = sorted(p.name for p in SAMPLES.glob("*.zip"))
    for name in names:
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    return len(names)


def _assert_complete(out: Path, total: int, done_before: int) -> None:
    table = manifest(out)
    assert len(table) == total
    assert (table.status == "skipped").sum() == done_before
    assert (table.status == "ok").sum() == total - done_before
    for _, row in table.iterrows():
        assert hashlib.sha256((out / row["report"]).read_bytes()).hexdigest() == row["report_sha256"]
    assert [p for p in out.rglob("*") if p.name.startswith(TEMP_PREFIX)] == []


def test_killed_run_resumes_without_lost_or_half_written_files(tmp_path: Path) -> None:
    total = _copies(tmp_path / "in")
    out = tmp_path / "out"
    process = _start_and_wait_for(tmp_path / "in", out, 3)
    os.killpg(process.pid, signal.SIGKILL)  # the run and its workers, as a power cut would
    process.wait(timeout=30)
    # A worker inside a system call when the signal came may still finish that call (a rename): the
    # done-files are counted once every process of the run is gone, not when the signal is sent.
    assert left_after_settling(process.pid) == []
    done_before = len(list((out / ".dsar-batch").glob("*.json")))
    assert 3 <= done_before < total
    assert not (out / "manifest.csv").exists()
    for report in out.glob("*.html"):   # whatever exists under its final name is complete
        checksum = out / f"{report.name}.sha256"
        if checksum.exists():
            assert checksum.read_text().split()[0] == hashlib.sha256(report.read_bytes()).hexdigest()
    code, _, _ = _run(str(tmp_path / "in"), "--out", str(out), "--workers", "2", *PINNED)
    assert code == 0
    _assert_complete(out, total, done_before)


def test_ctrl_c_finishes_the_exports_in_flight_and_writes_the_manifest(tmp_path: Path) -> None:
    total = _copies(tmp_path / "in")
    out = tmp_path / "out"
    process = _start_and_wait_for(tmp_path / "in", out, 2)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends to the whole group
    assert process.wait(timeout=120) == 130
    table = manifest(out)
    done = len(list((out / ".dsar-batch").glob("*.json")))
    assert len(table) == total and (table.status == "ok").sum() == done >= 2
    interrupted = table[table.status != "ok"]
    assert set(interrupted.reason) == {"interrupted"} and len(interrupted) == total - done
    code, _, _ = _run(str(tmp_path / "in"), "--out", str(out), *PINNED)
    assert code == 0
    _assert_complete(out, total, done)


def test_parquet_manifest_has_typed_columns(mixed_run: tuple[Path, Path, int, str]) -> None:
    _, out, _, _ = mixed_run
    frame = pd.read_parquet(out / "manifest.parquet")
    assert list(frame.columns) == list(COLUMNS)
    assert str(frame["records"].dtype) == "Int64" and str(frame["path"].dtype).startswith("string")
    csv_frame = manifest(out)
    assert [str(v) if pd.notna(v) else "" for v in frame["records"]] == list(csv_frame["records"])


def test_done_files_hold_no_timing(mixed_run: tuple[Path, Path, int, str]) -> None:
    _, out, _, _ = mixed_run
    for done in (out / ".dsar-batch").glob("*.json"):
        document = orjson.loads(done.read_bytes())
        assert sorted(document) == ["hmac", "row"]
        row = document["row"]
        assert row["status"] == "ok" and "seconds" not in row and "started_at" not in row


def _spec(path: str, out: Path):  # type: ignore[no-untyped-def]
    from datetime import datetime, timezone

    from dsar_analyzer.run.spec import RunSpec

    return RunSpec.settle(path, generated_at=datetime(2026, 1, 1, tzinfo=timezone.utc), out=str(out),
                          report_name="{sha256}.html")


def test_fsspec_url_input_is_read_and_reported_under_its_url(tmp_path: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    from datetime import datetime, timezone

    from dsar_analyzer.batch.work import QueuedExport, run_job

    url = "memory://claims/g4.zip"
    with fsspec.open(url, "wb") as handle:
        handle.write((SAMPLES / "g4-en-sample_child_a.zip").read_bytes())
    row = run_job(QueuedExport(path=url, spec=_spec(url, tmp_path)))
    assert (row["path"], row["status"], row["records"]) == (url, "ok", 138)
    assert row["sha256"] == hashlib.sha256((SAMPLES / "g4-en-sample_child_a.zip").read_bytes()).hexdigest()
    local_path = f"file://{SAMPLES / 'g4-en-sample_child_a.zip'}"
    local = run_job(QueuedExport(path=local_path, spec=_spec(local_path, tmp_path)))
    assert (local["status"], local["report"]) == ("skipped", row["report"])


def test_a_worker_that_dies_fails_only_its_own_export(tmp_path: Path) -> None:
    from datetime import datetime, timezone

    from dsar_analyzer.batch.run import WORKER_DIED, run_local
    from dsar_analyzer.batch.work import QueuedExport
    from tests.batch_fixtures import dying_task

    paths = [str(SAMPLES / n) for n in ("g2-en-sample_child_a.zip", "g4-en-sample_child_a.zip")]
    jobs = [QueuedExport(path=p, spec=_spec(p, tmp_path)) for p in [paths[0], "oom.die", paths[1]]]
    rows = {row["path"]: row for row in run_local(jobs, 2, task=dying_task)}
    assert {p: (r["status"], r["reason"]) for p, r in rows.items()} == {
        paths[0]: ("ok", None), paths[1]: ("ok", None), "oom.die": ("failed", "worker")}
    assert rows["oom.die"]["message"] == WORKER_DIED


def test_out_may_be_a_file_url_but_not_an_object_store(tmp_path: Path) -> None:
    sample = str(SAMPLES / "g3-us-en-sample_child_a.zip")
    code, _, _ = _run(sample, "--out", f"file://{tmp_path}/out", "--workers", "1", *PINNED)
    assert code == 0 and list(manifest(tmp_path / "out").status) == ["ok"]
    result = CliRunner().invoke(cli, ["batch", sample, "--out", "s3://bucket/results"])
    assert result.exit_code == 2 and "reports are not written to object stores" in result.stderr


def test_report_uses_the_case_file_for_each_child_of_a_family(tmp_path: Path) -> None:
    cases = _write_cases(tmp_path, case_csv([
        ["file", "case_id", "birth_date", "child"],
        ["g4-en-sample_child_a.zip", "F-1", "2007-06-01", "Sam"],
        ["g3-en-sample_child_b.zip", "F-2", "", "Alex"],
    ]))
    paths = [str(SAMPLES / "g4-en-sample_child_a.zip"), str(SAMPLES / "g3-en-sample_child_b.zip")]
    result = CliRunner().invoke(cli, ["report", *paths, "--out", str(tmp_path / "out"), "--cases", str(cases),
                                      *PINNED], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    index = (tmp_path / "out" / "index.html").read_text()
    names = re.findall(r'<tr data-report="[^"]+"><td><a href="[^"]+">([^<]+)</a></td><td data-label="[^"]+">([^<]+)'
                       r'</td>', index)
    assert names == [("Sam", "1 June 2007 (the real birth date given)"),
                     ("Alex", "20 November 2005 (self-declared on the account)")]
    bands = {band: re.findall(r'data-count="([^"]+)"', row) for band, row in
             re.findall(r'<tr data-band="([^"]+)">(.*?)</tr>', index)}
    # Sam's real birth date (13 on 1 June 2020) splits the records 55/55; Alex keeps the profile's date.
    assert (bands["under_13"], bands["13_15"]) == (["55", "0"], ["55", "110"])


def test_report_stops_on_an_unusable_case_row(tmp_path: Path) -> None:
    cases = _write_cases(tmp_path, case_csv([["file", "case_id", "birth_date"],
                                             ["g4-en-sample_child_a.zip", "F-1", "1-6-2007"]]))
    result = CliRunner().invoke(cli, ["report", str(SAMPLES / "g4-en-sample_child_a.zip"), "--out",
                                      str(tmp_path / "out"), "--cases", str(cases)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].endswith("case file row 2 is unusable (case F-1: birth date '1-6-2007' "
                                                   "is not written as YYYY-MM-DD).")
