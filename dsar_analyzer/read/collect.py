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


class ListStage:
    """The items of one place, checked a batch at a time: a whole list at once, or a list read item by
    item from a large member, a slice at a time (``json_stream``). Filed by ``Collector.file``.

    Runs of neighbouring invalid items with the same errors are one ledger entry whichever batch
    they fell in, so a list checked in slices files exactly what it files checked whole.
    """

    def __init__(self, section_id: str, member: str, base: str | None) -> None:
        self.section_id = section_id
        self.member = member
        self.base = base
        self.model = SECTIONS[section_id].model
        self.records = SectionRecords(section_id, self.model)
        self.items = 0  # not counting empty objects (``empties``)
        self.empties = 0
        self.invalid = 0
        self._kept = 0
        #: (number among the non-empty items, locator) of the first and last item, and the errors.
        self.runs: list[tuple[tuple[int, Any], tuple[int, Any], list[str]]] = []
        self.key_counts: Counter[tuple[str, str]] = Counter()
        self.set_aside: Counter[tuple[str, str, str]] = Counter()

    def pointer(self, at: tuple[int, Any]) -> str:
        return str(Batch(self.member, self.base, [at[1]]).source(0))

    def add(self, items: Sequence[Any], locators: Sequence[Any]) -> None:
        """Check the next items of the place, ``locators`` saying where each sat."""
        # ``count`` compares in C (only a dict equals ``{}``), so a batch without empty objects costs
        # no Python loop and a batch of 2.5 million builds no list of their positions.
        empties = items.count({}) if isinstance(items, list) else sum(1 for i in items if i == {})
        if empties:
            filled = [p for p, item in enumerate(items) if not (isinstance(item, dict) and not item)] \
                if empties < len(items) else []
            items = [items[p] for p in filled]
            locators = [locators[p] for p in filled]
            self.empties += empties
        self.items += len(items)
        result = validate_items(self.model, items)
        valid = result.valid_positions
        kept = locators if len(valid) == len(locators) else [locators[p] for p in valid]
        batch = Batch(self.member, self.base, kept if isinstance(kept, (list, range)) else list(kept),
                      result.row_keys)
        if result.records is not None:
            self.records.add_records(batch, result.records)
        else:
            self.records.add_rows(batch, result.rows, holding_records=result.rescued)
        for first, last, errors in invalid_runs(result):
            start, end = (self._kept + first, locators[first]), (self._kept + last, locators[last])
            if self.runs and self.runs[-1][1][0] == start[0] - 1 and self.runs[-1][2] == errors:
                self.runs[-1] = (self.runs[-1][0], end, errors)
            else:
                self.runs.append((start, end, errors))
        self.invalid += sum(last - first + 1 for first, last, _ in result.not_objects) + len(result.invalid)
        self.key_counts.update(result.key_counts)
        self.set_aside.update(result.set_aside)
        self._kept += len(items)

    def add_columns(self, columns: dict[str, Any], length: int, row_keys: dict[str, str], locators: range) -> None:
        """The next items of the place, read straight into columns by ``read.typed``: every one valid,
        written under the keys of ``row_keys`` (field name -> key), one key set; filed as
        ``add`` files the same items when they pass the bulk check kept as read."""
        self.items += length
        self.records.add_columns(Batch(self.member, self.base, locators, row_keys), columns, length)
        for field_name, key in row_keys.items():
            self.key_counts[(key, field_name)] += length
        self._kept += length


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
        stage = ListStage(section_id, member, base)
        stage.add(items, locators)
        return self.file(stage, where, ignored=ignored, reason=reason)

    def file(self, stage: ListStage, where: str, *, ignored: int = 0, reason: str = "") -> SectionEntry:
        """File what a stage checked (all of one place's items) as one section entry."""
        records = self.sections.setdefault(stage.section_id, SectionRecords(stage.section_id, stage.model))
        records.add_section(stage.records)
        for first, last, errors in stage.runs:
            self.invalid_items.append(InvalidItem(
                section_id=stage.section_id, where=stage.pointer(first), errors=tuple(errors),
                count=last[0] - first[0] + 1, last=stage.pointer(last) if last[0] != first[0] else ""))
        for (key, field_name), count in stage.key_counts.items():
            self.field_counts[(stage.section_id, key, field_name)] += count
        for (key, _field_name, why), count in stage.set_aside.items():
            self.ignore_field(stage.section_id, key, why, count)
        if stage.empties:
            # An empty object holds nothing to read: ignored with a reason, not a record of Nones.
            ignored += stage.empties
            reason = "; ".join(filter(None, (reason, EMPTY_OBJECT_REASON)))
        total = stage.items + ignored
        entry = SectionEntry(
            where=where, section_id=stage.section_id, status="parsed" if total else "empty",
            items=total, records=len(stage.records), invalid=stage.invalid,
            ignored=ignored, reason=reason,
        )
        self.section_entries.append(entry)
        return entry

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
