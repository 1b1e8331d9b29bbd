"""The section tables agree with the registry: every place names a registered section, every section has a place."""

from __future__ import annotations

from dsar_analyzer.read.json_table import PLACES, places_by_container
from dsar_analyzer.read.txt_table import TXT_FILES
from dsar_analyzer.records.registry import SECTIONS


def test_every_json_place_and_txt_file_names_a_registered_section() -> None:
    assert {p.section_id for p in PLACES} <= set(SECTIONS)
    assert {f.section_id for f in TXT_FILES.values()} <= set(SECTIONS)


def test_every_registered_section_can_be_read_from_json() -> None:
    assert set(SECTIONS) == {p.section_id for p in PLACES}


def test_sections_the_issue_names_are_registered() -> None:
    required = {
        "profile", "watch_history", "likes", "favorite_videos", "favorite_sounds", "favorite_effects",
        "favorite_hashtags", "searches", "shares", "logins", "followers", "following", "blocked", "comments",
        "direct_messages", "posts", "deleted_posts", "hashtags_used", "device_status", "activity_summary",
        "recent_location", "location_reviews", "ad_interests", "off_tiktok_activity", "ad_form_responses",
        "purchases", "live_watch", "live_go", "shop_orders", "shop_browsing", "shop_addresses",
        "wallet_transactions", "settings", "autofill",
    }
    assert required <= set(SECTIONS)
    assert len(SECTIONS) == 64


def test_no_container_feeds_two_sections() -> None:
    table = places_by_container()
    assert all(len({p.section_id for p in places}) == 1 for places in table.values())


def test_section_ids_are_snake_case() -> None:
    assert all(s.replace("_", "").isalnum() and s == s.lower() for s in SECTIONS)
