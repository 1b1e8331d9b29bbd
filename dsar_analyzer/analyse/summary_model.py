"""The versioned shape of the JSON summary ``inspect --json`` prints, as pydantic models.

``dsar-analyzer schema inspect`` publishes it as JSON Schema. A change that renames or removes a key,
or changes its meaning, raises ``SCHEMA_VERSION``; adding an optional key does not.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from dsar_analyzer.analyse.age import BAND_KEYS
from dsar_analyzer.analyse.classify import Category
from dsar_analyzer.records.ledger import InvalidItem, LedgerTotals, MemberEntry, Note

SCHEMA_ID = "dsar-analyzer/inspect-summary"
SCHEMA_VERSION = 1

Count = Field(ge=0)
Sha256 = Field(pattern=r"^[0-9a-f]{64}$")
BandKey = Literal[BAND_KEYS]  # type: ignore[valid-type]


class Strict(BaseModel):
    """A published shape: unknown keys are an error, so a changed document fails its schema."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Tool(Strict):
    name: Literal["dsar-analyzer"]
    version: str


class Document(Strict):
    """The keys every published JSON document starts with: which schema, which version, which tool."""

    schema_version: int = Field(ge=1)
    tool: Tool


class InputSummary(Strict):
    path: str
    sha256: str = Sha256
    kind: Literal["zip", "folder", "file"]
    size: int = Count


class SectionCounts(Strict):
    records: int = Count
    invalid: int = Count
    ignored: int = Count


class Unrecognised(Strict):
    where: str
    items: int = Count


class ClaimWindow(Strict):
    since: date
    records_since: int = Count
    records_before: int = Count
    records_undated: int = Count
    records_under_consent_age: int = Count
    records_under_consent_age_since: int = Count
    consent_country: str
    consent_rule: str
    records_near_a_boundary: int = Count


class BirthDateUsed(Strict):
    used: date | None = Field(description="the birth date the figures use")
    source: Literal["override", "profile", "none"]
    self_declared: str | None = Field(description="the birth date as the export's profile wrote it")


class InspectSummary(Document):
    """One export: input, detection, per-section counts, the ledger, and (with an analysis) claim figures."""

    model_config = ConfigDict(title="dsar-analyzer inspect summary")

    schema_id: Literal["dsar-analyzer/inspect-summary"] = Field(alias="schema")
    schema_version: Literal[1]
    input: InputSummary
    format: Literal["json", "txt"]
    generation: str
    generation_evidence: list[str]
    language: str
    language_evidence: str
    sections: dict[str, SectionCounts]
    unrecognised: list[Unrecognised]
    invalid_items: list[InvalidItem]
    totals: LedgerTotals
    members: list[MemberEntry]
    notes: list[Note]
    categories: dict[Category, int] | None = Field(default=None, description="records per category; "
                                                   "they add up to totals.records")
    age_bands: dict[BandKey, int] | None = None
    claim_window: ClaimWindow | None = None
    birth_date: BirthDateUsed | None = None
