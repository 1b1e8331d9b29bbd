"""Hostile case files (part of the standing hostile suite): each is one sentence on stderr and exit code 2,
within a time and memory bound, run as a whole ``batch`` process with a capped address space."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsar_analyzer.batch import cases
from tests import hostile_case_files as hc

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_exports" / "g4-en-sample_child_a.zip"
#: Address space of the child process (as the corpus runs) and the peak resident memory allowed.
MEMORY_MB = 4096
PEAK_MB = 600
SECONDS = 60

#: Runs the command line in this process with its address space capped, and leaves its peak RSS in a file.
_CAPPED = """
import atexit, resource, sys
limit = int(sys.argv[1]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
peak_file = sys.argv[2]
atexit.register(lambda: open(peak_file, "w").write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)))
sys.argv = ["dsar-analyzer", *sys.argv[3:]]
from dsar_analyzer.cli import main
main()
"""


def run_batch(tmp_path: Path, case_file: Path | str) -> tuple[int, str, float]:
    """Exit code, stderr and peak MB of ``batch SAMPLE --cases case_file`` in a capped child process."""
    peak = tmp_path / "peak"
    done = subprocess.run([sys.executable, "-c", _CAPPED, str(MEMORY_MB), str(peak), "batch", str(SAMPLE),
                           "--out", str(tmp_path / "out"), "--cases", str(case_file)],
                          cwd=ROOT, capture_output=True, text=True, timeout=SECONDS)
    return done.returncode, done.stderr, int(peak.read_text()) / 1024


def _csv(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "cases.csv"
    path.write_bytes(data)
    return path


def long_cell(tmp_path: Path) -> Path:
    return _csv(tmp_path, b"file,case_id,birth_date\nx.zip,A-1," + b"9" * 200_000 + b"\n")


def text_named_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "cases.xlsx"
    path.write_text("file,case_id,birth_date\nx.zip,A-1,2010-01-01\n")
    return path


def truncated_xlsx(tmp_path: Path) -> Path:
    whole = hc.write_xlsx(tmp_path / "whole.xlsx", hc.workbook_parts([["file", "case_id", "birth_date"]]))
    path = tmp_path / "cases.xlsx"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    return path


def malformed_sheet(tmp_path: Path) -> Path:
    return hc.xlsx_with_sheet(tmp_path / "cases.xlsx", hc.sheet(hc.header_row() + b'\n<row r="2"><c></row>'))


def billion_laughs(tmp_path: Path) -> Path:
    return hc.xlsx_with_sheet(tmp_path / "cases.xlsx", hc.BILLION_LAUGHS)


def giant_cell(tmp_path: Path) -> Path:
    return hc.giant_cell_xlsx(tmp_path / "cases.xlsx")


def giant_cell_declared_small(tmp_path: Path) -> Path:
    return hc.giant_cell_xlsx(tmp_path / "cases.xlsx", declared_size=4096)


def long_shared_cell(tmp_path: Path) -> Path:
    return hc.xlsx_with_sheet(tmp_path / "cases.xlsx", hc.sheet(
        hc.header_row() + b'<row r="2">' + hc.inline_cell("A2", "x" * 70_000 + "<b/>" + "y" * 70_000) + b"</row>"))


def far_cell(tmp_path: Path) -> Path:
    return hc.xlsx_with_sheet(tmp_path / "cases.xlsx", hc.sheet(
        hc.header_row() + b'<row r="2">' + hc.inline_cell("XFD2", "x") + b"</row>"))


def far_row(tmp_path: Path) -> Path:
    return hc.xlsx_with_sheet(tmp_path / "cases.xlsx", hc.sheet(
        hc.header_row() + b'<row r="999999999">' + hc.inline_cell("A999999999", "x") + b"</row>"))


def many_blank_rows(tmp_path: Path) -> Path:
    return _csv(tmp_path, b"file,case_id,birth_date\n" + b"\n" * 1_100_000)


def long_line(tmp_path: Path) -> Path:
    return _csv(tmp_path, b"file,case_id,birth_date\n" + b"," * 2_000_000 + b"\n")


def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "cases.csv"
    os.mkfifo(path)
    return path


def dev_zero(tmp_path: Path) -> str:
    return "/dev/zero"


def _name(path: str) -> str:
    return f'dsar-analyzer: The case file "{path}"'


NOT_XLSX = ("is not a readable XLSX workbook (it is not a complete ZIP file, as a workbook is); save it again "
            "from the spreadsheet program, or as CSV UTF-8.")
REFUSED = "is not a workbook a spreadsheet program wrote: its part xl/worksheets/sheet1.xml is refused"
CASES: dict[str, tuple[Callable[[Path], Path | str], str]] = {
    "CSV cell over 128 KiB": (long_cell, _name("cases.csv") + " has a cell longer than 131,072 characters (line 2); "
                              "that is not a case file value."),
    "text file named .xlsx": (text_named_xlsx, _name("cases.xlsx") + " " + NOT_XLSX),
    "truncated XLSX": (truncated_xlsx, _name("cases.xlsx") + " " + NOT_XLSX),
    "malformed sheet XML": (malformed_sheet, _name("cases.xlsx") + " is damaged: its part xl/worksheets/sheet1.xml "
                            "is not well-formed XML (mismatched tag, line 2)."),
    "billion-laughs DTD": (billion_laughs, _name("cases.xlsx") + f" {REFUSED} (it holds a document type "
                           "declaration, which a workbook never has)."),
    "1 GiB cell in 1 MB": (giant_cell, _name("cases.xlsx") + " unpacks to more than 256 MiB; that is not a table "
                           "of cases."),
    "1 GiB cell declared as 4 KiB": (giant_cell_declared_small, _name("cases.xlsx") + " " + NOT_XLSX),
    "140,000-character cell in two runs": (long_shared_cell, _name("cases.xlsx") + f" {REFUSED} (a cell or text is "
                                           "longer than 131,072 characters)."),
    "cell in column XFD": (far_cell, _name("cases.xlsx") + f" {REFUSED} (it has a cell beyond column 64 or row "
                           "1,048,576)."),
    "row 999,999,999": (far_row, _name("cases.xlsx") + f" {REFUSED} (it has a row beyond row 1,048,576)."),
    "1.1 million blank rows": (many_blank_rows, _name("cases.csv") + " has more than 1,048,576 rows; split it."),
    "2 MB line of commas": (long_line, 'dsar-analyzer: Line 2 of the case file "cases.csv" is longer than 1,024 '
                            "KiB; that is not a table of cases."),
    "FIFO": (fifo, _name("cases.csv") + " is not a regular file; save the cases as a CSV or XLSX file and give "
             "its path."),
    "/dev/zero": (dev_zero, _name("zero") + " is not a regular file; save the cases as a CSV or XLSX file and give "
                  "its path."),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_case_file_is_one_sentence_and_exit_2_within_bounds(tmp_path: Path, case: str) -> None:
    build, expected = CASES[case]
    code, err, peak_mb = run_batch(tmp_path, build(tmp_path))
    assert (code, err) == (2, expected + "\n")
    assert peak_mb < PEAK_MB
    assert not (tmp_path / "out" / "manifest.csv").exists()


def test_declared_sizes_bound_what_is_inflated(tmp_path: Path) -> None:
    """The 1 GiB cell is refused from the ZIP directory, before one byte of it is inflated."""
    path = hc.giant_cell_xlsx(tmp_path / "cases.xlsx")
    inflated: list[int] = []
    real_open = cases.zipfile.ZipFile.open

    def counting_open(self, name, *args, **kwargs):  # type: ignore[no-untyped-def]
        inflated.append(1)
        return real_open(self, name, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cases.zipfile.ZipFile, "open", counting_open)
        with pytest.raises(cases.CaseFileError):
            cases.read_case_file(path)
    assert inflated == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_any_bytes_are_rows_or_one_case_file_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"cases{suffix}"
    path.write_bytes(data)
    try:
        rows = cases.read_case_file(path)
    except cases.CaseFileError as error:
        assert "\n" not in str(error) and str(error).endswith(".")
    else:
        assert all(isinstance(row, (cases.Case, cases.CaseProblem)) for row in rows)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=4000), flip=st.integers(min_value=0, max_value=4000))
def test_damaged_workbooks_are_one_case_file_error(tmp_path: Path, cut: int, flip: int) -> None:
    whole = bytearray(hc.write_xlsx(tmp_path / "whole.xlsx", hc.workbook_parts(
        [["file", "case_id", "birth_date"], ["a.zip", "C-1", "2010-01-01"]])).read_bytes())
    if flip < len(whole):
        whole[flip] ^= 0xFF
    path = tmp_path / "cases.xlsx"
    path.write_bytes(bytes(whole[: len(whole) - cut % len(whole)]))
    try:
        cases.read_case_file(path)
    except cases.CaseFileError as error:
        assert "\n" not in str(error)


def test_names_and_case_values_reach_the_terminal_escaped(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dsar_analyzer.cli import cli

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "ok.zip").write_bytes(SAMPLE.read_bytes())
    (inputs / "bad\x1b]0;owned\x07.zip").write_bytes(b"not a zip")
    (inputs / "clear\x1b[2J.zip").write_bytes(SAMPLE.read_bytes()[:-1] + b"!")
    path = tmp_path / "cases.csv"
    path.write_text("file,case_id,birth_date\nok.zip,C-1\x1b[2J,2010-01-01\nbad\x1b]0;owned\x07.zip,C-2,2010-01-01\n"
                    "gone\x1b[31m.zip,C-3\x1b]0;x\x07,2010-01-01\n", encoding="utf-8")
    done = CliRunner().invoke(cli, ["batch", str(inputs), "--out", str(tmp_path / "out"), "--cases", str(path),
                                    "--workers", "1", "--generated-at", "2026-01-01T00:00:00"])
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith(("case file row", "no row", "rejected"))]
    assert lines == [
        "case file row 4: case C-3\\x1b]0;x\\x07: names no input (gone\\x1b[31m.zip)",
        f"no row in the case file: {inputs}/clear\\x1b[2J.zip",
        f"rejected: {inputs}/bad\\x1b]0;owned\\x07.zip: The file \"bad\\x1b]0;owned\\x07.zip\" contains an entry whose "
        "name has control or unreadable characters (bad\\x1b]0;owned\\x07.zip), so it was not opened; choose the ZIP "
        "file or a file from the TikTok export.",
    ]
