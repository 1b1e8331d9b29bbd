"""The hostile corpus: broken and malicious inputs built on the fly (no binary is checked in).

Each case writes one input into a folder and returns its path. ``CASES`` groups them by what is
attacked (ZIP, JSON, TXT); ``tests/hostile_run.py`` runs a group in a child process under a memory
cap and prints each case's outcome, which ``tests/test_hostile.py`` compares with the exact outcome
expected.
"""

from __future__ import annotations

import json
import os
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.hostile_zips import (
    CENTRAL_LOCAL_OFFSET,
    _central_records,
    deflate_bomb,
    duplicate_names_zip,
    encrypted_zip,
    export_zip,
    named_entry_zip,
    only_nested_zip,
    symlink_entry_zip,
    truncated_zip,
    write_zip,
)

WATCH = {"Date": "2020-01-01 10:00:00", "Link": "https://www.tiktokv.com/share/video/7000000000000000001/"}
DOCUMENT = "user_data_tiktok.json"


def watch(*items: Any) -> dict[str, Any]:
    return {"Your Activity": {"Watch History": {"VideoList": list(items)}}}


def json_file(folder: Path, document: Any, name: str = DOCUMENT) -> Path:
    path = folder / name
    path.write_bytes(json.dumps(document, ensure_ascii=False).encode("utf-8"))
    return path


def raw_file(folder: Path, data: bytes, name: str = DOCUMENT) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth - 1):
        value = [value]
    return value


def zip64_extra_truncated(folder: Path) -> Path:
    """A central-directory entry whose ZIP64 extra field is cut to 4 of its 8 bytes."""
    plain = write_zip(folder / "plain.zip", {DOCUMENT: json.dumps(watch(WATCH)).encode()},
                      compression=zipfile.ZIP_STORED)
    raw = bytearray(plain.read_bytes())
    [central] = _central_records(bytes(raw))
    name_length, extra_length, comment_length = struct.unpack_from("<3H", raw, central + 28)
    extra = struct.pack("<2H", 0x0001, 4) + b"\0\0\0\0"
    end = central + 46 + name_length + extra_length
    raw[end:end] = extra
    struct.pack_into("<H", raw, central + 30, extra_length + len(extra))
    eocd = raw.rfind(b"PK\x05\x06")
    size_at = eocd + 12
    struct.pack_into("<L", raw, size_at, struct.unpack_from("<L", raw, size_at)[0] + len(extra))
    assert struct.unpack_from("<L", raw, central + CENTRAL_LOCAL_OFFSET)[0] == 0
    path = folder / "zip64-extra.zip"
    path.write_bytes(bytes(raw))
    return path


def bad_utf8_name_zip(folder: Path) -> Path:
    name = os.path.join(os.fsencode(str(folder)), b"kind_\xe9.zip")
    with open(name, "wb") as handle, zipfile.ZipFile(handle, "w") as archive:
        archive.writestr(DOCUMENT, json.dumps(watch(WATCH)))
    return Path(os.fsdecode(name))


def txt_ending_in_zip_end_record(folder: Path) -> Path:
    body = b"Date: 2020-01-01 10:00:00\nLink: https://www.tiktokv.com/share/video/1/\n\nPK\x05\x06" + b"\0" * 18
    return raw_file(folder, body, "Watch History.txt")


def long_txt_value(folder: Path, lines: int = 300_000) -> Path:
    text = "Date: 2020-01-01 10:00:00\nLink: https://www.tiktokv.com/share/video/1/\n" + ("x" * 99 + "\n") * lines
    return raw_file(folder, text.encode(), "Watch History.txt")


def long_dm(folder: Path, lines: int = 300_000) -> Path:
    text = ">>> Chat History with friend_a:\n2020-01-01 10:00:00 friend_a: hi\n" + ("y" * 99 + "\n") * lines
    return raw_file(folder, text.encode(), "Direct Messages.txt")


def login(region: str) -> dict[str, Any]:
    document = watch(WATCH)
    document["Your Activity"]["Most Recent Location Data"] = {"LocationData": {
        "Date": "2020-01-01 10:00:00", "GpsData": "N/A", "LastRegion": region}}
    return document


Case = Callable[[Path], Path]

ZIP_CASES: dict[str, Case] = {
    "honest zip": export_zip,
    "100 MB deflate bomb": lambda f: deflate_bomb(f),
    "traversal name": lambda f: named_entry_zip(f, "../../evil.json"),
    "symlink entry": symlink_entry_zip,
    "encrypted entry": encrypted_zip,
    "cut at half": truncated_zip,
    "duplicate names": lambda f: duplicate_names_zip(f, DOCUMENT, DOCUMENT),
    "only a nested zip": only_nested_zip,
    "truncated zip64 extra field": zip64_extra_truncated,
    "file name not UTF-8": bad_utf8_name_zip,
    "bare TXT ending in a ZIP end record": txt_ending_in_zip_end_record,
}

JSON_CASES: dict[str, Case] = {
    "years 0001 1600 2300 9999": lambda f: json_file(f, watch(WATCH, *(
        {"Date": f"{y}-01-01 00:00:00", "Link": "x"} for y in ("0001", "1600", "2300", "9999")))),
    "Arabic-Indic and Devanagari digits": lambda f: json_file(f, watch(
        WATCH, {"Date": "٢٠٢٠-٠١-٠١ ٠٠:٠٠:٠٠", "Link": "x"}, {"Date": "२०२०-01-01 00:00:00", "Link": "x"})),
    "300-deep unknown field": lambda f: json_file(f, watch(WATCH, {**WATCH, "Extra": nested(300)})),
    "2000-deep document": lambda f: raw_file(f, b'{"Your Activity":' + b"[" * 2000 + b"]" * 2000 + b"}"),
    "LastRegion Netherlands": lambda f: json_file(f, login("Netherlands")),
    "LastRegion NL-NH": lambda f: json_file(f, login("NL-NH")),
    "duplicate top-level key": lambda f: raw_file(f, (
        b'{"Your Activity": {"Watch History": {"VideoList": [' + json.dumps(WATCH).encode() + b"]}},"
        b' "Your Activity": {"Searches": {"SearchList": [{"Date": "2020-01-01 10:00:00", "SearchTerm": "a"}]}}}')),
    "DM item with its own conversation key": lambda f: json_file(f, {"Direct Message": {"Direct Messages": {
        "ChatHistory": {"Chat History with friend_a:": [
            {"Date": "2020-01-01 10:00:00", "From": "friend_a", "Content": "hi", "conversation": "ORIGINAL"}]}}}}),
    "UTF-8 BOM before JSON": lambda f: raw_file(f, b"\xef\xbb\xbf" + json.dumps(watch(WATCH)).encode()),
    "document written twice": lambda f: raw_file(f, json.dumps(watch(WATCH)).encode() * 2),
    "two different documents": lambda f: raw_file(
        f, json.dumps(watch(WATCH)).encode() + b"\n" + json.dumps(watch(WATCH, WATCH)).encode()),
    "NaN": lambda f: raw_file(f, b'{"Your Activity": {"Watch History": {"VideoList": [NaN]}}}'),
    "lone surrogate escape": lambda f: raw_file(
        f, b'{"Your Activity": {"Searches": {"SearchList": [{"SearchTerm": "\\ud800"}]}}}'),
    "5000-digit number": lambda f: raw_file(f, b'{"Your Activity": {"Watch History": {"VideoList": [' +
                                            b"9" * 5000 + b"]}}}"),
    "10 MB search term": lambda f: json_file(f, {"Your Activity": {"Searches": {"SearchList": [
        {"Date": "2020-01-01 10:00:00", "SearchTerm": "s" * 10_000_000}]}}}),
    "2.5M zeros as watch items": lambda f: raw_file(
        f, b'{"Your Activity": {"Watch History": {"VideoList": [' + b",".join([b"0"] * 2_500_000) + b"]}}}"),
    "2.5M empty objects as watch items": lambda f: raw_file(
        f, b'{"Your Activity": {"Watch History": {"VideoList": [' + b",".join([b"{}"] * 2_500_000) + b"]}}}"),
}

TXT_CASES: dict[str, Case] = {
    "value continued over 300,000 lines": long_txt_value,
    "DM continued over 300,000 lines": long_dm,
    "invalid UTF-8, CRLF and a BOM": lambda f: raw_file(
        f, b"\xef\xbb\xbfDate: 2020-01-01 10:00:00\r\nLink: https://www.tiktokv.com/\xff/\r\n", "Watch History.txt"),
    "only lines not understood": lambda f: raw_file(f, b"???\n!!!\n", "Watch History.txt"),
    "NUL bytes in a value": lambda f: raw_file(f, b"Date: 2020-01-01 10:00:00\nLink: a\0b\n", "Watch History.txt"),
}

CASES: dict[str, dict[str, Case]] = {"zip": ZIP_CASES, "json": JSON_CASES, "txt": TXT_CASES}
