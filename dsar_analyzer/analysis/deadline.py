"""The date by which TikTok must answer a request: one month, counted as EU law counts months, with Irish holidays.

GDPR Art. 12(3): the controller answers "without undue delay and in any event within one month of
receipt of the request"; that period may be extended by two further months where necessary, taking
into account the complexity and number of the requests, and the controller tells the data subject of
any extension, with the reasons for the delay, within one month of receipt. The same article sets
the period for requests under Art. 15 to 22, so the access, erasure and restriction letters share it.

How the month is counted is set by Regulation (EEC, Euratom) No 1182/71 on periods, dates and time
limits, which applies to periods in EU acts such as the GDPR:

* Art. 3(1), second subparagraph: when a period in days, weeks or months runs from an event (the
  request's receipt), the day of that event is not counted;
* Art. 3(2)(c): a period in months ends with the last hour of the day in the last month that has the
  same date as the day the period started from; if that month has no such day, with the last hour
  of its last day (a request of 31 January: end of 28 February, or 29 February in a leap year);
* Art. 3(4): when the last day of a period is a public holiday, a Sunday or a Saturday, the period
  ends with the last hour of the following working day;
* Art. 2: public holidays are the days designated as such in the Member State where the act is to
  be done, and working days are all days other than public holidays, Sundays and Saturdays. The
  act here is TikTok's answer, due from TikTok Technology Limited in Dublin: Irish public holidays.

Irish public holidays come from the ``holidays`` package (its ``IE`` calendar), whose rules were
checked against the Irish government's list (docs/legal-sources.md) and are tested against that list
in ``tests/test_deadline.py``: New Year's Day, St Brigid's Day (from 2023: the first Monday in
February, or 1 February when that is a Friday), St Patrick's Day (17 March), Easter Monday, the
first Monday in May, June and August, the last Monday in October, Christmas Day and St Stephen's
Day (26 December), and the one-off 18 March 2022. A holiday on a Saturday or Sunday is not moved
to a weekday in Irish law (no automatic right to the next working day off), so the calendar holds
no "observed" days.

When the request counts as received depends on how it is sent: through TikTok's privacy web form
it arrives the day it is sent (``channel="form"``); by post the day of receipt is not known when
the letter is written (``channel="post"``), so no date is computed unless the day of receipt is
given (a delivery confirmation).

Sources: https://eur-lex.europa.eu/eli/reg/1971/1182/oj (Art. 2, 3); GDPR Art. 12(3),
https://eur-lex.europa.eu/eli/reg/2016/679/oj.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Literal

REGULATION_1182_71 = "https://eur-lex.europa.eu/eli/reg/1971/1182/oj"
GDPR = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"

#: How a request reaches TikTok: its privacy web form (received the day it is sent) or post.
Channel = Literal["form", "post"]
CHANNELS: tuple[Channel, ...] = ("form", "post")


@cache
def _irish_calendar(year: int) -> dict[date, str]:
    # The Irish class itself, not the package's registry: the registry imports countries by name at
    # run time, which a frozen application's module finder cannot see.
    from holidays.constants import PUBLIC
    from holidays.countries.ireland import Ireland

    # PUBLIC only: the package's OPTIONAL category (Good Friday, a bank holiday for banks alone) is no
    # public holiday under the Organisation of Working Time Act 1997.
    return dict(Ireland(years=year, categories=(PUBLIC,)))  # type: ignore[no-untyped-call]


def irish_public_holiday(day: date) -> str | None:
    """The name of the Irish public holiday on ``day`` (English), or None."""
    return _irish_calendar(day.year).get(day)


def is_working_day(day: date) -> bool:
    """Regulation 1182/71 Art. 2(2): not a Saturday, Sunday or (Irish) public holiday."""
    return day.weekday() < 5 and irish_public_holiday(day) is None


@dataclass(frozen=True, slots=True)
class Deadline:
    """The end of the one-month period for a request received on ``received``."""

    received: date
    #: The same date one month later, or the last day of that month when it has no such date.
    month_end: date
    #: ``month_end``, or the next working day when it is a Saturday, Sunday or Irish public holiday.
    ends: date
    #: The Irish public holidays between ``month_end`` and ``ends`` (both included), with their names.
    holidays: tuple[tuple[date, str], ...] = ()

    @property
    def moved(self) -> bool:
        """True when the month ends on a day that is not a working day."""
        return self.ends != self.month_end


def add_month(day: date) -> date:
    """The same date in the next month, or that month's last day when it has no such date (Art. 3(2)(c))."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _to_working_day(day: date) -> tuple[date, tuple[tuple[date, str], ...]]:
    skipped: list[tuple[date, str]] = []
    while not is_working_day(day):
        name = irish_public_holiday(day)
        if name is not None:
            skipped.append((day, name))
        day += timedelta(days=1)
    return day, tuple(skipped)


def one_month_deadline(received: date) -> Deadline:
    """GDPR Art. 12(3) one month from receipt, counted by Regulation 1182/71 Art. 3 with Irish public holidays."""
    month_end = add_month(received)
    ends, skipped = _to_working_day(month_end)
    return Deadline(received=received, month_end=month_end, ends=ends, holidays=skipped)


def received_on(sent_on: date, channel: Channel, delivered_on: date | None = None) -> date | None:
    """The day a request counts as received: the day sent through the web form; by post the day of
    delivery when it is known, else None (the letter then gives the rule, not a date)."""
    if channel == "form":
        return sent_on
    return delivered_on
