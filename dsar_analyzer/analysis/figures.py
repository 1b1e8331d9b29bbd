"""Every figure derived from a parsed export, in one typed, JSON-serialisable object.

``analyse(export)`` runs the pure functions of ``classify``, ``age``, ``location`` and ``viewing``
with one set of options and keeps their results side by side. Facts (counts, dates) and flags that
name their rule (under the digital age of consent) stay apart, as they do in each part.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field

from dsar_analyzer.analysis.age import CLAIM_START, AgeFigures, age_figures
from dsar_analyzer.analysis.classify import category_counts, data_kind_counts
from dsar_analyzer.analysis.custody import Custody, custody
from dsar_analyzer.analysis.location import LocationFigures, location_figures
from dsar_analyzer.analysis.viewing import SessionRule, ViewingFigures, viewing_figures
from dsar_analyzer.analysis.warning import AnalysisWarning
from dsar_analyzer.records.export import Export


class AnalysisOptions(BaseModel):
    """The settings every figure depends on; a report prints them in its appendix."""

    model_config = ConfigDict(frozen=True)

    birth_date: date | None = Field(default=None, description="overrides the self-declared profile birth date")
    consent_country: str = Field(default="NL", description="country whose digital age of consent applies")
    zone: str = Field(default="Europe/Amsterdam", description="time zone for days, hours and weekdays")
    session_gap_minutes: int = Field(default=30, ge=1, description="a pause longer than this starts a new session")
    max_view_minutes: int = Field(default=5, ge=1, description="longest time one view is assumed to last")
    redact_search_terms: bool = Field(default=True, description="replace search terms by 'term 1', 'term 2'...")
    case_reference: str | None = Field(default=None, description="the case or claim reference (chain of custody)")
    supplier: str | None = Field(default=None, description="who supplied the export, e.g. 'parent' (chain of custody)")
    received_at: datetime | None = Field(default=None, description="when the export was received (chain of custody)")
    invocation: str | None = Field(default=None, description="the command line that asked for this analysis")

    def session_rule(self) -> SessionRule:
        return SessionRule(gap=timedelta(minutes=self.session_gap_minutes),
                           max_view=timedelta(minutes=self.max_view_minutes))


class Analysis(BaseModel):
    """Categories, kinds of personal data, age and claim figures, location and viewing behaviour."""

    model_config = ConfigDict(frozen=True)

    options: AnalysisOptions
    record_count: int
    categories: dict[str, int]
    data_kinds: dict[str, int]
    age: AgeFigures
    location: LocationFigures
    viewing: ViewingFigures
    custody: Custody
    #: Choices the analysis overruled (a refused birth date, ...): typed, in the order they arose.
    #: ``dsar_analyzer.report.i18n.warning_text`` says one in a report language.
    warnings: tuple[AnalysisWarning, ...] = ()

    def __repr__(self) -> str:
        return (f"<Analysis: {self.record_count:,} records in {len(self.categories)} categories, "
                f"{self.age.bands['under_13']:,} under 13, {self.viewing.views:,} videos watched>")

    __str__ = __repr__

    def to_json(self) -> bytes:
        """Sorted-key JSON, byte-identical for the same export and options."""
        return orjson.dumps(self.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)

    def claim_figures(self) -> dict[str, Any]:
        """The figures that decide a claim, in the keys ``inspect --json`` prints.

        A band or consent count of None means "age unknown" (no usable birth date), never 0.
        """
        age = self.age
        birth = age.birth_date
        return {
            "age_bands": dict(age.bands),
            "age_bands_since": dict(age.bands_since_claim_start),
            "band_first_last": {band: {"first": _iso(age.band_first[band]), "last": _iso(age.band_last[band])}
                                for band in age.band_first},
            "claim_window": {
                "since": CLAIM_START.isoformat(),
                "records_since": age.since_claim_start,
                "records_before": age.before_claim_start,
                "records_undated": age.undated,
                "records_held_at_export": age.held_at_export,
                "records_under_consent_age": age.under_consent_age,
                "records_under_consent_age_any_date": age.under_consent_age_any_date,
                "consent_country": age.consent_country,
                "consent_applies_from": age.consent_applies_from.isoformat(),
                "consent_rule": age.consent_age_rule,
                "records_near_a_boundary": age.ambiguous,
                "records_before_birth_date": age.before_birth,
            },
            "periods": [period.model_dump(mode="json") for period in age.periods],
            "birth_date": {
                "used": birth.value.isoformat() if birth.value else None,
                "source": birth.source,
                "self_declared": birth.profile_text,
                "candidates": [c.model_dump(mode="json") for c in birth.candidates],
                "warnings": [warning.text() for warning in birth.warnings],
                "declared_under_13_at_first_record": birth.declared_under_13,
            },
            "export_date": self.custody.export_date.model_dump(mode="json"),
            "warnings": [{"code": w.code, "parameters": w.model_dump(mode="json")["parameters"], "text": w.text()}
                         for w in self.warnings],
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def analyse(export: Export, options: AnalysisOptions | None = None) -> Analysis:
    """All figures of one export under one set of options."""
    options = options or AnalysisOptions()
    age = age_figures(export, birth_date_override=options.birth_date, consent_country=options.consent_country)
    return Analysis(
        options=options,
        record_count=export.record_count,
        categories=category_counts(export),
        data_kinds=data_kind_counts(export),
        age=age,
        warnings=age.birth_date.warnings,
        location=location_figures(export),
        viewing=viewing_figures(export, zone=options.zone, rule=options.session_rule(),
                                redact=options.redact_search_terms),
        # last: the custody record re-hashes the input after every figure above was made
        custody=custody(export, case_reference=options.case_reference, supplier=options.supplier,
                        received_at=options.received_at, invocation=options.invocation,
                        settings=options.model_dump(mode="json", exclude={"invocation"})),
    )
