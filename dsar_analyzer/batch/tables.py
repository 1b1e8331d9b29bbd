"""Tables for case systems: one table per section and the tidy all-records table, as CSV, Parquet or JSONL.

Section tables hold every field of every record, passed through the same per-field redaction table
as the report (``report.redaction_table``), plus the record's source. The all-records table has one
row per record: section, category, timestamp, the child's age band at that moment and the source.
CSV text cells are guarded against formula injection (``guard``); nested values (unrecognised
fields, lists) are JSON text in CSV and Parquet, and JSON in JSONL.
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

from dsar_analyzer.analysis.age import record_bands
from dsar_analyzer.analysis.classify import classified_frame
from dsar_analyzer.analysis.figures import Analysis
from dsar_analyzer.batch.guard import guard_cell
from dsar_analyzer.records.export import Export
from dsar_analyzer.records.registry import SECTIONS
from dsar_analyzer.report.places import redact_pointer, redact_where
from dsar_analyzer.report.redact import Redactor
from dsar_analyzer.report.redaction_table import redact_record
from dsar_analyzer.write import OutputFolder, write_file

TableFormat = Literal["csv", "parquet", "jsonl"]
FORMATS: tuple[TableFormat, ...] = ("csv", "parquet", "jsonl")
SOURCE_COLUMNS = ("source_member", "source_pointer", "source_first_line", "source_last_line")
ALL_RECORDS = "records"


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
        row |= {"source_member": redact_where(member, redactor) if member is not None else None,
                "source_pointer": redact_pointer(pointer, redactor) if pointer is not None else None,
                "source_first_line": firsts[i], "source_last_line": lasts[i]}
        rows.append(row)
    return columns, rows


def records_table(export: Export, analysis: Analysis, redactor: Redactor) -> pd.DataFrame:
    """Every record once: section, category, timestamp, age band (as the analysis counts it), source."""
    frame = classified_frame(export)
    band = record_bands(frame, analysis.age.birth_date.value, analysis.age.export_date)
    frame.insert(list(frame.columns).index("timestamp") + 1, "age_band", pd.Series(band, dtype="string", index=frame.index))
    # Pointer tokens that are not TikTok's own vocabulary (a chat partner's name, a follower) are masked
    # outside full mode, exactly as in the report.
    frame["source_pointer"] = pd.array([None if pd.isna(v) else redact_pointer(v, redactor)
                                        for v in frame["source_pointer"]], dtype="string")
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


def to_parquet(columns: list[str], rows: list[dict[str, Any]]) -> bytes:
    frame = pd.DataFrame([{c: _flat(row.get(c)) for c in columns} for row in rows], columns=columns)
    for column in frame.columns:
        if frame[column].dtype == object:
            kinds = {type(v) for v in frame[column] if v is not None}
            if kinds <= {str}:
                frame[column] = frame[column].astype("string")
            elif kinds and kinds <= {datetime, pd.Timestamp}:
                frame[column] = pd.to_datetime(frame[column], utc=True)
            elif kinds <= {int} and kinds:
                frame[column] = frame[column].astype("Int64")
            else:
                frame[column] = frame[column].map(lambda v: None if v is None else str(v)).astype("string")
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _encode(fmt: TableFormat, columns: list[str], rows: list[dict[str, Any]]) -> bytes:
    if fmt == "csv":
        return to_csv(columns, rows)
    if fmt == "jsonl":
        return to_jsonl(columns, rows)
    return to_parquet(columns, rows)


def write_tables(export: Export, analysis: Analysis, redactor: Redactor, fmt: TableFormat,
                 out: OutputFolder) -> list[Path]:
    """``records.<fmt>`` and one ``<section_id>.<fmt>`` per section the export holds, inside ``out``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown table format {fmt!r}")
    written = []
    tidy = records_table(export, analysis, redactor)
    tidy_rows: list[dict[str, Any]] = [{str(k): v for k, v in r.items()} for r in tidy.astype(object).where(tidy.notna(), None).to_dict("records")]
    written.append(write_file(out, f"{ALL_RECORDS}.{fmt}", _encode(fmt, list(tidy.columns), tidy_rows)))
    for section_id in SECTIONS:
        if section_id in export.sections:
            columns, rows = section_rows(export, section_id, redactor)
            written.append(write_file(out, f"{section_id}.{fmt}", _encode(fmt, columns, rows)))
    return written
