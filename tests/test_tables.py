"""``dsar-analyzer export``: tables per section and the tidy all-records table; formula injection."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import orjson
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from dsar_analyzer.analysis.export_figures import AnalysisOptions, analyse
from dsar_analyzer.batch.formula_guard import TRIGGERS, guard_cell
from dsar_analyzer.batch.tables import records_table
from dsar_analyzer.cli import cli
from dsar_analyzer.read.loader import load
from dsar_analyzer.report.redact import Mode, Redactor
from tests.batch_fixtures import SAMPLES

HOSTILE_TERMS = ["=1+1", "+SUM(A1)", "-fyp", "@friend", "\tcmd", "\rcr", "=HYPERLINK(\"http://x\")", "plain"]


def _searches_zip(folder: Path) -> Path:
    doc = {"Your Activity": {"Searches": {"SearchList": [
        {"Date": f"2020-01-{i + 1:02d} 10:00:00", "SearchTerm": term} for i, term in enumerate(HOSTILE_TERMS)]}}}
    path = folder / "searches.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("user_data_tiktok.json", orjson.dumps(doc))
    return path


def _export(*args: str) -> list[str]:
    result = CliRunner().invoke(cli, ["export", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_csv_cells_are_guarded_against_formula_injection(tmp_path: Path) -> None:
    _export(str(_searches_zip(tmp_path)), "--format", "csv", "--out", str(tmp_path / "out"), "--full")
    with (tmp_path / "out" / "searches-full.searches.csv").open(newline="", encoding="utf-8") as handle:
        terms = [row["term"] for row in csv.DictReader(handle)]
    assert terms == ["'=1+1", "'+SUM(A1)", "'-fyp", "'@friend", "'\tcmd", "'\rcr", "'=HYPERLINK(\"http://x\")", "plain"]


def test_jsonl_and_parquet_keep_the_values_as_the_export_has_them(tmp_path: Path) -> None:
    source = _searches_zip(tmp_path)
    _export(str(source), "--format", "jsonl", "--out", str(tmp_path / "jsonl"), "--full")
    _export(str(source), "--format", "parquet", "--out", str(tmp_path / "parquet"), "--full")
    lines = (tmp_path / "jsonl" / "searches-full.searches.jsonl").read_text().splitlines()
    assert [json.loads(line)["term"] for line in lines] == HOSTILE_TERMS
    assert list(pd.read_parquet(tmp_path / "parquet" / "searches-full.searches.parquet")["term"]) == HOSTILE_TERMS


def test_redacted_tables_withhold_what_the_report_withholds(tmp_path: Path) -> None:
    _export(str(_searches_zip(tmp_path)), "--format", "csv", "--out", str(tmp_path / "out"))
    text = (tmp_path / "out" / "searches.searches.csv").read_text()
    assert "friend" not in text and "SUM" not in text
    assert text.count("(search term withheld: ") == len(HOSTILE_TERMS)


def test_direct_message_tables_hide_the_other_person_in_the_pointer_too(tmp_path: Path) -> None:
    written = _export(str(SAMPLES / "g4-en-sample_child_a.zip"), "--format", "csv", "--out", str(tmp_path / "out"))
    messages = pd.read_csv(tmp_path / "out" / "g4-en-sample_child_a.direct_messages.csv", dtype=str, keep_default_na=False)
    tidy = pd.read_csv(tmp_path / "out" / "g4-en-sample_child_a.records.csv", dtype=str, keep_default_na=False)
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    partners = {m.conversation for m in export.records("direct_messages")}
    for name in partners:
        assert not messages.apply(lambda col: col.str.contains(name, regex=False)).any().any(), name
        assert not tidy.source_pointer.str.contains(f"with {name}:", regex=False).any(), name
    assert len(messages) == len(export.records("direct_messages")) == 6
    assert written[0].endswith("/g4-en-sample_child_a.records.csv") and len(written) == 1 + len(export.sections)


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.zip")))
def test_all_records_table_counts_what_the_analysis_counts(sample: str) -> None:
    export = load(SAMPLES / sample)
    analysis = analyse(export, AnalysisOptions())
    table = records_table(export, analysis, Redactor(Mode.REDACTED, None, frozenset()))
    assert len(table) == export.record_count
    # Without a usable birth date the four bands are None (unknown) in the analysis and absent from the table.
    expected = {band: count or 0 for band, count in analysis.age.bands.items()}
    assert table.age_band.value_counts().reindex(analysis.age.bands, fill_value=0).to_dict() == expected
    assert table.category.value_counts().reindex(analysis.categories, fill_value=0).to_dict() == analysis.categories
    assert list(table.columns[:4]) == ["section", "category", "timestamp", "age_band"]


def test_all_records_table_follows_a_real_birth_date() -> None:
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    from datetime import date

    analysis = analyse(export, AnalysisOptions(birth_date=date(2007, 6, 1)))
    table = records_table(export, analysis, Redactor(Mode.REDACTED, None, frozenset()))
    assert table.age_band.value_counts().to_dict() == {k: v for k, v in analysis.age.bands.items() if v}
    # 13th birthday 1 June 2020: the records before it and from it on, counted straight from the timestamps;
    # the 27 undated profile, settings and device records are held on the export date: counted apart.
    assert analysis.age.bands == {"under_13": 55, "13_15": 55, "16_17": 0, "18_plus": 0, "held_at_export": 27,
                                  "unknown_age": 1}


@given(st.text(max_size=20))
def test_guarded_cells_never_start_a_formula(value: str) -> None:
    guarded = guard_cell(value)
    assert not guarded.startswith(TRIGGERS)
    assert guarded == value or guarded == "'" + value


@given(st.integers() | st.floats(allow_nan=False) | st.none())
def test_numbers_are_never_guarded(value: object) -> None:
    assert guard_cell(value) == value


def test_csv_round_trips_through_the_csv_reader(tmp_path: Path) -> None:
    _export(str(SAMPLES / "txt-2025-nl-sample_child_a.zip"), "--format", "csv", "--out", str(tmp_path / "out"))
    raw = (tmp_path / "out" / "txt-2025-nl-sample_child_a.records.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert len(rows) == 1 + load(SAMPLES / "txt-2025-nl-sample_child_a.zip").record_count


# -- tables that agree with the report ---------------------------------------------------------------

def _table(folder: Path, name: str) -> Path:
    """The one table ``NAME.<name>`` in ``folder`` (NAME by the report's naming rule)."""
    (path,) = folder.glob(f"*.{name}")
    return path


def test_tables_name_people_as_the_report_does(tmp_path: Path) -> None:
    from dsar_analyzer.report.context import ReportOptions, report_redactor
    from dsar_analyzer.report.render import render_report

    sample = SAMPLES / "g4-en-sample_child_a.zip"
    _export(str(sample), "--format", "csv", "--out", str(tmp_path / "out"))
    export = load(sample)
    followers = pd.read_csv(_table(tmp_path / "out", "followers.csv"), dtype=str, keep_default_na=False)
    names = [r.username for r in export.records("followers")]
    # Five different followers are five different people in the table (on main each was "s***").
    assert len(set(names)) == followers.username.nunique() == 5
    options = ReportOptions(language="en", mode=Mode.REDACTED)
    assert all(label.startswith("person ") for label in followers.username)
    assert list(followers.username) == [report_redactor(export, options).person(name) for name in names]
    html = render_report(export, analyse(export), options).html
    assert all(label in html for label in followers.username[:3])  # the report's three examples
    messages = pd.read_csv(_table(tmp_path / "out", "direct_messages.csv"), dtype=str, keep_default_na=False)
    assert set(messages.sender) <= {*followers.username, *(f"person {n}" for n in range(1, 40)),
                                    "the child's own account"}


def test_claim_tables_keep_the_keyed_pseudonyms(tmp_path: Path) -> None:
    key = tmp_path / "case.key"
    key.write_text("k" * 64)
    sample = SAMPLES / "g4-en-sample_child_a.zip"
    _export(str(sample), "--format", "csv", "--out", str(tmp_path / "out"), "--claim", "--case-key-file", str(key))
    followers = pd.read_csv(_table(tmp_path / "out", "followers.csv"), dtype=str, keep_default_na=False)
    redactor = Redactor(Mode.CLAIM, b"k" * 64, frozenset())
    assert list(followers.username) == [redactor.person(r.username) for r in load(sample).records("followers")]


def test_one_parquet_schema_whatever_the_format(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dsar_analyzer.batch.tables import RECORDS_SCHEMA, section_schema

    samples = ["g4-en-sample_child_a.zip", "txt-2025-en-sample_child_a.zip"]
    for sample in samples:
        _export(str(SAMPLES / sample), "--format", "parquet", "--out", str(tmp_path / sample))
    # NAME.<table>.parquet: compared by the table's part of the name.
    def tables_of(folder: Path) -> set[str]:
        return {p.name.split(".", 1)[1] for p in folder.iterdir()}

    common = sorted(tables_of(tmp_path / samples[0]) & tables_of(tmp_path / samples[1]))
    assert len(common) == 22  # records and the 21 sections both exports hold
    for name in common:
        tables = [pq.read_table(_table(tmp_path / sample, name)) for sample in samples]
        expected = RECORDS_SCHEMA if name == "records.parquet" else section_schema(name.removesuffix(".parquet"))
        assert [t.schema.remove_metadata() for t in tables] == [expected, expected], name
        both = pa.concat_tables(tables)  # raised on main: source_first_line was text for JSON, a number for TXT
        assert both.num_rows == sum(t.num_rows for t in tables)
    records = pd.concat([pd.read_parquet(_table(tmp_path / sample, "records.parquet")) for sample in samples])
    assert str(records.source_first_line.dtype) == "Int64"
    assert records.source_first_line.notna().sum() == load(SAMPLES / samples[1]).record_count


def test_section_frame_with_an_unknown_id_lists_the_valid_ones() -> None:
    from dsar_analyzer import UnknownSection
    from dsar_analyzer.records.frames import section_frame
    from dsar_analyzer.records.registry import SECTIONS

    with pytest.raises(UnknownSection) as caught:
        section_frame(load(SAMPLES / "g4-en-sample_child_a.zip"), "watch_histroy")
    assert isinstance(caught.value, KeyError)
    assert str(caught.value) == ("unknown section id 'watch_histroy' (did you mean watch_history?); the section ids "
                                 f"are: {', '.join(sorted(SECTIONS))}")
