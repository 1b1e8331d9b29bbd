"""Totals and distributions across every export of a batch: ``summary.json`` and ``summary.html``.

The JSON holds no timing, so the same inputs and options give the same bytes, local or on a
cluster. The HTML page uses the report's templates, translations and static SVG charts; it lists
every figure of the manifest per case (sorted by case id), the file of each input not read, and
why, in words in the page's language. Totals are added up row by row as the rows stream past, so
a million inputs cost the same memory as ten (8 bytes per export for the median record count).
"""

from __future__ import annotations

import itertools
import statistics
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

import orjson
from markupsafe import Markup, escape

from dsar_analyzer import __version__
from dsar_analyzer.analysis.age import BAND_KEYS
from dsar_analyzer.analysis.classify import Category
from dsar_analyzer.batch.manifest import STATUSES, Row
from dsar_analyzer.run.outcome import READ as _DONE
from dsar_analyzer.report.charts import age_band_bars, category_bars
from dsar_analyzer.report.i18n import Formatter, Language
from dsar_analyzer.report.labels import N_, band_label, category_title
from dsar_analyzer.report.render import environment

SCHEMA_ID = "dsar-analyzer/batch-summary"
SCHEMA_VERSION = 1
#: The page lists this many exports; the manifest lists all.
PAGE_ROWS = 1000
#: Each status in words.
STATUS_WORDS = {"ok": N_("read"), "skipped": N_("done in an earlier run"), "rejected": N_("rejected"),
                "failed": N_("failed"), "not_started": N_("not started"), "warning": N_("read, with warnings"),
                "missing": N_("missing"), "duplicate": N_("same archive as another input")}
#: Each value of the manifest's ``reason`` column in words (the ``message`` column has the details).
REASON_WORDS = {
    "not_an_export": N_("not a TikTok export"),
    "corrupt": N_("the file is damaged or incomplete"),
    "unsafe": N_("the archive breaks a safety rule and was not opened"),
    "limit_exceeded": N_("the archive is larger than the limits allow"),
    "rejected": N_("the file could not be read as an export"),
    "case_file": N_("a problem in its row of the case file"),
    "worker": N_("the worker process stopped while reading it"),
    "too_large": N_("too large or too deeply nested to read on this computer"),
    "io": N_("the file could not be read or written"),
    "internal": N_("an internal error; please report it"),
    "interrupted": N_("the run was stopped before this export was read"),
    "unknown": N_("no reason was recorded"),
}


def _sorted_counts(counter: Counter[Any]) -> dict[Any, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))))


class Totals:
    """The summary's figures, added up one row at a time (``add``) and read out by ``summary``."""

    def __init__(self) -> None:
        self.inputs = 0
        self.status: Counter[str] = Counter()
        self.records = array("q")
        self.bands = dict.fromkeys(BAND_KEYS, 0)
        self.categories = {str(c): 0 for c in Category}
        self.since = self.under_consent = self.with_under_13 = self.with_under_consent = 0
        self.tallies: dict[str, Counter[Any]] = {key: Counter() for key in ("generation", "format", "language",
                                                                            "birth_date_source")}
        self.failures: Counter[str] = Counter()

    def add(self, row: Row) -> None:
        self.inputs += 1
        self.status[row["status"]] += 1
        if row["status"] not in _DONE:
            self.failures[row.get("reason") or "unknown"] += 1
            return
        self.records.append(row.get("records") or 0)
        for band in BAND_KEYS:
            self.bands[band] += row.get(band) or 0
        for category in self.categories:
            self.categories[category] += row.get(f"records_{category}") or 0
        self.since += row.get("records_since_2018_05_25") or 0
        self.under_consent += row.get("records_under_consent_age") or 0
        self.with_under_13 += bool(row.get("under_13"))
        self.with_under_consent += bool(row.get("records_under_consent_age"))
        for key, tally in self.tallies.items():
            tally[row.get(key)] += 1

    def passing(self, rows: Iterable[Row]) -> Iterator[Row]:
        """``rows`` unchanged, each added up on its way past (one pass writes the manifest and sums it)."""
        for row in rows:
            self.add(row)
            yield row

    def summary(self, *, case_problems: Sequence[Mapping[str, Any]] = (), inputs_without_row: Sequence[str] = (),
                ignored: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
        records = self.records
        return {
            "schema": SCHEMA_ID,
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "dsar-analyzer", "version": __version__},
            "inputs": self.inputs,
            "status": {s: self.status.get(s, 0) for s in STATUSES},
            "records": sum(records),
            "records_per_export": {
                "min": min(records) if records else None,
                "median": statistics.median(records) if records else None,
                "max": max(records) if records else None,
            },
            "age_bands": dict(self.bands),
            "categories": dict(self.categories),
            "records_since_2018_05_25": self.since,
            "records_under_consent_age": self.under_consent,
            "children_with_records_under_13": self.with_under_13,
            "children_with_records_under_consent_age": self.with_under_consent,
            "generations": _sorted_counts(self.tallies["generation"]),
            "formats": _sorted_counts(self.tallies["format"]),
            "languages": _sorted_counts(self.tallies["language"]),
            "birth_date_sources": _sorted_counts(self.tallies["birth_date_source"]),
            "failures_by_reason": _sorted_counts(self.failures),
            "case_file": {
                "problems": [dict(p) for p in case_problems],
                "inputs_without_row": sorted(inputs_without_row),
            },
            "ignored_files": [{"path": path, "reason": reason} for path, reason in sorted(ignored)],
        }


def summarise_batch(rows: Iterable[Row], *, case_problems: Sequence[Mapping[str, Any]] = (),
                    inputs_without_row: Sequence[str] = (),
                    ignored: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    """Totals over the exports that were read (ok or skipped) and counts of what happened to each input.

    ``rows`` may be a stream in any order (a ``Spool``'s): each row is looked at once and dropped.
    """
    totals = Totals()
    for row in rows:
        totals.add(row)
    return totals.summary(case_problems=case_problems, inputs_without_row=inputs_without_row, ignored=ignored)


def summary_json(summary: Mapping[str, Any]) -> bytes:
    """``summary.json``: the summary as its published model (``schemas.BatchSummary``) serialises it."""
    from dsar_analyzer.batch.schemas import BatchSummary  # schemas reads this module's version

    data = BatchSummary.model_validate(summary).model_dump(mode="json", by_alias=True)
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"


def _bars(counts: Mapping[str, int], fmt: Formatter, **labels: str) -> str:
    return category_bars(counts, number_format=fmt.number, empty_label=fmt.gettext("No data"), **labels)


def by_case(rows: Iterable[Row]) -> list[Row]:
    """Rows as the page lists them: by case id (rows without one last), then path."""
    return sorted(rows, key=lambda r: (r.get("case_id") is None, r.get("case_id") or "", r["path"]))


def render_summary(summary: Mapping[str, Any], rows: Iterable[Row], language: Language,
                   generated_at: datetime, *, total: int | None = None, stale: Sequence[str] = ()) -> str:
    """The summary page: totals, charts, and each export's figures (``rows`` already in page order).

    ``rows`` holds at most ``PAGE_ROWS`` rows (a ``Spool``'s ``by_case``); ``total`` is how many the
    manifest lists. ``stale`` are report files in the folder that no row refers to.
    """
    fmt = Formatter(language)
    _ = fmt.gettext
    n = fmt.number

    def count(value: Any) -> str:
        return n(value) if value is not None else ""

    bands = {band_label(band, fmt): value for band, value in summary["age_bands"].items()}
    categories = {category_title(c, fmt): value for c, value in summary["categories"].items()}
    charts = [
        age_band_bars(bands, title=_("Records per age band, all children"), number_format=n,
                      alt=_("Records per age band, all children"), empty_label=_("No data"), id_prefix="bands"),
        _bars(categories, fmt, title=_("Records per category, all children"),
              alt=_("Records per category, all children"), id_prefix="categories"),
        _bars(summary["generations"], fmt, title=_("Exports per generation"), alt=_("Exports per generation"),
              id_prefix="generations"),
    ]
    listed = []
    for r in itertools.islice(rows, PAGE_ROWS):
        done = r["status"] in _DONE
        listed.append({
            "case_id": r.get("case_id") or "", "child": r.get("child") or "", "path": _breakable(r["path"]),
            "report": r.get("report") if done else None, "status_key": r["status"],
            "status": _(STATUS_WORDS.get(r["status"]) or str(r["status"])),
            "figures": [count(r.get(c)) for c in FIGURE_COLUMNS],
            "report_sha256": r.get("report_sha256") or "",
            "reason": "" if done or not r.get("reason") else _(REASON_WORDS.get(r["reason"], REASON_WORDS["unknown"])),
            "message": r.get("message") or "",
        })
    total = len(listed) if total is None else total
    return environment(language).get_template("batch_summary.html.j2").render(
        lang=language, generated=_("Generated {moment} by dsar-analyzer.").format(moment=fmt.moment(generated_at)),
        summary=summary, n=n, charts=charts,
        statuses=[(_(STATUS_WORDS[s]), n(summary["status"][s])) for s in STATUSES],
        failures=[(_(REASON_WORDS.get(reason, REASON_WORDS["unknown"])), reason, n(value))
                  for reason, value in summary["failures_by_reason"].items()],
        figure_titles=[band_label(c, fmt) if c in BAND_KEYS else _(FIGURE_TITLES[c]) for c in FIGURE_COLUMNS],
        rows=listed, total=total, more=max(0, total - len(listed)), stale=list(stale))


def _breakable(path: str) -> Markup:
    """A path that may wrap after each ``/`` (and, only if a name is longer than the line, inside it)."""
    return Markup("/<wbr>").join(escape(part) for part in path.split("/"))


#: The per-case figures of the manifest the page shows, in this order.
FIGURE_COLUMNS = ("records", *BAND_KEYS, "records_since_2018_05_25", "records_under_consent_age")
FIGURE_TITLES = {"records": N_("Records"), "records_since_2018_05_25": N_("Since 25 May 2018"),
                 "records_under_consent_age": N_("Under the digital age of consent")}
