"""Decode one JSON member into a document, recording what a plain decoder would hide.

Three things are found and put in the ledger instead of passing silently:

* a UTF-8 byte order mark before the document (removed, noted like the TXT reader notes it);
* a document written twice back to back, a defect seen in TikTok exports of 2024: the first copy
  is read, and the ledger says whether an identical or a different copy followed (a different
  copy is counted as an unrecognised place with its items, never dropped unseen);
* duplicate keys in one object (orjson, like every JSON decoder, keeps only the last value):
  each earlier value is an ignored place with its item count, at its JSON pointer.

Duplicate keys are looked for only when a cheap check cannot rule them out: they are ruled out
when the input holds as many colons as the decoded document written back out (a dropped key takes
its colon with it; an input that spells a colon as ``\\u003a`` is always looked through).
"""

from __future__ import annotations

import json
import re
from typing import Any

import msgspec
import orjson

from dsar_analyzer.errors import CorruptInput
from dsar_analyzer.read.archive import UTF8_BOM, display_name
from dsar_analyzer.read.collect import Collector
from dsar_analyzer.read.parse_json import count_items
from dsar_analyzer.records.export import escape_pointer_token as esc

BOM_NOTE = "file starts with a UTF-8 byte order mark (removed)"
SAME_COPY_NOTE = "the JSON document is written twice; the second, identical copy was not read again"
OTHER_COPY_NOTE = "the JSON document is written twice; the second copy differs and was not read"
OTHER_COPY_REASON = "a second, different JSON document after the first; not read"
DAMAGED_TAIL_NOTE = "damaged content after the JSON document; the document before it was read"
DUPLICATE_KEY_REASON = "duplicate key: an earlier value of this key in the same object, not read (the last is read)"

def duplicate_key_note(times: int, items: int) -> str:
    """The note on one key written ``times`` times in one object, its earlier values holding ``items``."""
    held = "1 item" if items == 1 else f"{items:,} items"
    return (f"this key is written {times} times in the same object; the earlier "
            f"{'value' if times == 2 else 'values'}, holding {held}, {'was' if times == 2 else 'were'} "
            "not read (the last is read)")


#: A colon written as an escape inside a string (decoded, and written back, as a plain colon).
_ESCAPED_COLON = re.compile(rb"\\u003[aA]")
_TRAILING = "unexpected content after document"


def _damaged(member: str, error: orjson.JSONDecodeError) -> CorruptInput:
    return CorruptInput(
        f"The file {display_name(member)} in this export is damaged or incomplete ({error.msg} at line "
        f"{error.lineno}, column {error.colno}); please download the export from TikTok again."
    )


def decode_document(member: str, data: bytes, out: Collector) -> Any:
    """The decoded JSON value of one member; ``CorruptInput`` when not even a first document reads."""
    if data.startswith(UTF8_BOM):
        out.note(member, BOM_NOTE)
        data = data[len(UTF8_BOM):]
    try:
        document = _decode(data)
    except orjson.JSONDecodeError as error:
        if error.msg != _TRAILING:
            raise _damaged(member, error) from None
        document = _first_of_two(member, data, error.pos, out)
        data = data[: error.pos]
    if _may_have_duplicates(data, document):
        document = _with_duplicates_ledgered(member, data, out)
    return document


def _decode(data: bytes) -> Any:
    """``orjson.loads``, with its values and its errors, at less memory.

    msgspec builds the same values without orjson's transient parse tree (about 1.5x the JSON size
    at the peak of a 1M-record export, and a little faster). Whatever msgspec refuses goes to
    orjson, so errors, the doubled-document case and the nesting limit stay orjson's. The one
    difference in what both accept, whole numbers beyond 64 bits (floats for orjson), cannot pass
    unseen: orjson cannot write such a number back, so the duplicate-key check that follows
    decodes the document again with orjson (see ``_may_have_duplicates``).
    """
    try:
        document = msgspec.json.decode(data)
    except (msgspec.MsgspecError, RecursionError):
        return orjson.loads(data)
    # A bare value is not written back by that check: it is cheap to decode again.
    return document if isinstance(document, (dict, list)) else orjson.loads(data)


def _first_of_two(member: str, data: bytes, end: int, out: Collector) -> Any:
    first, rest = data[:end], data[end:]
    try:
        document = orjson.loads(first)
    except orjson.JSONDecodeError as error:  # cannot happen: orjson read up to ``end`` already
        raise _damaged(member, error) from None
    if rest.strip() == first.strip():
        out.note(member, SAME_COPY_NOTE)
        return document
    try:
        second = orjson.loads(rest)
    except orjson.JSONDecodeError:
        out.note(f"{member}@{end}", DAMAGED_TAIL_NOTE)
        return document
    out.note(f"{member}@{end}", OTHER_COPY_NOTE)
    out.unrecognised(f"{member}@{end}", count_items(second), OTHER_COPY_REASON)
    return document


def _may_have_duplicates(data: bytes, document: Any) -> bool:
    if not isinstance(document, (dict, list)):
        return False
    try:
        written = _colons_written(document)
    except TypeError:  # nested deeper than orjson writes (255 levels), or a number past 64 bits: look the slow way
        return True
    # A dropped key takes at least its own colon with it. Every other colon is written back, and
    # orjson never escapes one: the counts differ exactly when something was dropped, unless the
    # input spelled a colon as an escape, which is written back plain (then look the slow way).
    # Counting one byte is several times cheaper than counting ``":`` (0.07 s against 0.2 s per
    # 113 MB); blanks before a colon do not matter.
    if data.count(b":") != written:
        return True
    return b"\\" in data and _ESCAPED_COLON.search(data) is not None


#: Items of a list written back at a time by ``_colons_written``.
WRITE_SLICE = 65_536


def _colons_written(node: Any) -> int:
    """The colons in ``orjson.dumps(node)``, written back a slice at a time.

    Writing a 1M-record document back whole held a second copy of the JSON (about 1x its size) at
    the peak of the read; objects are walked and lists written in slices, so only a slice is held.
    An object's own colons are one per key plus those inside the key. Walked with a stack: the
    document may nest deeply (orjson refuses past 255 levels, with TypeError, as when written whole).
    """
    total = 0
    pending = [node]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            total += sum(1 + key.count(":") for key in value)
            pending.extend(value.values())
        elif isinstance(value, list) and len(value) > WRITE_SLICE:
            for start in range(0, len(value), WRITE_SLICE):
                total += orjson.dumps(value[start:start + WRITE_SLICE]).count(b":")
        else:
            total += orjson.dumps(value).count(b":")
    return total


class _Pairs(dict[str, Any]):
    """An object with the values its duplicate keys lost (the last value wins, as in orjson)."""

    __slots__ = ("dropped",)

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        self.dropped: list[tuple[str, Any]] = []
        if len(self) != len(pairs):
            seen: dict[str, int] = {}
            for key, _ in pairs:
                seen[key] = seen.get(key, 0) + 1
            counts = dict(seen)
            for key, value in pairs:
                counts[key] -= 1
                if counts[key]:
                    self.dropped.append((key, value))


def file_duplicates(member: str, found: list[tuple[str, int]], out: Collector) -> None:
    """Ledger each value a duplicate key lost, (JSON pointer, item count), and one note per key."""
    for pointer, items in sorted(found):
        out.ignore(None, f"{member}#{pointer}", DUPLICATE_KEY_REASON, items=items)
    # One note per duplicated key, so the JSON summary (which lists notes, not ignored places) says
    # which key, where and how much it held. The key is named by its pointer only: a key may be a
    # person's name ("Chat History with ...:"), and pointers are masked where the report shows them.
    per_key: dict[str, list[int]] = {}
    for pointer, items in found:
        per_key.setdefault(pointer, []).append(items)
    for pointer, held in sorted(per_key.items()):
        out.note(f"{member}#{pointer}", duplicate_key_note(len(held) + 1, sum(held)))


def _with_duplicates_ledgered(member: str, data: bytes, out: Collector) -> Any:
    try:
        document = json.loads(data, object_pairs_hook=_Pairs)
    except (ValueError, RecursionError):
        # orjson read it; the standard decoder refuses (nesting past its limit): keep orjson's.
        return orjson.loads(data)
    stack: list[tuple[Any, str]] = [(document, "")]
    found: list[tuple[str, int]] = []
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, _Pairs):
            for key, value in node.dropped:
                found.append((f"{pointer}/{esc(key)}", max(count_items(value), 1)))
        if isinstance(node, dict):
            stack.extend((value, f"{pointer}/{esc(key)}") for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, f"{pointer}/{i}") for i, value in enumerate(node))
    file_duplicates(member, found, out)
    return orjson.loads(data)  # the same values (the last of each key), as plain dicts
