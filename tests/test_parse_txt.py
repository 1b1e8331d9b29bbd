"""Tests for the TXT side of dsar_analyzer: ``reader.load`` on folders of literal TikTok ``.txt`` files.

Each case writes literal files (English and Dutch names, 2020 / 2023 / 2025 layouts) into a folder
under ``tmp_path``, loads the folder and checks the exact records (``model_dump()``), the exact
1-based inclusive line range of every record and the ledger. All values are invented.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from dsar_analyzer.read.loader import load
from dsar_analyzer.records.export import Export
from dsar_analyzer.records.ledger import FieldEntry, MemberEntry, Note, SectionEntry

UTC = timezone.utc

V1 = "https://www.tiktokv.com/share/video/6850000000000000001/"
V2 = "https://www.tiktokv.com/share/video/6850000000000000002/"
V3 = "https://www.tiktokv.com/share/video/7480000000000000003/"
SOUND = "https://m.tiktok.com/h5/share/music/7000000000000000010.html"
EFFECT = "https://m.tiktok.com/share/stickers/detail/7000000000000000011.html"
TAG = "https://m.tiktok.com/h5/share/tag/7000000000000000012.html"
IMG1 = "https://p16-ttdyd-sign-va.ibyteimg.com/tos-example/img1~tplv-noop.jpeg?x-expires=1700000000&x-signature=a"
IMG2 = "https://p16-ttdyd-sign-va.ibyteimg.com/tos-example/img2~tplv-noop.jpeg?x-expires=1700000000&x-signature=b"
IMG3 = "https://p16-ttdyd-sign-va.ibyteimg.com/tos-example/img3~tplv-noop.jpeg?x-expires=1700000000&x-signature=c"
CDN = "https://video-va.tiktokv.com/storage/v1/tos-example/video.mp4?x-expires=1700000000"


def dt(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def txt(*lines: str) -> str:
    """A TXT file from its lines (line 1 first); every line ends with LF."""
    return "\n".join(lines) + "\n"


def write_folder(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "TikTok_Data_1700000000"
    root.mkdir(parents=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return root


def load_folder(tmp_path: Path, files: dict[str, str | bytes]) -> Export:
    export = load(write_folder(tmp_path, files))
    assert export.ledger.check() == []
    assert export.format == "txt"
    assert export.input.kind == "folder"
    return export


def dumps(export: Export, section_id: str) -> list[dict[str, Any]]:
    records = [r.model_dump() for r in export.records(section_id)]
    for record in records:
        for value in record.values():
            if isinstance(value, datetime):
                assert value.utcoffset() is not None and value.utcoffset().total_seconds() == 0
    return records


def line_ranges(export: Export, section_id: str) -> list[tuple[int, int] | None]:
    return [s.lines for s in export.sections[section_id].sources()]


def entries(export: Export, section_id: str | None = None, status: str | None = None) -> list[SectionEntry]:
    return [s for s in export.ledger.sections
            if (section_id is None or s.section_id == section_id) and (status is None or s.status == status)]


# ---------------------------------------------------------------- one block per file and generation


def watch(at: str, url: str) -> dict[str, Any]:
    return {"unrecognised_fields": {}, "watched_at": dt(at), "url": url, "title": None}


def saved(at: str, url: str) -> dict[str, Any]:
    return {"unrecognised_fields": {}, "saved_at": dt(at), "url": url}


def connection(at: str, username: str) -> dict[str, Any]:
    return {"unrecognised_fields": {}, "since": dt(at), "username": username}


def comment(at: str, text: str) -> dict[str, Any]:
    return {"unrecognised_fields": {}, "commented_at": dt(at), "text": text, "photo": None, "url": None,
            "video": None, "sticker": None, "original_post_url": None, "original_post_link": None}


@dataclass(frozen=True)
class TxtCase:
    member: str
    text: str
    section_id: str
    expected: list[dict[str, Any]]
    lines: list[tuple[int, int]]


def case(case_id: str, member: str, text: str, section_id: str, expected: list[dict[str, Any]],
         lines: list[tuple[int, int]]) -> Any:
    return pytest.param(TxtCase(member, text, section_id, expected, lines), id=case_id)


PROFILE_2020 = {
    "unrecognised_fields": {}, "username": "example_user", "display_name": None, "email": "parent@example.com",
    "phone": "+15550100000", "birth_date_text": "25/03/2010", "bio": None, "likes_received": 0,
    "profile_photo": None, "profile_video": None, "ai_self": None, "follower_count": None, "following_count": None,
    "inferred_gender": None, "instagram_link": None, "youtube_link": None, "lemon8_link": None,
    "account_region": None, "fundraiser": None, "registration_date": None, "platform_info": None,
    "birth_date": date(2010, 3, 25),
}

CASES = [
    # -- watch history: renamed twice, localised
    case("2020-watch_history", "Activity/Video Browsing History.txt",
         txt("Date: 2020-08-15 21:10:05", f"Video Link: {V1}", "",
             "Date: 2020-08-15 21:09:40", f"Video Link: {V2}", ""),
         "watch_history", [watch("2020-08-15 21:10:05", V1), watch("2020-08-15 21:09:40", V2)], [(1, 2), (4, 5)]),
    case("2023-watch_history", "Tiktok/Activity/Browsing History.txt",
         txt("Date: 2024-12-22 10:00:00", f"Link: {V1}", "", "", ""),
         "watch_history", [watch("2024-12-22 10:00:00", V1)], [(1, 2)]),
    case("2025-watch_history", "TikTok/Your Activity/Watch History.txt",
         txt("Date: 2025-03-14 09:26:53 UTC", f"Link: {V3}", "", "Date: 2025-03-14 09:20:00 UTC", f"Link: {V1}", "",
             ""),
         "watch_history", [watch("2025-03-14 09:26:53", V3), watch("2025-03-14 09:20:00", V1)], [(1, 2), (4, 5)]),
    case("nl-watch_history", "TikTok/Jouw activiteit/Kijkgeschiedenis.txt",
         txt("Datum: 2026-05-01 08:00:00 UTC", f"Link: {V3}", "", ""),
         "watch_history", [watch("2026-05-01 08:00:00", V3)], [(1, 2)]),
    # -- likes and favourites
    case("2020-likes", "Activity/Like List.txt", txt("Date: 2020-08-01 12:00:00", f"Video Link: {V2}", ""),
         "likes", [{"unrecognised_fields": {}, "liked_at": dt("2020-08-01 12:00:00"), "url": V2}], [(1, 2)]),
    case("2023-likes", "Like List.txt", txt("Date: 2023-12-01 12:00:00", f"Link: {V2}", "", ""),
         "likes", [{"unrecognised_fields": {}, "liked_at": dt("2023-12-01 12:00:00"), "url": V2}], [(1, 2)]),
    case("nl-likes", "Likelijst.txt", txt("Datum: 2026-04-01 12:00:00 UTC", f"Link: {V2}", "", ""),
         "likes", [{"unrecognised_fields": {}, "liked_at": dt("2026-04-01 12:00:00"), "url": V2}], [(1, 2)]),
    case("2025-favorite_videos", "Favorite Videos.txt", txt("Date: 2025-06-20 10:00:00 UTC", f"Link: {V1}", "", ""),
         "favorite_videos", [saved("2025-06-20 10:00:00", V1)], [(1, 2)]),
    case("2020-favorite_videos", "Activity/Favorite Videos.txt",
         txt("Date: 2020-06-20 10:00:00", f"Video Link: {V1}", ""),
         "favorite_videos", [saved("2020-06-20 10:00:00", V1)], [(1, 2)]),
    case("nl-favorite_videos", "Favoriete video's.txt", txt("Datum: 2026-06-20 10:00:00 UTC", f"Link: {V1}", ""),
         "favorite_videos", [saved("2026-06-20 10:00:00", V1)], [(1, 2)]),
    case("2024-favorite_sounds", "Favorite Sounds.txt", txt("Date: 2024-11-01 10:00:00", f"Sound Link: {SOUND}", ""),
         "favorite_sounds", [saved("2024-11-01 10:00:00", SOUND)], [(1, 2)]),
    case("2020-favorite_hashtags", "Activity/Favorite HashTags.txt",
         txt("Date: 2020-07-01 10:00:00", f"HashTag Link: {TAG}", "",
             "Date: 2020-07-02 10:00:00", f"HashTag Link:: {TAG}", ""),
         "favorite_hashtags", [saved("2020-07-01 10:00:00", TAG), saved("2020-07-02 10:00:00", TAG)],
         [(1, 2), (4, 5)]),
    case("2024-favorite_effects", "Favorite Effects.txt",
         txt("Date: 2024-11-02 10:00:00", f"Effect Link: {EFFECT}", ""),
         "favorite_effects", [saved("2024-11-02 10:00:00", EFFECT)], [(1, 2)]),
    # -- searches and shares
    case("en-searches", "Searches.txt",
         txt("Date: 2025-01-05 16:40:02", "Search Term: cat videos", "", "Date: 2025-01-05 16:39:00",
             "Search Term: how to draw: a cat", "", ""),
         "searches",
         [{"unrecognised_fields": {}, "searched_at": dt("2025-01-05 16:40:02"), "term": "cat videos"},
          {"unrecognised_fields": {}, "searched_at": dt("2025-01-05 16:39:00"), "term": "how to draw: a cat"}],
         [(1, 2), (4, 5)]),
    case("nl-searches", "Zoekopdrachten.txt", txt("Datum: 2026-01-05 16:40:02 UTC", "Zoekterm: katten", "", ""),
         "searches", [{"unrecognised_fields": {}, "searched_at": dt("2026-01-05 16:40:02"), "term": "katten"}],
         [(1, 2)]),
    case("en-shares", "Share History.txt",
         txt("Date: 2024-08-19 14:02:11", "Shared Content: share_video", f"Link: {V3}", "Method: chat_head", "", ""),
         "shares", [{"unrecognised_fields": {}, "shared_at": dt("2024-08-19 14:02:11"), "content": "share_video",
                     "url": V3, "method": "chat_head"}], [(1, 4)]),
    case("nl-shares", "Geschiedenis delen.txt",
         txt("Datum: 2026-02-19 14:02:11 UTC", "Gedeelde inhoud: video", f"Link: {V3}", "Methode: whatsapp", ""),
         "shares", [{"unrecognised_fields": {}, "shared_at": dt("2026-02-19 14:02:11"), "content": "video",
                     "url": V3, "method": "whatsapp"}], [(1, 4)]),
    # -- logins (2020: two blank lines after every record; Dec 2023: " UTC")
    case("2020-logins", "Activity/Login History.txt",
         txt("Date: 2020-08-01 07:00:00", "IP: 198.51.100.23", "Device Model: SM-G973U", "Device System: Android 10",
             "Network Type: 4G", "Carrier: ", "", "",
             "Date: 2020-07-31 07:00:00", "IP: 198.51.100.24", "Device Model: SM-G973U", "Device System: Android 10",
             "Network Type: Wi-Fi", "Carrier: ExampleTel", "", ""),
         "logins",
         [{"unrecognised_fields": {}, "logged_in_at": dt("2020-08-01 07:00:00"), "ip": "198.51.100.23",
           "device_model": "SM-G973U", "device_system": "Android 10", "network_type": "4G", "carrier": None},
          {"unrecognised_fields": {}, "logged_in_at": dt("2020-07-31 07:00:00"), "ip": "198.51.100.24",
           "device_model": "SM-G973U", "device_system": "Android 10", "network_type": "Wi-Fi",
           "carrier": "ExampleTel"}],
         [(1, 6), (9, 14)]),
    case("2023-logins", "Login History.txt",
         txt("Date: 2023-12-02 07:45:10 UTC", "IP: 203.0.113.7", "Device Model: iPhone12,1",
             "Device System: iOS 17.2.1", "Network Type: Wi-Fi", "Carrier: ExampleTel", "", ""),
         "logins",
         [{"unrecognised_fields": {}, "logged_in_at": dt("2023-12-02 07:45:10"), "ip": "203.0.113.7",
           "device_model": "iPhone12,1", "device_system": "iOS 17.2.1", "network_type": "Wi-Fi",
           "carrier": "ExampleTel"}],
         [(1, 6)]),
    # -- followers, following, blocked
    case("2020-following", "Activity/Following List.txt",
         txt("Date: 2020-05-01 10:00:00", "Username: example_friend", ""),
         "following", [connection("2020-05-01 10:00:00", "example_friend")], [(1, 2)]),
    case("2024-followers", "Tiktok/Activity/Follower.txt",
         txt("Date: 2024-11-30 10:00:00", "Username: example_fan", "", "Date: 2019-01-01 10:00:00",
             "Username: 1234567890", "", ""),
         "followers",
         [connection("2024-11-30 10:00:00", "example_fan"), connection("2019-01-01 10:00:00", "1234567890")],
         [(1, 2), (4, 5)]),
    case("2024-following", "Following.txt", txt("Date: 2024-11-29 10:00:00", "Username: example_creator", ""),
         "following", [connection("2024-11-29 10:00:00", "example_creator")], [(1, 2)]),
    case("nl-followers", "Volger.txt", txt("Datum: 2026-01-01 10:00:00 UTC", "Gebruikersnaam: voorbeeld_volger", ""),
         "followers", [connection("2026-01-01 10:00:00", "voorbeeld_volger")], [(1, 2)]),
    case("nl-following", "Volgend.txt", txt("Datum: 2026-01-02 10:00:00 UTC", "Gebruikersnaam: voorbeeld_maker", ""),
         "following", [connection("2026-01-02 10:00:00", "voorbeeld_maker")], [(1, 2)]),
    case("2020-blocked", "App Settings/Block List.txt",
         txt("Date: 2020-04-01 10:00:00", "Username: example_blocked", ""),
         "blocked", [connection("2020-04-01 10:00:00", "example_blocked")], [(1, 2)]),
    # -- comments (a comment may continue on the next line)
    case("en-comments", "Comments.txt",
         txt("Date: 2024-09-01 18:00:00", "Comment: so funny", "", "Date: 2024-09-02 18:00:00",
             "Comment: first line", "second line", "", ""),
         "comments",
         [comment("2024-09-01 18:00:00", "so funny"), comment("2024-09-02 18:00:00", "first line\nsecond line")],
         [(1, 2), (4, 6)]),
    case("nl-comments", "Reacties.txt", txt("Datum: 2026-03-01 18:00:00 UTC", "Reactie: wat leuk", ""),
         "comments", [comment("2026-03-01 18:00:00", "wat leuk")], [(1, 2)]),
    # -- own posts: photo mode lists extra image URLs on unprefixed lines after "Link:"
    case("2024-posts", "Posts/Post.txt",
         txt("Date: 2024-11-01 12:00:00", f"Link: {IMG1}", IMG2, IMG3, "Like(s): 5", "Who can view: Everyone",
             "Allow comments: Yes", "Allow stitches: No", "Allow duets: No", "Allow stickers: Yes",
             "Allow sharing to story: Yes", "Sound: original sound - example_user", "Location: Example Park",
             "Adds yours text: draw your pet", "",
             "Date: 2024-10-01 12:00:00", f"Link: {CDN}", "Like(s): 0", "Who can view: Only You", "", ""),
         "posts",
         [{"unrecognised_fields": {}, "posted_at": dt("2024-11-01 12:00:00"), "url": IMG1, "image_urls": (IMG2, IMG3),
           "likes": 5, "who_can_view": "Everyone", "allow_comments": "Yes", "allow_stitches": "No",
           "allow_duets": "No", "allow_stickers": "Yes", "allow_sharing_to_story": "Yes", "content_disclosure": None,
           "ai_generated_content": None, "sound": "original sound - example_user", "location": "Example Park",
           "title": None, "add_yours_text": "draw your pet", "alternate_text": None, "cover_image": None},
          {"unrecognised_fields": {}, "posted_at": dt("2024-10-01 12:00:00"), "url": CDN, "image_urls": (),
           "likes": 0, "who_can_view": "Only You", "allow_comments": None, "allow_stitches": None,
           "allow_duets": None, "allow_stickers": None, "allow_sharing_to_story": None, "content_disclosure": None,
           "ai_generated_content": None, "sound": None, "location": None, "title": None, "add_yours_text": None,
           "alternate_text": None, "cover_image": None}],
         [(1, 14), (16, 19)]),
    case("2026-deleted_posts", "TikTok/Post/Recently Deleted Posts.txt",
         txt("Date: 2026-01-01 12:00:00 UTC", "Date Deleted: 2026-01-02 12:00:00 UTC", f"Link: {IMG1}", IMG2,
             "Like(s): 1", "Adds yours text: N/A", "", ""),
         "deleted_posts",
         [{"unrecognised_fields": {}, "posted_at": dt("2026-01-01 12:00:00"), "deleted_at": dt("2026-01-02 12:00:00"),
           "url": IMG1, "image_urls": (IMG2,), "likes": 1, "content_disclosure": None, "ai_generated_content": None,
           "sound": None, "location": None, "title": None, "add_yours_text": None}],
         [(1, 6)]),
    case("2026-reposts", "Reposts.txt", txt("Creation Time: 2026-01-04 11:00:00 UTC", f"Link: {V3}", ""),
         "reposts", [{"unrecognised_fields": {}, "reposted_at": dt("2026-01-04 11:00:00"), "url": V3}], [(1, 2)]),
    case("2024-hashtags_used", "Hashtag.txt",
         txt("Hashtag Name: art", "Hashtag Link: https://www.tiktok.com/share/challenge/1000000000000000001/", ""),
         "hashtags_used", [{"unrecognised_fields": {}, "name": "art",
                            "url": "https://www.tiktok.com/share/challenge/1000000000000000001/"}], [(1, 2)]),
    # -- device status
    case("2020-device_status", "Activity/Status.txt",
         txt("Screen Resolution: 1080*2220", "App Version: TikTok 16.6.5", "IDFA: None", "GAID: None",
             "Android ID: None", "IDFV: None", ""),
         "device_status",
         [{"unrecognised_fields": {}, "resolution": "1080*2220", "app_version": "TikTok 16.6.5", "idfa": None,
           "gaid": None, "android_id": None, "idfv": None, "uid": None, "did": None, "web_id": None}],
         [(1, 6)]),
    case("2024-device_status", "Status.txt",
         txt("Screen Resolution: 828*1792", "App Version: 37.0.0", "IDFA: ", "GAID: ", "Android ID: ",
             "IDFV: 11111111-1111-1111-1111-111111111111", "Web ID: 7000000000000000003", "", ""),
         "device_status",
         [{"unrecognised_fields": {}, "resolution": "828*1792", "app_version": "37.0.0", "idfa": None, "gaid": None,
           "android_id": None, "idfv": "11111111-1111-1111-1111-111111111111", "uid": None, "did": None,
           "web_id": "7000000000000000003"}],
         [(1, 7)]),
    # -- activity summary (one block = one record)
    case("2026-activity_summary", "Activity Summary.txt",
         txt("Videos watched to the end since account registration: 120",
             "Videos commented on since account registration: 3", "Videos shared since account registration: 5", ""),
         "activity_summary",
         [{"unrecognised_fields": {}, "note": None, "videos_commented_on": 3, "videos_shared": 5,
           "videos_watched_to_end": 120}],
         [(1, 3)]),
    # -- off-TikTok activity: TXT uses "Date", not "TimeStamp"
    case("en-off_tiktok_activity", "Ads and data/Off TikTok Activity.txt",
         txt("Date: 2025-01-05 08:00:00", "Source: Example Shop App", "Event: LaunchAPP", "", ""),
         "off_tiktok_activity",
         [{"unrecognised_fields": {}, "occurred_at": dt("2025-01-05 08:00:00"), "source": "Example Shop App",
           "event": "LaunchAPP"}],
         [(1, 3)]),
    case("nl-off_tiktok_activity", "Activiteit buiten TikTok.txt",
         txt("Datum: 2026-01-05 08:00:00 UTC", "Bron: 1234567890", "Evenement: ViewContent", ""),
         "off_tiktok_activity",
         [{"unrecognised_fields": {}, "occurred_at": dt("2026-01-05 08:00:00"), "source": "1234567890",
           "event": "ViewContent"}],
         [(1, 3)]),
    # -- profile: one record from the whole file
    case("2020-profile", "Profile/Profile Information.txt",
         txt("Profile Photo: ", "Profile Video: None", "Username: example_user", "Telephone Number: +15550100000",
             "Email Address: parent@example.com", "Bio Description: None", "Birthdate: 25/03/2010",
             "Like(s) Received: 0", ""),
         "profile", [PROFILE_2020], [(1, 8)]),
    case("2020-profile-ambiguous_birthdate", "Profile/Profile Information.txt",
         txt("Profile Photo: ", "Profile Video: None", "Username: example_user", "Telephone Number: +15550100000",
             "Email Address: parent@example.com", "Bio Description: None", "Birthdate: 01/02/2010",
             "Like(s) Received: 0", ""),
         "profile", [{**PROFILE_2020, "birth_date_text": "01/02/2010", "birth_date": None}], [(1, 8)]),
    # -- settings 2020: a bare header line starts a group
    case("2020-settings", "App Settings/Settings.txt",
         txt("Allow Others to Find Me: Default", "Private Account: Disabled", "Who Can Send Me Message: Friends",
             "Allow DownLoad: Default", "", "Push Notifications", "New Fans: Default",
             "New Likes on My Video: Default", "Language: English", ""),
         "settings",
         [{"unrecognised_fields": {}, "scope": "app", "name": "Allow Others to Find Me", "value": "Default"},
          {"unrecognised_fields": {}, "scope": "app", "name": "Private Account", "value": "Disabled"},
          {"unrecognised_fields": {}, "scope": "app", "name": "Who Can Send Me Message", "value": "Friends"},
          {"unrecognised_fields": {}, "scope": "app", "name": "Allow DownLoad", "value": "Default"},
          {"unrecognised_fields": {}, "scope": "app", "name": "Push Notifications / New Fans", "value": "Default"},
          {"unrecognised_fields": {}, "scope": "app", "name": "Push Notifications / New Likes on My Video",
           "value": "Default"},
          # the 2020 file has no blank line before "Language", so it stays in the group
          {"unrecognised_fields": {}, "scope": "app", "name": "Push Notifications / Language", "value": "English"}],
         [(1, 1), (2, 2), (3, 3), (4, 4), (7, 7), (8, 8), (9, 9)]),
    case("2024-watch_live_settings", "TikTok Live/Watch Live settings.txt", txt("app: 720p", "web: N/A", ""),
         "settings",
         [{"unrecognised_fields": {}, "scope": "watch_live", "name": "app", "value": "720p"},
          {"unrecognised_fields": {}, "scope": "watch_live", "name": "web", "value": "N/A"}],
         [(1, 1), (2, 2)]),
    case("nl-go_live_settings", "Instellingen voor LIVE gaan.txt",
         txt("Sta kijkers toe je cadeaus te sturen tijdens je LIVE: Uit", ""),
         "settings",
         [{"unrecognised_fields": {}, "scope": "go_live",
           "name": "Sta kijkers toe je cadeaus te sturen tijdens je LIVE", "value": "Uit"}],
         [(1, 1)]),
    # -- direct messages: two conversations, " UTC", colons, a continuation line, an empty name
    case("dm", "Direct Messages/Direct Messages.txt",
         txt(">>> Chat History with example_user::", "",
             "2024-05-01 12:00:05 my_username: Hi: are you there?",
             f"2024-05-01 12:01:40 example_user: {V3}", "",
             ">>> Chat History with other_user::", "",
             "2026-01-02 10:00:00 UTC other_user: first line of a message",
             "continuation line of the same message (no prefix)",
             "2026-01-02 10:00:30 UTC odd:name: reply", "",
             ">>> Chat History with ::", "",
             "2026-01-03 09:00:00 UTC my_username: hello?", "", ""),
         "direct_messages",
         [{"unrecognised_fields": {}, "conversation": "example_user", "sent_at": dt("2024-05-01 12:00:05"),
           "sender": "my_username", "content": "Hi: are you there?"},
          {"unrecognised_fields": {}, "conversation": "example_user", "sent_at": dt("2024-05-01 12:01:40"),
           "sender": "example_user", "content": V3},
          {"unrecognised_fields": {}, "conversation": "other_user", "sent_at": dt("2026-01-02 10:00:00"),
           "sender": "other_user",
           "content": "first line of a message\ncontinuation line of the same message (no prefix)"},
          {"unrecognised_fields": {}, "conversation": "other_user", "sent_at": dt("2026-01-02 10:00:30"),
           "sender": "odd:name", "content": "reply"},
          # ">>> Chat History with ::" names nobody: the empty name is "no value"
          {"unrecognised_fields": {}, "conversation": None, "sent_at": dt("2026-01-03 09:00:00"),
           "sender": "my_username", "content": "hello?"}],
         [(3, 3), (4, 4), (8, 9), (10, 10), (14, 14)]),
    case("2020-dm", "Direct Messages/Chat History.txt",
         txt(">>> Chat History with example_user::", "2020-06-01 12:00:05 example_user: hoi", ""),
         "direct_messages",
         [{"unrecognised_fields": {}, "conversation": "example_user", "sent_at": dt("2020-06-01 12:00:05"),
           "sender": "example_user", "content": "hoi"}],
         [(2, 2)]),
]


@pytest.mark.parametrize("c", CASES)
def test_one_file_per_section_and_generation(tmp_path: Path, c: TxtCase) -> None:
    export = load_folder(tmp_path, {c.member: c.text})

    assert dumps(export, c.section_id) == c.expected
    sources = list(export.sections[c.section_id].sources())
    assert [s.member for s in sources] == [c.member] * len(c.expected)
    assert [s.lines for s in sources] == c.lines
    assert all(s.pointer is None for s in sources)
    assert str(sources[0]) == f"{c.member}:{c.lines[0][0]}-{c.lines[0][1]}"

    assert export.ledger.sections == (
        SectionEntry(where=c.member, section_id=c.section_id, status="parsed", items=len(c.expected),
                     records=len(c.expected)),
    )
    assert export.ledger.members == (
        MemberEntry(name=c.member, size=len(c.text.encode("utf-8")), sha256=export.member_hashes[c.member],
                    status="parsed"),
    )
    assert export.ledger.invalid_items == ()
    assert export.ledger.notes == ()
    assert all(f.status == "parsed" for f in export.ledger.fields)


# ---------------------------------------------------------------- empty files


@pytest.mark.parametrize(("name", "content", "reason"), [
    pytest.param("Like List.txt", "You have no data in this section\n", "TikTok wrote that this section has no data",
                 id="en-sentence"),
    pytest.param("Like List.txt", "You have no data in this section.", "TikTok wrote that this section has no data",
                 id="en-sentence-full-stop"),
    pytest.param("Likelijst.txt", "Dit gedeelte bevat geen gegevens\n", "TikTok wrote that this section has no data",
                 id="nl-sentence"),
    pytest.param("Likelijst.txt", "Er staan geen gegevens in dit gedeelte.\n\n",
                 "TikTok wrote that this section has no data", id="nl-sentence-2"),
    pytest.param("Like List.txt", "", "file is empty", id="zero-bytes"),
    pytest.param("Hashtag.txt", "\n", "file is empty", id="only-a-newline"),
])
def test_empty_txt_files(tmp_path: Path, name: str, content: str, reason: str) -> None:
    export = load_folder(tmp_path, {f"Activity/{name}": content})
    section_id = "hashtags_used" if name == "Hashtag.txt" else "likes"
    assert export.ledger.sections == (
        SectionEntry(where=f"Activity/{name}", section_id=section_id, status="empty", reason=reason),
    )
    assert export.record_count == 0
    assert export.records(section_id) == ()
    assert export.ledger.members[0].status == "parsed"


# ---------------------------------------------------------------- encodings


SEARCHES_LF = txt("Date: 2025-01-05 16:40:02", "Search Term: cat videos", "", "Date: 2025-01-05 16:39:00",
                  "Search Term: dog videos", "", "")


def test_crlf_and_bom_give_the_same_records_plus_notes(tmp_path: Path) -> None:
    crlf = SEARCHES_LF.replace("\n", "\r\n").encode("utf-8")
    # One ZIP holding the four spellings side by side (as folders, by TikTok's layout, they are four exports).
    with zipfile.ZipFile(tmp_path / "variants.zip", "w") as archive:
        for name, data in {"lf/Searches.txt": SEARCHES_LF, "crlf/Searches.txt": crlf,
                           "bom/Searches.txt": b"\xef\xbb\xbf" + SEARCHES_LF.encode("utf-8"),
                           "both/Searches.txt": b"\xef\xbb\xbf" + crlf}.items():
            archive.writestr(name, data)
    export = load(tmp_path / "variants.zip")
    assert export.ledger.check() == []
    records = dumps(export, "searches")
    first_two = records[:2]
    assert first_two == [
        {"unrecognised_fields": {}, "searched_at": dt("2025-01-05 16:40:02"), "term": "cat videos"},
        {"unrecognised_fields": {}, "searched_at": dt("2025-01-05 16:39:00"), "term": "dog videos"},
    ]
    assert records == first_two * 4
    assert [(s.member, s.lines) for s in export.sections["searches"].sources()] == [
        (member, lines) for member in ("bom/Searches.txt", "both/Searches.txt", "crlf/Searches.txt", "lf/Searches.txt")
        for lines in ((1, 2), (4, 5))
    ]
    assert export.ledger.notes == (
        Note(where="bom/Searches.txt", message="file starts with a UTF-8 byte order mark (removed)"),
        Note(where="both/Searches.txt", message="file starts with a UTF-8 byte order mark (removed)"),
        Note(where="both/Searches.txt", message="file uses Windows (CRLF) line ends"),
        Note(where="crlf/Searches.txt", message="file uses Windows (CRLF) line ends"),
    )


def test_invalid_utf8_byte_is_replaced_and_noted(tmp_path: Path) -> None:
    data = b"Date: 2025-01-05 16:40:02\nSearch Term: caf\xe9 au lait\n\n"
    bad_at = data.index(b"\xe9")
    export = load_folder(tmp_path, {"Searches.txt": data})
    assert dumps(export, "searches") == [
        {"unrecognised_fields": {}, "searched_at": dt("2025-01-05 16:40:02"), "term": "caf\ufffd au lait"},
    ]
    assert export.ledger.notes == (
        Note(where="Searches.txt", message=f"bytes that are not valid UTF-8 were replaced (first at byte {bad_at})"),
    )


# ---------------------------------------------------------------- damaged and unexpected content


def test_block_with_unparseable_date_is_an_invalid_item(tmp_path: Path) -> None:
    export = load_folder(tmp_path, {"Activity/Browsing History.txt": txt(
        "Date: 2024-12-22 10:00:00", f"Link: {V1}", "",
        "Date: yesterday", f"Link: {V2}", "",
        "Date: 2024-12-22 09:00:00", f"Link: {V3}", "", "")})
    assert dumps(export, "watch_history") == [watch("2024-12-22 10:00:00", V1), watch("2024-12-22 09:00:00", V3)]
    assert line_ranges(export, "watch_history") == [(1, 2), (7, 8)]
    assert export.ledger.sections == (
        SectionEntry(where="Activity/Browsing History.txt", section_id="watch_history", status="parsed", items=3,
                     records=2, invalid=1),
    )
    [invalid] = export.ledger.invalid_items
    assert (invalid.section_id, invalid.where) == ("watch_history", "Activity/Browsing History.txt:4-5")
    assert len(invalid.errors) == 1 and invalid.errors[0].startswith("Date: ") and "yesterday" in invalid.errors[0]


def test_unknown_key_line_is_an_unrecognised_field(tmp_path: Path) -> None:
    export = load_folder(tmp_path, {"Watch History.txt": txt(
        "Date: 2025-03-14 09:26:53 UTC", f"Link: {V1}", "Watch Time (s): 12", "",
        "Date: 2025-03-14 09:20:00 UTC", f"Link: {V2}", "", "")})
    assert dumps(export, "watch_history") == [
        {**watch("2025-03-14 09:26:53", V1), "unrecognised_fields": {"Watch Time (s)": "12"}},
        watch("2025-03-14 09:20:00", V2),
    ]
    assert line_ranges(export, "watch_history") == [(1, 3), (5, 6)]
    assert sorted(export.ledger.fields, key=lambda f: f.key) == [
        FieldEntry(section_id="watch_history", key="Date", field="watched_at", status="parsed", occurrences=2),
        FieldEntry(section_id="watch_history", key="Link", field="url", status="parsed", occurrences=2),
        FieldEntry(section_id="watch_history", key="Watch Time (s)", field="", status="unrecognised", occurrences=1,
                   reason="no field of the record model has this name; kept on the record"),
    ]


def test_line_outside_any_key_is_counted_unrecognised(tmp_path: Path) -> None:
    # An owner overwrote the file with "gg" (seen in a 2020 sample): nothing parses, nothing is lost.
    export = load_folder(tmp_path, {"Activity/Follower List.txt": txt("gg", "", "Date: 2020-05-01 10:00:00",
                                                                      "Username: example_fan", "")})
    assert dumps(export, "followers") == [connection("2020-05-01 10:00:00", "example_fan")]
    assert line_ranges(export, "followers") == [(3, 4)]
    assert export.ledger.sections == (
        SectionEntry(where="Activity/Follower List.txt", section_id="followers", status="parsed", items=1, records=1),
        SectionEntry(where="Activity/Follower List.txt:1-1", section_id="followers", status="unrecognised", items=1,
                     reason="line not understood"),
    )


def test_missing_blank_line_between_records_splits_on_repeated_key(tmp_path: Path) -> None:
    export = load_folder(tmp_path, {"Like List.txt": txt(
        "Date: 2023-12-01 12:00:00", f"Link: {V1}", "Date: 2023-12-01 11:00:00", f"Link: {V2}", "", "")})
    assert dumps(export, "likes") == [
        {"unrecognised_fields": {}, "liked_at": dt("2023-12-01 12:00:00"), "url": V1},
        {"unrecognised_fields": {}, "liked_at": dt("2023-12-01 11:00:00"), "url": V2},
    ]
    assert line_ranges(export, "likes") == [(1, 2), (3, 4)]


def test_unknown_txt_file_in_a_folder_is_unrecognised(tmp_path: Path) -> None:
    export = load_folder(tmp_path, {
        "Activity/Like List.txt": txt("Date: 2023-12-01 12:00:00", f"Link: {V1}", ""),
        "Activity/Brain Rot Meter.txt": txt("Level: 9000", ""),
        "Direct Messages/Direct Messages.html": "<html></html>\n",
    })
    statuses = {(m.name, m.status, m.reason) for m in export.ledger.members}
    assert statuses == {
        ("Activity/Like List.txt", "parsed", ""),
        ("Activity/Brain Rot Meter.txt", "unrecognised", "TXT file name not known for any section"),
        ("Direct Messages/Direct Messages.html", "unrecognised", "not a JSON or TXT file of a TikTok export"),
    }
    assert export.ledger.totals().members_unrecognised == 2
    assert len(export.records("likes")) == 1


def test_file_names_match_case_insensitively_in_any_folder(tmp_path: Path) -> None:
    export = load_folder(tmp_path, {"TikTok_Data_1735588272/Tiktok/Activity/like list.TXT":
                                    txt("Date: 2023-12-01 12:00:00", f"Link: {V1}", "")})
    assert len(export.records("likes")) == 1
    assert export.sections["likes"].source(0).member == "TikTok_Data_1735588272/Tiktok/Activity/like list.TXT"


def test_single_txt_file_input(tmp_path: Path) -> None:
    path = tmp_path / "Watch History.txt"
    path.write_text(txt("Date: 2025-03-14 09:26:53 UTC", f"Link: {V3}", "", ""), encoding="utf-8")
    export = load(path)
    assert export.ledger.check() == []
    assert export.input.kind == "file"
    assert dumps(export, "watch_history") == [watch("2025-03-14 09:26:53", V3)]
    assert export.sections["watch_history"].source(0).lines == (1, 2)
    assert (export.generation, export.language) == ("txt-2025", "en")


# ---------------------------------------------------------------- generation and language


@pytest.mark.parametrize(("files", "generation", "language"), [
    pytest.param({"Activity/Video Browsing History.txt": txt("Date: 2020-08-15 21:10:05", f"Video Link: {V1}", ""),
                  "Activity/Like List.txt": txt("Date: 2020-08-01 12:00:00", f"Video Link: {V2}", ""),
                  "Profile/Profile Information.txt": txt("Username: example_user", "")},
                 "txt-2020", "en", id="txt-2020"),
    pytest.param({"Tiktok/Activity/Browsing History.txt": txt("Date: 2024-12-22 10:00:00", f"Link: {V1}", "", ""),
                  "Tiktok/Activity/Login History.txt": txt("Date: 2024-12-22 07:45:10 UTC", "IP: 203.0.113.7", ""),
                  "Tiktok/Activity/Like List.txt": txt("Date: 2024-12-01 12:00:00", f"Link: {V2}", "", "")},
                 "txt-2023", "en", id="txt-2023"),
    pytest.param({"TikTok/Your Activity/Watch History.txt": txt("Date: 2025-03-14 09:26:53 UTC", f"Link: {V3}", ""),
                  "TikTok/Likes and Favorites/Like List.txt": txt("Date: 2025-03-01 12:00:00 UTC", f"Link: {V2}", "")},
                 "txt-2025", "en", id="txt-2025"),
    pytest.param({"TikTok/Jouw activiteit/Kijkgeschiedenis.txt":
                  txt("Datum: 2026-05-01 08:00:00 UTC", f"Link: {V3}", ""),
                  "TikTok/Vind-ik-leuks/Likelijst.txt": txt("Datum: 2026-04-01 12:00:00 UTC", f"Link: {V2}", ""),
                  "TikTok/Jouw activiteit/Status.txt": txt("Screen Resolution: 828*1792", "")},
                 "txt-2025", "nl", id="txt-2025-nl"),
    pytest.param({"Like List.txt": txt("Date: 2024-12-01 12:00:00", f"Link: {V2}", "")},
                 "txt-unknown", "en", id="txt-unknown"),
])
def test_txt_generation_and_language(tmp_path: Path, files: dict[str, str], generation: str, language: str) -> None:
    export = load_folder(tmp_path, files)
    assert (export.generation, export.language) == (generation, language)
    assert export.generation_evidence
    assert export.language_evidence
    assert export.ledger.totals().members_parsed == len(files)


# ---------------------------------------------------------------- regressions: bugs found and fixed


def test_stray_line_after_header_does_not_join_previous_conversation(tmp_path: Path) -> None:
    export = load_folder(tmp_path, {"Direct Messages.txt": txt(
        ">>> Chat History with example_user::", "2024-05-01 12:00:05 example_user: hi", "",
        ">>> Chat History with other_user::", "stray line", "2024-05-02 12:00:05 other_user: hey", "")})
    assert [r.content for r in export.records("direct_messages")] == ["hi", "hey"]
    assert line_ranges(export, "direct_messages") == [(2, 2), (6, 6)]
    assert entries(export, status="unrecognised") == [
        SectionEntry(where="Direct Messages.txt:5-5", section_id="direct_messages", status="unrecognised", items=1,
                     reason="line not understood"),
    ]


def test_double_space_after_key_is_not_a_crash(tmp_path: Path) -> None:
    export = load_folder(tmp_path, {"Watch History.txt": txt("Date:  2025-03-14 09:26:53 UTC", f"Link: {V3}", "")})
    assert dumps(export, "watch_history") == [watch("2025-03-14 09:26:53", V3)]


def test_crlf_file_detects_the_same_generation_as_lf(tmp_path: Path) -> None:
    text = txt("Date: 2025-03-01 12:00:00 UTC", f"Link: {V2}", "", "")
    lf = load_folder(tmp_path / "lf", {"Like List.txt": text})
    crlf = load_folder(tmp_path / "crlf", {"Like List.txt": text.replace("\n", "\r\n").encode("utf-8")})
    assert dumps(lf, "likes") == dumps(crlf, "likes")
    assert lf.generation == "txt-2025"
    assert crlf.generation == lf.generation
