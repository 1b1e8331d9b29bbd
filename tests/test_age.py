"""Ages at exact boundaries, the consent table, ambiguity, the family samples and invariants of the figures."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsar_analyzer import load, samples
from dsar_analyzer.analysis.age import (
    AMBIGUITY,
    AP_ENGLISH_ONLY,
    BAND_KEYS,
    BANDS,
    BOUNDARIES,
    CLAIM_START,
    CONSENT_AGES,
    DPC_CHILDREN_INQUIRY,
    DPC_TRANSFER_TRANSPARENCY,
    WINDOWS,
    AgeFigures,
    BirthCandidate,
    BirthDate,
    age_band,
    age_figures,
    age_on,
    anniversary,
    consent_age,
    consent_age_rule,
    figures_from_frame,
    resolve_birth_date,
)
from dsar_analyzer.analysis.classify import Category, classified_frame
from dsar_analyzer.records.frames import primary_time_field
from dsar_analyzer.records.registry import SECTIONS

SAMPLES = Path(__file__).resolve().parents[1] / "sample_exports"
UTC = timezone.utc
SECOND = timedelta(seconds=1)
CATEGORIES = [str(c) for c in Category]

_exports: dict[str, object] = {}


def _load(name: str):  # type: ignore[no-untyped-def]
    if name not in _exports:
        _exports[name] = load(SAMPLES / name)
    return _exports[name]


_figures_cache: dict[tuple[str, date | None, str], AgeFigures] = {}
_frames: dict[str, pd.DataFrame] = {}


def _age(name: str, override: date | None = None, country: str = "NL") -> AgeFigures:
    """``age_figures`` of a bundled sample, computed once per argument set (building frames is the slow part)."""
    key = (name, override, country)
    if key not in _figures_cache:
        _figures_cache[key] = age_figures(_load(name), birth_date_override=override, consent_country=country)
    return _figures_cache[key]


def _classified(name: str) -> pd.DataFrame:
    if name not in _frames:
        _frames[name] = classified_frame(_load(name))
    return _frames[name]


def _dated(name: str) -> int:
    """Records whose primary timestamp holds a moment, counted on the record models (not on a frame)."""
    export = _load(name)
    count = 0
    for section_id, records in export.sections.items():
        field = primary_time_field(SECTIONS[section_id].model)
        count += sum(getattr(r, field) is not None for r in records.records) if field else 0
    return count


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _birth(value: date | None) -> BirthDate:
    if value is None:
        return BirthDate(value=None, source="none", profile_value=None, profile_text=None, override=None,
                         self_declared=False)
    return BirthDate(value=value, source="profile", profile_value=value, profile_text=None, override=None,
                     self_declared=True)


def _frame(times: list[datetime | None], sections: list[str] | None = None) -> pd.DataFrame:
    sections = sections or ["watch_history"] * len(times)
    return pd.DataFrame({"section": pd.Series(sections, dtype="string"),
                         "timestamp": pd.Series(times, dtype="object").astype("datetime64[ns, UTC]")})


def _figures(times: list[datetime | None], born: date | None, country: str = "NL",
             sections: list[str] | None = None) -> AgeFigures:
    return figures_from_frame(_frame(times, sections), _birth(born), consent_country=country)


def _band_of(moment: datetime, born: date) -> str:
    bands = _figures([moment], born).bands
    return next(k for k, v in bands.items() if v)


UNKNOWN_BANDS = {"under_13": None, "13_15": None, "16_17": None, "18_plus": None, "held_at_export": 0}


# -- the date rules ---------------------------------------------------------------------------------------

BORN = date(2008, 3, 10)


@pytest.mark.parametrize(("years", "before", "at"), [(13, "under_13", "13_15"), (16, "13_15", "16_17"),
                                                      (18, "16_17", "18_plus")])
def test_band_changes_at_midnight_utc_of_the_birthday(years: int, before: str, at: str) -> None:
    birthday = _midnight(date(BORN.year + years, BORN.month, BORN.day))
    assert age_band(BORN, birthday - SECOND) == before
    assert age_band(BORN, birthday) == at
    assert _band_of(birthday - SECOND, BORN) == before
    assert _band_of(birthday, BORN) == at


def test_age_band_reads_the_utc_calendar_date() -> None:
    birthday = _midnight(date(2021, 3, 10))
    amsterdam = timezone(timedelta(hours=1))
    # 00:30 on the birthday in Amsterdam is still the day before in UTC
    assert age_band(BORN, datetime(2021, 3, 10, 0, 30, tzinfo=amsterdam)) == "under_13"
    assert age_band(BORN, birthday.replace(tzinfo=None)) == "13_15"  # naive moments are UTC


def test_29_february_birthday_falls_on_1_march_in_other_years() -> None:
    born = date(2008, 2, 29)
    assert anniversary(born, 13) == date(2021, 3, 1)
    assert anniversary(born, 16) == date(2024, 2, 29)  # a leap year
    assert age_on(born, date(2021, 2, 28)) == 12
    assert age_on(born, date(2021, 3, 1)) == 13
    assert age_band(born, datetime(2021, 2, 28, 23, 59, 59, tzinfo=UTC)) == "under_13"
    assert age_band(born, datetime(2021, 3, 1, tzinfo=UTC)) == "13_15"
    assert age_band(born, datetime(2024, 2, 28, 23, 59, 59, tzinfo=UTC)) == "13_15"
    assert age_band(born, datetime(2024, 2, 29, tzinfo=UTC)) == "16_17"
    assert _band_of(datetime(2021, 2, 28, 23, 59, 59, tzinfo=UTC), born) == "under_13"
    assert _band_of(datetime(2021, 3, 1, tzinfo=UTC), born) == "13_15"
    assert _band_of(datetime(2026, 3, 1, tzinfo=UTC), born) == "18_plus"


def test_unknown_birth_date_puts_every_record_in_unknown_age() -> None:
    figures = _figures([datetime(2020, 1, 1, tzinfo=UTC), None, datetime(2018, 5, 24, 12, tzinfo=UTC)], None)
    assert figures.bands == {**UNKNOWN_BANDS, "unknown_age": 3}  # unknown, never 0
    assert figures.bands_since_claim_start == {**UNKNOWN_BANDS, "unknown_age": 1}
    assert (figures.under_consent_age, figures.under_consent_age_any_date) == (None, None)
    assert [p.bands["under_13"] for p in figures.periods] == [None, None, None, None]
    assert figures.ambiguous_by_boundary == {"claim_start": 1, "birthday_13": 0, "birthday_16": 0,
                                             "birthday_18": 0, "consent_age": 0}
    assert figures.boundaries["birthday_13"] == []


def test_export_without_profile_has_only_unknown_age() -> None:
    export = _load("g4-en-sample_child_a.zip")
    no_profile = dataclasses.replace(export, sections={k: v for k, v in export.sections.items() if k != "profile"})
    figures = age_figures(no_profile)
    assert figures.birth_date.source == "none"
    assert figures.bands == {**UNKNOWN_BANDS, "held_at_export": 26, "unknown_age": 111}
    assert figures.under_consent_age is None
    assert figures.retention_notes[0] == ("The export holds no birth date and none was entered. No usable birth "
                                          "date is known, so every age band and the consent count are unknown "
                                          "(not 0).")


# -- ambiguity ---------------------------------------------------------------------------------------------

def test_ambiguity_is_at_most_14_hours_either_side() -> None:
    born = date(2005, 11, 20)
    b16 = _midnight(date(2021, 11, 20))
    assert AMBIGUITY == timedelta(hours=14)
    times = [b16 - AMBIGUITY - SECOND, b16 - AMBIGUITY, b16 + AMBIGUITY, b16 + AMBIGUITY + SECOND]
    figures = _figures(times, born)
    assert figures.ambiguous == 2
    # in the Netherlands the 16th birthday is also the consent-age boundary
    assert figures.ambiguous_by_boundary == {"claim_start": 0, "birthday_13": 0, "birthday_16": 2,
                                             "birthday_18": 0, "consent_age": 2}
    for moment, expected in zip(times, (0, 1, 1, 0)):
        assert _figures([moment], born).ambiguous == expected, moment


def test_consent_boundary_follows_the_country() -> None:
    born = date(2005, 11, 20)
    b13, b15 = _midnight(date(2018, 11, 20)), _midnight(date(2020, 11, 20))
    belgium = _figures([b13 + timedelta(hours=2)], born, "BE")
    assert belgium.ambiguous_by_boundary == {"claim_start": 0, "birthday_13": 1, "birthday_16": 0,
                                             "birthday_18": 0, "consent_age": 1}
    assert belgium.boundaries["consent_age"] == [b13]
    france = _figures([b15 - timedelta(hours=3)], born, "FR")
    assert france.ambiguous == 1
    assert france.ambiguous_by_boundary["consent_age"] == 1
    assert france.boundaries["consent_age"] == [b15]


def test_claim_start_boundary() -> None:
    start = _midnight(CLAIM_START)
    assert start == datetime(2018, 5, 25, tzinfo=UTC)
    figures = _figures([start - SECOND, start, start + AMBIGUITY + SECOND, None], date(2000, 1, 1))
    assert (figures.before_claim_start, figures.since_claim_start, figures.undated) == (1, 2, 1)
    assert figures.ambiguous == 2
    assert figures.ambiguous_by_boundary["claim_start"] == 2
    assert figures.in_windows["ap_english_only_privacy_policy"] == 2
    assert figures.boundaries["claim_start"] == [start]


def test_windows_include_both_end_days() -> None:
    assert [w.name for w in WINDOWS] == ["ap_english_only_privacy_policy", "dpc_children_inquiry",
                                         "dpc_transfer_transparency"]
    assert (AP_ENGLISH_ONLY.start, AP_ENGLISH_ONLY.end) == (date(2018, 5, 25), date(2020, 7, 28))
    assert (DPC_CHILDREN_INQUIRY.start, DPC_CHILDREN_INQUIRY.end) == (date(2020, 7, 31), date(2020, 12, 31))
    # the DPC's transfer decision found Art. 13(1)(f) infringed from 29 July 2020 (the controller change)
    assert (DPC_TRANSFER_TRANSPARENCY.start, DPC_TRANSFER_TRANSPARENCY.end) == (date(2020, 7, 29), date(2022, 12, 1))
    times = [datetime(2020, 7, 28, 23, 59, 59, tzinfo=UTC), datetime(2020, 7, 29, tzinfo=UTC),
             datetime(2020, 7, 31, tzinfo=UTC), datetime(2020, 12, 31, 23, 59, 59, tzinfo=UTC),
             datetime(2021, 1, 1, tzinfo=UTC)]
    assert _figures(times, None).in_windows == {"ap_english_only_privacy_policy": 1, "dpc_children_inquiry": 2,
                                                "dpc_transfer_transparency": 4}


# -- the consent table ----------------------------------------------------------------------------------

def test_consent_ages() -> None:
    on = date(2021, 1, 1)
    assert consent_age("NL", on) == 16
    assert consent_age("BE", on) == 13
    assert consent_age("FR", on) == 15
    assert consent_age("SI", date(2022, 12, 31)) == 16
    assert consent_age("SI", date(2023, 1, 25)) == 16
    assert consent_age("SI", date(2023, 1, 26)) == 15
    assert consent_age("nl", on) == 16
    assert consent_age("UK", on) == consent_age("GB", on) == 13
    assert consent_age("NL", date(2017, 1, 1)) == 16  # before the GDPR: the first row's age
    with pytest.raises(ValueError):
        consent_age("XX", on)
    with pytest.raises(ValueError):
        consent_age("US", on)


def test_consent_table_covers_eu_eea_uk() -> None:
    eu = {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
          "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}
    assert {row.country for row in CONSENT_AGES} == eu | {"IS", "LI", "NO", "GB"}
    assert len(CONSENT_AGES) == 46  # two rows: 13 countries whose act came later, Slovenia and the UK
    assert all(13 <= row.age <= 16 for row in CONSENT_AGES)
    slovenia = [row for row in CONSENT_AGES if row.country == "SI"]
    assert [(r.age, r.valid_from) for r in slovenia] == [(16, date(2018, 5, 25)), (15, date(2023, 1, 26))]
    assert "inferred" in slovenia[0].note


def test_consent_age_rule_sentences() -> None:
    assert consent_age_rule("NL") == "Netherlands: UAVG art. 5 / GDPR Art. 8, 16 years"
    assert consent_age_rule("SI") == ("Slovenia: GDPR Art. 8 default, 16 years until 2023-01-25 (partly unverified); "
                                      "ZVOP-2 / GDPR Art. 8, 15 years from 2023-01-26 (partly unverified)")


def test_under_consent_age_in_the_netherlands() -> None:
    born = date(2005, 11, 20)
    b16 = _midnight(date(2021, 11, 20))
    figures = _figures([datetime(2017, 6, 1, tzinfo=UTC), b16 - SECOND, b16, None], born)
    assert figures.under_consent_age == 1  # the headline: since 25 May 2018 only
    assert figures.under_consent_age_any_date == 2
    assert figures.consent_applies_from == date(2018, 5, 25)
    assert "not a finding that any processing was unlawful" in figures.consent_note


def test_slovenian_law_change_is_a_consent_boundary() -> None:
    born = date(2007, 3, 1)  # 15 on 2022-03-01, 16 on 2023-03-01
    change = _midnight(date(2023, 1, 26))
    figures = _figures([change - SECOND, change, change + timedelta(days=10)], born, "SI")
    assert figures.under_consent_age == 1
    assert figures.boundaries["consent_age"] == [change]
    assert figures.ambiguous_by_boundary["consent_age"] == 2
    later = _figures([_midnight(date(2024, 6, 1)) - SECOND, _midnight(date(2024, 6, 1))], date(2009, 6, 1), "SI")
    assert later.boundaries["consent_age"] == [_midnight(date(2024, 6, 1))]  # the 15th birthday
    assert later.under_consent_age == 1


def test_unknown_country_is_refused() -> None:
    with pytest.raises(ValueError):
        age_figures(_load("g4-en-sample_child_a.zip"), consent_country="XX")


# -- the family samples ------------------------------------------------------------------------------------

def test_child_a_is_under_13_in_every_dated_record() -> None:
    export = _load("g4-en-sample_child_a.zip")
    dated = _dated("g4-en-sample_child_a.zip")
    figures = _age("g4-en-sample_child_a.zip")
    assert dated == 110
    assert figures.record_count == export.record_count == 138
    # 27 undated profile, settings and device records are held on the export date (2024-12-30, from the
    # TikTok_Data_1735588272 name): counted apart, never in an age band; the one undated watch-history record
    # stays undated
    assert figures.export_date == datetime(2024, 12, 30, 19, 51, 12, tzinfo=UTC)
    assert figures.held_at_export == 27
    assert figures.bands == {"under_13": dated, "13_15": 0, "16_17": 0, "18_plus": 0, "held_at_export": 27,
                             "unknown_age": 1}
    assert figures.bands_since_claim_start == {"under_13": 110, "13_15": 0, "16_17": 0, "18_plus": 0,
                                               "held_at_export": 0, "unknown_age": 0}
    assert figures.birth_date == BirthDate(
        value=date(2009, 9, 14), source="profile", profile_value=date(2009, 9, 14), profile_text="14-Sep-2009",
        override=None, self_declared=True,
        candidates=(BirthCandidate(source="profile", text="14-Sep-2009", value=date(2009, 9, 14),
                                   status="plausible"),),
        declared_under_13=True)
    # the 27 records held on the export date are undated account state, not activity since 2018
    assert (figures.since_claim_start, figures.before_claim_start, figures.undated) == (110, 0, 28)
    assert figures.in_windows == {"ap_english_only_privacy_policy": 66, "dpc_children_inquiry": 24,
                                  "dpc_transfer_transparency": 44}
    # the DPC children's inquiry also concerned under-13s: its minors' column counts them
    assert [(p.name, p.records, p.bands["under_13"], p.aged_13_17, p.aged_under_18) for p in figures.periods] == [
        ("since_claim_start", 110, 110, None, None), ("ap_english_only_privacy_policy", 66, 66, None, None),
        ("dpc_children_inquiry", 24, 24, 0, 24), ("dpc_transfer_transparency", 44, 44, None, None)]
    assert figures.band_first["under_13"] == datetime(2019, 6, 3, 5, 57, 38, tzinfo=UTC)
    assert figures.band_last["under_13"] == datetime(2021, 6, 21, 21, 18, 20, tzinfo=UTC)
    assert figures.band_first["13_15"] is None  # held-at-export records give no first/last record
    assert (figures.under_consent_age, figures.under_consent_age_any_date) == (110, 110)
    assert (figures.ambiguous, figures.before_birth) == (0, 0)
    assert figures.bands_by_category["viewing_behaviour"] == {"under_13": 75, "13_15": 0, "16_17": 0,
                                                              "18_plus": 0, "held_at_export": 0, "unknown_age": 1}
    assert figures.bands_by_category["settings"] == {"under_13": 0, "13_15": 0, "16_17": 0, "18_plus": 0,
                                                     "held_at_export": 22, "unknown_age": 0}
    assert figures.earliest_by_category["viewing_behaviour"] == datetime(2019, 6, 3, 5, 57, 38, tzinfo=UTC)
    assert figures.latest_by_category["viewing_behaviour"] == datetime(2021, 6, 21, 21, 18, 20, tzinfo=UTC)
    assert figures.earliest_by_category["commerce"] is None
    assert figures.boundaries["birthday_13"] == [datetime(2022, 9, 14, tzinfo=UTC)]


def test_child_b_is_13_to_15_in_every_dated_record() -> None:
    dated = _dated("g3-en-sample_child_b.zip")
    figures = _age("g3-en-sample_child_b.zip")
    assert dated == 110
    assert figures.bands == {"under_13": 0, "13_15": dated, "16_17": 0, "18_plus": 0, "held_at_export": 0,
                             "unknown_age": 28}
    assert figures.birth_date.value == date(2005, 11, 20)
    # the transfer window starts on 29 July 2020 (the DPC's decision), one record more than from 31 July
    assert figures.in_windows == {"ap_english_only_privacy_policy": 69, "dpc_children_inquiry": 22,
                                  "dpc_transfer_transparency": 41}
    dpc = next(p for p in figures.periods if p.name == "dpc_children_inquiry")
    assert (dpc.records, dpc.aged_13_17, dpc.aged_under_18) == (22, 22, 22)
    assert (figures.under_consent_age, figures.ambiguous) == (110, 0)
    # in Belgium (13) none of child B's records is under the consent age
    belgium = figures_from_frame(_classified("g3-en-sample_child_b.zip"), figures.birth_date, consent_country="BE")
    assert belgium.under_consent_age == 0


def test_override_wins_and_both_values_are_shown() -> None:
    export = _load("g4-en-sample_child_a.zip")
    figures = _age("g4-en-sample_child_a.zip", date(2005, 11, 20))
    assert (figures.birth_date.value, figures.birth_date.source, figures.birth_date.profile_value,
            figures.birth_date.override) == (date(2005, 11, 20), "override", date(2009, 9, 14), date(2005, 11, 20))
    assert [c.status for c in figures.birth_date.candidates] == ["plausible", "plausible"]
    assert figures.birth_date.declared_under_13  # what TikTok was told, whichever date is used
    # the real date makes the child 13-15 in all dated activity; the 27 records of account state held on the
    # export date are counted apart, not as "18 or older" (they were before)
    assert figures.bands == {"under_13": 0, "13_15": 110, "16_17": 0, "18_plus": 0, "held_at_export": 27,
                             "unknown_age": 1}
    assert "2005-11-20" in figures.retention_notes[0] and "14-Sep-2009" in figures.retention_notes[0]
    assert resolve_birth_date(export).source == "profile"


def test_unreadable_profile_birth_date_is_kept_as_text(tmp_path: Path) -> None:
    child = samples.Child("sample_child_c", date(2009, 5, 6))  # 06/05/2009: day and month order unknown
    path = tmp_path / "txt-2020.zip"
    path.write_bytes(samples.generate("txt-2020", child=child, seed=9).zip_bytes())
    export = load(path)
    birth = resolve_birth_date(export)
    assert birth == BirthDate(value=None, source="none", profile_value=None, profile_text="06/05/2009",
                              override=None, self_declared=False,
                              candidates=(BirthCandidate(source="profile", text="06/05/2009", value=None,
                                                         status="unreadable", reason=birth.candidates[0].reason,
                                                         reason_code="unreadable"),),
                              warnings=birth.warnings)
    assert [w.text() for w in birth.warnings] == [
        "The birth date in the export (self-declared), 06/05/2009, is not used: the text cannot be read as a date "
        "(for example an unknown day/month order or month name)."]
    assert age_figures(export).bands["unknown_age"] == export.record_count
    overridden = resolve_birth_date(export, date(2009, 5, 6))
    assert (overridden.value, overridden.profile_text) == (date(2009, 5, 6), "06/05/2009")


def test_notes_apply_only_when_their_section_has_records() -> None:
    export = _load("g4-en-sample_child_a.zip")
    notes = _age("g4-en-sample_child_a.zip").retention_notes
    assert any(n.startswith("Likes: 15 record(s), dated 2019-06-08 to 2021-05-10 (UTC).") for n in notes)
    assert any(n.startswith("Watch history: 40 record(s), dated 2019-06-21 to 2021-06-21 (UTC).") for n in notes)
    assert any("the value on file when the export was made" in n for n in notes)
    frame = _classified("g4-en-sample_child_a.zip")
    without_likes = figures_from_frame(frame[frame["section"] != "likes"], resolve_birth_date(export),
                                       export_date=datetime(2024, 12, 30, 19, 51, 12, tzinfo=UTC))
    assert not any(n.startswith("Likes") for n in without_likes.retention_notes)
    assert len(without_likes.retention_notes) == len(notes) - 1
    empty = _figures([], date(2009, 9, 14))
    assert len(empty.retention_notes) == 1  # only the birth-date note
    capped = _figures([datetime(2024, 1, 1, tzinfo=UTC)] * 6_000, None, sections=["likes"] * 6_000)
    assert any("at or above a known cap" in n for n in capped.retention_notes)


def test_figures_serialise_to_json_with_stable_keys() -> None:
    figures = _age("g4-en-sample_child_a.zip")
    dumped = figures.model_dump(mode="json")
    assert json.loads(json.dumps(dumped)) == dumped
    assert list(dumped["bands"]) == list(BAND_KEYS) == [*BANDS, "held_at_export", "unknown_age"]
    assert list(dumped["bands_by_category"]) == CATEGORIES
    assert all(list(v) == list(BAND_KEYS) for v in dumped["bands_by_category"].values())
    assert list(dumped["ambiguous_by_boundary"]) == list(BOUNDARIES)
    assert list(dumped["earliest_by_category"]) == CATEGORIES
    assert dumped["earliest_by_category"]["video"] == "2019-11-05T01:18:11Z"
    assert dumped["boundaries"]["claim_start"] == ["2018-05-25T00:00:00Z"]
    assert AgeFigures.model_validate(dumped) == figures


# -- properties ---------------------------------------------------------------------------------------------

_moments = st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda d: d.replace(tzinfo=UTC))
_births = st.dates(min_value=date(2000, 1, 1), max_value=date(2016, 12, 31))
_records = st.lists(st.tuples(st.sampled_from(list(SECTIONS)), st.none() | _moments), max_size=40)
_countries = st.sampled_from(["NL", "BE", "FR", "SI", "AT", "GB"])
_RANK = {"unknown_age": -1, **{band: i for i, band in enumerate(BANDS)}}  # unknown_age: before the birth date
_fast = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_fast
@given(_records, st.none() | _births, _countries)
def test_counts_always_add_up(records: list[tuple[str, datetime | None]], born: date | None, country: str) -> None:
    figures = _figures([t for _, t in records], born, country, [s for s, _ in records] or None)
    n = len(records)
    assert figures.record_count == n
    assert figures.since_claim_start + figures.before_claim_start + figures.undated == n
    if born is None:
        assert figures.bands == {**UNKNOWN_BANDS, "unknown_age": n}
        assert figures.under_consent_age is None
        return
    assert sum(figures.bands.values()) == n
    assert sum(sum(row.values()) for row in figures.bands_by_category.values()) == n
    for key in BAND_KEYS:
        assert sum(row[key] for row in figures.bands_by_category.values()) == figures.bands[key]
    assert figures.under_consent_age <= figures.under_consent_age_any_date <= n - figures.undated
    assert figures.ambiguous <= sum(figures.ambiguous_by_boundary.values())
    expected = {key: 0 for key in BAND_KEYS}
    for _, moment in records:  # a record before the birth date is age unknown, never under 13
        expected[age_band(born, moment) if moment and moment.date() >= born else "unknown_age"] += 1
    assert figures.bands == expected


@_fast
@given(_births, _moments, _moments)
def test_moving_a_record_forward_never_lowers_its_band(born: date, first: datetime, second: datetime) -> None:
    early, late = sorted((first, second))
    assert _RANK[age_band(born, early)] <= _RANK[age_band(born, late)]
    assert _RANK[_band_of(early, born)] <= _RANK[_band_of(late, born)]


@_fast
@given(_records, st.none() | _births, _countries, st.randoms(use_true_random=False))
def test_shuffled_input_gives_identical_figures(records: list[tuple[str, datetime | None]], born: date | None,
                                               country: str, rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(records)
    rnd.shuffle(shuffled)
    one = _figures([t for _, t in records], born, country, [s for s, _ in records] or None)
    two = _figures([t for _, t in shuffled], born, country, [s for s, _ in shuffled] or None)
    assert one.model_dump(mode="json") == two.model_dump(mode="json")


def test_shuffled_export_frame_gives_identical_figures() -> None:
    export = _load("g4-en-sample_child_a.zip")
    frame = _classified("g4-en-sample_child_a.zip")
    birth = resolve_birth_date(export)
    exported = datetime(2024, 12, 30, 19, 51, 12, tzinfo=UTC)
    assert (figures_from_frame(frame.sample(frac=1.0, random_state=7), birth, export_date=exported)
            == _age("g4-en-sample_child_a.zip"))


def test_implausible_birth_dates_do_not_break_the_figures() -> None:
    moment = datetime(2020, 1, 1, tzinfo=UTC)
    far_future = _figures([moment], date(9999, 12, 31))
    assert (far_future.bands["under_13"], far_future.bands["unknown_age"]) == (0, 1)  # before birth: unknown
    assert far_future.before_birth == 1
    assert far_future.boundaries["birthday_13"] == []
    assert age_band(date(9999, 12, 31), moment) == "under_13"
    ancient = _figures([moment], date(1, 1, 1))
    assert ancient.bands["18_plus"] == 1
    assert ancient.under_consent_age == 0
    assert age_band(date(1, 1, 1), moment) == "18_plus"
