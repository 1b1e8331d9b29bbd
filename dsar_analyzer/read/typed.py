"""Read a batch of section list items straight into columns, for key sets of text and timestamps only.

The general path (``json_stream._Fast`` then ``validate.validate_items``) builds a dict per item,
counts the key sets, has pydantic-core check every row and then copies the values into columns.
For a list whose items are all written under one known key set of text and timestamp fields (watch
history, likes, searches: nearly every record of a large export), this does the same in one go:
msgspec decodes the batch's text into a ``Struct`` per item (built for that key set, in
microseconds), the values go to Arrow text columns, and the timestamps are checked on the columns'
bytes by a fixed-width test.

It only ever accepts less than the general path: a batch is taken here only when every check of
the general path would pass and would file exactly these rows. Anything else gives None, and the
batch goes the general way, whose answer is the reference:

- a key outside the key set (``forbid_unknown_fields``), a key missing (``UNSET``), an item that is
  not an object, a value that is not text or null;
- a backslash anywhere in the text (escapes are left to the general path);
- a key written twice (msgspec keeps the last silently): without a backslash every ``"`` opens or
  closes a string, and the strings written are the keys plus the text values, so a key written
  twice is at least one string more than the items kept;
- a timestamp that is not exactly ``YYYY-MM-DD HH:MM:SS`` (space or ``T``, optionally `` UTC``) on
  a real day of 1970-2199: the bulk pattern (``values.TIMESTAMP_PATTERN``) accepts more (blanks,
  sentinels, the epoch placeholder), and those are left to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from typing import Any

import msgspec

from dsar_analyzer.read.validate import bulk_capable, shape_plan
from dsar_analyzer.records.export import COMPACT_ROWS, text_array
from dsar_analyzer.records.models import Record
from dsar_analyzer.records.values import RowType, TimestampRow

_TEXT, _TIME = "text", "time"


@dataclass(frozen=True, slots=True)
class TypedPlan:
    """How the items of one key set are read: the keys in order written, each one's field and kind."""

    keys: tuple[str, ...]
    kinds: tuple[str, ...]
    #: field name -> the key that feeds it, as ``validate`` sets it for rows kept as read
    row_keys: dict[str, str]
    #: the Struct's attribute of each key of ``keys``; the Struct holds (and writes) the keys sorted,
    #: as orjson writes them for the digest
    attributes: tuple[str, ...]
    decoder: Any


def _kind(model: type[Record], field: str) -> str | None:
    info = model.model_fields[field]
    row = next((m.annotation for m in info.metadata if isinstance(m, RowType)), None)
    if row is TimestampRow:
        return _TIME
    if row == (str | None):
        return _TEXT
    return None


@cache
def typed_plan(model: type[Record], shape: tuple[str, ...]) -> TypedPlan | None:
    """The plan for items written under exactly ``shape`` (in this order), or None when the general
    path would rename a key, keep one unrecognised, or check a field other than text or a timestamp."""
    if not shape or not bulk_capable(model):
        return None
    plan = shape_plan(model, shape)
    if plan.renames or plan.unrecognised:
        return None
    fields = dict(plan.claims)  # key -> field
    kinds = tuple(_kind(model, fields[key]) for key in shape)
    if None in kinds:
        return None
    ordered = sorted(shape)
    names = [f"f{i}" for i in range(len(ordered))]
    struct = msgspec.defstruct(
        f"{model.__name__}Item", [(name, str | None | msgspec.UnsetType, msgspec.UNSET) for name in names],
        forbid_unknown_fields=True, rename=dict(zip(names, ordered)),
        gc=False)  # text and None only: no cycle possible, and a million items no longer trigger collections
    attribute = dict(zip(ordered, names))
    decoder = msgspec.json.Decoder(list[struct])  # type: ignore[valid-type]
    return TypedPlan(shape, kinds, {name: key for key, name in plan.claims},  # type: ignore[arg-type]
                     tuple(attribute[key] for key in shape), decoder)


@dataclass(slots=True)
class TypedBatch:
    """The items of one batch as columns: key -> Arrow ``large_string`` array, in the plan's key order."""

    length: int
    columns: dict[str, Any]
    #: The items written as ``orjson.dumps(items, option=OPT_SORT_KEYS)`` writes them (for the digest);
    #: None for a batch of ``COMPACT_ROWS`` items or more, whose columns the records hold as read: the
    #: digest is written from them only if a copy of the list is ever compared (``json_stream``).
    written: bytes | None


def read_batch(plan: TypedPlan, text: str) -> TypedBatch | None:
    """The items of ``text`` (a JSON array) as columns, or None when the general path must read them."""
    if "\\" in text:
        return None
    try:
        items = plan.decoder.decode(text)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    if not items:
        return None
    columns: dict[str, Any] = {}
    strings = 0
    for key, kind, attribute in zip(plan.keys, plan.kinds, plan.attributes):
        values = list(map(attrgetter(attribute), items))
        try:
            column = text_array(values)
        except (TypeError, UnicodeError):  # a missing key left ``UNSET``
            return None
        if kind == _TIME and not timestamps_ok(column):
            return None
        strings += len(column) - column.null_count
        columns[key] = column
    if text.count('"') != 2 * (len(items) * len(plan.keys) + strings):
        return None  # a key written twice
    return TypedBatch(len(items), columns, msgspec.json.encode(items) if len(items) < COMPACT_ROWS else None)


#: Days in each month of a common year; February of a leap year is checked apart.
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DIGITS = (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18)
_SEPARATORS = (4, 7, 13, 16)


def timestamps_ok(column: Any) -> bool:
    """True when every value of an Arrow text column is null or ``YYYY-MM-DD HH:MM:SS`` (space or
    ``T`` between, optionally `` UTC`` after) on a real day of 1970-2199, checked on its bytes; such
    a value matches ``TIMESTAMP_PATTERN``. False says only that the pattern must decide."""
    import numpy as np

    _, offsets_buffer, data_buffer = column.buffers()
    if data_buffer is None:
        return bool(column.null_count == len(column))
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[column.offset:column.offset + len(column) + 1]
    starts, lengths = offsets[:-1], np.diff(offsets)
    if column.null_count:
        valid = column.is_valid().to_numpy(zero_copy_only=False)
        starts, lengths = starts[valid], lengths[valid]
    if not len(starts):
        return True
    data = np.frombuffer(data_buffer, dtype=np.uint8)
    if np.all(lengths == 19) and offsets[-1] - offsets[0] == 19 * len(starts):
        chars = data[offsets[0]:offsets[-1]].reshape(-1, 19)  # one after the other, no null between: a view
    else:
        with_utc = lengths == 23
        if not np.all((lengths == 19) | with_utc):
            return False
        if with_utc.any():
            suffix = data[starts[with_utc][:, None] + np.arange(19, 23)]
            if not np.all(suffix == np.frombuffer(b" UTC", dtype=np.uint8)):
                return False
        chars = data[starts[:, None] + np.arange(19)]
    digits = chars[:, _DIGITS] - np.uint8(48)  # a byte below "0" wraps round past 9
    if (digits > 9).any() or (chars[:, _SEPARATORS] != np.array([45, 45, 58, 58], dtype=np.uint8)).any() \
            or ((chars[:, 10] != 32) & (chars[:, 10] != 84)).any():
        return False
    numbers = digits.astype(np.int16)
    pairs = numbers[:, 0::2] * 10 + numbers[:, 1::2]  # century, year of it, month, day, hour, minute, second
    year = pairs[:, 0] * 100 + pairs[:, 1]
    month, day = pairs[:, 2], pairs[:, 3]
    if ((year < 1970) | (year > 2199) | (month < 1) | (month > 12) | (day < 1)).any() \
            or (pairs[:, 4:] > np.array([23, 59, 59], dtype=np.int16)).any():
        return False
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    last = np.asarray(_MONTH_DAYS, dtype=np.int16)[month] + (leap & (month == 2))
    return not bool((day > last).any())
