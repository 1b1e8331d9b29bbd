"""The batch manifest: one row per input with what happened to it and the figures of its export.

Written as ``manifest.csv`` (text cells guarded against formula injection) and ``manifest.parquet``
(typed columns), rows in path order so two runs over the same inputs give the same rows. Only the
timing columns (``TIMING``) differ between runs, local or on a cluster.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from dsar_analyzer.analysis.age import BAND_KEYS
from dsar_analyzer.analysis.classify import Category
from dsar_analyzer.batch.files import write_atomic
from dsar_analyzer.batch.guard import guard_cell

Status = Literal["ok", "rejected", "failed", "skipped"]
STATUSES: tuple[Status, ...] = ("ok", "skipped", "rejected", "failed")

CATEGORY_COLUMNS = tuple(f"records_{c}" for c in Category)
TEXT = ("path", "case_id", "child", "sha256", "status", "reason", "message", "format", "generation", "language",
        "birth_date_used", "birth_date_source", "consent_country")
COUNTS = ("size", "records", *BAND_KEYS, "records_since_2018_05_25", "records_under_consent_age")
TAIL = ("earliest", "latest", "report", "report_sha256", "tool_version", "options_sha256")
TIMING = ("started_at", "seconds")
COLUMNS: tuple[str, ...] = (*TEXT, *COUNTS, *TAIL, *CATEGORY_COLUMNS, *TIMING)
INTEGER_COLUMNS = frozenset((*COUNTS, *CATEGORY_COLUMNS))

Row = dict[str, Any]


def empty_row(path: str) -> Row:
    return {column: None for column in COLUMNS} | {"path": path}


def ordered(rows: Iterable[Row]) -> list[Row]:
    """Rows in path order with every column present (missing ones empty)."""
    return sorted(({c: row.get(c) for c in COLUMNS} for row in rows), key=lambda r: r["path"])


def manifest_csv(rows: Iterable[Row]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in ordered(rows):
        writer.writerow(["" if row[c] is None else guard_cell(row[c]) for c in COLUMNS])
    return buffer.getvalue().encode("utf-8")


def manifest_frame(rows: Iterable[Row]) -> pd.DataFrame:
    records = ordered(rows)
    data: dict[str, Any] = {}
    for column in COLUMNS:
        values = [row[column] for row in records]
        if column in INTEGER_COLUMNS:
            data[column] = pd.array(values, dtype="Int64")
        elif column == "seconds":
            data[column] = pd.array(values, dtype="Float64")
        else:
            data[column] = pd.array(values, dtype="string")
    return pd.DataFrame(data, columns=list(COLUMNS))


def write_manifest(folder: Path, rows: Iterable[Row]) -> tuple[Path, Path]:
    rows = list(rows)
    buffer = io.BytesIO()
    manifest_frame(rows).to_parquet(buffer, index=False)
    return (write_atomic(folder, "manifest.csv", manifest_csv(rows)),
            write_atomic(folder, "manifest.parquet", buffer.getvalue()))


def status_counts(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
    for row in rows:
        counts[row["status"]] += 1
    return counts
