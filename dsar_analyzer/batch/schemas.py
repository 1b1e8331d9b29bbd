"""The published JSON Schemas: the ``inspect --json`` summary, the batch ``summary.json`` and a manifest row.

Each is generated from a pydantic model (the models are the source of truth) and carries a URN id
with its version, so a case system can pin the version it was built against.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dsar_analyzer.analysis.age import BAND_KEYS
from dsar_analyzer.analysis.classify import Category
from dsar_analyzer.analysis.inspect_model import SCHEMA_VERSION as INSPECT_VERSION
from dsar_analyzer.analysis.inspect_model import Document, InspectSummary, Strict
from dsar_analyzer.batch.manifest import STATUSES
from dsar_analyzer.batch.totals import SCHEMA_VERSION as BATCH_VERSION
from dsar_analyzer.run.outcome import Outcome

Count = Field(ge=0)
MANIFEST_VERSION = 1


class RecordsPerExport(Strict):
    min: int | None
    median: float | None
    max: int | None


class CaseProblem(Strict):
    row: int = Field(ge=1, description="row of the case file; 1 is the header")
    message: str


class CaseFile(Strict):
    problems: list[CaseProblem]
    inputs_without_row: list[str]


class IgnoredFile(Strict):
    path: str
    reason: str


class BatchSummary(Document):
    """Totals over the exports of one batch run (those read now or in an earlier run)."""

    model_config = ConfigDict(title="dsar-analyzer batch summary")

    schema_id: Literal["dsar-analyzer/batch-summary"] = Field(alias="schema")
    schema_version: Literal[1]
    inputs: int = Count
    status: dict[Literal[STATUSES], int]  # type: ignore[valid-type]
    records: int = Count
    records_per_export: RecordsPerExport
    age_bands: dict[Literal[BAND_KEYS], int]  # type: ignore[valid-type]
    categories: dict[Category, int]
    records_since_2018_05_25: int = Count
    records_under_consent_age: int = Count
    children_with_records_under_13: int = Count
    children_with_records_under_consent_age: int = Count
    generations: dict[str, int]
    formats: dict[str, int]
    languages: dict[str, int]
    birth_date_sources: dict[str, int]
    failures_by_reason: dict[str, int]
    case_file: CaseFile
    ignored_files: list[IgnoredFile]


#: One manifest row (CSV and Parquet alike) is one ``Outcome`` of ``run_export``; ``13_15`` and friends are aliases.
ManifestRow: type[BaseModel] = Outcome

SCHEMAS: dict[str, tuple[type[BaseModel], int]] = {
    "inspect": (InspectSummary, INSPECT_VERSION),
    "batch-summary": (BatchSummary, BATCH_VERSION),
    "manifest-row": (ManifestRow, MANIFEST_VERSION),
}


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one published document, with its versioned id."""
    model, version = SCHEMAS[name]
    schema = model.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"urn:dsar-analyzer:schema:{name}:{version}", **schema}
