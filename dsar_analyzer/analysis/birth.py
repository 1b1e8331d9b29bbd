"""Which birth date the figures use: every date offered (the profile's, a given one) judged against the export.

A birth date is *impossible* before 1900, after 2100, after the export was made or after the first
record of the export; it is then never used, and every age is "unknown". One that makes the child younger
than 5 at the first record is *implausible* but possible: used, with a warning. A self-declared
date that shows the child under 13 at the first record is flagged: it is evidence of what TikTok
was told, whichever date the figures use. Text that cannot be read as a date is *unreadable*,
never "no birth date". ``anniversary`` and ``age_on`` are the two date rules every age rests on.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from dsar_analyzer.analysis.classify import category_frame
from dsar_analyzer.records.export import Export
from dsar_analyzer.records.models import Profile


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


#: A birth date before this year is impossible for a child's account.
EARLIEST_BIRTH_YEAR = 1900
#: After this year is impossible too, also when the export holds no date to compare with (no clock is read).
LATEST_BIRTH_YEAR = 2100
#: Younger than this at the first record is possible but implausible: the date is used with a warning.
IMPLAUSIBLE_AGE = 5

Plausibility = Literal["plausible", "implausible", "impossible", "unreadable"]


class BirthCandidate(_Frozen):
    """One birth date offered (the profile's or one given by the user), judged against the export."""

    source: Literal["override", "profile"]
    text: str | None
    value: date | None
    status: Plausibility
    reason: str = ""


class BirthDate(_Frozen):
    """The birth date the figures use, and every birth date known, shown side by side.

    ``candidates`` holds each date offered with its verdict: *impossible* (before 1900, after the
    export or after the first record) and *unreadable* dates are never used, so the figures say
    "age unknown"; an *implausible* one (under 5 at the first record) is used with a warning.
    ``declared_under_13`` is True when the self-declared date itself shows the child was under 13
    at the first record: evidence of what TikTok was told, whichever date the figures use.
    """

    value: date | None
    source: Literal["override", "profile", "none"]
    profile_value: date | None
    profile_text: str | None
    override: date | None
    self_declared: bool
    candidates: tuple[BirthCandidate, ...] = ()
    warnings: tuple[str, ...] = ()
    declared_under_13: bool = False


def _judge(source: Literal["override", "profile"], text: str | None, value: date | None,
           first_record: date | None, exported: date | None) -> BirthCandidate:
    if value is None:
        return BirthCandidate(source=source, text=text, value=None, status="unreadable",
                              reason="the text cannot be read as a date (for example an unknown day/month order "
                                     "or month name)")
    if value.year < EARLIEST_BIRTH_YEAR:
        reason = f"it is before {EARLIEST_BIRTH_YEAR}"
    elif exported is not None and value > exported:
        reason = f"it is after the export was made ({exported})"
    elif first_record is not None and value > first_record:
        reason = f"it is after the first record of the export ({first_record})"
    elif value.year > LATEST_BIRTH_YEAR:
        reason = f"it is after {LATEST_BIRTH_YEAR}"
    else:
        reason = ""
    if reason:
        return BirthCandidate(source=source, text=text, value=value, status="impossible", reason=reason)
    if first_record is not None and age_on(value, first_record) < IMPLAUSIBLE_AGE:
        return BirthCandidate(source=source, text=text, value=value, status="implausible",
                              reason=f"the child would have been under {IMPLAUSIBLE_AGE} at the first record "
                                     f"({first_record})")
    return BirthCandidate(source=source, text=text, value=value, status="plausible")


def resolve_birth_date(export: Export, override: date | None = None, *, first_record: date | None = None,
                       exported: date | None = None) -> BirthDate:
    """The birth date the figures use: a possible override (a parent-supplied date), else a possible
    self-declared profile date, else none ("age unknown").

    Every date offered is judged (``BirthCandidate``) against ``first_record`` (the UTC date of the
    earliest dated record; computed from the export when not given) and ``exported`` (the export's
    date, when known). An impossible override is not used and the profile date does not silently
    replace it: the figures then say "age unknown". The profile text that cannot be read is reported
    as unreadable, never as "no birth date".
    """
    if first_record is None:
        times = category_frame(export, with_sources=False)["timestamp"].dropna()
        first_record = times.min().date() if len(times) else None
    profile_value: date | None = None
    profile_text: str | None = None
    for record in export.records("profile"):
        assert isinstance(record, Profile)
        if record.birth_date_text is not None and profile_text is None:
            profile_text = record.birth_date_text
        if record.birth_date is not None:
            profile_value, profile_text = record.birth_date, record.birth_date_text
            break
    candidates: list[BirthCandidate] = []
    if override is not None:
        candidates.append(_judge("override", override.isoformat(), override, first_record, exported))
    if profile_text is not None:
        candidates.append(_judge("profile", profile_text, profile_value, first_record, exported))
    profile = next((c for c in candidates if c.source == "profile"), None)
    declared_under_13 = bool(profile is not None and profile.value is not None and first_record is not None
                             and profile.status in ("plausible", "implausible")
                             and age_on(profile.value, first_record) < 13)
    chosen = candidates[0] if candidates and candidates[0].status in ("plausible", "implausible") else None
    warnings = tuple(f"The {'given' if c.source == 'override' else 'self-declared'} birth date {c.text!r} is "
                     f"{c.status}: {c.reason}." for c in candidates if c.status != "plausible")
    return BirthDate(value=chosen.value if chosen else None, source=chosen.source if chosen else "none",
                     override=override, self_declared=chosen is not None and chosen.source == "profile",
                     profile_value=profile_value, profile_text=profile_text, candidates=tuple(candidates),
                     warnings=warnings, declared_under_13=declared_under_13)


def anniversary(birth: date, years: int) -> date:
    """The day the child turns ``years``; a 29 February birthday falls on 1 March in other years."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February in a year without one
        return date(birth.year + years, 3, 1)


def age_on(birth: date, day: date) -> int:
    """Completed years on ``day`` (-1 for any day before the birth date)."""
    if day < birth:
        return -1
    years = day.year - birth.year
    return years if day >= anniversary(birth, years) else years - 1
