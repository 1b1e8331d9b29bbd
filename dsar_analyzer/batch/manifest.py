"""The batch manifest: one row per input with what happened to it and the figures of its export.

A row is an ``Outcome`` of ``run_export`` (``run.outcome``: its columns and statuses are defined there).

Written as ``manifest.csv`` (text cells guarded against formula injection) and ``manifest.parquet``
(typed columns), rows in path order so two runs over the same inputs give the same rows. Only the
timing columns (``TIMING``) differ between runs, local or on a cluster.

Rows are kept on disk while a run lasts (``Spool``, an SQLite file among the run's temporaries), and
the manifest is written from there in slices: the coordinating process holds no row for long, so its
memory stays flat however many inputs there are.
"""

from __future__ import annotations

import csv
import io
import itertools
import secrets
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from dsar_analyzer.batch.formula_guard import guard_cell
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
from dsar_analyzer.write import TEMP_PREFIX, OutputFolder, writing

# pandas only for the Parquet file, written once at the end: the workers (which import this module
# with ``batch.run``) and the coordinator's start never need it, and it was 0.25-0.5 s of each.
if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CATEGORY_COLUMNS", "COLUMNS", "COUNTS", "INTEGER_COLUMNS", "STATUSES", "TAIL", "TEXT", "TIMING", "Row",
           "Spool", "Status", "empty_row", "manifest_csv", "manifest_frame", "ordered", "status_counts",
           "write_manifest"]


def ordered(rows: Iterable[Row]) -> list[Row]:
    """Rows in path order with every column present (missing ones empty)."""
    return sorted(({c: row.get(c) for c in COLUMNS} for row in rows), key=lambda r: r["path"])


#: Rows per slice when the manifest is written (and per Parquet row group).
SLICE = 10_000


def _csv_lines(rows: Iterable[Row], header: bool) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else guard_cell(row[c]) for c in COLUMNS])
    return buffer.getvalue().encode("utf-8")


def manifest_csv(rows: Iterable[Row]) -> bytes:
    return _csv_lines(ordered(rows), header=True)


def manifest_frame(rows: Iterable[Row], *, in_order: bool = False) -> pd.DataFrame:
    import pandas as pd

    records = [{c: row.get(c) for c in COLUMNS} for row in rows] if in_order else ordered(rows)
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


def _slices(rows: Iterable[Row]) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, SLICE)):
        yield chunk


def write_manifest(folder: OutputFolder, rows: Iterable[Row], *, in_order: bool = False) -> tuple[Path, Path]:
    """``manifest.csv`` and ``manifest.parquet``; ``in_order`` rows (from a ``Spool``) are streamed."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not in_order:
        rows = ordered(rows)
    schema = pa.Schema.from_pandas(manifest_frame([], in_order=True), preserve_index=False)
    with writing(folder, "manifest.csv") as csv_file, writing(folder, "manifest.parquet") as parquet_file:
        csv_file.write(_csv_lines((), header=True))
        with pq.ParquetWriter(parquet_file, schema) as parquet:
            for chunk in _slices(rows):
                csv_file.write(_csv_lines(chunk, header=False))
                parquet.write_table(pa.Table.from_pandas(manifest_frame(chunk, in_order=True), schema=schema,
                                                         preserve_index=False))
    return folder.path / "manifest.csv", folder.path / "manifest.parquet"


def status_counts(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
    for row in rows:
        counts[row["status"]] += 1
    return counts


class Spool:
    """The rows of a run on disk, one per input path (a later row for a path replaces the earlier one).

    An SQLite file named as a temporary in ``folder`` (the run's state folder): a killed run's spool
    is removed by the next run like any other temporary. ``close`` removes it.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / f"{TEMP_PREFIX}{secrets.token_hex(6)}-rows.sqlite"
        self._db = sqlite3.connect(self.path, isolation_level=None)
        # A scratch file: no journal, no fsync; a crash loses it and the next run starts it again.
        self._db.executescript("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TABLE row (path TEXT PRIMARY KEY, case_id TEXT, status TEXT NOT NULL, report TEXT,
                              data BLOB NOT NULL) WITHOUT ROWID;
            BEGIN;
        """)
        self._pending = 0
        self._indexed = False

    def _index(self) -> None:
        # Made once the rows are in: cheaper than keeping two indexes up to date row by row.
        if not self._indexed:
            self._db.executescript("""
                CREATE INDEX row_case ON row (case_id, path);
                CREATE INDEX row_report ON row (report);
                BEGIN;
            """)
            self._indexed = True

    def add(self, row: Row) -> None:
        self._db.execute("INSERT OR REPLACE INTO row VALUES (?, ?, ?, ?, ?)",
                         (row["path"], row.get("case_id"), row["status"], row.get("report"), orjson.dumps(row)))
        self._pending += 1
        if self._pending >= 10_000:
            self._db.execute("COMMIT")
            self._db.execute("BEGIN")
            self._pending = 0

    def _query(self, sql: str, *parameters: Any) -> Iterator[Any]:
        cursor = self._db.execute(sql, parameters)
        while batch := cursor.fetchmany(1000):
            yield from batch

    def has(self, path: str) -> bool:
        return self._db.execute("SELECT 1 FROM row WHERE path = ?", (path,)).fetchone() is not None

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM row").fetchone()[0])

    def rows(self) -> Iterator[Row]:
        """Every row in path order, every column present."""
        for (data,) in self._query("SELECT data FROM row ORDER BY path"):
            row = orjson.loads(data)
            yield {c: row.get(c) for c in COLUMNS}

    def by_case(self, limit: int) -> Iterator[Row]:
        """The first ``limit`` rows by case id (rows without one last), then path."""
        self._index()
        for (data,) in self._query("SELECT data FROM row ORDER BY case_id IS NULL, case_id, path LIMIT ?", limit):
            row = orjson.loads(data)
            yield {c: row.get(c) for c in COLUMNS}

    def references(self, report: str) -> bool:
        self._index()
        return self._db.execute("SELECT 1 FROM row WHERE report = ?", (report,)).fetchone() is not None

    def status_counts(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
        for status, count in self._db.execute("SELECT status, count(*) FROM row GROUP BY status"):
            counts[status] = count
        return counts

    def close(self) -> None:
        self._db.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
