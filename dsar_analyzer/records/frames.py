"""pandas frames of parsed sections, built column by column, with typed columns and source columns.

Column types follow the record model: timestamps become ``datetime64[ns, UTC]``, text and ids
pandas ``string``, counts ``Int64``. Nested and mixed-type values (lists, objects, a setting's
value that may be text, a number or a flag, LIVE comments) become JSON text in a ``string``
column, as ``orjson`` writes them from the record (``[]`` for an empty list, models as their
field names with ISO 8601 times, keys in input order); a missing value is ``<NA>``. So every frame
round-trips through Parquet (``to_parquet``/``read_parquet``) unchanged. An absent section gives
an empty frame with the same columns. Every row carries ``source_member`` plus ``source_pointer`` (JSON)
or ``source_first_line``/``source_last_line`` (TXT), so any figure can be traced to its origin.
Times are parsed once by ``columns`` (the analysis reads the same arrays without pandas).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import orjson
import pandas as pd
import pyarrow as pa
from pydantic import BaseModel

from dsar_analyzer.records.columns import (
    SMALL_COLUMN,
    UnknownSection,
    field_kinds,
    parse_times,
    primary_time_field,
    section_spec,
    text_values,
    time_column,
)
from dsar_analyzer.records.export import Export, SectionRecords
from dsar_analyzer.records.registry import SECTIONS
from dsar_analyzer.records.values import NO_VALUE_STRINGS

__all__ = ["STRING", "SOURCE_COLUMNS", "UnknownSection", "field_column", "field_kinds", "primary_time_field",
           "records_frame", "repeated_text", "section_frame", "text_series"]

#: Text columns are Arrow-backed: string operations on a million rows run in C++, not per value.
STRING = pd.StringDtype("pyarrow")

SOURCE_COLUMNS = ("source_member", "source_pointer", "source_first_line", "source_last_line")
_DTYPES: dict[str, Any] = {"time": "datetime64[ns, UTC]", "text": STRING, "count": "Int64", "id": STRING, "other": STRING}


def text_series(values: list[Any]) -> pd.Series:
    """An Arrow-backed text column from Python strings and None (4x faster than ``pd.Series(..., dtype)``)."""
    return pd.Series(pd.arrays.ArrowStringArray(pa.array(values, type=pa.large_string())))


def repeated_text(value: str, count: int) -> pd.Series:
    """An Arrow-backed text column holding ``value`` ``count`` times, built in Arrow (not from a Python list)."""
    one = pa.array([value], type=pa.large_string())
    return pd.Series(pd.arrays.ArrowStringArray(one.take(pa.array(np.zeros(count, dtype=np.int64)))))


def _no_value_mask(series: pd.Series) -> pd.Series:
    return series.isna() | series.str.strip().isin(NO_VALUE_STRINGS)


def _time_series(times: np.ndarray) -> pd.Series:
    return pd.Series(pd.DatetimeIndex(times).tz_localize("UTC"))


def _text_column(values: list[Any]) -> pd.Series:
    if len(values) <= SMALL_COLUMN:
        return text_series(text_values(values))
    text = text_series(values)
    return text.mask(_no_value_mask(text))


def _column(kind: str, values: list[Any]) -> pd.Series:
    if kind == "time":
        return _time_series(parse_times(values))
    if kind in ("text", "id"):
        return _text_column([str(v) if isinstance(v, int) else v for v in values] if kind == "id" else values)
    if kind == "count":
        raw = pd.Series(values, dtype="object")
        as_text = raw.astype("string")
        return pd.to_numeric(as_text.mask(_no_value_mask(as_text)), errors="raise").astype("Int64")
    return text_series([None if v is None else _json_text(v) for v in values])


def _field(records: SectionRecords, name: str, kind: str) -> pd.Series:
    """One field of ``records`` as a typed column. Large text that the records hold as Arrow text is
    taken as it is, without a Python string per value (equal to the list path: the same Arrow text,
    the same "no value" mask)."""
    if kind in ("text", "id") and len(records) > SMALL_COLUMN:
        held = records.text_column(name)
        if held is not None:
            text = pd.Series(pd.arrays.ArrowStringArray(held))
            return text.mask(_no_value_mask(text))
    return _column(kind, records.column(name))


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
    kind = field_kinds(section_spec(section_id).model)[name]
    records = export.sections.get(section_id)
    if records is None:
        return _column(kind, []).rename(name)
    key = ("field_column", name)
    if key not in records.derived:
        built = (_time_series(time_column(export, section_id, name)) if kind == "time"
                 else _field(records, name, kind))
        records.derived[key] = built.rename(name)
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
    model = section_spec(section_id).model
    kinds = field_kinds(model)
    records = export.sections.get(section_id)
    columns: dict[str, pd.Series] = {}
    for name, kind in kinds.items():
        if records is None:
            columns[name] = _column(kind, [])
        elif kind == "time":
            columns[name] = field_column(export, section_id, name)
        else:
            columns[name] = _field(records, name, kind)
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
    """
    parts = []
    for section_id in SECTIONS:
        if section_id not in export.sections:
            continue
        records = export.sections[section_id]
        time_field = primary_time_field(SECTIONS[section_id].model)
        index = pd.RangeIndex(len(records))
        times = (field_column(export, section_id, time_field).set_axis(index) if time_field
                 else pd.Series(pd.NaT, index=index, dtype=_DTYPES["time"]))
        columns = {"section": repeated_text(section_id, len(records)),
                   "timestamp": times.astype(_DTYPES["time"])}
        if with_sources:
            sources = _source_columns(records)
            columns |= {"source_member": text_series(sources["source_member"]),
                        "source_pointer": text_series(sources["source_pointer"]),
                        "source_first_line": _line_numbers(sources["source_first_line"]),
                        "source_last_line": _line_numbers(sources["source_last_line"])}
        parts.append(pd.DataFrame(columns))
    if not parts:
        empty = {"section": pd.Series(dtype=STRING), "timestamp": pd.Series(dtype=_DTYPES["time"])}
        if with_sources:
            empty |= {c: pd.Series(dtype="Int64" if "line" in c else STRING) for c in SOURCE_COLUMNS}
        return pd.DataFrame(empty)
    return pd.concat(parts, ignore_index=True)
