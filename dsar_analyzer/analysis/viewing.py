"""What the child watched, when and for how long (estimated), what they liked, shared and searched.

The watch history records the second each video was *started*; no export has ever recorded how long
a video was watched. Watch time is therefore an estimate with a lower and an upper bound, computed
from sessions, and the rule that produced it travels with the figures as text (``method``):

* **Sessions.** Views are sorted by time. A new session starts when more than ``gap`` (default 30
  minutes) has passed since the previous view; a gap of exactly ``gap`` stays in the session.
* **Lower bound.** Within a session, each view counts the time until the next view, capped at
  ``max_view`` (default 5 minutes: a longer pause may be time away from the app). The last view of a
  session counts nothing (the app may have been closed at once).
* **Upper bound.** Each session counts from its first to its last view, plus ``max_view`` for the
  last view: the child may have been in the app the whole time.
* Views at the same second are kept as views but add no time. Times are whole seconds (the export
  has no finer resolution; finer parts are dropped).

``max_view`` may not exceed ``gap``; with that, lower <= upper, adding a view never lowers either
bound, and the order of the input does not matter.

Calendar figures are in local time of ``zone`` (default ``Europe/Amsterdam``, through ``zoneinfo``
with the ``tzdata`` package as fallback database): views per day and per month, a weekday x hour
heatmap (weekday 0 = Monday), late-night views (local 23:00 up to but not including 06:00) and
views in school hours (local Monday to Friday, 08:30 up to but not including 15:00). There is no
holiday calendar: school holidays and public holidays count as school days.

Likes, favourites, shares and searches are counted with their first and last dates (UTC). Search
terms are text the child typed: ``top_search_terms`` lists the most frequent ones with their
counts (ties in alphabetical order) and, with ``redact=True`` (the default, for anything a person
other than the family sees), replaces each term by ``term 1``, ``term 2``... in rank order.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, model_validator

from dsar_analyzer.records.columns import (
    NAT,
    array_module,
    distinct,
    distinct_positions,
    present_text,
    text_column,
    times,
    utc_moment,
)
from dsar_analyzer.records.export import Export
from dsar_analyzer.records.plain import Vector

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = [
    "ActivityFigures",
    "FavouriteFigures",
    "SessionRule",
    "ViewingFigures",
    "sessions",
    "viewing_figures",
    "watch_times",
]

DEFAULT_ZONE = "Europe/Amsterdam"
_DAY = 86_400
_LATE_NIGHT_FROM, _LATE_NIGHT_UNTIL = 23 * 3600, 6 * 3600     # [23:00, 06:00)
_SCHOOL_FROM, _SCHOOL_UNTIL = 8 * 3600 + 30 * 60, 15 * 3600     # [08:30, 15:00), Monday-Friday


class SessionRule(BaseModel):
    """How views are grouped into sessions and how long a view may count (whole seconds)."""

    model_config = ConfigDict(frozen=True)

    #: A pause longer than this starts a new session.
    gap: timedelta = timedelta(minutes=30)
    #: The most one view can count: caps each pause in the lower bound; added once per session in the upper.
    max_view: timedelta = timedelta(minutes=5)

    @model_validator(mode="after")
    def _check(self) -> Self:
        for name in ("gap", "max_view"):
            value: timedelta = getattr(self, name)
            if value < timedelta(0) or value.microseconds:
                raise ValueError(f"{name} must be a non-negative whole number of seconds")
        if self.max_view > self.gap:
            raise ValueError("max_view may not exceed gap (else adding a view could lower the upper bound)")
        return self

    @property
    def gap_seconds(self) -> int:
        return int(self.gap.total_seconds())

    @property
    def max_view_seconds(self) -> int:
        return int(self.max_view.total_seconds())


class ActivityFigures(BaseModel):
    """Records of one kind: how many, how many carry a date, and the first and last date (UTC)."""

    model_config = ConfigDict(frozen=True)

    count: int
    dated: int
    first: datetime | None
    last: datetime | None


class FavouriteFigures(BaseModel):
    """Favourites by kind; ``total`` is their sum."""

    model_config = ConfigDict(frozen=True)

    videos: ActivityFigures
    sounds: ActivityFigures
    effects: ActivityFigures
    hashtags: ActivityFigures
    collections: ActivityFigures
    total: int


class ViewingFigures(BaseModel):
    """Viewing behaviour and interactions; ``method`` states how every estimate was made."""

    model_config = ConfigDict(frozen=True)

    zone: str
    session_rule: SessionRule
    method: str
    views: int
    views_undated: int
    first_view: datetime | None
    last_view: datetime | None
    sessions: int
    watch_time_lower_seconds: int
    watch_time_upper_seconds: int
    per_day: dict[str, int]
    per_month: dict[str, int]
    heatmap: list[list[int]]
    late_night_views: int
    school_hours_views: int
    likes: ActivityFigures
    favourites: FavouriteFigures
    shares: ActivityFigures
    searches: ActivityFigures
    shares_by_method: dict[str, int]
    distinct_search_terms: int
    top_search_terms: list[tuple[str, int]]
    search_terms_redacted: bool


# -- sessions -----------------------------------------------------------------------------------

_SESSION_COLUMNS = {"start": "datetime64[ns, UTC]", "end": "datetime64[ns, UTC]", "views": "int64",
                    "lower_seconds": "int64", "upper_seconds": "int64"}


def _epoch_seconds(times: pd.Series) -> np.ndarray:
    """Whole seconds since 1970 (UTC) of the non-missing times; naive times are taken as UTC."""
    import numpy as np
    import pandas as pd  # ``sessions`` takes a pandas column; the figures below never load pandas

    series = pd.Series(times).dropna()
    if not len(series):
        return np.empty(0, dtype=np.int64)
    series = pd.to_datetime(series, utc=True)
    return series.dt.tz_localize(None).to_numpy(dtype="datetime64[s]").astype(np.int64)


def _dated_seconds(moments: Vector) -> Vector:
    """Whole seconds since 1970 (UTC) of the dated values of a column of nanoseconds (``times``)."""
    return moments[moments != NAT] // 1_000_000_000  # floored, as numpy's cast to seconds


def _session_bounds(secs: Vector, rule: SessionRule) -> tuple[Vector, Vector, Vector, Vector]:
    """Per session, in time order: first and last view (whole seconds), lower and upper bound (seconds)."""
    xp = array_module(secs)
    secs = xp.sort(secs, kind="stable")
    if not len(secs):
        return secs, secs, secs, secs
    gaps = xp.diff(secs)
    new = xp.zeros(len(secs), dtype="bool")
    new[0] = True
    new[1:] = gaps > rule.gap_seconds
    starts = xp.flatnonzero(new)
    ends = xp.append(starts[1:] - 1, len(secs) - 1)
    # Each view's contribution to the lower bound: the pause since the previous view of the same
    # session, capped at max_view (the first view of a session contributes 0). A session's sum is the
    # running total at its last view less the one at its first view (which contributes 0).
    credit = xp.zeros(len(secs), dtype="int64")
    credit[1:] = xp.where(new[1:], 0, xp.minimum(gaps, rule.max_view_seconds))
    total = xp.cumsum(credit)
    lower = total[ends] - total[starts]
    upper = secs[ends] - secs[starts] + rule.max_view_seconds
    return starts, ends, lower.astype("int64"), upper.astype("int64")


def sessions(times: pd.Series, rule: SessionRule = SessionRule()) -> pd.DataFrame:
    """One row per session, in time order: ``start``, ``end`` (UTC), ``views``, ``lower_seconds``, ``upper_seconds``.

    Missing times are left out. See the module docstring for the rule.
    """
    import numpy as np
    import pandas as pd

    secs = np.sort(_epoch_seconds(times), kind="stable")
    if not len(secs):
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in _SESSION_COLUMNS.items()})
    starts, ends, lower, upper = _session_bounds(secs, rule)
    return pd.DataFrame({
        "start": pd.to_datetime(secs[starts], unit="s", utc=True).astype(_SESSION_COLUMNS["start"]),
        "end": pd.to_datetime(secs[ends], unit="s", utc=True).astype(_SESSION_COLUMNS["end"]),
        "views": (ends - starts + 1).astype(np.int64),
        "lower_seconds": lower,
        "upper_seconds": upper,
    })


# -- helpers ------------------------------------------------------------------------------------

def _zone(zone: str) -> ZoneInfo:
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"unknown time zone {zone!r} (use an IANA name such as 'Europe/Amsterdam')") from None


def _offset(zone: ZoneInfo, second: int) -> int:
    offset = datetime.fromtimestamp(second, zone).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def _local_seconds(utc: Vector, zone: ZoneInfo) -> Vector:
    """Whole seconds since 1970-01-01 00:00 *local wall-clock time* of whole UTC seconds.

    The zone's offset is looked up once per hour that holds a view, at both ends of the hour: no
    zone changes its offset twice within an hour, so equal ends mean one offset for the whole hour.
    Only the views of an hour with a change in it are looked up one by one.
    """
    xp = array_module(utc)
    if not len(utc):
        return xp.zeros(0, dtype="int64")
    hours, inverse = distinct_positions(utc // 3600)
    starts = xp.array([_offset(zone, h * 3600) for h in hours.tolist()], dtype="int64")
    ends = xp.array([_offset(zone, h * 3600 + 3599) for h in hours.tolist()], dtype="int64")
    offsets = starts[inverse]
    changing = xp.flatnonzero(starts != ends)
    if len(changing):
        rows = xp.flatnonzero(xp.isin(inverse, changing))
        offsets[rows] = [_offset(zone, second) for second in utc[rows].tolist()]
    return utc + offsets


_EPOCH_DAY = date(1970, 1, 1)


def _per_day_and_month(days: Vector) -> tuple[dict[str, int], dict[str, int]]:
    """Views per local day (``YYYY-MM-DD``) and per month (``YYYY-MM``), both ascending, from each
    view's local day counted from 1970-01-01: a few thousand distinct days at most, labelled in Python."""
    day_values, day_counts = distinct(days)
    per_day: dict[str, int] = {}
    per_month: dict[str, int] = {}
    for day, count in zip(day_values.tolist(), day_counts.tolist(), strict=True):
        label = (_EPOCH_DAY + timedelta(days=day)).isoformat()
        per_day[label] = int(count)
        per_month[label[:7]] = per_month.get(label[:7], 0) + int(count)
    return per_day, per_month


def _duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds and seconds % size == 0:
            n = seconds // size
            return f"{n} {unit}{'' if n == 1 else 's'}"
    return f"{seconds} second{'' if seconds == 1 else 's'}"


def _method(zone: str, rule: SessionRule) -> str:
    gap, view = _duration(rule.gap), _duration(rule.max_view)
    return (
        "The export records when each video was started, never for how long it was watched, so watch time "
        "is an estimate between two bounds. Views are sorted by time; a new session starts when more than "
        f"{gap} passed since the previous view (a pause of exactly {gap} stays in the session). "
        f"Lower bound: within each session, every view counts the time until the next view, at most {view}; "
        "the last view of a session counts nothing. "
        f"Upper bound: every session counts from its first to its last view, plus {view} for the last view. "
        "Views at the same second count as views but add no time; times are whole seconds. "
        f"Days, months, weekdays and hours are local time in {zone}. Late night means 23:00 up to 06:00 "
        "local time; school hours mean Monday to Friday, 08:30 up to 15:00 local time, without a holiday "
        "calendar (school and public holidays are counted as school days). Views without a date are counted "
        "as views only."
    )




def watch_times(export: Export) -> pd.Series:
    """The watch history's start times (``datetime64[ns, UTC]``, NaT where missing), in file order."""
    from dsar_analyzer.records.frames import field_column  # the pandas column of the library API

    return field_column(export, "watch_history", "watched_at")


def _activity(export: Export, section_id: str, time_field: str) -> ActivityFigures:
    moments = times(export, section_id, time_field)
    dated = moments[moments != NAT]
    return ActivityFigures(
        count=len(moments),
        dated=len(dated),
        first=utc_moment(dated.min()) if len(dated) else None,
        last=utc_moment(dated.max()) if len(dated) else None,
    )


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """(label, count) pairs by count descending, ties by label ascending."""
    return sorted(counts.items(), key=lambda p: (-p[1], p[0]))


# -- figures ------------------------------------------------------------------------------------

def viewing_figures(
    export: Export,
    *,
    zone: str = DEFAULT_ZONE,
    rule: SessionRule = SessionRule(),
    redact: bool = True,
    top: int = 10,
) -> ViewingFigures:
    """Viewing behaviour and interactions of one export (see the module docstring for every rule)."""
    if top < 0:
        raise ValueError("top must be zero or more")
    tz = _zone(zone)

    moments = times(export, "watch_history", "watched_at")
    xp = array_module(moments)
    utc = _dated_seconds(moments)
    _, _, lower, upper = _session_bounds(utc, rule)

    local = _local_seconds(utc, tz)
    days = local // _DAY  # floored: a local time before 1970 falls on the day before
    second_of_day = local - days * _DAY
    hours = second_of_day // 3600
    weekdays = (days + 3) % 7  # 1970-01-01 was a Thursday (weekday 3)
    cells = xp.bincount(weekdays * 24 + hours, minlength=7 * 24).tolist()
    late = (second_of_day >= _LATE_NIGHT_FROM) | (second_of_day < _LATE_NIGHT_UNTIL)
    school = (weekdays < 5) & (second_of_day >= _SCHOOL_FROM) & (second_of_day < _SCHOOL_UNTIL)
    per_day, per_month = _per_day_and_month(days)

    dated = moments[moments != NAT]
    favourites = {
        kind: _activity(export, f"favorite_{section}", "saved_at")
        for kind, section in (("videos", "videos"), ("sounds", "sounds"), ("effects", "effects"),
                              ("hashtags", "hashtags"), ("collections", "collections"))
    }
    methods = Counter(method or "unknown" for method in present_text(text_column(export, "shares", "method")))
    terms = Counter(term for term in present_text(text_column(export, "searches", "term")) if term is not None)
    ranked = _ranked(terms)
    top_terms = ranked[:top]
    if redact:
        top_terms = [(f"term {i}", n) for i, (_, n) in enumerate(top_terms, start=1)]

    return ViewingFigures(
        zone=zone,
        session_rule=rule,
        method=_method(zone, rule),
        views=len(moments),
        views_undated=len(moments) - len(dated),
        first_view=utc_moment(dated.min()) if len(dated) else None,
        last_view=utc_moment(dated.max()) if len(dated) else None,
        sessions=len(lower),
        watch_time_lower_seconds=int(lower.sum()),
        watch_time_upper_seconds=int(upper.sum()),
        per_day=per_day,
        per_month=per_month,
        heatmap=[cells[weekday * 24:(weekday + 1) * 24] for weekday in range(7)],
        late_night_views=int(late.sum()),
        school_hours_views=int(school.sum()),
        likes=_activity(export, "likes", "liked_at"),
        favourites=FavouriteFigures(**favourites, total=sum(f.count for f in favourites.values())),
        shares=_activity(export, "shares", "shared_at"),
        searches=_activity(export, "searches", "searched_at"),
        shares_by_method=dict(_ranked(methods)),
        distinct_search_terms=len(ranked),
        top_search_terms=top_terms,
        search_terms_redacted=redact,
    )
