"""The versioned shape of the JSON summary ``inspect --json`` prints, as pydantic models.

``dsar-analyzer schema inspect`` publishes it as JSON Schema. A change that renames or removes a key,
or changes its meaning, raises ``SCHEMA_VERSION``; adding an optional key does not.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dsar_analyzer.analysis.account import AccountEvidence
from dsar_analyzer.analysis.age import BAND_KEYS, PeriodFigures
from dsar_analyzer.analysis.birth import BirthCandidate
from dsar_analyzer.analysis.classify import Category
from dsar_analyzer.analysis.export_date import ExportDate
from dsar_analyzer.analysis.warning import WarningCode
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
    """Counts of the claim window; a count of None means "age unknown" (no usable birth date), never 0."""

    since: date
    records_since: int = Count
    records_before: int = Count
    records_undated: int = Count
    records_held_at_export: int = Count
    records_under_consent_age: int | None = Field(ge=0, description="since the GDPR applied in the country")
    records_under_consent_age_any_date: int | None = Field(ge=0)
    consent_country: str
    consent_applies_from: date
    consent_rule: str
    records_near_a_boundary: int = Count
    records_before_birth_date: int = Count


class BirthDateUsed(Strict):
    used: date | None = Field(description="the birth date the figures use")
    source: Literal["override", "profile", "none"]
    self_declared: str | None = Field(description="the birth date as the export's profile wrote it")
    candidates: list[BirthCandidate] = Field(description="every birth date offered, with its verdict and reason")
    warnings: list[str]
    declared_under_13_at_first_record: bool = Field(description="according to the birth date on the account")
    self_declared_evidence: dict[str, Any] | None = Field(default=None, description=(
        "where the self-declared birth date is written (member, JSON pointer or TXT lines): the value on file "
        "when the export was made"))


class WarningEntry(Strict):
    """A choice the analysis overruled (``Analysis.warnings``): its code, the values it names, the English text."""

    code: WarningCode
    parameters: dict[str, date | int | str]
    text: str


class FirstLast(Strict):
    first: str | None
    last: str | None


class InspectSummary(Document):
    """One export: input, detection, per-section counts, the ledger, and (with an analysis) claim figures."""

    model_config = ConfigDict(title="dsar-analyzer inspect summary")

    schema_id: Literal["dsar-analyzer/inspect-summary"] = Field(alias="schema")
    schema_version: Literal[1]
    input: InputSummary
    format: Literal["json", "txt", "mixed"] = Field(description="json or txt; mixed: one archive holding both "
                                                   "JSON documents and TXT files (both are read)")
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
    age_bands: dict[BandKey, int | None] | None = Field(default=None, description="None: age unknown, never 0")
    age_bands_since: dict[BandKey, int | None] | None = None
    band_first_last: dict[str, FirstLast] | None = None
    claim_window: ClaimWindow | None = None
    periods: list[PeriodFigures] | None = None
    birth_date: BirthDateUsed | None = None
    export_date: ExportDate | None = None
    account: AccountEvidence | None = Field(default=None, description=(
        "class-membership evidence: the earliest day the account demonstrably existed, from what, and what it "
        "shows against the class dates (accounts created 25 May 2018 - 9 November 2022)"))
    birth_dates_side_by_side: dict[Literal["given", "self_declared"], dict[str, Any] | None] | None = Field(
        default=None, description="bands, consent count and age at the first record under each birth date known")
    bands_by_category: dict[Category, dict[BandKey, int | None]] | None = None
    active_days: dict[str, int | None] | None = Field(default=None, description="UTC days with a record, per band")
    active_months: dict[str, int | None] | None = None
    first_last_by_category: dict[Category, dict[str, FirstLast | None]] | None = None
    coverage: dict[str, dict[str, Any]] | None = Field(default=None, description=(
        "how far back each section TikTok keeps only recent history of reaches; its counts are lower bounds"))
    lifetime_counters: dict[str, int] | None = Field(default=None, description=(
        "TikTok's own counts since the account was registered (activity summary), where the export has them"))
    warnings: list[WarningEntry] | None = Field(default=None, description="choices the analysis overruled, such "
                                                "as a refused birth date, and which date it used instead")
    custody: dict[str, Any] | None = Field(default=None, description="the chain of custody (the Custody model "
                                           "without its members, which are listed under members)")
