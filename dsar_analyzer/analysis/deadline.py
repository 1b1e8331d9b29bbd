"""The date by which a controller must answer an access request: one month, counted as EU law counts months.

GDPR Art. 12(3): the controller answers "without undue delay and in any event within one month of
receipt of the request"; it may extend by two further months where necessary, telling the data
subject within the first month and giving its reasons.

How a month is counted is set by Regulation (EEC, Euratom) No 1182/71 (periods, dates and time
limits), which applies to periods in EU regulations such as the GDPR:

* Art. 3(1): the day on which the request arrives is not counted;
* Art. 3(2)(c): a period in months ends at the end of the day in the last month that has the same
  date as the day the period started from; if the last month has no such day, at the end of that
  month's last day (a request of 31 January: end of 28 February, or 29 February in a leap year);
* Art. 3(4): a period whose last day is a Saturday, Sunday or public holiday ends at the end of the
  next working day. Public holidays differ by country and are not known here: only weekends move.

Source: https://eur-lex.europa.eu/eli/reg/1971/1182/oj (Art. 3); GDPR Art. 12(3),
https://eur-lex.europa.eu/eli/reg/2016/679/oj.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

REGULATION_1182_71 = "https://eur-lex.europa.eu/eli/reg/1971/1182/oj"
GDPR = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"


@dataclass(frozen=True, slots=True)
class Deadline:
    """The end of the one-month period for a request received on ``received``."""

    received: date
    #: The same date one month later, or the last day of that month when it has no such date.
    month_end: date
    #: ``month_end``, moved to the following Monday when it falls on a Saturday or Sunday.
    ends: date

    @property
    def clipped_to_month_end(self) -> bool:
        """True when the next month has no day with the request's date (31 January -> 28 February)."""
        return self.month_end.day != self.received.day

    @property
    def moved_past_weekend(self) -> bool:
        return self.ends != self.month_end


def add_month(day: date) -> date:
    """The same date in the next month, or that month's last day when it has no such date."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def one_month_deadline(received: date) -> Deadline:
    """GDPR Art. 12(3) one month, counted by Regulation 1182/71 Art. 3 (weekends moved, holidays not)."""
    month_end = add_month(received)
    ends = month_end
    while ends.weekday() >= 5:  # Saturday 5, Sunday 6
        ends += timedelta(days=1)
    return Deadline(received=received, month_end=month_end, ends=ends)
