"""The parsed export: records per section with their sources, plus the ledger and the hashes.

Records are held as validated rows and turned into frozen pydantic models only when asked for,
so a million watch-history rows cost dicts, not a million model instances. Where a batch's items
are written exactly under the model's keys, the rows are the decoded items themselves (no copy),
with the batch saying which key feeds which field. Every record has a
``Source``: the archive member plus a JSON pointer (RFC 6901) or a TXT line range.
"""

from __future__ import annotations

import os
import re

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter, methodcaller
from typing import Any, Literal, overload

from pydantic import BaseModel, ConfigDict

from dsar_analyzer.records import models as m
from dsar_analyzer.records.ledger import Ledger
from dsar_analyzer.records.models import Record
from dsar_analyzer.records.registry import SECTIONS


class Source(BaseModel):
    """Where a record came from: archive member and JSON pointer, or member and TXT lines."""

    model_config = ConfigDict(frozen=True)

    member: str
    pointer: str | None = None
    lines: tuple[int, int] | None = None

    def __str__(self) -> str:
        if self.lines is not None:
            return f"{self.member}:{self.lines[0]}-{self.lines[1]}"
        return f"{self.member}#{self.pointer or ''}"


def escape_pointer_token(token: str) -> str:
    """RFC 6901: ``~`` becomes ``~0`` and ``/`` becomes ``~1``."""
    return token.replace("~", "~0").replace("/", "~1")


@dataclass(slots=True)
class Batch:
    """Rows or records that came from one place; ``locators`` say where each one sat.

    A locator is an int (list index under ``base``), a str (pointer suffix under ``base``) or, for
    TXT, a (first line, last line) pair.
    """

    member: str
    base: str | None
    #: A ``range`` for a whole list read in order (a million positions cost no int objects).
    locators: Sequence[Any]
    #: Set when the batch's rows are the export's own items, kept as read (no copy): field name ->
    #: the key the items write it under. Unset: rows are keyed by field name.
    keys: dict[str, str] | None = None

    def source(self, index: int) -> Source:
        loc = self.locators[index]
        if isinstance(loc, tuple):
            return Source(member=self.member, lines=loc)
        suffix = loc if isinstance(loc, str) else f"/{loc}"
        return Source(member=self.member, pointer=f"{self.base or ''}{suffix}")


def text_array(values: list[Any]) -> Any:
    """An Arrow ``large_string`` array of ``values`` (text or None) built from its buffers; TypeError or
    UnicodeError when a value is something else (or text UTF-8 cannot hold).

    Not ``pyarrow.array``: it imports pandas to ask whether a list is a pandas object (0.3-0.4 s, most
    of a large read's time past the decode), and takes five times as long for short text.
    """
    import numpy as np
    import pyarrow as pa

    count = len(values)
    nulls = 0
    validity = None
    try:
        joined = "".join(values)  # TypeError for a value that is not text
    except TypeError:
        # Nulls are looked for only when the join fails: counting them first was a third pass over
        # every column (0.03-0.04 s of a 1M load()), nearly always finding none.
        nulls = values.count(None)
        if not nulls:
            raise
        validity = pa.py_buffer(np.packbits(np.fromiter((v is not None for v in values), dtype=bool, count=count),
                                            bitorder="little"))
        values = ["" if v is None else v for v in values]
        joined = "".join(values)
    if joined.isascii():
        data, lengths = joined.encode("ascii"), map(len, values)
    else:
        encoded = [v.encode() for v in values]
        data, lengths = b"".join(encoded), map(len, encoded)
    offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.fromiter(lengths, dtype=np.int64, count=count), out=offsets[1:])
    return pa.LargeStringArray.from_buffers(count, pa.py_buffer(offsets), pa.py_buffer(data), validity, nulls)


#: A batch of at least this many rows kept as read is held as one column per key (see ``_Columns``).
COMPACT_ROWS = 4096


class _Columns:
    """The rows of one batch kept as read, held as one column per key instead of a dict per row.

    A dict per row costs about 180 bytes before its values; a text column held by Arrow costs the
    text plus 8 bytes a value, a third of a Python string's size for a timestamp. For a million
    watch rows that is about 1.7x the JSON size less memory held after the read. A column whose
    values are not all text (numbers, or text Arrow cannot hold) stays a Python list. Values come
    back exactly as they were read.
    """

    __slots__ = ("columns", "length")

    def __init__(self, rows: list[dict[str, Any]], keys: Sequence[str]) -> None:
        self.length = len(rows)
        self.columns: dict[str, Any] = {}
        for key in keys:
            values = list(map(itemgetter(key), rows))
            try:
                # Built from Python's own bytes, not by Arrow's default allocator (mimalloc), which keeps
                # what a builder frees as it grows: about 40 MB per million rows after the read.
                self.columns[key] = text_array(values)
            except (UnicodeError, TypeError):
                self.columns[key] = values

    @classmethod
    def of(cls, columns: dict[str, Any], length: int) -> _Columns:
        """Columns built already (``read.typed``): key -> Arrow text array or list, in key order."""
        held = cls.__new__(cls)
        held.columns, held.length = columns, length
        return held

    def __len__(self) -> int:
        return self.length

    def values(self, key: str) -> list[Any]:
        column = self.columns[key]
        return column if isinstance(column, list) else column.to_pylist()

    def rows(self) -> list[dict[str, Any]]:
        names = list(self.columns)
        return [dict(zip(names, values)) for values in zip(*(self.values(k) for k in names))] \
            if names else [{} for _ in range(self.length)]


def _part_rows(part: list[dict[str, Any]] | _Columns) -> list[dict[str, Any]]:
    return part.rows() if isinstance(part, _Columns) else part


@dataclass(slots=True)
class SectionRecords:
    """All records of one section, in input order, with their sources.

    The rows of each batch are one part: a list of row dicts, or ``_Columns`` for a large batch
    kept as read.
    """

    section_id: str
    model: type[Record]
    _parts: list[list[dict[str, Any]] | _Columns] = field(default_factory=list)
    _batches: list[Batch] = field(default_factory=list)
    _offsets: list[int] = field(default_factory=list)
    _length: int = 0
    _materialised: tuple[Record, ...] | None = None
    _record_rows: int = 0
    #: Derived columns (e.g. typed pandas columns) keyed by their builder; emptied when rows change.
    derived: dict[Any, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        # One line: a notebook showing a section must not print its records.
        return f"<SectionRecords {self.section_id}: {self._length:,} {self.model.__name__} records>"

    def add_rows(self, batch: Batch, rows: list[dict[str, Any]], holding_records: int = 0) -> None:
        """Rows checked in bulk; ``holding_records`` of them hold a record validated alone."""
        if batch.keys is not None and not holding_records and len(rows) >= COMPACT_ROWS:
            self._add_part(batch, _Columns(rows, list(batch.keys.values())))
        else:
            self._add_part(batch, rows)
        self._record_rows += holding_records

    def add_columns(self, batch: Batch, columns: dict[str, Any], length: int) -> None:
        """Rows kept as read, already as columns (``read.typed``): key -> Arrow text array, the keys
        in ``batch.keys`` order. Held as ``add_rows`` holds the same rows."""
        part = _Columns.of(columns, length)
        self._add_part(batch, part if length >= COMPACT_ROWS else part.rows())

    def add_records(self, batch: Batch, records: list[Record]) -> None:
        """Records validated one by one; a row ``{"__record__": record}`` holds each."""
        self._add_part(batch, [{"__record__": r} for r in records])
        self._record_rows += len(records)

    def add_section(self, other: SectionRecords) -> None:
        """Append every batch of ``other`` (the same section, read apart), in its order."""
        for batch, part in zip(other._batches, other._parts):
            self._add_part(batch, part)
        self._record_rows += other._record_rows

    def _add_part(self, batch: Batch, part: list[dict[str, Any]] | _Columns) -> None:
        self._offsets.append(self._length)
        self._batches.append(batch)
        self._parts.append(part)
        self._length += len(part)
        self._materialised = None
        self.derived.clear()

    def __len__(self) -> int:
        return self._length

    def _record_of(self, row: dict[str, Any]) -> Record:
        return row["__record__"] if "__record__" in row else self.model.model_validate(row)

    @property
    def records(self) -> tuple[Record, ...]:
        """The frozen record models (built on first access)."""
        if self._materialised is None:
            self._materialised = tuple(self._record_of(row) for part in self._parts for row in _part_rows(part))
        return self._materialised

    def record(self, index: int) -> Record:
        """One record, built on its own (cheaper than ``records`` when only a few are needed)."""
        if self._materialised is not None:
            return self._materialised[index]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        number = bisect_right(self._offsets, index) - 1
        part, at = self._parts[number], index - self._offsets[number]
        if isinstance(part, _Columns):
            return self.model.model_validate({key: column[at] if isinstance(column, list) else column[at].as_py()
                                              for key, column in part.columns.items()})
        return self._record_of(part[at])

    def head(self, count: int) -> tuple[Record, ...]:
        """The first ``count`` records, in input order."""
        return tuple(self.record(i) for i in range(min(count, self._length)))

    def source(self, index: int) -> Source:
        batch_no = bisect_right(self._offsets, index) - 1
        return self._batches[batch_no].source(index - self._offsets[batch_no])

    def sources(self) -> Iterator[Source]:
        for batch in self._batches:
            for i in range(len(batch.locators)):
                yield batch.source(i)

    def source_columns(self) -> tuple[list[str], list[str | None], list[int | None], list[int | None]]:
        """Member, JSON pointer, first and last TXT line of every record, built batch by batch."""
        members: list[str] = []
        pointers: list[str | None] = []
        firsts: list[int | None] = []
        lasts: list[int | None] = []
        for batch in self._batches:
            count = len(batch.locators)
            members.extend([batch.member] * count)
            if count and isinstance(batch.locators[0], tuple):
                pointers.extend([None] * count)
                firsts.extend(first for first, _ in batch.locators)
                lasts.extend(last for _, last in batch.locators)
                continue
            base = (batch.base or "").replace("{", "{{").replace("}", "}}")
            template = f"{base}{{}}" if isinstance(batch.locators[0] if count else "", str) else f"{base}/{{}}"
            pointers.extend(map(template.format, batch.locators))
            firsts.extend([None] * count)
            lasts.extend([None] * count)
        return members, pointers, firsts, lasts

    def column(self, name: str) -> list[Any]:
        """One field's values across all records, raw as validated (timestamps still text)."""
        values: list[Any] = []
        for batch, part in zip(self._batches, self._parts):
            values.extend(self._part_column(batch, part, name))
        return values

    def _part_column(self, batch: Batch, part: list[dict[str, Any]] | _Columns, name: str) -> list[Any]:
        if batch.keys is not None:
            # Held as read, under the export's own keys. A field no key of the batch feeds is None on
            # every record (a key of the same spelling may belong to another field, so it is never
            # looked up by field name).
            key = batch.keys.get(name)
            if key is None:
                return [None] * len(part)
            if isinstance(part, _Columns):
                return part.values(key)
            return list(map(methodcaller("get", key), part))
        if not self._record_rows:
            return list(map(methodcaller("get", name), part))  # type: ignore[arg-type]
        return [row["__record__"].__dict__.get(name) if "__record__" in row else row.get(name)
                for row in part]  # type: ignore[union-attr]

    def text_column(self, name: str) -> Any | None:
        """One field's values as an Arrow ``large_string`` chunked array, without a Python string per
        value, when every batch holds the field as Arrow text (or does not feed it); else None."""
        if not self._parts:
            return None
        import pyarrow as pa

        chunks = []
        for batch, part in zip(self._batches, self._parts):
            key = batch.keys.get(name) if batch.keys is not None else None
            if batch.keys is not None and key is None:
                chunks.append(pa.nulls(len(part), pa.large_string()))
            elif isinstance(part, _Columns) and not isinstance(part.columns[key], list):  # type: ignore[index]
                chunks.append(part.columns[key])  # type: ignore[index]
            else:
                return None
        return pa.chunked_array(chunks, type=pa.large_string())

    @property
    def holds_typed_values(self) -> bool:
        """True when some values come from records (datetimes) rather than bulk-checked text."""
        return self._record_rows > 0


def input_name(path: str) -> str:
    """What a report calls the input: the last part of its path, trailing separators ignored.

    The one rule for the name shown as "File given", on the cover and in the chain of custody:
    ``exports/g5-en-unzipped/`` is ``g5-en-unzipped``, never an empty name. The separators are this
    system's (a backslash in a POSIX name is part of the name, e.g. ``kind_\\xe9.zip``).
    """
    separators = os.sep + (os.altsep or "")
    parts = [part for part in re.split(f"[{re.escape(separators)}]", path) if part not in ("", ".")]
    return parts[-1] if parts else (path or "export")


@dataclass(frozen=True, slots=True)
class InputInfo:
    """Where an export came from: its path (or the name given to bytes), kind, SHA-256 and size.

    ``name`` is what reports call it (``input_name`` of the path unless given); ``rereadable`` is
    False when the export was given as bytes or a stream: there is no file to hash again, and a file
    of the same name in the working folder is a different thing.
    """

    path: str
    kind: Literal["zip", "folder", "file"]
    sha256: str
    size: int
    name: str = ""
    rereadable: bool = True
    #: The path as the operating system knows it, for hashing it again: ``path`` is text (bytes of a
    #: name that are not UTF-8 shown as U+FFFD), which may name no file.
    os_path: str = field(default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.name:
            object.__setattr__(self, "name", input_name(self.path))


@dataclass(frozen=True, repr=False)
class Export:
    """A TikTok export as read by dsar_analyzer: records per section, ledger, hashes, detection."""

    input: InputInfo
    format: Literal["json", "txt", "mixed"]
    generation: str
    generation_evidence: tuple[str, ...]
    language: Literal["en", "nl"]
    language_evidence: str
    sections: dict[str, SectionRecords]
    ledger: Ledger
    member_hashes: dict[str, str]

    def __repr__(self) -> str:
        # One line whatever the size: the generated repr printed every record (megabytes for 25k).
        filled = sum(1 for s in self.sections.values() if len(s))
        return (f"<Export {self.generation} {self.format} {self.language}: {self.record_count:,} records in "
                f"{filled} sections, sha256 {self.input.sha256[:8]}…>")

    # One overload per record model, so ``export.records("watch_history")`` is typed
    # ``tuple[WatchEvent, ...]``; a test checks they cover every registered section id.
    @overload
    def records(self, section_id: Literal["profile"]) -> tuple[m.Profile, ...]: ...
    @overload
    def records(self, section_id: Literal["watch_history"]) -> tuple[m.WatchEvent, ...]: ...
    @overload
    def records(self, section_id: Literal["likes"]) -> tuple[m.Like, ...]: ...
    @overload
    def records(self, section_id: Literal["favorite_videos"]) -> tuple[m.FavoriteVideo, ...]: ...
    @overload
    def records(self, section_id: Literal["favorite_sounds"]) -> tuple[m.FavoriteSound, ...]: ...
    @overload
    def records(self, section_id: Literal["favorite_effects"]) -> tuple[m.FavoriteEffect, ...]: ...
    @overload
    def records(self, section_id: Literal["favorite_hashtags"]) -> tuple[m.FavoriteHashtag, ...]: ...
    @overload
    def records(self, section_id: Literal["favorite_collections"]) -> tuple[m.FavoriteCollection, ...]: ...
    @overload
    def records(
        self,
        section_id: Literal[
            "favorite_comments", "favorite_places", "favorite_movies_and_tv", "favorite_playlists",
            "favorite_dramas", "collections", "profile_views", "stories", "ad_form_responses",
            "wallet_transactions", "donations", "fundraisers", "stickers", "mini_drama_history",
            "live_comments", "shop_payment_cards", "shop_customer_support", "shop_order_disputes",
            "shop_product_reviews", "shop_returns", "shop_favorite_items", "ai_self_image",
            "third_party_accounts"
        ],
    ) -> tuple[m.UnmodelledItem, ...]: ...
    @overload
    def records(self, section_id: Literal["searches"]) -> tuple[m.Search, ...]: ...
    @overload
    def records(self, section_id: Literal["shares"]) -> tuple[m.Share, ...]: ...
    @overload
    def records(self, section_id: Literal["reposts"]) -> tuple[m.Repost, ...]: ...
    @overload
    def records(self, section_id: Literal["logins"]) -> tuple[m.Login, ...]: ...
    @overload
    def records(self, section_id: Literal["followers", "following", "blocked"]) -> tuple[m.Connection, ...]: ...
    @overload
    def records(self, section_id: Literal["comments"]) -> tuple[m.Comment, ...]: ...
    @overload
    def records(self, section_id: Literal["direct_messages"]) -> tuple[m.DirectMessage, ...]: ...
    @overload
    def records(self, section_id: Literal["assistant_chats"]) -> tuple[m.AssistantMessage, ...]: ...
    @overload
    def records(self, section_id: Literal["posts"]) -> tuple[m.Post, ...]: ...
    @overload
    def records(self, section_id: Literal["deleted_posts"]) -> tuple[m.DeletedPost, ...]: ...
    @overload
    def records(self, section_id: Literal["hashtags_used"]) -> tuple[m.HashtagUsed, ...]: ...
    @overload
    def records(self, section_id: Literal["device_status"]) -> tuple[m.DeviceStatus, ...]: ...
    @overload
    def records(self, section_id: Literal["activity_summary"]) -> tuple[m.ActivitySummary, ...]: ...
    @overload
    def records(self, section_id: Literal["recent_location"]) -> tuple[m.RecentLocation, ...]: ...
    @overload
    def records(self, section_id: Literal["location_reviews"]) -> tuple[m.LocationReview, ...]: ...
    @overload
    def records(self, section_id: Literal["ad_interests"]) -> tuple[m.AdInterests, ...]: ...
    @overload
    def records(self, section_id: Literal["off_tiktok_activity"]) -> tuple[m.OffTikTokEvent, ...]: ...
    @overload
    def records(self, section_id: Literal["ads_visit_history"]) -> tuple[m.AdVisit, ...]: ...
    @overload
    def records(self, section_id: Literal["purchases"]) -> tuple[m.Purchase, ...]: ...
    @overload
    def records(self, section_id: Literal["coin_purchases"]) -> tuple[m.CoinPurchase, ...]: ...
    @overload
    def records(self, section_id: Literal["live_watch"]) -> tuple[m.LiveWatch, ...]: ...
    @overload
    def records(self, section_id: Literal["live_go"]) -> tuple[m.LiveGo, ...]: ...
    @overload
    def records(self, section_id: Literal["shop_orders"]) -> tuple[m.ShopOrder, ...]: ...
    @overload
    def records(self, section_id: Literal["shop_browsing"]) -> tuple[m.ShopBrowsing, ...]: ...
    @overload
    def records(self, section_id: Literal["shop_addresses"]) -> tuple[m.ShopAddress, ...]: ...
    @overload
    def records(self, section_id: Literal["shop_cart"]) -> tuple[m.ShopCartItem, ...]: ...
    @overload
    def records(self, section_id: Literal["shop_vouchers"]) -> tuple[m.ShopVoucher, ...]: ...
    @overload
    def records(self, section_id: Literal["shop_communications"]) -> tuple[m.ShopMessage, ...]: ...
    @overload
    def records(self, section_id: Literal["settings"]) -> tuple[m.Setting, ...]: ...
    @overload
    def records(self, section_id: Literal["autofill"]) -> tuple[m.Autofill, ...]: ...
    @overload
    def records(self, section_id: Literal["ai_moji"]) -> tuple[m.AIMoji, ...]: ...
    @overload
    def records(self, section_id: str) -> tuple[Record, ...]: ...

    def records(self, section_id: str) -> tuple[Record, ...]:
        """The records of one section (empty tuple when the export does not have it)."""
        if section_id not in SECTIONS:
            raise KeyError(f"unknown section id {section_id!r}")
        found = self.sections.get(section_id)
        return found.records if found else ()

    @cached_property
    def record_count(self) -> int:
        return sum(len(s) for s in self.sections.values())

    def present_sections(self) -> Sequence[str]:
        return sorted(self.sections)
