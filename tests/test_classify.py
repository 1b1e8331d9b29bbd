"""Categories cover every section exactly once; data kinds follow the records' values; counts add up."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dsar_analyzer import load
from dsar_analyzer.analysis.classify import (
    CATEGORY_BY_SECTION,
    RULES,
    Category,
    DataKind,
    add_category,
    category_codes,
    category_counts,
    classified_frame,
    data_kind_counts,
    data_kinds,
    has_value,
    section_codes,
)
from dsar_analyzer.records import models as m
from dsar_analyzer.records.frames import SOURCE_COLUMNS, records_frame
from dsar_analyzer.records.registry import SECTIONS

SAMPLES = Path(__file__).resolve().parents[1] / "sample_exports"
ZIPS = sorted(p.name for p in SAMPLES.glob("*.zip"))
UTC = timezone.utc
WHEN = datetime(2020, 3, 1, 12, 0, tzinfo=UTC)
K = DataKind

_exports: dict[str, object] = {}


def _load(name: str):  # type: ignore[no-untyped-def]
    if name not in _exports:
        _exports[name] = load(SAMPLES / name)
    return _exports[name]


# -- the category table ----------------------------------------------------------------------------

def test_category_table_is_total_and_has_no_extra_id() -> None:
    assert set(CATEGORY_BY_SECTION) == set(SECTIONS)
    assert list(CATEGORY_BY_SECTION) == list(SECTIONS)
    assert len(CATEGORY_BY_SECTION) == len(SECTIONS) == 64
    assert all(isinstance(c, Category) for c in CATEGORY_BY_SECTION.values())


def test_enums_spell_the_agreed_values() -> None:
    assert [str(c) for c in Category] == ["profile", "video", "location", "viewing_behaviour", "communication",
                                          "social", "advertising", "device_and_login", "commerce", "settings"]
    assert [str(k) for k in DataKind] == ["ip_address", "precise_location", "approximate_location",
                                          "device_identifier", "contact", "free_text", "image_or_video",
                                          "third_party_person", "payment", "birth_date", "behavioural",
                                          "inferred_interest"]


@pytest.mark.parametrize(("section_id", "category"), [
    ("profile", "profile"), ("autofill", "profile"), ("ai_moji", "profile"), ("ai_self_image", "profile"),
    ("third_party_accounts", "profile"),
    ("posts", "video"), ("deleted_posts", "video"), ("stories", "video"), ("hashtags_used", "video"),
    ("live_go", "video"),
    ("recent_location", "location"), ("location_reviews", "location"),
    ("watch_history", "viewing_behaviour"), ("likes", "viewing_behaviour"), ("favorite_dramas", "viewing_behaviour"),
    ("favorite_collections", "viewing_behaviour"), ("collections", "viewing_behaviour"),
    ("shares", "viewing_behaviour"), ("reposts", "viewing_behaviour"), ("searches", "viewing_behaviour"),
    ("live_watch", "viewing_behaviour"), ("mini_drama_history", "viewing_behaviour"),
    ("comments", "communication"), ("direct_messages", "communication"), ("assistant_chats", "communication"),
    ("live_comments", "communication"),
    ("followers", "social"), ("following", "social"), ("blocked", "social"), ("profile_views", "social"),
    ("ad_interests", "advertising"), ("off_tiktok_activity", "advertising"), ("ad_form_responses", "advertising"),
    ("ads_visit_history", "advertising"),
    ("logins", "device_and_login"), ("device_status", "device_and_login"), ("activity_summary", "device_and_login"),
    ("purchases", "commerce"), ("coin_purchases", "commerce"), ("wallet_transactions", "commerce"),
    ("donations", "commerce"), ("fundraisers", "commerce"), ("stickers", "commerce"),
    ("settings", "settings"),
])
def test_category_of_section(section_id: str, category: str) -> None:
    assert CATEGORY_BY_SECTION[section_id] == category


def test_every_shop_and_favourite_section_has_its_category() -> None:
    assert {CATEGORY_BY_SECTION[s] for s in SECTIONS if s.startswith("shop_")} == {Category.COMMERCE}
    assert {CATEGORY_BY_SECTION[s] for s in SECTIONS if s.startswith("favorite_")} == {Category.VIEWING_BEHAVIOUR}


def test_rules_name_only_real_sections_and_fields() -> None:
    for section_id, rules in RULES.items():
        fields = SECTIONS[section_id].model.model_fields
        for rule in rules:
            assert all(name in fields for name in rule.when), (section_id, rule)


# -- data kinds, table-driven with literal records ---------------------------------------------------

ZERO_IDFA = "00000000-0000-0000-0000-000000000000"

CASES: list[tuple[str, str, m.Record, set[DataKind]]] = [
    ("login with ip", "logins", m.Login(ip="203.0.113.7", logged_in_at=WHEN), {K.IP_ADDRESS, K.APPROXIMATE_LOCATION}),
    ("login without ip", "logins", m.Login(logged_in_at=WHEN, device_model="iPhone12,1"), set()),
    ("login with N/A ip", "logins", m.Login(ip="N/A", logged_in_at=WHEN), set()),
    ("post with location", "posts", m.Post(posted_at=WHEN, location="Sample Town"),
     {K.IMAGE_OR_VIDEO, K.APPROXIMATE_LOCATION}),
    ("post without location", "posts", m.Post(posted_at=WHEN, location=""), {K.IMAGE_OR_VIDEO}),
    ("post with caption", "posts", m.Post(posted_at=WHEN, title="my dance"), {K.IMAGE_OR_VIDEO, K.FREE_TEXT}),
    ("deleted post with location", "deleted_posts", m.DeletedPost(location="Sample Town"),
     {K.IMAGE_OR_VIDEO, K.APPROXIMATE_LOCATION}),
    ("story", "stories", m.UnmodelledItem(), {K.IMAGE_OR_VIDEO}),
    ("gps", "recent_location", m.RecentLocation(gps="52.37,4.89"), {K.PRECISE_LOCATION}),
    ("last region", "recent_location", m.RecentLocation(last_region="NL"), {K.APPROXIMATE_LOCATION}),
    ("gps and region", "recent_location", m.RecentLocation(gps="52.37,4.89", last_region="NL"),
     {K.PRECISE_LOCATION, K.APPROXIMATE_LOCATION}),
    ("location all N/A", "recent_location", m.RecentLocation(gps="N/A", last_region="N/A"), set()),
    ("profile full", "profile",
     m.Profile(email="a@example.com", phone="+31600000000", birth_date_text="14-Sep-2009", bio="hi",
               profile_photo="https://p16-sample.example.com/a.jpeg"),
     {K.CONTACT, K.BIRTH_DATE, K.FREE_TEXT, K.IMAGE_OR_VIDEO}),
    ("profile phone only", "profile", m.Profile(phone="+31600000000", username="sample_child_a"), {K.CONTACT}),
    ("profile ambiguous birth text", "profile", m.Profile(birth_date_text="05/06/2009"), {K.BIRTH_DATE}),
    ("profile account region", "profile", m.Profile(account_region="NL"), {K.APPROXIMATE_LOCATION}),
    ("profile empty", "profile", m.Profile(username="sample_child_a", bio="", profile_video="None"), set()),
    ("dm with content", "direct_messages", m.DirectMessage(conversation="sample_friend_01", content="hi",
                                                            sent_at=WHEN), {K.FREE_TEXT, K.THIRD_PARTY_PERSON}),
    ("dm content 0", "direct_messages", m.DirectMessage(content="0"), {K.FREE_TEXT}),
    ("dm without content", "direct_messages", m.DirectMessage(conversation="sample_friend_01"),
     {K.THIRD_PARTY_PERSON}),
    ("comment", "comments", m.Comment(text="so funny", commented_at=WHEN), {K.FREE_TEXT}),
    ("comment with photo", "comments", m.Comment(photo="https://p16-sample.example.com/c.jpeg"), {K.IMAGE_OR_VIDEO}),
    ("assistant chat", "assistant_chats", m.AssistantMessage(content="help me"), {K.FREE_TEXT}),
    ("assistant chat empty", "assistant_chats", m.AssistantMessage(content=""), set()),
    ("follower", "followers", m.Connection(username="sample_friend_01", since=WHEN), {K.THIRD_PARTY_PERSON}),
    ("following", "following", m.Connection(username="sample_friend_02"), {K.THIRD_PARTY_PERSON}),
    ("blocked", "blocked", m.Connection(username="sample_stranger_01"), {K.THIRD_PARTY_PERSON}),
    ("profile view", "profile_views", m.UnmodelledItem(), {K.THIRD_PARTY_PERSON}),
    ("device ids", "device_status", m.DeviceStatus(idfv="00000000-5A3B-4E00-8000-0000000000AB", did="7000001"),
     {K.DEVICE_IDENTIFIER}),
    ("device numeric uid", "device_status", m.DeviceStatus(uid=6123400000123), {K.DEVICE_IDENTIFIER}),
    ("device gaid", "device_status", m.DeviceStatus(gaid="38400000-8cf0-11bd-b23e-10b96e40000d"),
     {K.DEVICE_IDENTIFIER}),
    ("device zero idfa only", "device_status", m.DeviceStatus(idfa=ZERO_IDFA, resolution="828*1792"), set()),
    ("device nothing", "device_status", m.DeviceStatus(app_version="18.1.0"), set()),
    ("shop order with receiver", "shop_orders", m.ShopOrder(order_id="1", receiver={"name": "Sample Parent"}),
     {K.PAYMENT, K.CONTACT}),
    ("shop order without receiver", "shop_orders", m.ShopOrder(order_id="1"), {K.PAYMENT}),
    ("shop address", "shop_addresses", m.ShopAddress(receiver_name="Sample Parent", address="Samplestraat 1"),
     {K.CONTACT}),
    ("shop address empty", "shop_addresses", m.ShopAddress(), set()),
    ("autofill email", "autofill", m.Autofill(email="a@example.com", city="N/A"), {K.CONTACT}),
    ("autofill all N/A", "autofill", m.Autofill(email="N/A", phone_number="N/A"), set()),
    ("off tiktok", "off_tiktok_activity", m.OffTikTokEvent(source="Example Shop", event="Search"),
     {K.BEHAVIOURAL}),
    ("ad interests filled", "ad_interests", m.AdInterests(categories="Games, Pets"), {K.INFERRED_INTEREST}),
    ("ad interests empty", "ad_interests", m.AdInterests(categories=""), set()),
    ("watch", "watch_history", m.WatchEvent(watched_at=WHEN, url="https://www.tiktokv.com/share/video/1/"),
     {K.BEHAVIOURAL}),
    ("like", "likes", m.Like(liked_at=WHEN), {K.BEHAVIOURAL}),
    ("search", "searches", m.Search(searched_at=WHEN, term="sample cat video"), {K.BEHAVIOURAL, K.FREE_TEXT}),
    ("search without term", "searches", m.Search(searched_at=WHEN), {K.BEHAVIOURAL}),
    ("share", "shares", m.Share(method="whatsapp"), {K.BEHAVIOURAL}),
    ("favourite video", "favorite_videos", m.FavoriteVideo(saved_at=WHEN), {K.BEHAVIOURAL}),
    ("favourite collection", "favorite_collections", m.FavoriteCollection(name="my dances"),
     {K.BEHAVIOURAL, K.FREE_TEXT}),
    ("live watched with comment", "live_watch", m.LiveWatch(comments=[{"CommentContent": "hi"}]),
     {K.BEHAVIOURAL, K.FREE_TEXT}),
    ("live watched, empty comment", "live_watch", m.LiveWatch(comments=[{"CommentContent": ""}]), {K.BEHAVIOURAL}),
    ("purchase gift", "purchases", m.Purchase(price="10", username="sample_friend_03"),
     {K.PAYMENT, K.THIRD_PARTY_PERSON}),
    ("coin purchase", "coin_purchases", m.CoinPurchase(coin_amount=70), {K.PAYMENT}),
    ("location review", "location_reviews", m.LocationReview(place_name="Sample Zoo", text="nice"),
     {K.APPROXIMATE_LOCATION, K.FREE_TEXT}),
    ("setting", "settings", m.Setting(name="Private Account", value="Enabled"), set()),
    ("activity summary", "activity_summary", m.ActivitySummary(videos_shared=3), {K.BEHAVIOURAL}),
    ("ai moji filled", "ai_moji", m.AIMoji(items=[{"url": "x"}]), {K.IMAGE_OR_VIDEO}),
    ("ai moji empty", "ai_moji", m.AIMoji(items=None), set()),
]


@pytest.mark.parametrize(("section_id", "record", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_data_kinds(section_id: str, record: m.Record, expected: set[DataKind]) -> None:
    assert data_kinds(section_id, record) == frozenset(expected)


def test_data_kinds_rejects_unknown_section() -> None:
    with pytest.raises(KeyError):
        data_kinds("not_a_section", m.UnmodelledItem())


def test_has_value() -> None:
    assert [has_value(v) for v in (None, "", " N/A ", "None", "null", [], (), {}, "0", 0, [1], {"a": 1})] == [
        False, False, False, False, False, False, False, False, True, True, True, True]


# -- counts on the bundled samples -------------------------------------------------------------------

@pytest.mark.parametrize("name", ZIPS)
def test_category_counts_sum_to_record_count(name: str) -> None:
    export = _load(name)
    counts = category_counts(export)
    assert list(counts) == [str(c) for c in Category]
    assert sum(counts.values()) == export.record_count


def test_category_counts_of_child_a_g4() -> None:
    export = _load("g4-en-sample_child_a.zip")
    assert export.record_count == 138
    assert category_counts(export) == {
        "profile": 1, "video": 4, "location": 1, "viewing_behaviour": 76, "communication": 10, "social": 11,
        "advertising": 5, "device_and_login": 8, "commerce": 0, "settings": 22,
    }


def test_data_kind_counts_of_child_a_g4() -> None:
    assert data_kind_counts(_load("g4-en-sample_child_a.zip")) == {
        "ip_address": 6, "precise_location": 0, "approximate_location": 8, "device_identifier": 1, "contact": 1,
        "free_text": 21, "image_or_video": 3, "third_party_person": 17, "payment": 0, "birth_date": 1,
        "behavioural": 82, "inferred_interest": 0,
    }


@pytest.mark.parametrize("name", ["g2-en-sample_child_a.zip", "g3-en-sample_child_b.zip", "g5-en-sample_child_a.zip",
                                  "txt-2020-en-sample_child_a.zip", "txt-2025-nl-sample_child_a.zip"])
def test_data_kind_counts_agree_with_data_kinds_per_record(name: str) -> None:
    export = _load(name)
    expected: Counter[str] = Counter()
    for section_id, records in export.sections.items():
        for record in records.records:
            expected.update(str(k) for k in data_kinds(section_id, record))
    counts = data_kind_counts(export)
    assert list(counts) == [str(k) for k in DataKind]
    assert counts == {str(k): expected.get(str(k), 0) for k in DataKind}


# -- the classified frame -------------------------------------------------------------------------------

def test_classified_frame_adds_a_string_category_column() -> None:
    export = _load("g4-en-sample_child_a.zip")
    frame = classified_frame(export)
    plain = records_frame(export)
    assert list(frame.columns) == ["section", "category", "timestamp", "age_band", *SOURCE_COLUMNS]
    assert frame["category"].dtype == "string"
    pd.testing.assert_frame_equal(frame.drop(columns=["category", "age_band"]), plain)
    assert frame["category"].tolist() == [str(CATEGORY_BY_SECTION[s]) for s in frame["section"]]
    assert frame["category"].value_counts().to_dict() == {k: v for k, v in category_counts(export).items() if v}


def test_classified_frame_of_an_empty_export_has_the_same_columns() -> None:
    export = dataclasses.replace(_load("g4-en-sample_child_a.zip"), sections={})
    frame = classified_frame(export)
    assert len(frame) == 0
    assert list(frame.columns) == ["section", "category", "timestamp", "age_band", *SOURCE_COLUMNS]
    assert frame["category"].dtype == "string"
    assert category_counts(export) == dict.fromkeys((str(c) for c in Category), 0)
    assert sum(data_kind_counts(export).values()) == 0


def test_classified_frame_has_the_age_band_the_analysis_counts() -> None:
    from datetime import date

    from dsar_analyzer.analysis.export_figures import AnalysisOptions, analyse

    export = _load("g4-en-sample_child_a.zip")
    for analysis in (None, analyse(export, AnalysisOptions(birth_date=date(2007, 6, 1)))):
        frame = classified_frame(export, analysis)
        counted = (analysis or analyse(export)).age.bands
        assert frame["age_band"].dtype == "string"
        assert frame["age_band"].value_counts().to_dict() == {band: n for band, n in counted.items() if n}
    # Born 2007-06-01, the child turned 13 on 2020-06-01: 55 records before and 55 after, as the batch
    # index of test_batch counts them for the same date; the 27 undated records of the account's state
    # are held on the export date, apart from the bands of recorded activity.
    assert frame["age_band"].value_counts().to_dict() == {"under_13": 55, "13_15": 55, "held_at_export": 27,
                                                          "unknown_age": 1}


def test_section_codes_work_on_shuffled_and_blocked_columns() -> None:
    ids = list(SECTIONS)
    column = pd.Series(["settings", "likes", "likes", "profile", "settings", "likes"], dtype="string")
    assert section_codes(column).tolist() == [ids.index(s) for s in column]
    codes = category_codes(column)
    assert [list(Category)[c] for c in codes] == [CATEGORY_BY_SECTION[s] for s in column]
    assert section_codes(pd.Series([], dtype="string")).tolist() == []
    with pytest.raises(KeyError):
        section_codes(pd.Series(["likes", "nope"], dtype="string"))
    with pytest.raises(KeyError):
        section_codes(pd.Series(["likes", None], dtype="string"))


def test_add_category_keeps_index_and_rows() -> None:
    frame = pd.DataFrame({"section": pd.Series(["likes", "logins"], dtype="string", index=[7, 3]),
                          "timestamp": pd.Series([WHEN, None], dtype="datetime64[ns, UTC]", index=[7, 3])})
    out = add_category(frame)
    assert out.index.tolist() == [7, 3]
    assert out["category"].tolist() == ["viewing_behaviour", "device_and_login"]
    assert np.array_equal(out["timestamp"].isna().to_numpy(), [False, True])


def test_the_category_of_each_section_code_is_still_an_int64_array_made_on_first_use() -> None:
    import numpy as np

    from dsar_analyzer.analysis import classify
    from dsar_analyzer.records.registry import SECTIONS

    table = classify.CATEGORY_OF_SECTION_CODE
    assert table.dtype == np.int64 and table.tolist() == list(classify.CATEGORY_CODES)
    assert len(table) == len(SECTIONS)
    watch = list(SECTIONS).index("watch_history")
    assert list(classify.Category)[int(table[watch])] == classify.CATEGORY_BY_SECTION["watch_history"]
    assert classify.CATEGORY_OF_SECTION_CODE is table
