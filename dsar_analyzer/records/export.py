"""The parsed export: records per section with their sources, plus the ledger and the hashes.

Records are held as validated rows and turned into frozen pydantic models only when asked for,
so a million watch-history rows cost dicts, not a million model instances. Every record has a
``Source``: the archive member plus a JSON pointer (RFC 6901) or a TXT line range.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import methodcaller
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

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
    locators: list[Any]

    def source(self, index: int) -> Source:
        loc = self.locators[index]
        if isinstance(loc, tuple):
            return Source(member=self.member, lines=loc)
        suffix = loc if isinstance(loc, str) else f"/{loc}"
        return Source(member=self.member, pointer=f"{self.base or ''}{suffix}")


@dataclass(slots=True)
class SectionRecords:
    """All records of one section, in input order, with their sources."""

    section_id: str
    model: type[Record]
    _rows: list[dict[str, Any]] = field(default_factory=list)
    _records: list[Record] = field(default_factory=list)
    _batches: list[Batch] = field(default_factory=list)
    _offsets: list[int] = field(default_factory=list)
    _materialised: tuple[Record, ...] | None = None
    _record_rows: int = 0
    #: Derived columns (e.g. typed pandas columns) keyed by their builder; emptied when rows change.
    derived: dict[Any, Any] = field(default_factory=dict)

    def add_rows(self, batch: Batch, rows: list[dict[str, Any]], holding_records: int = 0) -> None:
        """Rows checked in bulk; ``holding_records`` of them hold a record validated alone."""
        self._add_batch(batch)
        self._rows.extend(rows)
        self._record_rows += holding_records

    def add_records(self, batch: Batch, records: list[Record]) -> None:
        """Records validated one by one; a row ``{"__record__": record}`` holds each."""
        self._add_batch(batch)
        self._rows.extend({"__record__": r} for r in records)
        self._record_rows += len(records)

    def _add_batch(self, batch: Batch) -> None:
        self._offsets.append(len(self._rows))
        self._batches.append(batch)
        self._materialised = None
        self.derived.clear()

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def records(self) -> tuple[Record, ...]:
        """The frozen record models (built on first access)."""
        if self._materialised is None:
            model = self.model
            self._materialised = tuple(
                row["__record__"] if "__record__" in row else model.model_validate(row) for row in self._rows
            )
        return self._materialised

    def record(self, index: int) -> Record:
        """One record, built on its own (cheaper than ``records`` when only a few are needed)."""
        if self._materialised is not None:
            return self._materialised[index]
        row = self._rows[index]
        return row["__record__"] if "__record__" in row else self.model.model_validate(row)

    def head(self, count: int) -> tuple[Record, ...]:
        """The first ``count`` records, in input order."""
        return tuple(self.record(i) for i in range(min(count, len(self._rows))))

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
        if not self._record_rows:
            return list(map(methodcaller("get", name), self._rows))
        return [row["__record__"].__dict__.get(name) if "__record__" in row else row.get(name)
                for row in self._rows]

    @property
    def holds_typed_values(self) -> bool:
        """True when some values come from records (datetimes) rather than bulk-checked text."""
        return self._record_rows > 0


@dataclass(frozen=True, slots=True)
class InputInfo:
    path: str
    kind: Literal["zip", "folder", "file"]
    sha256: str
    size: int


@dataclass(frozen=True)
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
