"""Which birth date the figures use: every date offered (the profile's, a given one) judged against the export.

A birth date is *impossible* before 1900, after 2100, after the export was made or after the first
record of the export; it is then never used: a refused given date gives way to a usable self-declared
one, with a typed warning saying so, and with neither every age is "unknown". One that makes the
child younger than 5 at the first record is *implausible* but possible: used, with a warning. A
self-declared date that shows the child under 13 at the first record is flagged (according to the
birth date on the account), whichever date the figures use. Text that cannot be read as a date is *unreadable*,
never "no birth date". ``anniversary`` and ``age_on`` are the two date rules every age rests on.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from dsar_analyzer.analysis.warning import AnalysisWarning
from dsar_analyzer.records.columns import NAT, record_times, utc_moment
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


#: Why a birth date is refused or doubted, by reason code: English message ids the report translates,
#: formatted with the candidate's ``reason_parameters``.
REASONS: dict[str, str] = {
    "unreadable": "the text cannot be read as a date (for example an unknown day/month order or month name)",
    "before_earliest": "it is before {earliest}",
    "after_export": "it is after the export was made ({exported})",
    "after_first_record": "it is after the first record of the export ({first_record})",
    "after_latest": "it is after {latest}",
    "implausibly_young": "the child would have been under {age} at the first record ({first_record})",
}

#: The warning sentences (English message ids); ``{reason}`` is the translated reason.
WARNING_MESSAGES: dict[str, str] = {
    "given_birth_date_refused_self_declared_used":
        "The birth date given, {given}, is not used: {reason}. The birth date in the export (self-declared), "
        "{self_declared}, is used instead.",
    "given_birth_date_refused_no_birth_date":
        "The birth date given, {given}, is not used: {reason}. The export holds no usable birth date either, so "
        "every age band and the consent count are unknown; correct the birth date and make the report again.",
    "self_declared_birth_date_refused": "The birth date in the export (self-declared), {self_declared}, is not "
                                        "used: {reason}.",
    "birth_date_implausible_given": "The birth date given, {given}, is used, but {reason}: check it.",
    "birth_date_implausible_self_declared": "The birth date in the export (self-declared), {self_declared}, is "
                                            "used, but {reason}: check it.",
}


class BirthCandidate(_Frozen):
    """One birth date offered (the profile's or one given by the user), judged against the export.

    ``reason`` is the verdict's reason in English; ``reason_code`` names it (a key of ``REASONS``)
    and ``reason_parameters`` hold its values, so a report can say it in its own language.
    """

    source: Literal["override", "profile"]
    text: str | None
    value: date | None
    status: Plausibility
    reason: str = ""
    reason_code: str = ""
    reason_parameters: dict[str, date | int | str] = {}


class BirthDate(_Frozen):
    """The birth date the figures use, and every birth date known, shown side by side.

    ``candidates`` holds each date offered with its verdict: *impossible* (before 1900, after the
    export or after the first record) and *unreadable* dates are never used; an *implausible* one
    (under 5 at the first record) is used with a warning. A given date (``override``) comes first;
    when it is refused, the self-declared date is used if it is usable, and a warning says so
    (``warnings``, typed). ``declared_under_13`` is True when the self-declared date itself shows the
    child was under 13 at the first record, according to the birth date on the account.
    """

    value: date | None
    source: Literal["override", "profile", "none"]
    profile_value: date | None
    profile_text: str | None
    override: date | None
    self_declared: bool
    candidates: tuple[BirthCandidate, ...] = ()
    warnings: tuple[AnalysisWarning, ...] = ()
    declared_under_13: bool = False


def _candidate(source: Literal["override", "profile"], text: str | None, value: date | None,
               status: Plausibility, code: str = "", **parameters: date | int | str) -> BirthCandidate:
    reason = REASONS[code].format(**{k: v.isoformat() if isinstance(v, date) else v for k, v in parameters.items()}
                                  ) if code else ""
    return BirthCandidate(source=source, text=text, value=value, status=status, reason=reason, reason_code=code,
                          reason_parameters=parameters)


def _judge(source: Literal["override", "profile"], text: str | None, value: date | None,
           first_record: date | None, exported: date | None) -> BirthCandidate:
    if value is None:
        return _candidate(source, text, None, "unreadable", "unreadable")
    if value.year < EARLIEST_BIRTH_YEAR:
        return _candidate(source, text, value, "impossible", "before_earliest", earliest=EARLIEST_BIRTH_YEAR)
    if exported is not None and value > exported:
        return _candidate(source, text, value, "impossible", "after_export", exported=exported)
    if first_record is not None and value > first_record:
        return _candidate(source, text, value, "impossible", "after_first_record", first_record=first_record)
    if value.year > LATEST_BIRTH_YEAR:
        return _candidate(source, text, value, "impossible", "after_latest", latest=LATEST_BIRTH_YEAR)
    if first_record is not None and age_on(value, first_record) < IMPLAUSIBLE_AGE:
        return _candidate(source, text, value, "implausible", "implausibly_young", age=IMPLAUSIBLE_AGE,
                          first_record=first_record)
    return _candidate(source, text, value, "plausible")


def _usable(candidate: BirthCandidate | None) -> bool:
    return candidate is not None and candidate.status in ("plausible", "implausible")


def _warning(code: str, candidate: BirthCandidate, message: str | None = None,
             **parameters: date | int | str) -> AnalysisWarning:
    return AnalysisWarning(code=code, parameters={**candidate.reason_parameters, **parameters},  # type: ignore[arg-type]
                           message=WARNING_MESSAGES[message or code], reason=REASONS[candidate.reason_code])


def birth_warnings(candidates: tuple[BirthCandidate, ...], chosen: BirthCandidate | None) -> tuple[AnalysisWarning, ...]:
    """What a reader must be told about the birth dates offered: refused ones, and an implausible one used."""
    given = next((c for c in candidates if c.source == "override"), None)
    profile = next((c for c in candidates if c.source == "profile"), None)
    out: list[AnalysisWarning] = []
    if given is not None and given.value is not None and not _usable(given):
        if chosen is not None and profile is not None and chosen is profile:
            out.append(_warning("given_birth_date_refused_self_declared_used", given, given=given.value,
                                self_declared=profile.text or ""))
        else:
            out.append(_warning("given_birth_date_refused_no_birth_date", given, given=given.value))
    if profile is not None and not _usable(profile):
        out.append(_warning("self_declared_birth_date_refused", profile, self_declared=profile.text or ""))
    if chosen is not None and chosen.status == "implausible":
        if chosen.source == "override" and chosen.value is not None:
            out.append(_warning("birth_date_implausible", chosen, "birth_date_implausible_given", given=chosen.value))
        else:
            out.append(_warning("birth_date_implausible", chosen, "birth_date_implausible_self_declared",
                                self_declared=chosen.text or ""))
    return tuple(out)


def resolve_birth_date(export: Export, override: date | None = None, *, first_record: date | None = None,
                       exported: date | None = None) -> BirthDate:
    """The birth date the figures use: a possible override (a parent-supplied date), else a possible
    self-declared profile date, else none ("age unknown").

    Every date offered is judged (``BirthCandidate``) against ``first_record`` (the UTC date of the
    earliest dated record; computed from the export when not given) and ``exported`` (the export's
    date, when known). An impossible override is not used: the self-declared date stands in when it
    is usable, and a typed warning says which date was used and why (``BirthDate.warnings``). The
    profile text that cannot be read is reported as unreadable, never as "no birth date".
    """
    if first_record is None:
        times = record_times(export)[1]
        dated = times[times != NAT]
        first_record = utc_moment(dated.min()).date() if len(dated) else None
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
                             and _usable(profile) and age_on(profile.value, first_record) < 13)
    chosen = next((c for c in candidates if _usable(c)), None)
    return BirthDate(value=chosen.value if chosen else None, source=chosen.source if chosen else "none",
                     override=override, self_declared=chosen is not None and chosen.source == "profile",
                     profile_value=profile_value, profile_text=profile_text, candidates=tuple(candidates),
                     warnings=birth_warnings(tuple(candidates), chosen), declared_under_13=declared_under_13)


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
