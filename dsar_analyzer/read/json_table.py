"""The JSON section table: where each section has lived in ``user_data(_tiktok).json``, newest first.

Generations (detected in ``formats``, never needed here): G2 2021-23 ``Activity`` root, G3 2024 with
11 top-level keys, G4 (seen from December 2024 to late 2025) ``Your Activity`` root, G5 (reported from
May 2025, common in 2026) ten categories. Every path of every generation is listed, so a file that
mixes generations still parses. Evidence for each path is in docs/formats.md (real exports from
mid-2024 to April 2026, third-party parser histories for 2021-23).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Mapping


class Shape(Enum):
    LIST = "list"                  # the items are a list
    SINGLE = "single"              # one object is one record (ProfileMap, Autofill)
    KEYED = "keyed"                # object of id -> item; the id goes into ``key_field``
    KEYED_LISTS = "keyed_lists"    # object of name -> list of items; the name goes into ``key_field``
    TITLED_CHATS = "titled_chats"  # list of {"Chat Title", "Messages": [...]}
    SETTINGS = "settings"          # object of settings, flattened to one record per setting
    OPAQUE = "opaque"              # never seen filled: empty is empty, anything inside is unrecognised


@dataclass(frozen=True, slots=True)
class JsonPlace:
    section_id: str
    container: tuple[str, str]
    items_at: tuple[str, ...] = ()
    shape: Shape = Shape.LIST
    key_field: str | None = None
    constants: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


#: Keys that sit next to a list as flags, not records (``App: 1``, ``IsFastLane: false``).
WRAPPER_KEYS = MappingProxyType({
    "App": "a flag TikTok writes next to the list (always 1), not a record",
    "IsFastLane": "a flag TikTok writes next to follower lists (true/false), not a record",
})

YA, A, LF, PS = "Your Activity", "Activity", "Likes and Favorites", "Profile And Settings"
LIVE = ("TikTok Live", "Tiktok Live")        # G5 / G2-G4
SHOP = ("TikTok Shop", "Tiktok Shopping")    # G4-G5 / G2-G3


def _each(section_id: str, containers: list[tuple[str, str]], *items_at: str, shape: Shape = Shape.LIST,
          key_field: str | None = None, **constants: str) -> list[JsonPlace]:
    return [JsonPlace(section_id, c, tuple(items_at), shape, key_field, MappingProxyType(constants))
            for c in containers]


def _in(parents: tuple[str, ...] | list[str], child: str) -> list[tuple[str, str]]:
    return [(p, child) for p in parents]


PLACES: list[JsonPlace] = [
    # Likes and favourites moved to "Likes and Favorites" in G5 (first reported 2025-05; common by 2026-01).
    *_each("watch_history", [(YA, "Watch History"), (A, "Video Browsing History")], "VideoList"),
    *_each("likes", _in((LF, YA, A), "Like List"), "ItemFavoriteList"),
    *_each("favorite_videos", _in((LF, YA, A), "Favorite Videos"), "FavoriteVideoList"),
    *_each("favorite_sounds", _in((LF, YA, A), "Favorite Sounds"), "FavoriteSoundList"),
    *_each("favorite_effects", _in((LF, YA, A), "Favorite Effects"), "FavoriteEffectsList"),
    *_each("favorite_hashtags", _in((LF, YA, A), "Favorite Hashtags"), "FavoriteHashtagList"),
    *_each("favorite_collections", _in((LF, YA), "Favorite Collection"), "FavoriteCollectionList"),
    *_each("favorite_comments", _in((LF, YA), "Favorite Comment"), "FavoriteCommentList"),
    *_each("favorite_places", _in((LF, YA), "Favorite Location"), "FavoriteLocationList"),
    *_each("favorite_movies_and_tv", _in((LF,), "Favorite Movies and TV"), "FavoriteMoviesAndTVList"),
    *_each("favorite_playlists", _in((LF,), "Favorite Playlists"), "FavoritePlaylistList"),
    *_each("favorite_dramas", _in((LF,), "Favorite Drama"), shape=Shape.OPAQUE),
    *_each("collections", _in((LF, YA), "Collection"), shape=Shape.OPAQUE),
    *_each("searches", [(YA, "Searches"), (A, "Search History")], "SearchList"),
    *_each("shares", _in((YA, A), "Share History"), "ShareHistoryList"),
    *_each("reposts", _in((YA,), "Reposts"), "RepostList"),
    *_each("logins", _in((YA, A), "Login History"), "LoginHistoryList"),
    # The 2024 US variant keeps follower lists under Profile.
    *_each("followers", [(PS, "Follower"), (YA, "Follower"), (A, "Follower List"), ("Profile", "Follower List")],
           "FansList"),
    *_each("following", [(PS, "Following"), (YA, "Following"), (A, "Following List"),
                         ("Profile", "Following List")], "Following"),
    *_each("blocked", [(PS, "Block List"), ("App Settings", "Block List"), ("App Settings", "Block")], "BlockList"),
    *_each("profile_views", _in((PS,), "ProfileViews"), "ProfileViewList"),
    # "Activity/Comments" is the mid/late-2024 "Activity-only" partial file.
    *_each("comments", [("Comment", "Comments"), (A, "Comments")], "CommentsList"),
    *_each("direct_messages", [("Direct Message", "Direct Messages"), ("Direct Messages", "Chat History")],
           "ChatHistory", shape=Shape.KEYED_LISTS, key_field="conversation"),
    *_each("direct_messages", [("Direct Message", "Group Chat")], "GroupChat", shape=Shape.KEYED_LISTS,
           key_field="conversation"),
    *_each("assistant_chats", [("Direct Message", "Tako Chat History")], "TakoChatHistoryList",
           shape=Shape.TITLED_CHATS),
    *_each("posts", [("Post", "Posts"), ("Video", "Videos")], "VideoList"),
    *_each("deleted_posts", [("Post", "Recently Deleted Posts"), ("Video", "RecentlyDeletedPosts")], "PostList"),
    *_each("stories", [("Post", "Story")], shape=Shape.OPAQUE),
    *_each("hashtags_used", _in((YA, A), "Hashtag"), "HashtagList"),
    *_each("device_status", _in((YA, A), "Status"), "Status List"),
    *_each("activity_summary", _in((YA, A), "Activity Summary"), "ActivitySummaryMap", shape=Shape.SINGLE),
    *_each("recent_location", _in((YA, A), "Most Recent Location Data"), "LocationData", shape=Shape.SINGLE),
    *_each("location_reviews", [("Location Review", "Location Reviews"), ("Poi Review", "POI Review"),
                                (A, "POI Review")], "ReviewsList"),
    # Ads moved from "Ads and data" into "Your Activity" in G5.
    *_each("ad_interests", _in((YA, "Ads and data"), "Ad Interests"), shape=Shape.SINGLE),
    # G5 lists Off TikTok Activity twice (Your Activity and Profile And Settings); see parse_json.
    *_each("off_tiktok_activity", _in((YA, PS, "Ads and data"), "Off TikTok Activity"),
           "OffTikTokActivityDataList"),
    *_each("off_tiktok_activity", [("Ads and data", "Usage Data From Third-Party Apps And Websites")],
           "UsageDataList"),
    *_each("ad_form_responses", _in((YA, "Ads and data"), "Instant Form Ads Responses"), "ResponsesList"),
    *_each("ads_visit_history", _in((YA,), "Ads Visit History"), "AdsVisitHistoryList"),
    *_each("purchases", [(YA, "Purchases"), (A, "Purchase History")], "SendGifts", "SendGifts",
           kind="gift_sent"),
    *_each("purchases", [(YA, "Purchases"), (A, "Purchase History")], "BuyGifts", "BuyGifts",
           kind="gift_bought"),
    *_each("coin_purchases", [("Income+ Wallet", "Coin Purchase History")], "CoinPurchaseHistoryList"),
    *_each("wallet_transactions", [("Income+ Wallet", "Transaction History"),
                                   ("Income Plus Wallet Transactions", "Transaction History"),
                                   ("Income Plus Wallet Transactions", "Income Plus Wallet Transaction")],
           "TransactionsList"),
    *_each("donations", _in((YA,), "Donation"), "DonationList"),
    *_each("fundraisers", _in((YA,), "Fundraiser"), "FundraiserList"),
    *_each("stickers", _in((YA,), "Stickers"), "StickerList"),
    *_each("mini_drama_history", _in((YA,), "Mini Drama Watch History"), shape=Shape.OPAQUE),
    *_each("live_watch", _in(LIVE, "Watch Live History"), "WatchLiveMap", shape=Shape.KEYED, key_field="room_id"),
    *_each("live_comments", _in(LIVE, "Watch Live Comment"), shape=Shape.OPAQUE),
    *_each("live_go", _in(LIVE, "Go Live History"), "GoLiveList"),
    *_each("settings", [(PS, "Settings"), ("App Settings", "Settings")], "SettingsMap", shape=Shape.SETTINGS,
           scope="app"),
    *_each("settings", _in(LIVE, "Go Live Settings"), "SettingsMap", shape=Shape.SETTINGS, scope="go_live"),
    *_each("settings", _in(LIVE, "Watch Live Settings"), "WatchLiveSettingsMap", shape=Shape.SETTINGS,
           scope="watch_live"),
    *_each("shop_orders", _in(SHOP, "Order History"), "OrderHistories", shape=Shape.KEYED, key_field="order_id"),
    *_each("shop_browsing", _in(SHOP, "Product Browsing History"), "ProductBrowsingHistories"),
    *_each("shop_addresses", _in(SHOP, "Saved Address Information"), "SavedAddress"),
    *_each("shop_cart", _in(SHOP, "Shopping Cart List"), "ShoppingCart"),
    *_each("shop_vouchers", _in(SHOP, "Vouchers"), "Vouchers"),
    *_each("shop_communications", [*_in(SHOP, "Communication With Shops"), *_in(SHOP, "Communication History")],
           "CommunicationHistories", shape=Shape.KEYED_LISTS, key_field="shop"),
    *_each("shop_payment_cards", _in(SHOP, "Current Payment Information"), "PayCard"),
    *_each("shop_customer_support", _in(SHOP, "Customer Support History"), "CustomerSupportHistories"),
    *_each("shop_order_disputes", _in(SHOP, "Order Dispute History"), "OrderDisputeHistories"),
    *_each("shop_product_reviews", [*_in(SHOP, "Product Reviews"), *_in(SHOP, "Product Review History")],
           "ProductReviewHistories"),
    *_each("shop_returns", [*_in(SHOP, "Returns and Refunds History"), *_in(SHOP, "Return and Refund History")],
           "ReturnAndRefundHistories"),
    *_each("shop_favorite_items", _in(SHOP, "TikTokFavoriteItem"), "TikTokFavoriteItemResult",
           "TikTokFavoriteItemList"),
    *_each("profile", [(PS, "Profile Info"), ("Profile", "Profile Info"), ("Profile", "Profile Information")],
           "ProfileMap", shape=Shape.SINGLE),
    *_each("autofill", [(PS, "Autofill"), ("Profile", "Autofill"), ("Profile", "Auto Fill")], shape=Shape.SINGLE),
    *_each("ai_moji", [(PS, "AI-Moji"), ("Profile", "AI-Moji"), ("Profile", "AIMoji")], shape=Shape.SINGLE),
    *_each("ai_self_image", _in((PS, "Profile"), "AISelfImage"), shape=Shape.OPAQUE),
    *_each("third_party_accounts", [("App Settings", "UserThirdPlatformInformation")], shape=Shape.OPAQUE),
]


def places_by_container() -> dict[tuple[str, str], list[JsonPlace]]:
    """Container path -> its places; one container never feeds two different sections."""
    table: dict[tuple[str, str], list[JsonPlace]] = {}
    for place in PLACES:
        table.setdefault(place.container, []).append(place)
    for container, places in table.items():
        ids = {p.section_id for p in places}
        if len(ids) != 1:
            raise ValueError(f"container {container} claimed by several sections: {sorted(ids)}")
    return table


CONTAINERS = places_by_container()
TOP_LEVEL_KEYS = frozenset(c[0] for c in CONTAINERS)
