"""Writing report files (report/output.py) and case keys (report/case_key.py) from the library."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from dsar_analyzer.report.case_key import (
    CaseKeyRejected,
    new_case_key_file,
    read_case_key,
)
from dsar_analyzer.report.output import (
    OutputRejected,
    output_folder,
    report_file_name,
    write_file,
    write_report,
)
from dsar_analyzer.report.render import RenderedReport

HTML = "<!DOCTYPE html><title>x</title>"
REPORT = RenderedReport(html=HTML, sha256=hashlib.sha256(HTML.encode()).hexdigest())


def test_write_report_writes_html_and_sha256sum_line_owner_only(tmp_path: Path) -> None:
    written = write_report(tmp_path / "a" / "b", "child.html", REPORT)
    assert written == (tmp_path / "a" / "b" / "child.html", tmp_path / "a" / "b" / "child.html.sha256")
    assert written[0].read_text() == HTML
    assert written[1].read_text() == f"{REPORT.sha256}  child.html\n"
    assert [p.stat().st_mode & 0o777 for p in written] == [0o600, 0o600]
    assert sorted(p.name for p in (tmp_path / "a" / "b").iterdir()) == ["child.html", "child.html.sha256"]


def test_a_failed_write_leaves_no_temporary_file_and_says_why(tmp_path: Path) -> None:
    folder = output_folder(tmp_path)
    (tmp_path / "child.html").mkdir()
    with pytest.raises(OutputRejected, match=r"^cannot write .*child\.html: is a directory\.$"):
        write_file(folder, "child.html", b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["child.html"]
    with pytest.raises(ValueError, match="not a plain file name"):
        write_file(folder, "../escape.html", b"x")


def test_report_file_names() -> None:
    taken: set[str] = set()
    sha = "78639bb6442cd8282d404e701239de9f6b83303d34cd106f810771ed7fa5f93d"
    assert report_file_name("/x/Emma de Vries.zip", sha, taken) == "Emma-de-Vries.html"
    assert report_file_name("/y/Emma de Vries.ZIP", sha, taken) == "Emma-de-Vries-2.html"
    assert report_file_name("/y/index.zip", sha, taken) == "index-2.html"
    assert report_file_name("/y/../", sha, taken) == "export.html"
    assert report_file_name("/x/Emma de Vries.zip", sha, taken, mode="full") == "Emma-de-Vries-full.html"
    # Claim mode: never the input's name; the mode is in the name, so no other mode's file is replaced.
    assert report_file_name("/x/Emma.zip", sha, taken, mode="claim") == "78639bb6442c-claim.html"
    assert report_file_name("/x/Emma.zip", sha, taken, mode="claim") == "78639bb6442c-claim-2.html"
    assert report_file_name("/x/Emma.zip", sha, taken, mode="claim", case_id="C-1") == "C-1-78639bb6442c-claim.html"
    assert report_file_name("/x/Emma.zip", sha, taken, mode="claim", case_id="a/b") == "a-b-78639bb6442c-claim.html"
    # A case id never names another file: the fixed-length hash ends every name made from one.
    assert report_file_name("/x/a.zip", sha, taken, case_id="summary", from_input=False) == "summary-78639bb6442c.html"


def test_case_key_round_trip_and_bounds(tmp_path: Path) -> None:
    key_file = new_case_key_file(tmp_path / "case.key")
    assert read_case_key(key_file) == key_file.read_bytes().strip()
    assert len(read_case_key(key_file)) == 64
    with pytest.raises(CaseKeyRejected, match="already exists"):
        new_case_key_file(key_file)
    (tmp_path / "short.key").write_bytes(b"  " + b"k" * 31 + b"\n\n")
    with pytest.raises(CaseKeyRejected, match="has 31 bytes; a case key needs at least 32 random bytes"):
        read_case_key(tmp_path / "short.key")
    with pytest.raises(CaseKeyRejected, match="does not exist"):
        read_case_key(tmp_path / "missing.key")
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(CaseKeyRejected, match="is not a regular file"):
        read_case_key(tmp_path / "fifo")
