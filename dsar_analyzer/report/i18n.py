"""Report languages: gettext catalogues read with Babel, and locale-correct numbers and dates.

The Dutch catalogue is a plain ``.po`` file compiled in memory at first use, so the repository
holds no binary ``.mo`` files. English is the source language (identity translation).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import cache
from importlib.resources import files
from typing import Literal

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

Language = Literal["en", "nl"]
LANGUAGES: tuple[Language, ...] = ("en", "nl")
CATALOGUE = "dsar_analyzer.report"


@cache
def translations(language: Language) -> NullTranslations:
    """The gettext translations for a report language (English: the source strings)."""
    if language == "en":
        return NullTranslations()
    po = files(CATALOGUE).joinpath("locale", language, "LC_MESSAGES", "messages.po")
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


@dataclass(frozen=True, slots=True)
class Formatter:
    """Numbers, dates and times written the way a reader of ``language`` expects."""

    language: Language

    def number(self, value: int | float | None) -> str:
        if value is None:
            return "–"
        return format_decimal(value, locale=self.language)

    def date(self, value: date | datetime | None) -> str:
        if value is None:
            return "–"
        if isinstance(value, datetime):
            value = value.astimezone(timezone.utc).date()
        return format_date(value, format="long", locale=self.language)

    def moment(self, value: datetime | None) -> str:
        """A UTC moment with seconds, e.g. ``14 maart 2020 10:05:00 UTC``."""
        if value is None:
            return "–"
        return format_datetime(value, format="d MMMM y HH:mm:ss", tzinfo=timezone.utc,
                               locale=self.language) + " UTC"

    def country(self, code: str) -> str:
        """A country's name in the report language (``GB`` -> ``Verenigd Koninkrijk``)."""
        return str(Locale.parse(self.language).territories.get(code.upper(), code))

    def listing(self, items: list[str]) -> str:
        """``a, b and c`` / ``a, b en c``."""
        return format_list(items, locale=self.language)

    def gettext(self, message: str) -> str:
        return translations(self.language).gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return translations(self.language).ngettext(singular, plural, count)
