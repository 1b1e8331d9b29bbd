"""A JSON member above the memory budget is read item by item (``json_stream``): the export must be the
one the in-memory path reads (records, columns, sources, ledger), whatever slices the lists fall in.

A tiny budget forces the streamed path on small inputs; its slices are then a few items long, so runs
of invalid items, empty objects and duplicate keys fall across slice boundaries.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from unittest import mock

import orjson
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsar_analyzer import load, samples
from dsar_analyzer.errors import CorruptInput
from dsar_analyzer.read import json_stream
from dsar_analyzer.read.archive import Limits, Member
from dsar_analyzer.read.json_stream import SECOND_DOCUMENT_NOTE, STREAMED
from dsar_analyzer.records.export import COMPACT_ROWS, Export
from dsar_analyzer.records.frames import field_kinds

WHOLE = Limits(stream_above_bytes=2**40)
NAME = "user_data_tiktok.json"


def streamed(budget: int, hold: int = 0) -> Limits:
    """A budget every test member is above, with slices of ``budget // 1024`` items (at least 1); read
    again from the input unless ``hold`` bytes of such members may be held from the first read."""
    return Limits(stream_above_bytes=budget, hold_streamed_bytes=hold)


def seen(export: Export) -> dict[str, Any]:
    """Everything a report or a table can read from an export."""
    sections = {}
    for section_id, records in export.sections.items():
        names = list(field_kinds(records.model))
        sections[section_id] = ([r.model_dump() for r in records.records], [str(s) for s in records.sources()],
                                {n: records.column(n) for n in names}, records.source_columns(),
                                [records.record(i).model_dump() for i in range(len(records))],
                                records.holds_typed_values)
    return {"sections": sections, "ledger": export.ledger.model_dump(), "format": export.format,
            "generation": export.generation, "language": export.language, "hashes": export.member_hashes,
            "input": (export.input.sha256, export.input.size)}


def zipped(tmp_path: Path, data: bytes, name: str = NAME) -> Path:
    path = tmp_path / "TikTok_Data.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"TikTok_Data_1/{name}", data)
    return path


# Odd items a list may hold: invalid records, empty objects, values that are not objects, unknown keys.
ODD_ITEM = st.one_of(
    st.just({}),
    st.just({"Date": "2020-02-30 10:00:00", "Link": "l"}),
    st.just({"Date": "not a date", "Link": 5}),
    st.integers(min_value=-3, max_value=3),
    st.none(),
    st.text(max_size=3),
    st.just({"Date": "2021-03-04 05:06:07", "Link": "x", "Extra": [1, {"a": None}]}),
    st.just({"date": "2021-03-04 05:06:07", "link": "lower case keys"}),
)


def _lists(node: Any, path: tuple[str, ...] = ()) -> list[list[Any]]:
    """Every list of the document at a place the streamed reader reads a slice at a time."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, list) and (*path, key) in STREAMED:
                found.append(value)
            found.extend(_lists(value, (*path, key)))
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(generation=st.sampled_from(samples.GENERATIONS_JSON), seed=st.integers(0, 2**16),
       count=st.one_of(st.integers(0, 9), st.just(40)), budget=st.sampled_from([0, 1024, 2048, 3072, 5120]),
       odd=st.lists(st.tuples(st.integers(0, 40), ODD_ITEM), max_size=12), hold=st.sampled_from([0, 2**30]),
       batch=st.sampled_from([1 << 20, 300, 1000]), data=st.data())
def test_a_streamed_member_reads_as_the_whole_member(tmp_path: Path, generation: str, seed: int, count: int,
                                                      budget: int, odd: list[tuple[int, Any]], hold: int,
                                                      batch: int, data: st.DataObject) -> None:
    sample = samples.generate(generation, seed=seed, counts={k: count for k in ("watch_history", "likes", "searches",
                                                                             "logins", "comments")},
                              start=datetime(2018, 5, 1, tzinfo=timezone.utc),
                              end=datetime(2026, 1, 1, tzinfo=timezone.utc))
    name, raw = next((n, d) for n, d in sample.members.items() if n.endswith(".json"))
    document = orjson.loads(raw)
    lists = _lists(document)
    for at, item in odd:
        if lists:
            target = lists[data.draw(st.integers(0, len(lists) - 1))]
            target.insert(min(at, len(target)), item)
    path = zipped(tmp_path, orjson.dumps(document, option=orjson.OPT_INDENT_2), name.rsplit("/", 1)[-1])
    # (Short batches: lists of every generation's key sets are read by ``read.typed`` too.)
    with mock.patch.object(json_stream, "_BATCH_CHARS", batch):
        export = load(path, streamed(budget, hold))
    assert seen(export) == seen(load(path, WHOLE))
    ledger = export.ledger
    totals = ledger.totals()
    assert ledger.check() == []
    assert totals.items == totals.records + totals.invalid + totals.ignored_items
    assert totals.invalid == sum(i.count for i in ledger.invalid_items)
    assert totals.records == export.record_count == sum(len(list(s.sources())) for s in export.sections.values())


def test_large_lists_are_held_as_columns_and_read_back_exactly(tmp_path: Path) -> None:
    watch = [{"Date": f"2021-01-{1 + i % 28:02d} 10:{i % 60:02d}:00", "Link": f"https://www.tiktokv.com/v/{i}/"}
             for i in range(COMPACT_ROWS + 10)]
    watch[7] = {"Date": "2021-01-01 10:00:00", "Link": None}
    document = {"Your Activity": {"Watch History": {"VideoList": watch}}}
    path = zipped(tmp_path, orjson.dumps(document))
    whole, small = load(path, WHOLE), load(path, streamed(8 * 1024 * 1024))
    assert seen(small) == seen(whole)
    parts = whole.sections["watch_history"]._parts
    assert [type(p).__name__ for p in parts] == ["_Columns"]
    assert whole.sections["watch_history"].column("url")[7] is None
    assert whole.sections["watch_history"].text_column("url").null_count == 1


def test_a_frame_of_arrow_held_text_equals_the_frame_built_from_python_strings(tmp_path: Path) -> None:
    from dsar_analyzer.records import frames
    from dsar_analyzer.records.export import SectionRecords

    watch = [{"Date": f"2021-01-{1 + i % 28:02d} 10:{i % 60:02d}:00", "Link": f" https://www.tiktokv.com/v/{i}/ "}
             for i in range(COMPACT_ROWS + 10)]
    watch[7]["Link"], watch[8]["Link"], watch[9]["Link"] = "N/A", " ", ""
    path = zipped(tmp_path, orjson.dumps({"Your Activity": {"Watch History": {"VideoList": watch}}}))
    held = frames.section_frame(load(path, WHOLE), "watch_history")
    with mock.patch.object(SectionRecords, "text_column", lambda self, name: None):
        listed = frames.section_frame(load(path, WHOLE), "watch_history")
    pd.testing.assert_frame_equal(held, listed)
    assert held["url"][:10].isna().tolist() == [False] * 7 + [True] * 3


DUPLICATES = {
    "a list key written twice: the first list is lost": (
        b'{"Your Activity": {"Watch History": {"VideoList": [{"Date": "2020-01-01 00:00:00", "Link": "a"},'
        b'{"Date": "2020-01-01 00:00:01", "Link": "b"}, {"Date": "2020-01-01 00:00:02", "Link": "c"}],'
        b'"VideoList": [{"Date": "2021-01-01 00:00:00", "Link": "d"}, {"Date": "2021-01-01 00:00:00", "Link": "e"}]}}}'),
    "a key written twice inside list items": (
        b'{"Your Activity": {"Watch History": {"VideoList": [{"Date": "2020-01-01 00:00:00", "Link": "a", "Link": "b"},'
        b'{"Date": "2020-01-01 00:00:01", "Link": "c"}, {"Date": "x", "Date": "2020-01-01 00:00:02", "Date": '
        b'"2020-01-01 00:00:03", "Link": "d"}]}}}'),
    "a duplicate inside a value that is lost itself": (
        b'{"Your Activity": {"Watch History": {"VideoList": [{"Date": "2020-01-01 00:00:00", "Link": {"x": 1, "x": 2},'
        b'"Link": "b"}, {"Date": "2020-01-01 00:00:01", "Link": "c"}]}}, "Your Activity": {"Searches": {"SearchList":'
        b'[{"Date": "2020-01-01 00:00:00", "SearchTerm": "t"}, {"Date": "2020-01-01 00:00:00", "SearchTerm": "u"}]}}}'),
    "a second copy of a section, identical": (
        b'{"Your Activity": {"Off TikTok Activity": {"OffTikTokActivityDataList": [{"TimeStamp": "2020-01-01 00:00:00",'
        b'"Source": "s", "Event": "e"}, {"TimeStamp": "2020-01-01 00:00:01", "Source": "s", "Event": "e"}]}},'
        b'"Profile And Settings": {"Off TikTok Activity": {"OffTikTokActivityDataList": [{"Event": "e", "TimeStamp":'
        b'"2020-01-01 00:00:00", "Source": "s"}, {"TimeStamp": "2020-01-01 00:00:01", "Source": "s", "Event": "e"}]}}}'),
}


@pytest.mark.parametrize("text", DUPLICATES.values(), ids=DUPLICATES.keys())
@pytest.mark.parametrize("budget", [0, 1024, 2048])
def test_duplicate_keys_and_copies_are_ledgered_as_on_the_whole_member(tmp_path: Path, text: bytes,
                                                                       budget: int) -> None:
    path = zipped(tmp_path, text)
    whole = load(path, WHOLE)
    assert whole.ledger.notes or any(s.status == "ignored" for s in whole.ledger.sections)
    assert seen(load(path, streamed(budget))) == seen(whole)


def test_duplicate_keys_inside_a_streamed_list_are_named_by_their_pointer(tmp_path: Path) -> None:
    path = zipped(tmp_path, DUPLICATES["a key written twice inside list items"])
    notes = [(n.where, n.message) for n in load(path, streamed(0)).ledger.notes]
    assert notes == [
        (f"TikTok_Data_1/{NAME}#/Your Activity/Watch History/VideoList/0/Link",
         "this key is written 2 times in the same object; the earlier value, holding 1 item, was not read "
         "(the last is read)"),
        (f"TikTok_Data_1/{NAME}#/Your Activity/Watch History/VideoList/2/Date",
         "this key is written 3 times in the same object; the earlier values, holding 2 items, were not read "
         "(the last is read)"),
    ]


@pytest.mark.parametrize("text", [b'{"Your Activity": {"Watch History": {"VideoList": [{"Date": "2020-01-01',
                                  b'{"Your Activity": {"Watch History": {"VideoList": [1, 2,, 3]}}}',
                                  b'{"Your Activity": ' + b"[" * 1100 + b"]" * 1100 + b"}",
                                  b'{"Your Activity": {"Watch History": {"VideoList": [{"a": ' + b"[" * 1100
                                  + b"]" * 1100 + b"}]}}}",
                                  b'\xff\xfe{"a": 1}',
                                  b'{"Your Activity": {"Searches": {"SearchList": [{"SearchTerm": "a\\ud800"}]}}}',
                                  b'{"Your Activity": {"Searches": {"SearchList": [{"SearchTerm": "\\udc00b"}]}}}',
                                  b'{"Your Activity": {"Searches": {"SearchList": [{"SearchTerm": "\\ud83d\\u0041"}]}}}'])
def test_a_damaged_streamed_member_is_refused_as_the_whole_member_is(tmp_path: Path, text: bytes) -> None:
    path = zipped(tmp_path, text)
    with pytest.raises(CorruptInput, match="damaged or incomplete") as whole:
        load(path, WHOLE)
    with pytest.raises(CorruptInput, match="damaged or incomplete.*please download the export from TikTok again"):
        load(path, streamed(0))
    assert "user_data_tiktok.json" in str(whole.value)


def test_escaped_surrogate_pairs_and_escaped_backslashes_are_read(tmp_path: Path) -> None:
    text = (b'{"Your Activity": {"Searches": {"SearchList": [{"Date": "2020-01-01 00:00:00", "SearchTerm": '
            b'"\\ud83d\\ude00 \\\\ud800"}, {"Date": "2020-01-01 00:00:00", "SearchTerm": "x"}]}}}')
    path = zipped(tmp_path, text)
    export = load(path, streamed(0))
    assert seen(export) == seen(load(path, WHOLE))
    assert export.records("searches")[0].term == "\U0001f600 \\ud800"


def test_a_second_document_after_a_streamed_one_is_noted_not_read(tmp_path: Path) -> None:
    one = b'{"Your Activity": {"Searches": {"SearchList": [{"Date": "2020-01-01 00:00:00", "SearchTerm": "t"}]}}}'
    export = load(zipped(tmp_path, one + b"\n" + one), streamed(0))
    assert [n.message for n in export.ledger.notes] == [SECOND_DOCUMENT_NOTE]
    assert len(export.records("searches")) == 1


def test_a_streamed_member_is_not_held_in_memory_but_read_again_from_the_input(tmp_path: Path) -> None:
    from dsar_analyzer.read.ingest import read_input

    text = b'{"Your Activity": {"Searches": {"SearchList": []}}}'
    archive = read_input(zipped(tmp_path, text), streamed(16))
    member, = archive.members
    assert member.data == b"" and member.reread is not None and member.content() == text
    assert member.size == len(text)
    archive.close()
    small, = read_input(zipped(tmp_path, text), streamed(len(text))).members
    assert small.data == text and small.reread is None


@pytest.mark.parametrize("kind", ["folder", "file", "bytes", "zip bytes", "zip stream"])
def test_every_kind_of_input_is_read_again_from_itself(tmp_path: Path, kind: str) -> None:
    import io

    text = (b'{"Your Activity": {"Searches": {"SearchList": [{"Date": "2020-01-01 00:00:00", "SearchTerm": "a"},'
            b'{"Date": "2020-01-01 00:00:01", "SearchTerm": "b"}]}}}')
    folder = tmp_path / "TikTok_Data_1"
    folder.mkdir()
    (folder / NAME).write_bytes(text)
    archive = zipped(tmp_path, text).read_bytes()
    name = {"bytes": NAME, "zip bytes": "upload.zip", "zip stream": "upload.zip"}.get(kind)

    def source() -> Any:  # a stream is read once: each load gets its own
        return {"folder": folder, "file": folder / NAME, "bytes": text, "zip bytes": archive,
                "zip stream": io.BytesIO(archive)}[kind]

    export = load(source(), streamed(0), name=name)
    assert seen(export) == seen(load(source(), WHOLE, name=name))
    assert len(export.records("searches")) == 2


def test_a_member_that_changes_between_the_two_reads_is_refused(tmp_path: Path) -> None:
    from dsar_analyzer.read.ingest import read_input
    from dsar_analyzer.read.loader import parse_archive

    text = b'{"Your Activity": {"Searches": {"SearchList": [{"Date": "2020-01-01 00:00:00", "SearchTerm": "a"}]}}}'
    path = tmp_path / NAME
    path.write_bytes(text)
    archive = read_input(path, streamed(0))
    path.write_bytes(text.replace(b'"a"', b'"b"'))  # the same file, written over in place
    with pytest.raises(CorruptInput, match="changed while it was being read"):
        parse_archive(archive, streamed(0))
    archive.close()


@pytest.mark.parametrize("kind", ["folder", "file", "zip"])
def test_members_held_within_the_budget_are_read_item_by_item_from_the_bytes_first_read(tmp_path: Path,
                                                                                        kind: str) -> None:
    from dsar_analyzer.read.ingest import read_input
    from dsar_analyzer.read.loader import parse_archive

    items = b",".join(b'{"Date": "2020-01-01 00:00:%02d", "SearchTerm": "%d"}' % (i, i) for i in range(40))
    first = b'{"Your Activity": {"Searches": {"SearchList": [%s]}}}' % items
    second = b'{"Your Activity": {"Watch History": {"VideoList": [%s]}}}' % items.replace(b"SearchTerm", b"Link")
    folder = tmp_path / "TikTok_Data_1"
    folder.mkdir()
    (folder / "a.json").write_bytes(first)
    (folder / "b.json").write_bytes(second)
    path = {"folder": folder, "file": folder / "a.json", "zip": tmp_path / "export.zip"}[kind]
    if kind == "zip":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("a.json", first)
            archive.writestr("b.json", second)
    # Room to hold the first member only: the second is read again from the input.
    limits = streamed(1024, hold=len(first) + 10)
    read = read_input(path, limits)
    held = [m.reread is not None and m.reread.held is not None for m in read.members]
    assert held == ([True] if kind == "file" else [True, False])
    assert all(m.data == b"" and m.content() == (first, second)[n] for n, m in enumerate(read.members))
    # Held bytes are what was hashed: changing the file afterwards changes nothing read from them.
    if kind != "zip":
        (folder / "a.json").write_bytes(first.replace(b'"1"', b'"x"'))
    export = parse_archive(read, limits)
    read.close()
    assert seen(export) == seen(load(path, WHOLE)) if kind == "zip" else len(export.records("searches")) == 40
    assert [r.term for r in export.records("searches")][:3] == ["0", "1", "2"]


@pytest.mark.parametrize("kind", ["folder", "file", "zip"])
def test_a_text_member_above_the_budget_is_read_whole_as_below_it(tmp_path: Path, kind: str) -> None:
    # The TXT parser reads a member's bytes whole: a TXT member larger than the budget (3,761 bytes here,
    # past 64 MiB by default) must still be held, not filed as an empty file.
    sample = Path(__file__).resolve().parents[1] / "sample_exports" / "txt-2025-en-sample_child_a.zip"
    with zipfile.ZipFile(sample) as archive:
        archive.extractall(tmp_path / "export")
    folder = tmp_path / "export"
    path = {"folder": folder, "file": folder / "TikTok" / "Your Activity" / "Watch History.txt", "zip": sample}[kind]
    export = load(path, streamed(1024))
    assert len(export.records("watch_history")) == 40
    assert sum(len(records) for records in export.sections.values()) == (40 if kind == "file" else 127)
    assert seen(export) == seen(load(path, WHOLE))


def test_diagnose_describes_a_streamed_member_as_a_whole_one(tmp_path: Path) -> None:
    from dsar_analyzer.read.diagnose import diagnose_json

    path = zipped(tmp_path, DUPLICATES["a key written twice inside list items"])
    assert diagnose_json(path, streamed(0)) == diagnose_json(path, WHOLE)


# (The long plain piece gives blocks with no backslash at all, which the scan passes over whole.)
ESCAPE_PIECES = st.sampled_from([b"\\ud83d", b"\\ude00", b"\\\\", b"\\\\ud800", b"\\u0041", b"a", b"\\",
                                 b"plain text without escapes"])


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(ESCAPE_PIECES, max_size=30), block=st.integers(1, 40))
def test_a_lone_surrogate_is_found_in_any_blocks_as_orjson_finds_it(pieces: list[bytes], block: int) -> None:
    from dsar_analyzer.read.json_stream import _SurrogateScan

    text = b'["' + b"".join(pieces) + b'"]'
    try:
        orjson.loads(text)
        refused = False
    except orjson.JSONDecodeError as error:
        refused = "surrogate" in error.msg
        if not refused:
            return  # not a string orjson reads at all (a stray backslash): not this check's business
    scan = _SurrogateScan()
    data = b" " * 7 + text
    found = [scan.feed(data[i:i + block]) for i in range(0, len(data), block)] + [scan.feed(b"")]
    assert any(f is not None for f in found) == refused


# Text that looks like JSON's own punctuation, so that cuts between list items land inside strings too.
TRICKY_TEXT = st.text(alphabet=st.sampled_from(list('},]{[":\\ \n\ta1é😀') + ["\u2028", "\x00"]), max_size=8)
TRICKY_VALUE = st.recursive(
    st.one_of(TRICKY_TEXT, st.none(), st.booleans(), st.integers(1 - 2**63, 2**63 - 1),
              st.floats(allow_nan=False, allow_infinity=False)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TRICKY_TEXT, inner, max_size=3)),
    max_leaves=6)
TRICKY_ITEM = st.one_of(st.dictionaries(st.sampled_from(["Date", "Link", "}, {", ":", '"']), TRICKY_VALUE, max_size=4),
                        TRICKY_VALUE)
# Items written by hand: duplicate keys, whitespace before colons, large numbers (past 64 bits too: the C
# event parser refuses those, so such a member is read again by ijson's Python parser), escapes.
ODD_ITEM_TEXT = [b'{"Date": "2020-01-01 00:00:00", "Link": "a", "Link": "b"}', b'{"Date" : "x",\n"Link"\t:"}, {"}',
                 b'{"Date": "2021-03-04 05:06:07", "Link": "w", "n": 18446744073709551616, "m": -9223372036854775808}',
                 b'{"Date": "2021-03-04 05:06:07", "Link": -9223372036854775807, "x": 1.5e300}',
                 b'{"Date": "\\u005d\\\\", "Link": "\\"},\\""}', b'{"Link": {"a": 1, "a": [1, 2]}}', b'-0', b'1e400']


def _fast_read(data: bytes, chunk_items: int = 10**9) -> Any:
    member = Member(name=NAME, data=b"", sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                    compressed_size=len(data))
    return json_stream._Fast(NAME, json_stream._Checked(member, io.BytesIO(data)), chunk_items).document()


@settings(max_examples=150, deadline=None)
@given(items=st.lists(TRICKY_ITEM, max_size=25), other=TRICKY_VALUE, indent=st.booleans(),
       block=st.integers(1, 64), batch=st.integers(1, 400))
def test_the_fast_read_builds_lists_in_any_blocks_and_batches_as_orjson_does(items: list[Any], other: Any,
                                                                             indent: bool, block: int,
                                                                             batch: int) -> None:
    document = {"Your Activity": {"Watch History": {"VideoList": items}, "Searches": {"SearchList": items[::-1]}},
                "Other": other}
    data = orjson.dumps(document, option=orjson.OPT_INDENT_2 if indent else 0)
    with mock.patch.object(json_stream, "CHUNK_BYTES", block), mock.patch.object(json_stream, "_BATCH_CHARS", batch):
        assert _fast_read(data) == orjson.loads(data)


@pytest.mark.parametrize(("items", "lost"), [
    (b'{"Date": "a", "Date": 1}, {"Link": "c"}, {}', [("/0/Date", 1)]),        # among plain objects
    (b'{}, {"Date": "\\"", "Date": "b"}, {}', [("/1/Date", 1)]),            # with a backslash
    (b'{"Link": {"x": [1, 2], "x": 2}}, {}', [("/0/Link/x", 2)]),              # in a nested object
    (b'{"Link": {"x": 1, "x": 2}, "Link": 3}, {}', [("/0/Link", 1)]),         # in a value lost itself
    (b'{"Date": "a", "Date": "b"}', [("/0/Date", 1)]),                         # in an item read alone
    (b'{}, [{"Date": {"x": 1, "x": 2}}]', [("/1/0/Date/x", 1)]),               # the same, nested
])
def test_a_lost_key_in_a_batch_is_noted_where_it_was_lost(items: bytes, lost: list[tuple[str, int]]) -> None:
    data = b'{"Your Activity": {"Watch History": {"VideoList": [%s]}}}' % items
    member = Member(name=NAME, data=b"", sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                    compressed_size=len(data))
    fast = json_stream._Fast(NAME, json_stream._Checked(member, io.BytesIO(data)), 10**9)
    document = fast.document()
    assert fast.reader._dropped_in(document, "") == [
        (f"/Your Activity/Watch History/VideoList{at}", count) for at, count in lost]


def test_the_fast_read_leaves_what_it_does_not_decide_to_the_event_reader() -> None:
    lists = b'{"Your Activity": {"Watch History": {"VideoList": [%s]}}}'
    # A lost key outside the lists.
    for text in (b'{"Your Activity": {}, "Your Activity": {}}', b'{"A": [{"x": 1, "x": 2}], "B": 1}',
                 lists % b'{"Date": NaN}', lists % (b'[' * 1100 + b']' * 1100), b'{} {}', b'{"a": 1,}', b''):
        with pytest.raises(json_stream._Refused):
            _fast_read(text)
    # Whole numbers outside int64 and uint64 are floats, as orjson reads them.
    text = lists % b'{"Date": 18446744073709551616, "Link": -9223372036854775809, "x": 18446744073709551615}'
    assert _fast_read(text) == orjson.loads(text) == {"Your Activity": {"Watch History": {"VideoList": [
        {"Date": 1.8446744073709552e19, "Link": -9.223372036854776e18, "x": 18446744073709551615}]}}}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(st.one_of(TRICKY_ITEM, st.sampled_from(ODD_ITEM_TEXT)), max_size=20),
       budget=st.sampled_from([0, 1024, 3072]), block=st.integers(1, 64), batch=st.integers(1, 400))
def test_lists_with_any_text_and_duplicate_keys_read_streamed_as_whole(tmp_path: Path, items: list[Any],
                                                                        budget: int, block: int,
                                                                        batch: int) -> None:
    written = b",\n".join(i if isinstance(i, bytes) else orjson.dumps(i) for i in items)
    data = b'{"Your Activity": {"Watch History": {"VideoList": [%s]}, "Searches": {"SearchList": [%s]}}}' % (
        written, written)
    path = zipped(tmp_path, data)
    with mock.patch.object(json_stream, "CHUNK_BYTES", block), mock.patch.object(json_stream, "_BATCH_CHARS", batch):
        assert _outcome(path, streamed(budget)) == _outcome(path, WHOLE)


def _outcome(path: Path, limits: Limits) -> Any:
    """What is read, or that the member is refused (each parser words its fault in its own way)."""
    try:
        return seen(load(path, limits))
    except CorruptInput:
        return CorruptInput


@pytest.mark.parametrize("items", [
    b'{"Date": "2020-01-01 00:00:00", "Link": "a", "Link": "b"}, {"Date": "2020-01-01 00:00:01", "Link": "c"}',
    b'{"Date": "2020-01-01 00:00:00", "Link": "\\"", "Link": "b"}, {"Date": "x", "Date": "y"}, {}',
    b'{"Date": "2020-01-01 00:00:00", "Link": {"a": [1, {"b": 1, "b": 2}], "a": 3}}, 5, {"Link": "c"}, "t"',
    b'{}, {"Date": "2020-01-01 00:00:00", "Link": {"a": 1, "a": 2}, "Link": "b"}, {"Date": "2021-01-01 00:00:00"}',
])
@pytest.mark.parametrize("budget", [0, 1024, 2048, 3072])
def test_a_lost_key_in_a_batch_is_ledgered_as_on_the_whole_member(tmp_path: Path, items: bytes, budget: int) -> None:
    # (Padded past every budget, so that each streams, in slices of 1 to 3 items.)
    path = zipped(tmp_path, b'{"Your Activity": {"Watch History": {"VideoList": [%s, %s]}, "Searches": '
                            b'{"SearchList": [%s, {}]}}, "Padding": "%s"}' % (items, items, items, b"x" * 4000))
    export = load(path, streamed(budget))
    assert seen(export) == seen(load(path, WHOLE))
    assert export.ledger.check() == []


@pytest.mark.parametrize("document", [
    # a key written twice outside the lists sends the member to the event reader, which meets the number
    b'{"X": 1, "X": 2, "Your Activity": {"Watch History": {"VideoList": [{"Date": "2020-01-01 00:00:01", '
    b'"Link": "c", "n": 99999999999999999999}]}}, "Padding": "%s"}',
    # a key written twice in the same item as the number
    b'{"Your Activity": {"Watch History": {"VideoList": [{"Date": "2020-01-01 00:00:01", "Link": "c", "Link": "d", '
    b'"n": 18446744073709551616}]}}, "Padding": "%s"}',
    # -2**63 is a valid int64, yet overflows yajl's check; a duplicate key nested beside it
    b'{"Your Activity": {"Watch History": {"VideoList": [{"Date": "2020-01-01 00:00:01", "Link": "c", '
    b'"x": {"n": -9223372036854775808, "m": 1, "m": 2}}, {}]}}, "Padding": "%s"}',
])
def test_whole_numbers_past_64_bits_read_streamed_as_whole(tmp_path: Path, document: bytes) -> None:
    path = zipped(tmp_path, document % (b"x" * 3000))
    whole = load(path, WHOLE)
    assert sum(len(records) for records in whole.sections.values()) == 1
    for budget in (1024, 2048):
        export = load(path, streamed(budget))
        assert seen(export) == seen(whole)
        assert export.ledger.check() == []
