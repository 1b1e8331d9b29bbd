"""Every fixed phrase a report shows that is not in a template: titles, statuses, ledger reasons.

Strings are English message ids marked with ``N_`` so Babel extracts them into the catalogue; the
report translates them at render time. Ledger reasons are written by the parsers in English; the
report translates them here, so a Dutch report has no English left in it.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from dsar_analyzer.report.i18n import Formatter
from dsar_analyzer.report.visible import visible


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    return message


SECTION_TITLES = {
    "profile": N_("Profile"), "watch_history": N_("Watch history"), "likes": N_("Likes"),
    "favorite_videos": N_("Favourite videos"), "favorite_sounds": N_("Favourite sounds"),
    "favorite_effects": N_("Favourite effects"), "favorite_hashtags": N_("Favourite hashtags"),
    "favorite_collections": N_("Favourite collections"), "favorite_comments": N_("Favourite comments"),
    "favorite_places": N_("Favourite places"), "favorite_movies_and_tv": N_("Favourite films and TV"),
    "favorite_playlists": N_("Favourite playlists"), "favorite_dramas": N_("Favourite mini dramas"),
    "collections": N_("Collections"), "searches": N_("Searches"), "shares": N_("Shares"), "reposts": N_("Reposts"),
    "logins": N_("Log-ins"), "followers": N_("Followers"), "following": N_("Following"), "blocked": N_("Blocked"),
    "profile_views": N_("Profile views"), "comments": N_("Comments"), "direct_messages": N_("Direct messages"),
    "assistant_chats": N_("Chats with TikTok's AI assistant"), "posts": N_("Posts"),
    "deleted_posts": N_("Recently deleted posts"), "stories": N_("Stories"), "hashtags_used": N_("Hashtags used"),
    "device_status": N_("Device identifiers"), "activity_summary": N_("Activity summary"),
    "recent_location": N_("Most recent location"), "location_reviews": N_("Location reviews"),
    "ad_interests": N_("Advertising interests"), "off_tiktok_activity": N_("Activity outside TikTok"),
    "ad_form_responses": N_("Advert form answers"), "ads_visit_history": N_("Adverts opened"),
    "purchases": N_("Gifts and purchases"), "coin_purchases": N_("Coin purchases"),
    "wallet_transactions": N_("Wallet transactions"), "donations": N_("Donations"), "fundraisers": N_("Fundraisers"),
    "stickers": N_("Stickers"), "mini_drama_history": N_("Mini dramas watched"), "live_watch": N_("LIVEs watched"),
    "live_comments": N_("LIVE comments"), "live_go": N_("LIVEs hosted"), "shop_orders": N_("Shop orders"),
    "shop_browsing": N_("Shop products viewed"), "shop_addresses": N_("Saved addresses"),
    "shop_cart": N_("Shopping cart"), "shop_vouchers": N_("Vouchers"), "shop_communications": N_("Messages with shops"),
    "shop_payment_cards": N_("Payment information"), "shop_customer_support": N_("Customer support"),
    "shop_order_disputes": N_("Order disputes"), "shop_product_reviews": N_("Product reviews"),
    "shop_returns": N_("Returns and refunds"), "shop_favorite_items": N_("Favourite shop items"),
    "settings": N_("Settings"), "autofill": N_("Autofill details"), "ai_moji": N_("AI-Moji avatars"),
    "ai_self_image": N_("AI self images"), "third_party_accounts": N_("Linked third-party accounts"),
}

CATEGORY_TITLES = {
    "profile": N_("Profile"), "video": N_("Own videos and photos"), "location": N_("Location"),
    "viewing_behaviour": N_("Viewing behaviour"), "communication": N_("Messages and comments"),
    "social": N_("Friends and followers"), "advertising": N_("Advertising and tracking"),
    "device_and_login": N_("Devices and log-ins"), "commerce": N_("Purchases and shopping"),
    "settings": N_("Settings"),
}

#: Labels of record fields, shown next to example values.
FIELD_LABELS = {
    "account_region": N_("Account region"),
    "add_yours_text": N_("'Add yours' text"),
    "added_at": N_("Added at"),
    "address": N_("Address"),
    "ai_generated_content": N_("AI-generated content"),
    "ai_self": N_("AI self image"),
    "allow_comments": N_("Allow comments"),
    "allow_duets": N_("Allow duets"),
    "allow_sharing_to_story": N_("Allow sharing to story"),
    "allow_stickers": N_("Allow stickers"),
    "allow_stitches": N_("Allow stitches"),
    "alternate_text": N_("Alternate text"),
    "android_id": N_("Android ID"),
    "app_version": N_("App version"),
    "bio": N_("Bio"),
    "birth_date": N_("Birth date"),
    "birth_date_text": N_("Birth date (as stated)"),
    "browsed_at": N_("Browsed at"),
    "carrier": N_("Carrier"),
    "categories": N_("Categories"),
    "chat_title": N_("Chat title"),
    "city": N_("City"),
    "coin_amount": N_("Coin amount"),
    "commented_at": N_("Commented at"),
    "comments": N_("Comments"),
    "content": N_("Content"),
    "content_disclosure": N_("Content disclosure"),
    "conversation": N_("Conversation"),
    "cost_type": N_("Cost type"),
    "country": N_("Country"),
    "cover_image": N_("Cover image"),
    "cover_url": N_("Cover url"),
    "created_at": N_("Created at"),
    "customer_note": N_("Customer note"),
    "deleted_at": N_("Deleted at"),
    "device_model": N_("Device model"),
    "device_system": N_("Device system"),
    "did": N_("DID (TikTok device ID)"),
    "direction": N_("Direction"),
    "display_name": N_("Display name"),
    "duration": N_("Duration"),
    "email": N_("Email"),
    "ended_at": N_("Ended at"),
    "event": N_("Event"),
    "first_name": N_("First name"),
    "follower_count": N_("Follower count"),
    "following_count": N_("Following count"),
    "fundraiser": N_("Fundraiser"),
    "gaid": N_("GAID (Google advertising ID)"),
    "gift_amount": N_("Gift amount"),
    "gps": N_("GPS data"),
    "idfa": N_("IDFA (Apple advertising ID)"),
    "idfv": N_("IDFV (Apple vendor ID)"),
    "image_urls": N_("Extra image links"),
    "inferred_gender": N_("Inferred gender"),
    "instagram_link": N_("Instagram link"),
    "ip": N_("IP address"),
    "items": N_("Items"),
    "kind": N_("Kind"),
    "last_name": N_("Last name"),
    "last_region": N_("Last region"),
    "lemon8_link": N_("Lemon8 link"),
    "liked_at": N_("Liked at"),
    "likes": N_("Likes"),
    "likes_received": N_("Likes received"),
    "location": N_("Location"),
    "logged_in_at": N_("Logged in at"),
    "logistics_provider": N_("Logistics provider"),
    "method": N_("Method"),
    "muted_list": N_("Muted list"),
    "name": N_("Name"),
    "network_type": N_("Network type"),
    "note": N_("Note"),
    "occurred_at": N_("Occurred at"),
    "order_id": N_("Order id"),
    "order_number": N_("Order number"),
    "ordered_at": N_("Ordered at"),
    "original_post_link": N_("Original post link"),
    "original_post_url": N_("Original post url"),
    "phone": N_("Phone"),
    "phone_number": N_("Phone number"),
    "photo": N_("Photo"),
    "place_name": N_("Place name"),
    "platform_info": N_("Platform info"),
    "posted_at": N_("Posted at"),
    "price": N_("Price"),
    "product_name": N_("Product name"),
    "products": N_("Products"),
    "profile_photo": N_("Profile photo"),
    "profile_video": N_("Profile video"),
    "purchased_at": N_("Purchased at"),
    "quality_setting": N_("Quality setting"),
    "raw_time": N_("Time as TikTok wrote it (seconds since 1970)"),
    "questions": N_("Questions"),
    "rating": N_("Rating"),
    "received_at": N_("Received at"),
    "receiver": N_("Receiver"),
    "receiver_name": N_("Receiver name"),
    "recorded_at": N_("Recorded at"),
    "registration_date": N_("Registration date"),
    "replay_url": N_("Replay url"),
    "reposted_at": N_("Reposted at"),
    "resolution": N_("Resolution"),
    "reviewed_at": N_("Reviewed at"),
    "room_id": N_("LIVE room"),
    "saved_at": N_("Saved at"),
    "scope": N_("Scope"),
    "searched_at": N_("Searched at"),
    "sender": N_("Sender"),
    "sent_at": N_("Sent at"),
    "shared_at": N_("Shared at"),
    "shop": N_("Shop"),
    "shop_name": N_("Shop name"),
    "since": N_("Date"),
    "sku_count": N_("Quantity"),
    "sound": N_("Sound"),
    "source": N_("Reported by"),
    "started_at": N_("Started at"),
    "state": N_("State"),
    "status": N_("Status"),
    "sticker": N_("Sticker"),
    "term": N_("Search term"),
    "text": N_("Text"),
    "title": N_("Title"),
    "total_earning": N_("Total earning"),
    "total_gifters": N_("Total gifters"),
    "total_likes": N_("Total likes"),
    "total_price": N_("Total price"),
    "total_views": N_("Total views"),
    "tracking_number": N_("Tracking number"),
    "type": N_("Type"),
    "uid": N_("UID (TikTok user ID)"),
    "unit": N_("Unit"),
    "unrecognised_fields": N_("Unrecognised fields"),
    "url": N_("Link"),
    "username": N_("Username"),
    "value": N_("Value"),
    "video": N_("Video"),
    "videos_commented_on": N_("Videos commented on"),
    "videos_shared": N_("Videos shared"),
    "videos_watched_to_end": N_("Videos watched to the end"),
    "visited_at": N_("Visited at"),
    "voucher_id": N_("Voucher id"),
    "watched_at": N_("Watched at"),
    "web_id": N_("Web ID"),
    "who_can_view": N_("Who can view"),
    "youtube_link": N_("YouTube link"),
    "zip_code": N_("Postcode"),
}

STATUSES = {
    "parsed": N_("read"), "empty": N_("empty"), "ignored": N_("ignored"), "unrecognised": N_("not recognised"),
}

BANDS = {
    "under_13": N_("under 13"), "13_15": N_("13 to 15"), "16_17": N_("16 to 17"), "18_plus": N_("18 or older"),
    "held_at_export": N_("account state held on the export date"), "unknown_age": N_("age unknown"),
}

#: Reasons the parsers and the reader write into the ledger, word for word.
REASONS = (
    N_("TikTok wrote that this section has no data"), N_("category present but empty"), N_("expected an object"),
    N_("file is empty"), N_("key next to the list not known"), N_("key next to the messages not known"),
    N_("line not understood"), N_("list is empty"), N_("list key missing"), N_("no items under this key"),
    N_("section key not known"), N_("section present but empty"),
    N_("this section has never been seen filled; its layout is not known"), N_("top-level key not known"),
    N_("every value is empty (N/A, None or blank)"), N_("JSON file without any TikTok export section"),
    N_("TXT file name not known for any section"), N_("not a JSON or TXT file of a TikTok export"),
    N_("no field of the record model has this name; kept on the record"),
    N_("a flag TikTok writes next to the list (always 1), not a record"),
    N_("a flag TikTok writes next to follower lists (true/false), not a record"),
    N_("macOS metadata folder, not part of the export"), N_("macOS metadata file, not part of the export"),
    N_("folder entry"), N_("Windows/macOS system file (.DS_Store / Thumbs.db / desktop.ini)"),
    N_("nested archive, not opened"),
    N_("file starts with a UTF-8 byte order mark (removed)"), N_("file uses Windows (CRLF) line ends"),
    N_("empty objects hold nothing to read"),
    N_("duplicate key: an earlier value of this key in the same object, not read (the last is read)"),
    N_("a second, different JSON document after the first; not read"),
    N_("the JSON document is written twice; the second, identical copy was not read again"),
    N_("the JSON document is written twice; the second copy differs and was not read"),
    N_("damaged content after the JSON document; the document before it was read"),
)

_DUPLICATE = re.compile(r"^identical copy of (?P<where>.+); its records are counted once$")
_EXPECTED = re.compile(r"^expected a (?P<shape>\w+) here$")
_REPLACED = re.compile(r"^bytes that are not valid UTF-8 were replaced \(first at byte (?P<offset>\d+)\)$")


def section_title(section_id: str, fmt: Formatter) -> str:
    return fmt.gettext(SECTION_TITLES[section_id])


def category_title(category: str, fmt: Formatter) -> str:
    return fmt.gettext(CATEGORY_TITLES[category])


def field_label(name: str, fmt: Formatter) -> str:
    return fmt.gettext(FIELD_LABELS.get(name, name))


def status_label(status: str, fmt: Formatter) -> str:
    return fmt.gettext(STATUSES[status])


def band_label(band: str, fmt: Formatter) -> str:
    return fmt.gettext(BANDS[band])


def reason(text: str, fmt: Formatter) -> str:
    """A ledger reason in the report's language (the two reasons with a variable part included)."""
    if not text:
        return ""
    if match := _DUPLICATE.match(text):
        # The place is the export's own path: in code type, like every other place in the appendix.
        return Markup(escape(fmt.gettext("identical copy of {where}; its records are counted once"))).format(
            where=Markup("<code>{}</code>").format(visible(match.group("where"))))
    if match := _REPLACED.match(text):
        return fmt.gettext("bytes that are not valid UTF-8 were replaced (first at byte {offset})").format(
            offset=match.group("offset"))
    if match := _EXPECTED.match(text):
        return fmt.gettext("the layout here is not the one expected ({shape})").format(shape=match.group("shape"))
    return fmt.gettext(text)
