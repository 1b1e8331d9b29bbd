"""The world a sample export is drawn from: one child's format-neutral records, seeded, never from the clock."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from types import MappingProxyType
from typing import Any

from dsar_analyzer.records.registry import SECTIONS

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
EMPTY_SENTENCE = {"en": "You have no data in this section", "nl": "Dit gedeelte bevat geen gegevens"}


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

    def __repr__(self) -> str:
        members = "member" if len(self.members) == 1 else "members"
        return (f"<SampleExport {self.name}: {self.generation} {self.format} {self.language}, {len(self.members)} "
                f"{members}, {sum(map(len, self.expected.values())):,} expected records>")

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


class World:
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
        chats: list[dict[str, Any]] = []
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

def stamp(when: datetime | None, utc: bool = False) -> str:
    text = _PLACEHOLDER_DATE if when is None else when.strftime("%Y-%m-%d %H:%M:%S")
    return f"{text} UTC" if utc else text


def birth_month(day: date) -> str:
    return day.strftime("%d-") + ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                                  "Dec")[day.month - 1] + day.strftime("-%Y")


class Expect:
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
