"""Deterministic synthetic TikTok exports for every generation and both formats, with the records they must parse to.

Each sample is built in two steps. First a format-neutral set of records is drawn for one child from
``random.Random`` seeded with ``(seed, username, section)``, never from the clock, so the same
arguments always give byte-identical files and changing one section's count leaves the others as
they were. Then a writer for the requested generation renders those records with that generation's
container paths, key spellings, timestamp forms and empty-section encodings. While writing, every
raw item is also validated with its section's record model (after adding what the parser adds: the
chat partner, the LIVE room id, the flattened setting name), which gives ``SampleExport.expected``.

Everything is fake: usernames ``sample_child_a`` / ``sample_friend_07``, addresses at
``example.com``, IPs from the documentation ranges 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24,
phone numbers ``+3160000xxxx``, 19-digit ids with a run of zeros in the middle.

Generations:

* JSON ``G2`` (``user_data.json``, ``Activity`` root, ``VideoLink``, logins with `` UTC``), ``G3``
  (11 top-level keys, lower-case likes), ``G3-us`` (only ``Profile`` with follower lists, and
  ``Video``), ``G3-activity-only`` (one ``Activity`` key with favourites, likes, comments, reviews),
  ``G4`` (``Your Activity`` root, stored under ``TikTok_Data_1735588272/`` in the zip) and ``G5``
  (ten categories, comment dates with `` UTC``, ``Off TikTok Activity`` written twice).
* TXT ``txt-2020`` (``Activity/Video Browsing History.txt`` with ``Video Link:``), ``txt-2023``
  (``TikTok_Data_1735588272/Tiktok/<Category>/``, ``Browsing History.txt``, logins with `` UTC``) and
  ``txt-2025`` (``TikTok/<Category>/``, `` UTC`` on every timestamp). Each TXT sample also holds one
  file with only the "no data" sentence and one 0-byte file; neither gives records.

Dutch exists only as ``txt-2025`` with ``language="nl"``. It holds only the sections whose Dutch
file name is in ``txt_table`` *and* whose every key has a Dutch (or shared) spelling on the model:
watch history, likes, searches, shares, comments, followers, following, off-TikTok activity and
direct messages. The folder names and the chat header line are not known in Dutch; the folders are
made-up Dutch names and the chat header stays English.

Decisions where the format reference is silent: later TXT profiles write ``Birth Date:`` as
``DD-Mon-YYYY`` like JSON; a TXT photo post's ``Link:`` is its first image and the unprefixed lines
after it become ``image_urls``; a multi-line direct message is one record whose lines are joined
with ``\\n``; 2020 TXT posts carry only ``Date``, ``Link`` and ``Like(s)`` and no photo post (photo
mode came later); JSON chats list messages oldest first.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import MappingProxyType
from typing import Any

import orjson

from dsar_analyzer.registry import SECTIONS

__all__ = [
    "DEFAULT_COUNTS",
    "GENERATIONS_JSON",
    "GENERATIONS_TXT",
    "Child",
    "SampleExport",
    "family",
    "generate",
    "write_samples",
]

UTC = timezone.utc

GENERATIONS_JSON = ("G2", "G3", "G3-us", "G3-activity-only", "G4", "G5")
GENERATIONS_TXT = ("txt-2020", "txt-2023", "txt-2025")

#: How many records each section gets unless ``counts`` says otherwise. ``direct_messages`` counts
#: messages (spread over at most two chats); ``live_watch`` counts LIVE rooms.
DEFAULT_COUNTS: Mapping[str, int] = MappingProxyType({
    "watch_history": 40,
    "likes": 15,
    "searches": 8,
    "shares": 6,
    "logins": 6,
    "followers": 5,
    "following": 5,
    "blocked": 1,
    "comments": 4,
    "direct_messages": 6,
    "posts": 2,
    "favorite_videos": 3,
    "favorite_sounds": 2,
    "favorite_hashtags": 1,
    "hashtags_used": 2,
    "device_status": 1,
    "off_tiktok_activity": 5,
    "location_reviews": 1,
    "live_watch": 1,
})

#: The folder TikTok wraps some exports in (G4 JSON and the late-2024 TXT tree here).
WRAPPER = "TikTok_Data_1735588272"

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_PLACEHOLDER_DATE = "1969-12-31 23:59:59"  # epoch -1 as TikTok prints it in share history
_EMPTY_SENTENCE = {"en": "You have no data in this section", "nl": "Dit gedeelte bevat geen gegevens"}


@dataclass(frozen=True)
class Child:
    """The account holder of a sample export."""

    username: str
    birth_date: date
    display_name: str = ""


@dataclass(frozen=True)
class SampleExport:
    """One synthetic export: its archive members and the records a correct parser must produce.

    ``expected`` maps section id to records as ``model_dump()`` dicts without
    ``unrecognised_fields``, in file order; a section appears only if it yields at least one record.
    ``empty_sections`` names the sections written without any record (null lists, objects whose
    values are all "N/A", TXT files that are empty or hold only the "no data" sentence).
    """

    name: str
    format: str
    generation: str
    language: str
    members: dict[str, bytes]
    expected: dict[str, list[dict[str, Any]]]
    empty_sections: tuple[str, ...] = ()

    def zip_bytes(self) -> bytes:
        """The members as a zip with fixed timestamps and attributes: same sample, same bytes."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for name, data in self.members.items():
                info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
        return buffer.getvalue()


def family() -> tuple[Child, Child]:
    """Two children of one family for the claim period 2019-06-01 .. 2021-06-30.

    Child A, born 2009-09-14, is 9 on 2019-06-01 and 11 on 2021-06-30: under 13 throughout.
    Child B, born 2005-11-20, is 13 on 2019-06-01 and 15 on 2021-06-30: 13-15 throughout.
    Both birth days are above 12, so a ``DD/MM/YYYY`` rendering is never ambiguous.
    """
    return (
        Child("sample_child_a", date(2009, 9, 14), "Sample Child A"),
        Child("sample_child_b", date(2005, 11, 20), "Sample Child B"),
    )


# -- format-neutral records ---------------------------------------------------------------------

_SEARCH_TOPICS = ("dance tutorial", "cat video", "slime recipe", "minecraft build", "school hacks",
                  "drawing tips", "football skills", "prank", "makeup", "song lyrics")
_COMMENTS = ("so funny", "how did you do that", "tutorial please", "first!", "love this song",
             "meet at 15:30?", "again!!", "wow")
_MESSAGES = ("hi", "did you see this", "lol", "meet at 15:30? ok", "send me the link", "bye")
_SHARE_METHODS = ("chat_head", "copy", "whatsapp", "more", "snapchat_chats", "chat")
_OFF_EVENTS = ("LaunchAPP", "ViewContent", "Login", "Pageview", "Search", "AddToCart")
_OFF_SOURCES = ("Sample Games BV", "Example Shop", "Sample Streaming App", "100000000001")
_DEVICES = (("iPhone12,1", "iOS 14.4"), ("SM-A505F", "Android 10"), ("iPhone10,4", "iOS 13.5.1"))
_NETWORKS = ("Wi-Fi", "4G", "WIFI", "")
_CARRIERS = ("", "", "SampleTel NL")
_SOUNDS = ("Sample Beat - Sample Artist", "original sound - sample_friend_02")
_PLACES = ("Sample Skatepark", "Example Ice Cream Parlour", "Sample Zoo")


def _fake_id(rng: random.Random, lead: str = "6") -> str:
    """A 19-digit id with five zeros in the middle, so nobody takes it for a real one."""
    return f"{lead}{rng.randrange(10**8):08d}00000{rng.randrange(10**5):05d}"


def _video_url(video_id: str) -> str:
    return f"https://www.tiktokv.com/share/video/{video_id}/"


def _ip(rng: random.Random) -> str:
    net = rng.choice(("192.0.2", "198.51.100", "203.0.113"))
    return f"{net}.{rng.randrange(1, 255)}"


class _World:
    """Format-neutral records for one child, one seed and one time window."""

    def __init__(self, child: Child, seed: int, start: datetime, end: datetime, counts: Mapping[str, int]) -> None:
        self.child = child
        self.seed = seed
        self.start = start
        self.end = end
        self.counts = counts
        self.friends = [f"sample_friend_{i:02d}" for i in range(1, 31)]
        self._cache: dict[str, Any] = {}

    def rng(self, section: str) -> random.Random:
        return random.Random(f"{self.seed}|{self.child.username}|{section}")

    def times(self, rng: random.Random, n: int, newest_first: bool = True) -> list[datetime]:
        low, high = int(self.start.timestamp()), int(self.end.timestamp())
        stamps = sorted((rng.randint(low, high) for _ in range(n)), reverse=newest_first)
        return [datetime.fromtimestamp(s, UTC) for s in stamps]

    def n(self, section: str) -> int:
        return self.counts[section]

    def get(self, section: str) -> Any:
        if section not in self._cache:
            self._cache[section] = getattr(self, f"_make_{section}")()
        return self._cache[section]

    # Each maker returns plain dicts; "when" None means TikTok's 1969 placeholder date.

    def _timed_videos(self, section: str) -> list[dict[str, Any]]:
        rng = self.rng(section)
        return [{"when": t, "url": _video_url(_fake_id(rng))} for t in self.times(rng, self.n(section))]

    def _make_watch_history(self) -> list[dict[str, Any]]:
        return self._timed_videos("watch_history")

    def _make_likes(self) -> list[dict[str, Any]]:
        return self._timed_videos("likes")

    def _make_favorite_videos(self) -> list[dict[str, Any]]:
        return self._timed_videos("favorite_videos")

    def _make_favorite_sounds(self) -> list[dict[str, Any]]:
        rng = self.rng("favorite_sounds")
        return [{"when": t, "url": f"https://m.tiktok.com/h5/share/music/{_fake_id(rng)}.html"}
                for t in self.times(rng, self.n("favorite_sounds"))]

    def _make_favorite_hashtags(self) -> list[dict[str, Any]]:
        rng = self.rng("favorite_hashtags")
        return [{"when": t, "url": f"https://m.tiktok.com/h5/share/tag/{rng.randrange(10**6):07d}.html"}
                for t in self.times(rng, self.n("favorite_hashtags"))]

    def _make_searches(self) -> list[dict[str, Any]]:
        rng = self.rng("searches")
        return [{"when": t, "term": f"sample {rng.choice(_SEARCH_TOPICS)}"}
                for t in self.times(rng, self.n("searches"))]

    def _make_shares(self) -> list[dict[str, Any]]:
        rng = self.rng("shares")
        n = self.n("shares")
        rows: list[dict[str, Any]] = [
            {"when": t, "content": rng.choice(("share_video", "video")), "url": _video_url(_fake_id(rng)),
             "method": rng.choice(_SHARE_METHODS)}
            for t in self.times(rng, n)
        ]
        if n >= 2:
            rows[n // 2]["when"] = None  # the bogus 1969 date TikTok writes for some shares
        return rows

    def _make_logins(self) -> list[dict[str, Any]]:
        rng = self.rng("logins")
        rows = []
        for t in self.times(rng, self.n("logins")):
            model, system = rng.choice(_DEVICES)
            rows.append({"when": t, "ip": _ip(rng), "model": model, "system": system,
                         "network": rng.choice(_NETWORKS), "carrier": rng.choice(_CARRIERS)})
        return rows

    def _connections(self, section: str, pool: list[str]) -> list[dict[str, Any]]:
        rng = self.rng(section)
        n = self.n(section)
        names = rng.sample(pool, n) if n <= len(pool) else [f"{pool[0]}_{i:03d}" for i in range(n)]
        return [{"when": t, "user": u} for t, u in zip(self.times(rng, n), names)]

    def _make_followers(self) -> list[dict[str, Any]]:
        return self._connections("followers", self.friends)

    def _make_following(self) -> list[dict[str, Any]]:
        return self._connections("following", self.friends)

    def _make_blocked(self) -> list[dict[str, Any]]:
        return self._connections("blocked", [f"sample_stranger_{i:02d}" for i in range(1, 10)])

    def _make_comments(self) -> list[dict[str, Any]]:
        rng = self.rng("comments")
        return [{"when": t, "text": f"{rng.choice(_COMMENTS)} (sample)", "url": _video_url(_fake_id(rng))}
                for t in self.times(rng, self.n("comments"))]

    def _make_direct_messages(self) -> list[dict[str, Any]]:
        """Chats (at most two), each with messages oldest first; one message has two lines."""
        rng = self.rng("direct_messages")
        n = self.n("direct_messages")
        partners = rng.sample(self.friends[:10], 2)
        sizes = [n - n // 2, n // 2] if n > 1 else [n]
        chats = []
        for partner, size in zip(partners, sizes):
            if size == 0:
                continue
            messages = []
            for i, t in enumerate(self.times(rng, size, newest_first=False)):
                sender = self.child.username if i % 2 == 0 else partner
                text = rng.choice(_MESSAGES)
                if i == 1:
                    text = _video_url(_fake_id(rng))
                messages.append({"when": t, "sender": sender, "text": text})
            chats.append({"partner": partner, "messages": messages})
        if chats and len(chats[0]["messages"]) >= 3:
            chats[0]["messages"][2]["text"] = "see you tomorrow\nbring the charger pls"
        if len(chats) > 1:
            chats[1]["messages"][0]["text"] = "meet at 15:30? ok"  # a colon inside the text
        return chats

    def _make_posts(self) -> list[dict[str, Any]]:
        rng = self.rng("posts")
        rows = []
        for i, t in enumerate(self.times(rng, self.n("posts"))):
            video_id = _fake_id(rng)
            rows.append({
                "when": t, "id": video_id, "url": _video_url(video_id), "likes": str(rng.randrange(0, 60)),
                "who": rng.choice(("Everyone", "Friends", "Followers")), "sound": rng.choice(_SOUNDS),
                "location": rng.choice(("", "Sample Town")), "photo": i == 1,
                "images": [f"https://p16-sample.example.com/photo/{video_id}-{k}.jpeg" for k in (1, 2, 3)],
            })
        return rows

    def _make_hashtags_used(self) -> list[dict[str, Any]]:
        rng = self.rng("hashtags_used")
        return [{"name": f"sampletag{i + 1:02d}",
                 "url": f"https://www.tiktok.com/share/challenge/{_fake_id(rng, '1')}/"}
                for i in range(self.n("hashtags_used"))]

    def _make_device_status(self) -> list[dict[str, Any]]:
        rng = self.rng("device_status")
        return [{"resolution": "828*1792", "version": f"1{rng.randrange(5, 9)}.{rng.randrange(10)}.{rng.randrange(10)}",
                 "idfa": "00000000-0000-0000-0000-000000000000",
                 "idfv": f"00000000-5A3B-4E00-8000-{rng.randrange(16**12):012X}",
                 "uid": int(_fake_id(rng)), "did": _fake_id(rng)}
                for _ in range(self.n("device_status"))]

    def _make_off_tiktok_activity(self) -> list[dict[str, Any]]:
        rng = self.rng("off_tiktok_activity")
        return [{"when": t, "source": rng.choice(_OFF_SOURCES), "event": rng.choice(_OFF_EVENTS)}
                for t in self.times(rng, self.n("off_tiktok_activity"), newest_first=False)]

    def _make_location_reviews(self) -> list[dict[str, Any]]:
        rng = self.rng("location_reviews")
        return [{"when": t, "place": rng.choice(_PLACES), "rating": f"{rng.randrange(3, 6)}/5",
                 "likes": str(rng.randrange(0, 5)), "text": "nice place (sample review)"}
                for t in self.times(rng, self.n("location_reviews"))]

    def _make_live_watch(self) -> list[dict[str, Any]]:
        rng = self.rng("live_watch")
        rows = []
        for t in self.times(rng, self.n("live_watch")):
            comment_at = min(t + timedelta(seconds=rng.randrange(30, 600)), self.end)
            rows.append({"room": _fake_id(rng, "7"), "when": t, "comment_at": comment_at})
        return rows

    def _make_profile(self) -> dict[str, Any]:
        rng = self.rng("profile")
        return {"phone": f"+3160000{rng.randrange(10**4):04d}", "email": f"{self.child.username}@example.com",
                "likes": str(rng.randrange(10, 500)),
                "photo": f"https://p16-sample.example.com/avatar/{_fake_id(rng)}.jpeg"}


# -- shared rendering helpers --------------------------------------------------------------------

def _stamp(when: datetime | None, utc: bool = False) -> str:
    text = _PLACEHOLDER_DATE if when is None else when.strftime("%Y-%m-%d %H:%M:%S")
    return f"{text} UTC" if utc else text


def _birth_mon(day: date) -> str:
    return day.strftime("%d-") + ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                                  "Dec")[day.month - 1] + day.strftime("-%Y")


class _Expect:
    """Collects expected records (validated with the section's model) and written-empty sections."""

    def __init__(self) -> None:
        self.expected: dict[str, list[dict[str, Any]]] = {}
        self.written: list[str] = []

    def touch(self, section: str) -> None:
        if section not in self.written:
            self.written.append(section)

    def add(self, section: str, raw_items: list[dict[str, Any]]) -> None:
        self.touch(section)
        model = SECTIONS[section].model
        for raw in raw_items:
            record = model.model_validate(raw).model_dump(exclude={"unrecognised_fields"})
            self.expected.setdefault(section, []).append(record)

    def empty_sections(self) -> tuple[str, ...]:
        return tuple(s for s in self.written if s not in self.expected)


# -- JSON ---------------------------------------------------------------------------------------

def _box(list_key: str, items: list[Any] | None, *, app: bool = False, fast_lane: bool | None = None) -> dict[str, Any]:
    """A container: the list (``null`` when empty) plus TikTok's wrapper flags."""
    box: dict[str, Any] = {list_key: items or None}
    if app:
        box["App"] = 1
    if fast_lane is not None:
        box["IsFastLane"] = fast_lane
    return box


class _JsonWriter:
    """Renders the world in one JSON generation; records expected items in document order."""

    def __init__(self, world: _World, generation: str) -> None:
        self.w = world
        self.g = generation
        self.out = _Expect()
        self.late = generation in ("G4", "G5")  # the richer late-2025 field sets

    def listed(self, section: str, list_key: str, items: list[dict[str, Any]], **flags: Any) -> dict[str, Any]:
        if items:
            self.out.add(section, items)
        else:
            self.out.touch(section)
        return _box(list_key, items, **flags)

    def empty(self, section: str, value: Any) -> Any:
        self.out.touch(section)
        return value

    def no_purchases(self) -> dict[str, Any]:
        return self.empty("purchases", {"SendGifts": {"SendGifts": None}, "BuyGifts": {"BuyGifts": None}})

    # sections

    def watch_history(self) -> dict[str, Any]:
        link = "VideoLink" if self.g == "G2" else "Link"
        items = []
        for r in self.w.get("watch_history"):
            item = {"Date": _stamp(r["when"]), link: r["url"]}
            if self.g == "G5":
                item["Title"] = ""
            items.append(item)
        return self.listed("watch_history", "VideoList", items)

    def likes(self) -> dict[str, Any]:
        date_key, link_key = {"G2": ("Date", "VideoLink"), "G3-activity-only": ("Date", "Link")}.get(
            self.g, ("date", "link"))
        items = [{date_key: _stamp(r["when"]), link_key: r["url"]} for r in self.w.get("likes")]
        return self.listed("likes", "ItemFavoriteList", items, app=self.g != "G2")

    def favorites(self, section: str, list_key: str, app: bool = False) -> dict[str, Any]:
        items = [{"Date": _stamp(r["when"]), "Link": r["url"]} for r in self.w.get(section)]
        return self.listed(section, list_key, items, app=app)

    def favorite_effects(self) -> dict[str, Any]:
        return self.listed("favorite_effects", "FavoriteEffectsList", [])

    def searches(self) -> dict[str, Any]:
        items = [{"Date": _stamp(r["when"]), "SearchTerm": r["term"]} for r in self.w.get("searches")]
        return self.listed("searches", "SearchList", items)

    def shares(self) -> dict[str, Any]:
        items = [{"Date": _stamp(r["when"]), "SharedContent": r["content"], "Link": r["url"], "Method": r["method"]}
                 for r in self.w.get("shares")]
        return self.listed("shares", "ShareHistoryList", items)

    def logins(self) -> dict[str, Any]:
        rows = self.w.get("logins")
        if self.late:  # oldest first in the late exports
            rows = list(reversed(rows))
        items = [{"Date": _stamp(r["when"], utc=self.g == "G2"), "IP": r["ip"], "DeviceModel": r["model"],
                  "DeviceSystem": r["system"], "NetworkType": r["network"], "Carrier": r["carrier"]} for r in rows]
        return self.listed("logins", "LoginHistoryList", items)

    def connections(self, section: str, list_key: str) -> dict[str, Any]:
        items = [{"Date": _stamp(r["when"]), "UserName": r["user"]} for r in self.w.get(section)]
        flags: dict[str, Any] = {}
        if self.g != "G2":
            flags["app"] = True
            if section != "blocked":
                flags["fast_lane"] = self.g == "G3-us"
        return self.listed(section, list_key, items, **flags)

    def comments(self) -> dict[str, Any]:
        items: list[dict[str, Any]] = []
        for r in self.w.get("comments"):
            if self.g == "G2":
                items.append({"Date": _stamp(r["when"]), "Comment": r["text"]})
            elif self.g == "G3-activity-only":
                items.append({"Date": _stamp(r["when"]), "Comment": r["text"], "Photo": "N/A", "Url": ""})
            elif self.g == "G5":
                items.append({"date": _stamp(r["when"], utc=True), "comment": r["text"], "photo": "N/A",
                              "video": "", "sticker": "N/A", "originalPostUrl": r["url"],
                              "original post link": r["url"]})
            else:
                items.append({"date": _stamp(r["when"]), "comment": r["text"], "photo": "N/A", "url": ""})
        return self.listed("comments", "CommentsList", items, app=self.g != "G2")

    def direct_messages(self) -> dict[str, Any]:
        chats: dict[str, list[dict[str, Any]]] = {}
        for chat in self.w.get("direct_messages"):
            items = [{"Date": _stamp(m["when"]), "From": m["sender"], "Content": m["text"]} for m in chat["messages"]]
            chats[f"Chat History with {chat['partner']}:"] = items
            self.out.add("direct_messages", [{**i, "conversation": chat["partner"]} for i in items])
        self.out.touch("direct_messages")
        return {"ChatHistory": chats}

    def posts(self) -> dict[str, Any]:
        items = []
        for r in self.w.get("posts"):
            item: dict[str, Any] = {"Date": _stamp(r["when"]), "Link": r["url"], "Likes": r["likes"]}
            if self.g != "G2":
                item.update({
                    "WhoCanView": r["who"], "AllowComments": "Yes", "AllowStitches": "No", "AllowDuets": "No",
                    "AllowStickers": "Yes", "AllowSharingToStory": "Yes", "ContentDisclosure": "",
                    "AIGeneratedContent": "", "Sound": r["sound"], "Location": r["location"], "Title": "",
                    "AddYoursText": "N/A",
                })
            if self.late:
                item["AlternateText"] = "N/A"
                item["CoverImage"] = f"https://p16-sample.example.com/cover/{r['id']}.jpeg"
            items.append(item)
        return self.listed("posts", "VideoList", items)

    def hashtags_used(self) -> dict[str, Any]:
        items = [{"HashtagName": r["name"], "HashtagLink": r["url"]} for r in self.w.get("hashtags_used")]
        return self.listed("hashtags_used", "HashtagList", items)

    def device_status(self) -> dict[str, Any]:
        items = []
        for r in self.w.get("device_status"):
            item: dict[str, Any] = {"Resolution": r["resolution"], "App Version": r["version"], "IDFA": r["idfa"],
                                    "GAID": "", "Android ID": "", "IDFV": r["idfv"]}
            if self.late:
                item["UID"] = r["uid"]
                item["DID"] = r["did"]
            item["Web ID"] = ""
            items.append(item)
        return self.listed("device_status", "Status List", items)

    def off_tiktok(self) -> dict[str, Any]:
        items = [{"TimeStamp": _stamp(r["when"]), "Source": r["source"], "Event": r["event"]}
                 for r in self.w.get("off_tiktok_activity")]
        return self.listed("off_tiktok_activity", "OffTikTokActivityDataList", items)

    def location_reviews(self) -> dict[str, Any]:
        items = [{"PlaceName": r["place"], "Date": _stamp(r["when"]), "Rating": r["rating"], "Status": "All visible",
                  "Likes": r["likes"], "ReviewText": r["text"]} for r in self.w.get("location_reviews")]
        return self.listed("location_reviews", "ReviewsList", items)

    def activity_summary(self) -> dict[str, Any]:
        summary = {
            "note": "sample figures, may lag a few days",
            "videosCommentedOnSinceAccountRegistration": len(self.w.get("comments")),
            "videosSharedSinceAccountRegistration": len(self.w.get("shares")),
            "videosWatchedToTheEndSinceAccountRegistration": len(self.w.get("watch_history")) // 2,
        }
        self.out.add("activity_summary", [summary])
        return {"ActivitySummaryMap": summary}

    def recent_location(self) -> dict[str, Any]:
        return self.empty("recent_location", {"LocationData": {"Date": "N/A", "GpsData": "N/A", "LastRegion": "N/A"}})

    def live(self) -> dict[str, Any]:
        rooms: dict[str, Any] = {}
        for r in self.w.get("live_watch"):
            room: dict[str, Any] = {"Comments": [{"CommentTime": _stamp(r["comment_at"]), "CommentContent": "",
                                                  "RawTime": int(r["comment_at"].timestamp())}]}
            if self.late:
                room["Questions"] = None
            room["WatchTime"] = _stamp(r["when"])
            room["Link"] = ""
            rooms[r["room"]] = room
            self.out.add("live_watch", [{**room, "room_id": r["room"]}])
        self.out.touch("live_watch")
        return {
            "Go Live History": self.empty("live_go", {"GoLiveList": None}),
            "Watch Live History": {"WatchLiveMap": rooms},
        }

    def profile(self) -> dict[str, Any]:
        child, p = self.w.child, self.w.get("profile")
        data: dict[str, Any] = {
            "PlatformInfo": [],
            "bioDescription": "",
            "birthDate": _birth_mon(child.birth_date),
            "emailAddress": p["email"],
            "likesReceived": p["likes"],
            "profilePhoto": p["photo"],
            "profileVideo": "None",
            "telephoneNumber": p["phone"],
            "userName": child.username,
        }
        if self.late:
            data = {"PlatformInfo": [], **({"accountRegion": "NL"} if self.g == "G5" else {}), "aiSelf": "",
                    "bioDescription": "", "birthDate": data["birthDate"], "displayName": child.display_name,
                    "emailAddress": p["email"], "followerCount": len(self.w.get("followers")),
                    "followingCount": len(self.w.get("following")),
                    **({"fundraiser": "N/A"} if self.g == "G5" else {}), "inferredGender": "None",
                    "instagramLink": "", "lemon8Link": "", "likesReceived": p["likes"], "profilePhoto": p["photo"],
                    "profileVideo": "None", "telephoneNumber": p["phone"], "userName": child.username,
                    "youtubeLink": ""}
        self.out.add("profile", [data])
        return {"ProfileMap": data, "App": 1}

    def autofill(self) -> dict[str, Any]:
        keys = ("PhoneNumber", "Email", "FirstName", "LastName", "Address", "ZipCode", "Unit", "City", "State",
                "Country")
        return self.empty("autofill", {k: "N/A" for k in keys})

    def ai_moji(self) -> dict[str, Any]:
        return self.empty("ai_moji", {"CreateDate": "", "AIMojiList": None})

    def settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = {
            "Allow DownLoad": "Disabled",
            "Allow Others to Find Me": "Disabled",
            "App Language": "English",
            "Content Preferences": {
                "Keyword filters for videos in Following feed": None,
                "Keyword filters for videos in For You feed": [],
                "Video Languages Preferences": ["English", "Nederlands"],
            },
            "Family Content Preferences": {},
            "Filter Comments": "Enabled",
            "Interests": "",
            "Personalized Ads": "Disabled",
            "Private Account": "Enabled",
            "Push Notification": {
                "Desktop notification": "Off",
                "New Comments on My Video": "On",
                "New Fans": "On",
                "New Likes on My Video": "On",
            },
            "Suggest your account to Facebook friends": "enabled",
            "Suggest your account to contacts": "enabled",
            "Web Language": "N/A",
            "Who Can Duet With Me": "Friends",
            "Who Can Post Comments": "Friends",
            "Who Can Send Me Message": "No one",
            "Who Can View Videos I Liked": "Myself",
        }
        if self.g == "G5":
            settings["Autofill contact information"] = "Off"
            settings["FamilyPairing"] = []
            settings["ScreenTime"] = [{
                "DailyScreenTimeLimit": "60 minutes", "DailyScreenTimeToggleStatus": "On",
                "SleepHoursDuration": "N/A", "SleepHoursToggleStatus": "Off",
                "WeeklyScreenTimeUpdatesToggleStatus": "On",
            }]
            settings["Who can see your following list::"] = "Only me"
        self.out.add("settings", _flatten_settings(settings))
        box: dict[str, Any] = {"SettingsMap": settings}
        if self.g != "G5":
            box["App"] = 1
        return box

    # documents

    def document(self) -> dict[str, Any]:
        return getattr(self, "_doc_" + self.g.replace("-", "_"))()

    def _activity_g2_g3(self) -> dict[str, Any]:
        activity: dict[str, Any] = {}
        if self.g == "G3":
            activity["Activity Summary"] = self.activity_summary()
        activity.update({
            "Favorite Effects": self.favorite_effects(),
            "Favorite Hashtags": self.favorites("favorite_hashtags", "FavoriteHashtagList"),
            "Favorite Sounds": self.favorites("favorite_sounds", "FavoriteSoundList"),
            "Favorite Videos": self.favorites("favorite_videos", "FavoriteVideoList", app=True),
            "Follower List": self.connections("followers", "FansList"),
            "Following List": self.connections("following", "Following"),
            "Hashtag": self.hashtags_used(),
            "Like List": self.likes(),
            "Login History": self.logins(),
        })
        if self.g == "G3":
            activity["Most Recent Location Data"] = self.recent_location()
        activity.update({
            "Purchase History": self.no_purchases(),
            "Search History": self.searches(),
            "Share History": self.shares(),
            "Status": self.device_status(),
            "Video Browsing History": self.watch_history(),
        })
        return activity

    def _ads(self) -> dict[str, Any]:
        return {
            "Ad Interests": self.empty("ad_interests", {"AdInterestCategories": ""}),
            "Instant Form Ads Responses": self.empty("ad_form_responses", {"ResponsesList": None}),
            "Off TikTok Activity": self.off_tiktok(),
        }

    def _shop(self, names: tuple[str, ...]) -> dict[str, Any]:
        table = {
            "Order History": ("shop_orders", "OrderHistories"),
            "Product Browsing History": ("shop_browsing", "ProductBrowsingHistories"),
            "Saved Address Information": ("shop_addresses", "SavedAddress"),
            "Shopping Cart List": ("shop_cart", "ShoppingCart"),
            "Vouchers": ("shop_vouchers", "Vouchers"),
        }
        return {name: self.empty(table[name][0], {table[name][1]: None}) for name in names}

    def _doc_G2(self) -> dict[str, Any]:
        return {
            "Activity": self._activity_g2_g3(),
            "Ads and data": self._ads(),
            "App Settings": {"Block": self.connections("blocked", "BlockList"), "Settings": self.settings()},
            "Comment": {"Comments": self.comments()},
            "Direct Messages": {"Chat History": self.direct_messages()},
            "Profile": {"Auto Fill": self.autofill(), "Profile Information": self.profile()},
            "Tiktok Live": {"Go Live History": self.empty("live_go", {"GoLiveList": None}),
                            "Watch Live History": self.empty("live_watch", {"WatchLiveMap": {}})},
            "Tiktok Shopping": self._shop(("Order History", "Product Browsing History", "Shopping Cart List")),
            "Video": {"Videos": self.posts()},
        }

    def _doc_G3(self) -> dict[str, Any]:
        return {
            "Activity": self._activity_g2_g3(),
            "Ads and data": self._ads(),
            "App Settings": {"Block": self.connections("blocked", "BlockList"), "Settings": self.settings()},
            "Comment": {"Comments": self.comments()},
            "Direct Messages": {"Chat History": self.direct_messages()},
            "Income Plus Wallet Transactions": {
                "Income Plus Wallet Transaction": self.empty("wallet_transactions", {"TransactionsList": None})},
            "Poi Review": {"POI Review": self.location_reviews()},
            "Profile": {"AIMoji": self.ai_moji(), "Auto Fill": self.autofill(),
                        "Profile Information": self.profile()},
            "Tiktok Live": self.live(),
            "Tiktok Shopping": self._shop(("Order History", "Product Browsing History", "Saved Address Information",
                                           "Shopping Cart List", "Vouchers")),
            "Video": {"RecentlyDeletedPosts": self.empty("deleted_posts", {"PostList": None}), "Videos": self.posts()},
        }

    def _doc_G3_us(self) -> dict[str, Any]:
        return {
            "Profile": {
                "Auto Fill": self.autofill(),
                "Follower List": self.connections("followers", "FansList"),
                "Following List": self.connections("following", "Following"),
                "Profile Information": self.profile(),
            },
            "Video": {"RecentlyDeletedPosts": self.empty("deleted_posts", {"PostList": None}), "Videos": self.posts()},
        }

    def _doc_G3_activity_only(self) -> dict[str, Any]:
        return {"Activity": {
            "Comments": self.comments(),
            "Favorite Effects": self.favorite_effects(),
            "Favorite Hashtags": self.favorites("favorite_hashtags", "FavoriteHashtagList"),
            "Favorite Sounds": self.favorites("favorite_sounds", "FavoriteSoundList"),
            "Favorite Videos": self.favorites("favorite_videos", "FavoriteVideoList", app=True),
            "Like List": self.likes(),
            "Most Recent Location Data": self.recent_location(),
            "POI Review": self.location_reviews(),
        }}

    def _doc_G4(self) -> dict[str, Any]:
        return {
            "Ads and data": self._ads(),
            "App Settings": {"Block List": self.connections("blocked", "BlockList"), "Settings": self.settings(),
                             "UserThirdPlatformInformation": self.empty("third_party_accounts", {})},
            "Comment": {"Comments": self.comments()},
            "Direct Message": {"Direct Messages": self.direct_messages()},
            "Income Plus Wallet Transactions": {
                "Transaction History": self.empty("wallet_transactions", {"TransactionsList": None})},
            "Location Review": {"Location Reviews": self.location_reviews()},
            "Post": {"Posts": self.posts(), "Recently Deleted Posts": self.empty("deleted_posts", {"PostList": None})},
            "Profile": {"AI-Moji": self.ai_moji(), "Autofill": self.autofill(), "Profile Info": self.profile()},
            "TikTok Shop": self._shop(("Order History", "Product Browsing History", "Saved Address Information",
                                       "Shopping Cart List", "Vouchers")),
            "Tiktok Live": self.live(),
            "Your Activity": {
                "Activity Summary": self.activity_summary(),
                "Collection": self.empty("collections", {}),
                "Favorite Comment": self.empty("favorite_comments", {"FavoriteCommentList": []}),
                "Favorite Effects": self.favorite_effects(),
                "Favorite Hashtags": self.favorites("favorite_hashtags", "FavoriteHashtagList"),
                "Favorite Location": self.empty("favorite_places", {"FavoriteLocationList": []}),
                "Favorite Sounds": self.favorites("favorite_sounds", "FavoriteSoundList"),
                "Favorite Videos": self.favorites("favorite_videos", "FavoriteVideoList", app=True),
                "Follower": self.connections("followers", "FansList"),
                "Following": self.connections("following", "Following"),
                "Hashtag": self.hashtags_used(),
                "Like List": self.likes(),
                "Login History": self.logins(),
                "Most Recent Location Data": self.recent_location(),
                "Purchases": self.no_purchases(),
                "Searches": self.searches(),
                "Share History": self.shares(),
                "Status": self.device_status(),
                "Watch History": self.watch_history(),
            },
        }

    def _doc_G5(self) -> dict[str, Any]:
        off_tiktok = self.off_tiktok()  # written twice; its records are expected once
        return {
            "Comment": {"Comments": self.comments()},
            "Direct Message": {
                "Direct Messages": self.direct_messages(),
                "Group Chat": {"GroupChat": {}},
                "Tako Chat History": self.empty("assistant_chats", {"TakoChatHistoryList": None}),
            },
            "Income+ Wallet": {
                "Coin Purchase History": self.empty("coin_purchases", {"CoinPurchaseHistoryList": None}),
                "Transaction History": self.empty("wallet_transactions", {"TransactionsList": None}),
            },
            "Likes and Favorites": {
                "Collection": self.empty("collections", {}),
                "Favorite Collection": self.empty("favorite_collections", {"FavoriteCollectionList": None}),
                "Favorite Comment": self.empty("favorite_comments", {"FavoriteCommentList": []}),
                "Favorite Drama": self.empty("favorite_dramas", {}),
                "Favorite Effects": self.favorite_effects(),
                "Favorite Hashtags": self.favorites("favorite_hashtags", "FavoriteHashtagList"),
                "Favorite Location": self.empty("favorite_places", {"FavoriteLocationList": []}),
                "Favorite Movies and TV": self.empty("favorite_movies_and_tv", {"FavoriteMoviesAndTVList": []}),
                "Favorite Playlists": self.empty("favorite_playlists", {"FavoritePlaylistList": []}),
                "Favorite Sounds": self.favorites("favorite_sounds", "FavoriteSoundList"),
                "Favorite Videos": self.favorites("favorite_videos", "FavoriteVideoList", app=True),
                "Like List": self.likes(),
            },
            "Location Review": {"Location Reviews": self.location_reviews()},
            "Post": {"Posts": self.posts(), "Recently Deleted Posts": self.empty("deleted_posts", {"PostList": None}),
                     "Story": self.empty("stories", {})},
            "Profile And Settings": {
                "AI-Moji": self.ai_moji(),
                "AISelfImage": self.empty("ai_self_image", {}),
                "Autofill": self.autofill(),
                "Block List": self.connections("blocked", "BlockList"),
                "Follower": self.connections("followers", "FansList"),
                "Following": self.connections("following", "Following"),
                "Off TikTok Activity": off_tiktok,
                "Profile Info": self.profile(),
                "ProfileViews": self.empty("profile_views", {"ProfileViewList": None}),
                "Settings": self.settings(),
            },
            "TikTok Live": self.live(),
            "TikTok Shop": self._shop(("Order History", "Product Browsing History", "Shopping Cart List")),
            "Your Activity": {
                "Activity Summary": self.activity_summary(),
                "Ad Interests": self.empty("ad_interests", {"AdInterestCategories": ""}),
                "Ads Visit History": self.empty("ads_visit_history", {"AdsVisitHistoryList": None}),
                "Donation": self.empty("donations", {"DonationList": None}),
                "Hashtag": self.hashtags_used(),
                "Instant Form Ads Responses": self.empty("ad_form_responses", {"ResponsesList": None}),
                "Login History": self.logins(),
                "Mini Drama Watch History": self.empty("mini_drama_history", {}),
                "Most Recent Location Data": self.recent_location(),
                "Off TikTok Activity": {k: (list(v) if isinstance(v, list) else v) for k, v in off_tiktok.items()},
                "Purchases": self.no_purchases(),
                "Reposts": self.empty("reposts", {"RepostList": None}),
                "Searches": self.searches(),
                "Share History": self.shares(),
                "Status": self.device_status(),
                "Stickers": self.empty("stickers", {"StickerList": None}),
                "Watch History": self.watch_history(),
            },
        }


def _flatten_settings(settings: dict[str, Any]) -> list[dict[str, Any]]:
    """One record per setting; a non-empty nested object becomes ``Group / Key`` records."""
    rows: list[dict[str, Any]] = []

    def walk(node: dict[str, Any], prefix: str) -> None:
        for key, value in node.items():
            if isinstance(value, dict) and value:
                walk(value, f"{prefix}{key} / ")
            else:
                rows.append({"scope": "app", "name": f"{prefix}{key}", "value": value})

    walk(settings, "")
    return rows


# -- TXT ----------------------------------------------------------------------------------------

_Block = list[tuple[str, str]]


class _TxtWriter:
    """Renders the world in one TXT generation and language."""

    def __init__(self, world: _World, generation: str, language: str) -> None:
        self.w = world
        self.g = generation
        self.lang = language
        self.nl = language == "nl"
        self.out = _Expect()
        self.members: dict[str, bytes] = {}
        self.utc_all = generation == "txt-2025"
        self.trailer = "\n\n" if generation == "txt-2020" else "\n\n\n"

    # file writing

    def stamp(self, when: datetime | None, utc: bool = False) -> str:
        return _stamp(when, utc or self.utc_all)

    def write_blocks(self, path: str, blocks: list[list[str]], separator: str = "\n\n") -> None:
        text = separator.join("\n".join(lines) for lines in blocks)
        # 2020 login files put two blank lines after every record, the last one included.
        trailer = max(self.trailer, separator, key=len)
        self.members[path] = (text + trailer).encode("utf-8")

    def write_records(self, path: str, section: str, rows: list[tuple[_Block, dict[str, Any]]],
                      separator: str = "\n\n") -> None:
        """Write ``Key: value`` blocks; each row is (key/value pairs, extra raw fields + continuation lines)."""
        if not rows:
            self.empty_sentence(path, section)
            return
        blocks, raws = [], []
        for pairs, extra in rows:
            lines = []
            for key, value in pairs:
                lines.append(f"{key}: {value}")
                lines.extend(extra.get("_after", {}).get(key, []))
            blocks.append(lines)
            raw: dict[str, Any] = dict(pairs)
            raw.update({k: v for k, v in extra.items() if k != "_after"})
            raws.append(raw)
        self.write_blocks(path, blocks, separator)
        self.out.add(section, raws)

    def empty_sentence(self, path: str, section: str) -> None:
        self.members[path] = (_EMPTY_SENTENCE[self.lang] + "\n").encode("utf-8")
        self.out.touch(section)

    def zero_bytes(self, path: str, section: str) -> None:
        self.members[path] = b""
        self.out.touch(section)

    # sections

    def dated_links(self, path: str, section: str, link_key: str) -> None:
        date_key = "Datum" if self.nl else "Date"
        rows = [([(date_key, self.stamp(r["when"])), (link_key, r["url"])], {}) for r in self.w.get(section)]
        self.write_records(path, section, rows)

    def searches(self, path: str) -> None:
        d, t = ("Datum", "Zoekterm") if self.nl else ("Date", "Search Term")
        rows = [([(d, self.stamp(r["when"])), (t, r["term"])], {}) for r in self.w.get("searches")]
        self.write_records(path, "searches", rows)

    def shares(self, path: str) -> None:
        d, c, m = ("Datum", "Gedeelde inhoud", "Methode") if self.nl else ("Date", "Shared Content", "Method")
        rows = [([(d, self.stamp(r["when"])), (c, r["content"]), ("Link", r["url"]), (m, r["method"])], {})
                for r in self.w.get("shares")]
        self.write_records(path, "shares", rows)

    def logins(self, path: str) -> None:
        rows = [([("Date", self.stamp(r["when"], utc=self.g != "txt-2020")), ("IP", r["ip"]),
                  ("Device Model", r["model"]), ("Device System", r["system"]), ("Network Type", r["network"]),
                  ("Carrier", r["carrier"])], {}) for r in self.w.get("logins")]
        # 2020 puts two blank lines after every login record.
        self.write_records(path, "logins", rows, separator="\n\n\n" if self.g == "txt-2020" else "\n\n")

    def connections(self, path: str, section: str) -> None:
        d, u = ("Datum", "Gebruikersnaam") if self.nl else ("Date", "Username")
        rows = [([(d, self.stamp(r["when"])), (u, r["user"])], {}) for r in self.w.get(section)]
        self.write_records(path, section, rows)

    def comments(self, path: str) -> None:
        d, c = ("Datum", "Reactie") if self.nl else ("Date", "Comment")
        rows = [([(d, self.stamp(r["when"])), (c, r["text"])], {}) for r in self.w.get("comments")]
        self.write_records(path, "comments", rows)

    def off_tiktok(self, path: str) -> None:
        d, s, e = ("Datum", "Bron", "Evenement") if self.nl else ("Date", "Source", "Event")
        rows = [([(d, self.stamp(r["when"])), (s, r["source"]), (e, r["event"])], {})
                for r in self.w.get("off_tiktok_activity")]
        self.write_records(path, "off_tiktok_activity", rows)

    def hashtags_used(self, path: str) -> None:
        rows = [([("Hashtag Name", r["name"]), ("Hashtag Link", r["url"])], {}) for r in self.w.get("hashtags_used")]
        self.write_records(path, "hashtags_used", rows)

    def device_status(self, path: str) -> None:
        none = "None" if self.g == "txt-2020" else ""
        rows = []
        for r in self.w.get("device_status"):
            pairs = [("Screen Resolution", r["resolution"]),
                     ("App Version", f"TikTok {r['version']}" if self.g == "txt-2020" else r["version"]),
                     ("IDFA", r["idfa"]), ("GAID", none), ("Android ID", none), ("IDFV", r["idfv"])]
            if self.g != "txt-2020":
                pairs.append(("Web ID", ""))
            rows.append((pairs, {}))
        self.write_records(path, "device_status", rows)

    def location_reviews(self, path: str) -> None:
        rows = [([("Place Name", r["place"]), ("Date", self.stamp(r["when"])), ("Rating", r["rating"]),
                  ("Status", "All visible"), ("Likes", r["likes"]), ("Review Text", r["text"])], {})
                for r in self.w.get("location_reviews")]
        self.write_records(path, "location_reviews", rows)

    def posts(self, path: str) -> None:
        rows: list[tuple[_Block, dict[str, Any]]] = []
        for r in self.w.get("posts"):
            if self.g == "txt-2020":
                rows.append(([("Date", self.stamp(r["when"])), ("Link", r["url"]), ("Like(s)", r["likes"])], {}))
                continue
            photo = r["photo"]
            pairs = [("Date", self.stamp(r["when"])), ("Link", r["images"][0] if photo else r["url"]),
                     ("Like(s)", r["likes"]), ("Who can view", r["who"]), ("Allow comments", "Yes"),
                     ("Allow stitches", "No"), ("Allow duets", "No"), ("Allow stickers", "Yes"),
                     ("Allow sharing to story", "Yes"), ("Sound", r["sound"])]
            if r["location"]:
                pairs.append(("Location", r["location"]))
            pairs.append(("Adds yours text", "N/A"))
            extra: dict[str, Any] = {}
            if photo:
                extra = {"image_urls": r["images"][1:], "_after": {"Link": r["images"][1:]}}
            rows.append((pairs, extra))
        self.write_records(path, "posts", rows)

    def activity_summary(self, path: str) -> None:
        pairs = [("Videos watched to the end since account registration", str(len(self.w.get("watch_history")) // 2)),
                 ("Videos commented on since account registration", str(len(self.w.get("comments")))),
                 ("Videos shared since account registration", str(len(self.w.get("shares"))))]
        self.write_records(path, "activity_summary", [(pairs, {})])

    def profile(self, path: str) -> None:
        child, p = self.w.child, self.w.get("profile")
        if self.g == "txt-2020":
            pairs = [("Profile Photo", ""), ("Profile Video", "None"), ("Username", child.username),
                     ("Telephone Number", p["phone"]), ("Email Address", p["email"]), ("Bio Description", "None"),
                     ("Birthdate", child.birth_date.strftime("%d/%m/%Y")), ("Like(s) Received", p["likes"])]
        else:
            pairs = [("Username", child.username), ("Display Name", child.display_name),
                     ("Email Address", p["email"]), ("Telephone Number", p["phone"]),
                     ("Birth Date", _birth_mon(child.birth_date)), ("Bio Description", ""),
                     ("Like(s) Received", p["likes"]), ("Profile Photo", p["photo"])]
        self.write_records(path, "profile", [(pairs, {})])

    def settings(self, path: str) -> None:
        plain = [("Allow Others to Find Me", "Disabled"), ("Private Account", "Enabled"),
                 ("Personalized Ads", "Disabled"), ("Who Can Post Comments", "Friends"),
                 ("Who Can Duet With Me", "Friends"), ("Who Can Send Me Message", "No one"),
                 ("Who Can View Videos I Liked", "Myself"), ("Allow DownLoad", "Disabled"),
                 ("Filter Comments", "Enabled")]
        group = "Push Notifications"
        grouped = [("New Fans", "On"), ("New Likes on My Video", "On"), ("New Comments on My Video", "On")]
        blocks = [[f"{k}: {v}" for k, v in plain], [group, *(f"{k}: {v}" for k, v in grouped)]]
        self.write_blocks(path, blocks)
        self.out.add("settings", [{"scope": "app", "name": k, "value": v} for k, v in plain]
                     + [{"scope": "app", "name": f"{group} / {k}", "value": v} for k, v in grouped])

    def direct_messages(self, path: str) -> None:
        lines: list[str] = []
        raws: list[dict[str, Any]] = []
        for chat in self.w.get("direct_messages"):
            if lines:
                lines.append("")
            lines += [f">>> Chat History with {chat['partner']}::", ""]
            for m in chat["messages"]:
                first, *rest = m["text"].split("\n")
                lines.append(f"{self.stamp(m['when'])} {m['sender']}: {first}")
                lines.extend(rest)
                raws.append({"conversation": chat["partner"], "sent_at": self.stamp(m["when"]),
                             "sender": m["sender"], "content": m["text"]})
        if not raws:
            self.empty_sentence(path, "direct_messages")
            return
        self.members[path] = ("\n".join(lines) + self.trailer).encode("utf-8")
        self.out.add("direct_messages", raws)

    # trees

    def build(self) -> None:
        getattr(self, "_tree_" + self.g.replace("-", "_") + ("_nl" if self.nl else ""))()

    def _tree_txt_2020(self) -> None:
        a = "Activity/"
        self.dated_links(a + "Favorite HashTags.txt", "favorite_hashtags", "HashTag Link")
        self.dated_links(a + "Favorite Sounds.txt", "favorite_sounds", "Sound Link")
        self.dated_links(a + "Favorite Videos.txt", "favorite_videos", "Video Link")
        self.connections(a + "Follower List.txt", "followers")
        self.connections(a + "Following List.txt", "following")
        self.zero_bytes(a + "Gifts.txt", "purchases")
        self.hashtags_used(a + "Hashtag.txt")
        self.dated_links(a + "Like List.txt", "likes", "Video Link")
        self.logins(a + "Login History.txt")
        self.empty_sentence(a + "Purchase History.txt", "purchases")
        self.device_status(a + "Status.txt")
        self.dated_links(a + "Video Browsing History.txt", "watch_history", "Video Link")
        self.connections("App Settings/Block List.txt", "blocked")
        self.settings("App Settings/Settings.txt")
        self.comments("Comments/Comments.txt")
        self.direct_messages("Direct Messages/Chat History.txt")
        self.profile("Profile/Profile Information.txt")
        self.posts("Videos/Videos.txt")

    def _tree_txt_2023(self) -> None:
        root = f"{WRAPPER}/Tiktok/"
        a = root + "Activity/"
        self.dated_links(a + "Browsing History.txt", "watch_history", "Link")
        self.comments(a + "Comments.txt")
        self.dated_links(a + "Favorite HashTags.txt", "favorite_hashtags", "HashTag Link")
        self.dated_links(a + "Favorite Sounds.txt", "favorite_sounds", "Sound Link")
        self.dated_links(a + "Favorite Videos.txt", "favorite_videos", "Link")
        self.connections(a + "Follower.txt", "followers")
        self.connections(a + "Following.txt", "following")
        self.hashtags_used(a + "Hashtag.txt")
        self.dated_links(a + "Like List.txt", "likes", "Link")
        self.location_reviews(a + "Location Reviews.txt")
        self.logins(a + "Login History.txt")
        self.searches(a + "Searches.txt")
        self.shares(a + "Share History.txt")
        self.device_status(a + "Status.txt")
        self.empty_sentence(root + "Ads and data/Ad Interests.txt", "ad_interests")
        self.off_tiktok(root + "Ads and data/Off TikTok Activity.txt")
        self.connections(root + "App Settings/Block List.txt", "blocked")
        self.settings(root + "App Settings/Settings.txt")
        self.direct_messages(root + "Direct Messages/Direct Messages.txt")
        self.posts(root + "Posts/Post.txt")
        self.zero_bytes(root + "Posts/Recently Deleted Posts.txt", "deleted_posts")
        self.profile(root + "Profile/Profile Info.txt")

    def _tree_txt_2025(self) -> None:
        ya, lf, ps = "TikTok/Your Activity/", "TikTok/Likes and Favorites/", "TikTok/Profile and Settings/"
        self.activity_summary(ya + "Activity Summary.txt")
        self.hashtags_used(ya + "Hashtag.txt")
        self.logins(ya + "Login History.txt")
        self.off_tiktok(ya + "Off TikTok Activity.txt")
        self.empty_sentence(ya + "Purchases.txt", "purchases")
        self.searches(ya + "Searches.txt")
        self.shares(ya + "Share History.txt")
        self.device_status(ya + "Status.txt")
        self.dated_links(ya + "Watch History.txt", "watch_history", "Link")
        self.zero_bytes(lf + "Favorite Effects.txt", "favorite_effects")
        self.dated_links(lf + "Favorite HashTags.txt", "favorite_hashtags", "HashTag Link")
        self.dated_links(lf + "Favorite Sounds.txt", "favorite_sounds", "Sound Link")
        self.dated_links(lf + "Favorite Videos.txt", "favorite_videos", "Link")
        self.dated_links(lf + "Like List.txt", "likes", "Link")
        self.connections(ps + "Block List.txt", "blocked")
        self.connections(ps + "Follower.txt", "followers")
        self.connections(ps + "Following.txt", "following")
        self.profile(ps + "Profile Info.txt")
        self.settings(ps + "Settings.txt")
        self.comments("TikTok/Comments/Comments.txt")
        self.direct_messages("TikTok/Direct Messages/Direct Messages.txt")
        self.location_reviews("TikTok/Location Review/Location Reviews.txt")
        self.posts("TikTok/Posts/Posts.txt")

    def _tree_txt_2025_nl(self) -> None:
        ya, lf, ps = "TikTok/Jouw activiteit/", "TikTok/Likes en favorieten/", "TikTok/Profiel en instellingen/"
        self.off_tiktok(ya + "Activiteit buiten TikTok.txt")
        self.shares(ya + "Geschiedenis delen.txt")
        self.dated_links(ya + "Kijkgeschiedenis.txt", "watch_history", "Link")
        self.searches(ya + "Zoekopdrachten.txt")
        self.zero_bytes(lf + "Favoriete video's.txt", "favorite_videos")
        self.dated_links(lf + "Likelijst.txt", "likes", "Link")
        self.empty_sentence(ps + "Blokkeringslijst.txt", "blocked")
        self.connections(ps + "Volger.txt", "followers")
        self.connections(ps + "Volgend.txt", "following")
        self.comments("TikTok/Reacties/Reacties.txt")
        self.direct_messages("TikTok/Directe berichten/Directe berichten.txt")


# -- public API ---------------------------------------------------------------------------------

def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def generate(
    generation: str,
    *,
    language: str = "en",
    child: Child | None = None,
    seed: int = 0,
    start: datetime = datetime(2019, 6, 1, tzinfo=UTC),
    end: datetime = datetime(2021, 6, 30, tzinfo=UTC),
    counts: Mapping[str, int] | None = None,
) -> SampleExport:
    """Build one synthetic export of ``generation`` for ``child`` (default: child A of ``family()``).

    ``counts`` overrides entries of ``DEFAULT_COUNTS``; a count of 0 writes the section empty the way
    the generation does and leaves it out of ``expected``. Timestamps fall between ``start`` and
    ``end`` (naive datetimes are taken as UTC). Dutch is only available for ``txt-2025``.
    """
    if generation not in GENERATIONS_JSON + GENERATIONS_TXT:
        raise ValueError(f"unknown generation {generation!r}; choose from {GENERATIONS_JSON + GENERATIONS_TXT}")
    if language not in ("en", "nl"):
        raise ValueError(f"unknown language {language!r}; choose 'en' or 'nl'")
    if language == "nl" and generation != "txt-2025":
        raise ValueError("Dutch samples exist only for generation 'txt-2025'")
    merged = dict(DEFAULT_COUNTS)
    for section, n in (counts or {}).items():
        if section not in DEFAULT_COUNTS:
            raise ValueError(f"no count can be set for {section!r}; countable: {sorted(DEFAULT_COUNTS)}")
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise ValueError(f"count for {section!r} must be a non-negative int, got {n!r}")
        merged[section] = n
    start, end = _utc(start), _utc(end)
    if not start < end:
        raise ValueError("start must be before end")
    child = child or family()[0]
    world = _World(child, seed, start, end, merged)
    name = f"{generation.lower()}-{language}-{child.username}"

    if generation in GENERATIONS_JSON:
        writer = _JsonWriter(world, generation)
        document = writer.document()
        member = "user_data.json" if generation == "G2" else "user_data_tiktok.json"
        if generation == "G4":
            member = f"{WRAPPER}/{member}"
        members = {member: orjson.dumps(document, option=orjson.OPT_INDENT_2)}
        return SampleExport(name, "json", generation, language, members, writer.out.expected,
                            writer.out.empty_sections())

    txt = _TxtWriter(world, generation, language)
    txt.build()
    return SampleExport(name, "txt", generation, language, txt.members, txt.out.expected, txt.out.empty_sections())


def bundled_samples() -> list[SampleExport]:
    """The set ``write_samples`` writes, in order (the family on G4/G3, then one per other generation)."""
    child_a, child_b = family()
    samples = [generate("G4", child=child_a, seed=1), generate("G3", child=child_b, seed=2)]
    others: list[tuple[str, str]] = [("G2", "en"), ("G3-us", "en"), ("G3-activity-only", "en"), ("G5", "en"),
                                     ("txt-2020", "en"), ("txt-2023", "en"), ("txt-2025", "en"), ("txt-2025", "nl")]
    for offset, (generation, language) in enumerate(others, start=3):
        samples.append(generate(generation, language=language, child=child_a, seed=offset))
    return samples


def write_samples(folder: Path) -> list[Path]:
    """Write the bundled samples as ``<name>.zip`` files plus ``g5-en-unzipped/``; return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    g5: SampleExport | None = None
    for sample in bundled_samples():
        target = folder / f"{sample.name}.zip"
        target.write_bytes(sample.zip_bytes())
        paths.append(target)
        if sample.generation == "G5":
            g5 = sample
    assert g5 is not None
    unzipped = folder / "g5-en-unzipped"
    for member, data in g5.members.items():
        target = unzipped.joinpath(*member.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    paths.append(unzipped)
    return paths

