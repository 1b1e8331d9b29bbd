"""Frozen record models, one per kind of record in a TikTok export, with every spelling of each field.

A field lists the key spellings it has had, newest first: JSON keys across generations (``Date``
and ``date``, ``Link`` and ``VideoLink``), English TXT keys (``Search Term``) and Dutch TXT keys
(``Zoekterm``). Spellings without evidence in a real export are marked in docs/formats.md; keys
that no field claims are kept verbatim in ``unrecognised_fields`` and counted
by the ledger; they are never dropped. Provenance is not a field: it travels beside the record
(see ``export.Source``), so a TikTok key called "source" can never collide with it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    computed_field,
    model_validator,
)

from dsar_analyzer.records.values import (
    Count,
    Identifier,
    Text,
    Timestamp,
    parse_birth_date,
)


def _none_as_empty(value: object) -> object:
    return () if value is None else value


def listed(*spellings: str) -> Any:
    """A list-valued field; TikTok writes ``null`` for an empty list."""
    return Field(default=(), validation_alias=AliasChoices(*spellings))


def keys(*spellings: str) -> Any:
    """A record field fed from any of these export keys (matched exactly, then case-insensitively)."""
    return Field(default=None, validation_alias=AliasChoices(*spellings))


class Record(BaseModel):
    """Base of every record: frozen, built from export keys or from field names."""

    model_config = ConfigDict(frozen=True, extra="ignore", validate_by_name=True, validate_by_alias=True, defer_build=True)

    #: Keys of the item that no field claims, verbatim (the ledger counts them per section).
    unrecognised_fields: dict[str, JsonValue] = Field(default_factory=dict)


class UnmodelledItem(Record):
    """An item of a section whose item shape TikTok has never been seen to fill; kept whole."""


# -- viewing behaviour -------------------------------------------------------------------------

class WatchEvent(Record):
    """One video the account started watching (no duration exists in any export)."""

    watched_at: Timestamp = keys("Date", "date", "Datum")
    url: Text = keys("Link", "link", "VideoLink", "Video Link")
    title: Text = keys("Title", "title")  # G5 (2026) only, usually ""


class Like(Record):
    """One liked video; TikTok keeps only the most recent few thousand."""

    liked_at: Timestamp = keys("Date", "date", "Datum")
    url: Text = keys("Link", "link", "VideoLink", "Video Link")


class FavoriteVideo(Record):
    saved_at: Timestamp = keys("Date", "date", "Datum")
    url: Text = keys("Link", "link", "VideoLink", "Video Link")


class FavoriteSound(Record):
    saved_at: Timestamp = keys("Date", "date", "Datum")
    url: Text = keys("Link", "link", "Sound Link")


class FavoriteEffect(Record):
    saved_at: Timestamp = keys("Date", "date", "Datum")
    url: Text = keys("EffectLink", "Link", "link", "Effect Link")


class FavoriteHashtag(Record):
    saved_at: Timestamp = keys("Date", "date", "Datum")
    url: Text = keys("Link", "link", "HashTag Link", "Hashtag Link", "HashTag Link:")


class FavoriteCollection(Record):
    saved_at: Timestamp = keys("Date", "date", "Datum")
    name: Text = keys("FavoriteCollection", "Favorite Collection")


class Search(Record):
    searched_at: Timestamp = keys("Date", "date", "Datum")
    term: Text = keys("SearchTerm", "Search Term", "Zoekterm")


class Share(Record):
    shared_at: Timestamp = keys("Date", "date", "Datum")
    content: Text = keys("SharedContent", "Shared Content", "Gedeelde inhoud")
    url: Text = keys("Link", "link")
    method: Text = keys("Method", "Methode")


class Repost(Record):
    reposted_at: Timestamp = keys("Date", "date", "Creation Time", "Datum")
    url: Text = keys("Link", "link")


class LiveComment(BaseModel):
    """A comment written while watching a LIVE; ``RawTime`` is epoch seconds of ``CommentTime``.

    Unknown keys are kept in ``unrecognised_fields`` (nested values are not counted in the field
    ledger, which counts the keys of top-level items only).
    """

    model_config = ConfigDict(frozen=True, extra="ignore", validate_by_name=True, validate_by_alias=True, defer_build=True)

    unrecognised_fields: dict[str, JsonValue] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _keep_unknown_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "unrecognised_fields" in data:
            return data
        known = {"CommentTime", "CommentContent", "RawTime", "commented_at", "text", "raw_time"}
        extra = {k: v for k, v in data.items() if k not in known}
        return {**data, "unrecognised_fields": extra} if extra else data

    commented_at: Timestamp = keys("CommentTime")
    text: Text = keys("CommentContent")
    raw_time: Count = keys("RawTime")


class LiveWatch(Record):
    """One LIVE room watched (the export keys these by room id)."""

    room_id: Text = keys("room_id")
    watched_at: Timestamp = keys("WatchTime")
    url: Text = keys("Link")
    comments: Annotated[tuple[LiveComment, ...], BeforeValidator(_none_as_empty)] = listed("Comments")
    questions: JsonValue = keys("Questions")


class LiveGo(Record):
    """One LIVE the account hosted. Never seen filled; field names from a forensic parser."""

    started_at: Text = keys("LiveStartTime")
    ended_at: Text = keys("LiveEndTime")
    duration: Text = keys("LiveDuration")
    room_id: Identifier = keys("RoomId")
    title: Text = keys("RoomTitle")
    cover_url: Text = keys("CoverUri")
    replay_url: Text = keys("ReplayUrl")
    total_earning: JsonValue = keys("TotalEarning")
    total_likes: JsonValue = keys("TotalLike")
    total_views: JsonValue = keys("TotalView")
    total_gifters: JsonValue = keys("TotalGifter")
    quality_setting: Text = keys("QualitySetting")
    muted_list: JsonValue = keys("MutedList")


# -- communication -----------------------------------------------------------------------------

class Comment(Record):
    """A comment the account wrote. Before 2026 the commented video is not identified."""

    commented_at: Timestamp = keys("Date", "date", "Datum")
    text: Text = keys("Comment", "comment", "Reactie")
    photo: Text = keys("Photo", "photo", "Foto")
    url: Text = keys("Url", "url")
    video: Text = keys("video", "Video")
    sticker: Text = keys("sticker", "Sticker")
    original_post_url: Text = keys("originalPostUrl")
    original_post_link: Text = keys("original post link")


class DirectMessage(Record):
    """One message in a one-to-one or group conversation."""

    conversation: Text = keys("conversation")  # the chat partner (or group) named by the export
    sent_at: Timestamp = keys("Date", "date", "Datum")
    sender: Text = keys("From", "from")
    content: Text = keys("Content", "content")


class AssistantMessage(Record):
    """A message in a chat with TikTok's AI assistant (G5 ``Tako Chat History``)."""

    chat_title: Text = keys("chat_title")
    sent_at: Timestamp = keys("Date", "date")
    content: JsonValue = keys("Content", "content")


# -- profile, social, settings ----------------------------------------------------------------

class Profile(Record):
    """The account's profile as the export states it; the birth date is self-declared."""

    username: Text = keys("userName", "Username", "Gebruikersnaam")
    display_name: Text = keys("displayName", "Display Name")
    email: Text = keys("emailAddress", "Email Address")
    phone: Text = keys("telephoneNumber", "Telephone Number")
    birth_date_text: Text = keys("birthDate", "Birthdate", "Birth Date")
    bio: Text = keys("bioDescription", "Bio Description")
    likes_received: Count = keys("likesReceived", "Like(s) Received")
    profile_photo: Text = keys("profilePhoto", "Profile Photo")
    profile_video: Text = keys("profileVideo", "Profile Video")
    ai_self: Text = keys("aiSelf")
    follower_count: Count = keys("followerCount")
    following_count: Count = keys("followingCount")
    inferred_gender: Text = keys("inferredGender")
    instagram_link: Text = keys("instagramLink")
    youtube_link: Text = keys("youtubeLink")
    lemon8_link: Text = keys("lemon8Link")
    account_region: Text = keys("accountRegion")
    fundraiser: Text = keys("fundraiser")
    registration_date: Text = keys("Registration Date")
    platform_info: JsonValue = keys("PlatformInfo")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def birth_date(self) -> date | None:
        """The birth date as a date, or None when absent or ambiguous (raw text stays above)."""
        try:
            return parse_birth_date(self.birth_date_text)
        except ValueError:
            return None


class Connection(Record):
    """A follower, a followed account or a blocked account, with the date of the link."""

    since: Timestamp = keys("Date", "date", "Datum")
    username: Text = keys("UserName", "Username", "userName", "Gebruikersnaam")


class Setting(Record):
    """One setting; nested groups are flattened into ``name`` as ``Group / Key``."""

    scope: Text = keys("scope")
    name: Text = keys("name")
    value: JsonValue = keys("value")


class Autofill(Record):
    phone_number: Text = keys("PhoneNumber")
    email: Text = keys("Email")
    first_name: Text = keys("FirstName")
    last_name: Text = keys("LastName")
    address: Text = keys("Address")
    zip_code: Text = keys("ZipCode")
    unit: Text = keys("Unit")
    city: Text = keys("City")
    state: Text = keys("State")
    country: Text = keys("Country")


class AIMoji(Record):
    created_at: Text = keys("CreateDate")
    items: JsonValue = keys("AIMojiList")


# -- own content -------------------------------------------------------------------------------

class Post(Record):
    """A video or photo post the account published; photo posts list extra image URLs."""

    posted_at: Timestamp = keys("Date", "date", "Datum")
    url: Text = keys("Link", "link")
    image_urls: Annotated[tuple[str, ...], BeforeValidator(_none_as_empty)] = listed("image_urls")
    likes: Count = keys("Likes", "Like(s)")
    who_can_view: Text = keys("WhoCanView", "Who can view")
    allow_comments: Text = keys("AllowComments", "Allow comments")
    allow_stitches: Text = keys("AllowStitches", "Allow stitches")
    allow_duets: Text = keys("AllowDuets", "Allow duets")
    allow_stickers: Text = keys("AllowStickers", "Allow stickers")
    allow_sharing_to_story: Text = keys("AllowSharingToStory", "Allow sharing to story")
    content_disclosure: Text = keys("ContentDisclosure", "Content disclosure")
    ai_generated_content: Text = keys("AIGeneratedContent", "AI-generated content")
    sound: Text = keys("Sound")
    location: Text = keys("Location")
    title: Text = keys("Title")
    add_yours_text: Text = keys("AddYoursText", "Adds yours text", "Add yours text")
    alternate_text: Text = keys("AlternateText")
    cover_image: Text = keys("CoverImage")


class DeletedPost(Record):
    posted_at: Timestamp = keys("Date", "date", "Datum")
    deleted_at: Timestamp = keys("DateDeleted", "Date Deleted")
    url: Text = keys("Link", "link")
    image_urls: Annotated[tuple[str, ...], BeforeValidator(_none_as_empty)] = listed("image_urls")
    likes: Count = keys("Likes", "Like(s)")
    content_disclosure: Text = keys("ContentDisclosure")
    ai_generated_content: Text = keys("AIGeneratedContent")
    sound: Text = keys("Sound")
    location: Text = keys("Location")
    title: Text = keys("Title")
    add_yours_text: Text = keys("AddYoursText", "Adds yours text")


class HashtagUsed(Record):
    name: Text = keys("HashtagName", "Hashtag Name")
    url: Text = keys("HashtagLink", "Hashtag Link")


# -- device, login, location ------------------------------------------------------------------

class Login(Record):
    logged_in_at: Timestamp = keys("Date", "date", "Datum")
    ip: Text = keys("IP", "Ip")
    device_model: Text = keys("DeviceModel", "Device Model")
    device_system: Text = keys("DeviceSystem", "Device System")
    network_type: Text = keys("NetworkType", "Network Type")
    carrier: Text = keys("Carrier")


class DeviceStatus(Record):
    """Device identifiers TikTok holds: advertising ids (IDFA, GAID), vendor/install ids."""

    resolution: Text = keys("Resolution", "Screen Resolution")
    app_version: Text = keys("App Version")
    idfa: Text = keys("IDFA")
    gaid: Text = keys("GAID")
    android_id: Text = keys("Android ID")
    idfv: Text = keys("IDFV")
    uid: Identifier = keys("UID")
    did: Identifier = keys("DID")
    web_id: Identifier = keys("Web ID")


class ActivitySummary(Record):
    note: Text = keys("note")
    videos_commented_on: Count = keys(
        "videosCommentedOnSinceAccountRegistration", "Videos commented on since account registration")
    videos_shared: Count = keys(
        "videosSharedSinceAccountRegistration", "Videos shared since account registration")
    videos_watched_to_end: Count = keys(
        "videosWatchedToTheEndSinceAccountRegistration",
        "Videos watched to the end since account registration")


class RecentLocation(Record):
    """``Most Recent Location Data``: "N/A" in every export seen; filled shape unknown."""

    recorded_at: Timestamp = keys("Date", "date", "Datum")
    gps: Text = keys("GpsData", "GPS Data")
    last_region: Text = keys("LastRegion", "Last Region")


class LocationReview(Record):
    reviewed_at: Timestamp = keys("Date", "date", "Datum")
    place_name: Text = keys("PlaceName", "Place Name")
    rating: Text = keys("Rating")
    status: Text = keys("Status")
    likes: Count = keys("Likes")
    text: Text = keys("ReviewText", "Review Text")


# -- advertising -------------------------------------------------------------------------------

class AdInterests(Record):
    """``AdInterestCategories``: one string, empty in every export seen."""

    categories: Text = keys("AdInterestCategories", "Ad Interest Categories")


class OffTikTokEvent(Record):
    """An event an advertiser reported to TikTok about activity outside TikTok."""

    occurred_at: Timestamp = keys("TimeStamp", "Timestamp", "Date", "Datum")
    source: Text = keys("Source", "Bron")
    event: Text = keys("Event", "Evenement")


class AdVisit(Record):
    visited_at: Timestamp = keys("CreateTime")
    title: Text = keys("AdTitle")
    url: Text = keys("AdLink")


# -- commerce ----------------------------------------------------------------------------------

class Purchase(Record):
    """A gift sent or coins/gifts bought (``kind`` says which list it came from)."""

    kind: Text = keys("kind")
    purchased_at: Timestamp = keys("Date", "date", "Datum")
    price: Text = keys("Price")
    gift_amount: JsonValue = keys("GiftAmount")
    username: Text = keys("UserName")


class CoinPurchase(Record):
    purchased_at: Timestamp = keys("Date", "date")
    type: Text = keys("Type")
    coin_amount: Count = keys("CoinAmount")


class ShopOrder(Record):
    order_id: Text = keys("order_id")
    ordered_at: Timestamp = keys("order_date")
    order_number: Identifier = keys("order_number")
    total_price: Text = keys("total_price")
    customer_note: Text = keys("customer_note")
    status: Text = keys("order_status")
    products: JsonValue = keys("Products")
    receiver: JsonValue = keys("Receiver")
    logistics_provider: Text = keys("logistics_provider")
    tracking_number: Identifier = keys("logistics_tracking_number")


class ShopBrowsing(Record):
    browsed_at: Timestamp = keys("browsing_date")
    shop_name: Text = keys("shop_name")
    product_name: Text = keys("product_name")


class ShopAddress(Record):
    receiver_name: Text = keys("receiver_name")
    phone: Text = keys("masked_phone_number")
    address: Text = keys("adress_info", "address_info")  # sic: "adress_info" in a 2025 export


class ShopCartItem(Record):
    added_at: Timestamp = keys("CreateTime")
    sku_count: Count = keys("SkuCount")
    shop_name: Text = keys("ShopName")
    product_name: Text = keys("ProductName")


class ShopVoucher(Record):
    received_at: Timestamp = keys("ReceivedDate")
    voucher_id: Identifier = keys("VoucherId")
    cost_type: Count = keys("CostType")
    name: Text = keys("VoucherName")
    text: Text = keys("VoucherText")
    status: Text = keys("Status")


class ShopMessage(Record):
    shop: Text = keys("shop")
    sent_at: Timestamp = keys("send_time")
    shop_name: Text = keys("shop_name")
    direction: Text = keys("direction")
    content: Text = keys("content")
