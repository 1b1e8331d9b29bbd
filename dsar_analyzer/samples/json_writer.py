"""Write a sample's records as one JSON generation's document (container paths, key spellings, empty forms)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from dsar_analyzer.samples.world import Expect, World, birth_month, stamp

_T = TypeVar("_T")

# -- JSON ---------------------------------------------------------------------------------------

def _box(list_key: str, items: list[Any] | None, *, app: bool = False, fast_lane: bool | None = None) -> dict[str, Any]:
    """A container: the list (``null`` when empty) plus TikTok's wrapper flags."""
    box: dict[str, Any] = {list_key: items or None}
    if app:
        box["App"] = 1
    if fast_lane is not None:
        box["IsFastLane"] = fast_lane
    return box


class JsonWriter:
    """Renders the world in one JSON generation; records expected items in document order."""

    def __init__(self, world: World, generation: str) -> None:
        self.w = world
        self.g = generation
        self.out = Expect()
        self.late = generation in ("G4", "G5")  # the richer late-2025 field sets

    def listed(self, section: str, list_key: str, items: list[dict[str, Any]], **flags: Any) -> dict[str, Any]:
        if items:
            self.out.add(section, items)
        else:
            self.out.touch(section)
        return _box(list_key, items, **flags)

    def empty(self, section: str, value: _T) -> _T:
        self.out.touch(section)
        return value

    def no_purchases(self) -> dict[str, Any]:
        return self.empty("purchases", {"SendGifts": {"SendGifts": None}, "BuyGifts": {"BuyGifts": None}})

    # sections

    def watch_history(self) -> dict[str, Any]:
        link = "VideoLink" if self.g == "G2" else "Link"
        items = []
        for r in self.w.get("watch_history"):
            item = {"Date": stamp(r["when"]), link: r["url"]}
            if self.g == "G5":
                item["Title"] = ""
            items.append(item)
        return self.listed("watch_history", "VideoList", items)

    def likes(self) -> dict[str, Any]:
        date_key, link_key = {"G2": ("Date", "VideoLink"), "G3-activity-only": ("Date", "Link")}.get(
            self.g, ("date", "link"))
        items = [{date_key: stamp(r["when"]), link_key: r["url"]} for r in self.w.get("likes")]
        return self.listed("likes", "ItemFavoriteList", items, app=self.g != "G2")

    def favorites(self, section: str, list_key: str, app: bool = False) -> dict[str, Any]:
        items = [{"Date": stamp(r["when"]), "Link": r["url"]} for r in self.w.get(section)]
        return self.listed(section, list_key, items, app=app)

    def favorite_effects(self) -> dict[str, Any]:
        return self.listed("favorite_effects", "FavoriteEffectsList", [])

    def searches(self) -> dict[str, Any]:
        items = [{"Date": stamp(r["when"]), "SearchTerm": r["term"]} for r in self.w.get("searches")]
        return self.listed("searches", "SearchList", items)

    def shares(self) -> dict[str, Any]:
        items = [{"Date": stamp(r["when"]), "SharedContent": r["content"], "Link": r["url"], "Method": r["method"]}
                 for r in self.w.get("shares")]
        return self.listed("shares", "ShareHistoryList", items)

    def logins(self) -> dict[str, Any]:
        rows = self.w.get("logins")
        if self.late:  # oldest first in the late exports
            rows = list(reversed(rows))
        items = [{"Date": stamp(r["when"], utc=self.g == "G2"), "IP": r["ip"], "DeviceModel": r["model"],
                  "DeviceSystem": r["system"], "NetworkType": r["network"], "Carrier": r["carrier"]} for r in rows]
        return self.listed("logins", "LoginHistoryList", items)

    def connections(self, section: str, list_key: str) -> dict[str, Any]:
        items = [{"Date": stamp(r["when"]), "UserName": r["user"]} for r in self.w.get(section)]
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
                items.append({"Date": stamp(r["when"]), "Comment": r["text"]})
            elif self.g == "G3-activity-only":
                items.append({"Date": stamp(r["when"]), "Comment": r["text"], "Photo": "N/A", "Url": ""})
            elif self.g == "G5":
                items.append({"date": stamp(r["when"], utc=True), "comment": r["text"], "photo": "N/A",
                              "video": "", "sticker": "N/A", "originalPostUrl": r["url"],
                              "original post link": r["url"]})
            else:
                items.append({"date": stamp(r["when"]), "comment": r["text"], "photo": "N/A", "url": ""})
        return self.listed("comments", "CommentsList", items, app=self.g != "G2")

    def direct_messages(self) -> dict[str, Any]:
        chats: dict[str, list[dict[str, Any]]] = {}
        for chat in self.w.get("direct_messages"):
            items = [{"Date": stamp(m["when"]), "From": m["sender"], "Content": m["text"]} for m in chat["messages"]]
            chats[f"Chat History with {chat['partner']}:"] = items
            self.out.add("direct_messages", [{**i, "conversation": chat["partner"]} for i in items])
        self.out.touch("direct_messages")
        return {"ChatHistory": chats}

    def posts(self) -> dict[str, Any]:
        items = []
        for r in self.w.get("posts"):
            item: dict[str, Any] = {"Date": stamp(r["when"]), "Link": r["url"], "Likes": r["likes"]}
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
        items = [{"TimeStamp": stamp(r["when"]), "Source": r["source"], "Event": r["event"]}
                 for r in self.w.get("off_tiktok_activity")]
        return self.listed("off_tiktok_activity", "OffTikTokActivityDataList", items)

    def location_reviews(self) -> dict[str, Any]:
        items = [{"PlaceName": r["place"], "Date": stamp(r["when"]), "Rating": r["rating"], "Status": "All visible",
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
            room: dict[str, Any] = {"Comments": [{"CommentTime": stamp(r["comment_at"]), "CommentContent": "",
                                                  "RawTime": int(r["comment_at"].timestamp())}]}
            if self.late:
                room["Questions"] = None
            room["WatchTime"] = stamp(r["when"])
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
            "birthDate": birth_month(child.birth_date),
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
        build: Callable[[], dict[str, Any]] = getattr(self, "_doc_" + self.g.replace("-", "_"))
        return build()

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
