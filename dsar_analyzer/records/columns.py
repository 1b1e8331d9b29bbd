"""One field of a section as a plain column (numpy times, Python lists), the analysis's input; no pandas.

Importing pandas costs about 0.4 s, most of the whole run of a small export, and the analysis needs
none of it: it reads a few columns and counts. So the figures are computed on these columns, and
``frames`` builds its pandas frames (the library's table API) from the same columns. Timestamps
become ``datetime64[ns]`` arrays in UTC with ``NaT`` where there is no time; text and ids lists with
``None`` for every "no value" spelling; counts lists of ints. Each column is built once per export.

The figures read times as whole nanoseconds (``times``, ``record_times``): a numpy int64 array, or
for an export of at most ``SMALL_EXPORT`` records a ``plain.PlainArray`` holding the same numbers, so
that a small export never imports numpy (about 40 ms, more than all its counting). The rules are
written once against ``array_module`` of their columns and give the same figures both ways (tested).
"""

from __future__ import annotations

import difflib
from collections import Counter
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import TYPE_CHECKING, Any

from dsar_analyzer.records import plain
from dsar_analyzer.records.export import Export, SectionRecords
from dsar_analyzer.records.models import Record
from dsar_analyzer.records.plain import PlainArray, Vector
from dsar_analyzer.records.registry import SECTIONS
from dsar_analyzer.records.values import (
    NO_VALUE_STRINGS,
    PLACEHOLDER_TIMESTAMPS,
    clean_identifier,
    clean_text,
    parse_count,
    parse_timestamp,
)

if TYPE_CHECKING:
    import numpy as np

_KIND_BY_PARSER = {parse_timestamp: "time", clean_text: "text", parse_count: "count", clean_identifier: "id"}

#: Up to this many values a column is cleaned in Python: each vectorised operation costs a fixed
#: time however short the column. Above it, numpy's and Arrow's kernels win. Both paths give
#: identical columns (a test says so).
SMALL_COLUMN = 2048

#: Up to this many records an export's figures are counted on ``PlainArray`` columns, above it on
#: numpy's: each numpy operation costs a fixed time however short the column, and importing numpy
#: costs more than all the counting of a small export. Both give the same figures (a test says so).
SMALL_EXPORT = 2048

#: numpy's "not a time" as the int64 it is stored as.
NAT = -(2**63)


def array_module(values: Vector) -> Any:
    """The module whose functions the figures apply to ``values``: ``plain`` or numpy."""
    if isinstance(values, PlainArray):
        return plain
    import numpy

    return numpy


def module_for(export: Export) -> Any:
    """``plain`` for an export of at most ``SMALL_EXPORT`` records, else numpy: the module of its columns."""
    if sum(len(records) for records in export.sections.values()) <= SMALL_EXPORT:
        return plain
    import numpy

    return numpy


class UnknownSection(KeyError):
    """A section id that is not one of ``SECTIONS``; its message lists the valid ones."""

    def __init__(self, section_id: str) -> None:
        close = difflib.get_close_matches(section_id, SECTIONS, n=1) if isinstance(section_id, str) else []
        hint = f" (did you mean {close[0]}?)" if close else ""
        super().__init__(f"unknown section id {section_id!r}{hint}; the section ids are: {', '.join(sorted(SECTIONS))}")

    def __str__(self) -> str:  # KeyError would show the message as a quoted repr
        return str(self.args[0])


def section_spec(section_id: str) -> Any:
    """The registry entry of a section id; ``UnknownSection`` for anything else."""
    try:
        return SECTIONS[section_id]
    except (KeyError, TypeError):
        raise UnknownSection(section_id) from None


@cache
def field_kinds(model: type[Record]) -> dict[str, str]:
    """Field name -> "time" | "text" | "count" | "id" | "other", in model order."""
    kinds = {}
    for name, info in model.model_fields.items():
        if name == "unrecognised_fields":
            continue
        parsers = [getattr(m, "func", None) for m in info.metadata]
        kinds[name] = next((_KIND_BY_PARSER[p] for p in parsers if p in _KIND_BY_PARSER), "other")
    return kinds


def primary_time_field(model: type[Record]) -> str | None:
    """The first timestamp field of a model: when the recorded event happened."""
    return next((name for name, kind in field_kinds(model).items() if kind == "time"), None)


# -- timestamps -------------------------------------------------------------------------------------

_EPOCH = datetime(1970, 1, 1)
_SECOND = timedelta(seconds=1)
_NS = 1_000_000_000
# Seconds since 1970 of the placeholder timestamps, and the range datetime64[ns] can hold.
_PLACEHOLDER_SECONDS = (-1, 0)
_NS_RANGE_SECONDS = (-9_223_372_036, 9_223_372_036)


_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=timezone.utc)


def utc_moment(ns: int | np.integer | np.datetime64) -> datetime:
    """The UTC ``datetime`` of nanoseconds since 1970 (whole microseconds: what ``datetime`` holds)."""
    value = int(ns.astype("int64")) if getattr(getattr(ns, "dtype", None), "kind", None) == "M" else int(ns)  # type: ignore[union-attr]
    return _EPOCH_UTC + timedelta(microseconds=value // 1000)


def _clean_time_text(value: Any) -> str | None:
    if value is None:
        return None
    text = value.strip().removesuffix(" UTC").replace("T", " ")
    return None if text.strip() in NO_VALUE_STRINGS or text in PLACEHOLDER_TIMESTAMPS else text


def _seconds(value: Any) -> int | None:
    """Whole seconds since 1970 (UTC) of a checked timestamp (text or a record's datetime), None for none."""
    if isinstance(value, datetime):
        # A record validated alone holds a datetime; rows checked in bulk hold the text.
        seconds = (value.astimezone(timezone.utc).replace(tzinfo=None) - _EPOCH) // _SECOND
        return None if seconds in _PLACEHOLDER_SECONDS else seconds
    text = _clean_time_text(value)
    return None if text is None else (datetime.fromisoformat(text) - _EPOCH) // _SECOND


def _nanoseconds(values: list[Any]) -> list[int]:
    return [NAT if s is None else s * _NS for s in map(_seconds, values)]


def _small_times(values: list[Any]) -> np.ndarray:
    import numpy as np

    return np.array(_nanoseconds(values), dtype=np.int64).view("datetime64[ns]")


def _exact_texts(values: list[Any]) -> list[Any]:
    """Each value written exactly as ``YYYY-MM-DD HH:MM:SS`` (`` UTC`` after it allowed), cut to that;
    None otherwise."""
    if set(map(type, values)) == {str} and set(map(len, values)) == {19}:
        return values  # the usual column: every value is such text, or a padded "no value" numpy refuses
    return [v[:19] if type(v) is str and len(v) in (19, 23) and v[4] == "-" and v[19:] in ("", " UTC") else None
            for v in values]


def _large_times(values: list[Any]) -> np.ndarray:
    """Parse a million timestamps in numpy's C parser, without the per-value clean-up, where the text allows it.

    Every value on a record has passed ``TIMESTAMP_PATTERN`` (a calendar-exact timestamp or a
    "no value" spelling), so a value of exactly ``YYYY-MM-DD HH:MM:SS`` (`` UTC`` allowed) is what the
    clean-up would have produced, and numpy reads it as written (50 ms per million; Arrow's parser
    needs the strings copied into Arrow first, which also imports pandas). Whatever else there is
    (no-value spellings, padding, a record's datetime) goes through the clean-up one by one.
    """
    import numpy as np

    try:
        seconds = np.array(_exact_texts(values), dtype="datetime64[s]").astype(np.int64)
    except ValueError:  # text the pattern would not have passed: the clean-up decides, value by value
        return _small_times(values)
    fast = (seconds != NAT) & (seconds >= _NS_RANGE_SECONDS[0]) & (seconds <= _NS_RANGE_SECONDS[1])
    ns = np.where(fast, seconds * _NS, NAT)
    ns[np.isin(seconds, _PLACEHOLDER_SECONDS)] = NAT
    rest = [i for i in np.flatnonzero(~fast).tolist() if values[i] is not None]
    if rest:
        ns[rest] = _small_times([values[i] for i in rest]).view(np.int64)
    times: np.ndarray = ns.view("datetime64[ns]")
    return times


def parse_times(values: list[Any]) -> np.ndarray:
    """Checked timestamps (text or datetimes, None) as ``datetime64[ns]`` in UTC, ``NaT`` for no time."""
    return _small_times(values) if len(values) <= SMALL_COLUMN else _large_times(values)


def _time_records(export: Export, section_id: str, name: str) -> SectionRecords | None:
    if field_kinds(section_spec(section_id).model)[name] != "time":
        raise ValueError(f"{section_id}.{name} is not a time field")
    return export.sections.get(section_id)


def time_column(export: Export, section_id: str, name: str) -> np.ndarray:
    """A time field of a section as ``datetime64[ns]`` (UTC, ``NaT`` where missing), in file order.

    Parsed once per section and field (figures, frames and the report ask for the same times again);
    the array is shared, so it is read-only.
    """
    import numpy as np

    records = _time_records(export, section_id, name)
    if records is None:
        return np.empty(0, dtype="datetime64[ns]")
    key = ("time_column", name)
    if key not in records.derived:
        times = parse_times(records.column(name))
        times.flags.writeable = False
        records.derived[key] = times
    column: np.ndarray = records.derived[key]
    return column


def times(export: Export, section_id: str, name: str) -> Vector:
    """A time field of a section as whole nanoseconds since 1970 (UTC, ``NAT`` where missing), in file
    order: the int64 view of ``time_column``, or for a small export a ``PlainArray`` of the same numbers
    (parsed once; shared, so never to be changed)."""
    if module_for(export) is not plain:
        return time_column(export, section_id, name).view("int64")
    records = _time_records(export, section_id, name)
    if records is None:
        return PlainArray([])
    key = ("plain_times", name)
    if key not in records.derived:
        records.derived[key] = PlainArray(_nanoseconds(records.column(name)))
    column: PlainArray = records.derived[key]
    return column


# -- text ---------------------------------------------------------------------------------------------

def text_values(values: list[Any]) -> list[str | None]:
    """Text as read, with every "no value" spelling (``N/A``, ``None``, blanks...) as None."""
    return [None if v is None or v.strip() in NO_VALUE_STRINGS else v for v in values]


def text_column(export: Export, section_id: str, name: str) -> list[str | None]:
    """A text or id field of a section, "no value" as None (ids written as numbers become text)."""
    kind = field_kinds(section_spec(section_id).model)[name]
    if kind not in ("text", "id"):
        raise ValueError(f"{section_id}.{name} is not a text field")
    records: SectionRecords | None = export.sections.get(section_id)
    if records is None:
        return []
    values = records.column(name)
    return text_values([str(v) if isinstance(v, int) else v for v in values] if kind == "id" else values)


def present_text(values: list[str | None]) -> list[str | None]:
    """Text with surrounding blanks removed and empty values None."""
    return [v.strip() or None if v is not None else None for v in values]


# -- counting ---------------------------------------------------------------------------------------------

#: A range of values at most this many times the number of values (plus a constant) is counted in a
#: table indexed by value (``np.bincount``, linear) instead of sorted: days, months and hours of an
#: export span a few thousand values against up to millions of records, where sorting cost 0.25 s of
#: the 0.73 s ``analyse`` of a 1M-record export.
_COUNTED_SPAN_PER_VALUE, _COUNTED_SPAN_EXTRA = 4, 4096


def _counted_span(values: np.ndarray) -> tuple[np.ndarray, int, int] | None:
    """Integer (or date/time) values as int64, their minimum and the width of their range, when that
    range is narrow enough to count in a table; None otherwise (NaT, a wide range, other kinds)."""
    import numpy as np

    if not len(values) or values.dtype.kind not in "iM":
        return None
    ints = values.view(np.int64) if values.dtype.kind == "M" else values.astype(np.int64, copy=False)
    low, high = int(ints.min()), int(ints.max())
    span = high - low + 1
    if values.dtype.kind == "M" and low == NAT:
        return None
    if span > _COUNTED_SPAN_PER_VALUE * len(values) + _COUNTED_SPAN_EXTRA:
        return None
    return ints, low, span


def _like(ints: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Whole numbers from ``_counted_span`` as values of the array they were counted from (its dtype)."""
    import numpy as np

    return ints.astype(np.int64).view(values.dtype) if values.dtype.kind == "M" else ints.astype(values.dtype)


def distinct(values: Vector) -> tuple[Vector, Vector]:
    """The distinct values of a 1-d array in ascending order and how often each occurs: ``np.unique``
    with counts, without the masked-array module that ``np.unique`` loads on its first call (10-40 ms
    of a small export's whole run)."""
    if isinstance(values, PlainArray):
        tally = Counter(values.values)
        keys = sorted(tally)
        return PlainArray(keys), PlainArray([tally[v] for v in keys])
    import numpy as np

    counted = _counted_span(values)
    if counted is not None:
        ints, low, span = counted
        counts = np.bincount(ints - low, minlength=span)
        present = np.flatnonzero(counts)
        return _like(present + low, values), counts[present]
    ordered = np.sort(values)
    first = _first_of_runs(ordered)
    return ordered[first], np.diff(np.append(first, len(ordered)))


def distinct_positions(values: Vector) -> tuple[Vector, Vector]:
    """The distinct values of a 1-d array in ascending order and each value's position among them."""
    if isinstance(values, PlainArray):
        keys = sorted(set(values.values))
        place = {v: i for i, v in enumerate(keys)}
        return PlainArray(keys), PlainArray([place[v] for v in values.values])
    import numpy as np

    counted = _counted_span(values)
    if counted is not None:
        ints, low, span = counted
        present = np.bincount(ints - low, minlength=span) > 0
        rank = np.cumsum(present) - 1
        return _like(np.flatnonzero(present) + low, values), rank[ints - low].astype(np.int64)
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    first = _first_of_runs(ordered)
    starts = np.zeros(len(ordered), dtype=np.int64)
    starts[first] = 1
    positions = np.empty(len(ordered), dtype=np.int64)
    positions[order] = np.cumsum(starts) - 1
    return ordered[first], positions


def _first_of_runs(ordered: np.ndarray) -> np.ndarray:
    import numpy as np

    starts = np.empty(len(ordered), dtype=bool)
    starts[:1] = True
    starts[1:] = ordered[1:] != ordered[:-1]
    return np.flatnonzero(starts)


# -- every record ---------------------------------------------------------------------------------------

_SECTION_CODE = {section_id: code for code, section_id in enumerate(SECTIONS)}


def record_times(export: Export) -> tuple[Vector, Vector]:
    """Every record once, in ``records_frame`` order: its section's position in ``SECTIONS`` and its
    primary timestamp (nanoseconds since 1970 UTC, ``NAT`` when it has none), as ``times`` gives them."""
    xp = module_for(export)
    codes = []
    moments = []
    for section_id, spec in SECTIONS.items():
        records = export.sections.get(section_id)
        if records is None:
            continue
        codes.append(xp.full(len(records), _SECTION_CODE[section_id], dtype="int64"))
        field = primary_time_field(spec.model)
        moments.append(times(export, section_id, field) if field else xp.full(len(records), NAT, dtype="int64"))
    if not codes:
        return xp.zeros(0, dtype="int64"), xp.zeros(0, dtype="int64")
    return xp.concatenate(codes), xp.concatenate(moments)
