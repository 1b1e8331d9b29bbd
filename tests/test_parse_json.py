"""Tests for the JSON side of dsar_analyzer: ``reader.load`` on literal ``user_data_tiktok.json`` files.

Every case writes a literal document into ``tmp_path``, loads it and checks the exact record
(``model_dump()``), its exact RFC 6901 source pointer and the ledger entry of its place. The
table covers every container path listed in ``json_table.CONTAINERS`` (a meta-test enforces it).
All values are invented: documentation IPs, example user names, made-up video ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import orjson
import pytest

from dsar_analyzer.errors import CorruptInput, NotAnExport
from dsar_analyzer.read import formats
from dsar_analyzer.read.json_table import CONTAINERS
from dsar_analyzer.read.loader import load
from dsar_analyzer.records.export import Export
from dsar_analyzer.records.ledger import FieldEntry, InvalidItem, SectionEntry

UTC = timezone.utc
MEMBER = "user_data_tiktok.json"

V1 = "https://www.tiktokv.com/share/video/7480000000000000001/"
V2 = "https://www.tiktokv.com/share/video/7480000000000000002/"
V3 = "https://www.tiktokv.com/share/video/7480000000000000003/"
SOUND = "https://m.tiktok.com/h5/share/music/7000000000000000010.html"
EFFECT = "https://m.tiktok.com/share/stickers/detail/7000000000000000011.html"
TAG = "https://m.tiktok.com/h5/share/tag/7000000000000000012.html"
CDN = "https://video-va.tiktokv.com/storage/v1/tos-example/video.mp4?x-expires=1700000000"


def dt(text: str) -> datetime:
    """``YYYY-MM-DD HH:MM:SS`` as an aware UTC datetime (only for writing expectations)."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def write_json(tmp_path: Path, document: Any, name: str = MEMBER) -> Path:
    path = tmp_path / name
    path.write_bytes(orjson.dumps(document))
    return path


def load_doc(tmp_path: Path, document: Any) -> Export:
    export = load(write_json(tmp_path, document))
    assert export.ledger.check() == []
    assert export.format == "json"
    return export


def dumps(export: Export, section_id: str) -> list[dict[str, Any]]:
    records = [r.model_dump() for r in export.records(section_id)]
    for record in records:
        assert_utc(record)
    return records


def assert_utc(value: Any) -> None:
    """Every datetime anywhere in a dump is timezone-aware UTC."""
    if isinstance(value, datetime):
        assert value.tzinfo is not None and value.utcoffset().total_seconds() == 0
    elif isinstance(value, dict):
        for inner in value.values():
            assert_utc(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            assert_utc(inner)


def pointers(export: Export, section_id: str) -> list[str | None]:
    return [s.pointer for s in export.sections[section_id].sources()]


def entries(export: Export, section_id: str | None = None, status: str | None = None) -> list[SectionEntry]:
    return [s for s in export.ledger.sections
            if (section_id is None or s.section_id == section_id) and (status is None or s.status == status)]


# ---------------------------------------------------------------- expected records shared by paths

FAV_VIDEO = {"unrecognised_fields": {}, "saved_at": dt("2025-02-01 10:00:00"), "url": V2}
FAV_SOUND = {"unrecognised_fields": {}, "saved_at": dt("2025-02-02 10:00:00"), "url": SOUND}
FAV_EFFECT = {"unrecognised_fields": {}, "saved_at": dt("2025-02-03 10:00:00"), "url": EFFECT}
FAV_HASHTAG = {"unrecognised_fields": {}, "saved_at": dt("2025-02-04 10:00:00"), "url": TAG}
FAV_COLLECTION = {"unrecognised_fields": {}, "saved_at": dt("2025-02-05 10:00:00"), "name": "Drawing ideas"}
SEARCH = {"unrecognised_fields": {}, "searched_at": dt("2025-01-20 16:40:02"), "term": "cat videos"}
SHARE = {"unrecognised_fields": {}, "shared_at": dt("2024-08-19 14:02:11"), "content": "share_video", "url": V3,
         "method": "chat_head"}
CONNECTION = {"unrecognised_fields": {}, "since": dt("2024-01-01 10:00:00"), "username": "example_friend"}
HASHTAG_USED = {"unrecognised_fields": {}, "name": "art",
                "url": "https://www.tiktok.com/share/challenge/1000000000000000001/"}
ACTIVITY_SUMMARY = {"unrecognised_fields": {}, "note": "data may have delays of up to several days",
                    "videos_commented_on": 3, "videos_shared": 5, "videos_watched_to_end": 120}
RECENT_LOCATION = {"unrecognised_fields": {}, "recorded_at": dt("2025-11-01 12:00:00"), "gps": "52.0000,4.0000",
                   "last_region": "NL"}
LOCATION_REVIEW = {"unrecognised_fields": {}, "reviewed_at": dt("2024-08-01 14:00:00"), "place_name": "Example Park",
                   "rating": "5/5", "status": "All visible", "likes": 0, "text": "Nice playground"}
AD_INTERESTS = {"unrecognised_fields": {}, "categories": "Sports, Music"}
OFF_TIKTOK = {"unrecognised_fields": {}, "occurred_at": dt("2025-07-01 08:00:00"), "source": "Example Shop App",
              "event": "LaunchAPP"}
LIVE_GO = {"unrecognised_fields": {}, "started_at": "2025-06-01 19:00:00", "ended_at": "2025-06-01 19:30:00",
           "duration": "30min", "room_id": "7500000000000000001", "title": "Drawing live",
           "cover_url": "https://p16.example.invalid/cover.jpeg", "replay_url": None, "total_earning": 0,
           "total_likes": "15", "total_views": 40, "total_gifters": 0, "quality_setting": "720p", "muted_list": []}
LIVE_WATCH = {"unrecognised_fields": {}, "room_id": "7500000000000000009", "watched_at": dt("2025-05-02 17:55:00"),
              "url": None,
              "comments": ({"unrecognised_fields": {}, "commented_at": dt("2025-05-02 18:00:00"),
                            "text": "hello from the chat",
                            "raw_time": 1746208800},),
              "questions": None}
SHOP_ORDER = {"unrecognised_fields": {}, "order_id": "577000000000000001", "ordered_at": dt("2025-04-02 15:30:00"),
              "order_number": "577000000000000001", "total_price": "EUR 12.99", "customer_note": None,
              "status": "Completed",
              "products": [{"product_name": "Phone case", "variation_name": "Blue", "quantity": 1}],
              "receiver": {"Name": "Example Parent", "Phone": "(+31)6*****00", "Address": "Example Street 1"},
              "logistics_provider": "ExamplePost", "tracking_number": "EX000000001NL"}
SHOP_BROWSING = {"unrecognised_fields": {}, "browsed_at": dt("2025-04-01 10:00:00"), "shop_name": "Example Shop",
                 "product_name": "Phone case"}
SHOP_ADDRESS = {"unrecognised_fields": {}, "receiver_name": "Example Parent", "phone": "(+31)6*****00",
                "address": "Example Street 1, 1000 AA Example City"}
SHOP_CART = {"unrecognised_fields": {}, "added_at": dt("2025-04-01 09:00:00"), "sku_count": 2,
             "shop_name": "Example Shop", "product_name": "Phone case"}
SHOP_VOUCHER = {"unrecognised_fields": {}, "received_at": dt("2025-04-01 08:00:00"),
                "voucher_id": "7400000000000000123", "cost_type": 1, "name": "EUR 2 off",
                "text": "Min. spend EUR 10", "status": "Unused"}
SHOP_MESSAGE = {"unrecognised_fields": {}, "shop": "example_shop", "sent_at": dt("2025-04-03 11:00:00"),
                "shop_name": "Example Shop", "direction": "buyer_to_shop", "content": "Is this in stock?"}
AUTOFILL = {"unrecognised_fields": {}, "phone_number": "31600000000", "email": "parent@example.com",
            "first_name": "Example", "last_name": "Parent", "address": "Example Street 1", "zip_code": "1000 AA",
            "unit": None, "city": "Example City", "state": None, "country": "NL"}
AI_MOJI = {"unrecognised_fields": {}, "created_at": "2025-02-01 10:00:00",
           "items": ["https://p16.example.invalid/aimoji1.png"]}
PROFILE_OLD = {
    "unrecognised_fields": {}, "username": "example_user", "display_name": None, "email": "parent@example.com",
    "phone": None, "birth_date_text": "17-Dec-2010", "bio": None, "likes_received": 12, "profile_photo": None,
    "profile_video": None, "ai_self": None, "follower_count": None, "following_count": None,
    "inferred_gender": None, "instagram_link": None, "youtube_link": None, "lemon8_link": None,
    "account_region": None, "fundraiser": None, "registration_date": None,
    "platform_info": [{"Description": "", "Name": "Example", "Platform": "Google", "Profile Photo": ""}],
    "birth_date": date(2010, 12, 17),
}

# ---------------------------------------------------------------- raw items shared by paths

FAV_VIDEO_RAW = {"Date": "2025-02-01 10:00:00", "Link": V2}
FAV_SOUND_RAW = {"Date": "2025-02-02 10:00:00", "Link": SOUND}
FAV_EFFECT_RAW = {"Date": "2025-02-03 10:00:00", "EffectLink": EFFECT}
FAV_HASHTAG_RAW = {"Date": "2025-02-04 10:00:00", "Link": TAG}
FAV_COLLECTION_RAW = {"Date": "2025-02-05 10:00:00", "FavoriteCollection": "Drawing ideas"}
SEARCH_RAW = {"Date": "2025-01-20 16:40:02", "SearchTerm": "cat videos"}
SHARE_RAW = {"Date": "2024-08-19 14:02:11", "SharedContent": "share_video", "Link": V3, "Method": "chat_head"}
CONNECTION_RAW = {"Date": "2024-01-01 10:00:00", "UserName": "example_friend"}
HASHTAG_RAW = {"HashtagName": "art", "HashtagLink": "https://www.tiktok.com/share/challenge/1000000000000000001/"}
SUMMARY_RAW = {"note": "data may have delays of up to several days", "videosCommentedOnSinceAccountRegistration": 3,
               "videosSharedSinceAccountRegistration": 5, "videosWatchedToTheEndSinceAccountRegistration": 120}
LOCATION_RAW = {"Date": "2025-11-01 12:00:00", "GpsData": "52.0000,4.0000", "LastRegion": "NL"}
REVIEW_RAW = {"PlaceName": "Example Park", "Date": "2024-08-01 14:00:00", "Rating": "5/5", "Status": "All visible",
              "Likes": "0", "ReviewText": "Nice playground"}
OFF_TIKTOK_RAW = {"TimeStamp": "2025-07-01 08:00:00", "Source": "Example Shop App", "Event": "LaunchAPP"}
LIVE_GO_RAW = {"LiveStartTime": "2025-06-01 19:00:00", "LiveEndTime": "2025-06-01 19:30:00", "LiveDuration": "30min",
               "RoomId": 7500000000000000001, "RoomTitle": "Drawing live",
               "CoverUri": "https://p16.example.invalid/cover.jpeg", "ReplayUrl": "", "TotalEarning": 0,
               "TotalLike": "15", "TotalView": 40, "TotalGifter": 0, "QualitySetting": "720p", "MutedList": []}
LIVE_ROOM_RAW = {"Comments": [{"CommentTime": "2025-05-02 18:00:00", "CommentContent": "hello from the chat",
                               "RawTime": 1746208800}],
                 "Questions": None, "WatchTime": "2025-05-02 17:55:00", "Link": ""}
ORDER_RAW = {"order_date": "2025-04-02 15:30:00", "order_number": 577000000000000001, "total_price": "EUR 12.99",
             "customer_note": "", "order_status": "Completed",
             "Products": [{"product_name": "Phone case", "variation_name": "Blue", "quantity": 1}],
             "Receiver": {"Name": "Example Parent", "Phone": "(+31)6*****00", "Address": "Example Street 1"},
             "logistics_provider": "ExamplePost", "logistics_tracking_number": "EX000000001NL"}
BROWSING_RAW = {"browsing_date": "2025-04-01 10:00:00", "shop_name": "Example Shop", "product_name": "Phone case"}
ADDRESS_RAW = {"receiver_name": "Example Parent", "masked_phone_number": "(+31)6*****00",
               "adress_info": "Example Street 1, 1000 AA Example City"}
CART_RAW = {"CreateTime": "2025-04-01 09:00:00", "SkuCount": 2, "ShopName": "Example Shop", "ProductName": "Phone case"}
VOUCHER_RAW = {"ReceivedDate": "2025-04-01 08:00:00", "VoucherId": 7400000000000000123, "CostType": 1,
               "VoucherName": "EUR 2 off", "VoucherText": "Min. spend EUR 10", "Status": "Unused"}
SHOP_MESSAGE_RAW = {"send_time": "2025-04-03 11:00:00", "shop_name": "Example Shop", "direction": "buyer_to_shop",
                    "content": "Is this in stock?"}
AUTOFILL_RAW = {"PhoneNumber": "31600000000", "Email": "parent@example.com", "FirstName": "Example",
                "LastName": "Parent", "Address": "Example Street 1", "ZipCode": "1000 AA", "Unit": "N/A",
                "City": "Example City", "State": "N/A", "Country": "NL"}
AI_MOJI_RAW = {"CreateDate": "2025-02-01 10:00:00", "AIMojiList": ["https://p16.example.invalid/aimoji1.png"]}
PROFILE_OLD_RAW = {"PlatformInfo": [{"Description": "", "Name": "Example", "Platform": "Google", "Profile Photo": ""}],
                   "bioDescription": "", "birthDate": "17-Dec-2010", "emailAddress": "parent@example.com",
                   "likesReceived": "12", "profilePhoto": "None", "profileVideo": "None",
                   "telephoneNumber": "None", "userName": "example_user"}


def unmodelled(raw: dict[str, Any]) -> dict[str, Any]:
    """An UnmodelledItem keeps every key of the raw item in ``unrecognised_fields``."""
    return {"unrecognised_fields": raw}


@dataclass(frozen=True)
class Case:
    container: tuple[str, str]
    body: Any                     # the literal value of the container
    section_id: str
    expected: dict[str, Any]      # record.model_dump()
    pointer: str                  # Source.pointer of the record
    where: str                    # ledger entry's where, after "user_data_tiktok.json#"


def case(case_id: str, top: str, key: str, body: Any, section_id: str, expected: dict[str, Any], pointer: str,
         where: str) -> Any:
    return pytest.param(Case((top, key), body, section_id, expected, pointer, where), id=case_id)


CASES = [
    # -- watch history
    case("G2-watch_history", "Activity", "Video Browsing History",
         {"VideoList": [{"Date": "2022-09-10 23:50:54", "VideoLink": V1}]}, "watch_history",
         {"unrecognised_fields": {}, "watched_at": dt("2022-09-10 23:50:54"), "url": V1, "title": None},
         "/Activity/Video Browsing History/VideoList/0", "/Activity/Video Browsing History/VideoList"),
    case("G3-watch_history", "Activity", "Video Browsing History",
         {"VideoList": [{"Date": "2024-12-01 08:00:01", "Link": V1}]}, "watch_history",
         {"unrecognised_fields": {}, "watched_at": dt("2024-12-01 08:00:01"), "url": V1, "title": None},
         "/Activity/Video Browsing History/VideoList/0", "/Activity/Video Browsing History/VideoList"),
    case("G4-watch_history", "Your Activity", "Watch History",
         {"VideoList": [{"Date": "2025-03-14 09:26:53", "Link": V1}]}, "watch_history",
         {"unrecognised_fields": {}, "watched_at": dt("2025-03-14 09:26:53"), "url": V1, "title": None},
         "/Your Activity/Watch History/VideoList/0", "/Your Activity/Watch History/VideoList"),
    case("G5-watch_history", "Your Activity", "Watch History",
         {"VideoList": [{"Date": "2026-01-02 07:00:00", "Link": V1, "Title": "A cat video"}]}, "watch_history",
         {"unrecognised_fields": {}, "watched_at": dt("2026-01-02 07:00:00"), "url": V1, "title": "A cat video"},
         "/Your Activity/Watch History/VideoList/0", "/Your Activity/Watch History/VideoList"),
    # -- likes
    case("G2-likes", "Activity", "Like List",
         {"ItemFavoriteList": [{"Date": "2022-05-01 12:00:00", "VideoLink": V2}]}, "likes",
         {"unrecognised_fields": {}, "liked_at": dt("2022-05-01 12:00:00"), "url": V2},
         "/Activity/Like List/ItemFavoriteList/0", "/Activity/Like List/ItemFavoriteList"),
    case("G3-likes", "Activity", "Like List",
         {"App": 1, "ItemFavoriteList": [{"date": "2024-11-30 21:00:00", "link": V2}]}, "likes",
         {"unrecognised_fields": {}, "liked_at": dt("2024-11-30 21:00:00"), "url": V2},
         "/Activity/Like List/ItemFavoriteList/0", "/Activity/Like List/ItemFavoriteList"),
    case("G4-likes", "Your Activity", "Like List",
         {"App": 1, "ItemFavoriteList": [{"date": "2025-10-07 18:12:40", "link": V2}]}, "likes",
         {"unrecognised_fields": {}, "liked_at": dt("2025-10-07 18:12:40"), "url": V2},
         "/Your Activity/Like List/ItemFavoriteList/0", "/Your Activity/Like List/ItemFavoriteList"),
    case("G5-likes", "Likes and Favorites", "Like List",
         {"App": 1, "ItemFavoriteList": [{"date": "2026-04-25 09:00:00", "link": V2}]}, "likes",
         {"unrecognised_fields": {}, "liked_at": dt("2026-04-25 09:00:00"), "url": V2},
         "/Likes and Favorites/Like List/ItemFavoriteList/0", "/Likes and Favorites/Like List/ItemFavoriteList"),
    # -- favourites (same item shape in every generation)
    *[case(f"{g}-favorite_videos", top, "Favorite Videos", {"FavoriteVideoList": [FAV_VIDEO_RAW]}, "favorite_videos",
           FAV_VIDEO, f"/{top}/Favorite Videos/FavoriteVideoList/0", f"/{top}/Favorite Videos/FavoriteVideoList")
      for g, top in (("G5", "Likes and Favorites"), ("G4", "Your Activity"), ("G3", "Activity"))],
    *[case(f"{g}-favorite_sounds", top, "Favorite Sounds", {"FavoriteSoundList": [FAV_SOUND_RAW]}, "favorite_sounds",
           FAV_SOUND, f"/{top}/Favorite Sounds/FavoriteSoundList/0", f"/{top}/Favorite Sounds/FavoriteSoundList")
      for g, top in (("G5", "Likes and Favorites"), ("G4", "Your Activity"), ("G3", "Activity"))],
    *[case(f"{g}-favorite_effects", top, "Favorite Effects", {"FavoriteEffectsList": [FAV_EFFECT_RAW]},
           "favorite_effects", FAV_EFFECT, f"/{top}/Favorite Effects/FavoriteEffectsList/0",
           f"/{top}/Favorite Effects/FavoriteEffectsList")
      for g, top in (("G5", "Likes and Favorites"), ("G4", "Your Activity"), ("G3", "Activity"))],
    *[case(f"{g}-favorite_hashtags", top, "Favorite Hashtags", {"FavoriteHashtagList": [FAV_HASHTAG_RAW]},
           "favorite_hashtags", FAV_HASHTAG, f"/{top}/Favorite Hashtags/FavoriteHashtagList/0",
           f"/{top}/Favorite Hashtags/FavoriteHashtagList")
      for g, top in (("G5", "Likes and Favorites"), ("G4", "Your Activity"), ("G3", "Activity"))],
    *[case(f"{g}-favorite_collections", top, "Favorite Collection", {"FavoriteCollectionList": [FAV_COLLECTION_RAW]},
           "favorite_collections", FAV_COLLECTION, f"/{top}/Favorite Collection/FavoriteCollectionList/0",
           f"/{top}/Favorite Collection/FavoriteCollectionList")
      for g, top in (("G5", "Likes and Favorites"), ("G4", "Your Activity"))],
    *[case(f"{g}-favorite_comments", top, "Favorite Comment",
           {"FavoriteCommentList": [{"Date": "2025-02-06 10:00:00", "Comment": "lol"}]}, "favorite_comments",
           unmodelled({"Date": "2025-02-06 10:00:00", "Comment": "lol"}),
           f"/{top}/Favorite Comment/FavoriteCommentList/0", f"/{top}/Favorite Comment/FavoriteCommentList")
      for g, top in (("G5", "Likes and Favorites"), ("G4", "Your Activity"))],
    *[case(f"{g}-favorite_places", top, "Favorite Location",
           {"FavoriteLocationList": [{"Date": "2025-02-07 10:00:00", "PlaceName": "Example Park"}]},
           "favorite_places", unmodelled({"Date": "2025-02-07 10:00:00", "PlaceName": "Example Park"}),
           f"/{top}/Favorite Location/FavoriteLocationList/0", f"/{top}/Favorite Location/FavoriteLocationList")
      for g, top in (("G5", "Likes and Favorites"), ("G4", "Your Activity"))],
    case("G5-favorite_movies_and_tv", "Likes and Favorites", "Favorite Movies and TV",
         {"FavoriteMoviesAndTVList": [{"Title": "Example Show"}]}, "favorite_movies_and_tv",
         unmodelled({"Title": "Example Show"}),
         "/Likes and Favorites/Favorite Movies and TV/FavoriteMoviesAndTVList/0",
         "/Likes and Favorites/Favorite Movies and TV/FavoriteMoviesAndTVList"),
    case("G5-favorite_playlists", "Likes and Favorites", "Favorite Playlists",
         {"FavoritePlaylistList": [{"PlaylistName": "Best of cats"}]}, "favorite_playlists",
         unmodelled({"PlaylistName": "Best of cats"}),
         "/Likes and Favorites/Favorite Playlists/FavoritePlaylistList/0",
         "/Likes and Favorites/Favorite Playlists/FavoritePlaylistList"),
    # -- searches, shares, reposts, logins
    case("G4-searches", "Your Activity", "Searches", {"SearchList": [SEARCH_RAW]}, "searches", SEARCH,
         "/Your Activity/Searches/SearchList/0", "/Your Activity/Searches/SearchList"),
    case("G3-searches", "Activity", "Search History", {"SearchList": [SEARCH_RAW]}, "searches", SEARCH,
         "/Activity/Search History/SearchList/0", "/Activity/Search History/SearchList"),
    case("G4-shares", "Your Activity", "Share History", {"ShareHistoryList": [SHARE_RAW]}, "shares", SHARE,
         "/Your Activity/Share History/ShareHistoryList/0", "/Your Activity/Share History/ShareHistoryList"),
    case("G3-shares", "Activity", "Share History", {"ShareHistoryList": [SHARE_RAW]}, "shares", SHARE,
         "/Activity/Share History/ShareHistoryList/0", "/Activity/Share History/ShareHistoryList"),
    case("G5-reposts", "Your Activity", "Reposts", {"RepostList": [{"Date": "2026-01-04 11:00:00", "Link": V3}]},
         "reposts", {"unrecognised_fields": {}, "reposted_at": dt("2026-01-04 11:00:00"), "url": V3},
         "/Your Activity/Reposts/RepostList/0", "/Your Activity/Reposts/RepostList"),
    case("G4-logins", "Your Activity", "Login History",
         {"LoginHistoryList": [{"Date": "2025-09-01 07:45:10", "IP": "203.0.113.7", "DeviceModel": "iPhone12,1",
                                "DeviceSystem": "iOS 18.3.2", "NetworkType": "Wi-Fi", "Carrier": ""}]}, "logins",
         {"unrecognised_fields": {}, "logged_in_at": dt("2025-09-01 07:45:10"), "ip": "203.0.113.7",
          "device_model": "iPhone12,1", "device_system": "iOS 18.3.2", "network_type": "Wi-Fi", "carrier": None},
         "/Your Activity/Login History/LoginHistoryList/0", "/Your Activity/Login History/LoginHistoryList"),
    case("G2-logins", "Activity", "Login History",
         {"LoginHistoryList": [{"Date": "2023-05-01 10:00:00 UTC", "IP": "198.51.100.23", "DeviceModel": "SM-G973U",
                                "DeviceSystem": "Android 12", "NetworkType": "4G", "Carrier": "ExampleTel"}]}, "logins",
         {"unrecognised_fields": {}, "logged_in_at": dt("2023-05-01 10:00:00"), "ip": "198.51.100.23",
          "device_model": "SM-G973U", "device_system": "Android 12", "network_type": "4G", "carrier": "ExampleTel"},
         "/Activity/Login History/LoginHistoryList/0", "/Activity/Login History/LoginHistoryList"),
    # -- followers / following / blocked
    *[case(f"{g}-followers", top, key, {"App": 1, "IsFastLane": False, "FansList": [CONNECTION_RAW]}, "followers",
           CONNECTION, f"/{top}/{key}/FansList/0", f"/{top}/{key}/FansList")
      for g, top, key in (("G5", "Profile And Settings", "Follower"), ("G4", "Your Activity", "Follower"),
                          ("G3", "Activity", "Follower List"), ("G3-us", "Profile", "Follower List"))],
    *[case(f"{g}-following", top, key, {"App": 1, "IsFastLane": False, "Following": [CONNECTION_RAW]}, "following",
           CONNECTION, f"/{top}/{key}/Following/0", f"/{top}/{key}/Following")
      for g, top, key in (("G5", "Profile And Settings", "Following"), ("G4", "Your Activity", "Following"),
                          ("G3", "Activity", "Following List"), ("G3-us", "Profile", "Following List"))],
    *[case(f"{g}-blocked", top, key, {"App": 1, "BlockList": [CONNECTION_RAW]}, "blocked",
           CONNECTION, f"/{top}/{key}/BlockList/0", f"/{top}/{key}/BlockList")
      for g, top, key in (("G5", "Profile And Settings", "Block List"), ("G4", "App Settings", "Block List"),
                          ("G3", "App Settings", "Block"))],
    case("G5-profile_views", "Profile And Settings", "ProfileViews",
         {"ProfileViewList": [{"Date": "2026-01-06 10:00:00", "UserName": "example_viewer"}]}, "profile_views",
         unmodelled({"Date": "2026-01-06 10:00:00", "UserName": "example_viewer"}),
         "/Profile And Settings/ProfileViews/ProfileViewList/0", "/Profile And Settings/ProfileViews/ProfileViewList"),
    # -- comments
    case("G2-comments", "Comment", "Comments",
         {"CommentsList": [{"Date": "2023-02-01 18:00:00", "Comment": "nice!"}]}, "comments",
         {"unrecognised_fields": {}, "commented_at": dt("2023-02-01 18:00:00"), "text": "nice!", "photo": None,
          "url": None, "video": None, "sticker": None, "original_post_url": None, "original_post_link": None},
         "/Comment/Comments/CommentsList/0", "/Comment/Comments/CommentsList"),
    case("G3-activity-only-comments", "Activity", "Comments",
         {"App": 1, "CommentsList": [{"Date": "2024-07-01 18:00:00", "Comment": "wow", "Photo": "N/A", "Url": ""}]},
         "comments",
         {"unrecognised_fields": {}, "commented_at": dt("2024-07-01 18:00:00"), "text": "wow", "photo": None,
          "url": None, "video": None, "sticker": None, "original_post_url": None, "original_post_link": None},
         "/Activity/Comments/CommentsList/0", "/Activity/Comments/CommentsList"),
    case("G4-comments", "Comment", "Comments",
         {"App": 1, "CommentsList": [{"date": "2025-06-01 18:00:00", "comment": "so funny", "photo": "N/A",
                                      "url": ""}]},
         "comments",
         {"unrecognised_fields": {}, "commented_at": dt("2025-06-01 18:00:00"), "text": "so funny", "photo": None,
          "url": None, "video": None, "sticker": None, "original_post_url": None, "original_post_link": None},
         "/Comment/Comments/CommentsList/0", "/Comment/Comments/CommentsList"),
    case("G5-comments", "Comment", "Comments",
         {"App": 1, "CommentsList": [
             {"date": "2026-01-05 20:15:00 UTC", "comment": "so cute", "photo": "N/A", "video": "N/A",
              "sticker": "N/A", "originalPostUrl": "https://www.tiktok.com/@example_creator/video/7590000000000000005",
              "original post link": "https://www.tiktokv.com/share/video/7590000000000000005/"}]},
         "comments",
         {"unrecognised_fields": {}, "commented_at": dt("2026-01-05 20:15:00"), "text": "so cute", "photo": None,
          "url": None, "video": None, "sticker": None,
          "original_post_url": "https://www.tiktok.com/@example_creator/video/7590000000000000005",
          "original_post_link": "https://www.tiktokv.com/share/video/7590000000000000005/"},
         "/Comment/Comments/CommentsList/0", "/Comment/Comments/CommentsList"),
    # -- direct messages and assistant chats
    case("G3-direct_messages", "Direct Messages", "Chat History",
         {"ChatHistory": {"Chat History with example_user:": [
             {"Date": "2024-05-01 12:00:05", "From": "my_username", "Content": "Hi"}]}},
         "direct_messages",
         {"unrecognised_fields": {}, "conversation": "example_user", "sent_at": dt("2024-05-01 12:00:05"),
          "sender": "my_username", "content": "Hi"},
         "/Direct Messages/Chat History/ChatHistory/Chat History with example_user:/0",
         "/Direct Messages/Chat History/ChatHistory"),
    case("G4-direct_messages", "Direct Message", "Direct Messages",
         {"ChatHistory": {"Chat History with example_user:": [
             {"Date": "2025-05-01 12:01:40", "From": "example_user", "Content": V1}]}},
         "direct_messages",
         {"unrecognised_fields": {}, "conversation": "example_user", "sent_at": dt("2025-05-01 12:01:40"),
          "sender": "example_user", "content": V1},
         "/Direct Message/Direct Messages/ChatHistory/Chat History with example_user:/0",
         "/Direct Message/Direct Messages/ChatHistory"),
    case("G5-group_chat", "Direct Message", "Group Chat",
         {"GroupChat": {"Group Chat with friends_group:": [
             {"Date": "2026-02-01 15:00:00", "From": "example_friend", "Content": "see you"}]}},
         "direct_messages",
         {"unrecognised_fields": {}, "conversation": "Group Chat with friends_group", "sent_at": dt("2026-02-01 15:00:00"),
          "sender": "example_friend", "content": "see you"},
         "/Direct Message/Group Chat/GroupChat/Group Chat with friends_group:/0",
         "/Direct Message/Group Chat/GroupChat"),
    case("G5-assistant_chats", "Direct Message", "Tako Chat History",
         {"TakoChatHistoryList": [{"Chat Title": "Homework help", "Messages": [
             {"Date": "2026-02-01 16:00:00 UTC", "Content": {"role": "user", "text": "what is a noun"}}]}]},
         "assistant_chats",
         {"unrecognised_fields": {}, "chat_title": "Homework help", "sent_at": dt("2026-02-01 16:00:00"),
          "content": {"role": "user", "text": "what is a noun"}},
         "/Direct Message/Tako Chat History/TakoChatHistoryList/0/Messages/0",
         "/Direct Message/Tako Chat History/TakoChatHistoryList"),
    # -- own posts
    case("G4-posts", "Post", "Posts",
         {"VideoList": [{"Date": "2025-08-01 12:00:00", "Link": CDN, "Likes": "12", "WhoCanView": "Followers",
                         "AllowComments": "Yes", "AllowStitches": "No", "AllowDuets": "No", "AllowStickers": "Yes",
                         "AllowSharingToStory": "Yes", "ContentDisclosure": "", "AIGeneratedContent": "",
                         "Sound": "original sound - example_user", "Location": "", "Title": "my drawing",
                         "AddYoursText": "N/A", "AlternateText": "N/A",
                         "CoverImage": "https://p16.example.invalid/cover.jpeg"}]},
         "posts",
         {"unrecognised_fields": {}, "posted_at": dt("2025-08-01 12:00:00"), "url": CDN, "image_urls": (),
          "likes": 12, "who_can_view": "Followers", "allow_comments": "Yes", "allow_stitches": "No",
          "allow_duets": "No", "allow_stickers": "Yes", "allow_sharing_to_story": "Yes", "content_disclosure": None,
          "ai_generated_content": None, "sound": "original sound - example_user", "location": None,
          "title": "my drawing", "add_yours_text": None, "alternate_text": None,
          "cover_image": "https://p16.example.invalid/cover.jpeg"},
         "/Post/Posts/VideoList/0", "/Post/Posts/VideoList"),
    case("G3-posts", "Video", "Videos",
         {"VideoList": [{"Date": "2024-08-01 12:00:00", "Link": CDN, "Likes": "0", "WhoCanView": "Everyone"}]},
         "posts",
         {"unrecognised_fields": {}, "posted_at": dt("2024-08-01 12:00:00"), "url": CDN, "image_urls": (),
          "likes": 0, "who_can_view": "Everyone", "allow_comments": None, "allow_stitches": None,
          "allow_duets": None, "allow_stickers": None, "allow_sharing_to_story": None, "content_disclosure": None,
          "ai_generated_content": None, "sound": None, "location": None, "title": None, "add_yours_text": None,
          "alternate_text": None, "cover_image": None},
         "/Video/Videos/VideoList/0", "/Video/Videos/VideoList"),
    *[case(f"{g}-deleted_posts", top, key,
           {"PostList": [{"Date": "2024-08-02 12:00:00", "DateDeleted": "2024-09-02 12:00:00",
                          "Link": "https://www.tiktok.com/login/?redirect_url=https%3A%2F%2Fexample.invalid",
                          "Likes": "3", "ContentDisclosure": "", "AIGeneratedContent": "", "Sound": " - ",
                          "Location": "", "Title": "N/A", "AddYoursText": "N/A"}]},
           "deleted_posts",
           {"unrecognised_fields": {}, "posted_at": dt("2024-08-02 12:00:00"), "deleted_at": dt("2024-09-02 12:00:00"),
            "url": "https://www.tiktok.com/login/?redirect_url=https%3A%2F%2Fexample.invalid", "image_urls": (),
            "likes": 3,
            "content_disclosure": None, "ai_generated_content": None, "sound": " - ", "location": None, "title": None,
            "add_yours_text": None},
           f"/{top}/{key}/PostList/0", f"/{top}/{key}/PostList")
      for g, top, key in (("G4", "Post", "Recently Deleted Posts"), ("G3", "Video", "RecentlyDeletedPosts"))],
    # -- activity details
    *[case(f"{g}-hashtags_used", top, "Hashtag", {"HashtagList": [HASHTAG_RAW]}, "hashtags_used", HASHTAG_USED,
           f"/{top}/Hashtag/HashtagList/0", f"/{top}/Hashtag/HashtagList")
      for g, top in (("G4", "Your Activity"), ("G3", "Activity"))],
    case("G5-device_status", "Your Activity", "Status",
         {"Status List": [{"Resolution": "828*1792", "App Version": "40.1.0",
                           "IDFA": "00000000-0000-0000-0000-000000000000", "GAID": "", "Android ID": "",
                           "IDFV": "11111111-1111-1111-1111-111111111111", "UID": 7000000000000000001,
                           "DID": "7000000000000000002", "Web ID": ""}]},
         "device_status",
         {"unrecognised_fields": {}, "resolution": "828*1792", "app_version": "40.1.0",
          "idfa": "00000000-0000-0000-0000-000000000000", "gaid": None, "android_id": None,
          "idfv": "11111111-1111-1111-1111-111111111111", "uid": "7000000000000000001", "did": "7000000000000000002",
          "web_id": None},
         "/Your Activity/Status/Status List/0", "/Your Activity/Status/Status List"),
    case("G3-device_status", "Activity", "Status",
         {"Status List": [{"Resolution": "2042x1080", "App Version": "", "IDFA": "", "GAID": "example-gaid",
                           "Android ID": "example-android-id", "IDFV": "", "Web ID": "7000000000000000003"}]},
         "device_status",
         {"unrecognised_fields": {}, "resolution": "2042x1080", "app_version": None, "idfa": None,
          "gaid": "example-gaid", "android_id": "example-android-id", "idfv": None, "uid": None, "did": None,
          "web_id": "7000000000000000003"},
         "/Activity/Status/Status List/0", "/Activity/Status/Status List"),
    *[case(f"{g}-activity_summary", top, "Activity Summary", {"ActivitySummaryMap": SUMMARY_RAW}, "activity_summary",
           ACTIVITY_SUMMARY, f"/{top}/Activity Summary/ActivitySummaryMap",
           f"/{top}/Activity Summary/ActivitySummaryMap")
      for g, top in (("G5", "Your Activity"), ("G3", "Activity"))],
    *[case(f"{g}-recent_location", top, "Most Recent Location Data", {"LocationData": LOCATION_RAW}, "recent_location",
           RECENT_LOCATION, f"/{top}/Most Recent Location Data/LocationData",
           f"/{top}/Most Recent Location Data/LocationData")
      for g, top in (("G4", "Your Activity"), ("G3", "Activity"))],
    *[case(f"{g}-location_reviews", top, key, {"ReviewsList": [REVIEW_RAW]}, "location_reviews", LOCATION_REVIEW,
           f"/{top}/{key}/ReviewsList/0", f"/{top}/{key}/ReviewsList")
      for g, top, key in (("G4", "Location Review", "Location Reviews"), ("G3", "Poi Review", "POI Review"),
                          ("G3-activity-only", "Activity", "POI Review"))],
    # -- ads
    *[case(f"{g}-ad_interests", top, "Ad Interests", {"AdInterestCategories": "Sports, Music"}, "ad_interests",
           AD_INTERESTS, f"/{top}/Ad Interests", f"/{top}/Ad Interests")
      for g, top in (("G5", "Your Activity"), ("G4", "Ads and data"))],
    *[case(f"{g}-off_tiktok_activity", top, "Off TikTok Activity", {"OffTikTokActivityDataList": [OFF_TIKTOK_RAW]},
           "off_tiktok_activity", OFF_TIKTOK, f"/{top}/Off TikTok Activity/OffTikTokActivityDataList/0",
           f"/{top}/Off TikTok Activity/OffTikTokActivityDataList")
      for g, top in (("G5", "Your Activity"), ("G5-profile", "Profile And Settings"), ("G4", "Ads and data"))],
    case("G2-usage_data", "Ads and data", "Usage Data From Third-Party Apps And Websites",
         {"UsageDataList": [OFF_TIKTOK_RAW]}, "off_tiktok_activity", OFF_TIKTOK,
         "/Ads and data/Usage Data From Third-Party Apps And Websites/UsageDataList/0",
         "/Ads and data/Usage Data From Third-Party Apps And Websites/UsageDataList"),
    *[case(f"{g}-ad_form_responses", top, "Instant Form Ads Responses",
           {"ResponsesList": [{"Date": "2025-03-01 10:00:00", "Advertiser": "Example Brand"}]}, "ad_form_responses",
           unmodelled({"Date": "2025-03-01 10:00:00", "Advertiser": "Example Brand"}),
           f"/{top}/Instant Form Ads Responses/ResponsesList/0", f"/{top}/Instant Form Ads Responses/ResponsesList")
      for g, top in (("G5", "Your Activity"), ("G4", "Ads and data"))],
    case("G5-ads_visit_history", "Your Activity", "Ads Visit History",
         {"AdsVisitHistoryList": [{"CreateTime": "2026-01-03 12:00:00", "AdTitle": "Example ad",
                                   "AdLink": "https://ads.example.invalid/click?id=1"}]},
         "ads_visit_history",
         {"unrecognised_fields": {}, "visited_at": dt("2026-01-03 12:00:00"), "title": "Example ad",
          "url": "https://ads.example.invalid/click?id=1"},
         "/Your Activity/Ads Visit History/AdsVisitHistoryList/0",
         "/Your Activity/Ads Visit History/AdsVisitHistoryList"),
    # -- purchases and wallet
    case("G4-purchases-send_gifts", "Your Activity", "Purchases",
         {"SendGifts": {"SendGifts": [{"Date": "2025-02-14 20:00:00", "GiftAmount": 1, "UserName": "example_creator"}]},
          "BuyGifts": {"BuyGifts": None}},
         "purchases",
         {"unrecognised_fields": {}, "kind": "gift_sent", "purchased_at": dt("2025-02-14 20:00:00"), "price": None,
          "gift_amount": 1, "username": "example_creator"},
         "/Your Activity/Purchases/SendGifts/SendGifts/0", "/Your Activity/Purchases/SendGifts/SendGifts"),
    case("G3-purchases-buy_gifts", "Activity", "Purchase History",
         {"SendGifts": {"SendGifts": None},
          "BuyGifts": {"BuyGifts": [{"Price": "0.99 EUR", "Date": "2024-02-14 20:00:00"}]}},
         "purchases",
         {"unrecognised_fields": {}, "kind": "gift_bought", "purchased_at": dt("2024-02-14 20:00:00"),
          "price": "0.99 EUR", "gift_amount": None, "username": None},
         "/Activity/Purchase History/BuyGifts/BuyGifts/0", "/Activity/Purchase History/BuyGifts/BuyGifts"),
    case("G5-coin_purchases", "Income+ Wallet", "Coin Purchase History",
         {"CoinPurchaseHistoryList": [{"Date": "2026-01-10 10:00:00", "Type": "Recharge", "CoinAmount": 70}]},
         "coin_purchases",
         {"unrecognised_fields": {}, "purchased_at": dt("2026-01-10 10:00:00"), "type": "Recharge", "coin_amount": 70},
         "/Income+ Wallet/Coin Purchase History/CoinPurchaseHistoryList/0",
         "/Income+ Wallet/Coin Purchase History/CoinPurchaseHistoryList"),
    *[case(f"{g}-wallet_transactions", top, key,
           {"TransactionsList": [{"Date": "2025-01-01 10:00:00", "Amount": "1.00"}]}, "wallet_transactions",
           unmodelled({"Date": "2025-01-01 10:00:00", "Amount": "1.00"}),
           f"/{top}/{key}/TransactionsList/0", f"/{top}/{key}/TransactionsList")
      for g, top, key in (("G5", "Income+ Wallet", "Transaction History"),
                          ("G4", "Income Plus Wallet Transactions", "Transaction History"),
                          ("G3", "Income Plus Wallet Transactions", "Income Plus Wallet Transaction"))],
    *[case(f"G5-{section}", "Your Activity", key, {list_key: [{"Date": "2026-01-01 10:00:00", "Name": "Example"}]},
           section, unmodelled({"Date": "2026-01-01 10:00:00", "Name": "Example"}),
           f"/Your Activity/{key}/{list_key}/0", f"/Your Activity/{key}/{list_key}")
      for section, key, list_key in (("donations", "Donation", "DonationList"),
                                     ("fundraisers", "Fundraiser", "FundraiserList"),
                                     ("stickers", "Stickers", "StickerList"))],
    # -- LIVE
    *[case(f"{g}-live_watch", top, "Watch Live History", {"WatchLiveMap": {"7500000000000000009": LIVE_ROOM_RAW}},
           "live_watch", LIVE_WATCH, f"/{top}/Watch Live History/WatchLiveMap/7500000000000000009",
           f"/{top}/Watch Live History/WatchLiveMap")
      for g, top in (("G5", "TikTok Live"), ("G4", "Tiktok Live"))],
    *[case(f"{g}-live_go", top, "Go Live History", {"GoLiveList": [LIVE_GO_RAW]}, "live_go", LIVE_GO,
           f"/{top}/Go Live History/GoLiveList/0", f"/{top}/Go Live History/GoLiveList")
      for g, top in (("G5", "TikTok Live"), ("G4", "Tiktok Live"))],
    # -- settings (one setting each; nested groups are flattened with " / ")
    case("G5-settings-nested", "Profile And Settings", "Settings",
         {"App": 1, "SettingsMap": {"Push Notification": {"New Fans": "On"}}}, "settings",
         {"unrecognised_fields": {}, "scope": "app", "name": "Push Notification / New Fans", "value": "On"},
         "/Profile And Settings/Settings/SettingsMap/Push Notification/New Fans",
         "/Profile And Settings/Settings/SettingsMap"),
    case("G4-settings", "App Settings", "Settings",
         {"App": 1, "SettingsMap": {"Allow DownLoad": "Default"}}, "settings",
         {"unrecognised_fields": {}, "scope": "app", "name": "Allow DownLoad", "value": "Default"},
         "/App Settings/Settings/SettingsMap/Allow DownLoad", "/App Settings/Settings/SettingsMap"),
    *[case(f"{g}-go_live_settings", top, "Go Live Settings",
           {"SettingsMap": {"Allow viewers to send you gifts during your LIVE": "Off"}}, "settings",
           {"unrecognised_fields": {}, "scope": "go_live", "name": "Allow viewers to send you gifts during your LIVE",
            "value": "Off"},
           f"/{top}/Go Live Settings/SettingsMap/Allow viewers to send you gifts during your LIVE",
           f"/{top}/Go Live Settings/SettingsMap")
      for g, top in (("G5", "TikTok Live"), ("G4", "Tiktok Live"))],
    *[case(f"{g}-watch_live_settings", top, "Watch Live Settings", {"WatchLiveSettingsMap": {"app": "720p"}},
           "settings", {"unrecognised_fields": {}, "scope": "watch_live", "name": "app", "value": "720p"},
           f"/{top}/Watch Live Settings/WatchLiveSettingsMap/app", f"/{top}/Watch Live Settings/WatchLiveSettingsMap")
      for g, top in (("G5", "TikTok Live"), ("G4", "Tiktok Live"))],
    # -- TikTok Shop (G3 "Tiktok Shopping", G4/G5 "TikTok Shop"; "mix" = a G4 key under the G3 parent or back)
    *[case(f"{g}-shop_orders", top, "Order History", {"OrderHistories": {"577000000000000001": ORDER_RAW}},
           "shop_orders", SHOP_ORDER, f"/{top}/Order History/OrderHistories/577000000000000001",
           f"/{top}/Order History/OrderHistories")
      for g, top in (("G4", "TikTok Shop"), ("G3", "Tiktok Shopping"))],
    *[case(f"{g}-shop_browsing", top, "Product Browsing History", {"ProductBrowsingHistories": [BROWSING_RAW]},
           "shop_browsing", SHOP_BROWSING, f"/{top}/Product Browsing History/ProductBrowsingHistories/0",
           f"/{top}/Product Browsing History/ProductBrowsingHistories")
      for g, top in (("G4", "TikTok Shop"), ("G3", "Tiktok Shopping"))],
    *[case(f"{g}-shop_addresses", top, "Saved Address Information", {"SavedAddress": [ADDRESS_RAW]},
           "shop_addresses", SHOP_ADDRESS, f"/{top}/Saved Address Information/SavedAddress/0",
           f"/{top}/Saved Address Information/SavedAddress")
      for g, top in (("G4", "TikTok Shop"), ("G3", "Tiktok Shopping"))],
    *[case(f"{g}-shop_cart", top, "Shopping Cart List", {"ShoppingCart": [CART_RAW]}, "shop_cart", SHOP_CART,
           f"/{top}/Shopping Cart List/ShoppingCart/0", f"/{top}/Shopping Cart List/ShoppingCart")
      for g, top in (("G4", "TikTok Shop"), ("G3", "Tiktok Shopping"))],
    *[case(f"{g}-shop_vouchers", top, "Vouchers", {"Vouchers": [VOUCHER_RAW]}, "shop_vouchers", SHOP_VOUCHER,
           f"/{top}/Vouchers/Vouchers/0", f"/{top}/Vouchers/Vouchers")
      for g, top in (("G4", "TikTok Shop"), ("G3", "Tiktok Shopping"))],
    *[case(f"{g}-shop_communications", top, key, {"CommunicationHistories": {"example_shop": [SHOP_MESSAGE_RAW]}},
           "shop_communications", SHOP_MESSAGE, f"/{top}/{key}/CommunicationHistories/example_shop/0",
           f"/{top}/{key}/CommunicationHistories")
      for g, top, key in (("G4", "TikTok Shop", "Communication With Shops"),
                          ("G3", "Tiktok Shopping", "Communication History"),
                          ("mix-G4key", "Tiktok Shopping", "Communication With Shops"),
                          ("mix-G3key", "TikTok Shop", "Communication History"))],
    *[case(f"{g}-{section}", top, key, {list_key: [{"Date": "2025-04-05 10:00:00", "Detail": "Example"}]}, section,
           unmodelled({"Date": "2025-04-05 10:00:00", "Detail": "Example"}),
           f"/{top}/{key}/{list_key}/0", f"/{top}/{key}/{list_key}")
      for section, key, list_key in (("shop_payment_cards", "Current Payment Information", "PayCard"),
                                     ("shop_customer_support", "Customer Support History", "CustomerSupportHistories"),
                                     ("shop_order_disputes", "Order Dispute History", "OrderDisputeHistories"))
      for g, top in (("G4", "TikTok Shop"), ("G3", "Tiktok Shopping"))],
    *[case(f"{g}-{section}", top, key, {list_key: [{"Date": "2025-04-06 10:00:00", "Detail": "Example"}]}, section,
           unmodelled({"Date": "2025-04-06 10:00:00", "Detail": "Example"}),
           f"/{top}/{key}/{list_key}/0", f"/{top}/{key}/{list_key}")
      for section, list_key, variants in (
          ("shop_product_reviews", "ProductReviewHistories",
           (("G4", "TikTok Shop", "Product Reviews"), ("G3", "Tiktok Shopping", "Product Review History"),
            ("mix-G4key", "Tiktok Shopping", "Product Reviews"),
            ("mix-G3key", "TikTok Shop", "Product Review History"))),
          ("shop_returns", "ReturnAndRefundHistories",
           (("G4", "TikTok Shop", "Returns and Refunds History"),
            ("G3", "Tiktok Shopping", "Return and Refund History"),
            ("mix-G4key", "Tiktok Shopping", "Returns and Refunds History"),
            ("mix-G3key", "TikTok Shop", "Return and Refund History"))))
      for g, top, key in variants],
    *[case(f"{g}-shop_favorite_items", top, "TikTokFavoriteItem",
           {"TikTokFavoriteItemResult": {"TikTokFavoriteItemList": [{"ProductName": "Phone case"}]}},
           "shop_favorite_items", unmodelled({"ProductName": "Phone case"}),
           f"/{top}/TikTokFavoriteItem/TikTokFavoriteItemResult/TikTokFavoriteItemList/0",
           f"/{top}/TikTokFavoriteItem/TikTokFavoriteItemResult/TikTokFavoriteItemList")
      for g, top in (("G5", "TikTok Shop"), ("mix", "Tiktok Shopping"))],
    # -- profile and friends
    case("G5-profile", "Profile And Settings", "Profile Info",
         {"App": 1, "ProfileMap": {
             "PlatformInfo": [], "aiSelf": "https://p16.example.invalid/aiself.jpeg", "bioDescription": "I draw",
             "birthDate": "17-Dec-2010", "displayName": "Example", "emailAddress": "None", "followerCount": 10,
             "followingCount": 20, "fundraiser": "N/A", "inferredGender": "None", "instagramLink": "",
             "lemon8Link": "", "likesReceived": "None", "profilePhoto": "https://p16.example.invalid/photo.jpeg",
             "profileVideo": "None", "telephoneNumber": "+31600000000", "userName": "example_user",
             "youtubeLink": "", "accountRegion": "NL"}},
         "profile",
         {"unrecognised_fields": {}, "username": "example_user", "display_name": "Example", "email": None,
          "phone": "+31600000000", "birth_date_text": "17-Dec-2010", "bio": "I draw", "likes_received": None,
          "profile_photo": "https://p16.example.invalid/photo.jpeg", "profile_video": None,
          "ai_self": "https://p16.example.invalid/aiself.jpeg", "follower_count": 10, "following_count": 20,
          "inferred_gender": None, "instagram_link": None, "youtube_link": None, "lemon8_link": None,
          "account_region": "NL", "fundraiser": None, "registration_date": None, "platform_info": [],
          "birth_date": date(2010, 12, 17)},
         "/Profile And Settings/Profile Info/ProfileMap", "/Profile And Settings/Profile Info/ProfileMap"),
    case("G4-profile", "Profile", "Profile Info", {"App": 1, "ProfileMap": PROFILE_OLD_RAW}, "profile", PROFILE_OLD,
         "/Profile/Profile Info/ProfileMap", "/Profile/Profile Info/ProfileMap"),
    case("G3-profile", "Profile", "Profile Information", {"App": 1, "ProfileMap": PROFILE_OLD_RAW}, "profile",
         PROFILE_OLD, "/Profile/Profile Information/ProfileMap", "/Profile/Profile Information/ProfileMap"),
    *[case(f"{g}-autofill", top, key, AUTOFILL_RAW, "autofill", AUTOFILL, f"/{top}/{key}", f"/{top}/{key}")
      for g, top, key in (("G5", "Profile And Settings", "Autofill"), ("G4", "Profile", "Autofill"),
                          ("G3", "Profile", "Auto Fill"))],
    *[case(f"{g}-ai_moji", top, key, AI_MOJI_RAW, "ai_moji", AI_MOJI, f"/{top}/{key}", f"/{top}/{key}")
      for g, top, key in (("G5", "Profile And Settings", "AI-Moji"), ("G4", "Profile", "AI-Moji"),
                          ("G3", "Profile", "AIMoji"))],
]

#: Sections TikTok has never been seen to fill: "{}" is empty, anything inside is unrecognised.
OPAQUE = [
    pytest.param(("Likes and Favorites", "Favorite Drama"), "favorite_dramas", id="G5-favorite_dramas"),
    pytest.param(("Likes and Favorites", "Collection"), "collections", id="G5-collections"),
    pytest.param(("Your Activity", "Collection"), "collections", id="G4-collections"),
    pytest.param(("Post", "Story"), "stories", id="G5-stories"),
    pytest.param(("Your Activity", "Mini Drama Watch History"), "mini_drama_history", id="G5-mini_drama_history"),
    pytest.param(("TikTok Live", "Watch Live Comment"), "live_comments", id="G5-live_comments"),
    pytest.param(("Tiktok Live", "Watch Live Comment"), "live_comments", id="G4-live_comments"),
    pytest.param(("Profile And Settings", "AISelfImage"), "ai_self_image", id="G5-ai_self_image"),
    pytest.param(("Profile", "AISelfImage"), "ai_self_image", id="G4-ai_self_image"),
    pytest.param(("App Settings", "UserThirdPlatformInformation"), "third_party_accounts",
                 id="G4-third_party_accounts"),
]


def test_the_case_table_covers_every_json_container() -> None:
    covered = {p.values[0].container for p in CASES} | {p.values[0] for p in OPAQUE}
    assert covered == set(CONTAINERS)
    ids = [p.id for p in CASES] + [p.id for p in OPAQUE]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("c", CASES)
def test_one_item_per_section_and_path(tmp_path: Path, c: Case) -> None:
    top, key = c.container
    export = load_doc(tmp_path, {top: {key: c.body}})

    assert dumps(export, c.section_id) == [c.expected]
    source = export.sections[c.section_id].source(0)
    assert source.member == MEMBER
    assert source.pointer == c.pointer
    assert source.lines is None
    assert str(source) == f"{MEMBER}#{c.pointer}"

    parsed = entries(export, c.section_id, "parsed")
    assert len(parsed) == 1
    entry = parsed[0]
    assert entry.where == f"{MEMBER}#{c.where}"
    assert (entry.items, entry.records, entry.invalid, entry.ignored) == (1, 1, 0, 0)
    assert export.ledger.invalid_items == ()
    assert [s.section_id for s in export.ledger.sections if s.status == "unrecognised"] == []
    assert export.present_sections() == [c.section_id]


@pytest.mark.parametrize(("container", "section_id"), OPAQUE)
def test_never_seen_filled_sections(tmp_path: Path, container: tuple[str, str], section_id: str) -> None:
    top, key = container
    empty = load_doc(tmp_path, {top: {key: {}}})
    assert empty.ledger.sections == (SectionEntry(where=f"{MEMBER}#/{top}/{key}", section_id=section_id,
                                                  status="empty", reason="section present but empty"),)
    assert empty.records(section_id) == ()

    filled_dir = tmp_path / "filled"
    filled_dir.mkdir()
    filled = load_doc(filled_dir, {top: {key: {"Items": [{"a": 1}, {"a": 2}], "Other": None}}})
    assert filled.records(section_id) == ()
    assert filled.ledger.sections == (
        SectionEntry(where=f"{MEMBER}#/{top}/{key}/Items", section_id=section_id, status="unrecognised", items=2,
                     reason="this section has never been seen filled; its layout is not known"),
        SectionEntry(where=f"{MEMBER}#/{top}/{key}/Other", section_id=section_id, status="unrecognised", items=0,
                     reason="this section has never been seen filled; its layout is not known"),
    )


# ---------------------------------------------------------------- values


def test_sentinels_become_none(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {"Your Activity": {"Login History": {"LoginHistoryList": [
        {"Date": "None", "IP": "N/A", "DeviceModel": "", "DeviceSystem": None, "NetworkType": "null",
         "Carrier": "None"},
        {"Date": "N/A", "IP": "203.0.113.7", "DeviceModel": "N/A", "DeviceSystem": "None", "NetworkType": "",
         "Carrier": None},
        {"Date": "", "IP": None},
        {"Date": None},
    ]}}})
    nothing = {"unrecognised_fields": {}, "logged_in_at": None, "ip": None, "device_model": None,
               "device_system": None, "network_type": None, "carrier": None}
    assert dumps(export, "logins") == [nothing, {**nothing, "ip": "203.0.113.7"}, nothing, nothing]
    assert entries(export, "logins", "parsed")[0].records == 4


def test_utc_suffix_and_placeholder_dates(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {"Your Activity": {"Share History": {"ShareHistoryList": [
        {"Date": "2025-12-01 10:00:00 UTC", "SharedContent": "video", "Link": V1, "Method": "copy"},
        {"Date": "1969-12-31 23:59:59", "SharedContent": "video", "Link": V2, "Method": "chat"},
        {"Date": "1969-12-31 23:59:59 UTC", "SharedContent": "video", "Link": V3, "Method": "more"},
        {"Date": "1970-01-01 00:00:00", "SharedContent": "share_video", "Link": V1, "Method": "whatsapp"},
        {"Date": "2025-12-01T10:00:01", "SharedContent": "share_video", "Link": V1, "Method": "whatsapp"},
    ]}}})
    assert dumps(export, "shares") == [
        {"unrecognised_fields": {}, "shared_at": datetime(2025, 12, 1, 10, 0, 0, tzinfo=UTC), "content": "video",
         "url": V1, "method": "copy"},
        {"unrecognised_fields": {}, "shared_at": None, "content": "video", "url": V2, "method": "chat"},
        {"unrecognised_fields": {}, "shared_at": None, "content": "video", "url": V3, "method": "more"},
        {"unrecognised_fields": {}, "shared_at": None, "content": "share_video", "url": V1, "method": "whatsapp"},
        {"unrecognised_fields": {}, "shared_at": datetime(2025, 12, 1, 10, 0, 1, tzinfo=UTC),
         "content": "share_video", "url": V1, "method": "whatsapp"},
    ]


def test_numbers_written_as_strings(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {
        "Post": {"Posts": {"VideoList": [{"Date": "2025-08-01 12:00:00", "Likes": "12"},
                                         {"Date": "2025-08-02 12:00:00", "Likes": 7},
                                         {"Date": "2025-08-03 12:00:00", "Likes": "None"}]}},
        "Location Review": {"Location Reviews": {"ReviewsList": [{"Likes": "0"}, {"Likes": "1234"}]}},
        "Your Activity": {"Status": {"Status List": [{"UID": 7000000000000000001, "DID": "7000000000000000002"}]}},
    })
    assert [r.likes for r in export.records("posts")] == [12, 7, None]
    assert [r.likes for r in export.records("location_reviews")] == [0, 1234]
    status = export.records("device_status")[0]
    assert (status.uid, status.did) == ("7000000000000000001", "7000000000000000002")


def test_birth_date_formats(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {"Profile": {"Profile Info": {"ProfileMap": {"userName": "example_user",
                                                                             "birthDate": "01-jan-2011"}}}})
    profile = export.records("profile")[0]
    assert (profile.birth_date_text, profile.birth_date) == ("01-jan-2011", date(2011, 1, 1))


# ---------------------------------------------------------------- invalid items


def test_invalid_item_among_valid_siblings(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {"Your Activity": {"Watch History": {"VideoList": [
        {"Date": "2025-03-14 09:26:53", "Link": V1},
        {"Date": "yesterday", "Link": V2},
        {"Date": "2025-03-14 09:20:00", "Link": V3},
        {"Date": "2025-02-30 09:00:00", "Link": V3},
    ]}}})
    assert dumps(export, "watch_history") == [
        {"unrecognised_fields": {}, "watched_at": dt("2025-03-14 09:26:53"), "url": V1, "title": None},
        {"unrecognised_fields": {}, "watched_at": dt("2025-03-14 09:20:00"), "url": V3, "title": None},
    ]
    assert pointers(export, "watch_history") == ["/Your Activity/Watch History/VideoList/0",
                                                 "/Your Activity/Watch History/VideoList/2"]
    [entry] = entries(export, "watch_history")
    assert (entry.status, entry.items, entry.records, entry.invalid, entry.ignored) == ("parsed", 4, 2, 2, 0)
    assert [i.where for i in export.ledger.invalid_items] == [
        f"{MEMBER}#/Your Activity/Watch History/VideoList/1",
        f"{MEMBER}#/Your Activity/Watch History/VideoList/3",
    ]
    assert all(i.section_id == "watch_history" for i in export.ledger.invalid_items)
    assert export.ledger.invalid_items[0].errors[0].startswith("Date: ")
    assert "yesterday" in export.ledger.invalid_items[0].errors[0]
    totals = export.ledger.totals()
    assert (totals.items, totals.records, totals.invalid) == (4, 2, 2)


def test_non_object_item_in_a_list_is_invalid(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {"Your Activity": {"Searches": {"SearchList": [
        SEARCH_RAW, "cat videos", None, 12,
    ]}}})
    assert dumps(export, "searches") == [SEARCH]
    [entry] = entries(export, "searches")
    assert (entry.items, entry.records, entry.invalid) == (4, 1, 3)
    assert export.ledger.invalid_items == (
        InvalidItem(section_id="searches", where=f"{MEMBER}#/Your Activity/Searches/SearchList/1",
                    errors=("item: expected an object, got str",)),
        InvalidItem(section_id="searches", where=f"{MEMBER}#/Your Activity/Searches/SearchList/2",
                    errors=("item: expected an object, got NoneType",)),
        InvalidItem(section_id="searches", where=f"{MEMBER}#/Your Activity/Searches/SearchList/3",
                    errors=("item: expected an object, got int",)),
    )


def test_keyed_map_with_non_object_value_is_invalid(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {"Tiktok Live": {"Watch Live History": {"WatchLiveMap": {
        "7500000000000000009": LIVE_ROOM_RAW, "-1": "placeholder"}}}})
    assert dumps(export, "live_watch") == [LIVE_WATCH]
    assert export.ledger.invalid_items == (
        InvalidItem(section_id="live_watch", where=f"{MEMBER}#/Tiktok Live/Watch Live History/WatchLiveMap/-1",
                    errors=("item: expected an object, got str",)),
    )


# ---------------------------------------------------------------- fields


def test_unknown_field_is_kept_and_counted(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {"Your Activity": {"Watch History": {"VideoList": [
        {"Date": "2025-03-14 09:26:53", "Link": V1, "Mood": "happy"},
        {"Date": "2025-03-14 09:27:53", "Link": V2, "Mood": {"level": 3}},
        {"Date": "2025-03-14 09:28:53", "Link": V3},
    ]}}})
    assert dumps(export, "watch_history") == [
        {"unrecognised_fields": {"Mood": "happy"}, "watched_at": dt("2025-03-14 09:26:53"), "url": V1, "title": None},
        {"unrecognised_fields": {"Mood": {"level": 3}}, "watched_at": dt("2025-03-14 09:27:53"), "url": V2,
         "title": None},
        {"unrecognised_fields": {}, "watched_at": dt("2025-03-14 09:28:53"), "url": V3, "title": None},
    ]
    assert sorted(export.ledger.fields, key=lambda f: f.key) == [
        FieldEntry(section_id="watch_history", key="Date", field="watched_at", status="parsed", occurrences=3),
        FieldEntry(section_id="watch_history", key="Link", field="url", status="parsed", occurrences=3),
        FieldEntry(section_id="watch_history", key="Mood", field="", status="unrecognised", occurrences=2,
                   reason="no field of the record model has this name; kept on the record"),
    ]
    assert ("watch_history: field 'Mood'", 2) in export.ledger.unrecognised()
    assert export.ledger.totals().fields_unrecognised == 2


def test_keys_match_case_insensitively(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {"Your Activity": {"Watch History": {"VideoList": [
        {"DATE": "2025-03-14 09:26:53", "LINK": V1},
        {" Date ": "2025-03-14 09:27:53", "videolink": V2},
        {"Date": "2025-03-14 09:28:53", "date": "2025-03-14 00:00:00", "Link": V3},
    ]}}})
    assert dumps(export, "watch_history") == [
        {"unrecognised_fields": {}, "watched_at": dt("2025-03-14 09:26:53"), "url": V1, "title": None},
        {"unrecognised_fields": {}, "watched_at": dt("2025-03-14 09:27:53"), "url": V2, "title": None},
        # both spellings present: the first listed spelling wins, the other is kept, not merged
        {"unrecognised_fields": {"date": "2025-03-14 00:00:00"}, "watched_at": dt("2025-03-14 09:28:53"),
         "url": V3, "title": None},
    ]
    fields = {(f.key, f.field): f.occurrences for f in export.ledger.fields}
    assert fields == {("DATE", "watched_at"): 1, ("LINK", "url"): 1, (" Date ", "watched_at"): 1,
                      ("videolink", "url"): 1, ("Date", "watched_at"): 1, ("date", ""): 1, ("Link", "url"): 1}


# ---------------------------------------------------------------- ledger places


def test_unknown_top_level_and_section_keys_are_unrecognised(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {
        "Your Activity": {"Watch History": {"VideoList": [{"Date": "2025-03-14 09:26:53", "Link": V1}]},
                          "Brain Rot Meter": {"MeterList": [{"a": 1}, {"a": 2}, {"a": 3}]}},
        "Mystery Category": {"Thing": {"ThingList": [1, 2]}, "Other": {"OtherList": [1]}},
        "Scalar Category": "N/A",
    })
    unrecognised = entries(export, status="unrecognised")
    assert unrecognised == [
        SectionEntry(where=f"{MEMBER}#/Your Activity/Brain Rot Meter", section_id=None, status="unrecognised",
                     items=3, reason="section key not known"),
        SectionEntry(where=f"{MEMBER}#/Mystery Category", section_id=None, status="unrecognised", items=3,
                     reason="top-level key not known"),
        SectionEntry(where=f"{MEMBER}#/Scalar Category", section_id=None, status="unrecognised", items=0,
                     reason="top-level key not known"),
    ]
    assert export.ledger.totals().unrecognised_items == 6
    assert len(export.records("watch_history")) == 1


def test_unknown_key_next_to_a_list_is_unrecognised(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {"Your Activity": {"Searches": {"SearchList": [SEARCH_RAW],
                                                                "SearchListV2": [SEARCH_RAW, SEARCH_RAW]}}})
    assert entries(export, status="unrecognised") == [
        SectionEntry(where=f"{MEMBER}#/Your Activity/Searches/SearchListV2", section_id="searches",
                     status="unrecognised", items=2, reason="key next to the list not known"),
    ]


def test_wrapper_siblings_are_ignored(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {"Your Activity": {"Follower": {"App": 1, "IsFastLane": True,
                                                                "FansList": [CONNECTION_RAW]}}})
    assert export.ledger.sections == (
        SectionEntry(where=f"{MEMBER}#/Your Activity/Follower/FansList", section_id="followers", status="parsed",
                     items=1, records=1),
        SectionEntry(where=f"{MEMBER}#/Your Activity/Follower/App", section_id="followers", status="ignored",
                     items=1, ignored=1, reason="a flag TikTok writes next to the list (always 1), not a record"),
        SectionEntry(where=f"{MEMBER}#/Your Activity/Follower/IsFastLane", section_id="followers",
                     status="ignored", items=1, ignored=1,
                     reason="a flag TikTok writes next to follower lists (true/false), not a record"),
    )
    assert dumps(export, "followers") == [CONNECTION]


@pytest.mark.parametrize(("body", "reason"), [
    pytest.param({}, "list key missing", id="no-list-key"),
    pytest.param({"FansList": None}, "list is empty", id="null-list"),
    pytest.param({"FansList": []}, "list is empty", id="empty-list"),
])
def test_empty_follower_list(tmp_path: Path, body: dict[str, Any], reason: str) -> None:
    export = load_doc(tmp_path, {"Profile": {"Follower List": body}})
    assert export.ledger.sections == (
        SectionEntry(where=f"{MEMBER}#/Profile/Follower List/FansList", section_id="followers", status="empty",
                     reason=reason),
    )
    assert export.records("followers") == ()
    assert export.generation == "G3-us"


def test_empty_encodings_of_containers(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {
        "Your Activity": {"Watch History": None, "Searches": "", "Most Recent Location Data": {
            "LocationData": {"Date": "N/A", "GpsData": "N/A", "LastRegion": "N/A"}}},
        "Direct Message": {"Direct Messages": {"ChatHistory": {}}},
        "Comment": None,
    })
    assert export.ledger.sections == (
        SectionEntry(where=f"{MEMBER}#/Your Activity/Watch History", section_id="watch_history", status="empty",
                     reason="section present but empty"),
        SectionEntry(where=f"{MEMBER}#/Your Activity/Searches", section_id="searches", status="empty",
                     reason="section present but empty"),
        SectionEntry(where=f"{MEMBER}#/Your Activity/Most Recent Location Data/LocationData",
                     section_id="recent_location", status="parsed", items=1, ignored=1,
                     reason="every value is empty (N/A, None or blank)"),
        SectionEntry(where=f"{MEMBER}#/Direct Message/Direct Messages/ChatHistory", section_id="direct_messages",
                     status="empty", reason="list is empty"),
        SectionEntry(where=f"{MEMBER}#/Comment", section_id=None, status="empty",
                     reason="category present but empty"),
    )
    assert export.record_count == 0


def test_settings_siblings_and_nesting(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {
        "App Settings": {"Settings": {"App": 1, "SettingsMap": {
            "App Language": "English",
            "Content Preferences": {"Keyword filters for videos in For You feed": ["spoiler"],
                                    "Video Languages Preferences": None},
            "Family Content Preferences": {},
            "Push Notification": {"Desktop notification": "Off", "New Fans": "On"},
        }}},
        "Tiktok Live": {"Watch Live Settings": {"WatchLiveSettingsMap": {"app": "N/A", "web": "N/A"},
                                                "MostRecentModificationTimeInApp": "1745000000"}},
    })
    assert [r.model_dump() for r in export.records("settings")] == [
        {"unrecognised_fields": {}, "scope": "app", "name": "App Language", "value": "English"},
        {"unrecognised_fields": {}, "scope": "app",
         "name": "Content Preferences / Keyword filters for videos in For You feed", "value": ["spoiler"]},
        {"unrecognised_fields": {}, "scope": "app", "name": "Content Preferences / Video Languages Preferences",
         "value": None},
        {"unrecognised_fields": {}, "scope": "app", "name": "Family Content Preferences", "value": {}},
        {"unrecognised_fields": {}, "scope": "app", "name": "Push Notification / Desktop notification",
         "value": "Off"},
        {"unrecognised_fields": {}, "scope": "app", "name": "Push Notification / New Fans", "value": "On"},
        {"unrecognised_fields": {}, "scope": "watch_live", "name": "app", "value": "N/A"},
        {"unrecognised_fields": {}, "scope": "watch_live", "name": "web", "value": "N/A"},
        {"unrecognised_fields": {}, "scope": "watch_live", "name": "MostRecentModificationTimeInApp",
         "value": "1745000000"},
    ]
    assert pointers(export, "settings") == [
        "/App Settings/Settings/SettingsMap/App Language",
        "/App Settings/Settings/SettingsMap/Content Preferences/Keyword filters for videos in For You feed",
        "/App Settings/Settings/SettingsMap/Content Preferences/Video Languages Preferences",
        "/App Settings/Settings/SettingsMap/Family Content Preferences",
        "/App Settings/Settings/SettingsMap/Push Notification/Desktop notification",
        "/App Settings/Settings/SettingsMap/Push Notification/New Fans",
        "/Tiktok Live/Watch Live Settings/WatchLiveSettingsMap/app",
        "/Tiktok Live/Watch Live Settings/WatchLiveSettingsMap/web",
        "/Tiktok Live/Watch Live Settings/MostRecentModificationTimeInApp",
    ]
    assert [(s.where, s.status, s.items, s.records) for s in export.ledger.sections] == [
        (f"{MEMBER}#/App Settings/Settings/SettingsMap", "parsed", 6, 6),
        (f"{MEMBER}#/App Settings/Settings/App", "ignored", 1, 0),
        (f"{MEMBER}#/Tiktok Live/Watch Live Settings/WatchLiveSettingsMap", "parsed", 2, 2),
        (f"{MEMBER}#/Tiktok Live/Watch Live Settings/MostRecentModificationTimeInApp", "parsed", 1, 1),
    ]
    assert export.language == "en"


def test_pointer_tokens_are_escaped(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {"TikTok Shop": {"Communication With Shops": {"CommunicationHistories": {
        "shop/one~two": [SHOP_MESSAGE_RAW]}}}})
    assert dumps(export, "shop_communications") == [{**SHOP_MESSAGE, "shop": "shop/one~two"}]
    assert pointers(export, "shop_communications") == [
        "/TikTok Shop/Communication With Shops/CommunicationHistories/shop~1one~0two/0"]


def test_dm_conversations_keep_order_and_names(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {"Direct Message": {"Direct Messages": {"ChatHistory": {
        "Chat History with example_user:": [
            {"Date": "2025-05-01 12:00:05", "From": "my_username", "Content": "Hi"},
            {"Date": "2025-05-01 12:01:40", "From": "example_user", "Content": "0"},
        ],
        "Chat History with Group_Chat_7400000000000000001:": [
            {"Date": "2025-05-02 08:00:00", "From": "", "Content": "hello all"},
        ],
        "Chat History with nobody:": None,
    }}}})
    assert [(r.conversation, r.sender, r.content) for r in export.records("direct_messages")] == [
        ("example_user", "my_username", "Hi"),
        ("example_user", "example_user", "0"),
        ("Group_Chat_7400000000000000001", None, "hello all"),
    ]
    assert pointers(export, "direct_messages") == [
        "/Direct Message/Direct Messages/ChatHistory/Chat History with example_user:/0",
        "/Direct Message/Direct Messages/ChatHistory/Chat History with example_user:/1",
        "/Direct Message/Direct Messages/ChatHistory/Chat History with Group_Chat_7400000000000000001:/0",
    ]
    empty, entry = entries(export, "direct_messages")
    assert (entry.items, entry.records) == (3, 3)
    assert (empty.status, empty.where, empty.reason) == (
        "empty", f"{MEMBER}#/Direct Message/Direct Messages/ChatHistory/Chat History with nobody:",
        "no items under this key")


def test_tako_chat_unknown_keys_next_to_messages(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {"Direct Message": {"Tako Chat History": {"TakoChatHistoryList": [
        {"Chat Title": "Homework help", "ChatId": "c1",
         "Messages": [{"Date": "2026-02-01 16:00:00 UTC", "Content": {"text": "hi"}},
                      {"Date": "2026-02-01 16:00:05 UTC", "Content": {"text": "hello"}}]},
    ]}}})
    assert [r.model_dump() for r in export.records("assistant_chats")] == [
        {"unrecognised_fields": {}, "chat_title": "Homework help", "sent_at": dt("2026-02-01 16:00:00"),
         "content": {"text": "hi"}},
        {"unrecognised_fields": {}, "chat_title": "Homework help", "sent_at": dt("2026-02-01 16:00:05"),
         "content": {"text": "hello"}},
    ]
    assert pointers(export, "assistant_chats") == [
        "/Direct Message/Tako Chat History/TakoChatHistoryList/0/Messages/0",
        "/Direct Message/Tako Chat History/TakoChatHistoryList/0/Messages/1",
    ]
    assert entries(export, status="unrecognised") == [
        SectionEntry(where=f"{MEMBER}#/Direct Message/Tako Chat History/TakoChatHistoryList/0/ChatId",
                     section_id="assistant_chats", status="unrecognised", items=1,
                     reason="key next to the messages not known"),
    ]


# ---------------------------------------------------------------- duplicated and mixed generations


def test_g5_identical_off_tiktok_copies_are_counted_once(tmp_path: Path) -> None:
    body = {"OffTikTokActivityDataList": [
        OFF_TIKTOK_RAW, {"TimeStamp": "2025-07-02 08:00:00", "Source": "1234567890", "Event": "ViewContent"}]}
    export = load_doc(tmp_path, {"Your Activity": {"Off TikTok Activity": body},
                                 "Profile And Settings": {"Off TikTok Activity": body}})
    assert dumps(export, "off_tiktok_activity") == [
        OFF_TIKTOK,
        {"unrecognised_fields": {}, "occurred_at": dt("2025-07-02 08:00:00"), "source": "1234567890",
         "event": "ViewContent"},
    ]
    assert pointers(export, "off_tiktok_activity") == [
        "/Your Activity/Off TikTok Activity/OffTikTokActivityDataList/0",
        "/Your Activity/Off TikTok Activity/OffTikTokActivityDataList/1",
    ]
    assert export.ledger.sections == (
        SectionEntry(where=f"{MEMBER}#/Your Activity/Off TikTok Activity/OffTikTokActivityDataList",
                     section_id="off_tiktok_activity", status="parsed", items=2, records=2),
        SectionEntry(where=f"{MEMBER}#/Profile And Settings/Off TikTok Activity", section_id="off_tiktok_activity",
                     status="ignored", items=2, ignored=2,
                     reason="identical copy of /Your Activity/Off TikTok Activity; its records are counted once"),
    )
    assert export.ledger.totals().records == 2
    assert export.generation == "G5"


def test_g5_differing_off_tiktok_copies_are_both_parsed(tmp_path: Path) -> None:
    other = {"TimeStamp": "2025-07-02 08:00:00", "Source": "1234567890", "Event": "ViewContent"}
    export = load_doc(tmp_path, {
        "Your Activity": {"Off TikTok Activity": {"OffTikTokActivityDataList": [OFF_TIKTOK_RAW]}},
        "Profile And Settings": {"Off TikTok Activity": {"OffTikTokActivityDataList": [other]}},
    })
    assert len(export.records("off_tiktok_activity")) == 2
    assert pointers(export, "off_tiktok_activity") == [
        "/Your Activity/Off TikTok Activity/OffTikTokActivityDataList/0",
        "/Profile And Settings/Off TikTok Activity/OffTikTokActivityDataList/0",
    ]
    assert [(s.status, s.records) for s in entries(export, "off_tiktok_activity")] == [("parsed", 1), ("parsed", 1)]


def test_file_mixing_g4_and_g5_keys(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {
        "Your Activity": {"Like List": {"App": 1, "ItemFavoriteList": [{"date": "2025-10-07 18:12:40", "link": V1}]},
                          "Watch History": {"VideoList": [{"Date": "2025-10-07 18:00:00", "Link": V2}]}},
        "Likes and Favorites": {"Like List": {"App": 1, "ItemFavoriteList": [{"date": "2026-01-07 18:12:40",
                                                                              "link": V3}]}},
        "Profile And Settings": {"Follower": {"FansList": [CONNECTION_RAW]}},
    })
    assert export.generation == "G4+G5"
    assert [r.url for r in export.records("likes")] == [V1, V3]
    assert pointers(export, "likes") == ["/Your Activity/Like List/ItemFavoriteList/0",
                                         "/Likes and Favorites/Like List/ItemFavoriteList/0"]
    assert len(export.records("watch_history")) == 1
    assert len(export.records("followers")) == 1
    assert export.ledger.totals().records == 4


# ---------------------------------------------------------------- generation detection

G2_SKELETON = {"Activity": {"Video Browsing History": {"VideoList": None}, "Like List": {"ItemFavoriteList": None}},
               "Ads and data": {}, "App Settings": {"Block": {}, "Settings": {}}, "Comment": {"Comments": {}},
               "Direct Messages": {"Chat History": {}}, "Profile": {"Profile Information": {}}, "Tiktok Live": {},
               "Tiktok Shopping": {}, "Video": {"Videos": {}}}
G3_SKELETON = {**G2_SKELETON, "Income Plus Wallet Transactions": {"Income Plus Wallet Transaction": {}},
               "Poi Review": {"POI Review": {}}, "Profile": {"AIMoji": {}, "Auto Fill": {}, "Profile Information": {}},
               "Video": {"RecentlyDeletedPosts": {}, "Videos": {}}}
G3_US_SKELETON = {"Profile": {"Auto Fill": {}, "Follower List": {}, "Following List": {}, "Profile Information": {}},
                  "Video": {"RecentlyDeletedPosts": {}, "Videos": {}}}
G3_ACTIVITY_ONLY_SKELETON = {"Activity": {"Comments": {}, "Favorite Effects": {}, "Favorite Videos": {},
                                          "Like List": {}, "POI Review": {}}}
# An early G4 file (R2-like subset, without the wallet category).
G4_SKELETON = {"Ads and data": {"Off TikTok Activity": {}}, "App Settings": {"Block List": {}, "Settings": {}},
               "Comment": {"Comments": {}}, "Direct Message": {"Direct Messages": {}},
               "Location Review": {"Location Reviews": {}}, "Post": {"Posts": {}}, "Profile": {"Profile Info": {}},
               "TikTok Shop": {}, "Tiktok Live": {},
               "Your Activity": {"Watch History": {}, "Like List": {}, "Follower": {}, "Following": {}}}
G5_SKELETON = {"Comment": {"Comments": {}}, "Direct Message": {"Direct Messages": {}, "Tako Chat History": {}},
               "Income+ Wallet": {"Transaction History": {}}, "Likes and Favorites": {"Like List": {}},
               "Location Review": {"Location Reviews": {}}, "Post": {"Posts": {}},
               "Profile And Settings": {"Profile Info": {}, "Off TikTok Activity": {}}, "TikTok Live": {},
               "TikTok Shop": {}, "Your Activity": {"Watch History": {}, "Off TikTok Activity": {}}}


@pytest.mark.parametrize(("skeleton", "generation"), [
    pytest.param(G2_SKELETON, "G2", id="G2"),
    pytest.param(G3_SKELETON, "G3", id="G3"),
    pytest.param(G3_US_SKELETON, "G3-us", id="G3-us"),
    pytest.param(G3_ACTIVITY_ONLY_SKELETON, "G3-activity-only", id="G3-activity-only"),
    pytest.param(G4_SKELETON, "G4", id="G4"),
    pytest.param(G5_SKELETON, "G5", id="G5"),
    pytest.param({**G4_SKELETON, **G5_SKELETON}, "G4+G5", id="G4+G5"),
    pytest.param({"Activity": {"Video Browsing History": {}}}, "G2-activity-only", id="G2-activity-only"),
])
def test_json_generation_detection(tmp_path: Path, skeleton: dict[str, Any], generation: str) -> None:
    assert formats.json_generation(skeleton)[0] == generation
    export = load_doc(tmp_path, skeleton)
    assert export.generation == generation
    assert export.generation_evidence == formats.json_generation(skeleton)[1]
    assert export.generation_evidence  # never detected without saying why


def test_full_g4_skeleton_with_wallet_is_g4() -> None:
    """G4 files carry 'Income Plus Wallet Transactions' too; next to 'Your Activity' it is no G3 marker."""
    skeleton = {**G4_SKELETON, "Income Plus Wallet Transactions": {"Transaction History": {}}}
    assert formats.json_generation(skeleton)[0] == "G4"


def test_json_language_from_app_language_setting(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {"Profile And Settings": {"Settings": {"SettingsMap": {"App Language": "Nederlands"}}}})
    assert (export.language, export.language_evidence) == ("nl", "setting 'App Language' is 'Nederlands'")


# ---------------------------------------------------------------- file-level behaviour


def test_bom_prefixed_json_parses(tmp_path: Path) -> None:
    path = tmp_path / MEMBER
    path.write_bytes(b"\xef\xbb\xbf" + orjson.dumps({"Your Activity": {"Searches": {"SearchList": [SEARCH_RAW]}}}))
    export = load(path)
    assert export.ledger.check() == []
    assert dumps(export, "searches") == [SEARCH]
    assert pointers(export, "searches") == ["/Your Activity/Searches/SearchList/0"]


def test_older_file_name_user_data_json(tmp_path: Path) -> None:
    path = write_json(tmp_path, {"Activity": {"Search History": {"SearchList": [SEARCH_RAW]}}}, "user_data.json")
    export = load(path)
    assert export.ledger.check() == []
    assert export.sections["searches"].source(0).member == "user_data.json"
    assert export.ledger.members[0].name == "user_data.json"
    assert export.ledger.members[0].status == "parsed"


@pytest.mark.parametrize("raw", [
    pytest.param(b'{"Your Activity": {"Searches": {"SearchList": [{"Date": "2025-01-20 16:40:02"},]}}}',
                 id="trailing-comma"),
    pytest.param(b'{"Your Activity": {"Watch History": {"VideoList": [{"Date": "2025-03-14', id="truncated"),
    pytest.param(b'{\n"Your Activity":\n{"Searches":\n{"SearchList": [1,\n2,]}}}', id="multi-line-trailing-comma"),
])
def test_invalid_json_raises_corrupt_input(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / MEMBER
    path.write_bytes(raw)
    with pytest.raises(CorruptInput) as caught:
        load(path)
    message = str(caught.value)
    assert "\n" not in message and "\r" not in message
    assert message.startswith(f"The file {MEMBER} in this export is damaged or incomplete (")
    assert message.endswith("please download the export from TikTok again.")


@pytest.mark.parametrize("document", [
    pytest.param({"something": {"else": []}}, id="unknown-keys"),
    pytest.param([{"Your Activity": {}}], id="top-level-list"),
    pytest.param({}, id="empty-object"),
])
def test_json_without_known_key_is_not_an_export(tmp_path: Path, document: Any) -> None:
    with pytest.raises(NotAnExport) as caught:
        load(write_json(tmp_path, document))
    assert "\n" not in str(caught.value)
    assert "does not look like a TikTok export" in str(caught.value)


# ---------------------------------------------------------------- regressions: bugs found and fixed


@pytest.mark.parametrize("date_value", [
    pytest.param("2025-03-14 09:26:53 ", id="trailing-space"),
    pytest.param(" N/A", id="padded-sentinel"),
])
def test_padded_timestamp_is_parsed_not_a_crash(tmp_path: Path, date_value: str) -> None:
    export = load_doc(tmp_path, {"Your Activity": {"Watch History": {"VideoList": [{"Date": date_value, "Link": V1}]}}})
    assert len(export.records("watch_history")) == 1


def test_padded_count_is_parsed_not_a_crash(tmp_path: Path) -> None:
    export = load_doc(tmp_path, {"Income+ Wallet": {"Coin Purchase History": {"CoinPurchaseHistoryList": [
        {"Date": "2026-01-10 10:00:00", "Type": "Recharge", "CoinAmount": " 70"}]}}})
    assert export.records("coin_purchases")[0].coin_amount == 70


def test_unknown_key_inside_live_comment_is_not_dropped(tmp_path: Path) -> None:
    room = {**LIVE_ROOM_RAW, "Comments": [{**LIVE_ROOM_RAW["Comments"][0], "CommentLang": "nl"}]}
    export = load_doc(tmp_path, {"TikTok Live": {"Watch Live History": {"WatchLiveMap": {
        "7500000000000000009": room}}}})
    dumped = orjson.dumps(dumps(export, "live_watch")).decode()
    assert "CommentLang" in dumped or any(f.key == "CommentLang" for f in export.ledger.fields)
