"""Tables for case systems: one table per section and the tidy all-records table, as CSV, Parquet or JSONL.

Section tables hold every field of every record, passed through the same per-field redaction table
as the report (``report.redaction_table``) with the report's own redactor, so people carry the
report's labels ("friend 2", the child's own account) rather than one masked initial each. The
all-records table has one row per record: section, category, timestamp, the child's age band at that
moment and the source. CSV text cells are guarded against formula injection (``guard``); nested
values (unrecognised fields, lists) are JSON text in CSV and Parquet, and JSON in JSONL.

A Parquet table's schema follows from its section alone (``section_schema``, ``RECORDS_SCHEMA``),
never from the values one export happens to hold: timestamps UTC, counts and line numbers 64-bit
integers, everything else text. So the tables of a JSON and a TXT export, or of a thousand exports,
concatenate.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np
import orjson
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dsar_analyzer.analysis.classify import classified_frame
from dsar_analyzer.analysis.export_figures import Analysis
from dsar_analyzer.batch.formula_guard import guard_cell
from dsar_analyzer.records.export import Export
from dsar_analyzer.records.frames import field_kinds
from dsar_analyzer.records.registry import SECTIONS
from dsar_analyzer.report.context import ReportOptions, report_redactor
from dsar_analyzer.report.redacted_places import redact_member, redact_pointer
from dsar_analyzer.report.redact import Redactor
from dsar_analyzer.report.redaction_table import redact_record
from dsar_analyzer.write import OutputFolder, write_file

TableFormat = Literal["csv", "parquet", "jsonl"]
FORMATS: tuple[TableFormat, ...] = ("csv", "parquet", "jsonl")
SOURCE_COLUMNS = ("source_member", "source_pointer", "source_first_line", "source_last_line")
ALL_RECORDS = "records"
_TIME = pa.timestamp("ns", tz="UTC")
_ARROW = {"time": _TIME, "count": pa.int64()}
_SOURCE_TYPES = {"source_member": pa.string(), "source_pointer": pa.string(),
                 "source_first_line": pa.int64(), "source_last_line": pa.int64()}
#: The all-records table's Parquet schema, whatever the export holds.
RECORDS_SCHEMA = pa.schema([("section", pa.string()), ("category", pa.string()), ("timestamp", _TIME),
                            ("age_band", pa.string()), *_SOURCE_TYPES.items()])


def section_schema(section_id: str) -> pa.Schema:
    """A section table's Parquet schema: its model's fields (by kind), then the source columns."""
    kinds = field_kinds(SECTIONS[section_id].model)
    return pa.schema([(name, _ARROW.get(kinds.get(name, "other"), pa.string()))
                      for name in SECTIONS[section_id].model.model_fields] + list(_SOURCE_TYPES.items()))


def table_redactor(export: Export, redactor: Redactor) -> Redactor:
    """``redactor`` with the report's person labels, when it has none (as a caller building its own gives)."""
    if redactor.full or redactor.person_label is not None:
        return redactor
    return report_redactor(export, ReportOptions(language=export.language, mode=redactor.mode,
                                                 case_key=redactor.case_key))


def section_rows(export: Export, section_id: str, redactor: Redactor) -> tuple[list[str], list[dict[str, Any]]]:
    """Column names and one redacted dict per record of a section, its source last."""
    found = export.sections.get(section_id)
    columns = [*SECTIONS[section_id].model.model_fields, *SOURCE_COLUMNS]
    if found is None:
        return columns, []
    members, pointers, firsts, lasts = found.source_columns()
    rows = []
    for i, record in enumerate(found.records):
        row = redact_record(section_id, record, redactor)
        member, pointer = members[i], pointers[i]
        row |= {"source_member": redact_member(member, redactor) if member is not None else None,
                "source_pointer": redact_pointer(pointer, redactor) if pointer is not None else None,
                "source_first_line": firsts[i], "source_last_line": lasts[i]}
        rows.append(row)
    return columns, rows


def records_table(export: Export, analysis: Analysis, redactor: Redactor) -> pd.DataFrame:
    """Every record once: section, category, timestamp, age band (as the analysis counts it), source."""
    frame = classified_frame(export, analysis)
    # Pointer tokens that are not TikTok's own vocabulary (a chat partner's name, a follower) are masked
    # outside full mode, exactly as in the report.
    frame["source_pointer"] = pd.array([None if pd.isna(v) else redact_pointer(v, redactor)
                                        for v in frame["source_pointer"]], dtype="string")
    frame["source_member"] = pd.array([None if pd.isna(v) else redact_member(v, redactor)
                                       for v in frame["source_member"]], dtype="string")
    return frame


def _flat(value: Any) -> Any:
    """A cell value: nested values become JSON text, tuples lists."""
    if isinstance(value, (dict, list, tuple)):
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS, default=str).decode()
    return value


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, (str, dict, list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(guard_cell(_flat(value)))


def to_csv(columns: list[str], rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_text(row.get(c)) for c in columns])
    return buffer.getvalue().encode("utf-8")


def to_jsonl(columns: list[str], rows: Iterable[dict[str, Any]]) -> bytes:
    def plain(value: Any) -> Any:
        if isinstance(value, pd.Timestamp):
            return None if pd.isna(value) else value.isoformat()
        if value is pd.NA or (isinstance(value, float) and np.isnan(value)):
            return None
        return value.item() if isinstance(value, np.generic) else value

    return b"".join(orjson.dumps({c: plain(row.get(c)) for c in columns}, default=str) + b"\n" for row in rows)


def _arrow_value(value: Any, kind: pa.DataType) -> Any:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if kind == pa.string():
        flat = _flat(value)
        return flat if isinstance(flat, str) else str(flat)
    return value.item() if isinstance(value, np.generic) else value


_PANDAS_DTYPES = {pa.string(): "string", pa.int64(): "Int64", _TIME: "datetime64[ns, UTC]"}


def _with_pandas_types(schema: pa.Schema) -> pa.Schema:
    """``schema`` carrying pandas' own metadata, so ``read_parquet`` gives ``Int64`` and ``string`` columns back."""
    empty = pd.DataFrame({f.name: pd.Series(dtype=_PANDAS_DTYPES[f.type]) for f in schema})
    return schema.with_metadata(pa.Schema.from_pandas(empty, preserve_index=False).metadata)


def to_parquet(columns: list[str], rows: list[dict[str, Any]], schema: pa.Schema) -> bytes:
    """The rows as Parquet in ``schema`` (a value that does not fit its column's type is an error, not a guess)."""
    arrays = [pa.array([_arrow_value(row.get(column), schema.field(column).type) for row in rows],
                       type=schema.field(column).type) for column in columns]
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_arrays(arrays, schema=_with_pandas_types(schema)), buffer)
    return buffer.getvalue()


def _encode(fmt: TableFormat, columns: list[str], rows: list[dict[str, Any]], schema: pa.Schema) -> bytes:
    if fmt == "csv":
        return to_csv(columns, rows)
    if fmt == "jsonl":
        return to_jsonl(columns, rows)
    return to_parquet(columns, rows, schema)


def write_tables(export: Export, analysis: Analysis, redactor: Redactor, fmt: TableFormat,
                 out: OutputFolder, stem: str = "") -> list[Path]:
    """``records.<fmt>`` and one ``<section_id>.<fmt>`` per section the export holds, inside ``out``.

    With ``stem`` (the export's name by the rule of ``report.names``) each is ``<stem>.records.<fmt>``
    and so on, so tables of two exports or two modes in one folder never overwrite each other.
    """
    prefix = f"{stem}." if stem else ""
    if fmt not in FORMATS:
        raise ValueError(f"unknown table format {fmt!r}")
    written = []
    redactor = table_redactor(export, redactor)
    tidy = records_table(export, analysis, redactor)
    tidy_rows: list[dict[str, Any]] = [{str(k): v for k, v in r.items()} for r in tidy.astype(object).where(tidy.notna(), None).to_dict("records")]
    written.append(write_file(out, f"{prefix}{ALL_RECORDS}.{fmt}", _encode(fmt, RECORDS_SCHEMA.names, tidy_rows,
                                                                            RECORDS_SCHEMA)))
    for section_id in SECTIONS:
        if section_id in export.sections:
            columns, rows = section_rows(export, section_id, redactor)
            written.append(write_file(out, f"{prefix}{section_id}.{fmt}", _encode(fmt, columns, rows,
                                                                                   section_schema(section_id))))
    return written
