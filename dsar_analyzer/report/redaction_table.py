"""The field table of redaction: for every section and field, which ``redact`` method a mode applies.

``redact_record`` applies the methods field by field through ``FIELD_ACTIONS``, a table per
section id. A field missing from the table is passed through only when it is a date, a number, a
boolean or a short code (``WIFI``, ``Everyone``); any other value is withheld. Keys TikTok wrote
that no model field claims (``unrecognised_fields``) keep their names but their values are
withheld unless the mode is ``FULL``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from dsar_analyzer.records.models import Record
from dsar_analyzer.records.registry import SECTIONS
from dsar_analyzer.report.placeholders import KIND_ONLY, Withheld, counted
from dsar_analyzer.report.redact import (
    Mode,
    Redactor,
    absent,
    check_kind,
    shown,
)

__all__ = ["FIELD_ACTIONS", "redact_record"]


# -- records --------------------------------------------------------------------------------------

#: What ``redact_record`` does with one field's value (``model_dump()`` form) in a given mode.
Action = Callable[[Redactor, Any], Any]

_SHORT_CODE_RE = re.compile(r"[A-Za-z0-9_.\-]{1,24}")
_MAX_CODE_DIGITS = 4


def _is_short_code(value: str) -> bool:
    """``WIFI``, ``Everyone``, ``iPhone12``: one short token with a letter and few digits."""
    return (bool(_SHORT_CODE_RE.fullmatch(value)) and any(c.isalpha() for c in value)
            and sum(c.isdigit() for c in value) <= _MAX_CODE_DIGITS)


def _is_timestamp_text(value: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?(?: UTC)?", value.strip()))


def _withhold_any(redactor: Redactor, value: Any, kind: str) -> Any:
    """Withhold a value of any shape (FULL: as is); empty containers stay as they are."""
    if redactor.full or value is None:
        return value
    if isinstance(value, str):
        return redactor.text(value, kind=kind)
    if isinstance(value, (list, tuple)):
        return value if not value else counted(kind, len(value), "entry")
    if isinstance(value, dict):
        return value if not value else counted(kind, len(value), "field")
    if isinstance(value, bool):
        return value
    return Withheld(KIND_ONLY, kind=kind)


def _default(redactor: Redactor, value: Any) -> Any:
    """A field no table names: dates, numbers, booleans and short codes pass; anything else is withheld."""
    if value is None or isinstance(value, (bool, int, float, date, datetime)):
        return value
    if isinstance(value, str) and (value == "" or _is_short_code(value) or _is_timestamp_text(value)):
        return value
    return _withhold_any(redactor, value, "unlisted field")


def _keep(redactor: Redactor, value: Any) -> Any:
    return value


def _on_text(method: Callable[[Redactor, str | None], str | None]) -> Action:
    """Apply a str method; a value of another shape (not expected there) is withheld instead."""
    def action(redactor: Redactor, value: Any) -> Any:
        if value is None or isinstance(value, str):
            return method(redactor, value)
        return _withhold_any(redactor, value, "unexpected value")
    return action


#: Actions of fields that hold what a person wrote (comments, messages, search terms, names): a
#: report shows such text as written, never translated even where it spells a known export word.
FREE_TEXT: set[Action] = set()


def _free_text(action: Action) -> Action:
    FREE_TEXT.add(action)
    return action


def _text(kind: str) -> Action:
    check_kind(kind)
    return _free_text(_on_text(lambda r, v: r.text(v, kind=kind)))


def _claim_text(kind: str) -> Action:
    """The child's own descriptive text (a display name): kept, withheld in CLAIM."""
    check_kind(kind)
    return _free_text(_on_text(lambda r, v: r.text(v, kind=kind) if r.mode is Mode.CLAIM else v))


def _initial(kind: str) -> Action:
    """A real name: FULL as is, REDACTED its first letter, CLAIM withheld."""
    check_kind(kind)

    def method(r: Redactor, v: str | None) -> str | None:
        if r.mode is Mode.CLAIM:
            return r.text(v, kind=kind)
        if r.full or absent(v):
            return v or None
        assert v is not None
        stripped = v.strip()
        return f"{shown(stripped[0]) if stripped else '?'}***"
    return _free_text(_on_text(method))


def _withhold(kind: str) -> Action:
    check_kind(kind)
    return _free_text(lambda r, v: _withhold_any(r, v, kind))


def _number(redactor: Redactor, value: Any) -> Any:
    """A JSON amount: numbers (or digit strings) pass, anything else is withheld."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{1,18}(?:[.,]\d{1,6})?", value.strip()):
        return value
    return _withhold_any(redactor, value, "amount")


def _each(action: Action) -> Action:
    """Apply ``action`` to every item of a tuple or list field."""
    def each(redactor: Redactor, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return type(value)(action(redactor, item) for item in value)
        return _withhold_any(redactor, value, "unexpected value")
    return each


def _each_record(table: Mapping[str, Action]) -> Action:
    """A tuple of nested records (dicts): each field through ``table``, unlisted fields by the default."""
    def each(redactor: Redactor, value: Any) -> Any:
        if not isinstance(value, (list, tuple)):
            return _withhold_any(redactor, value, "unexpected value")
        return type(value)(_redact_mapping(item, table, redactor) if isinstance(item, dict)
                           else _withhold_any(redactor, item, "unexpected value") for item in value)
    return each


def _redact_mapping(data: Mapping[str, Any], table: Mapping[str, Action], redactor: Redactor) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name == "unrecognised_fields" and isinstance(value, dict):
            out[name] = {key: _withhold_any(redactor, item, "unrecognised field") for key, item in value.items()}
        elif name in table:
            out[name] = table[name](redactor, value)
        else:
            out[name] = _default(redactor, value)
    return out


KEEP: Action = _keep
IP: Action = _on_text(Redactor.ip)
EMAIL: Action = _on_text(Redactor.email)
PHONE: Action = _on_text(Redactor.phone)
IDENTIFIER: Action = _on_text(Redactor.identifier)
PERSON: Action = _on_text(Redactor.person)
CHILD_NAME: Action = _on_text(Redactor.child_name)
URL: Action = _on_text(Redactor.url)
MEDIA: Action = _on_text(Redactor.media)
LOCATION: Action = _on_text(Redactor.location)
NUMBER: Action = _number
#: Actions whose output outside FULL is the report's own (a mask, a label, a region code), not the export's words.
MASKING = (IP, EMAIL, PHONE, IDENTIFIER, PERSON, CHILD_NAME, URL, MEDIA, LOCATION)


def _keep_all(*names: str) -> dict[str, Action]:
    return dict.fromkeys(names, KEEP)


def _post_table(**extra: Action) -> dict[str, Action]:
    return {
        "posted_at": KEEP, "url": MEDIA, "image_urls": _each(MEDIA), "likes": KEEP,
        "content_disclosure": KEEP, "ai_generated_content": KEEP, "sound": _text("sound name"),
        "location": LOCATION, "title": _text("caption"), "add_yours_text": _text("post text"), **extra,
    }


_SAVED = {"saved_at": KEEP, "url": URL}

_TABLE: dict[str, dict[str, Action]] = {
    # viewing behaviour: public catalogue links and dates
    "watch_history": {"watched_at": KEEP, "url": URL, "title": KEEP},  # the public video's own title
    "likes": {"liked_at": KEEP, "url": URL},
    "favorite_videos": _SAVED,
    "favorite_sounds": _SAVED,
    "favorite_effects": _SAVED,
    "favorite_hashtags": _SAVED,
    "favorite_collections": {"saved_at": KEEP, "name": _text("collection name")},
    "searches": {"searched_at": KEEP, "term": _text("search term")},
    "shares": {"shared_at": KEEP, "content": KEEP, "url": URL, "method": KEEP},  # content: "video", "live"...
    "reposts": {"reposted_at": KEEP, "url": URL},
    "live_watch": {
        "room_id": KEEP, "watched_at": KEEP, "url": URL, "questions": _withhold("LIVE question"),
        "comments": _each_record({"commented_at": KEEP, "text": _text("LIVE comment"), "raw_time": KEEP}),
    },
    "live_go": {
        **_keep_all("started_at", "ended_at", "duration", "room_id", "quality_setting"),
        "title": _text("LIVE title"), "cover_url": MEDIA, "replay_url": MEDIA,
        **dict.fromkeys(("total_earning", "total_likes", "total_views", "total_gifters"), NUMBER),
        "muted_list": _withhold("muted accounts"),
    },
    # communication
    "comments": {
        "commented_at": KEEP, "text": _text("comment"), "photo": MEDIA, "url": URL, "video": URL, "sticker": URL,
        "original_post_url": URL, "original_post_link": URL,
    },
    "direct_messages": {"conversation": PERSON, "sent_at": KEEP, "sender": PERSON, "content": _text("message")},
    "assistant_chats": {"chat_title": _text("chat title"), "sent_at": KEEP,
                        "content": _withhold("assistant chat message")},
    # profile, social, settings
    "profile": {
        "username": CHILD_NAME, "display_name": _claim_text("display name"), "email": EMAIL, "phone": PHONE,
        "birth_date_text": KEEP, "birth_date": KEEP,  # the age is the core legal fact (GDPR Art. 8)
        "bio": _text("bio"), "profile_photo": MEDIA, "profile_video": MEDIA, "ai_self": _text("AI self image"),
        **_keep_all("likes_received", "follower_count", "following_count", "inferred_gender", "registration_date"),
        "instagram_link": URL, "youtube_link": URL, "lemon8_link": URL, "account_region": LOCATION,
        "fundraiser": _text("fundraiser"), "platform_info": _withhold("linked platform"),
    },
    "followers": {"since": KEEP, "username": PERSON},
    "following": {"since": KEEP, "username": PERSON},
    "blocked": {"since": KEEP, "username": PERSON},
    "settings": _keep_all("scope", "name", "value"),
    "autofill": {
        "phone_number": PHONE, "email": EMAIL, "first_name": _initial("first name"),
        "last_name": _initial("last name"), "address": _text("address"), "zip_code": _text("postcode"),
        "unit": _text("address"), "city": _text("city"), "state": KEEP, "country": KEEP,
    },
    "ai_moji": {"created_at": KEEP, "items": _withhold("AI avatar")},
    # own content
    "posts": _post_table(
        **_keep_all("who_can_view", "allow_comments", "allow_stitches", "allow_duets", "allow_stickers",
                    "allow_sharing_to_story"),
        alternate_text=_text("alt text"), cover_image=MEDIA),
    "deleted_posts": _post_table(deleted_at=KEEP),
    "hashtags_used": {"name": _text("hashtag"), "url": URL},
    # device, login, location
    "logins": {"logged_in_at": KEEP, "ip": IP, **_keep_all("device_model", "device_system", "network_type",
                                                           "carrier")},
    "device_status": {"resolution": KEEP, "app_version": KEEP,
                      **dict.fromkeys(("idfa", "gaid", "android_id", "idfv", "uid", "did", "web_id"), IDENTIFIER)},
    "activity_summary": _keep_all("note", "videos_commented_on", "videos_shared", "videos_watched_to_end"),
    "recent_location": {"recorded_at": KEEP, "gps": LOCATION, "last_region": LOCATION},
    "location_reviews": {"reviewed_at": KEEP, "place_name": LOCATION, "rating": KEEP, "status": KEEP,
                         "likes": KEEP, "text": _text("review")},
    # advertising: what TikTok and advertisers recorded is the evidence itself
    "ad_interests": {"categories": KEEP},
    "off_tiktok_activity": _keep_all("occurred_at", "source", "event"),
    "ads_visit_history": {"visited_at": KEEP, "title": KEEP, "url": URL},
    # commerce
    "purchases": {"kind": KEEP, "purchased_at": KEEP, "price": KEEP, "gift_amount": NUMBER, "username": PERSON},
    "coin_purchases": _keep_all("purchased_at", "type", "coin_amount"),
    "shop_orders": {
        "order_id": IDENTIFIER, "ordered_at": KEEP, "order_number": IDENTIFIER, "total_price": KEEP,
        "customer_note": _text("order note"), "status": KEEP, "products": KEEP, "receiver": _withhold("receiver"),
        "logistics_provider": KEEP, "tracking_number": IDENTIFIER,
    },
    "shop_browsing": _keep_all("browsed_at", "shop_name", "product_name"),
    "shop_addresses": {"receiver_name": PERSON, "phone": PHONE, "address": _text("address")},
    "shop_cart": _keep_all("added_at", "sku_count", "shop_name", "product_name"),
    "shop_vouchers": {"received_at": KEEP, "voucher_id": IDENTIFIER, "cost_type": KEEP, "name": KEEP, "text": KEEP,
                      "status": KEEP},
    "shop_communications": {"shop": KEEP, "sent_at": KEEP, "shop_name": KEEP, "direction": KEEP,
                            "content": _text("shop message")},
}


def _check_table(table: Mapping[str, Mapping[str, Action]]) -> None:
    unknown = set(table) - set(SECTIONS)
    if unknown:  # pragma: no cover - a typo in the table fails at import time
        raise ValueError(f"redaction table names unknown sections: {sorted(unknown)}")
    for section_id, actions in table.items():
        model = SECTIONS[section_id].model
        fields = set(model.model_fields) | set(model.model_computed_fields)
        extra = set(actions) - fields
        if extra:  # pragma: no cover
            raise ValueError(f"redaction table for {section_id!r} names fields its model lacks: {sorted(extra)}")


_check_table(_TABLE)

#: Section id -> field name -> action. Sections absent here (unmodelled items) hold only
#: ``unrecognised_fields``; fields absent here go through the safe default.
FIELD_ACTIONS: Mapping[str, Mapping[str, Action]] = MappingProxyType(
    {section_id: MappingProxyType(actions) for section_id, actions in _TABLE.items()})


def redact_record(section_id: str, record: Record, redactor: Redactor) -> dict[str, Any]:
    """``record.model_dump()`` with every value passed through the action its section table gives.

    Fields the table does not name keep dates, numbers, booleans and short codes and withhold
    anything else; values of ``unrecognised_fields`` are withheld unless the mode is FULL.
    """
    section = SECTIONS.get(section_id)
    if section is None:
        raise KeyError(f"unknown section id {section_id!r}")
    if not isinstance(record, section.model):
        raise TypeError(f"section {section_id!r} holds {section.model.__name__} records, "
                        f"not {type(record).__name__}")
    return _redact_mapping(record.model_dump(), FIELD_ACTIONS.get(section_id, {}), redactor)
