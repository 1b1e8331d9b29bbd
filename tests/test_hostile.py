"""Hostile and broken input: the generated corpus (exact outcome per case, bounded time and memory in
a child process) and one test per fault an attack on the tool once found."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson
import pandas as pd
import pytest

from dsar_analyzer import CorruptInput, load
from dsar_analyzer.analysis.export_figures import analyse
from dsar_analyzer.analysis.inspect_json import summarise
from dsar_analyzer.read.json_doc import duplicate_key_note
from dsar_analyzer.read.validate import validate_items
from dsar_analyzer.records import models
from dsar_analyzer.records.frames import section_frame
from dsar_analyzer.records.values import ODD_COUNT_REASON
from dsar_analyzer.report.context import ReportOptions
from dsar_analyzer.report.redact import Mode, Redactor
from dsar_analyzer.report.render import render_report
from tests.hostile_inputs import (
    DOCUMENT,
    WATCH,
    bad_utf8_name_zip,
    json_file,
    nested,
    raw_file,
    txt_ending_in_zip_end_record,
    watch,
    zip64_extra_truncated,
)

ROOT = Path(__file__).resolve().parents[1]
WHEN = datetime(2026, 1, 1, tzinfo=timezone.utc)
KEY = b"hostile-suite-case-key-32-bytes!"
#: Peak resident memory any case may reach (the largest, 2.5M empty objects, needs about 650 MB).
PEAK_MB = 1500


def ok(records: int, invalid: int = 0, ignored: int = 0, unrecognised: int = 0, notes: tuple[str, ...] = ()) -> dict:
    return {"records": records, "invalid": invalid, "ignored": ignored, "unrecognised": unrecognised,
            "ledger_adds_up": True, "notes": sorted(notes)}


def refused(kind: str) -> dict:
    return {"refused": kind, "one_line": True}


BOM = "file starts with a UTF-8 byte order mark (removed)"
EXPECTED: dict[str, dict[str, dict]] = {
    "zip": {
        "honest zip": ok(30),
        "100 MB deflate bomb": refused("UnsafeInput"),
        "traversal name": refused("UnsafeInput"),
        "symlink entry": refused("UnsafeInput"),
        "encrypted entry": refused("UnsafeInput"),
        "cut at half": refused("CorruptInput"),
        "duplicate names": refused("UnsafeInput"),
        "only a nested zip": refused("NotAnExport"),
        "truncated zip64 extra field": refused("CorruptInput"),
        "file name not UTF-8": ok(1),
        "bare TXT ending in a ZIP end record": ok(1, unrecognised=1),
    },
    "json": {
        "years 0001 1600 2300 9999": ok(1, invalid=4),
        "Arabic-Indic and Devanagari digits": ok(1, invalid=2),
        "300-deep unknown field": ok(1, invalid=1),
        "2000-deep document": refused("CorruptInput"),
        "LastRegion Netherlands": ok(2),
        "LastRegion NL-NH": ok(2),
        "duplicate top-level key": ok(1, ignored=1, notes=(duplicate_key_note(2, 1),)),
        "DM item with its own conversation key": ok(1),
        "UTF-8 BOM before JSON": ok(1, notes=(BOM,)),
        "document written twice": ok(1, notes=(
            "the JSON document is written twice; the second, identical copy was not read again",)),
        "two different documents": ok(1, unrecognised=2, notes=(
            "the JSON document is written twice; the second copy differs and was not read",)),
        "NaN": refused("CorruptInput"),
        "lone surrogate escape": refused("CorruptInput"),
        "5000-digit number": refused("CorruptInput"),
        "10 MB search term": ok(1),
        "2.5M zeros as watch items": ok(0, invalid=2_500_000),
        "2.5M empty objects as watch items": ok(0, ignored=2_500_000),
    },
    "txt": {
        "value continued over 300,000 lines": ok(1),
        "DM continued over 300,000 lines": ok(1),
        "invalid UTF-8, CRLF and a BOM": ok(1, notes=(
            BOM, "bytes that are not valid UTF-8 were replaced (first at byte 60)", "file uses Windows (CRLF) line ends")),
        "only lines not understood": ok(0, unrecognised=2),
        "NUL bytes in a value": ok(1),
    },
}


def run_group(group: str) -> list[dict[str, Any]]:
    """The group in a child process: 4 GiB address space, 60 s per case, 240 s in all."""
    done = subprocess.run([sys.executable, "-m", "tests.hostile_run", group, "4096"], cwd=ROOT, capture_output=True,
                          text=True, timeout=240, env={**os.environ, "PYTHONHASHSEED": "0"})
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.mark.parametrize("group", sorted(EXPECTED))
def test_corpus_group_has_its_exact_outcomes_within_bounds(group: str) -> None:
    results = run_group(group)
    assert {r["case"]: r["outcome"] for r in results} == EXPECTED[group]
    assert max(r["peak_mb"] for r in results) < PEAK_MB


# -- internal errors that input used to cause ---------------------------------------------------

def test_timestamps_outside_1970_2199_are_invalid_items_not_crashes(tmp_path: Path) -> None:
    items = [WATCH] + [{"Date": f"{y}-01-01 00:00:00", "Link": "x"} for y in ("0001", "1600", "2300", "9999")]
    export = load(json_file(tmp_path, watch(*items)))
    assert [(i.where.rsplit("/", 1)[1], i.errors) for i in export.ledger.invalid_items] == [
        (str(n), ("Date: Value error, not a TikTok timestamp (YYYY-MM-DD HH:MM:SS on a real day of 1970-2199): "
                  f"'{y}-01-01 00:00:00'",)) for n, y in ((1, "0001"), (2, "1600"), (3, "2300"), (4, "9999"))]
    assert list(section_frame(export, "watch_history")["watched_at"]) == [
        datetime(2020, 1, 1, 10, tzinfo=timezone.utc)]
    assert analyse(export).record_count == 1


@pytest.mark.parametrize("raw", ["٢٠٢٠-٠١-٠١ ٠٠:٠٠:٠٠", "२०२०-01-01 00:00:00", "2020-01-0١ 00:00:00"])
def test_non_ascii_digits_are_refused_alike_in_bulk_and_by_the_model(raw: str) -> None:
    bulk = validate_items(models.WatchEvent, [{"Date": raw}])
    alone = validate_items(models.WatchEvent, [{"Date": raw}], force_item_by_item=True)
    assert bulk.valid_positions == alone.valid_positions == []
    assert bulk.invalid == alone.invalid


@pytest.mark.parametrize("count", ["١٢", "१२", "²"])
def test_non_ascii_digit_counts_are_refused_in_bulk_too(count: str) -> None:
    # Refused as a count on both paths; since a counter is set aside on its own, the post is kept.
    for alone in (False, True):
        result = validate_items(models.Post, [{"Date": "2020-01-01 00:00:00", "Likes": count}],
                                force_item_by_item=alone)
        assert result.valid_positions == [0] and result.invalid == []
        assert result.set_aside == {("Likes", "likes", ODD_COUNT_REASON): 1}


def test_300_deep_unknown_field_makes_one_invalid_item_and_records_still_build(tmp_path: Path) -> None:
    export = load(json_file(tmp_path, watch(WATCH, {**WATCH, "Extra": nested(300)}, {**WATCH, "Extra": nested(5)})))
    records = export.records("watch_history")  # raised before: the bulk path kept what the model refuses
    assert [r.unrecognised_fields for r in records] == [{}, {"Extra": nested(5)}]
    [invalid] = export.ledger.invalid_items
    assert invalid.where == f"{DOCUMENT}#/Your Activity/Watch History/VideoList/1"


@pytest.mark.parametrize(("region", "outside"), [("Netherlands", None), ("NL-NH", None), ("", None), ("nl", 0)])
def test_last_region_that_is_not_a_country_code_is_no_country(tmp_path: Path, region: str, outside: int | None) -> None:
    document = watch(WATCH)
    document["Your Activity"]["Most Recent Location Data"] = {"LocationData": {
        "Date": "2020-01-01 10:00:00", "GpsData": "N/A", "LastRegion": region}}
    location = analyse(load(json_file(tmp_path, document))).location
    assert location.recent_location.last_region == (region or None)
    # No IP and no country code: unknown, never 0. A lower-case code is still the code (NL is in the EEA).
    assert location.records_placing_outside_eea == outside


def test_file_name_that_is_not_utf8_reaches_json_and_html(tmp_path: Path) -> None:
    export = load(bad_utf8_name_zip(tmp_path))
    # U+FFFD, not "\\xe9": a backslash would split the name where Windows paths are split.
    assert export.input.path.endswith("/kind_\ufffd.zip")
    assert orjson.dumps(summarise(export))  # refused a lone surrogate before
    html = render_report(export, analyse(export), ReportOptions(language="en", mode=Mode.FULL, generated_at=WHEN)).html
    assert "kind_\ufffd.zip" in html
    html.encode("utf-8")


def test_single_file_whose_name_is_not_utf8_is_read(tmp_path: Path) -> None:
    name = os.path.join(os.fsencode(str(tmp_path)), b"kind_\xe9.json")
    with open(name, "wb") as handle:
        handle.write(json.dumps(watch(WATCH)).encode())
    export = load(os.fsdecode(name))
    assert [m.name for m in export.ledger.members] == ["kind_\ufffd.json"]


# -- hangs and blow-ups (their time and memory bounds are in the corpus above) -------------------

def test_a_value_continued_over_many_lines_keeps_every_line(tmp_path: Path) -> None:
    lines = [f"line {i}" for i in range(5000)]
    path = raw_file(tmp_path, ("Date: 2020-01-01 10:00:00\nLink: a\n" + "\n".join(lines) + "\n").encode(),
                    "Watch History.txt")
    [record] = load(path).records("watch_history")
    assert record.url == "a\n" + "\n".join(lines)


def test_a_message_continued_over_many_lines_keeps_every_line(tmp_path: Path) -> None:
    text = ">>> Chat History with friend_a:\n2020-01-01 10:00:00 friend_a: hi\n" + "more\n" * 3000
    [record] = load(raw_file(tmp_path, text.encode(), "Direct Messages.txt")).records("direct_messages")
    assert record.content == "hi" + "\nmore" * 3000


def test_a_run_of_non_objects_is_one_ledger_entry_with_its_count(tmp_path: Path) -> None:
    export = load(json_file(tmp_path, watch(WATCH, *[0] * 1000, "x", WATCH)))
    assert [(i.where.rsplit("/", 1)[1], i.last.rsplit("/", 1)[-1], i.count, i.errors)
            for i in export.ledger.invalid_items] == [
        ("1", "1000", 1000, ("item: expected an object, got int",)),
        ("1001", "", 1, ("item: expected an object, got str",))]
    assert export.ledger.totals().invalid == 1001 and export.ledger.check() == []


def test_empty_objects_are_ignored_with_a_reason(tmp_path: Path) -> None:
    export = load(json_file(tmp_path, watch({}, WATCH, {})))
    [entry] = [s for s in export.ledger.sections if s.section_id == "watch_history"]
    assert (entry.items, entry.records, entry.ignored, entry.reason) == (
        3, 1, 2, "empty objects hold nothing to read")
    assert export.sections["watch_history"].source(0).pointer == "/Your Activity/Watch History/VideoList/1"


# -- silent value loss ---------------------------------------------------------------------------

def test_duplicate_keys_are_found_and_ledgered(tmp_path: Path) -> None:
    raw = (b'{"Your Activity": {"Watch History": {"VideoList": [' + json.dumps(WATCH).encode() + b", "
           + json.dumps(WATCH).encode() + b"]}},\n \"Your Activity\" : {\"Searches\": {\"SearchList\": ["
           b'{"Date": "2020-01-01 10:00:00", "SearchTerm": "a", "SearchTerm": "b"}]}}}')
    export = load(raw_file(tmp_path, raw))
    ignored = [(s.where, s.items, s.reason) for s in export.ledger.sections if s.status == "ignored"]
    reason = "duplicate key: an earlier value of this key in the same object, not read (the last is read)"
    assert ignored == [(f"{DOCUMENT}#/Your Activity", 2, reason),
                       (f"{DOCUMENT}#/Your Activity/Searches/SearchList/0/SearchTerm", 1, reason)]
    assert [r.term for r in export.records("searches")] == ["b"]
    assert export.ledger.totals().ignored_items == 3 and export.ledger.check() == []


def test_no_duplicate_is_reported_for_keys_quoted_inside_strings(tmp_path: Path) -> None:
    document = {"Your Activity": {"Searches": {"SearchList": [
        {"Date": "2020-01-01 10:00:00", "SearchTerm": 'say "a": 1 or \\": "'}]}}}
    export = load(json_file(tmp_path, document))
    assert [s for s in export.ledger.sections if s.status == "ignored"] == []


def test_a_key_the_parser_adds_never_overwrites_the_items_own(tmp_path: Path) -> None:
    export = load(json_file(tmp_path, {"Direct Message": {"Direct Messages": {"ChatHistory": {
        "Chat History with friend_a:": [
            {"Date": "2020-01-01 10:00:00", "From": "friend_a", "Content": "hi", "conversation": "ORIGINAL"}]}}}}))
    [message] = export.records("direct_messages")
    assert message.conversation == "friend_a"
    assert message.unrecognised_fields == {"conversation (in the item)": "ORIGINAL"}


# -- recorded, not silent ------------------------------------------------------------------------

def test_doubled_json_reads_the_first_copy_and_says_so(tmp_path: Path) -> None:
    first = json.dumps(watch(WATCH)).encode()
    export = load(raw_file(tmp_path, first + b"\n" + json.dumps(watch(WATCH, WATCH, WATCH)).encode()))
    assert len(export.records("watch_history")) == 1
    [note] = export.ledger.notes
    assert (note.where, note.message) == (
        f"{DOCUMENT}@{len(first) + 1}", "the JSON document is written twice; the second copy differs and was not read")
    [unread] = [s for s in export.ledger.sections if s.status == "unrecognised"]
    assert (unread.where, unread.items) == (f"{DOCUMENT}@{len(first) + 1}", 3)


def test_doubled_json_with_a_damaged_tail_reads_the_first_copy(tmp_path: Path) -> None:
    first = json.dumps(watch(WATCH)).encode()
    export = load(raw_file(tmp_path, first + first[:20]))
    assert [n.message for n in export.ledger.notes] == [
        "damaged content after the JSON document; the document before it was read"]


def test_json_byte_order_mark_gets_a_note(tmp_path: Path) -> None:
    export = load(raw_file(tmp_path, b"\xef\xbb\xbf" + json.dumps(watch(WATCH)).encode()))
    assert [(n.where, n.message) for n in export.ledger.notes] == [(DOCUMENT, "file starts with a UTF-8 byte order mark (removed)")]


def test_bare_txt_whose_last_line_holds_a_zip_end_record_is_text(tmp_path: Path) -> None:
    export = load(txt_ending_in_zip_end_record(tmp_path))
    assert export.format == "txt" and len(export.records("watch_history")) == 1


def test_a_real_zip_with_data_before_it_is_still_a_zip(tmp_path: Path) -> None:
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr(DOCUMENT, json.dumps(watch(WATCH)))
    prefixed = tmp_path / "prefixed.zip"
    prefixed.write_bytes(b"\x7fELF\x00\xff\xfe" + bytes(64) + inner.read_bytes())
    assert load(prefixed).input.kind == "zip"


def test_truncated_zip64_extra_field_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CorruptInput) as caught:
        load(zip64_extra_truncated(tmp_path))
    assert str(caught.value) == (
        'The ZIP file "zip64-extra.zip" looks incomplete or damaged (the entry user_data_tiktok.json has a damaged '
        "extra field); download the export again from TikTok.")


# -- privacy and spoofing in the report ----------------------------------------------------------

def _render(path: Path, mode: Mode) -> str:
    export = load(path)
    key = KEY if mode is Mode.CLAIM else None
    return render_report(export, analyse(export), ReportOptions(language="en", mode=mode, case_key=key,
                                                                generated_at=WHEN)).html


def test_every_person_bearing_pointer_token_is_masked(tmp_path: Path) -> None:
    path = json_file(tmp_path, {
        "Direct Message": {"Direct Messages": {"ChatHistory": {
            "Gesprek met bestie_jo": [{"Date": "2020-01-01 10:00:00", "From": "bestie_jo", "Content": "x"}],
            "Chat History with pal_kim:": [{"Date": "2020-01-01 10:00:00", "From": "pal_kim", "Content": "y"},
                                           {"Date": "yesterday", "From": "pal_kim", "Content": "z"}]}}},
        "Your Activity": {"Follower": {"FansList": [{"Date": "2020-01-01 10:00:00", "UserName": "fan_lee"}],
                                       "fan_max": {"Date": "2020-01-01 10:00:00"}}}})
    for mode in (Mode.REDACTED, Mode.CLAIM):
        html = _render(path, mode)
        for name in ("bestie_jo", "pal_kim", "fan_lee", "fan_max", "yesterday"):
            assert name not in html, (mode, name)
    full = _render(path, Mode.FULL)
    assert all(name in full for name in ("bestie_jo", "pal_kim", "fan_max", "yesterday"))


def test_quoted_values_in_validation_messages_are_withheld_outside_full_mode(tmp_path: Path) -> None:
    path = json_file(tmp_path, watch(WATCH, {"Date": "secret-value-123", "Link": "x"}))
    assert "(value withheld)" in _render(path, Mode.REDACTED)
    assert "secret-value-123" not in _render(path, Mode.CLAIM)
    assert "secret-value-123" in _render(path, Mode.FULL)


SPOOF = {"\u202e": "[U+202E]", "\u2067": "[U+2067]", "\u200b": "[U+200B]", "\ufeff": "[U+FEFF]"}


@pytest.mark.parametrize("mode", list(Mode))
def test_bidi_and_zero_width_characters_are_shown_not_obeyed(tmp_path: Path, mode: Mode) -> None:
    document = watch(WATCH)
    document["Profile"] = {"Profile Info": {"ProfileMap": {"userName": "kid\u202e21 ega", "birthDate": "01-Jan-2010"}}}
    document["Your Activity"]["Share History"] = {"ShareHistoryList": [
        {"Date": "2020-01-01 10:00:00", "SharedContent": "video", "Link": "x", "Method": "chat\u2067\u200b\ufeff"}]}
    archive = tmp_path / "spoof.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr(DOCUMENT, json.dumps(document))
        out.writestr("note\u202etxt.json", b"{}")
    html = _render(archive, mode)
    assert not any(char in html for char in SPOOF)
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    if mode is not Mode.CLAIM:
        assert "kid[U+202E]21 ega" in title
        assert "chat[U+2067][U+200B][U+FEFF]" in html
    if mode is Mode.CLAIM:  # a file name someone chose is a keyed pseudonym in a claim copy
        assert Redactor(Mode.CLAIM, KEY).chosen_name("note\u202etxt.json", is_file=True) in html
    else:
        assert "note[U+202E]txt.json" in html


def test_right_to_left_text_is_isolated() -> None:
    from dsar_analyzer.report.visible import FSI, PDI, visible

    assert visible("مرحبا 12") == f"{FSI}مرحبا 12{PDI}"
    assert visible("plain 12") == "plain 12"
    assert visible("https://www.tiktok.com/@مرحبا") == "https://www.tiktok.com/@مرحبا"


def test_hidden_characters_class_matches_unicodedata() -> None:
    from dsar_analyzer.report.visible import HIDDEN

    hidden = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}
    wrong = [cp for cp in range(0x110000)
             if (unicodedata.category(chr(cp)) in hidden and chr(cp) not in "\t\n\r") != bool(HIDDEN.match(chr(cp)))]
    assert wrong == []


@pytest.mark.parametrize(("prefix", "suffix", "unrecognised", "invalid"), [
    (b'{"Unknown": ', b', "Your Activity": {}}', 1, 0),
    (b'{"App Settings": {"Settings": {"SettingsMap": ', b"}}}", 0, 1),
])
def test_1000_deep_maps_are_counted_without_exhausting_the_stack(tmp_path: Path, prefix: bytes, suffix: bytes,
                                                                 unrecognised: int, invalid: int) -> None:
    deep = b'{"a": ' * 1000 + b"1" + b"}" * 1000
    export = load(raw_file(tmp_path, prefix + deep + suffix))
    totals = export.ledger.totals()
    assert (totals.unrecognised_items, totals.invalid, export.ledger.check()) == (unrecognised, invalid, [])
    for mode in (Mode.FULL, Mode.REDACTED):
        render_report(export, analyse(export), ReportOptions(language="en", mode=mode, generated_at=WHEN))


@pytest.mark.parametrize(("depth", "records"), [(254, 1), (260, 0)])
def test_nesting_the_model_takes_renders_and_deeper_is_invalid(tmp_path: Path, depth: int, records: int) -> None:
    export = load(json_file(tmp_path, watch({**WATCH, "Extra": nested(depth)})))
    assert (len(export.records("watch_history")), export.ledger.totals().invalid) == (records, 1 - records)
    render_report(export, analyse(export), ReportOptions(language="en", mode=Mode.FULL, generated_at=WHEN))


# -- claim copies never show a name chosen by whoever zipped the export ---------------------------

CHOSEN = "Emma de Vries"


def _renamed_export(tmp_path: Path, sample: str) -> Path:
    """A sample rezipped inside a folder named after the child, with a note of the parent's beside it."""
    path = tmp_path / f"export-{sample}"
    with zipfile.ZipFile(ROOT / "sample_exports" / sample) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            inner = info.filename.split("/", 1)[1] if info.filename.startswith("TikTok_Data_") else info.filename
            target.writestr(f"{CHOSEN}/{inner}", source.read(info))
        target.writestr(f"{CHOSEN}/notities {CHOSEN}.txt", b"Emma's account, zipped by her mother\n")
    return path


@pytest.mark.parametrize("sample", ["g4-en-sample_child_a.zip", "txt-2025-nl-sample_child_a.zip"])
def test_claim_outputs_never_show_the_folder_name_inside_the_zip(tmp_path: Path, sample: str) -> None:
    from click.testing import CliRunner

    from dsar_analyzer.cli import cli

    archive = _renamed_export(tmp_path, sample)
    key = tmp_path / "case.key"
    key.write_bytes(KEY)
    claim = ["--claim", "--case-key-file", str(key)]
    for fmt in ("csv", "jsonl", "parquet"):
        done = CliRunner().invoke(cli, ["export", str(archive), "--format", fmt, "--out", str(tmp_path / fmt), *claim])
        assert done.exit_code == 0, done.output
    done = CliRunner().invoke(cli, ["batch", str(archive), "--out", str(tmp_path / "batch"), *claim,
                                    "--generated-at", "2026-01-01T00:00:00"])
    assert done.exit_code == 0, done.output
    html = _render(archive, Mode.CLAIM)
    written = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".key" and p != archive}
    assert len(written) > 20
    for word in ("Emma", "Vries", "notities"):
        assert word not in html
        assert [p.name for p, data in written.items() if word.encode() in data] == []
    # The same folder is the same pseudonym everywhere (keyed, deterministic); TikTok's own names stay.
    folder = Redactor(Mode.CLAIM, KEY).chosen_name(CHOSEN, is_file=False)
    assert html.count(folder) >= 2
    (records,) = (tmp_path / "csv").glob("*.records.csv")  # NAME.records.csv, NAME by the naming rule
    members = pd.read_csv(records, dtype=str).source_member.unique()
    assert all(m.startswith(f"{folder}/") for m in members)
    assert (("user_data_tiktok.json" in html) if sample.startswith("g4") else ("Kijkgeschiedenis.txt" in html))
    assert _render(archive, Mode.REDACTED).count(CHOSEN) >= 2  # a parent's own copy shows it
