"""The batch manifest: one row per input with what happened to it and the figures of its export.

A row is an ``Outcome`` of ``run_export`` (``run.outcome``: its columns and statuses are defined there).

Written as ``manifest.csv`` (text cells guarded against formula injection) and ``manifest.parquet``
(typed columns), rows in path order so two runs over the same inputs give the same rows. Only the
timing columns (``TIMING``) differ between runs, local or on a cluster.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from dsar_analyzer.batch.guard import guard_cell
from dsar_analyzer.run.outcome import (
    CATEGORY_COLUMNS,
    COLUMNS,
    COUNTS,
    INTEGER_COLUMNS,
    STATUSES,
    TAIL,
    TEXT,
    TIMING,
    Row,
    Status,
    empty_row,
)
from dsar_analyzer.write import OutputFolder, write_file

__all__ = ["CATEGORY_COLUMNS", "COLUMNS", "COUNTS", "INTEGER_COLUMNS", "STATUSES", "TAIL", "TEXT", "TIMING", "Row",
           "Status", "empty_row", "manifest_csv", "manifest_frame", "ordered", "status_counts", "write_manifest"]


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


def write_manifest(folder: OutputFolder, rows: Iterable[Row]) -> tuple[Path, Path]:
    rows = list(rows)
    buffer = io.BytesIO()
    manifest_frame(rows).to_parquet(buffer, index=False)
    return (write_file(folder, "manifest.csv", manifest_csv(rows)),
            write_file(folder, "manifest.parquet", buffer.getvalue()))


def status_counts(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
    for row in rows:
        counts[row["status"]] += 1
    return counts
