"""Items written exactly under the model's keys are kept as rows without a copy: records, columns,
sources and the ledger must be the same as on the path that copies every row."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dsar_analyzer.read import validate
from dsar_analyzer.read.collect import Collector
from dsar_analyzer.records.export import SectionRecords
from tests.test_validate import TEXT, TIMESTAMPS, WATCH_ITEM

GOOD_STAMP = st.datetimes().map(lambda d: d.replace(year=2000 + d.year % 30).strftime("%Y-%m-%d %H:%M:%S"))
EXACT_WATCH = st.fixed_dictionaries({"Date": st.one_of(GOOD_STAMP, TIMESTAMPS), "Link": TEXT})


def _collect(items: list[Any], section_id: str, *, copy: bool, monkeypatch: pytest.MonkeyPatch) -> Collector:
    with monkeypatch.context() as patch:
        if copy:
            patch.setattr(validate, "_as_read", lambda *args: False)
        out = Collector()
        out.add_items(section_id, member="m.json", base="/list", where="m.json#/list", items=items,
                      locators=range(len(items)))
        out.add_items(section_id, member="m.json", base="/other", where="m.json#/other", items=items[:3],
                      locators=range(len(items[:3])))
    return out


def _seen(records: SectionRecords | None, names: list[str]) -> tuple:
    if records is None:
        return ()
    return ([r.model_dump() for r in records.records], [records.column(n) for n in names],
            [str(s) for s in records.sources()], [str(records.source(i)) for i in range(len(records))],
            records.holds_typed_values)


@settings(max_examples=120, deadline=None)
@given(st.one_of(st.lists(EXACT_WATCH, max_size=30), st.lists(WATCH_ITEM, max_size=20)))
def test_rows_kept_as_read_give_what_copied_rows_give(items: list[Any]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast = _collect(items, "watch_history", copy=False, monkeypatch=monkeypatch)
        slow = _collect(items, "watch_history", copy=True, monkeypatch=monkeypatch)
    names = ["watched_at", "url", "title", "unrecognised_fields"]
    assert _seen(fast.sections.get("watch_history"), names) == _seen(slow.sections.get("watch_history"), names)
    assert fast.ledger(()).model_dump() == slow.ledger(()).model_dump()


def test_exact_items_are_kept_without_a_copy_and_a_late_failure_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate, "SLICE", 4)
    items: list[Any] = [{"Date": f"2020-01-{d:02d} 10:00:00", "Link": f"l{d}"} for d in range(1, 11)]
    out = _collect(items, "watch_history", copy=False, monkeypatch=monkeypatch)
    records = out.sections["watch_history"]
    assert records._parts[0][0] is items[0] and records.column("url")[:3] == ["l1", "l2", "l3"]
    assert records.column("title") == [None] * 13
    # An item refused in the third slice: nothing is kept as read, the refused item alone is invalid.
    items[9] = {"Date": "2020-02-30 10:00:00", "Link": "l10"}
    out = _collect(items, "watch_history", copy=False, monkeypatch=monkeypatch)
    records = out.sections["watch_history"]
    assert records._parts[0][0] is not items[0] and len(records) == 12
    assert [(i.where, i.count) for i in out.invalid_items] == [("m.json#/list/9", 1)]
