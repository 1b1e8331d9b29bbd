"""pandas frames of parsed sections, built column by column, with typed columns and source columns.

Column types follow the record model: timestamps become ``datetime64[ns, UTC]``, text and ids
pandas ``string``, counts ``Int64``. Nested and mixed-type values (lists, objects, a setting's
value that may be text, a number or a flag, LIVE comments) become JSON text in a ``string``
column, as ``orjson`` writes them from the record (``[]`` for an empty list, models as their
field names with ISO 8601 times, keys in input order); a missing value is ``<NA>``. So every frame
round-trips through Parquet (``to_parquet``/``read_parquet``) unchanged. An absent section gives
an empty frame with the same columns. Every row carries ``source_member`` plus ``source_pointer`` (JSON)
or ``source_first_line``/``source_last_line`` (TXT), so any figure can be traced to its origin.
"""

from __future__ import annotations

import difflib
from datetime import datetime, timezone
from functools import cache
from typing import Any

import numpy as np
import orjson
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel

from dsar_analyzer.records.export import Export, SectionRecords
from dsar_analyzer.records.models import Record
from dsar_analyzer.records.registry import SECTIONS
from dsar_analyzer.records.values import (
    NO_VALUE_STRINGS,
    PLACEHOLDER_TIMESTAMPS,
    clean_identifier,
    clean_text,
    parse_count,
    parse_timestamp,
)

#: Text columns are Arrow-backed: string operations on a million rows run in C++, not per value.
STRING = pd.StringDtype("pyarrow")

SOURCE_COLUMNS = ("source_member", "source_pointer", "source_first_line", "source_last_line")
_KIND_BY_PARSER = {parse_timestamp: "time", clean_text: "text", parse_count: "count", clean_identifier: "id"}
_DTYPES: dict[str, Any] = {"time": "datetime64[ns, UTC]", "text": STRING, "count": "Int64", "id": STRING, "other": STRING}


class UnknownSection(KeyError):
    """A section id that is not one of ``SECTIONS``; its message lists the valid ones."""

    def __init__(self, section_id: str) -> None:
        close = difflib.get_close_matches(section_id, SECTIONS, n=1) if isinstance(section_id, str) else []
        hint = f" (did you mean {close[0]}?)" if close else ""
        super().__init__(f"unknown section id {section_id!r}{hint}; the section ids are: {', '.join(sorted(SECTIONS))}")

    def __str__(self) -> str:  # KeyError would show the message as a quoted repr
        return str(self.args[0])


def _section(section_id: str) -> Any:
    try:
        return SECTIONS[section_id]
    except (KeyError, TypeError):
        raise UnknownSection(section_id) from None


@cache
def field_kinds(model: type[Record]) -> dict[str, str]:
    """Field name -> "time" | "text" | "count" | "id" | "other", in model order."""
    kinds = {}
    for name, info in model.model_fields.items():
        if name == "unrecognised_fields":
            continue
        parsers = [getattr(m, "func", None) for m in info.metadata]
        kinds[name] = next((_KIND_BY_PARSER[p] for p in parsers if p in _KIND_BY_PARSER), "other")
    return kinds


def primary_time_field(model: type[Record]) -> str | None:
    """The first timestamp field of a model: when the recorded event happened."""
    return next((name for name, kind in field_kinds(model).items() if kind == "time"), None)


def text_series(values: list[Any]) -> pd.Series:
    """An Arrow-backed text column from Python strings and None (4x faster than ``pd.Series(..., dtype)``)."""
    return pd.Series(pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string())))


def repeated_text(value: str, count: int) -> pd.Series:
    """An Arrow-backed text column holding ``value`` ``count`` times, built in Arrow (not from a Python list)."""
    one = pa.array([value], type=pa.large_string())
    return pd.Series(pd.arrays.ArrowStringArray(one.take(pa.array(np.zeros(count, dtype=np.int64)))))


def _no_value_mask(series: pd.Series) -> pd.Series:
    return series.isna() | series.str.strip().isin(NO_VALUE_STRINGS)


#: Up to this many values a column is cleaned in Python: each vectorised pandas string operation
#: costs about 0.1 ms however short the column, and a small export's 30-odd columns used to spend
#: 40 ms on them. Above it, Arrow's kernels win. Both paths give identical columns (a test says so).
SMALL_COLUMN = 2048


def _clean_time_text(value: Any) -> str | None:
    if value is None:
        return None
    text = value.strip().removesuffix(" UTC").replace("T", " ")
    return None if text.strip() in NO_VALUE_STRINGS or text in PLACEHOLDER_TIMESTAMPS else text


def _time_column(values: list[Any], typed: bool) -> pd.Series:
    if typed:
        # A record validated alone holds a datetime; rows checked in bulk hold the text.
        values = [v.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S") if isinstance(v, datetime) else v
                  for v in values]
    if len(values) <= SMALL_COLUMN:
        return _parse_time_text(text_series([_clean_time_text(v) for v in values]))
    return _large_time_column(values)


def _parse_time_text(text: pd.Series) -> pd.Series:
    return pd.to_datetime(text, format="%Y-%m-%d %H:%M:%S", utc=True).astype(_DTYPES["time"])


def _slow_time_column(values: list[Any]) -> pd.Series:
    text = text_series(values).str.strip().str.removesuffix(" UTC").str.replace("T", " ", regex=False)
    return _parse_time_text(text.mask(_no_value_mask(text) | text.isin(PLACEHOLDER_TIMESTAMPS)))


# Seconds since 1970 of the placeholder timestamps, and the range datetime64[ns] can hold.
_PLACEHOLDER_SECONDS = pa.array([-1, 0], type=pa.int64())
_NS_RANGE_SECONDS = (-9_223_372_036, 9_223_372_036)


def _large_time_column(values: list[Any] | pa.ChunkedArray) -> pd.Series:
    """Parse a million timestamps in Arrow without the string clean-up, where the text allows it.

    Every value on a record has passed ``TIMESTAMP_PATTERN`` (a calendar-exact timestamp or a
    "no value" spelling), so values that Arrow's ``strptime`` reads as written, with or without
    `` UTC``, are exactly what the clean-up would have produced. Whatever it cannot read (no-value
    spellings, padding, ``T``, years datetime64[ns] cannot hold) goes through the clean-up
    (``_slow_time_column``), and the two are merged. Saves about 1 s per million rows.
    """
    text = values if isinstance(values, pa.ChunkedArray) else pa.chunked_array(
        [pa.array(values, type=pa.large_string())], type=pa.large_string())
    # A slice at a time (the chunks a large export was read in): the intermediate columns of 12
    # million rows, several 100 MB each, never exist at once.
    result = np.empty(len(text), dtype="datetime64[ns]")
    start = 0
    for chunk in text.chunks:
        result[start:start + len(chunk)] = _parsed_times(chunk)
        start += len(chunk)
    return pd.Series(pd.DatetimeIndex(result).tz_localize("UTC"))


def _parsed_times(text: pa.Array) -> np.ndarray:
    """``_large_time_column`` of one slice, as naive UTC ``datetime64[ns]``."""
    parsed = pc.strptime(text, format="%Y-%m-%d %H:%M:%S", unit="s", error_is_null=True)
    if parsed.null_count:
        parsed = pc.coalesce(parsed, pc.strptime(text, format="%Y-%m-%d %H:%M:%S UTC", unit="s",
                                                 error_is_null=True))
    seconds = parsed.cast(pa.int64())
    in_range = pc.and_(pc.greater_equal(seconds, _NS_RANGE_SECONDS[0]), pc.less_equal(seconds, _NS_RANGE_SECONDS[1]))
    fast = pc.fill_null(in_range, False).to_numpy(zero_copy_only=False)
    placeholder = pc.fill_null(pc.is_in(seconds, value_set=_PLACEHOLDER_SECONDS), False).to_numpy(zero_copy_only=False)
    ns = seconds.fill_null(0).to_numpy(zero_copy_only=False).astype("int64")
    ns[fast] *= 1_000_000_000
    result: np.ndarray = ns.view("datetime64[ns]")
    result[~fast | placeholder] = np.datetime64("NaT")
    rest = np.flatnonzero(~fast & pc.is_valid(text).to_numpy(zero_copy_only=False))
    if len(rest):
        slow = _slow_time_column(text.take(pa.array(rest)).to_pylist()).to_numpy(dtype="datetime64[ns]")
        result[rest] = slow
    return result


def _text_column(values: list[Any]) -> pd.Series:
    if len(values) <= SMALL_COLUMN:
        return text_series([None if v is None or v.strip() in NO_VALUE_STRINGS else v for v in values])
    text = text_series(values)
    return text.mask(_no_value_mask(text))


def _values(records: SectionRecords, name: str, kind: str) -> list[Any] | pa.ChunkedArray:
    """A field's values: as Arrow text where the records hold them so and the column is large (no
    Python string per value: for 12 million watch rows that is about 1.4 GB less at the peak), else
    as a list."""
    if kind in ("time", "text", "id") and len(records) > SMALL_COLUMN:
        text = records.text_column(name)
        if text is not None:
            return text
    return records.column(name)


def _column(kind: str, values: list[Any] | pa.ChunkedArray, typed: bool = False) -> pd.Series:
    if isinstance(values, pa.ChunkedArray):
        # Text as read, a value per record, large: the same as the list path takes for it.
        if kind == "time":
            return _large_time_column(values)
        text = pd.Series(pd.arrays.ArrowStringArray(values))
        return text.mask(_no_value_mask(text))
    if kind == "time":
        return _time_column(values, typed)
    if kind in ("text", "id"):
        return _text_column([str(v) if isinstance(v, int) else v for v in values] if kind == "id" else values)
    if kind == "count":
        raw = pd.Series(values, dtype="object")
        as_text = raw.astype("string")
        return pd.to_numeric(as_text.mask(_no_value_mask(as_text)), errors="raise").astype("Int64")
    return text_series([None if v is None else _json_text(v) for v in values])


def _json_default(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    raise TypeError(f"{type(value).__name__} is not JSON")


def _json_text(value: Any) -> str:
    """A nested or mixed-type value as JSON text (Arrow and Parquet need one type per column)."""
    return orjson.dumps(value, default=_json_default).decode("utf-8")


def _source_columns(records: SectionRecords) -> dict[str, list[Any]]:
    members, pointers, firsts, lasts = records.source_columns()
    return {"source_member": members, "source_pointer": pointers, "source_first_line": firsts,
            "source_last_line": lasts}


def field_column(export: Export, section_id: str, name: str) -> pd.Series:
    """One typed column of a section, without building the rest of its frame or its sources.

    Built once per section and field (figures and the report ask for the same timestamps again).
    """
    kind = field_kinds(_section(section_id).model)[name]
    records = export.sections.get(section_id)
    if records is None:
        return _column(kind, []).rename(name)
    key = ("field_column", name)
    if key not in records.derived:
        records.derived[key] = _column(kind, _values(records, name, kind), records.holds_typed_values).rename(name)
    column: pd.Series = records.derived[key]
    return column.copy(deep=False)


def _line_numbers(values: list[int | None]) -> pd.Series:
    if values and values[0] is None and values[-1] is None and not any(values):
        # JSON records have no line numbers: an all-missing column without a per-value pass.
        return pd.Series(pd.arrays.IntegerArray(np.zeros(len(values), dtype="int64"), np.ones(len(values), bool)))
    return pd.Series(values, dtype="Int64")


def section_frame(export: Export, section_id: str) -> pd.DataFrame:
    """One row per record of the section; the same columns (and dtypes) when the section is absent.

    An id that is not a section raises ``UnknownSection`` (a ``KeyError``) naming the valid ids.
    """
    model = _section(section_id).model
    kinds = field_kinds(model)
    records = export.sections.get(section_id)
    columns: dict[str, pd.Series] = {}
    for name, kind in kinds.items():
        values = _values(records, name, kind) if records is not None else []
        columns[name] = _column(kind, values, records is not None and records.holds_typed_values)
    sources = _source_columns(records) if records is not None else {c: [] for c in SOURCE_COLUMNS}
    columns["source_member"] = text_series(sources["source_member"])
    columns["source_pointer"] = text_series(sources["source_pointer"])
    columns["source_first_line"] = _line_numbers(sources["source_first_line"])
    columns["source_last_line"] = _line_numbers(sources["source_last_line"])
    return pd.DataFrame(columns)


def records_frame(export: Export, *, with_sources: bool = True) -> pd.DataFrame:
    """A tidy frame of every record: section, its primary timestamp (may be NaT), and its source.

    ``with_sources=False`` leaves out the source columns, for figures that only count (a million
    JSON pointers cost about a second to build).

    Each column is built once for all sections, not per section and then concatenated: for 12
    million records a frame per section plus their concatenation held the columns twice (about
    0.6 GB more at the peak).
    """
    present = [(section_id, export.sections[section_id]) for section_id in SECTIONS if section_id in export.sections]
    if not present:
        empty = {"section": pd.Series(dtype=STRING), "timestamp": pd.Series(dtype=_DTYPES["time"])}
        if with_sources:
            empty |= {c: pd.Series(dtype="Int64" if "line" in c else STRING) for c in SOURCE_COLUMNS}
        return pd.DataFrame(empty)
    lengths = [len(records) for _, records in present]
    ids = pa.array([section_id for section_id, _ in present], type=pa.large_string())
    positions = np.repeat(np.arange(len(present), dtype=np.int8), lengths)  # fewer than 128 sections
    section = pd.Series(pd.arrays.ArrowStringArray(ids.take(pa.array(positions))))
    times = np.empty(sum(lengths), dtype="datetime64[ns]")
    start = 0
    for (section_id, records), length in zip(present, lengths):
        time_field = primary_time_field(SECTIONS[section_id].model)
        times[start:start + length] = (field_column(export, section_id, time_field).to_numpy(dtype="datetime64[ns]")
                                       if time_field else np.datetime64("NaT"))
        start += length
    columns = {"section": section, "timestamp": pd.Series(pd.DatetimeIndex(times).tz_localize("UTC"))}
    if with_sources:
        sources: dict[str, list[Any]] = {c: [] for c in SOURCE_COLUMNS}
        for _, records in present:
            for column, values in _source_columns(records).items():
                sources[column].extend(values)
        columns |= {"source_member": text_series(sources["source_member"]),
                    "source_pointer": text_series(sources["source_pointer"]),
                    "source_first_line": _line_numbers(sources["source_first_line"]),
                    "source_last_line": _line_numbers(sources["source_last_line"])}
    return pd.DataFrame(columns)
