"""The section registry: every stable section id, its record model and a one-line description.

Section ids are shared by every JSON generation and both TXT languages; they are the join key for
the format tables, the ledger, docs/formats.md and everything downstream. Never rename one.
Registering an id twice fails at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dsar_analyzer.records import models as m


@dataclass(frozen=True, slots=True)
class SectionDef:
    section_id: str
    model: type[m.Record]
    description: str


#: Every section id, for type checkers: ``Export.records("watch_history")`` is then typed by its model.
#: Kept equal to ``SECTIONS`` by a test.
SectionId = Literal[
    "profile", "watch_history", "likes", "favorite_videos", "favorite_sounds", "favorite_effects",
    "favorite_hashtags", "favorite_collections", "favorite_comments", "favorite_places",
    "favorite_movies_and_tv", "favorite_playlists", "favorite_dramas", "collections", "searches", "shares",
    "reposts", "logins", "followers", "following", "blocked", "profile_views", "comments", "direct_messages",
    "assistant_chats", "posts", "deleted_posts", "stories", "hashtags_used", "device_status",
    "activity_summary", "recent_location", "location_reviews", "ad_interests", "off_tiktok_activity",
    "ad_form_responses", "ads_visit_history", "purchases", "coin_purchases", "wallet_transactions",
    "donations", "fundraisers", "stickers", "mini_drama_history", "live_watch", "live_comments", "live_go",
    "shop_orders", "shop_browsing", "shop_addresses", "shop_cart", "shop_vouchers", "shop_communications",
    "shop_payment_cards", "shop_customer_support", "shop_order_disputes", "shop_product_reviews",
    "shop_returns", "shop_favorite_items", "settings", "autofill", "ai_moji", "ai_self_image",
    "third_party_accounts"
]


SECTIONS: dict[str, SectionDef] = {}


def register(section_id: str, model: type[m.Record], description: str) -> None:
    if section_id in SECTIONS:
        raise ValueError(f"section id {section_id!r} registered twice")
    SECTIONS[section_id] = SectionDef(section_id, model, description)


_ROWS: list[tuple[str, type[m.Record], str]] = [
    ("profile", m.Profile, "The profile: username, contact details, self-declared birth date, bio."),
    ("watch_history", m.WatchEvent, "Videos watched, each with the second it started."),
    ("likes", m.Like, "Videos liked."),
    ("favorite_videos", m.FavoriteVideo, "Videos saved as favourites."),
    ("favorite_sounds", m.FavoriteSound, "Sounds saved as favourites."),
    ("favorite_effects", m.FavoriteEffect, "Effects saved as favourites."),
    ("favorite_hashtags", m.FavoriteHashtag, "Hashtags saved as favourites."),
    ("favorite_collections", m.FavoriteCollection, "Favourite collections created."),
    ("favorite_comments", m.UnmodelledItem, "Comments saved as favourites."),
    ("favorite_places", m.UnmodelledItem, "Places saved as favourites."),
    ("favorite_movies_and_tv", m.UnmodelledItem, "Films and TV programmes saved as favourites."),
    ("favorite_playlists", m.UnmodelledItem, "Playlists saved as favourites."),
    ("favorite_dramas", m.UnmodelledItem, "Mini dramas saved as favourites."),
    ("collections", m.UnmodelledItem, "Collections of saved videos."),
    ("searches", m.Search, "Search terms typed into TikTok."),
    ("shares", m.Share, "Videos shared, with the method (chat, WhatsApp, copy link...)."),
    ("reposts", m.Repost, "Videos reposted."),
    ("logins", m.Login, "Log-ins with IP address, device and network."),
    ("followers", m.Connection, "Accounts following this account."),
    ("following", m.Connection, "Accounts this account follows."),
    ("blocked", m.Connection, "Accounts this account blocked."),
    ("profile_views", m.UnmodelledItem, "Who viewed the profile."),
    ("comments", m.Comment, "Comments written."),
    ("direct_messages", m.DirectMessage, "Direct messages, one record per message."),
    ("assistant_chats", m.AssistantMessage, "Chats with TikTok's AI assistant."),
    ("posts", m.Post, "Videos and photos posted."),
    ("deleted_posts", m.DeletedPost, "Posts recently deleted."),
    ("stories", m.UnmodelledItem, "Stories posted."),
    ("hashtags_used", m.HashtagUsed, "Hashtags used in own posts."),
    ("device_status", m.DeviceStatus, "Device and advertising identifiers, screen, app version."),
    ("activity_summary", m.ActivitySummary, "TikTok's own counts since registration."),
    ("recent_location", m.RecentLocation, "Most recent location data (GPS, last region)."),
    ("location_reviews", m.LocationReview, "Reviews of places."),
    ("ad_interests", m.AdInterests, "Interest categories TikTok uses for advertising."),
    ("off_tiktok_activity", m.OffTikTokEvent, "Activity outside TikTok reported by advertisers."),
    ("ad_form_responses", m.UnmodelledItem, "Answers given in instant-form adverts."),
    ("ads_visit_history", m.AdVisit, "Adverts whose links were opened."),
    ("purchases", m.Purchase, "Gifts sent and coins or gifts bought."),
    ("coin_purchases", m.CoinPurchase, "Coin purchases."),
    ("wallet_transactions", m.UnmodelledItem, "Income+ wallet transactions."),
    ("donations", m.UnmodelledItem, "Donations."),
    ("fundraisers", m.UnmodelledItem, "Fundraisers."),
    ("stickers", m.UnmodelledItem, "Stickers."),
    ("mini_drama_history", m.UnmodelledItem, "Mini dramas watched."),
    ("live_watch", m.LiveWatch, "LIVE rooms watched, with comments written there."),
    ("live_comments", m.UnmodelledItem, "Comments on LIVEs (separate list, empty in every export seen)."),
    ("live_go", m.LiveGo, "LIVEs hosted."),
    ("shop_orders", m.ShopOrder, "TikTok Shop orders."),
    ("shop_browsing", m.ShopBrowsing, "TikTok Shop products viewed."),
    ("shop_addresses", m.ShopAddress, "Saved delivery addresses."),
    ("shop_cart", m.ShopCartItem, "Shopping cart items."),
    ("shop_vouchers", m.ShopVoucher, "Vouchers received."),
    ("shop_communications", m.ShopMessage, "Messages with shops."),
    ("shop_payment_cards", m.UnmodelledItem, "Saved payment information."),
    ("shop_customer_support", m.UnmodelledItem, "Customer support history."),
    ("shop_order_disputes", m.UnmodelledItem, "Order disputes."),
    ("shop_product_reviews", m.UnmodelledItem, "Product reviews written."),
    ("shop_returns", m.UnmodelledItem, "Returns and refunds."),
    ("shop_favorite_items", m.UnmodelledItem, "Shop items saved as favourites."),
    ("settings", m.Setting, "App, privacy and LIVE settings, one record per setting."),
    ("autofill", m.Autofill, "Contact and address details saved for autofill."),
    ("ai_moji", m.AIMoji, "AI-generated avatars."),
    ("ai_self_image", m.UnmodelledItem, "AI self images."),
    ("third_party_accounts", m.UnmodelledItem, "Information from linked third-party platforms."),
]
for _id, _model, _text in _ROWS:
    register(_id, _model, _text)
