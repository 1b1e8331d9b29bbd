"""The TXT section table: localised file names of every TXT generation mapped to section ids.

TXT exports name files and keys in the account's language (JSON keys stay English). File names are
matched on the base name, case-insensitively, in any folder: 2020 exports have ``Activity/...`` at
the root, late-2024 ones ``TikTok_Data_<epoch>/Tiktok/<Category>/``, 2025-26 ones
``TikTok/<Category>/``. Dutch names come from a data-donation extractor tested on real Dutch
exports in 2026-06; English 2026 names from the same project (which notes they were untested).
Record keys inside the files are listed on the record models (``records/models.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Layout(Enum):
    BLOCKS = "blocks"        # "Key: value" lines, one record per blank-line separated block
    SINGLE = "single"        # the whole file is one record (profile, autofill, summary)
    SETTINGS = "settings"    # "Key: value" lines, each one setting; bare lines are group headers
    CHAT = "chat"            # ">>> Chat History with <name>::" headers, then timestamped lines


@dataclass(frozen=True, slots=True)
class TxtFile:
    section_id: str
    layout: Layout
    language: str            # "en", "nl", or "any" for names both languages share
    generation_hint: str | None = None   # a TXT generation this exact name is typical of


def _files(section_id: str, layout: Layout, en: tuple[str, ...], nl: tuple[str, ...] = (),
           both: tuple[str, ...] = ()) -> list[tuple[str, TxtFile]]:
    return ([(n, TxtFile(section_id, layout, "en")) for n in en]
            + [(n, TxtFile(section_id, layout, "nl")) for n in nl]
            + [(n, TxtFile(section_id, layout, "any")) for n in both])


B, S = Layout.BLOCKS, Layout.SINGLE

_ENTRIES: list[tuple[str, TxtFile]] = [
    # Watch history was renamed twice: 2020 "Video Browsing History", 2023-24 "Browsing History",
    # 2025-26 "Watch History" (observed in exports of each period).
    ("Video Browsing History", TxtFile("watch_history", B, "en", "txt-2020")),
    ("Browsing History", TxtFile("watch_history", B, "en", "txt-2023")),
    ("Watch History", TxtFile("watch_history", B, "en", "txt-2025")),
    ("Kijkgeschiedenis", TxtFile("watch_history", B, "nl", "txt-2025")),
    *_files("likes", B, ("Like List",), ("Likelijst",)),
    *_files("favorite_videos", B, ("Favorite Videos",), ("Favoriete video's",)),
    *_files("favorite_sounds", B, ("Favorite Sounds",), ("Favoriete geluiden",)),
    *_files("favorite_effects", B, ("Favorite Effects",), ("Favoriete effecten",)),
    *_files("favorite_hashtags", B, ("Favorite HashTags", "Favorite Hashtags"), ("Favoriete hashtags",)),
    *_files("favorite_collections", B, ("Favorite Collections",), ("Favoriete collecties",)),
    *_files("favorite_comments", B, ("Favorite Comments",), ("Favoriete reacties",)),
    *_files("favorite_places", B, ("Favorite Places",), ("Favoriete plaatsen",)),
    *_files("favorite_movies_and_tv", B, (), ("Favoriete films en tv-programma's",)),
    *_files("favorite_playlists", B, (), ("Favoriete afspeellijsten",)),
    *_files("searches", B, ("Searches", "Search History"), ("Zoekopdrachten",)),
    *_files("shares", B, ("Share History",), ("Geschiedenis delen",)),
    *_files("reposts", B, ("Reposts",), ("Herplaatsingen",)),
    *_files("logins", B, ("Login History",), ("Inloggeschiedenis",)),
    *_files("followers", B, ("Follower List", "Follower", "Followers"), ("Volger", "Volgers")),
    *_files("following", B, ("Following List", "Following"), ("Volgend",)),
    *_files("blocked", B, ("Block List",), ("Blokkeringslijst",)),
    *_files("profile_views", B, ("Profile Views",), ("Profielweergaven",)),
    *_files("comments", B, ("Comments",), ("Reacties",)),
    *_files("direct_messages", Layout.CHAT, ("Chat History", "Direct Messages", "Group Chat"),
            ("Directe berichten", "Groepschat")),
    # "Berichten" (posts) sits next to "Onlangs verwijderde berichten" (recently deleted posts) in the
    # Dutch list; "Directe berichten" are the direct messages.
    *_files("posts", B, ("Videos", "Post", "Posts"), ("Berichten",)),
    *_files("deleted_posts", B, ("Recently Deleted Posts",), ("Onlangs verwijderde berichten",)),
    *_files("hashtags_used", B, (), both=("Hashtag",)),
    *_files("device_status", B, (), both=("Status",)),
    *_files("activity_summary", S, ("Activity Summary",), ("Samenvatting van activiteit",)),
    *_files("recent_location", S, ("Most Recent Location Data",), ("Meest recente locatiegegevens",)),
    *_files("location_reviews", B, ("Location Reviews",), ("Locatierecensies",)),
    *_files("ad_interests", S, ("Ad Interests",), ("Advertentie-interesses",)),
    *_files("off_tiktok_activity", B, ("Off TikTok Activity", "Off-TikTok Activities"),
            ("Activiteit buiten TikTok",)),
    *_files("ad_form_responses", B, ("Instant Form Ads Responses",), ("Reacties op direct formulier-advertenties",)),
    *_files("ads_visit_history", B, (), ("Geschiedenis van advertentielinks",)),
    *_files("purchases", B, ("Purchases", "Purchase History", "Gifts"), ("Aankopen",)),
    *_files("coin_purchases", B, (), ("Geschiedenis van Muntaankopen",)),
    *_files("wallet_transactions", B, ("Transaction History",), ("Transactiegeschiedenis",)),
    *_files("donations", B, ("Donation",), ("Donatie",)),
    *_files("fundraisers", B, ("Fundraiser",), ("Fondsenwerving",)),
    *_files("stickers", B, (), both=("Stickers",)),
    *_files("live_watch", B, ("Watch Live History",), ("Geschiedenis van LIVE bekijken",)),
    *_files("live_comments", B, (), ("Reactie op livestream",)),
    *_files("live_go", B, ("Go Live History",), ("Geschiedenis van LIVE gaan",)),
    *_files("settings", Layout.SETTINGS, ("Settings", "Go Live settings", "Watch Live settings"),
            ("Instellingen", "Instellingen voor LIVE gaan", "Instellingen voor LIVE bekijken")),
    *_files("shop_orders", B, ("Order History",), ("Bestelgeschiedenis",)),
    *_files("shop_browsing", B, ("Product Browsing History",), ("Geschiedenis van bladeren door producten",)),
    *_files("shop_addresses", B, ("Saved Address Information",), ("Opgeslagen adresgegevens",)),
    *_files("shop_cart", B, ("Shopping Cart List",), ("Winkelwagenlijst",)),
    *_files("shop_vouchers", B, (), both=("Vouchers",)),
    *_files("shop_communications", B, ("Communication with shops",), ("Communicatie met winkels",)),
    *_files("shop_payment_cards", B, ("Current Payment Information",), ("Informatie over huidige betaling",)),
    *_files("shop_customer_support", B, ("Customer support history",), ("Geschiedenis van klantenservice",)),
    *_files("shop_order_disputes", B, ("Order dispute history",), ("Geschiedenis van bestelkwesties",)),
    *_files("shop_product_reviews", B, ("Product Reviews",), ("Productrecensies",)),
    *_files("shop_returns", B, ("Returns and Refunds History",),
            ("Geschiedenis van retourzendingen en terugbetalingen",)),
    *_files("shop_favorite_items", B, (), ("Favoriet item",)),
    *_files("profile", S, ("Profile Information", "Profile Info"), ("Profielinformatie",)),
    *_files("autofill", S, ("Autofill",), ("Automatisch invullen",)),
    *_files("ai_moji", S, (), both=("AI-Moji",)),
    *_files("third_party_accounts", B, (), ("Informatie van derden",)),
]


def _build() -> dict[str, TxtFile]:
    table: dict[str, TxtFile] = {}
    for name, spec in _ENTRIES:
        key = name.casefold()
        if key in table and table[key].section_id != spec.section_id:
            raise ValueError(f"TXT file name {name!r} claimed by two sections")
        table.setdefault(key, spec)
    return table


#: casefolded base name (no ``.txt``) -> what the file holds
TXT_FILES = _build()

#: Sentences TikTok writes into a TXT file that has no records (English, and Dutch variants).
EMPTY_SENTENCES = frozenset(s.casefold() for s in (
    "You have no data in this section",
    "You have no data in this section.",
    "Dit gedeelte bevat geen gegevens",
    "Dit gedeelte bevat geen gegevens.",
    "Er staan geen gegevens in dit gedeelte",
    "Er staan geen gegevens in dit gedeelte.",
    "Je hebt geen informatie over platforms van derden",
    "Je hebt geen informatie over platforms van derden.",
))


def lookup(member_name: str) -> TxtFile | None:
    """The table entry for a member path, by its base name without ``.txt``."""
    base = member_name.rsplit("/", 1)[-1]
    if not base.casefold().endswith(".txt"):
        return None
    return TXT_FILES.get(base[:-4].strip().casefold())
