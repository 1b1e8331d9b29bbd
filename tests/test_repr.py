"""What a notebook shows for the library's objects: one short line each, whatever the size of the export."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import dsar_analyzer
from dsar_analyzer import samples

SAMPLES = Path(__file__).resolve().parents[1] / "sample_exports"

#: A notebook cell ending in one of these objects must show one line, not the export's contents.
MAX_REPR = 120


def test_export_and_its_parts_show_one_short_line() -> None:
    export = dsar_analyzer.load(SAMPLES / "g4-en-sample_child_a.zip")
    assert repr(export) == "<Export G4 json en: 138 records in 22 sections, sha256 78639bb6…>"
    assert str(export) == repr(export)
    assert repr(export.sections["watch_history"]) == "<SectionRecords watch_history: 40 WatchEvent records>"
    assert repr(export.sections["ad_interests"]) == "<SectionRecords ad_interests: 0 AdInterests records>"
    assert repr(export.ledger) == (
        "<Ledger: 1 member, 52 section entries, 152 items (138 records, 0 invalid, 14 ignored), "
        "0 unrecognised>")
    assert str(export.ledger) == repr(export.ledger)


def test_txt_and_folder_exports() -> None:
    txt = dsar_analyzer.load(SAMPLES / "txt-2025-nl-sample_child_a.zip")
    assert repr(txt) == (f"<Export txt-2025 txt nl: {txt.record_count} records in "
                         f"{sum(1 for s in txt.sections.values() if len(s))} sections, "
                         f"sha256 {txt.input.sha256[:8]}…>")
    folder = dsar_analyzer.load(SAMPLES / "g5-en-unzipped")
    assert repr(folder).startswith("<Export G5 json en: ")


def test_analysis_report_and_sample_show_one_short_line() -> None:
    export = dsar_analyzer.load(SAMPLES / "g4-en-sample_child_a.zip")
    analysis = dsar_analyzer.analyse(export)
    assert repr(analysis) == (
        f"<Analysis: 138 records in {len(analysis.categories)} categories, "
        f"{analysis.age.bands['under_13']} under 13, {analysis.viewing.views} videos watched>")
    rendered = dsar_analyzer.render_report(export, analysis, dsar_analyzer.ReportOptions(
        language="en", generated_at=datetime(2026, 1, 1, tzinfo=timezone.utc)))
    assert repr(rendered) == f"<RenderedReport: {len(rendered.html):,} characters, sha256 {rendered.sha256[:8]}…>"
    sample = samples.generate("G4", seed=1)
    assert repr(sample) == (f"<SampleExport g4-en-sample_child_a: G4 json en, 1 member, "
                            f"{sum(map(len, sample.expected.values()))} expected records>")


def test_repr_stays_short_for_a_large_export() -> None:
    sample = samples.generate("G4", seed=3, counts={"watch_history": 25_000, "likes": 2_000})
    export = dsar_analyzer.load(sample.zip_bytes())
    assert export.record_count > 27_000
    for shown in (export, export.ledger, export.sections["watch_history"], dsar_analyzer.analyse(export)):
        assert len(repr(shown)) <= MAX_REPR, repr(shown)
    assert len(repr(export.sections)) <= MAX_REPR * len(export.sections)
