"""A batch run's files, written from its spooled rows: the manifest, the summary and the stale-report list.

Each pass reads the rows from disk (``Spool``) in slices, so writing the outputs of a million inputs
holds no more in memory than writing those of ten; the summary page lists its first ``PAGE_ROWS``
rows by case id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dsar_analyzer.batch.manifest import Spool, write_manifest
from dsar_analyzer.batch.stale import prune, stale_reports
from dsar_analyzer.batch.totals import PAGE_ROWS, Totals, render_summary, summary_json
from dsar_analyzer.report.i18n import Language
from dsar_analyzer.write import OutputFolder, write_file


@dataclass(frozen=True)
class Written:
    """What ``write_outputs`` found and did: the summary, the stale reports listed, how many were pruned."""

    summary: Mapping[str, Any]
    stale: list[str]
    pruned: int


def write_outputs(out: OutputFolder, spool: Spool, *, language: Language, generated_at: datetime,
                  case_problems: Sequence[Mapping[str, Any]] = (), inputs_without_row: Sequence[str] = (),
                  ignored: Sequence[tuple[str, str]] = (), remove_stale: bool = False) -> Written:
    """``manifest.csv``/``.parquet``, ``summary.json`` and ``summary.html`` of the rows in ``spool``."""
    totals = Totals()
    write_manifest(out, totals.passing(spool.rows()), in_order=True)
    summary = totals.summary(case_problems=case_problems, inputs_without_row=inputs_without_row, ignored=ignored)
    stale = stale_reports(out.path, spool.references)
    pruned = prune(out.path, stale) if remove_stale else 0
    listed = [name for name in stale if (out.path / name).exists()] if remove_stale else stale
    write_file(out, "summary.json", summary_json(summary))
    write_file(out, "summary.html", render_summary(
        summary, spool.by_case(PAGE_ROWS), language, generated_at, total=summary["inputs"],
        stale=listed).encode("utf-8"))
    return Written(summary=summary, stale=listed, pruned=pruned)
