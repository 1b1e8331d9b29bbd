"""Age of the child at every record, the age bands and the claim window.

Facts used here (legal background of the Dutch collective action against TikTok):

* The GDPR and the Dutch implementing act (UAVG) apply from **25 May 2018** (``CLAIM_START``). The
  class of the collective action is narrower: Dutch children who *created* a TikTok account between
  25 May 2018 and 9 November 2022 (``legal.CLASS_START``/``CLASS_END``; see ``account``).
* Four age bands matter to the claim: **under 13** (below TikTok's own minimum age), **13-15**
  (below the Dutch digital age of consent), **16-17** (a minor) and **18+**. The 2021 claim asked
  per-child damages by these bands.
* GDPR Art. 8 sets a "digital age of consent" of 16 where consent is the legal basis of an
  information society service offered directly to a child; member states may lower it, not below
  13. The Netherlands kept 16 (UAVG art. 5). The country table (``CONSENT_AGES``) gives the age per
  country with the date from which it applies.
* Periods named by regulators (``WINDOWS``): the Dutch DPA (Autoriteit Persoonsgegevens) found
  that TikTok's privacy policy was offered to Dutch users only in English from 25 May 2018 to
  28 July 2020 (TikTok Inc. was controller until then); the Irish DPC's inquiry into children's
  accounts covered 31 July 2020 to 31 December 2020 (users under 18, under-13s included); the DPC's
  transfer decision covers 29 July 2020 to 1 December 2022.

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
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from dsar_analyzer.analysis.birth import (
    EARLIEST_BIRTH_YEAR,
    IMPLAUSIBLE_AGE,
    BirthCandidate,
    BirthDate,
    age_on,
    anniversary,
    resolve_birth_date,
)
from dsar_analyzer.analysis.classify import (
    CATEGORY_CODES,
    Category,
    section_codes,
)
from dsar_analyzer.analysis.export_date import export_date
from dsar_analyzer.analysis.legal import (
    AP_ENGLISH_ONLY,
    CLAIM_START,
    CONSENT_AGES,
    DPC_CHILDREN_INQUIRY,
    DPC_TRANSFER_TRANSPARENCY,
    WINDOWS,
    ConsentAge,
    Window,
    consent_age,
    consent_age_rule,
    consent_rules,
)
from dsar_analyzer.records.export import Export
from dsar_analyzer.records import plain
from dsar_analyzer.records.columns import (
    NAT,
    array_module,
    distinct,
    primary_time_field,
    record_times,
    utc_moment,
)
from dsar_analyzer.records.plain import Vector
from dsar_analyzer.records.registry import SECTIONS

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = [
    "AMBIGUITY",
    "EARLIEST_BIRTH_YEAR",
    "IMPLAUSIBLE_AGE",
    "AP_ENGLISH_ONLY",
    "BANDS",
    "BAND_KEYS",
    "BOUNDARIES",
    "CLAIM_START",
    "CONSENT_AGES",
    "DPC_CHILDREN_INQUIRY",
    "DPC_TRANSFER_TRANSPARENCY",
    "WINDOWS",
    "AgeFigures",
    "BirthCandidate",
    "BirthDate",
    "PeriodFigures",
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
#: Keys of ``AgeFigures.bands``: the four bands, the account's state held on the export date (undated
#: profile, settings and device records, counted apart from recorded activity), and records with no
#: timestamp or no usable birth date.
BAND_KEYS: tuple[str, ...] = (*BANDS, "held_at_export", "unknown_age")
_HELD, _UNKNOWN = 4, 5
#: Keys of ``AgeFigures.ambiguous_by_boundary`` and ``AgeFigures.boundaries``.
BOUNDARIES: tuple[str, ...] = ("claim_start", "birthday_13", "birthday_16", "birthday_18", "consent_age")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# -- birth date and age ---------------------------------------------------------------------------

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

class PeriodFigures(_Frozen):
    """Records in one legally named period, by age band, with the period's source.

    ``bands`` values are None ("age unknown") when no usable birth date is known; records dated
    before the birth date count as ``unknown_age``, never as under 13. For the DPC children's inquiry
    ``aged_under_18`` counts every minor's record (it concerned users under 18, under-13s included)
    and ``aged_13_17`` the teenagers' alone.
    """

    name: str
    start: date
    end: date | None
    description: str
    source: str
    verified: bool
    note: str
    records: int
    bands: dict[str, int | None]
    aged_13_17: int | None = None
    aged_under_18: int | None = None


class AgeFigures(_Frozen):
    """Counts of records by age band, claim period, regulator windows and consent age, with notes.

    Every count is of records (one record once). Undated records that describe the account as it
    stood at export time (profile, settings, device identifiers: sections without a time field) are
    counted apart as held on the export date when it is known (``held_at_export``, a band of its own
    and part of ``undated``), never in an age band. ``bands``, the claim split (``since_claim_start + before_claim_start + undated``)
    and each row of ``bands_by_category`` add up. Band values are None, meaning "age unknown", when
    no usable birth date is known (never 0). ``bands_since_claim_start`` restricts the bands to
    records since 25 May 2018. ``under_consent_age`` is the headline: records since the GDPR applied
    in the chosen country (25 May 2018; 20 July 2018 in IS/LI/NO) made while the child was younger
    than the digital age of consent then in force; ``under_consent_age_any_date`` counts every dated
    record the same way, for reference. ``ambiguous_by_boundary`` counts a record once per boundary
    it is near. ``before_birth`` counts dated records earlier than the birth date used (they are
    ``unknown_age``). ``band_first``/``band_last`` give the first and last record per band.
    ``earliest_by_category``/``latest_by_category`` are the earliest and latest observed activity
    per category; the earliest is a lower bound for when the account was in use, never its
    creation date.
    """

    record_count: int
    birth_date: BirthDate
    consent_country: str
    consent_age_rule: str
    consent_note: str
    consent_applies_from: date
    export_date: datetime | None
    held_at_export: int
    bands: dict[str, int | None]
    bands_since_claim_start: dict[str, int | None]
    band_first: dict[str, datetime | None]
    band_last: dict[str, datetime | None]
    bands_by_category: dict[str, dict[str, int | None]]
    since_claim_start: int
    before_claim_start: int
    undated: int
    in_windows: dict[str, int]
    periods: list[PeriodFigures]
    under_consent_age: int | None
    under_consent_age_any_date: int | None
    before_birth: int
    ambiguous: int
    ambiguous_by_boundary: dict[str, int]
    boundaries: dict[str, list[datetime]]
    earliest_by_category: dict[str, datetime | None]
    latest_by_category: dict[str, datetime | None]
    retention_notes: list[str]
    #: Days and months (UTC) with at least one dated record, per band (None: age unknown).
    active_days: dict[str, int | None] = {}
    active_months: dict[str, int | None] = {}
    #: Per category and band: the first and last dated record.
    first_last_by_category: dict[str, dict[str, tuple[datetime, datetime] | None]] = {}


_AMBIGUITY_NS = int(AMBIGUITY.total_seconds()) * 10**9
_CATEGORY_NAMES = tuple(str(c) for c in Category)
_SECTION_CODE = {section_id: i for i, section_id in enumerate(SECTIONS)}
_EPOCH = date(1970, 1, 1)
_NS_PER_DAY = 86_400 * 10**9
# Instants are int64 nanoseconds. Dates outside pandas' range (a hostile birth date such as year 1 or
# 9999) are clamped to these limits, which keep their order against every real timestamp and leave
# room for the 14-hour margin without overflow.
_NS_MIN, _NS_MAX = -(2**63) + 10**15, 2**63 - 10**15


def _month(day: int) -> tuple[int, int]:
    """Year and month of a day counted from 1970-01-01."""
    moment = _EPOCH + timedelta(days=day)
    return moment.year, moment.month


def _ns(day: date) -> int:
    """Nanoseconds since the epoch of 00:00 UTC on ``day`` (clamped to the int64 range used here)."""
    return min(max((day - _EPOCH).days * _NS_PER_DAY, _NS_MIN), _NS_MAX)


def _birthday_ns(birth: date, years: int) -> int:
    """00:00 UTC on the day the child turns ``years``; never reached when that is past year 9999."""
    try:
        return _ns(anniversary(birth, years))
    except ValueError:
        return _NS_MAX


def _under_consent(ns: Vector, birth: date, rules: Sequence[ConsentAge]) -> Vector:
    """True where the instant lies before the birthday of the consent age in force on its UTC date."""
    xp = array_module(ns)
    under = xp.zeros(len(ns), dtype="bool")
    for i, row in enumerate(rules):
        in_period = xp.ones(len(ns), dtype="bool") if i == 0 else ns >= _ns(row.valid_from)
        if i + 1 < len(rules):
            in_period &= ns < _ns(rules[i + 1].valid_from)
        under |= in_period & (ns < _birthday_ns(birth, row.age))
    return under


def _consent_boundaries(birth: date, rules: Sequence[ConsentAge]) -> list[int]:
    """Instants where "younger than the consent age" changes: the consent birthday, or a law change."""
    points = sorted({_birthday_ns(birth, r.age) for r in rules} | {_ns(r.valid_from) for r in rules[1:]})
    flips = []
    for point in points:
        before, at = _under_consent(plain.array([point - 1, point]), birth, rules)
        if before != at:
            flips.append(point)
    return flips


def _boundary_instants(birth: date | None, rules: Sequence[ConsentAge]) -> dict[str, list[int]]:
    instants: dict[str, list[int]] = {"claim_start": [_ns(CLAIM_START)]}
    for years in (13, 16, 18):
        instants[f"birthday_{years}"] = [_birthday_ns(birth, years)] if birth else []
    instants["consent_age"] = _consent_boundaries(birth, rules) if birth else []
    return instants


def _near(ns: Vector, dated: Vector, points: Sequence[int]) -> Vector:
    near = array_module(ns).zeros(len(ns), dtype="bool")
    for point in points:  # |ns - point| <= 14 h, both ends included
        near |= (ns >= point - _AMBIGUITY_NS) & (ns <= point + _AMBIGUITY_NS)
    near &= dated
    return near


def _span_text(first: datetime | None, last: datetime | None) -> str:
    if first is None or last is None:
        return "none of them dated"
    return f"dated {first.date()} to {last.date()} (UTC)"


def _birth_note(birth: BirthDate) -> str:
    why = " ".join(warning.text() for warning in birth.warnings if warning.code != "birth_date_implausible")
    if birth.source == "override":
        profile = birth.profile_text or "none in the export"
        note = (f"The birth date used, {birth.value}, was given to this tool and replaces the birth date on the "
                f"account ({profile}), which the export shows as self-declared.")
    elif birth.source == "profile":
        note = (f"The birth date used, {birth.value}, is the one on the TikTok account (written "
                f"{birth.profile_text!r}, the value on file when the export was made); every age here rests on it.")
    else:
        none = "" if birth.candidates else "The export holds no birth date and none was entered. "
        note = (f"{none}No usable birth date is known, so every age band and the consent count are unknown "
                "(not 0).")
    return " ".join(part for part in (why, note) if part)


def _retention_notes(sections: Vector, ns: Vector, dated: Vector, birth: BirthDate,
                     ambiguous: int, held: Vector) -> list[str]:
    notes = [_birth_note(birth)]
    if dated.any():
        notes.append("Export timestamps carry no time zone and are read as UTC; ages, bands and windows use the "
                     "record's UTC calendar date. A child's local date can differ from it by up to 14 hours: "
                     f"{ambiguous} record(s) lie within 14 hours of a legal boundary (a 13th, 16th or 18th "
                     "birthday, the consent-age birthday, 25 May 2018) and are flagged as ambiguous.")
        notes.append("The earliest timestamp per category is the earliest observed activity in this export, a lower "
                     "bound for when the account was in use, not the date the account was created.")
    undated = int((~dated & ~held).sum())
    if undated:
        notes.append(f"{undated} record(s) carry no timestamp and are not account state held on a known export "
                     "date; they are counted as undated and unknown_age.")

    def span(section_id: str) -> tuple[int, str] | None:
        rows = sections == _SECTION_CODE[section_id]
        count = int(rows.sum())
        if not count:
            return None
        times = ns[rows & dated]
        first = utc_moment(int(times.min())) if len(times) else None
        last = utc_moment(int(times.max())) if len(times) else None
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


def _consent_note(country: str, rule: str, applies_from: date) -> str:
    return (f"under_consent_age counts records since {applies_from} (when the GDPR, and so Art. 8, began to apply in "
            f"{country}) made while the child was younger than the digital age of consent in force on the "
            f"record's UTC date ({rule}). It is a fact about the child's age at the time, not a finding that any "
            "processing was unlawful: GDPR Art. 8 applies where consent is the legal basis. "
            "under_consent_age_any_date also counts earlier records, compared with the first age in force.")


_STATE_SECTION = [primary_time_field(spec.model) is None for spec in SECTIONS.values()]


def _band_codes(ns: Vector, dated: Vector, born: date | None, held: Vector) -> Vector:
    """0..3 for the four bands, 4 for account state held on the export date, 5 for unknown (no time, no
    birth date, or a time before the birth date)."""
    xp = array_module(ns)
    if born is None:
        band = xp.full(len(ns), _UNKNOWN, dtype="int64")
    else:
        band = ((ns >= _birthday_ns(born, 13)).astype("int64") + (ns >= _birthday_ns(born, 16))
                + (ns >= _birthday_ns(born, 18)))
        band = xp.where(dated & (ns >= _ns(born)), band, _UNKNOWN)
    return xp.where(held, _HELD, band)


def _band_counts(codes: Vector, known: bool) -> dict[str, int | None]:
    totals = array_module(codes).bincount(codes, minlength=len(BAND_KEYS))
    return {key: (int(totals[i]) if known or i >= _HELD else None) for i, key in enumerate(BAND_KEYS)}


def _period(window: Window, mask: Vector, codes: Vector, known: bool, *,
            with_13_17: bool = False) -> PeriodFigures:
    inside = codes[mask]
    aged = int(((inside == 1) | (inside == 2)).sum()) if known else None
    minors = int((inside <= 2).sum()) if known else None
    return PeriodFigures(name=window.name, start=window.start, end=window.end, description=window.description,
                         source=window.source, verified=window.verified, note=window.note, records=int(mask.sum()),
                         bands=_band_counts(inside, known), aged_13_17=aged if with_13_17 else None,
                         aged_under_18=minors if with_13_17 else None)


SINCE_CLAIM_START = Window(
    name="since_claim_start", start=CLAIM_START, end=date(9999, 12, 31),
    description="Since 25 May 2018, when the GDPR and the Dutch UAVG began to apply (GDPR Art. 99(2)). The class "
                "of the collective action is set by when the account was created, not by when a record was made.",
    source="https://eur-lex.europa.eu/eli/reg/2016/679/oj")


Instants = tuple[Vector, Vector, Vector, Vector]


def _held(sections: Vector, ns: Vector, dated: Vector, export_date: datetime | None) -> Instants:
    """Section codes, instants (ns, 0 where undated), whether dated, and whether held at the export date.

    A held record (an undated profile, settings or device record, with an export date known) stays
    undated: it describes the account on the export date, not activity at a time, so it is counted
    apart (``held_at_export``) and never in an age band, a period or the consent count.
    """
    xp = array_module(ns)
    ns = xp.where(dated, ns, 0)
    held = xp.zeros(len(ns), dtype="bool")
    if export_date is not None:
        held = ~dated & xp.array(_STATE_SECTION, dtype="bool")[sections]
    return sections, ns, dated, held


def _instants(frame: pd.DataFrame, export_date: datetime | None) -> Instants:
    """``_held`` of a records frame's ``section`` and ``timestamp`` columns."""
    import numpy as np

    timestamps = frame["timestamp"]
    dated = timestamps.notna().to_numpy(dtype=bool)
    ns = (timestamps.array.as_unit("ns").asi8.astype(np.int64, copy=False) if len(frame)
          else np.zeros(0, dtype=np.int64))
    return _held(section_codes(frame["section"]), ns, dated, export_date)


def _export_instants(export: Export, export_date: datetime | None) -> Instants:
    """``_held`` of every record of an export, read from its time columns (no frame, no pandas)."""
    sections, ns = record_times(export)
    return _held(sections, ns, ns != NAT, export_date)


def record_bands(frame: pd.DataFrame, birth: date | None, export_date: datetime | None = None) -> np.ndarray:
    """Each row's age band key (``BAND_KEYS``), by exactly the rules ``figures_from_frame`` counts with."""
    import numpy as np

    _, ns, dated, held = _instants(frame, export_date)
    keys = np.array(BAND_KEYS, dtype=object)
    result: np.ndarray = keys[_band_codes(ns, dated, birth, held)]
    return result


def figures_from_frame(frame: pd.DataFrame, birth: BirthDate, *, consent_country: str = "NL",
                       export_date: datetime | None = None) -> AgeFigures:
    """The figures from a records frame (``classify.classified_frame`` or ``frames.records_frame``).

    Only the ``section`` and ``timestamp`` columns are read (the category follows from the section,
    exactly as in ``classified_frame``); row order never matters. ``export_date`` stands in for the
    time of undated records of sections without a time field. Vectorised throughout.
    """
    return _figures(_instants(frame, export_date), birth, consent_country=consent_country, export_date=export_date)


def _figures(per_row: Instants, birth: BirthDate, *, consent_country: str, export_date: datetime | None) -> AgeFigures:
    rules = consent_rules(consent_country)
    country = rules[0].country
    applies_from = rules[0].valid_from
    rule_text = consent_age_rule(country)
    sections, ns, dated, held = per_row
    n = len(ns)
    xp = array_module(ns)
    categories = xp.array(CATEGORY_CODES, dtype="int64")[sections]
    born = birth.value
    known = born is not None

    band = _band_codes(ns, dated, born, held)
    width = len(BAND_KEYS)
    # category * width + band: one count per category and band, read back at the same position
    by_category = xp.bincount(categories * width + band, minlength=width * len(_CATEGORY_NAMES))

    claim_ns = _ns(CLAIM_START)
    since = dated & (ns >= claim_ns)
    masks = {w.name: dated & (ns >= _ns(w.start)) & (ns < _ns(w.end + timedelta(days=1))) for w in WINDOWS}
    periods = [_period(SINCE_CLAIM_START, since, band, known)]
    periods += [_period(w, masks[w.name], band, known, with_13_17=w is DPC_CHILDREN_INQUIRY) for w in WINDOWS]

    if known:
        assert born is not None
        under_any = dated & (ns >= _ns(born)) & _under_consent(ns, born, rules)
        under = under_any & (ns >= _ns(applies_from))
        before_birth = int((dated & (ns < _ns(born))).sum())
    else:
        under_any = under = xp.zeros(n, dtype="bool")
        before_birth = 0

    instants = _boundary_instants(born, rules)
    near = {name: _near(ns, dated, points) for name, points in instants.items()}
    ambiguous = xp.zeros(n, dtype="bool")
    for mask in near.values():
        ambiguous |= mask

    # Dated rows only, cut once by category: each category's and band's first and last time is then
    # read from a small slice, not from a mask over every record (40 such masks cost 0.12 s on 1M).
    dated_ns, dated_band, dated_category = ns[dated], band[dated], categories[dated]

    def first_and_last(times: Vector) -> tuple[datetime, datetime] | None:
        return (utc_moment(int(times.min())), utc_moment(int(times.max()))) if len(times) else None

    earliest: dict[str, datetime | None] = dict.fromkeys(_CATEGORY_NAMES)
    latest: dict[str, datetime | None] = dict.fromkeys(_CATEGORY_NAMES)
    first_last: dict[str, dict[str, tuple[datetime, datetime] | None]] = {}
    for c, category in enumerate(_CATEGORY_NAMES):  # ten categories: one vectorised pass each
        in_category = dated_category == c
        times, bands_of = dated_ns[in_category], dated_band[in_category]
        span = first_and_last(times)
        if span is not None:
            earliest[category], latest[category] = span
        first_last[category] = {name: first_and_last(times[bands_of == code]) for code, name in enumerate(BANDS)}
    band_first: dict[str, datetime | None] = dict.fromkeys(BANDS)
    band_last: dict[str, datetime | None] = dict.fromkeys(BANDS)
    active_days: dict[str, int | None] = {}
    active_months: dict[str, int | None] = {}
    days = dated_ns // _NS_PER_DAY
    for code, name in enumerate(BANDS):
        rows = dated_band == code
        span = first_and_last(dated_ns[rows])
        if span is not None:
            band_first[name], band_last[name] = span
        active = distinct(days[rows])[0].tolist()
        active_days[name] = len(active) if known else None
        # the months of the active days: a few thousand days at most, counted in Python
        active_months[name] = len({_month(day) for day in active}) if known else None
    notes = _retention_notes(sections, ns, dated, birth, int(ambiguous.sum()), held)
    if held.any() and export_date is not None:
        notes.insert(1, f"{int(held.sum())} undated record(s) describe the account as it stood when the export was "
                        f"made (profile, settings, device identifiers): TikTok still held them on the export date, "
                        f"{export_date.date()}. They are counted apart, not in an age band.")
    return AgeFigures(
        record_count=n,
        birth_date=birth,
        consent_country=country,
        consent_age_rule=rule_text,
        consent_note=_consent_note(country, rule_text, applies_from),
        consent_applies_from=applies_from,
        export_date=export_date,
        held_at_export=int(held.sum()),
        bands=_band_counts(band, known),
        bands_since_claim_start=_band_counts(band[since], known),
        band_first=band_first,
        band_last=band_last,
        bands_by_category={name: {key: (int(by_category[c * width + i]) if known or i >= _HELD else None)
                                  for i, key in enumerate(BAND_KEYS)}
                           for c, name in enumerate(_CATEGORY_NAMES)},
        since_claim_start=int(since.sum()),
        before_claim_start=int((dated & ~since).sum()),
        undated=int((~dated).sum()),
        in_windows={name: int(mask.sum()) for name, mask in masks.items()},
        periods=periods,
        under_consent_age=int(under.sum()) if known else None,
        under_consent_age_any_date=int(under_any.sum()) if known else None,
        before_birth=before_birth,
        ambiguous=int(ambiguous.sum()),
        ambiguous_by_boundary={name: int(near[name].sum()) for name in BOUNDARIES},
        boundaries={name: [utc_moment(p) for p in instants[name] if _NS_MIN < p < _NS_MAX] for name in BOUNDARIES},
        earliest_by_category=earliest,
        latest_by_category=latest,
        retention_notes=notes,
        active_days=active_days,
        active_months=active_months,
        first_last_by_category=first_last,
    )


def age_figures(export: Export, *, birth_date_override: date | None = None,
                consent_country: str = "NL") -> AgeFigures:
    """Age figures of an export: bands, claim period, windows, consent age, ambiguity, notes.

    ``birth_date_override`` (for example a date a parent supplies) wins over the profile's
    self-declared birth date when it is possible; both are judged and shown in ``birth_date``.
    ``consent_country`` picks the rows of ``CONSENT_AGES`` (default the Netherlands, 16). The
    export date (``export_date``) dates the records held at export time.
    """
    consent_rules(consent_country)  # fail before any work on an unknown country
    exported = export_date(export).value
    instants = _export_instants(export, exported)
    _, ns, dated, _ = instants
    first = utc_moment(int(ns[dated].min())).date() if dated.any() else None
    birth = resolve_birth_date(export, birth_date_override, first_record=first,
                               exported=exported.date() if exported else None)
    return _figures(instants, birth, consent_country=consent_country, export_date=exported)
