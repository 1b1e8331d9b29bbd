"""The Art. 12(3) deadline: one month by Regulation 1182/71, ending on an Irish working day; the Irish calendar checked by rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dsar_analyzer.analysis.deadline import (
    add_month,
    irish_public_holiday,
    is_working_day,
    one_month_deadline,
    received_on,
)


@pytest.mark.parametrize("received,month_end,ends", [
    # The review's cases: 1 January 2027 is New Year's Day (a Friday), then a weekend.
    (date(2026, 12, 1), date(2027, 1, 1), date(2027, 1, 4)),
    # 17 March is St Patrick's Day (a Tuesday in 2026).
    (date(2026, 2, 17), date(2026, 3, 17), date(2026, 3, 18)),
    # Weekend only: no 31 February; 28 February 2026 is a Saturday.
    (date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 2)),
    # A weekend followed by a public holiday: Saturday 1 August 2026, Monday 3 August is the August holiday.
    (date(2026, 7, 1), date(2026, 8, 1), date(2026, 8, 4)),
    # Sunday 31 January 2027, then St Brigid's Day on Monday 1 February 2027.
    (date(2026, 12, 31), date(2027, 1, 31), date(2027, 2, 2)),
    # Christmas Day and St Stephen's Day 2025 (Thursday, Friday), then a weekend.
    (date(2025, 11, 25), date(2025, 12, 25), date(2025, 12, 29)),
    (date(2024, 1, 31), date(2024, 2, 29), date(2024, 2, 29)),   # leap year, a Thursday
    (date(2026, 3, 15), date(2026, 4, 15), date(2026, 4, 15)),   # a working day: nothing moves
])
def test_one_month_deadline(received: date, month_end: date, ends: date) -> None:
    deadline = one_month_deadline(received)
    assert (deadline.month_end, deadline.ends) == (month_end, ends)
    assert deadline.moved is (ends != month_end)


def test_the_deadline_names_the_holidays_it_skipped() -> None:
    assert one_month_deadline(date(2026, 12, 1)).holidays == ((date(2027, 1, 1), "New Year's Day"),)
    assert one_month_deadline(date(2026, 7, 1)).holidays == ((date(2026, 8, 3), "August Bank Holiday"),)
    assert one_month_deadline(date(2026, 1, 31)).holidays == ()
    # 2022: St Patrick's Day (Thursday) and the one-off Day of Remembrance and Recognition (Friday).
    assert one_month_deadline(date(2022, 2, 17)).ends == date(2022, 3, 21)


def test_receipt_depends_on_the_channel() -> None:
    assert received_on(date(2026, 12, 1), "form") == date(2026, 12, 1)
    assert received_on(date(2026, 12, 1), "post") is None
    assert received_on(date(2026, 12, 1), "post", date(2026, 12, 4)) == date(2026, 12, 4)


def _easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm), for the independent calendar below."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lam = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * lam) // 451
    month, day = divmod(h + lam - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    day = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return day - timedelta(days=day.weekday())


def irish_rule(year: int) -> set[date]:
    """The Irish public holidays as the government lists them (docs/legal-sources.md), derived by rule."""
    days = {date(year, 1, 1), date(year, 3, 17), _easter(year) + timedelta(days=1), _first_monday(year, 5),
            _first_monday(year, 6), _first_monday(year, 8), _last_monday(year, 10), date(year, 12, 25),
            date(year, 12, 26)}
    if year >= 2023:
        february = date(year, 2, 1)
        days.add(february if february.weekday() == 4 else _first_monday(year, 2))
    if year == 2022:
        days.add(date(2022, 3, 18))  # the one-off Day of Remembrance and Recognition
    return days


@pytest.mark.parametrize("year", range(2018, 2041))
def test_the_holiday_calendar_follows_the_irish_rules(year: int) -> None:
    day, found = date(year, 1, 1), set()
    while day.year == year:
        if irish_public_holiday(day) is not None:
            found.add(day)
        day += timedelta(days=1)
    assert found == irish_rule(year)


def test_good_friday_is_no_public_holiday() -> None:
    assert irish_public_holiday(date(2026, 4, 3)) is None  # a bank holiday for banks only
    assert irish_public_holiday(date(2026, 4, 6)) == "Easter Monday"
    assert irish_public_holiday(date(2026, 2, 2)) == "Saint Brigid's Day"
    assert irish_public_holiday(date(2030, 2, 1)) == "Saint Brigid's Day"  # 1 February 2030 is a Friday


@settings(deadline=None)  # the first date of each year builds that year's calendar
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_deadline_properties(received: date) -> None:
    deadline = one_month_deadline(received)
    end = deadline.month_end
    assert (end.year * 12 + end.month) - (received.year * 12 + received.month) == 1
    assert end.day == received.day or (end.day < received.day and (end + timedelta(days=1)).day == 1)
    assert add_month(received) == end
    # It ends on the first working day on or after the month's end: no working day is skipped.
    assert is_working_day(deadline.ends)
    day = end
    while day < deadline.ends:
        assert not is_working_day(day)
        day += timedelta(days=1)
    assert 0 <= (deadline.ends - end).days <= 5
