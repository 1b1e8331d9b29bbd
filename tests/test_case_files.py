"""The case file's columns (English and Dutch), rows naming no input, one archive for two cases, and matching
that looks at each export a fixed number of times however many rows there are."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dsar_analyzer.batch.cases import (
    COLUMNS,
    DUTCH,
    Case,
    CaseFileError,
    CaseProblem,
    assign,
    read_case_file,
)
from tests.batch_fixtures import case_csv


def _write(tmp_path: Path, rows: list[list[str]], name: str = "cases.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(case_csv(rows))
    return path


def test_dutch_headers_are_read_as_their_columns(tmp_path: Path) -> None:
    path = _write(tmp_path, [["Bestand", "Zaaknummer", "Geboortedatum", "Land", "Taal", "Kind"],
                             ["a.zip", "Z-1", "2010-02-03", "be", "NL", "Sam"]])
    assert read_case_file(path) == [Case(2, "Z-1", date(2010, 2, 3), "BE", "nl", "Sam", "a.zip", None)]


def test_language_and_label_are_read_as_lang_and_child(tmp_path: Path) -> None:
    path = _write(tmp_path, [["file", "Case ID", "birth-date", "language", "label"],
                             ["a.zip", "C-1", "2010-02-03", "en", "Alex"]])
    [case] = read_case_file(path)
    assert (case.lang, case.child, case.case_id) == ("en", "Alex", "C-1")


@pytest.mark.parametrize(("spelling", "column"), [(s, c) for c, spellings in COLUMNS.items() for s in spellings])
def test_every_documented_spelling_names_its_column(tmp_path: Path, spelling: str, column: str) -> None:
    header = {"file": "a.zip", "case_id": "C-1", "birth_date": "2010-02-03"}
    values = header | {column: {"sha256": "a" * 64, "consent_country": "DE", "lang": "nl", "child": "Kim"}.get(
        column, header.get(column, ""))}
    names = [spelling if c == column else c for c in values]
    [case] = read_case_file(_write(tmp_path, [names, list(values.values())]))
    assert isinstance(case, Case)
    assert getattr(case, column if column != "birth_date" else "birth_date") == (
        date(2010, 2, 3) if column == "birth_date" else values[column].upper() if column == "consent_country"
        else values[column])


def test_readme_documents_every_spelling() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert all(DUTCH[c] in COLUMNS[c] for c in DUTCH)
    assert [s for spellings in COLUMNS.values() for s in spellings if f"`{s}`" not in readme] == []


def test_unknown_columns_refuse_the_file_naming_them(tmp_path: Path) -> None:
    path = _write(tmp_path, [["file", "case_id", "birth_date", "notes", "Opmerking"], ["a.zip", "C-1", "", "x", ""]])
    with pytest.raises(CaseFileError) as caught:
        read_case_file(path)
    assert str(caught.value) == (
        'The case file "cases.csv" has columns the tool does not read: notes, Opmerking; its first row must name '
        "the columns (file or bestand, sha256, case_id or zaaknummer, birth_date or geboortedatum, consent_country "
        "or land, lang or taal, child or kind).")


def test_two_columns_for_one_thing_refuse_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, [["file", "case_id", "birth_date", "lang", "Taal"], ["a.zip", "C-1", "", "en", "nl"]])
    with pytest.raises(CaseFileError) as caught:
        read_case_file(path)
    assert str(caught.value) == 'The case file "cases.csv" has two columns for lang: "lang" and "Taal"; keep one.'


def test_a_value_under_no_column_name_makes_the_row_unusable(tmp_path: Path) -> None:
    path = _write(tmp_path, [["file", "", "case_id", "birth_date"], ["a.zip", "note", "C-1", "2010-01-01", "more"]])
    assert read_case_file(path) == [CaseProblem(2, "case C-1: a value in column 2, 5, which the first row does not "
                                                   "name", "a.zip", None, "C-1")]


def test_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes(b"\n\nfile,case_id,birth_date\n\na.zip,C-1,2010-13-01\n")
    [problem] = read_case_file(path)
    assert (problem.row, problem.message) == (5, "case C-1: birth date '2010-13-01' is not a date in the calendar")


def test_a_row_naming_no_input_is_kept_as_missing(tmp_path: Path) -> None:
    rows = read_case_file(_write(tmp_path, [["file", "case_id", "birth_date"], ["in/a.zip", "C-1", "2010-01-01"],
                                            ["gone.zip", "C-2", "2011-01-01"]]))
    result = assign(rows, ["/data/in/a.zip", "/data/b.zip"], lambda path: path)
    assert [(c.row, c.case_id, c.file) for c in result.missing] == [(3, "C-2", "gone.zip")]
    assert [p.message for p in result.problems] == ["case C-2: names no input (gone.zip)"]
    assert (list(result.cases), result.without_row) == (["/data/in/a.zip"], ["/data/b.zip"])


def test_two_cases_holding_the_same_archive_refuse_the_case_file(tmp_path: Path) -> None:
    rows = read_case_file(_write(tmp_path, [["file", "case_id", "birth_date"], ["a.zip", "C-1", "2010-01-01"],
                                            ["c.zip", "C-3", ""], ["b.zip", "C-2", "2011-01-01"]]))
    digests = {"/x/a.zip": "1" * 64, "/x/b.zip": "1" * 64, "/x/c.zip": "2" * 64}
    with pytest.raises(CaseFileError) as caught:
        assign(rows, list(digests), digests.get)
    assert str(caught.value) == ("Case file rows 2 and 4 (cases C-1 and C-2) name byte-identical archives (a.zip and "
                                 "b.zip); one export cannot belong to two cases: correct the case file.")


class CountingList(list[str]):
    """A list of exports that counts how often it is walked from start to end."""

    walks = 0

    def __iter__(self) -> Iterator[str]:
        type(self).walks += 1
        return super().__iter__()


@pytest.mark.parametrize("count", [10, 2000])
def test_matching_walks_the_exports_a_fixed_number_of_times(count: int) -> None:
    rows: list[Case | CaseProblem] = [Case(i + 2, f"C-{i}", None, file=f"e{i}.zip") for i in range(count)]
    rows += [Case(count + 2, "H", None, sha256="0" * 64),                           # by hash
             CaseProblem(count + 3, "case P: bad", file=f"e{count - 1}.zip", case_id="P"),
             Case(count + 4, "M", None, file="missing.zip")]
    exports = CountingList([f"/in/sub/e{i}.zip" for i in range(count)] + ["/in/h.json"])
    CountingList.walks = 0
    hashed: list[str] = []
    result = assign(rows, exports, lambda path: hashed.append(path) or ("0" * 64 if path.endswith("h.json") else path))
    assert CountingList.walks <= 3  # the quadratic matcher walked them once per row (2,000+ times)
    assert len(result.cases) == count  # count - 1 by name, one by hash
    assert result.rejected == {f"/in/sub/e{count - 1}.zip": "case file row " f"{count + 3} is unusable (case P: bad)"}
    assert [c.case_id for c in result.missing] == ["M"]
    assert sorted(hashed) == sorted(exports)  # each export hashed once, for the sha256 row and the check


def _batch(tmp_path: Path, *args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from dsar_analyzer.cli import cli

    done = CliRunner().invoke(cli, ["batch", *args, "--out", str(tmp_path / "out"), "--workers", "1",
                                    "--generated-at", "2026-01-01T00:00:00"])
    return done.exit_code, done.stderr


def test_a_case_row_naming_no_input_is_a_manifest_row(tmp_path: Path) -> None:
    import pandas as pd

    from tests.batch_fixtures import SAMPLES

    cases = _write(tmp_path, [["bestand", "zaaknummer", "geboortedatum", "kind"],
                              ["g4-en-sample_child_a.zip", "Z-1", "2010-01-01", "Sam"],
                              ["verdwenen.zip", "Z-2", "2011-01-01", "Kim"]])
    code, err = _batch(tmp_path, str(SAMPLES / "g4-en-sample_child_a.zip"), "--cases", str(cases))
    assert code == 3  # was 0: the missing export was only printed
    assert "case file row 3: case Z-2: names no input (verdwenen.zip)" in err
    manifest = pd.read_csv(tmp_path / "out" / "manifest.csv", dtype=str, keep_default_na=False).set_index("case_id")
    assert manifest.loc["Z-2", ["path", "status", "reason", "message", "child", "report"]].tolist() == [
        "verdwenen.zip", "missing", "case_file", "case file row 3 names no input (verdwenen.zip)", "Kim", ""]
    assert manifest.loc["Z-1", "status"] == "ok"
    import json

    assert json.loads((tmp_path / "out" / "summary.json").read_text())["status"]["missing"] == 1


def test_two_cases_naming_one_archive_stop_the_run_with_one_line(tmp_path: Path) -> None:
    from tests.batch_fixtures import SAMPLES

    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("upload-1.zip", "upload-2.zip"):
        (inputs / name).write_bytes((SAMPLES / "g4-en-sample_child_a.zip").read_bytes())
    cases = _write(tmp_path, [["file", "case_id", "birth_date"], ["upload-1.zip", "A-1", "2010-01-01"],
                              ["upload-2.zip", "A-2", "2010-01-01"]])
    code, err = _batch(tmp_path, str(inputs), "--cases", str(cases))
    assert (code, err) == (2, "dsar-analyzer: Case file rows 2 and 3 (cases A-1 and A-2) name byte-identical archives "
                              "(upload-1.zip and upload-2.zip); one export cannot belong to two cases: correct the "
                              "case file.\n")
    assert not (tmp_path / "out" / "A-1.html").exists()


_PART = st.sampled_from(["a", "b", "TikTok_Data_1.zip", "TikTok_Data_2.zip", "x.zip", "..", "."])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PART, min_size=1, max_size=4).map("/".join), max_size=12),
       st.lists(_PART, max_size=4), st.sampled_from(["/", "\\", "//"]))
def test_a_row_names_every_input_whose_path_ends_with_its_tail(paths: list[str], row: list[str], sep: str) -> None:
    """The index by base name finds exactly the inputs that have the row's path as a tail (of whole
    folder names), as an index of every tail of every path would."""
    from dsar_analyzer.batch.cases import _Inputs, _parts

    inputs = _Inputs(paths, lambda _: None)
    wanted = "/".join(_parts(sep.join(row)))
    every_tail = [path for path in paths if wanted and wanted in
                  {"/".join(_parts(path)[i:]) for i in range(len(_parts(path)))}]
    assert inputs.named(sep.join(row), None) == every_tail


def test_a_row_that_names_a_folder_tail_picks_the_one_input_in_that_folder() -> None:
    from dsar_analyzer.batch.cases import _Inputs

    inputs = _Inputs(["in/a/TikTok.zip", "in/b/TikTok.zip", "in/b/Other.zip"], lambda _: None)
    assert inputs.named("b/TikTok.zip", None) == ["in/b/TikTok.zip"]
    assert inputs.named("TikTok.zip", None) == ["in/a/TikTok.zip", "in/b/TikTok.zip"]
    assert inputs.named("c/TikTok.zip", None) == []
    assert inputs.named("in\\b\\Other.zip", None) == ["in/b/Other.zip"]
