"""The ledger: where every member, section, item and field of an input ended up, with counts that add up.

Levels and their buckets:
  member  -> parsed | ignored (with reason) | unrecognised
  section -> parsed | empty | ignored (with reason) | unrecognised   (one entry per place in the input)
  item    -> record | invalid (with the validation error) | ignored (with reason)
  field   -> parsed (a model field) | unrecognised (kept on the record) | ignored (with reason)
``check()`` verifies the arithmetic; a failure there is a bug in this package, never in the data.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

MemberStatus = Literal["parsed", "ignored", "unrecognised"]
SectionStatus = Literal["parsed", "empty", "ignored", "unrecognised"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class MemberEntry(_Frozen):
    name: str
    size: int
    sha256: str
    status: MemberStatus
    reason: str = ""
    #: ZIP members: the timestamp written in the archive (no zone, as written) and the declared CRC-32 (hex).
    modified: datetime | None = None
    crc32: str | None = None


class SectionEntry(_Frozen):
    """One place in the input: a JSON key path or a TXT file (or a part of either)."""

    where: str
    section_id: str | None
    status: SectionStatus
    items: int = 0
    records: int = 0
    invalid: int = 0
    ignored: int = 0
    reason: str = ""


class FieldEntry(_Frozen):
    section_id: str
    key: str                      # as written in the export
    field: str                    # model field it fed, "" when unrecognised or ignored
    status: Literal["parsed", "unrecognised", "ignored"]
    occurrences: int
    reason: str = ""


class InvalidItem(_Frozen):
    """One invalid item, or a run of ``count`` neighbours with the same errors (``where`` is the
    first of them, ``last`` the last): a list of 2.5 million zeros is one entry, not 2.5 million."""

    section_id: str
    where: str
    errors: tuple[str, ...]
    count: int = 1
    last: str = ""


class Note(_Frozen):
    """A finding about the input that is not a count: BOM, replaced bytes, duplicated sections."""

    where: str
    message: str


class LedgerTotals(_Frozen):
    members: int
    members_parsed: int
    members_ignored: int
    members_unrecognised: int
    sections_parsed: int
    sections_empty: int
    sections_ignored: int
    sections_unrecognised: int
    items: int
    records: int
    invalid: int
    ignored_items: int
    unrecognised_items: int
    fields_parsed: int
    fields_unrecognised: int
    fields_ignored: int


class Ledger(_Frozen):
    members: tuple[MemberEntry, ...]
    sections: tuple[SectionEntry, ...]
    fields: tuple[FieldEntry, ...]
    invalid_items: tuple[InvalidItem, ...]
    notes: tuple[Note, ...]

    def __repr__(self) -> str:
        # One line: the full ledger is for reports and ``model_dump()``, not for a notebook cell.
        t = self.totals()
        members = "member" if t.members == 1 else "members"
        return (f"<Ledger: {t.members:,} {members}, {len(self.sections):,} section entries, {t.items:,} items "
                f"({t.records:,} records, {t.invalid:,} invalid, {t.ignored_items:,} ignored), "
                f"{len(self.unrecognised()):,} unrecognised>")

    __str__ = __repr__

    def totals(self) -> LedgerTotals:
        members = Counter(m.status for m in self.members)
        sections = Counter(s.status for s in self.sections)
        fields = Counter()  # type: Counter[str]
        for f in self.fields:
            fields[f.status] += f.occurrences
        accounted = [s for s in self.sections if s.status != "unrecognised"]
        return LedgerTotals(
            members=len(self.members),
            members_parsed=members["parsed"],
            members_ignored=members["ignored"],
            members_unrecognised=members["unrecognised"],
            sections_parsed=sections["parsed"],
            sections_empty=sections["empty"],
            sections_ignored=sections["ignored"],
            sections_unrecognised=sections["unrecognised"],
            items=sum(s.items for s in accounted),
            records=sum(s.records for s in accounted),
            invalid=sum(s.invalid for s in accounted),
            ignored_items=sum(s.ignored for s in accounted),
            unrecognised_items=sum(s.items for s in self.sections if s.status == "unrecognised"),
            fields_parsed=fields["parsed"],
            fields_unrecognised=fields["unrecognised"],
            fields_ignored=fields["ignored"],
        )

    def unrecognised(self) -> list[tuple[str, int]]:
        """Every unrecognised member, section and field as (where, item count)."""
        out = [(m.name, 1) for m in self.members if m.status == "unrecognised"]
        out += [(s.where, s.items) for s in self.sections if s.status == "unrecognised"]
        out += [(f"{f.section_id}: field {f.key!r}", f.occurrences)
                for f in self.fields if f.status == "unrecognised"]
        return out

    def check(self) -> list[str]:
        """Arithmetic that must hold; returns the broken rules (empty when all add up)."""
        problems = []
        for s in self.sections:
            if s.status != "unrecognised" and s.items != s.records + s.invalid + s.ignored:
                problems.append(f"{s.where}: {s.items} items != {s.records} + {s.invalid} + {s.ignored}")
        invalid_by_section = Counter()  # type: Counter[str]
        for item in self.invalid_items:
            invalid_by_section[item.section_id] += item.count
        section_invalid = Counter()  # type: Counter[str]
        for s in self.sections:
            if s.section_id:
                section_invalid[s.section_id] += s.invalid
        if +invalid_by_section != +section_invalid:
            problems.append("invalid items listed do not match the invalid counts per section")
        return problems
