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

from dsar_analyzer.analysis.account import AccountEvidence, account_evidence
from dsar_analyzer.analysis.age import BANDS, CLAIM_START, AgeFigures, age_figures
from dsar_analyzer.analysis.birth import age_on
from dsar_analyzer.analysis.classify import category_counts, data_kind_counts
from dsar_analyzer.analysis.custody import Custody, custody
from dsar_analyzer.analysis.location import LocationFigures, location_figures
from dsar_analyzer.analysis.viewing import SessionRule, ViewingFigures, viewing_figures
from dsar_analyzer.analysis.warning import AnalysisWarning
from dsar_analyzer.records.columns import NAT, primary_time_field, times, utc_moment
from dsar_analyzer.records.export import Export
from dsar_analyzer.records.registry import SECTIONS


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
    #: When the account demonstrably existed, against the class dates of the Dutch action.
    account: AccountEvidence | None = None
    #: The figures under the self-declared birth date, when another (given) date is used for ``age``;
    #: both are shown side by side.
    age_self_declared: AgeFigures | None = None
    #: TikTok's own lifetime counters ("videos watched to the end since registration"), where the export has them.
    lifetime_counters: dict[str, int] = {}
    #: How far back each section with a known retention limit reaches: its records, first and last date, and
    #: whether its counts are lower bounds (TikTok keeps only recent history there).
    coverage: dict[str, dict[str, Any]] = {}
    #: Where the self-declared birth date sits in the export (member, JSON pointer or TXT lines).
    birth_date_evidence: dict[str, Any] | None = None
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
                "self_declared_evidence": self.birth_date_evidence,
            },
            "export_date": self.custody.export_date.model_dump(mode="json"),
            "account": self.account.model_dump(mode="json") if self.account else None,
            "birth_dates_side_by_side": self.side_by_side(),
            "bands_by_category": {c: dict(v) for c, v in age.bands_by_category.items()},
            "active_days": dict(age.active_days),
            "active_months": dict(age.active_months),
            "first_last_by_category": {
                c: {band: ({"first": pair[0].isoformat(), "last": pair[1].isoformat()} if pair else None)
                    for band, pair in by_band.items()} for c, by_band in age.first_last_by_category.items()},
            "lifetime_counters": dict(self.lifetime_counters),
            "coverage": dict(self.coverage),
            "warnings": [{"code": w.code, "parameters": w.model_dump(mode="json")["parameters"], "text": w.text()}
                         for w in self.warnings],
        }


    def side_by_side(self) -> dict[str, Any]:
        """Bands, consent count and age at the first record under each birth date known (None: not known)."""
        first = min((t for t in self.age.earliest_by_category.values() if t), default=None)
        out: dict[str, Any] = {}
        used = self.age
        other = self.age_self_declared
        pairs = {"given": used if used.birth_date.source == "override" else None,
                 "self_declared": other if other is not None else (used if used.birth_date.source == "profile"
                                                                   else None)}
        for key, figures in pairs.items():
            if figures is None or figures.birth_date.value is None:
                out[key] = None
                continue
            born = figures.birth_date.value
            out[key] = {"birth_date": born.isoformat(),
                        "bands": {b: figures.bands[b] for b in (*BANDS, "held_at_export", "unknown_age")},
                        "under_consent_age": figures.under_consent_age,
                        "age_at_first_record": age_on(born, first.date()) if first else None}
        return out


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def analyse(export: Export, options: AnalysisOptions | None = None) -> Analysis:
    """All figures of one export under one set of options."""
    options = options or AnalysisOptions()
    age = age_figures(export, birth_date_override=options.birth_date, consent_country=options.consent_country)
    self_declared = None
    if age.birth_date.source == "override" and age.birth_date.profile_value is not None:
        profile = age_figures(export, consent_country=options.consent_country)
        self_declared = profile if profile.birth_date.source == "profile" else None
    return Analysis(
        options=options,
        record_count=export.record_count,
        categories=category_counts(export),
        data_kinds=data_kind_counts(export),
        age=age,
        age_self_declared=self_declared,
        account=account_evidence(export),
        coverage=_coverage(export),
        lifetime_counters=_lifetime_counters(export),
        birth_date_evidence=_birth_date_evidence(export),
        warnings=age.birth_date.warnings,
        location=location_figures(export),
        viewing=viewing_figures(export, zone=options.zone, rule=options.session_rule(),
                                redact=options.redact_search_terms),
        # last: the custody record re-hashes the input after every figure above was made
        custody=custody(export, case_reference=options.case_reference, supplier=options.supplier,
                        received_at=options.received_at, invocation=options.invocation,
                        settings=options.model_dump(mode="json", exclude={"invocation"})),
    )


def _lifetime_counters(export: Export) -> dict[str, int]:
    """TikTok's own counts since the account was registered (activity summary), where the export has them."""
    out: dict[str, int] = {}
    for record in export.records("activity_summary"):
        for name in ("videos_watched_to_end", "videos_shared", "videos_commented_on"):
            value = getattr(record, name, None)
            if isinstance(value, int):
                out.setdefault(name, value)
    return out


def _birth_date_evidence(export: Export) -> dict[str, Any] | None:
    """Where the self-declared birth date is written: the value on file when the export was made."""
    records = export.sections.get("profile")
    if records is None:
        return None
    for index, record in enumerate(records.records):
        text = getattr(record, "birth_date_text", None)
        if text:
            source = records.source(index)
            return {"text": text, "member": source.member, "pointer": source.pointer,
                    "lines": list(source.lines) if source.lines else None,
                    "note": "the value on file when the export was made, not when or by whom it was entered"}
    return None


#: Sections TikTok keeps only recent history of (about 180 days of watch history and searches in 2024-25
#: exports; the most recent 6,000-8,000 likes; logins not confirmed): their counts are lower bounds.
LOWER_BOUND_SECTIONS = ("watch_history", "searches", "likes", "logins")


def _coverage(export: Export) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for section_id in LOWER_BOUND_SECTIONS:
        field = primary_time_field(SECTIONS[section_id].model)
        assert field is not None  # every lower-bound section is dated
        moments = times(export, section_id, field)
        if not len(moments):
            continue
        dated = moments[moments != NAT]
        out[section_id] = {"records": int(len(moments)), "lower_bound": True,
                           "first": utc_moment(dated.min()).isoformat() if len(dated) else None,
                           "last": utc_moment(dated.max()).isoformat() if len(dated) else None}
    return out
