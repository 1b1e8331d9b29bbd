"""Frames hold exactly the records' values, with typed columns, source columns, and fixed columns when empty."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import orjson
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dsar_analyzer import load
from dsar_analyzer.records import columns, frames
from dsar_analyzer.records.frames import (
    SOURCE_COLUMNS,
    field_kinds,
    records_frame,
    section_frame,
)
from dsar_analyzer.records.registry import SECTIONS
from dsar_analyzer.records.values import NO_VALUE_STRINGS, PLACEHOLDER_TIMESTAMPS

SAMPLES = Path(__file__).resolve().parents[1] / "sample_exports"


def _plain(value: object) -> object:
    if value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


@pytest.mark.parametrize("name", ["g2-en-sample_child_a.zip", "g4-en-sample_child_a.zip", "g5-en-sample_child_a.zip",
                                  "txt-2020-en-sample_child_a.zip", "txt-2025-nl-sample_child_a.zip"])
def test_frame_values_equal_record_values(name: str) -> None:
    export = load(SAMPLES / name)
    for section_id, records in export.sections.items():
        frame = section_frame(export, section_id)
        assert len(frame) == len(records)
        kinds = field_kinds(SECTIONS[section_id].model)
        for i, record in enumerate(records.records):
            as_json = record.model_dump(mode="json")
            for field, kind in kinds.items():
                value = _plain(frame.at[i, field])
                if kind == "other":
                    # Nested values are JSON text of the record's value (None stays missing).
                    assert (None if value is None else orjson.loads(value)) == as_json[field], (section_id, i, field)
                    continue
                assert value == getattr(record, field), (section_id, i, field)
            source = records.source(i)
            assert frame.at[i, "source_member"] == source.member
            assert _plain(frame.at[i, "source_pointer"]) == source.pointer


def test_absent_section_gives_typed_empty_frame() -> None:
    export = load(SAMPLES / "g2-en-sample_child_a.zip")
    assert "live_watch" not in export.sections
    frame = section_frame(export, "logins" if "logins" not in export.sections else "shop_orders")
    assert len(frame) == 0
    empty = section_frame(export, "shop_vouchers")
    assert list(empty.columns) == ["received_at", "voucher_id", "cost_type", "name", "text", "status",
                                   *SOURCE_COLUMNS]
    assert str(empty["received_at"].dtype) == "datetime64[ns, UTC]"
    assert str(empty["cost_type"].dtype) == "Int64"
    assert empty["name"].dtype == "string"


def test_txt_rows_carry_line_ranges() -> None:
    export = load(SAMPLES / "txt-2025-nl-sample_child_a.zip")
    frame = section_frame(export, "watch_history")
    assert frame.loc[0, ["source_first_line", "source_last_line"]].tolist() == [1, 2]
    assert frame["source_pointer"].isna().all()


def test_records_frame_counts_every_record_once() -> None:
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    frame = records_frame(export)
    assert len(frame) == export.record_count == 138
    assert frame.groupby("section").size().to_dict() == {s: len(r) for s, r in export.sections.items() if len(r)}
    assert str(frame["timestamp"].dtype) == "datetime64[ns, UTC]"


def test_records_frame_without_sources_keeps_section_and_time() -> None:
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    full = records_frame(export)
    counting = records_frame(export, with_sources=False)
    assert list(counting.columns) == ["section", "timestamp"]
    pd.testing.assert_frame_equal(counting, full[["section", "timestamp"]])


SPACES = st.sampled_from(["", " ", "\t", "\u00a0"])
TIME_TEXT = st.one_of(
    st.none(),
    st.sampled_from(["", "None", "N/A", "null", "1969-12-31 23:59:59", "1970-01-01 00:00:00 UTC"]),
    st.builds(lambda d, utc, sep: d.strftime(f"%Y-%m-%d{sep}%H:%M:%S") + (" UTC" if utc else ""),
              st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1)), st.booleans(),
              st.sampled_from([" ", "T"])),
)
TEXT = st.one_of(st.none(), st.sampled_from(["", "None", "N/A", "null", " N/A "]), st.text(max_size=12))


def _pandas_times(values: list) -> pd.Series:
    """The times as pandas reads them (the parser before ``columns``), as the reference."""
    text = frames.text_series(values).str.strip().str.removesuffix(" UTC").str.replace("T", " ", regex=False)
    text = text.mask(text.isna() | text.str.strip().isin(NO_VALUE_STRINGS) | text.isin(PLACEHOLDER_TIMESTAMPS))
    return pd.to_datetime(text, format="%Y-%m-%d %H:%M:%S", utc=True).astype("datetime64[ns, UTC]")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(SPACES, TIME_TEXT, SPACES), max_size=20), st.lists(TEXT, max_size=20))
def test_small_and_large_columns_are_cleaned_and_parsed_alike(times, texts) -> None:
    time_values = [None if t is None else f"{a}{t}{b}" for a, t, b in times]
    small_time, small_text = frames._column("time", time_values), frames._column("text", texts)
    originals = frames.SMALL_COLUMN, columns.SMALL_COLUMN
    frames.SMALL_COLUMN = columns.SMALL_COLUMN = -1
    try:
        large_time, large_text = frames._column("time", time_values), frames._column("text", texts)
    finally:
        frames.SMALL_COLUMN, columns.SMALL_COLUMN = originals
    pd.testing.assert_series_equal(small_time, large_time)
    pd.testing.assert_series_equal(small_time, _pandas_times(time_values))
    pd.testing.assert_series_equal(small_text, large_text)


@pytest.mark.parametrize("name", ["g4-en-sample_child_a.zip", "g5-en-sample_child_a.zip", "txt-2020-en-sample_child_a.zip",
                                  "txt-2025-nl-sample_child_a.zip"])
def test_every_sample_frame_is_the_same_on_both_cleaning_paths(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    small = {s: section_frame(load(SAMPLES / name), s) for s in SECTIONS}
    monkeypatch.setattr(frames, "SMALL_COLUMN", -1)
    monkeypatch.setattr(columns, "SMALL_COLUMN", -1)
    export = load(SAMPLES / name)
    for section_id, frame in small.items():
        pd.testing.assert_frame_equal(frame, section_frame(export, section_id))
@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.iterdir()))
def test_every_section_frame_round_trips_through_parquet(name: str, tmp_path: Path) -> None:
    export = load(SAMPLES / name)
    for section_id in SECTIONS:
        frame = section_frame(export, section_id)
        target = tmp_path / f"{section_id}.parquet"
        frame.to_parquet(target)
        back = pd.read_parquet(target)
        pd.testing.assert_frame_equal(back, frame, check_exact=True)


def test_nested_and_mixed_values_are_json_text() -> None:
    export = load(SAMPLES / "g3-en-sample_child_b.zip")
    settings = section_frame(export, "settings").set_index("name")["value"]
    assert settings.dtype == "string"
    assert settings["App Language"] == '"English"'
    assert settings["Content Preferences / Video Languages Preferences"] == '["English","Nederlands"]'
    assert settings["Family Content Preferences"] == "{}"
    assert settings["Content Preferences / Keyword filters for videos in Following feed"] is pd.NA
    live = section_frame(export, "live_watch")
    assert live.at[0, "comments"] == (
        '[{"unrecognised_fields":{},"commented_at":"2021-04-01T19:01:20Z","text":null,"raw_time":1617303680}]')
    assert live.at[0, "questions"] is pd.NA
    posts = section_frame(load(SAMPLES / "g4-en-sample_child_a.zip"), "posts")
    assert posts["image_urls"].tolist() == ["[]", "[]"]
