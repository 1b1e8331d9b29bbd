"""The value vocabulary of TikTok exports: timestamps, "no value" sentinels, numbers as strings.

Time-zone policy, written once: TikTok timestamps carry no offset. They are UTC: in a November
2025 JSON export every live comment's ``CommentTime`` equals its ``RawTime`` epoch value rendered
in UTC, and some files spell it out with a `` UTC`` suffix (JSON logins 2022-23, a TXT login file of
December 2023, TXT files of 2025-26; a TXT export of January 2025 has none, so the suffix is optional). Every parsed timestamp is therefore a timezone-aware ``datetime`` in UTC.

Each semantic type exists twice: a *row* type checked in bulk by pydantic-core (no Python call
per value, so a million rows validate in well under a second) and a *record* type that turns the
checked raw value into its meaning when a frozen record model is built. Both accept exactly the
same inputs, so bulk and item-by-item validation agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StrictInt, StringConstraints

#: Strings TikTok writes where there is no value (observed in JSON and TXT, 2020-2026).
NO_VALUE_STRINGS = frozenset({"", "None", "N/A", "null"})

#: ``1969-12-31 23:59:59`` is epoch -1 rendered as a date: seen in share history (Dec 2025 export).
PLACEHOLDER_TIMESTAMPS = frozenset({"1969-12-31 23:59:59", "1970-01-01 00:00:00"})

# Calendar-exact on purpose (month lengths and leap years spelled out; Rust's regex engine has no
# look-around): pydantic-core checks this in bulk, so a row that passes is a day ``datetime`` accepts.
# ASCII digits only ([0-9], never \d: both regex engines let \d match Arabic-Indic or Devanagari
# digits). Years 1970-2199 only: TikTok did not exist before 2016, and a year such as 0001, 1600 or
# 9999 is damage, not a moment; it is an invalid item in the ledger rather than a date no frame or
# chart can hold (pandas' nanosecond range ends in 2262).
_D = "[0-9]"
_YEAR = rf"(?:19[7-9]{_D}|2[01]{_D}{_D})"
_LEAP_YEAR = r"(?:19(?:7[26]|8[048]|9[26])|20(?:[02468][048]|[13579][26])|21(?:0[48]|[2468][048]|[13579][26]))"
_DAY = (rf"(?:{_YEAR}-(?:0[13578]|1[02])-(?:0[1-9]|[12]{_D}|3[01])|{_YEAR}-(?:0[469]|11)-(?:0[1-9]|[12]{_D}|30)"
        rf"|{_YEAR}-02-(?:0[1-9]|1{_D}|2[0-8])|{_LEAP_YEAR}-02-29)")
_TIME_BODY = rf"{_DAY}[ T](?:[01]{_D}|2[0-3]):[0-5]{_D}:[0-5]{_D}(?: UTC)?"
# Surrounding blanks: ASCII only in bulk; the model's str.strip() takes more, and an item only the
# model accepts is rescued as a record (never the other way round).
_BLANK = "[ \t\r\n]*"
# The epoch placeholder 1969-12-31 23:59:59 is a "no value" like None (see PLACEHOLDER_TIMESTAMPS).
TIMESTAMP_PATTERN = rf"^{_BLANK}(?:{_TIME_BODY}|1969-12-31[ T]23:59:59(?: UTC)?|None|N/A|null|){_BLANK}$"
_TIME_RE = re.compile(rf"^{_TIME_BODY}$")

#: The largest count read (18 digits, the limit for counts written as text too).
MAX_COUNT = 10**18 - 1
COUNT_PATTERN = rf"^{_BLANK}(?:{_D}{{1,18}}|None|N/A|null|){_BLANK}$"


@dataclass(frozen=True, slots=True)
class RowType:
    """Marks a record field with the type its raw value is checked against in bulk."""

    annotation: Any
    #: Set when a value that cannot be read makes only this field invalid: the record is kept
    #: without it and the ledger counts the field with this reason, instead of the whole item
    #: becoming invalid. Empty: an unreadable value makes the item invalid.
    set_aside: str = ""


def is_no_value(value: object) -> bool:
    """True for every spelling of "nothing here": None, sentinel strings, empty lists and maps."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() in NO_VALUE_STRINGS
    if isinstance(value, (list, dict)):
        return len(value) == 0
    return False


def parse_timestamp(value: object) -> datetime | None:
    """Parse a TikTok timestamp (``YYYY-MM-DD HH:MM:SS`` with optional `` UTC``) as UTC.

    Sentinels and the 1969/1970 epoch placeholders give ``None``; anything else raises ValueError.
    """
    if value is None or isinstance(value, datetime):
        return value.astimezone(timezone.utc) if isinstance(value, datetime) else None
    if not isinstance(value, str):
        raise ValueError("a timestamp must be text")
    text = value.strip()
    if text in NO_VALUE_STRINGS:
        return None
    if text.removesuffix(" UTC").replace("T", " ") in PLACEHOLDER_TIMESTAMPS:
        return None
    if not _TIME_RE.match(text):
        # The report withholds the quoted value outside full mode (report.redact.withhold_quoted).
        raise ValueError(f"not a TikTok timestamp (YYYY-MM-DD HH:MM:SS on a real day of 1970-2199): {value[:40]!r}")
    text = text.removesuffix(" UTC")
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def clean_text(value: object) -> str | None:
    """Text with TikTok's "no value" sentinels mapped to None (the raw string is never altered)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("expected text")
    return None if value.strip() in NO_VALUE_STRINGS else value


def parse_count(value: object) -> int | None:
    """A counter that TikTok writes as a number or as a string of digits ("0", "1234", "None")."""
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ValueError("a count cannot be true/false")
        return None
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"a count cannot be negative: {value}")
        if value > MAX_COUNT:  # as for digits in text: no counter reaches it, and int64 columns end at 9.2e18
            raise ValueError("a count has at most 18 digits")
        return value
    if isinstance(value, str):
        text = value.strip()
        if text in NO_VALUE_STRINGS:
            return None
        if text.isascii() and text.isdigit() and len(text) <= 18:
            return int(text)
    raise ValueError(f"not a count (a whole number of at most 18 digits 0-9): {str(value)[:40]!r}")


#: Month spellings seen in self-declared birth dates: English and Dutch, short and long ("Sept", "okt", "mrt").
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate((
        ("jan", "january", "januari"), ("feb", "february", "februari"), ("mar", "march", "mrt", "maart"),
        ("apr", "april"), ("may", "mei"), ("jun", "june", "juni"), ("jul", "july", "juli"),
        ("aug", "august", "augustus"), ("sep", "sept", "september"), ("oct", "okt", "october", "oktober"),
        ("nov", "november"), ("dec", "december")), start=1):
    _MONTHS.update(dict.fromkeys(_names, _number))

#: A two-digit year below this is 20yy, otherwise 19yy (a child on TikTok was born after 1930; revisit in 2030).
TWO_DIGIT_YEAR_PIVOT = 30


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        return 2000 + year if year < TWO_DIGIT_YEAR_PIVOT else 1900 + year
    return year


def _day(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"no such day: {text[:40]!r}") from None


def parse_birth_date(value: object) -> date | None:
    """Parse a self-declared birth date; ValueError (with the reason) when the text is not readable as one.

    JSON ``birthDate`` is ``DD-Mon-YYYY`` (``17-Dec-2004``; lower-case months seen in a 2023
    sample); children and later generations also write ``14-Sept-2009``, Dutch months
    (``14-okt-2009``) and two-digit years (``14-Sep-09``: below ``TWO_DIGIT_YEAR_PIVOT`` is 20yy).
    ISO ``YYYY-MM-DD`` is accepted too. The 2020 TXT ``Birthdate: NN/NN/NNNN`` has an unknown
    day/month order, so it is read as a date only when one of the two numbers exceeds 12
    (otherwise ValueError: ambiguous; the raw value stays on the record). Whether a date that
    parses is *possible* (not in the future, not before 1900) is judged later, against the export.
    """
    if value is None or isinstance(value, date):
        return value if isinstance(value, date) else None
    if not isinstance(value, str):
        raise ValueError("a birth date must be text")
    text = value.strip()
    if text in NO_VALUE_STRINGS:
        return None
    if m := re.fullmatch(r"(\d{1,2})[-. /]([A-Za-z]{3,9})\.?[-. /](\d{4}|\d{2})", text):
        month = _MONTHS.get(m.group(2).lower())
        if month is None:
            raise ValueError(f"unknown month in birth date {text[:40]!r}")
        return _day(_year(m.group(3)), month, int(m.group(1)), text)
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)), text)
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        first, second, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if first > 12 >= second:
            return _day(year, second, first, text)
        if second > 12 >= first:
            return _day(year, first, second, text)
        raise ValueError(f"ambiguous day/month order in birth date {text[:40]!r}")
    raise ValueError(f"not a birth date: {text[:40]!r}")


#: The row type of a timestamp (``read.typed`` recognises timestamp fields by it).
TimestampRow = Annotated[str, StringConstraints(pattern=TIMESTAMP_PATTERN)] | None
#: The row type of a count and of an identifier (``read.validate`` checks small batches by them in Python).
CountRow = Annotated[StrictInt, Field(ge=0, le=MAX_COUNT)] | Annotated[str, StringConstraints(pattern=COUNT_PATTERN)] | None
IdentifierRow = StrictInt | str | None

#: A moment in time, UTC-aware; None when TikTok wrote a sentinel or the epoch placeholder.
Timestamp = Annotated[datetime | None, BeforeValidator(parse_timestamp), RowType(TimestampRow)]
#: Free text or an identifier string; None for sentinels.
Text = Annotated[str | None, BeforeValidator(clean_text), RowType(str | None)]
#: A non-negative counter that may arrive as a string. A counter is a figure about the record, never
#: what identifies it: a profile with ``likesReceived`` of ``"1.2K"`` keeps its username and birth
#: date, and only the counter is set aside. The reason does not quote the value: the ledger is
#: shown in every report mode.
ODD_COUNT_REASON = ("invalid value, not read: not a count (a whole number of at most 18 digits 0-9); "
                    "the rest of the record is kept")
Count = Annotated[int | None, BeforeValidator(parse_count), RowType(CountRow, set_aside=ODD_COUNT_REASON)]


def clean_identifier(value: object) -> str | None:
    """An identifier TikTok writes as a number in some years and as a string in others."""
    if isinstance(value, bool):
        raise ValueError("an identifier cannot be true/false")
    if isinstance(value, int):
        return str(value)
    return clean_text(value)


#: An id (UID, DID, voucher id) that may arrive as a JSON number; kept as text.
Identifier = Annotated[str | None, BeforeValidator(clean_identifier), RowType(IdentifierRow)]
