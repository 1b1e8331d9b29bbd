"""Collects what the format parsers find into section records and ledger entries.

Both the JSON and the TXT parser hand their batches of raw items here, so validation, provenance
and the ledger arithmetic live in one place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from dsar_analyzer.read.validate import invalid_runs, validate_items
from dsar_analyzer.records.export import Batch, SectionRecords
from dsar_analyzer.records.ledger import (
    FieldEntry,
    InvalidItem,
    Ledger,
    MemberEntry,
    Note,
    SectionEntry,
)
from dsar_analyzer.records.registry import SECTIONS

EMPTY_OBJECT_REASON = "empty objects hold nothing to read"


class Collector:
    """Accumulates records, section entries, field counts, invalid items and notes."""

    def __init__(self) -> None:
        self.sections: dict[str, SectionRecords] = {}
        self.section_entries: list[SectionEntry] = []
        self.field_counts: Counter[tuple[str, str, str]] = Counter()
        self.ignored_fields: dict[tuple[str, str], tuple[int, str]] = {}
        self.invalid_items: list[InvalidItem] = []
        self.notes: list[Note] = []

    def add_items(
        self,
        section_id: str,
        *,
        member: str,
        base: str | None,
        where: str,
        items: Sequence[Any],
        locators: Sequence[Any],
        ignored: int = 0,
        reason: str = "",
    ) -> SectionEntry:
        """Validate one batch of raw items from one place and file the results."""
        model = SECTIONS[section_id].model
        # ``count`` compares in C (only a dict equals ``{}``), so a batch without empty objects costs
        # no Python loop and a batch of 2.5 million builds no list of their positions.
        empties = items.count({}) if isinstance(items, list) else sum(1 for i in items if i == {})
        if empties:
            # An empty object holds nothing to read: ignored with a reason, not a record of Nones.
            filled = [p for p, item in enumerate(items) if not (isinstance(item, dict) and not item)] \
                if empties < len(items) else []
            items = [items[p] for p in filled]
            locators = [locators[p] for p in filled]
            ignored += empties
            reason = "; ".join(filter(None, (reason, EMPTY_OBJECT_REASON)))
        result = validate_items(model, items)
        records = self.sections.setdefault(section_id, SectionRecords(section_id, model))
        valid = result.valid_positions
        kept = locators if len(valid) == len(locators) else [locators[p] for p in valid]
        batch = Batch(member, base, kept if isinstance(kept, (list, range)) else list(kept), result.row_keys)
        if result.records is not None:
            records.add_records(batch, result.records)
        else:
            records.add_rows(batch, result.rows, holding_records=result.rescued)
        self._file_invalid(section_id, member, base, locators, invalid_runs(result))
        invalid_count = sum(last - first + 1 for first, last, _ in result.not_objects) + len(result.invalid)
        for (key, field_name), count in result.key_counts.items():
            self.field_counts[(section_id, key, field_name)] += count
        for (key, _field_name, why), count in result.set_aside.items():
            self.ignore_field(section_id, key, why, count)
        total = len(items) + ignored
        entry = SectionEntry(
            where=where, section_id=section_id, status="parsed" if total else "empty",
            items=total, records=len(result.valid_positions), invalid=invalid_count,
            ignored=ignored, reason=reason,
        )
        self.section_entries.append(entry)
        return entry

    def _file_invalid(self, section_id: str, member: str, base: str | None, locators: Sequence[Any],
                      runs: list[tuple[int, int, list[str]]]) -> None:
        """One ledger entry per run of neighbouring invalid items with the same errors."""
        for first, last, errors in runs:
            where = str(Batch(member, base, [locators[first]]).source(0))
            end = str(Batch(member, base, [locators[last]]).source(0)) if last != first else ""
            self.invalid_items.append(InvalidItem(section_id=section_id, where=where, errors=tuple(errors),
                                                  count=last - first + 1, last=end))

    def empty(self, section_id: str | None, where: str, reason: str) -> None:
        self.section_entries.append(SectionEntry(where=where, section_id=section_id, status="empty", reason=reason))

    def ignore(self, section_id: str | None, where: str, reason: str, items: int = 1) -> None:
        self.section_entries.append(SectionEntry(
            where=where, section_id=section_id, status="ignored", items=items, ignored=items, reason=reason))

    def unrecognised(self, where: str, items: int, reason: str, section_id: str | None = None) -> None:
        self.section_entries.append(SectionEntry(
            where=where, section_id=section_id, status="unrecognised", items=items, reason=reason))

    def ignore_field(self, section_id: str, key: str, reason: str, count: int = 1) -> None:
        seen, _ = self.ignored_fields.get((section_id, key), (0, reason))
        self.ignored_fields[(section_id, key)] = (seen + count, reason)

    def note(self, where: str, message: str) -> None:
        self.notes.append(Note(where=where, message=message))

    def ledger(self, members: Sequence[MemberEntry]) -> Ledger:
        fields = [
            FieldEntry(section_id=s, key=k, field=f, status="parsed" if f else "unrecognised", occurrences=n,
                       reason="" if f else "no field of the record model has this name; kept on the record")
            for (s, k, f), n in sorted(self.field_counts.items())
        ]
        fields += [
            FieldEntry(section_id=s, key=k, field="", status="ignored", occurrences=n, reason=why)
            for (s, k), (n, why) in sorted(self.ignored_fields.items())
        ]
        return Ledger(
            members=tuple(members), sections=tuple(self.section_entries), fields=tuple(fields),
            invalid_items=tuple(self.invalid_items), notes=tuple(self.notes),
        )
