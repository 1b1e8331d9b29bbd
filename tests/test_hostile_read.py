"""Hostile input at the read level, round two: an odd counter, a duplicated top-level key, and a
list of millions of empty objects (exact outcomes; memory bounded in a child process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dsar_analyzer import load
from dsar_analyzer.analysis.export_figures import analyse
from dsar_analyzer.analysis.inspect_json import summarise
from dsar_analyzer.read.collect import Collector
from dsar_analyzer.read.json_doc import DUPLICATE_KEY_REASON, decode_document
from dsar_analyzer.records.values import ODD_COUNT_REASON
from tests.hostile_inputs import DOCUMENT, WATCH, raw_file

ROOT = Path(__file__).resolve().parents[1]


def _profile_document(likes: str) -> bytes:
    """A child's profile (born 2014) with ``likesReceived`` written as given, and one 2020 watch."""
    return (b'{"Profile": {"Profile Info": {"ProfileMap": {"userName": "kid_a", "birthDate": "01-Jan-2014", '
            b'"likesReceived": ' + likes.encode() + b'}}}, "Your Activity": {"Watch History": {"VideoList": ['
            + json.dumps(WATCH).encode() + b"]}}}")


@pytest.mark.parametrize("likes", ['"1.2K"', '"1234567890123456789"', "1234567890123456789", "-3"])
def test_an_odd_count_sets_aside_the_field_not_the_profile(tmp_path: Path, likes: str) -> None:
    export = load(raw_file(tmp_path, _profile_document(likes)))
    [profile] = export.records("profile")
    assert (profile.username, profile.birth_date_text, profile.likes_received) == ("kid_a", "01-Jan-2014", None)
    assert export.sections["profile"].source(0).pointer == "/Profile/Profile Info/ProfileMap"
    fields = {(f.key, f.field, f.status, f.occurrences, f.reason) for f in export.ledger.fields
              if f.section_id == "profile"}
    assert fields == {("userName", "username", "parsed", 1, ""),
                      ("birthDate", "birth_date_text", "parsed", 1, ""),
                      ("likesReceived", "", "ignored", 1, ODD_COUNT_REASON)}
    totals = export.ledger.totals()
    assert (totals.records, totals.invalid, totals.fields_parsed, totals.fields_ignored) == (2, 0, 4, 1)
    assert export.ledger.check() == []
    summary = summarise(export, analyse(export))
    assert summary["birth_date"]["self_declared"] == "01-Jan-2014"
    assert summary["age_bands"] == {"under_13": 1, "13_15": 0, "16_17": 0, "18_plus": 0, "held_at_export": 0,
                                   "unknown_age": 1}


def test_a_readable_count_is_still_read(tmp_path: Path) -> None:
    export = load(raw_file(tmp_path, _profile_document('"1200"')))
    assert export.records("profile")[0].likes_received == 1200
    assert [f.status for f in export.ledger.fields if f.key == "likesReceived"] == ["parsed"]


def test_a_duplicated_top_level_key_says_which_key_where_and_how_much_it_held(tmp_path: Path) -> None:
    forty = b",".join([json.dumps(WATCH).encode()] * 40)
    raw = (b'{"Your Activity": {"Watch History": {"VideoList": [' + forty + b"]}},\n"
           b' "Your Activity": {"Searches": {"SearchList": [{"Date": "2020-01-01 10:00:00", "SearchTerm": "a"}]}}}')
    path = raw_file(tmp_path, raw)
    done = subprocess.run([sys.executable, "-m", "dsar_analyzer", "inspect", "--json", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["notes"] == [{
        "where": f"{DOCUMENT}#/Your Activity",
        "message": "this key is written 2 times in the same object; the earlier value, holding 40 items, "
                   "was not read (the last is read)"}]
    assert summary["totals"]["ignored_items"] == 40 and summary["totals"]["records"] == 1
    export = load(path)
    assert [(s.where, s.items, s.reason) for s in export.ledger.sections if s.status == "ignored"] == [
        (f"{DOCUMENT}#/Your Activity", 40, DUPLICATE_KEY_REASON)]


def test_a_key_written_three_times_is_one_note_with_both_earlier_values(tmp_path: Path) -> None:
    raw = b'{"Your Activity": {"Searches": {"SearchList": [{"SearchTerm": "a", "SearchTerm": "b", "SearchTerm": "c"}]}}}'
    export = load(raw_file(tmp_path, raw))
    assert [(n.where, n.message) for n in export.ledger.notes] == [(
        f"{DOCUMENT}#/Your Activity/Searches/SearchList/0/SearchTerm",
        "this key is written 3 times in the same object; the earlier values, holding 2 items, were not read "
        "(the last is read)")]
    assert [r.term for r in export.records("searches")] == ["c"]


# VmHWM, not ru_maxrss: the latter keeps the parent's peak across exec, and this test's parent is big.
_PEAK = """
import re, sys
from dsar_analyzer import load
def peak_kb():
    with open("/proc/self/status") as status:
        return int(re.search(r"VmHWM:\\s+(\\d+)", status.read()).group(1))
before = peak_kb()
export = load(sys.argv[1])
after = peak_kb()
totals = export.ledger.totals()
print(totals.items, totals.ignored_items, totals.records, (after - before) // 1024)
"""


def test_millions_of_empty_objects_stay_within_a_bounded_multiple_of_the_input(tmp_path: Path) -> None:
    raw = b'{"Your Activity": {"Watch History": {"VideoList": [' + b",".join([b"{}"] * 2_500_000) + b"]}}}"
    path = raw_file(tmp_path, raw)
    done = subprocess.run([sys.executable, "-c", _PEAK, str(path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    items, ignored, records, grown_mb = map(int, done.stdout.split())
    assert (items, ignored, records) == (2_500_000, 2_500_000, 0)
    # One Python dict per decoded object is about 70 bytes (the input spends 3 on it): 40x the input
    # is what decoding costs; the positions of 2.5 million empties once cost another 200 MB on top.
    assert grown_mb * 1e6 < 40 * len(raw), f"load() grew the process by {grown_mb} MB for {len(raw):,} bytes"


@pytest.mark.parametrize("spacing", [b"", b" ", b"\n  "])
def test_a_duplicate_hidden_by_an_escaped_colon_is_still_found(tmp_path: Path, spacing: bytes) -> None:
    # The dropped "SearchTerm" takes one colon with it; the escaped colon (\u003a) comes back as one.
    raw = (b'{"Your Activity":' + spacing + b'{"Searches":' + spacing + b'{"SearchList": [{"Date": '
           b'"2020-01-01 10\\u003a00:00", "SearchTerm"' + spacing + b': "a", "SearchTerm": "b"}]}}}')
    export = load(raw_file(tmp_path, raw))
    assert [(s.where, s.items) for s in export.ledger.sections if s.status == "ignored"] == [
        (f"{DOCUMENT}#/Your Activity/Searches/SearchList/0/SearchTerm", 1)]
    assert [(r.searched_at.isoformat(), r.term) for r in export.records("searches")] == [
        ("2020-01-01T10:00:00+00:00", "b")]


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
              st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=4)),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES, st.booleans())
def test_a_document_decodes_to_exactly_what_orjson_gives(value: object, ascii_only: bool) -> None:
    # msgspec decodes first; orjson's values (whole numbers past 64 bits become floats) must come out.
    raw = json.dumps(value, ensure_ascii=ascii_only).encode()
    decoded = decode_document(DOCUMENT, raw, Collector())
    assert repr(decoded) == repr(orjson.loads(raw))
