"""Write a sample's records as one TXT generation's files, in English or Dutch."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dsar_analyzer.samples.world import (
    EMPTY_SENTENCE,
    WRAPPER,
    Expect,
    World,
    birth_month,
    stamp,
)

# -- TXT ----------------------------------------------------------------------------------------

_Block = list[tuple[str, str]]
#: One record: its key/value lines, and extra raw fields plus continuation lines.
_Row = tuple[_Block, dict[str, Any]]


class TxtWriter:
    """Renders the world in one TXT generation and language."""

    def __init__(self, world: World, generation: str, language: str) -> None:
        self.w = world
        self.g = generation
        self.lang = language
        self.nl = language == "nl"
        self.out = Expect()
        self.members: dict[str, bytes] = {}
        self.utc_all = generation == "txt-2025"
        self.trailer = "\n\n" if generation == "txt-2020" else "\n\n\n"

    # file writing

    def stamp(self, when: datetime | None, utc: bool = False) -> str:
        return stamp(when, utc or self.utc_all)

    def write_blocks(self, path: str, blocks: list[list[str]], separator: str = "\n\n") -> None:
        text = separator.join("\n".join(lines) for lines in blocks)
        # 2020 login files put two blank lines after every record, the last one included.
        trailer = max(self.trailer, separator, key=len)
        self.members[path] = (text + trailer).encode("utf-8")

    def write_records(self, path: str, section: str, rows: list[_Row],
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
        self.members[path] = (EMPTY_SENTENCE[self.lang] + "\n").encode("utf-8")
        self.out.touch(section)

    def zero_bytes(self, path: str, section: str) -> None:
        self.members[path] = b""
        self.out.touch(section)

    # sections

    def dated_links(self, path: str, section: str, link_key: str) -> None:
        date_key = "Datum" if self.nl else "Date"
        rows: list[_Row] = [([(date_key, self.stamp(r["when"])), (link_key, r["url"])], {}) for r in self.w.get(section)]
        self.write_records(path, section, rows)

    def searches(self, path: str) -> None:
        d, t = ("Datum", "Zoekterm") if self.nl else ("Date", "Search Term")
        rows: list[_Row] = [([(d, self.stamp(r["when"])), (t, r["term"])], {}) for r in self.w.get("searches")]
        self.write_records(path, "searches", rows)

    def shares(self, path: str) -> None:
        d, c, m = ("Datum", "Gedeelde inhoud", "Methode") if self.nl else ("Date", "Shared Content", "Method")
        rows: list[_Row] = [([(d, self.stamp(r["when"])), (c, r["content"]), ("Link", r["url"]), (m, r["method"])], {})
                for r in self.w.get("shares")]
        self.write_records(path, "shares", rows)

    def logins(self, path: str) -> None:
        rows: list[_Row] = [([("Date", self.stamp(r["when"], utc=self.g != "txt-2020")), ("IP", r["ip"]),
                  ("Device Model", r["model"]), ("Device System", r["system"]), ("Network Type", r["network"]),
                  ("Carrier", r["carrier"])], {}) for r in self.w.get("logins")]
        # 2020 puts two blank lines after every login record.
        self.write_records(path, "logins", rows, separator="\n\n\n" if self.g == "txt-2020" else "\n\n")

    def connections(self, path: str, section: str) -> None:
        d, u = ("Datum", "Gebruikersnaam") if self.nl else ("Date", "Username")
        rows: list[_Row] = [([(d, self.stamp(r["when"])), (u, r["user"])], {}) for r in self.w.get(section)]
        self.write_records(path, section, rows)

    def comments(self, path: str) -> None:
        d, c = ("Datum", "Reactie") if self.nl else ("Date", "Comment")
        rows: list[_Row] = [([(d, self.stamp(r["when"])), (c, r["text"])], {}) for r in self.w.get("comments")]
        self.write_records(path, "comments", rows)

    def off_tiktok(self, path: str) -> None:
        d, s, e = ("Datum", "Bron", "Evenement") if self.nl else ("Date", "Source", "Event")
        rows: list[_Row] = [([(d, self.stamp(r["when"])), (s, r["source"]), (e, r["event"])], {})
                for r in self.w.get("off_tiktok_activity")]
        self.write_records(path, "off_tiktok_activity", rows)

    def hashtags_used(self, path: str) -> None:
        rows: list[_Row] = [([("Hashtag Name", r["name"]), ("Hashtag Link", r["url"])], {}) for r in self.w.get("hashtags_used")]
        self.write_records(path, "hashtags_used", rows)

    def device_status(self, path: str) -> None:
        none = "None" if self.g == "txt-2020" else ""
        rows: list[_Row] = []
        for r in self.w.get("device_status"):
            pairs = [("Screen Resolution", r["resolution"]),
                     ("App Version", f"TikTok {r['version']}" if self.g == "txt-2020" else r["version"]),
                     ("IDFA", r["idfa"]), ("GAID", none), ("Android ID", none), ("IDFV", r["idfv"])]
            if self.g != "txt-2020":
                pairs.append(("Web ID", ""))
            rows.append((pairs, {}))
        self.write_records(path, "device_status", rows)

    def location_reviews(self, path: str) -> None:
        rows: list[_Row] = [([("Place Name", r["place"]), ("Date", self.stamp(r["when"])), ("Rating", r["rating"]),
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
                     ("Birth Date", birth_month(child.birth_date)), ("Bio Description", ""),
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
