"""Age of the child at every record, the age bands and the claim window.

Facts used here (legal background of the Dutch collective action against TikTok):

* The GDPR and the Dutch implementing act (UAVG) apply from **25 May 2018**; the collective action
  covers Dutch children who used TikTok since that day (``CLAIM_START``).
* Four age bands matter to the claim: **under 13** (below TikTok's own minimum age), **13-15**
  (below the Dutch digital age of consent), **16-17** (a minor) and **18+**. The 2021 claim asked
  per-child damages by these bands.
* GDPR Art. 8 sets a "digital age of consent" of 16 where consent is the legal basis of an
  information society service offered directly to a child; member states may lower it, not below
  13. The Netherlands kept 16 (UAVG art. 5). The country table (``CONSENT_AGES``) gives the age per
  country with the date from which it applies.
* Two periods named by regulators (``WINDOWS``): the Dutch DPA (Autoriteit Persoonsgegevens) found
  that TikTok's privacy policy was offered to Dutch users only in English from 25 May 2018 to
  28 July 2020; the Irish DPC's inquiry into children's accounts covered 31 July 2020 to
  31 December 2020 (users aged 13-17).

Rules of this module (stated once, repeated in the figures' notes):

* **UTC dates.** Export timestamps carry no zone and are read as UTC (see ``values``). A record's age
  is the child's age on the record's UTC calendar date: a birthday counts from 00:00 UTC on that day.
* **29 February.** A child born on 29 February has the birthday on 1 March in years without a
  29 February (so turns 13 on 1 March of such a year).
* **Ambiguity.** A child's local midnight can be up to 14 hours away from UTC midnight (UTC-12 to
  UTC+14). A dated record whose instant is at most 14 hours (``<=``, both sides) from a legal
  boundary (the 13th, 16th or 18th birthday at 00:00 UTC, the day the child reaches the digital age
  of consent of the chosen country, or 2018-05-25 00:00 UTC) is flagged ``ambiguous``: its band or
  side of the boundary could differ in the child's local time. Exactly 14 h is ambiguous (a child in
  UTC+14 is then exactly at local midnight), 14 h and one second is not.
* **A flag, not a conclusion.** ``under_consent_age`` counts records made while the child was
  younger than the digital age of consent; it says nothing about whether the processing was
  lawful (Art. 8 only applies where consent is the legal basis; that is for a court).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from dsar_analyzer.analysis.classify import (
    CATEGORY_OF_SECTION_CODE,
    Category,
    classified_frame,
    section_codes,
)
from dsar_analyzer.analysis.legal import (
    AP_ENGLISH_ONLY,
    CLAIM_START,
    CONSENT_AGES,
    DPC_CHILDREN_INQUIRY,
    WINDOWS,
    ConsentAge,
    Window,
    consent_age,
    consent_age_rule,
    consent_rules,
)
from dsar_analyzer.records.export import Export
from dsar_analyzer.records.models import Profile
from dsar_analyzer.records.registry import SECTIONS

__all__ = [
    "AMBIGUITY",
    "AP_ENGLISH_ONLY",
    "BANDS",
    "BAND_KEYS",
    "BOUNDARIES",
    "CLAIM_START",
    "CONSENT_AGES",
    "DPC_CHILDREN_INQUIRY",
    "WINDOWS",
    "AgeFigures",
    "BirthDate",
    "ConsentAge",
    "Window",
    "age_band",
    "age_figures",
    "age_on",
    "anniversary",
    "consent_age",
    "consent_age_rule",
    "consent_rules",
    "figures_from_frame",
    "resolve_birth_date",
]

UTC = timezone.utc

#: Largest distance between a child's local midnight and UTC midnight (UTC+14; UTC-12 is closer).
AMBIGUITY = timedelta(hours=14)

Band = Literal["under_13", "13_15", "16_17", "18_plus"]
BANDS: tuple[Band, ...] = ("under_13", "13_15", "16_17", "18_plus")
#: Keys of ``AgeFigures.bands``: the four bands plus records with no timestamp or no birth date.
BAND_KEYS: tuple[str, ...] = (*BANDS, "unknown_age")
#: Keys of ``AgeFigures.ambiguous_by_boundary`` and ``AgeFigures.boundaries``.
BOUNDARIES: tuple[str, ...] = ("claim_start", "birthday_13", "birthday_16", "birthday_18", "consent_age")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# -- birth date and age ---------------------------------------------------------------------------

class BirthDate(_Frozen):
    """The birth date the figures use, and every birth date known, shown side by side."""

    value: date | None
    source: Literal["override", "profile", "none"]
    profile_value: date | None
    profile_text: str | None
    override: date | None
    self_declared: bool


def resolve_birth_date(export: Export, override: date | None = None) -> BirthDate:
    """The override when given (a parent-supplied date), else the profile's self-declared birth date.

    The profile value is always reported too, both as a date (``None`` when it is absent or cannot be
    read, e.g. a 2020 TXT date whose day and month order is unknown) and as the text TikTok wrote.
    """
    profile_value: date | None = None
    profile_text: str | None = None
    for record in export.records("profile"):
        assert isinstance(record, Profile)
        if record.birth_date_text is not None and profile_text is None:
            profile_text = record.birth_date_text
        if record.birth_date is not None:
            profile_value, profile_text = record.birth_date, record.birth_date_text
            break
    if override is not None:
        return BirthDate(value=override, source="override", profile_value=profile_value, profile_text=profile_text,
                         override=override, self_declared=False)
    if profile_value is not None:
        return BirthDate(value=profile_value, source="profile", profile_value=profile_value,
                         profile_text=profile_text, override=None, self_declared=True)
    return BirthDate(value=None, source="none", profile_value=None, profile_text=profile_text, override=None,
                     self_declared=False)


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


def _utc_day(moment: datetime) -> date:
    return (moment.astimezone(UTC) if moment.tzinfo is not None else moment).date()


def age_band(birth: date, moment: datetime) -> Band:
    """The band on the UTC calendar date of ``moment`` (a naive moment is taken as UTC)."""
    age = age_on(birth, _utc_day(moment))
    if age < 13:
        return "under_13"
    if age < 16:
        return "13_15"
    if age < 18:
        return "16_17"
    return "18_plus"


# -- figures --------------------------------------------------------------------------------------

class AgeFigures(_Frozen):
    """Counts of records by age band, claim period, regulator windows and consent age, with notes.

    Every count is of records (one record once). ``bands``, the claim split
    (``since_claim_start + before_claim_start + undated``) and each row of ``bands_by_category``
    add up. ``ambiguous_by_boundary`` counts a record once per boundary it is near, so its sum can
    exceed ``ambiguous`` (in the Netherlands the 16th birthday is also the consent-age boundary).
    ``before_birth`` counts dated records earlier than the birth date used (a sign that it is wrong;
    they stay in ``under_13``). ``boundaries`` gives the instants (00:00 UTC) the ambiguity is
    measured from. ``earliest_by_category``/``latest_by_category`` are the earliest and latest
    observed activity per category (``None`` without dated records); the earliest is a lower bound
    for when the account was in use, never its creation date.
    """

    record_count: int
    birth_date: BirthDate
    consent_country: str
    consent_age_rule: str
    consent_note: str
    bands: dict[str, int]
    bands_by_category: dict[str, dict[str, int]]
    since_claim_start: int
    before_claim_start: int
    undated: int
    in_windows: dict[str, int]
    under_consent_age: int
    under_consent_age_since_claim_start: int
    before_birth: int
    ambiguous: int
    ambiguous_by_boundary: dict[str, int]
    boundaries: dict[str, list[datetime]]
    earliest_by_category: dict[str, datetime | None]
    latest_by_category: dict[str, datetime | None]
    retention_notes: list[str]


_AMBIGUITY_NS = int(AMBIGUITY.total_seconds()) * 10**9
_CATEGORY_NAMES = tuple(str(c) for c in Category)
_SECTION_CODE = {section_id: i for i, section_id in enumerate(SECTIONS)}
_EPOCH = date(1970, 1, 1)
_NS_PER_DAY = 86_400 * 10**9
# Instants are int64 nanoseconds. Dates outside pandas' range (a hostile birth date such as year 1 or
# 9999) are clamped to these limits, which keep their order against every real timestamp and leave
# room for the 14-hour margin without overflow.
_NS_MIN, _NS_MAX = -(2**63) + 10**15, 2**63 - 10**15


def _ns(day: date) -> int:
    """Nanoseconds since the epoch of 00:00 UTC on ``day`` (clamped to the int64 range used here)."""
    return min(max((day - _EPOCH).days * _NS_PER_DAY, _NS_MIN), _NS_MAX)


def _birthday_ns(birth: date, years: int) -> int:
    """00:00 UTC on the day the child turns ``years``; never reached when that is past year 9999."""
    try:
        return _ns(anniversary(birth, years))
    except ValueError:
        return _NS_MAX


def _under_consent(ns: np.ndarray, birth: date, rules: Sequence[ConsentAge]) -> np.ndarray:
    """True where the instant lies before the birthday of the consent age in force on its UTC date."""
    under = np.zeros(len(ns), dtype=bool)
    for i, row in enumerate(rules):
        in_period = np.ones(len(ns), dtype=bool) if i == 0 else ns >= _ns(row.valid_from)
        if i + 1 < len(rules):
            in_period &= ns < _ns(rules[i + 1].valid_from)
        under |= in_period & (ns < _birthday_ns(birth, row.age))
    return under


def _consent_boundaries(birth: date, rules: Sequence[ConsentAge]) -> list[int]:
    """Instants where "younger than the consent age" changes: the consent birthday, or a law change."""
    points = sorted({_birthday_ns(birth, r.age) for r in rules} | {_ns(r.valid_from) for r in rules[1:]})
    flips = []
    for point in points:
        before, at = _under_consent(np.array([point - 1, point], dtype=np.int64), birth, rules)
        if before != at:
            flips.append(point)
    return flips


def _boundary_instants(birth: date | None, rules: Sequence[ConsentAge]) -> dict[str, list[int]]:
    instants: dict[str, list[int]] = {"claim_start": [_ns(CLAIM_START)]}
    for years in (13, 16, 18):
        instants[f"birthday_{years}"] = [_birthday_ns(birth, years)] if birth else []
    instants["consent_age"] = _consent_boundaries(birth, rules) if birth else []
    return instants


def _near(ns: np.ndarray, dated: np.ndarray, points: Sequence[int]) -> np.ndarray:
    near = np.zeros(len(ns), dtype=bool)
    for point in points:  # |ns - point| <= 14 h, both ends included
        near |= (ns >= point - _AMBIGUITY_NS) & (ns <= point + _AMBIGUITY_NS)
    near &= dated
    return near


def _to_datetime(value: int) -> datetime:
    return pd.Timestamp(value, tz=UTC).to_pydatetime()


def _span_text(first: datetime | None, last: datetime | None) -> str:
    if first is None or last is None:
        return "none of them dated"
    return f"dated {first.date()} to {last.date()} (UTC)"


def _birth_note(birth: BirthDate) -> str:
    profile = (str(birth.profile_value) if birth.profile_value else
               f"the unreadable text {birth.profile_text!r}" if birth.profile_text else "none in the export")
    if birth.source == "override":
        return (f"The birth date used, {birth.value}, was entered by the user of this tool and replaces the profile "
                f"birth date ({profile}); the profile birth date is self-declared by the child.")
    if birth.source == "profile":
        return (f"The birth date used, {birth.value}, is the one the child declared in the TikTok profile "
                f"(written {birth.profile_text!r}); TikTok does not verify it, and every age here rests on it.")
    reason = (f"the profile birth date {birth.profile_text!r} cannot be read as a date, for example because its "
              "day and month order is unknown" if birth.profile_text else "the profile holds no birth date")
    return (f"No birth date is known ({reason}, and none was entered), so every record is counted as "
            "unknown_age and nothing is counted as under the consent age.")


def _retention_notes(sections: np.ndarray, ns: np.ndarray, dated: np.ndarray, birth: BirthDate,
                     ambiguous: int) -> list[str]:
    notes = [_birth_note(birth)]
    if dated.any():
        notes.append("Export timestamps carry no time zone and are read as UTC; ages, bands and windows use the "
                     "record's UTC calendar date. A child's local date can differ from it by up to 14 hours: "
                     f"{ambiguous} record(s) lie within 14 hours of a legal boundary (a 13th, 16th or 18th "
                     "birthday, the consent-age birthday, 25 May 2018) and are flagged as ambiguous.")
        notes.append("The earliest timestamp per category is the earliest observed activity in this export, a lower "
                     "bound for when the account was in use, not the date the account was created.")
    undated = int((~dated).sum())
    if undated:
        notes.append(f"{undated} record(s) carry no timestamp (for example the profile, settings or device "
                     "status); they are counted as undated and unknown_age.")

    def span(section_id: str) -> tuple[int, str] | None:
        rows = sections == _SECTION_CODE[section_id]
        count = int(rows.sum())
        if not count:
            return None
        times = ns[rows & dated]
        first = _to_datetime(int(times.min())) if len(times) else None
        last = _to_datetime(int(times.max())) if len(times) else None
        return count, _span_text(first, last)

    window = ("In exports of 2024-25 TikTok's {what} covered only about the 180 days before the export (observed), "
              "so older {older} are missing from the export, which does not mean they never happened.")
    for section_id, label, what, older in (("watch_history", "Watch history", "watch history", "views"),
                                          ("searches", "Search history", "search history", "searches")):
        found = span(section_id)
        if found:
            notes.append(f"{label}: {found[0]} record(s), {found[1]}. " + window.format(what=what, older=older))
    if found := span("logins"):
        notes.append(f"Login history: {found[0]} record(s), {found[1]}. The window of about 180 days seen for watch "
                     "and search history in 2024-25 exports is not confirmed for logins; older logins may be "
                     "missing.")
    if found := span("likes"):
        note = (f"Likes: {found[0]} record(s), {found[1]}. TikTok exports only the most recent likes (8,000 "
                "reported in 2023, exactly 6,000 in two exports of late 2024), so older likes may be missing.")
        if found[0] >= 6_000:
            note += f" This export holds {found[0]} likes, at or above a known cap: older likes are probably missing."
        notes.append(note)
    return notes


def _consent_note(country: str, rule: str) -> str:
    return (f"under_consent_age counts records made while the child was younger than the digital age of consent "
            f"in force for {country} on the record's UTC date ({rule}). It is a fact about the child's age at the "
            "time, not a finding that any processing was unlawful: GDPR Art. 8 applies where consent is the legal "
            "basis. Records before 25 May 2018, when Art. 8 did not yet apply, are compared with the age that "
            "applied from that day; under_consent_age_since_claim_start leaves them out.")


def figures_from_frame(frame: pd.DataFrame, birth: BirthDate, *, consent_country: str = "NL") -> AgeFigures:
    """The figures from a records frame (``classify.classified_frame`` or ``frames.records_frame``).

    Only the ``section`` and ``timestamp`` columns are read (the category follows from the section,
    exactly as in ``classified_frame``); row order never matters. Vectorised throughout.
    """
    rules = consent_rules(consent_country)
    country = rules[0].country
    rule_text = consent_age_rule(country)
    n = len(frame)
    timestamps = frame["timestamp"]
    dated = timestamps.notna().to_numpy(dtype=bool)
    ns = timestamps.array.as_unit("ns").asi8.astype(np.int64, copy=False) if n else np.zeros(0, dtype=np.int64)
    ns = np.where(dated, ns, 0)
    sections = section_codes(frame["section"])
    categories = CATEGORY_OF_SECTION_CODE[sections]
    born = birth.value

    # bands: 0..3 for the four bands, 4 for unknown (no timestamp or no birth date)
    if born is not None:
        band = ((ns >= _birthday_ns(born, 13)).astype(np.int64) + (ns >= _birthday_ns(born, 16))
                + (ns >= _birthday_ns(born, 18)))
        band = np.where(dated, band, 4)
    else:
        band = np.full(n, 4, dtype=np.int64)
    band_totals = np.bincount(band, minlength=5)
    by_category = np.bincount(categories * 5 + band, minlength=5 * len(_CATEGORY_NAMES)).reshape(-1, 5)

    claim_ns = _ns(CLAIM_START)
    since = dated & (ns >= claim_ns)
    in_windows = {w.name: int((dated & (ns >= _ns(w.start)) & (ns < _ns(w.end + timedelta(days=1)))).sum())
                  for w in WINDOWS}

    if born is not None:
        under = dated & _under_consent(ns, born, rules)
        before_birth = int((dated & (ns < _ns(born))).sum())
    else:
        under = np.zeros(n, dtype=bool)
        before_birth = 0

    instants = _boundary_instants(born, rules)
    near = {name: _near(ns, dated, points) for name, points in instants.items()}
    ambiguous = np.zeros(n, dtype=bool)
    for mask in near.values():
        ambiguous |= mask

    earliest: dict[str, datetime | None] = dict.fromkeys(_CATEGORY_NAMES)
    latest: dict[str, datetime | None] = dict.fromkeys(_CATEGORY_NAMES)
    for code, name in enumerate(_CATEGORY_NAMES):  # ten categories: one vectorised pass each
        times = ns[dated & (categories == code)]
        if len(times):
            earliest[name], latest[name] = _to_datetime(int(times.min())), _to_datetime(int(times.max()))

    return AgeFigures(
        record_count=n,
        birth_date=birth,
        consent_country=country,
        consent_age_rule=rule_text,
        consent_note=_consent_note(country, rule_text),
        bands={key: int(band_totals[i]) for i, key in enumerate(BAND_KEYS)},
        bands_by_category={name: {key: int(by_category[c, i]) for i, key in enumerate(BAND_KEYS)}
                           for c, name in enumerate(_CATEGORY_NAMES)},
        since_claim_start=int(since.sum()),
        before_claim_start=int((dated & ~since).sum()),
        undated=int((~dated).sum()),
        in_windows=in_windows,
        under_consent_age=int(under.sum()),
        under_consent_age_since_claim_start=int((under & since).sum()),
        before_birth=before_birth,
        ambiguous=int(ambiguous.sum()),
        ambiguous_by_boundary={name: int(near[name].sum()) for name in BOUNDARIES},
        boundaries={name: [_to_datetime(p) for p in instants[name] if _NS_MIN < p < _NS_MAX] for name in BOUNDARIES},
        earliest_by_category=earliest,
        latest_by_category=latest,
        retention_notes=_retention_notes(sections, ns, dated, birth, int(ambiguous.sum())),
    )


def age_figures(export: Export, *, birth_date_override: date | None = None,
                consent_country: str = "NL") -> AgeFigures:
    """Age figures of an export: bands, claim period, windows, consent age, ambiguity, notes.

    ``birth_date_override`` (for example a date a parent supplies) wins over the profile's
    self-declared birth date; both are shown in ``birth_date``. ``consent_country`` picks the row of
    ``CONSENT_AGES`` (default the Netherlands, 16).
    """
    consent_rules(consent_country)  # fail before any work on an unknown country
    birth = resolve_birth_date(export, birth_date_override)
    return figures_from_frame(classified_frame(export, with_sources=False), birth, consent_country=consent_country)
