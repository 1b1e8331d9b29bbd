"""Numbers in a report's languages: the fast path for whole numbers writes what Babel writes."""

from __future__ import annotations

from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from dsar_analyzer.report.i18n import BABEL_LOCALES, Formatter


@given(st.integers(min_value=-(10**18), max_value=10**18), st.sampled_from(["en", "nl"]))
def test_a_whole_number_is_written_as_babel_writes_it(value: int, language: str) -> None:
    assert Formatter(language).number(value) == format_decimal(value, locale=BABEL_LOCALES[language])  # type: ignore[arg-type]


def test_whole_numbers_use_each_languages_group_separator() -> None:
    assert [Formatter("en").number(v) for v in (0, 999, 1000, -1234567)] == ["0", "999", "1,000", "-1,234,567"]
    assert [Formatter("nl").number(v) for v in (0, 999, 1000, -1234567)] == ["0", "999", "1.000", "-1.234.567"]


def test_fractions_and_no_value_keep_babels_rules() -> None:
    assert (Formatter("nl").number(1234.5), Formatter("en").number(1234.5), Formatter("en").number(None)) == (
        "1.234,5", "1,234.5", "–")
