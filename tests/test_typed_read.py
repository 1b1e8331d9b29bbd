"""Section list batches read straight into columns (``read.typed``) give exactly what the general path gives.

The typed read takes a batch only when the general path would accept every item of it under one key set
of text and timestamps; everything else (unknown or missing keys, other types, odd timestamps, a key
written twice, escapes, numbers) must go the general way, so the export read from a streamed member is
the whole member's export either way.
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any
from unittest import mock

import orjson
import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsar_analyzer import load
from dsar_analyzer.read import json_stream, typed
from dsar_analyzer.records.export import COMPACT_ROWS
from dsar_analyzer.records.models import Search, WatchEvent
from dsar_analyzer.records.values import TIMESTAMP_PATTERN
from tests.test_streamed_read import WHOLE, seen, streamed, zipped

_TIMESTAMP = st.builds(
    lambda y, mo, d, h, mi, s, sep, utc: f"{y:04d}-{mo:02d}-{d:02d}{sep}{h:02d}:{mi:02d}:{s:02d}{utc}",
    st.integers(1960, 2210), st.integers(0, 13), st.integers(0, 32), st.integers(0, 25), st.integers(0, 61),
    st.integers(0, 61), st.sampled_from([" ", "T", "_"]), st.sampled_from(["", "", " UTC", " utc", "Z"]))
_GOOD_TIMESTAMP = st.datetimes(datetime(1970, 1, 1), datetime(2199, 12, 31)).map(lambda d: f"{d:%Y-%m-%d %H:%M:%S}")
_ODD_TEXT = st.text(alphabet=st.sampled_from(list('},]{[":\\ \n\ta1é😀-T') + ["\u2028", "\x7f"]), max_size=6)
_PLAIN_TEXT = st.text(alphabet=st.sampled_from(list("abc/:.-T é😀") + ["\u2028"]), max_size=12)
_VALUE = st.one_of(_GOOD_TIMESTAMP, _GOOD_TIMESTAMP, _TIMESTAMP, _ODD_TEXT, st.none(), st.booleans(),
                   st.integers(-2**70, 2**70), st.just([]), st.just({"a": 1}),
                   st.sampled_from(["None", "", " 2020-01-01 00:00:00", "1969-12-31 23:59:59", "N/A"]))
_KEY = st.sampled_from(["Date", "Date", "Link", "Link", "Extra", "date"])


@st.composite
def _item(draw: st.DrawFn) -> bytes:
    """One list item as written: usually a clean watch item, else anything the general path decides."""
    if draw(st.integers(0, 7)):
        link = draw(st.one_of(_PLAIN_TEXT, _PLAIN_TEXT, _ODD_TEXT, st.none()))
        pairs = [("Date", draw(_GOOD_TIMESTAMP)), ("Link", link)]
        if draw(st.integers(0, 9)) == 0:  # the other order: the same key set to the typed read
            pairs.reverse()
    else:
        pairs = draw(st.lists(st.tuples(_KEY, _VALUE), max_size=4))  # a key may come twice
    written = ", ".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in pairs).encode()
    if draw(st.integers(0, 19)) == 0:  # escapes the general path must read (a key may come twice)
        written += (b", " if written else b"") + b'"Link": "\\u0061\\ud83d\\ude00"'
    text = b"{" + written + b"}"
    return text if draw(st.integers(0, 19)) else draw(st.sampled_from([b"5", b'"x"', b"null", b"[]", b"{}"]))


def _path(tmp_path: Path, items: list[bytes], copy: bool) -> Path:
    """The items as watch history and likes; ``copy``: the likes again in a second place (a copy)."""
    written = b",\n".join(items)
    second = b', "Likes and Favorites": {"Like List": {"ItemFavoriteList": [%s]}}' % written if copy else b""
    return zipped(tmp_path, b'{"Your Activity": {"Watch History": {"VideoList": [%s]}, "Like List": '
                            b'{"ItemFavoriteList": [%s]}}%s}' % (written, written, second))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.lists(st.tuples(_GOOD_TIMESTAMP, _PLAIN_TEXT), min_size=1, max_size=8),
       items=st.lists(_item(), min_size=1, max_size=60), budget=st.sampled_from([1024, 3072, 8192]),
       batch=st.integers(60, 800), copy=st.booleans(), later=st.booleans())
def test_typed_batches_read_as_the_general_path_and_the_whole_member(tmp_path: Path, first: list[tuple[str, str]],
                                                                      items: list[bytes], budget: int, batch: int,
                                                                      copy: bool, later: bool) -> None:
    # Plain items first, so that the first batch usually finds a key set and the typed read meets the rest.
    plain = [orjson.dumps({"Date": date, "Link": link}) for date, link in first]
    path = _path(tmp_path, plain + items, copy)
    # ``later``: typed batches of two items or more are written for the digest only when it is asked for
    # (as batches of ``COMPACT_ROWS`` are), between general batches, so a copy is still seen as one.
    with mock.patch.object(json_stream, "_BATCH_CHARS", batch), \
            mock.patch.object(typed, "COMPACT_ROWS", 2 if later else COMPACT_ROWS):
        read = seen(load(path, streamed(budget)))
        with mock.patch.object(json_stream, "typed_plan", lambda model, shape: None):
            general = seen(load(path, streamed(budget)))
    assert read == general == seen(load(path, WHOLE))


def test_a_clean_list_is_read_into_columns_after_its_first_batch(tmp_path: Path) -> None:
    items = [orjson.dumps({"Date": f"2021-0{1 + i % 9}-{1 + i % 28:02d} 10:{i % 60:02d}:00", "Link": f"l{i}"})
             for i in range(300)]
    path = _path(tmp_path, items, copy=True)
    taken: list[int] = []

    def counted(plan: typed.TypedPlan, text: str) -> typed.TypedBatch | None:
        batch = typed.read_batch(plan, text)
        taken.append(0 if batch is None else batch.length)
        return batch

    with mock.patch.object(json_stream, "_BATCH_CHARS", 1000), mock.patch.object(json_stream, "read_batch", counted):
        export = load(path, streamed(8 * 1024))  # slices of 8 items
    # Each list's first batch (21 items) goes the general way, which finds its key set; the rest are read
    # as columns (a cut past the end of a list, at its last batch, is left to the general path as well).
    assert sum(taken) == 3 * (300 - 21) and taken.count(0) == 2
    assert seen(export) == seen(load(path, WHOLE))
    # The two equal lists of likes are still seen as copies (the digest does not depend on where batches end).
    assert [s.reason for s in export.ledger.sections if s.status == "ignored"] == [
        "identical copy of /Your Activity/Like List; its records are counted once"]


def test_a_streamed_list_equals_a_plain_list_of_the_same_items() -> None:
    from tests.test_streamed_read import _fast_read

    items = [{"Link": f"l{i}", "Date": "2020-01-01 00:00:00"} for i in range(30)]
    data = orjson.dumps({"Your Activity": {"Watch History": {"VideoList": items}}})
    streamed_list = _fast_read(data, chunk_items=7)["Your Activity"]["Watch History"]["VideoList"]
    assert type(streamed_list).__name__ == "StreamedList"
    assert streamed_list == items and items == streamed_list
    assert streamed_list != items[:-1] and streamed_list != [*items[:-1], {"Link": "l29", "Date": None}]
    assert streamed_list != [*items[:-1], {"Link": "l29", "Date": "2020-01-01 00:00:00", "n": 2**70}]


def test_the_digest_of_long_typed_batches_is_written_only_when_asked_for() -> None:
    from dsar_analyzer.read.parse_json import list_digest
    from tests.test_streamed_read import _fast_read

    items: list[Any] = [{"Date": f"2020-01-01 00:00:{i % 60:02d}", "Link": f"l{i}"} for i in range(100_000)]
    odd = [*items[:50_000], {"Date": "2020-01-01 00:00:00", "Link": "l", "n": 1}, *items[50_000:]]
    for written in (items, odd):  # all typed after the first batch; a general batch between typed ones
        data = orjson.dumps({"Your Activity": {"Watch History": {"VideoList": written}}})
        streamed_list = _fast_read(data, chunk_items=65_536)["Your Activity"]["Watch History"]["VideoList"]
        assert type(streamed_list).__name__ == "StreamedList"
        # The clean list's typed batches (and its last item, read alone) are not written for it yet.
        assert isinstance(streamed_list._digest, str) == (written is odd)
        assert streamed_list == written and streamed_list.digest == list_digest(written)
        assert streamed_list != [*written[:-1], {**written[-1], "Link": "x"}]


def test_a_key_set_with_a_renamed_unrecognised_or_counted_field_has_no_plan() -> None:
    assert typed.typed_plan(WatchEvent, ("Date", "Link")) is not None
    assert typed.typed_plan(WatchEvent, ("Link", "Date")).keys == ("Link", "Date")  # type: ignore[union-attr]
    assert typed.typed_plan(Search, ("Date", "SearchTerm")) is not None
    assert typed.typed_plan(WatchEvent, ("Date", "Link", "Extra")) is None  # unrecognised key
    assert typed.typed_plan(WatchEvent, ("DATE", "Link")) is None  # renamed (case)
    assert typed.typed_plan(WatchEvent, ()) is None


@settings(max_examples=400, deadline=None)
@given(values=st.lists(st.one_of(_TIMESTAMP, _GOOD_TIMESTAMP, st.none(), _ODD_TEXT), max_size=6))
def test_the_fixed_width_check_accepts_only_what_the_bulk_pattern_accepts(values: list[str | None]) -> None:
    accepted = typed.timestamps_ok(pa.array(values, type=pa.large_string()))
    if accepted:
        assert all(v is None or re.match(TIMESTAMP_PATTERN, v) for v in values)
    # Every well-formed moment on a real day of 1970-2199 is accepted (the check is not a mere filter).
    exact = all(v is None or _real_moment(v) for v in values)
    assert accepted == exact


def _real_moment(value: str) -> bool:
    text = value.removesuffix(" UTC")
    if len(text) != 19 or text[10] not in " T":
        return False
    try:
        moment = datetime.strptime(text.replace("T", " "), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return False
    return 1970 <= moment.year <= 2199 and text.isascii() and f"{moment:%Y-%m-%d %H:%M:%S}" == text.replace("T", " ")


def test_a_sliced_column_is_checked_on_its_own_values() -> None:
    column = pa.array(["bad", "2020-02-29 00:00:00", None, "2021-02-29 00:00:00"], type=pa.large_string())
    assert typed.timestamps_ok(column.slice(1, 2))
    assert not typed.timestamps_ok(column.slice(1, 3))
    assert not typed.timestamps_ok(column.slice(0, 2))


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.tuples(_GOOD_TIMESTAMP, st.one_of(st.none(), st.text(max_size=8).filter(
    lambda t: "\\" not in t and '"' not in t and not any(ord(c) < 32 for c in t)))), min_size=1, max_size=8))
def test_typed_items_are_written_for_the_digest_as_orjson_writes_them(values: list[tuple[str, str | None]]) -> None:
    plan = typed.typed_plan(WatchEvent, ("Link", "Date"))
    assert plan is not None
    items = [{"Link": link, "Date": date} for date, link in values]
    text = orjson.dumps(items).decode()
    batch = typed.read_batch(plan, text)
    assert batch is not None
    assert batch.written == orjson.dumps(items, option=orjson.OPT_SORT_KEYS)
    assert [batch.columns["Date"].to_pylist(), batch.columns["Link"].to_pylist()] == [
        [d for d, _ in values], [link for _, link in values]]
    assert list(batch.columns) == ["Link", "Date"]


def test_what_the_typed_read_leaves_to_the_general_path() -> None:
    plan = typed.typed_plan(WatchEvent, ("Date", "Link"))
    assert plan is not None
    good = '{"Date": "2020-01-01 00:00:00", "Link": "a"}'
    assert typed.read_batch(plan, f"[{good}, {good}]") is not None
    for odd in ['{"Date": "2020-01-01 00:00:00", "Link": "a", "Link": "b"}',   # a key written twice
                '{"Date": "2020-01-01 00:00:00", "Link": null, "Link": "b"}',
                '{"Date": "2020-01-01 00:00:00"}',                              # a key missing
                '{"Date": "2020-01-01 00:00:00", "Link": "a", "X": 1}',         # an unknown key
                '{"Date": "2020-01-01 00:00:00", "Link": 5}',                   # not text
                '{"Date": "2020-01-01 00:00:00", "Link": "\\u0061"}',           # an escape
                '{"Date": "None", "Link": "a"}', '{"Date": " 2020-01-01 00:00:00", "Link": "a"}',
                '{"Date": "2019-02-29 00:00:00", "Link": "a"}', '{}', '5']:
        assert typed.read_batch(plan, f"[{good}, {odd}]") is None, odd


_ROW_VALUE = st.one_of(
    _TIMESTAMP, _GOOD_TIMESTAMP, _ODD_TEXT, st.none(), st.booleans(), st.floats(allow_nan=False),
    st.integers(-2**70, 2**70), st.integers(0, 10**19), st.just([]), st.just({}),
    st.text(alphabet=st.sampled_from(list("0123456789 \t\r\n٣NoneA/ul")), max_size=22),
    st.sampled_from(["None", "N/A", "null", "", " 12 ", "12\n", "\n12", "1969-12-31 23:59:59 UTC", "١٢"]))


@settings(max_examples=600, deadline=None)
@given(value=_ROW_VALUE)
def test_the_python_check_of_each_row_type_accepts_what_pydantic_accepts(value: Any) -> None:
    from pydantic import TypeAdapter, ValidationError

    from dsar_analyzer.read import validate
    from dsar_analyzer.records.values import CountRow, IdentifierRow, TimestampRow

    rows: tuple[Any, ...] = (TimestampRow, str | None, CountRow, IdentifierRow)
    for row in rows:
        check = validate._python_check(row)
        assert check is not None
        try:
            TypeAdapter(row).validate_python(value)
            accepted = True
        except ValidationError:
            accepted = False
        if row is IdentifierRow and type(value) is int and not -2**63 <= value < 2**64:
            assert not check(value)  # left to pydantic-core
        else:
            assert check(value) == accepted, (row, value)


@settings(max_examples=100, deadline=None)
@given(values=st.lists(st.tuples(_ROW_VALUE, _ROW_VALUE), min_size=1, max_size=12))
def test_small_batches_checked_in_python_are_filed_as_checked_by_pydantic(values: list[tuple[Any, Any]]) -> None:
    from dsar_analyzer.read import validate
    from dsar_analyzer.records.models import CoinPurchase, ShopVoucher

    for model, keys in ((WatchEvent, ("Date", "Link")), (CoinPurchase, ("CoinAmount", "Date")),
                        (ShopVoucher, ("VoucherId", "CostType"))):
        items = [dict(zip(keys, pair)) for pair in values]
        in_python = validate.validate_items(model, items)
        with mock.patch.object(validate, "PYTHON_CHECK_ITEMS", -1):
            by_pydantic = validate.validate_items(model, items)
        assert in_python == by_pydantic


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.one_of(st.none(), st.text(max_size=6), _ODD_TEXT), max_size=40))
def test_a_text_column_built_from_its_buffers_equals_arrows_own(values: list[str | None]) -> None:
    from dsar_analyzer.records.export import text_array

    built = text_array(values)
    built.validate(full=True)
    assert built.equals(pa.array(values, type=pa.large_string()))
    assert built.to_pylist() == values and built.null_count == values.count(None)


def test_a_text_column_refuses_what_is_not_text() -> None:
    from dsar_analyzer.records.export import text_array

    for odd in ([1, "a"], ["a", b"b"], [None, 2.5], ["a", ["b"]]):
        try:
            text_array(odd)
        except (TypeError, UnicodeError):
            continue
        raise AssertionError(odd)
