"""Viewing figures: sessions and watch-time bounds, local-time calendars across DST, likes, shares, searches."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from dsar_analyzer import load
from dsar_analyzer.analysis.viewing import (
    ActivityFigures,
    SessionRule,
    sessions,
    viewing_figures,
    watch_times,
)
from dsar_analyzer.records.frames import section_frame

SAMPLES = Path(__file__).resolve().parents[1] / "sample_exports"
UTC = timezone.utc
T0 = datetime(2021, 1, 11, 12, 0, 0, tzinfo=UTC)  # a Monday


def _times(offsets: list[int]) -> pd.Series:
    seconds = np.asarray(offsets, dtype=np.int64) + int(T0.timestamp())
    return pd.Series(pd.to_datetime(seconds, unit="s", utc=True)).astype("datetime64[ns, UTC]")


def _bounds(offsets: list[int], rule: SessionRule = SessionRule()) -> tuple[int, int, int]:
    table = sessions(_times(offsets), rule)
    return len(table), int(table["lower_seconds"].sum()), int(table["upper_seconds"].sum())


# -- sessions, table-driven -------------------------------------------------------------------------

@pytest.mark.parametrize(("offsets", "expected"), [
    ([], []),
    ([0], [(1, 0, 300)]),                                    # one view: nothing / one max_view
    ([0, 0, 0], [(3, 0, 300)]),                              # same second: views, no time
    ([0, 60, 120], [(3, 120, 420)]),
    ([0, 400], [(2, 300, 700)]),                             # a pause over max_view is capped below
    ([0, 1800], [(2, 300, 2100)]),                           # exactly the gap: same session
    ([0, 1801], [(1, 0, 300), (1, 0, 300)]),                 # one second more: new session
    ([0, 60, 60, 3600, 3630], [(3, 60, 360), (2, 30, 330)]),
    ([3630, 60, 0, 3600, 60], [(3, 60, 360), (2, 30, 330)]),  # order of input does not matter
])
def test_sessions_table(offsets: list[int], expected: list[tuple[int, int, int]]) -> None:
    table = sessions(_times(offsets))
    assert list(table.columns) == ["start", "end", "views", "lower_seconds", "upper_seconds"]
    assert [tuple(int(x) for x in row) for row in table[["views", "lower_seconds", "upper_seconds"]].itertuples(
        index=False)] == expected
    if offsets:
        assert table["start"].iloc[0] == T0 + timedelta(seconds=min(offsets))
        assert table["end"].iloc[-1] == T0 + timedelta(seconds=max(offsets))
    assert str(table["start"].dtype) == "datetime64[ns, UTC]"


def test_sessions_custom_rule_and_missing_times() -> None:
    rule = SessionRule(gap=timedelta(minutes=10), max_view=timedelta(minutes=1))
    assert _bounds([0, 30, 600, 1201], rule) == (2, 30 + 60, (600 + 60) + 60)
    with_gaps = pd.Series([T0, pd.NaT, T0 + timedelta(seconds=10)], dtype="datetime64[ns, UTC]")
    assert sessions(with_gaps)["views"].tolist() == [2]
    naive = pd.Series([datetime(2021, 1, 1, 10), datetime(2021, 1, 1, 10, 1)])
    assert sessions(naive)["start"].iloc[0] == datetime(2021, 1, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize("kwargs", [
    {"gap": timedelta(minutes=5), "max_view": timedelta(minutes=6)},
    {"gap": timedelta(seconds=-1), "max_view": timedelta(0)},
    {"max_view": timedelta(seconds=1.5)},
])
def test_session_rule_rejects(kwargs: dict[str, timedelta]) -> None:
    with pytest.raises(ValidationError):
        SessionRule(**kwargs)


# -- sessions, properties ---------------------------------------------------------------------------

RULES = st.sampled_from([SessionRule(), SessionRule(gap=timedelta(minutes=2), max_view=timedelta(minutes=2)),
                         SessionRule(gap=timedelta(seconds=10), max_view=timedelta(0)),
                         SessionRule(gap=timedelta(0), max_view=timedelta(0))])
OFFSETS = st.lists(st.integers(min_value=0, max_value=3 * 3600), max_size=30)


@settings(max_examples=60, deadline=None)
@given(OFFSETS, RULES)
def test_lower_never_exceeds_upper(offsets: list[int], rule: SessionRule) -> None:
    table = sessions(_times(offsets), rule)
    assert (table["lower_seconds"] <= table["upper_seconds"]).all()
    assert int(table["views"].sum()) == len(offsets)


@settings(max_examples=60, deadline=None)
@given(OFFSETS, st.integers(min_value=0, max_value=3 * 3600), RULES)
def test_adding_a_view_never_lowers_a_bound(offsets: list[int], extra: int, rule: SessionRule) -> None:
    _, lower, upper = _bounds(offsets, rule)
    _, lower_more, upper_more = _bounds([*offsets, extra], rule)
    assert lower_more >= lower and upper_more >= upper


@settings(max_examples=40, deadline=None)
@given(OFFSETS, RULES, st.randoms(use_true_random=False))
def test_shuffled_input_same_sessions(offsets: list[int], rule: SessionRule, rnd: random.Random) -> None:
    shuffled = offsets[:]
    rnd.shuffle(shuffled)
    pd.testing.assert_frame_equal(sessions(_times(offsets), rule), sessions(_times(shuffled), rule))


@settings(max_examples=40, deadline=None)
@given(OFFSETS.filter(bool), st.data())
def test_duplicates_are_views_without_time(offsets: list[int], data: st.DataObject) -> None:
    repeated = data.draw(st.sampled_from(offsets))
    count, lower, upper = _bounds(offsets)
    table = sessions(_times([*offsets, repeated]))
    assert (len(table), int(table["lower_seconds"].sum()), int(table["upper_seconds"].sum())) == (count, lower, upper)
    assert int(table["views"].sum()) == len(offsets) + 1


# -- literal exports --------------------------------------------------------------------------------

def _export(tmp_path: Path, *, watched: list[str], searches: list[object] = (), shares: list[object] = (),
            likes: list[str] = ()) -> Path:
    document = {"Your Activity": {
        "Watch History": {"VideoList": [{"Date": d, "Link": f"https://example.com/v/{i}"}
                                        for i, d in enumerate(watched)] or None},
        "Searches": {"SearchList": [{"Date": "2021-01-01 00:00:00", "SearchTerm": t} for t in searches] or None},
        "Share History": {"ShareHistoryList": [
            {"Date": "2021-01-01 00:00:00", "SharedContent": "video", "Link": "https://example.com/v/9", "Method": m}
            for m in shares] or None},
        "Like List": {"ItemFavoriteList": [{"date": d, "link": "https://example.com/v/8"} for d in likes] or None},
    }}
    path = tmp_path / "user_data_tiktok.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _cell(heatmap: list[list[int]]) -> list[tuple[int, int, int]]:
    return [(d, h, n) for d, row in enumerate(heatmap) for h, n in enumerate(row) if n]


def test_heatmap_across_dst_transitions(tmp_path: Path) -> None:
    figures = viewing_figures(load(_export(tmp_path, watched=[
        "2021-03-28 00:59:59",  # 01:59:59 CET, Sunday
        "2021-03-28 01:30:00",  # 03:30 CEST (02:00-03:00 local does not exist that night)
        "2021-10-31 00:30:00",  # 02:30 CEST, Sunday
        "2021-10-31 01:30:00",  # 02:30 CET, the repeated hour
        "2021-10-30 22:30:00",  # 00:30 CEST on Sunday 31 October: local date differs from UTC
    ])))
    assert _cell(figures.heatmap) == [(6, 0, 1), (6, 1, 1), (6, 2, 2), (6, 3, 1)]
    assert figures.per_day == {"2021-03-28": 2, "2021-10-31": 3}
    assert figures.per_month == {"2021-03": 2, "2021-10": 3}
    assert figures.late_night_views == 5
    utc = viewing_figures(load(tmp_path / "user_data_tiktok.json"), zone="UTC")
    assert _cell(utc.heatmap) == [(5, 22, 1), (6, 0, 2), (6, 1, 2)]
    assert utc.per_day == {"2021-03-28": 2, "2021-10-30": 1, "2021-10-31": 2}


def test_late_night_and_school_hours_boundaries(tmp_path: Path) -> None:
    # Winter: local = UTC + 1. 2021-01-11 is a Monday, 2021-01-15 a Friday, 2021-01-16 a Saturday.
    figures = viewing_figures(load(_export(tmp_path, watched=[
        "2021-01-11 21:59:59",  # 22:59:59 local: not late
        "2021-01-11 22:00:00",  # 23:00:00 local: late
        "2021-01-12 04:59:59",  # 05:59:59 local: late
        "2021-01-12 05:00:00",  # 06:00:00 local: not late
        "2021-01-11 07:29:59",  # Monday 08:29:59: not school
        "2021-01-11 07:30:00",  # Monday 08:30:00: school
        "2021-01-11 13:59:59",  # Monday 14:59:59: school
        "2021-01-11 14:00:00",  # Monday 15:00:00: not school
        "2021-01-15 09:00:00",  # Friday 10:00: school
        "2021-01-16 09:00:00",  # Saturday 10:00: not school
        "2021-06-14 06:30:00",  # summer, Monday 08:30 CEST: school
        "2021-06-14 06:29:59",  # summer, Monday 08:29:59 CEST: not school
    ])))
    assert figures.late_night_views == 2
    assert figures.school_hours_views == 4
    assert sum(map(sum, figures.heatmap)) == 12
    assert figures.heatmap[0][8] == 4 and figures.heatmap[4][10] == 1 and figures.heatmap[5][10] == 1


def test_top_search_terms_ties_and_redaction(tmp_path: Path) -> None:
    path = _export(tmp_path, watched=[], searches=["bravo", "alpha", "charlie", "bravo", "charlie", "alpha",
                                                   "charlie", "delta", " echo ", "", None, "N/A"])
    export = load(path)
    plain = viewing_figures(export, redact=False, top=3)
    assert plain.top_search_terms == [("charlie", 3), ("alpha", 2), ("bravo", 2)]
    assert plain.distinct_search_terms == 5
    assert plain.searches.count == 12 and not plain.search_terms_redacted
    assert viewing_figures(export, redact=False).top_search_terms == [
        ("charlie", 3), ("alpha", 2), ("bravo", 2), ("delta", 1), ("echo", 1)]
    redacted = viewing_figures(export, top=3)
    assert redacted.top_search_terms == [("term 1", 3), ("term 2", 2), ("term 3", 2)]
    assert redacted.search_terms_redacted
    assert viewing_figures(export, top=0).top_search_terms == []
    dumped = viewing_figures(export).model_dump_json()
    assert not any(word in dumped for word in ("alpha", "bravo", "charlie", "delta", "echo"))


def test_shares_by_method_and_empty_watch_history(tmp_path: Path) -> None:
    figures = viewing_figures(load(_export(tmp_path, watched=[], shares=["copy", "chat_head", "copy", "", None],
                                           likes=["2020-01-02 03:04:05", "2020-05-06 07:08:09"])))
    assert figures.shares_by_method == {"copy": 2, "unknown": 2, "chat_head": 1}
    assert figures.likes == ActivityFigures(count=2, dated=2, first=datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC),
                                            last=datetime(2020, 5, 6, 7, 8, 9, tzinfo=UTC))
    assert (figures.views, figures.sessions, figures.first_view, figures.per_day) == (0, 0, None, {})
    assert figures.heatmap == [[0] * 24 for _ in range(7)]
    assert (figures.watch_time_lower_seconds, figures.watch_time_upper_seconds) == (0, 0)


def test_zone_and_top_are_checked(tmp_path: Path) -> None:
    export = load(_export(tmp_path, watched=["2021-01-01 00:00:00"]))
    with pytest.raises(ValueError, match="time zone"):
        viewing_figures(export, zone="Mars/Olympus_Mons")
    with pytest.raises(ValueError):
        viewing_figures(export, top=-1)


def test_method_states_the_rule(tmp_path: Path) -> None:
    export = load(_export(tmp_path, watched=["2021-01-01 00:00:00"]))
    text = viewing_figures(export).method
    assert "more than 30 minutes" in text and "at most 5 minutes" in text and "Europe/Amsterdam" in text
    assert "without a holiday calendar" in text
    other = viewing_figures(export, zone="UTC", rule=SessionRule(gap=timedelta(hours=1),
                                                                 max_view=timedelta(seconds=90))).method
    assert "more than 1 hour" in other and "at most 90 seconds" in other and "local time in UTC" in other


# -- bundled sample ---------------------------------------------------------------------------------

def test_bundled_g4_sample_exact() -> None:
    export = load(SAMPLES / "g4-en-sample_child_a.zip")
    figures = viewing_figures(export)
    assert (figures.views, figures.views_undated, figures.sessions) == (40, 0, 40)
    assert (figures.first_view, figures.last_view) == (datetime(2019, 6, 21, 7, 39, 26, tzinfo=UTC),
                                                       datetime(2021, 6, 21, 21, 18, 20, tzinfo=UTC))
    # 40 views, none within 30 minutes of another: 40 one-view sessions of 0 to 5 minutes each
    assert (figures.watch_time_lower_seconds, figures.watch_time_upper_seconds) == (0, 12_000)
    assert sum(figures.per_day.values()) == sum(figures.per_month.values()) == sum(map(sum, figures.heatmap)) == 40
    assert len(figures.per_day) == 37 and len(figures.per_month) == 20
    assert (figures.late_night_views, figures.school_hours_views) == (10, 11)
    assert figures.likes == ActivityFigures(count=15, dated=15, first=datetime(2019, 6, 8, 17, 11, 7, tzinfo=UTC),
                                            last=datetime(2021, 5, 10, 10, 44, 40, tzinfo=UTC))
    assert (figures.favourites.videos.count, figures.favourites.sounds.count, figures.favourites.effects.count,
            figures.favourites.hashtags.count, figures.favourites.collections.count,
            figures.favourites.total) == (3, 2, 0, 1, 0, 6)
    assert (figures.shares.count, figures.shares.dated) == (6, 5)  # one share has the 1969 placeholder date
    assert figures.shares_by_method == {"copy": 3, "chat_head": 2, "snapchat_chats": 1}
    assert figures.searches.count == 8 and figures.distinct_search_terms == 4
    assert figures.top_search_terms == [("term 1", 3), ("term 2", 3), ("term 3", 1), ("term 4", 1)]
    assert viewing_figures(export, redact=False).top_search_terms == [
        ("sample drawing tips", 3), ("sample minecraft build", 3), ("sample makeup", 1), ("sample song lyrics", 1)]


@pytest.mark.parametrize("name", ["g2-en-sample_child_a.zip", "g4-en-sample_child_a.zip", "g5-en-sample_child_a.zip",
                                  "txt-2020-en-sample_child_a.zip", "txt-2025-nl-sample_child_a.zip",
                                  "g3-us-en-sample_child_a.zip"])
def test_watch_times_equal_the_frame_column(name: str) -> None:
    export = load(SAMPLES / name)
    fast = watch_times(export).reset_index(drop=True)
    frame = section_frame(export, "watch_history")["watched_at"].reset_index(drop=True)
    pd.testing.assert_series_equal(fast, frame, check_names=False)
