"""Totals and distributions across every export of a batch: ``summary.json`` and ``summary.html``.

The JSON holds no timing, so the same inputs and options give the same bytes, local or on a
cluster. The HTML page uses the report's templates, translations and static SVG charts.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import orjson

from dsar_analyzer import __version__
from dsar_analyzer.analysis.age import BAND_KEYS
from dsar_analyzer.analysis.classify import Category
from dsar_analyzer.batch.manifest import STATUSES, Row, ordered, status_counts
from dsar_analyzer.run.outcome import READ as _DONE
from dsar_analyzer.report.charts import age_band_bars, category_bars
from dsar_analyzer.report.i18n import Formatter, Language
from dsar_analyzer.report.labels import band_label, category_title
from dsar_analyzer.report.render import environment

SCHEMA_ID = "dsar-analyzer/batch-summary"
SCHEMA_VERSION = 1
#: The page lists this many exports; the manifest lists all.
PAGE_ROWS = 1000


def _sorted_counts(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def summarise_batch(rows: Sequence[Row], *, case_problems: Sequence[Mapping[str, Any]] = (),
                    inputs_without_row: Sequence[str] = (),
                    ignored: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    """Totals over the exports that were read (ok or skipped) and counts of what happened to each input."""
    rows = ordered(rows)
    done = [r for r in rows if r["status"] in _DONE]
    records = [r["records"] or 0 for r in done]
    bands = {band: sum(r[band] or 0 for r in done) for band in BAND_KEYS}
    categories = {str(c): sum(r[f"records_{c}"] or 0 for r in done) for c in Category}
    failures = Counter(r["reason"] or "unknown" for r in rows if r["status"] not in _DONE)
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "dsar-analyzer", "version": __version__},
        "inputs": len(rows),
        "status": status_counts(rows),
        "records": sum(records),
        "records_per_export": {
            "min": min(records) if records else None,
            "median": statistics.median(records) if records else None,
            "max": max(records) if records else None,
        },
        "age_bands": bands,
        "categories": categories,
        "records_since_2018_05_25": sum(r["records_since_2018_05_25"] or 0 for r in done),
        "records_under_consent_age": sum(r["records_under_consent_age"] or 0 for r in done),
        "children_with_records_under_13": sum(1 for r in done if r["under_13"]),
        "children_with_records_under_consent_age": sum(1 for r in done if r["records_under_consent_age"]),
        "generations": _sorted_counts(Counter(r["generation"] for r in done)),
        "formats": _sorted_counts(Counter(r["format"] for r in done)),
        "languages": _sorted_counts(Counter(r["language"] for r in done)),
        "birth_date_sources": _sorted_counts(Counter(r["birth_date_source"] for r in done)),
        "failures_by_reason": _sorted_counts(failures),
        "case_file": {
            "problems": [dict(p) for p in case_problems],
            "inputs_without_row": sorted(inputs_without_row),
        },
        "ignored_files": [{"path": path, "reason": reason} for path, reason in sorted(ignored)],
    }


def summary_json(summary: Mapping[str, Any]) -> bytes:
    """``summary.json``: the summary as its published model (``schemas.BatchSummary``) serialises it."""
    from dsar_analyzer.batch.schemas import BatchSummary  # schemas reads this module's version

    data = BatchSummary.model_validate(summary).model_dump(mode="json", by_alias=True)
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"


def _bars(counts: Mapping[str, int], fmt: Formatter, **labels: str) -> str:
    return category_bars(counts, number_format=fmt.number, empty_label=fmt.gettext("No data"), **labels)


def render_summary(summary: Mapping[str, Any], rows: Sequence[Row], language: Language,
                   generated_at: datetime) -> str:
    """The summary page: totals, charts per age band, category and generation, and each export."""
    fmt = Formatter(language)
    _ = fmt.gettext
    n = fmt.number
    bands = {band_label(band, fmt): count for band, count in summary["age_bands"].items()}
    categories = {category_title(c, fmt): count for c, count in summary["categories"].items()}
    charts = [
        age_band_bars(bands, title=_("Records per age band, all children"), number_format=n,
                      alt=_("Records per age band, all children"), empty_label=_("No data"), id_prefix="bands"),
        _bars(categories, fmt, title=_("Records per category, all children"),
              alt=_("Records per category, all children"), id_prefix="categories"),
        _bars(summary["generations"], fmt, title=_("Exports per generation"), alt=_("Exports per generation"),
              id_prefix="generations"),
    ]
    status_names = {"ok": _("read"), "warning": _("read, with warnings"), "skipped": _("done in an earlier run"),
                    "rejected": _("rejected"), "missing": _("missing"),
                    "duplicate": _("same archive as another input"), "failed": _("failed"),
                    "not_started": _("not started")}
    listed = ordered(rows)[:PAGE_ROWS]
    return environment(language).get_template("batch_summary.html.j2").render(
        lang=language, generated=_("Generated {moment} by dsar-analyzer.").format(moment=fmt.moment(generated_at)),
        summary=summary, n=n, charts=charts,
        statuses=[(status_names[s], n(summary["status"][s])) for s in STATUSES],
        rows=[{"report": r["report"] if r["status"] in _DONE else None,
               "name": r["case_id"] or r["path"], "child": r["child"] or "", "status": status_names[r["status"]],
               "records": n(r["records"]) if r["records"] is not None else "",
               "under_13": n(r["under_13"]) if r["under_13"] is not None else "",
               "message": r["message"] or ""} for r in listed],
        more=max(0, len(rows) - PAGE_ROWS))
