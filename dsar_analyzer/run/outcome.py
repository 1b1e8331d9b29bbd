"""What became of one export: the ``Outcome`` of ``run_export``, which is also one manifest row.

Its fields are the manifest's columns (``COLUMNS``), so the manifest row, its published JSON Schema
(``dsar-analyzer schema manifest-row``) and what ``run_export`` returns cannot disagree. Besides the
row, an outcome carries what a door may still need in memory (the ``Export``, the ``Analysis`` and
the rendered report); those are never serialised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, create_model

from dsar_analyzer.analysis.age import BAND_KEYS
from dsar_analyzer.analysis.classify import Category

if TYPE_CHECKING:
    from dsar_analyzer.analysis.export_figures import Analysis
    from dsar_analyzer.records.export import Export
    from dsar_analyzer.report.render import RenderedReport

Status = Literal["ok", "warning", "rejected", "missing", "duplicate", "skipped", "failed", "not_started"]
STATUSES: tuple[Status, ...] = get_args(Status)
#: What each status means; every one but ``ok``, ``warning`` and ``skipped`` has a ``reason``.
STATUS_MEANING: dict[Status, str] = {
    "ok": "read, analysed and (when asked) reported",
    "warning": "read, analysed and reported, but the analysis carries warnings (listed in the message)",
    "rejected": "not a usable export (not an export, damaged, unsafe, over a limit, or its case row unusable)",
    "missing": "named (in the case file or the inputs) but not found",
    "duplicate": "the same archive (same SHA-256) as another input of the run; reported once",
    "skipped": "done in an earlier run with the same archive, tool version and options; its report is intact",
    "failed": "the tool could not finish it (a worker died, out of memory, a read or write error, a bug)",
    "not_started": "never started: the run was interrupted first (run again to finish)",
}
#: Statuses whose export was read and whose figures the row holds.
READ: tuple[Status, ...] = ("ok", "warning", "skipped")
#: The manifest's ``reason`` for each kind of unusable input.
REJECTION_REASONS = {"NotAnExport": "not_an_export", "CorruptInput": "corrupt",
                     "UnsafeInput": "unsafe", "LimitExceeded": "limit_exceeded"}

CATEGORY_COLUMNS = tuple(f"records_{c}" for c in Category)
TEXT = ("path", "case_id", "child", "sha256", "status", "reason", "message", "format", "generation", "language",
        "birth_date_used", "birth_date_source", "consent_country")
COUNTS = ("size", "records", *BAND_KEYS, "records_since_2018_05_25", "records_under_consent_age")
TAIL = ("earliest", "latest", "report", "report_sha256", "tool_version", "options_sha256")
#: Class-membership evidence (``analysis.account``): the earliest day the account demonstrably existed,
#: from what (registration_date, first_login, earliest_record), and yes/no/cannot_tell against the class
#: dates (accounts created 25 May 2018 - 9 November 2022) and the musical.ly era (before 2 August 2018).
CLASS = ("birth_date_self_declared", "account_existed_on", "account_evidence", "account_created_on",
         "created_from_class_start", "created_before_class_end", "in_class_by_dates", "musically_era")
#: The only columns that differ between two runs over the same inputs with the same options.
TIMING = ("started_at", "seconds")
COLUMNS: tuple[str, ...] = (*TEXT, *COUNTS, *TAIL, *CLASS, *CATEGORY_COLUMNS, *TIMING)
INTEGER_COLUMNS = frozenset((*COUNTS, *CATEGORY_COLUMNS))

Row = dict[str, Any]


def field_name(column: str) -> str:
    """The model's field for a column: ``13_15`` is not a Python name, so it is ``band_13_15``."""
    return column if column.isidentifier() else f"band_{column}"


def _field(column: str) -> tuple[Any, Any]:
    if column == "path":
        return str, Field(alias=column, description="the input as given")
    if column == "status":
        return Status, Field(alias=column, description="; ".join(f"{k}: {v}" for k, v in STATUS_MEANING.items()))
    if column in INTEGER_COLUMNS:
        return int | None, Field(default=None, ge=0, alias=column)
    if column == "seconds":
        return float | None, Field(default=None, ge=0, alias=column)
    return str | None, Field(default=None, alias=column)


_Columns: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "ManifestRow",
    __config__=ConfigDict(extra="forbid", frozen=True, populate_by_name=True, title="dsar-analyzer manifest row"),
    **{field_name(c): _field(c) for c in COLUMNS},
)


class Outcome(_Columns):  # type: ignore[misc,valid-type]
    """One export's outcome: the manifest row (its fields), and in memory what was made from the export."""

    _export: Any = PrivateAttr(default=None)
    _analysis: Any = PrivateAttr(default=None)
    _rendered: Any = PrivateAttr(default=None)
    _error: Any = PrivateAttr(default=None)

    @classmethod
    def from_row(cls, row: Row) -> Outcome:
        return cls.model_validate({c: row.get(c) for c in COLUMNS})  # type: ignore[no-any-return]

    def row(self) -> Row:
        """The manifest row: every column, by its column name, in column order."""
        return self.model_dump(by_alias=True)  # type: ignore[no-any-return]

    def with_products(self, export: Export | None, analysis: Analysis | None,
                      rendered: RenderedReport | None) -> Outcome:
        self._export, self._analysis, self._rendered = export, analysis, rendered
        return self

    @property
    def export(self) -> Export | None:
        """The export as read (None unless it could be read in this run)."""
        return self._export  # type: ignore[no-any-return]

    @property
    def analysis(self) -> Analysis | None:
        return self._analysis  # type: ignore[no-any-return]

    @property
    def rendered(self) -> RenderedReport | None:
        """The rendered report, also when nothing was written."""
        return self._rendered  # type: ignore[no-any-return]

    @property
    def error(self) -> BaseException | None:
        """The exception behind a ``failed`` or ``rejected`` outcome (kept for whoever must re-raise it)."""
        return self._error  # type: ignore[no-any-return]

    @property
    def read(self) -> bool:
        """True when the export was read and the row holds its figures."""
        return self.status in READ


def empty_row(path: str) -> Row:
    """A row with every column empty but its path."""
    return dict.fromkeys(COLUMNS) | {"path": path}
