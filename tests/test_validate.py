"""Bulk validation gives exactly what item-by-item validation gives, for any mix of good and bad items."""

from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from dsar_analyzer.read.validate import bulk_capable, invalid_runs, validate_items
from dsar_analyzer.records import models
from dsar_analyzer.records.registry import SECTIONS

TIMESTAMPS = st.one_of(
    st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2027, 1, 1)).map(
        lambda d: d.strftime("%Y-%m-%d %H:%M:%S")),
    st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2027, 1, 1)).map(
        lambda d: d.strftime("%Y-%m-%d %H:%M:%S UTC")),
    st.sampled_from(["", "None", "N/A", "2025-02-30 10:00:00", "2025-13-01 10:00:00", "yesterday",
                     "1969-12-31 23:59:59", "2024-02-29 23:59:59", "2023-02-29 10:00:00",
                     "1900-02-29 10:00:00", "2000-02-29 10:00:00", "0000-01-01 00:00:00"]),
    st.none(),
    st.integers(),
)
TEXT = st.one_of(st.text(max_size=20), st.none(), st.integers(), st.sampled_from(["None", "N/A", ""]))
WATCH_ITEM = st.one_of(
    st.fixed_dictionaries(
        {"Date": TIMESTAMPS},
        optional={"Link": TEXT, "title": TEXT, "Extra": TEXT, "link": TEXT}),
    st.fixed_dictionaries({"date": TIMESTAMPS, "VideoLink": TEXT}),
    st.fixed_dictionaries({"DATE": TIMESTAMPS, "LINK": TEXT}),
    st.integers(), st.text(max_size=5), st.none(),
)


def _outcome(model: type[models.Record], items: list[object], *, slow: bool) -> tuple:
    result = validate_items(model, items, force_item_by_item=slow)
    # A row the bulk check refused but the model accepted travels as {"__record__": record}, as in SectionRecords.
    records = result.records if result.records is not None else [
        r["__record__"] if "__record__" in r else model.model_validate(r) for r in result.rows]
    return result.valid_positions, invalid_runs(result), [r.model_dump() for r in records], sorted(result.key_counts.items())


@settings(max_examples=150, deadline=None)
@given(st.lists(WATCH_ITEM, max_size=25))
def test_bulk_equals_item_by_item_for_watch_history(items: list[object]) -> None:
    assert _outcome(models.WatchEvent, items, slow=False) == _outcome(models.WatchEvent, items, slow=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.fixed_dictionaries({}, optional={
    "Date": TIMESTAMPS, "IP": TEXT, "DeviceModel": TEXT, "Carrier": TEXT, "network type": TEXT}), max_size=15))
def test_bulk_equals_item_by_item_for_logins(items: list[object]) -> None:
    assert _outcome(models.Login, items, slow=False) == _outcome(models.Login, items, slow=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.fixed_dictionaries({}, optional={
    "UID": st.one_of(st.integers(min_value=0), TEXT, st.booleans()), "DID": TEXT, "Web ID": TEXT}), max_size=10))
def test_bulk_equals_item_by_item_for_identifiers(items: list[object]) -> None:
    assert _outcome(models.DeviceStatus, items, slow=False) == _outcome(models.DeviceStatus, items, slow=True)


def test_one_invalid_item_never_sinks_its_siblings() -> None:
    items = [{"Date": "2025-03-14 09:26:53", "Link": "a"}, {"Date": "yesterday", "Link": "b"},
             {"Date": "2025-03-14 09:26:54 UTC", "Link": "c"}, "not an object", {"Date": "2025-02-30 00:00:00"}]
    result = validate_items(models.WatchEvent, items)
    assert result.valid_positions == [0, 2]
    assert [p for p, _ in result.invalid] == [1, 4]
    assert result.not_objects == [(3, 3, "str")]
    assert invalid_runs(result)[1] == (3, 3, ["item: expected an object, got str"])
    assert result.invalid[1][1] == ["Date: Value error, not a TikTok timestamp (YYYY-MM-DD HH:MM:SS on a real day of 1970-2199): '2025-02-30 00:00:00'"]
    rows = [models.WatchEvent.model_validate(r) for r in result.rows]
    assert [r.watched_at for r in rows] == [datetime(2025, 3, 14, 9, 26, 53, tzinfo=timezone.utc),
                                            datetime(2025, 3, 14, 9, 26, 54, tzinfo=timezone.utc)]


def test_big_sections_take_the_bulk_path() -> None:
    for section_id in ("watch_history", "likes", "searches", "shares", "logins", "followers", "following",
                       "favorite_videos", "off_tiktok_activity", "direct_messages", "comments"):
        assert bulk_capable(SECTIONS[section_id].model), section_id
    assert not bulk_capable(models.Profile)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.fixed_dictionaries({}, optional={
    "Likes": st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(), TEXT,
                       st.sampled_from(["0", "12", "-3", "1.5", "9" * 19])),
    "Rating": TEXT, "Date": TIMESTAMPS}), max_size=10))
def test_bulk_equals_item_by_item_for_counts(items: list[object]) -> None:
    assert _outcome(models.LocationReview, items, slow=False) == _outcome(models.LocationReview, items, slow=True)


def test_item_the_bulk_check_refuses_but_the_model_accepts_is_kept(monkeypatch) -> None:
    """A disagreement between the two checks would be a bug in us; the record is kept, in order."""
    from typing import Annotated

    from pydantic import AliasChoices, Field, StringConstraints, TypeAdapter
    from typing_extensions import TypedDict

    import dsar_analyzer.read.validate as validate

    strict = TypedDict("StrictRow", {"url": Annotated[Annotated[str, StringConstraints(pattern="^https")],
                                                       Field(validation_alias=AliasChoices("Link"))]}, total=False)
    monkeypatch.setattr(validate, "_row_adapter", lambda model: TypeAdapter(list[strict]))
    items = [{"Link": "https://a"}, {"Link": "x", "Odd": 1}, {"Link": "https://b"}]
    result = validate_items(models.WatchEvent, items)
    assert result.valid_positions == [0, 1, 2]
    assert result.invalid == []
    assert result.rows[0] == {"url": "https://a"}
    assert result.rows[1]["__record__"] == models.WatchEvent(url="x", unrecognised_fields={"Odd": 1})
    assert result.rows[2] == {"url": "https://b"}
