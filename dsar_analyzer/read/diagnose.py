"""Describe an export's structure with every value removed, for a bug report a parent can share.

The description says which members the input holds, their sizes, and per member its keys, item
counts, value types and string lengths: enough to see why an export was not read, and nothing of
the child's data. Keys and names are shown verbatim only when dsar-analyzer knows them (section
paths, record keys in English and Dutch, TikTok's file names); any other key or name (a chat
partner's name used as a key, an order number, a folder the parent named) is shown as its shape,
letters as ``A``/``a``, digits as ``#``, any other character but ASCII punctuation and spaces as
``*``. Strings without letters (dates, IP addresses) show their shape too, so a changed date
format is visible without the date. Numbers, booleans and null are counted by type only.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from collections.abc import Callable
from typing import Any

import orjson

from dsar_analyzer import __version__
from dsar_analyzer.errors import InputRejected
from dsar_analyzer.read import formats
from dsar_analyzer.read.archive import InputArchive, Limits
from dsar_analyzer.read.ingest import read_input
from dsar_analyzer.read.json_table import PLACES, WRAPPER_KEYS
from dsar_analyzer.read.loader import parse_archive
from dsar_analyzer.read.txt_table import lookup
from dsar_analyzer.read.validate import alias_index
from dsar_analyzer.records.registry import SECTIONS

#: Distinct shapes kept per key; more are counted together so one chat list cannot flood the file.
MAX_SHAPES = 8
#: Distinct unknown keys kept per position; past this they merge into one entry.
MAX_UNKNOWN_KEYS = 40
UNKNOWN_MARK = "shape:"
OTHER_KEYS = "(other keys not known to dsar-analyzer)"
_ASCII_KEPT = re.compile(r"[ !-/:-@\[-`{-~]")
#: TikTok's outer folder, named after the moment of the export (``TikTok_Data_1735588272``).
_DATA_FOLDER = re.compile(r"TikTok_Data_\d+")
_JSON_NAMES = frozenset({"user_data.json", "user_data_tiktok.json"})
#: Folder names TikTok writes around its TXT and JSON files (observed in the exports the samples copy).
_FOLDERS = frozenset({"tiktok", "activity", "comments", "direct messages", "profile", "videos", "posts",
                      "app settings", "ads and data", "location review", "tiktok live", "tiktok shop",
                      "your activity", "likes and favorites", "profile and settings", "income+ wallet",
                      "jouw activiteit", "likes en favorieten", "profiel en instellingen", "reacties",
                      "directe berichten", "berichten", "profiel"})


def shape(text: str) -> str:
    """``Chat History with Emma:`` -> ``Aaaa Aaaaaaa aaaa Aaaa:``; ``2021-03-04`` -> ``####-##-##``."""
    out = []
    for char in text:
        if char.isascii() and char.isalpha():
            out.append("A" if char.isupper() else "a")
        elif char.isascii() and char.isdigit():
            out.append("#")
        elif _ASCII_KEPT.fullmatch(char):
            out.append(char)
        else:
            out.append("*")
    return "".join(out)


@cache
def known_keys() -> frozenset[str]:
    """Every key dsar-analyzer reads (casefolded): section paths and record keys of every model."""
    names: set[str] = set(WRAPPER_KEYS)
    for place in PLACES:
        names.update(place.container)
        names.update(place.items_at)
    for section in SECTIONS.values():
        aliases, _ = alias_index(section.model)
        for spellings in aliases.values():
            names.update(spellings)
    return frozenset(name.casefold() for name in names)


def show_key(key: str) -> str:
    return key if key.casefold() in known_keys() else UNKNOWN_MARK + shape(key)


def is_known_folder(part: str) -> bool:
    """A folder name TikTok writes (``TikTok``, ``Activity``, ``TikTok_Data_<epoch>``, a section's key)."""
    return part.casefold() in _FOLDERS or part.casefold() in known_keys() or bool(_DATA_FOLDER.fullmatch(part))


def is_known_file(name: str) -> bool:
    """A member whose base name is one of TikTok's export files (``user_data_tiktok.json``, a known TXT file)."""
    return name.rsplit("/", 1)[-1].casefold() in _JSON_NAMES or lookup(name) is not None


def map_member_name(name: str, unknown: Callable[[str, bool], str]) -> str:
    """``name`` with every part not TikTok's own replaced by ``unknown(part, is_file)``."""
    parts = name.split("/")
    shown = [p if not p or is_known_folder(p) else unknown(p, False) for p in parts[:-1]]
    shown.append(parts[-1] if is_known_file(name) else unknown(parts[-1], True))
    return "/".join(shown)


def show_member_name(name: str) -> str:
    """A member path with every part dsar-analyzer does not know replaced by its shape."""
    def unknown(part: str, is_file: bool) -> str:
        return UNKNOWN_MARK + shape(part)

    # TikTok's dated folder keeps its name but not its moment.
    return "/".join("TikTok_Data_" + shape(p[12:]) if _DATA_FOLDER.fullmatch(p) else p
                    for p in map_member_name(name, unknown).split("/"))


def _string_form(value: str) -> str:
    """``empty``, ``link``, ``text``, or the shape of a string made mostly of digits (a date, an IP)."""
    if not value:
        return "empty"
    if value.startswith(("https://", "http://")):
        return "link"
    letters = sum(c.isalpha() for c in value)
    if letters and (letters > 3 or sum(c.isdigit() for c in value) < 4):
        return "text"
    return shape(value)


@dataclass(slots=True)
class _Lengths:
    low: int | None = None
    high: int = 0

    def add(self, n: int) -> None:
        self.low = n if self.low is None else min(self.low, n)
        self.high = max(self.high, n)

    def dump(self) -> dict[str, int]:
        return {"min": self.low or 0, "max": self.high}


@dataclass(slots=True)
class _Node:
    """Everything seen at one position of a document, merged over the items of every list."""

    types: Counter[str] = field(default_factory=Counter)
    keys: dict[str, _Node] = field(default_factory=dict)
    items: _Node | None = None
    list_lengths: _Lengths = field(default_factory=_Lengths)
    string_lengths: _Lengths = field(default_factory=_Lengths)
    forms: Counter[str] = field(default_factory=Counter)

    def add_string(self, value: str) -> None:
        self.types["string"] += 1
        self.string_lengths.add(len(value))
        form = _string_form(value)
        if form in self.forms or len(self.forms) < MAX_SHAPES:
            self.forms[form] += 1
        else:
            self.forms["(other forms)"] += 1

    def child(self, key: str) -> _Node:
        shown = show_key(key)
        node = self.keys.get(shown)
        if node is None:
            unknown = sum(1 for k in self.keys if k.startswith(UNKNOWN_MARK))
            if shown.startswith(UNKNOWN_MARK) and unknown >= MAX_UNKNOWN_KEYS:
                shown = OTHER_KEYS
            node = self.keys.setdefault(shown, _Node())
        return node

    def dump(self) -> dict[str, Any]:
        out: dict[str, Any] = {"types": dict(self.types)}
        if self.keys:
            out["keys"] = {k: v.dump() for k, v in self.keys.items()}
        if self.types["array"]:
            out["items"] = self.list_lengths.dump()
            if self.items is not None:
                out["item"] = self.items.dump()
        if self.types["string"]:
            out["string_lengths"] = self.string_lengths.dump()
            out["string_forms"] = dict(self.forms)
        return out


def _walk(value: Any, node: _Node) -> None:
    # An explicit stack: exports nest a few levels, but a hostile file may nest thousands.
    stack = [(value, node)]
    while stack:
        current, at = stack.pop()
        if isinstance(current, dict):
            at.types["object"] += 1
            stack.extend((v, at.child(k)) for k, v in current.items())
        elif isinstance(current, list):
            at.types["array"] += 1
            at.list_lengths.add(len(current))
            if current:
                at.items = at.items or _Node()
                stack.extend((v, at.items) for v in current)
        elif isinstance(current, str):
            at.add_string(current)
        elif isinstance(current, bool):
            at.types["boolean"] += 1
        elif isinstance(current, int):
            at.types["integer"] += 1
        elif isinstance(current, float):
            at.types["float"] += 1
        else:
            at.types["null"] += 1


def _json_member(data: bytes) -> dict[str, Any]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        # orjson's messages name the problem, never the text around it.
        return {"kind": "json", "json_error": error.msg, "error_at_byte": error.pos}
    root = _Node()
    _walk(document, root)
    out: dict[str, Any] = {"kind": "json", "structure": root.dump()}
    if isinstance(document, dict):
        out["generation"] = formats.json_generation(document)[0]
    return out


def _txt_member(name: str, data: bytes) -> dict[str, Any]:
    text = data.decode("utf-8", errors="replace")
    text = text.replace("\r\n", "\n")
    lines = (text[:-1] if text.endswith("\n") else text).split("\n")
    keyed: dict[str, _Node] = {}
    bare = _Node()
    blank = blocks = 0
    previous_blank = True
    for line in lines:
        if not line.strip():
            blank += 1
            previous_blank = True
            continue
        blocks += previous_blank
        previous_blank = False
        key, sep, value = line.partition(": ")
        # Keys start with a letter and are short; a chat line starts with its time stamp.
        if sep and key[:1].isalpha() and len(key) <= 60:
            keyed.setdefault(show_key(key.strip()), _Node()).add_string(value)
        else:
            bare.add_string(line)
    spec = lookup(name)
    out: dict[str, Any] = {
        "kind": "txt", "section": spec.section_id if spec else None, "lines": len(lines), "blank_lines": blank,
        "blocks": blocks, "byte_order_mark": data.startswith(b"\xef\xbb\xbf"), "crlf": b"\r\n" in data,
        "invalid_utf8": "\ufffd" in text, "keys": {k: v.dump() for k, v in sorted(keyed.items())},
    }
    if bare.types:
        out["other_lines"] = bare.dump()
    return out


def _members(archive: InputArchive) -> list[dict[str, Any]]:
    out = []
    for member in archive.members:
        entry: dict[str, Any] = {"name": show_member_name(member.name), "size": member.size}
        lower = member.name.casefold()
        if lower.endswith(".json"):
            entry.update(_json_member(member.content()))
        elif lower.endswith(".txt") or archive.kind == "file":
            entry.update(_txt_member(member.name, member.data))
        else:
            entry["kind"] = "other"
        out.append(entry)
    for skipped in archive.skipped:
        out.append({"name": show_member_name(skipped.name), "size": skipped.size, "kind": "skipped",
                    "reason": skipped.reason})
    return out


def _zip_directory(path: str, limits: Limits) -> dict[str, Any]:
    """The ZIP's central directory only (no member is inflated), to show why it was refused."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return {"readable": False}
    entries = [{"name": show_member_name(i.filename), "size": i.file_size, "compressed_size": i.compress_size,
                "method": i.compress_type, "encrypted": bool(i.flag_bits & 1),
                "symlink": stat.S_ISLNK(i.external_attr >> 16)} for i in infos[: limits.max_members]]
    return {"readable": True, "entries": len(infos), "listed": entries}


def _start(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError:
        return "unreadable"
    if head.startswith(b"PK"):
        return "zip"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return "json"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "binary"
    return "text"


def diagnose(path: str | os.PathLike[str], limits: Limits | None = None) -> dict[str, Any]:
    """The structure of the input at ``path`` with every value removed (see the module docstring).

    Raises ``NotAnExport`` only when the path does not exist or cannot be opened at all; an
    export that ``load`` refuses is still described, as far as it can be read.
    """
    given = os.fspath(path)
    limits = limits or Limits()
    out: dict[str, Any] = {
        "about": "dsar-analyzer diagnostic: the structure of an export with every value removed",
        "tool": {"name": "dsar-analyzer", "version": __version__},
    }
    try:
        archive = read_input(given, limits)
    except InputRejected as error:
        info = _stat(given, error)
        out["input"] = {"kind": "folder" if stat.S_ISDIR(info.st_mode) else "file", "size": info.st_size,
                        "starts_as": None if stat.S_ISDIR(info.st_mode) else _start(given)}
        out["refused"] = type(error).__name__
        if out["input"]["starts_as"] == "zip" and info.st_size <= limits.max_archive_bytes:
            out["zip_directory"] = _zip_directory(given, limits)
        return out
    out["input"] = {"kind": archive.kind, "size": archive.size, "members": len(archive.members),
                    "skipped": len(archive.skipped)}
    try:
        out["refused"] = _refusal(archive)
        out["members"] = _members(archive)
    finally:
        archive.close()
    return out


def _refusal(archive: InputArchive) -> str | None:
    """Why ``load`` would refuse these members (the error's type only: its message names files)."""
    try:
        parse_archive(archive)
    except InputRejected as error:
        return type(error).__name__
    except Exception as error:  # noqa: BLE001 - a diagnostic is made to describe the tool's own failures too
        return f"internal error ({type(error).__name__})"
    return None


def _stat(path: str, error: InputRejected) -> os.stat_result:
    try:
        return os.stat(path)
    except OSError:
        raise error from None


def diagnose_json(path: str | os.PathLike[str], limits: Limits | None = None) -> bytes:
    """``diagnose`` as indented JSON with sorted keys, ready to attach to a bug report."""
    return orjson.dumps(diagnose(path, limits), option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"
