"""The figures read plain columns; they equal what the pandas frames give, on every sample and on random exports.

``analyse`` never builds a pandas frame (importing pandas is most of a small export's run); the
library's frames (``records_frame``, ``classified_frame``, ``sessions``) still use pandas. These tests
hold the two to the same answers, hold the figures counted on Python lists (a small export) to the
ones counted on numpy arrays, and hold a small export's ``inspect`` and ``report`` free of pandas and
numpy.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsar_analyzer import load, samples
from dsar_analyzer.analysis.age import figures_from_frame
from dsar_analyzer.analysis.classify import classified_frame
from dsar_analyzer.analysis.export_figures import Analysis, AnalysisOptions, analyse
from dsar_analyzer.analysis.viewing import SessionRule, _local_seconds, _session_bounds, sessions, watch_times
from dsar_analyzer.records import columns
from dsar_analyzer.records.export import Export
from dsar_analyzer.records.plain import PlainArray
from dsar_analyzer.records.registry import SECTIONS
from dsar_analyzer.report.sentences import section_span
from tests.test_roundtrip import in_memory

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_exports"
NAMES = sorted(p.name for p in SAMPLES.iterdir())
ZONES = ["Europe/Amsterdam", "UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Kiritimati",
         "America/St_Johns", "Africa/Monrovia"]

RANDOM_EXPORTS = st.builds(
    lambda generation, seed, watch, logins, year: in_memory(samples.generate(
        generation, seed=seed, counts={"watch_history": watch, "logins": logins},
        start=datetime(year, 1, 1, tzinfo=timezone.utc), end=datetime(year + 2, 1, 1, tzinfo=timezone.utc))),
    st.sampled_from(samples.GENERATIONS_JSON + samples.GENERATIONS_TXT), st.integers(0, 2**32),
    st.integers(0, 60), st.integers(0, 12), st.integers(2016, 2024))
OPTIONS = st.builds(AnalysisOptions, zone=st.sampled_from(ZONES),
                    birth_date=st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2015, 12, 31))))


@contextmanager
def _arrow_times() -> Iterator[None]:
    """Every time column parsed by the large-column path (Arrow), however short."""
    original = columns.SMALL_COLUMN
    columns.SMALL_COLUMN = -1
    try:
        yield
    finally:
        columns.SMALL_COLUMN = original


@contextmanager
def _counted_on(module: str) -> Iterator[None]:
    """Every export's figures counted on numpy arrays (``"numpy"``) or on Python lists (``"plain"``),
    whatever its size."""
    original = columns.SMALL_EXPORT
    columns.SMALL_EXPORT = -1 if module == "numpy" else 2**62
    try:
        yield
    finally:
        columns.SMALL_EXPORT = original


def _assert_plain_and_numpy_agree(load_export, options: AnalysisOptions) -> None:  # type: ignore[no-untyped-def]
    figures = {}
    for module in ("plain", "numpy"):
        with _counted_on(module):
            export = load_export()
            assert columns.module_for(export).__name__.endswith(module)
            spans = [section_span(export, section_id) for section_id in SECTIONS]
            figures[module] = (analyse(export, options).to_json(), spans)
    assert figures["plain"] == figures["numpy"]


def _assert_frame_path_agrees(export: Export, analysis: Analysis) -> None:
    age = analysis.age
    frame = classified_frame(export, analysis, with_sources=False)
    assert figures_from_frame(frame, age.birth_date, consent_country=age.consent_country,
                              export_date=age.export_date) == age
    table = sessions(watch_times(export), analysis.options.session_rule())
    viewing = analysis.viewing
    assert (len(table), int(table["lower_seconds"].sum()), int(table["upper_seconds"].sum())) == (
        viewing.sessions, viewing.watch_time_lower_seconds, viewing.watch_time_upper_seconds)


def _assert_both_time_parsers_agree(load_export, options: AnalysisOptions) -> None:  # type: ignore[no-untyped-def]
    plain = analyse(load_export(), options)
    with _arrow_times():
        arrow = analyse(load_export(), options)
    assert arrow.to_json() == plain.to_json()


@pytest.mark.parametrize("name", NAMES)
def test_every_sample_gives_the_frame_figures(name: str) -> None:
    export = load(SAMPLES / name)
    _assert_frame_path_agrees(export, analyse(export))
    _assert_both_time_parsers_agree(lambda: load(SAMPLES / name), AnalysisOptions())
    _assert_plain_and_numpy_agree(lambda: load(SAMPLES / name), AnalysisOptions())
    _assert_plain_and_numpy_agree(lambda: load(SAMPLES / name),
                                  AnalysisOptions(zone="Pacific/Kiritimati", birth_date=date(2009, 3, 1)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(export=RANDOM_EXPORTS, options=OPTIONS)
def test_random_exports_give_the_same_figures_on_lists_and_on_numpy(export: Export, options: AnalysisOptions) -> None:
    _assert_plain_and_numpy_agree(lambda: export, options)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-2_208_988_800, 7_258_118_399), max_size=50), st.sampled_from(ZONES),
       st.integers(1, 7200), st.integers(1, 900))
def test_sessions_local_times_and_counts_on_lists_equal_numpys(seconds: list[int], zone: str, gap: int,
                                                               view: int) -> None:
    from datetime import timedelta

    rule = SessionRule(gap=timedelta(seconds=max(gap, view)), max_view=timedelta(seconds=view))
    on_numpy, on_lists = np.array(seconds, dtype=np.int64), PlainArray(seconds)
    assert [a.tolist() for a in _session_bounds(on_numpy, rule)] == [
        a.tolist() for a in _session_bounds(on_lists, rule)]
    assert _local_seconds(on_numpy, ZoneInfo(zone)).tolist() == _local_seconds(on_lists, ZoneInfo(zone)).tolist()
    days = on_numpy // 86_400
    assert [a.tolist() for a in columns.distinct(days)] == [a.tolist() for a in columns.distinct(on_lists // 86_400)]
    assert [a.tolist() for a in columns.distinct_positions(days)] == [
        a.tolist() for a in columns.distinct_positions(on_lists // 86_400)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(export=RANDOM_EXPORTS, options=OPTIONS)
def test_random_exports_give_the_frame_figures(export: Export, options: AnalysisOptions) -> None:
    _assert_frame_path_agrees(export, analyse(export, options))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generation=st.sampled_from(samples.GENERATIONS_JSON + samples.GENERATIONS_TXT), seed=st.integers(0, 2**32),
       options=OPTIONS)
def test_random_exports_give_the_same_figures_on_both_time_parsers_and_on_lists_and_numpy(
        generation: str, seed: int, options: AnalysisOptions) -> None:
    sample = samples.generate(generation, seed=seed)
    _assert_both_time_parsers_agree(lambda: in_memory(sample), options)
    _assert_plain_and_numpy_agree(lambda: in_memory(sample), options)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 7_258_118_399), max_size=40), st.sampled_from(ZONES))  # 1970 to 2199
def test_local_wall_clock_equals_pandas(seconds: list[int], zone: str) -> None:
    utc = np.array(seconds, dtype=np.int64)
    expected = (pd.Series(pd.to_datetime(utc, unit="s", utc=True)).dt.tz_convert(zone).dt.tz_localize(None)
                .to_numpy(dtype="datetime64[s]").astype(np.int64))
    assert _local_seconds(utc, ZoneInfo(zone)).tolist() == expected.tolist()


_NARROW = st.lists(st.integers(-50, 50), max_size=60)
_WIDE = st.lists(st.integers(-2**62, 2**62), max_size=60)
_MIXED = st.lists(st.one_of(st.integers(-50, 50), st.integers(-2**62, 2**62)), max_size=60)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_NARROW, _WIDE, _MIXED), st.sampled_from(["int64", "int32", "datetime64[D]", "datetime64[M]",
                                                             "datetime64[s]", "nat"]))
def test_distinct_values_equal_numpy_unique(values: list[int], kind: str) -> None:
    """Both ways of counting (a table by value for a narrow range, sorting otherwise) equal np.unique."""
    if kind == "int32":
        array = np.array([v % 2**31 - 2**30 if abs(v) > 2**30 else v for v in values], dtype=np.int32)
    elif kind == "nat":  # NaT among times: never counted in a table
        array = np.array(values + [columns.NAT], dtype=np.int64).view("datetime64[ns]")
    elif kind.startswith("datetime64"):
        array = np.array([v % 10**9 for v in values], dtype=np.int64).view(kind)
    else:
        array = np.array(values, dtype=np.int64)
    found, counts = columns.distinct(array)
    again, positions = columns.distinct_positions(array)
    expected, expected_positions, expected_counts = np.unique(array, return_inverse=True, return_counts=True)
    assert found.dtype == again.dtype == array.dtype
    assert (found.tolist(), again.tolist(), counts.tolist(), positions.tolist()) == (
        expected.tolist(), expected.tolist(), expected_counts.tolist(), expected_positions.reshape(-1).tolist())


def test_distinct_counts_a_narrow_range_in_a_table_and_sorts_a_wide_one() -> None:
    days = np.array([20_000, 20_003, 20_000, 19_999], dtype=np.int64).view("datetime64[D]")
    assert columns._counted_span(days) is not None
    found, counts = columns.distinct(days)
    assert (found.astype(str).tolist(), counts.tolist()) == (["2024-10-03", "2024-10-04", "2024-10-07"], [1, 2, 1])
    assert columns._counted_span(np.array([0, 10**12], dtype=np.int64)) is None
    assert columns._counted_span(np.array([columns.NAT, 5], dtype=np.int64).view("datetime64[ns]")) is None


def test_a_small_exports_inspect_and_report_never_load_pandas_or_numpy(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from dsar_analyzer.cli import cli\n"
        f"for args in (['inspect', {str(SAMPLES / 'g4-en-sample_child_a.zip')!r}, '--json'],\n"
        f"             ['report', {str(SAMPLES / 'txt-2025-nl-sample_child_a.zip')!r}, '--out', {str(tmp_path)!r}]):\n"
        "    cli.main(args, standalone_mode=False)\n"
        "print(sorted({'numpy', 'pandas', 'pyarrow'} & set(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert done.stderr.splitlines()[-1] == "[]"
    assert list(tmp_path.glob("*.html"))
