"""Hostile run-level cases (standing suite): output folders, file names, case ids that name files, odd inputs.

Each case is a fault an attack on the tool once found; the exact outcome is asserted.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from dsar_analyzer.cli import cli
from dsar_analyzer.report.print_layout import css_string
from tests.batch_fixtures import SAMPLES, case_csv, manifest

PINNED = ["--generated-at", "2026-01-01T00:00:00"]
G4 = SAMPLES / "g4-en-sample_child_a.zip"
G2 = SAMPLES / "g2-en-sample_child_a.zip"
G4_SHA = hashlib.sha256(G4.read_bytes()).hexdigest()
G2_SHA = hashlib.sha256(G2.read_bytes()).hexdigest()
KEY = b"hostile-outputs-case-key-32bytes"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


# -- a file name that is not UTF-8 ---------------------------------------------------------------

def _latin1_named(folder: Path) -> Path:
    """``kind_\\xe9.zip``: a name written by a system that does not use UTF-8."""
    path = folder / os.fsdecode(b"kind_\xe9.zip")
    shutil.copy(G4, path)
    return path


@pytest.mark.skipif(os.name != "posix", reason="names that are not UTF-8 exist on POSIX file systems")
def test_inspect_json_of_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    path = _latin1_named(tmp_path)
    code, out, err = run("inspect", "--json", str(path))
    assert (code, err) == (0, "")
    summary = json.loads(out)
    assert summary["input"]["path"] == str(tmp_path / "kind_\ufffd.zip")
    assert summary["custody"]["archive_name"] == "kind_\ufffd.zip"
    assert summary["custody"]["archive_unchanged"] is True


@pytest.mark.skipif(os.name != "posix", reason="names that are not UTF-8 exist on POSIX file systems")
def test_batch_of_a_file_name_that_is_not_utf8_writes_its_row_manifest_and_summary(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    _latin1_named(inputs)
    (inputs / os.fsdecode(b"notes_\xff.md")).write_text("not an export\n")
    code, _, err = run("batch", str(inputs), "--out", str(tmp_path / "out"), "--workers", "1", *PINNED)
    assert code == 0, err
    table = manifest(tmp_path / "out")
    assert list(zip(table.path, table.status, table.sha256)) == [(str(inputs / "kind_\ufffd.zip"), "ok", G4_SHA)]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["ignored_files"] == [{"path": str(inputs / "notes_\ufffd.md"), "reason": "not a ZIP, JSON or TXT file"}]
    assert (tmp_path / "out" / "summary.html").exists()


# -- the output folder: one rule for every command -----------------------------------------------

def _commands(out: str) -> dict[str, list[str]]:
    return {
        "report": ["report", str(G4), "--out", out],
        "batch": ["batch", str(G4), "--out", out, "--workers", "1"],
        "export": ["export", str(G4), "--format", "csv", "--out", out],
        "request": ["request", str(G4), "--out", out],
        "schema": ["schema", "--out", out],
        "sample": ["sample", out],
    }


BAD_FOLDERS = {
    "empty name": lambda tmp: "",
    "an existing file": lambda tmp: str(tmp / "afile"),
    "a path below a file": lambda tmp: str(tmp / "afile" / "below"),
    "/proc/x": lambda tmp: "/proc/x",
    "/sys/x": lambda tmp: "/sys/x",
}


@pytest.mark.parametrize("command", sorted(_commands("")))
@pytest.mark.parametrize("bad", sorted(BAD_FOLDERS))
def test_every_command_refuses_an_unusable_output_folder_in_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, bad: str) -> None:
    (tmp_path / "afile").write_text("a file, not a folder\n")
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    code, out, err = run(*_commands(BAD_FOLDERS[bad](tmp_path))[command])
    assert code == 2, (out, err)
    assert err.startswith("dsar-analyzer: ") and err.count("\n") == 1, err
    assert "internal error" not in err
    assert list(work.iterdir()) == []  # nothing written into the current folder instead
    assert (tmp_path / "afile").read_text() == "a file, not a folder\n"


# -- usable-looking mistakes that were internal errors -------------------------------------------

def test_request_dated_in_the_year_9999_is_refused_in_one_line(tmp_path: Path) -> None:
    code, _, err = run("request", str(G4), "--out", str(tmp_path / "r"), "--date", "9999-12-31")
    assert code == 2
    assert err.startswith("dsar-analyzer: ") and err.count("\n") == 1 and "--date" in err, err
    assert not (tmp_path / "r").exists() or list((tmp_path / "r").iterdir()) == []


def test_an_http_input_without_its_optional_package_is_one_line(tmp_path: Path) -> None:
    import fsspec

    try:
        fsspec.get_filesystem_class("http")
        pytest.skip("the packages for http:// are installed here")
    except ImportError:
        pass
    code, _, err = run("batch", "http://127.0.0.1:9/x.zip", "--out", str(tmp_path / "o"))
    assert code == 2
    assert err == ("dsar-analyzer: http://127.0.0.1:9/x.zip: reading http:// URLs needs a package that is not "
                   "installed (HTTPFileSystem requires \"requests\" and \"aiohttp\" to be installed).\n")


# -- case ids and modes never overwrite another file ---------------------------------------------

def _cases(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "cases.csv"
    path.write_bytes(case_csv([["file", "case_id", "birth_date"], *rows]))
    return path


def _intact(out: Path) -> dict[str, str]:
    """Each manifest row's report, checked against the hash the manifest gives for it."""
    table = manifest(out)
    for report, digest in zip(table.report, table.report_sha256):
        assert hashlib.sha256((out / report).read_bytes()).hexdigest() == digest, report
    return dict(zip(table.path, table.report))


def test_a_case_id_named_summary_does_not_overwrite_the_batch_summary(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(G4, inputs / "a.zip")
    cases = _cases(tmp_path, [["a.zip", "summary", "2010-05-01"]])
    code, _, err = run("batch", str(inputs), "--out", str(tmp_path / "o"), "--cases", str(cases), *PINNED)
    assert code == 0, err
    reports = _intact(tmp_path / "o")
    assert reports == {str(inputs / "a.zip"): f"summary-{G4_SHA[:12]}.html"}
    assert "<svg" in (tmp_path / "o" / "summary.html").read_text()  # still the batch summary


def test_a_case_id_equal_to_another_exports_sha256_does_not_overwrite_its_report(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(G4, inputs / "a.zip")
    shutil.copy(G2, inputs / "b.zip")
    cases = _cases(tmp_path, [["a.zip", G2_SHA, "2010-05-01"], ["b.zip", G4_SHA, "2011-05-01"]])
    code, _, err = run("batch", str(inputs), "--out", str(tmp_path / "o"), "--cases", str(cases), *PINNED)
    assert code == 0, err
    assert _intact(tmp_path / "o") == {str(inputs / "a.zip"): f"{G2_SHA}-{G4_SHA[:12]}.html",
                                       str(inputs / "b.zip"): f"{G4_SHA}-{G2_SHA[:12]}.html"}


def test_report_modes_into_one_folder_never_overwrite_each_other(tmp_path: Path) -> None:
    (tmp_path / "case.key").write_bytes(KEY)
    out = str(tmp_path / "o")
    assert run("report", str(G4), "--out", out, "--full", *PINNED)[0] == 0
    assert run("report", str(G4), "--out", out, *PINNED)[0] == 0
    assert run("report", str(G4), "--out", out, "--claim", "--case-key-file", str(tmp_path / "case.key"),
               *PINNED)[0] == 0
    names = sorted(p.name for p in (tmp_path / "o").iterdir() if p.suffix == ".html")
    assert names == [f"{G4_SHA[:12]}-claim.html", "g4-en-sample_child_a-full.html", "g4-en-sample_child_a.html"]


def test_batch_modes_into_one_folder_never_overwrite_each_other(tmp_path: Path) -> None:
    out = tmp_path / "o"
    assert run("batch", str(G4), "--out", str(out), "--full", *PINNED)[0] == 0
    full = _intact(out)
    assert run("batch", str(G4), "--out", str(out), *PINNED)[0] == 0
    redacted = _intact(out)
    assert (full, redacted) == ({str(G4): f"{G4_SHA[:12]}-full.html"}, {str(G4): f"{G4_SHA[:12]}.html"})
    assert (out / f"{G4_SHA[:12]}-full.html").exists()


def test_claim_file_names_follow_one_rule_in_report_batch_request_and_export(tmp_path: Path) -> None:
    key = tmp_path / "case.key"
    key.write_bytes(KEY)
    claim = ["--claim", "--case-key-file", str(key)]
    stem = f"C-7-{G4_SHA[:12]}-claim"
    assert run("report", str(G4), "--out", str(tmp_path / "r"), *claim, "--case-id", "C-7", *PINNED)[0] == 0
    assert run("request", str(G4), "--out", str(tmp_path / "q"), *claim, "--case-id", "C-7")[0] == 0
    assert run("export", str(G4), "--format", "csv", "--out", str(tmp_path / "e"), *claim, "--case-id", "C-7")[0] == 0
    cases = _cases(tmp_path, [["g4-en-sample_child_a.zip", "C-7", "2010-05-01"]])
    assert run("batch", str(G4), "--out", str(tmp_path / "b"), *claim, "--cases", str(cases), *PINNED)[0] == 0
    assert {p.name for p in (tmp_path / "r").iterdir()} == {f"{stem}.html", f"{stem}.html.sha256"}
    assert {p.name for p in (tmp_path / "q").iterdir()} == {f"{stem}.request.html", f"{stem}.request.txt"}
    assert f"{stem}.records.csv" in {p.name for p in (tmp_path / "e").iterdir()}
    assert all(p.name.startswith(f"{stem}.") for p in (tmp_path / "e").iterdir())
    assert _intact(tmp_path / "b") == {str(G4): f"{stem}.html"}


def test_every_batch_report_carries_its_case_id_and_label(tmp_path: Path) -> None:
    cases = tmp_path / "cases.csv"
    cases.write_bytes(case_csv([["file", "case_id", "birth_date", "child"],
                                ["g4-en-sample_child_a.zip", "C-2026-0042", "2010-05-01", "Kind A"]]))
    code, _, err = run("batch", str(G4), "--out", str(tmp_path / "o"), "--cases", str(cases), *PINNED)
    assert code == 0, err
    html = (tmp_path / "o" / f"C-2026-0042-{G4_SHA[:12]}.html").read_text()
    header = html[html.index("<header"):html.index("</header>")]
    assert "C-2026-0042" in header and "Kind A" in header
    # The printed page's running header starts with the case, then the child as the report names it.
    assert "@top-left { content: " + css_string("C-2026-0042 (Kind A) · ")[:-1] in html
    custody = html[html.index('id="custody"'):]
    assert "C-2026-0042" in custody[:custody.index("</section>")]
    assert orjson.loads((tmp_path / "o" / "summary.json").read_bytes())["status"]["ok"] == 1
