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
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from dsar_analyzer.analysis.warning import AnalysisWarning

# Babel is imported where it is used: ``inspect`` writes its few warnings through this module and
# needs at most the date formatting, and importing every Babel module up front was 15-20 ms of a
# small export's process.
if TYPE_CHECKING:
    from babel import Locale
    from babel.support import NullTranslations

Language = Literal["en", "nl"]
LANGUAGES: tuple[Language, ...] = ("en", "nl")
CATALOGUE = "dsar_analyzer.report"
#: The Babel locale behind each report language. British English writes dates as "3 June 2019",
#: the same order as Dutch, so the two reports read alike.
BABEL_LOCALES: dict[str, str] = {"en": "en_GB", "nl": "nl"}


@cache
def translations(language: Language) -> NullTranslations:
    """The gettext translations for a report language (English: the source strings)."""
    from babel.support import NullTranslations, Translations

    if language == "en":
        return NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po = files(CATALOGUE).joinpath("locale", language, "LC_MESSAGES", "messages.po")
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


@cache
def babel_locale(language: Language) -> Locale:
    """The parsed Babel locale of a report language, parsed once per process.

    Babel parses a locale given by name on every call; a report formats several hundred numbers and
    dates, and the parsing was about a sixth of a small report's rendering.
    """
    from babel import Locale

    return Locale.parse(BABEL_LOCALES[language])


@cache
def _integer_symbols(language: Language) -> tuple[str, str]:
    """The group separator and minus sign of a report language (``.`` and ``-`` in Dutch)."""
    from babel.numbers import get_group_symbol, get_minus_sign_symbol

    locale = babel_locale(language)
    return get_group_symbol(locale), get_minus_sign_symbol(locale)


@dataclass(frozen=True, slots=True)
class Formatter:
    """Numbers, dates and times written the way a reader of ``language`` expects.

    ``zone`` is the report's time zone: moments are shown in it with its abbreviation (``CET``,
    ``CEST``); the evidence appendix uses ``utc_moment``. ``neutral`` is the voice of a claim copy,
    which names "the child" where a parent's copy says "your child".
    """

    language: Language
    zone: str = "UTC"
    neutral: bool = False

    @property
    def locale(self) -> str:
        return BABEL_LOCALES[self.language]

    def number(self, value: int | float | None) -> str:
        if value is None:
            return "–"
        if type(value) is int:
            # Whole numbers, nearly every number of a report: Babel's pattern for both languages
            # (``#,##0.###``) is Python's grouping with the locale's symbols, at a tenth of the cost
            # (a test compares the two on random integers).
            group, minus = _integer_symbols(self.language)
            return f"{value:,}".replace(",", group).replace("-", minus)
        from babel.numbers import format_decimal

        return format_decimal(value, locale=babel_locale(self.language))

    def date(self, value: date | datetime | None) -> str:
        """A calendar date; a moment is first moved into the report's time zone."""
        if value is None:
            return "–"
        if isinstance(value, datetime):
            value = value.astimezone(ZoneInfo(self.zone)).date()
        from babel.dates import format_date

        return format_date(value, format="long", locale=babel_locale(self.language))

    def moment(self, value: datetime | None) -> str:
        """A moment in the report's zone with seconds, e.g. ``14 maart 2020 11:05:00 CET``."""
        if value is None:
            return "–"
        from babel.dates import format_datetime

        return format_datetime(value, format="d MMMM y HH:mm:ss z", tzinfo=ZoneInfo(self.zone), locale=babel_locale(self.language))

    def utc_moment(self, value: datetime | None) -> str:
        """A moment in UTC with seconds, e.g. ``14 maart 2020 10:05:00 UTC`` (the evidence appendix)."""
        if value is None:
            return "–"
        from babel.dates import format_datetime

        return format_datetime(value, format="d MMMM y HH:mm:ss", tzinfo=timezone.utc, locale=babel_locale(self.language)) + " UTC"

    def country(self, code: str) -> str:
        """A country's name in the report language (``GB`` -> ``Verenigd Koninkrijk``)."""
        return str(babel_locale(self.language).territories.get(code.upper(), code))

    def language_name(self, code: str) -> str:
        """A language's name in the report language (``en`` -> ``Engels``)."""
        return str(babel_locale(self.language).languages.get(code, code))

    def listing(self, items: list[str]) -> str:
        """``a, b and c`` / ``a, b en c``."""
        from babel.lists import format_list

        return format_list(items, locale=babel_locale(self.language))

    @property
    def zone_name(self) -> str:
        """The report's time zone as a reader names it: "Dutch time" for Europe/Amsterdam, else its database name."""
        return self.gettext("Dutch time") if self.zone == "Europe/Amsterdam" else self.zone

    @property
    def child(self) -> str:
        """"your child" in a parent's copy, "the child" in a claim copy (lower case, mid-sentence)."""
        # Both phrases are whole catalogue entries so a translator sees them side by side.
        return self.gettext("the child") if self.neutral else self.gettext("your child")

    def gettext(self, message: str) -> str:
        return translations(self.language).gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return translations(self.language).ngettext(singular, plural, count)

    def warning(self, warning: AnalysisWarning) -> str:
        """An analysis warning in this language, its dates written as this language writes them."""
        return warning.text(self.gettext, self.date)


def warning_text(warning: AnalysisWarning, language: Language = "en") -> str:
    """One of ``Analysis.warnings`` as a sentence in a report language (``"nl"``: from the Dutch catalogue)."""
    return Formatter(language).warning(warning)
