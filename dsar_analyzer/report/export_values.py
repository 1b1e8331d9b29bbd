"""Values TikTok writes in English (Yes, Friends, ViewContent, chat_head), in the report's language.

TikTok's JSON exports write their settings, choices and event names in English whatever the app's
language, and its Dutch TXT exports mix in the same words. A report shows a known value in the
reader's language; any other value is shown as the export's own words, in quotation marks, so a
reader can tell a translation from a quotation. Keys are compared case-folded and trimmed, so
``WIFI`` and ``Wi-Fi`` are one entry each and ``Enabled``/``enabled`` one.

The English texts are message ids: what an English report shows is the clearer form (``viewed
content`` for ``ViewContent``); the Dutch catalogue translates them.
"""

from __future__ import annotations

from dsar_analyzer.report.i18n import Formatter
from dsar_analyzer.report.labels import N_

#: Choices and states: post privacy, comment permissions, settings.
_CHOICES = {
    "yes": N_("yes"), "no": N_("no"), "true": N_("yes"), "false": N_("no"),
    "on": N_("on"), "off": N_("off"), "enabled": N_("on"), "disabled": N_("off"),
    "everyone": N_("everyone"), "public": N_("everyone"), "friends": N_("friends"), "followers": N_("followers"),
    "mutual friends": N_("friends"), "only me": N_("only me"), "myself": N_("only me"), "no one": N_("no one"),
    "all visible": N_("visible to everyone"), "n/a": N_("not filled in"), "app": N_("the app"),
    "web": N_("the website"),
}

#: What was shared (``Share History``) and how.
_SHARES = {
    "video": N_("a video"), "share_video": N_("a video"), "live": N_("a LIVE"), "profile": N_("a profile"),
    "sound": N_("a sound"), "hashtag": N_("a hashtag"), "photo": N_("a photo"),
    "chat": N_("in a TikTok chat"), "chat_head": N_("to a chat contact in the share menu"),
    "copy": N_("link copied"), "copy_link": N_("link copied"), "more": N_("through the phone's share menu"),
    "whatsapp": N_("WhatsApp"), "snapchat_chats": N_("Snapchat chat"), "snapchat": N_("Snapchat"),
    "instagram": N_("Instagram"), "instagram_direct": N_("Instagram message"), "facebook": N_("Facebook"),
    "messenger": N_("Messenger"), "sms": N_("text message (SMS)"), "email": N_("e-mail"),
    "telegram": N_("Telegram"), "twitter": N_("X (Twitter)"), "download": N_("saved to the device"),
}

#: Events that companies and apps report to TikTok about activity outside TikTok.
_EVENTS = {
    "viewcontent": N_("viewed content"), "pageview": N_("viewed a page"), "search": N_("searched"),
    "addtocart": N_("added to cart"), "launchapp": N_("opened the app"), "login": N_("logged in"),
    "purchase": N_("purchase"), "completepayment": N_("completed a payment"),
    "initiatecheckout": N_("started checkout"), "addpaymentinfo": N_("added payment details"),
    "completeregistration": N_("completed a registration"), "subscribe": N_("subscribed"),
    "addtowishlist": N_("added to a wish list"), "download": N_("downloaded"), "install": N_("installed the app"),
}

#: Network types and app languages.
_DEVICE = {
    "wifi": N_("Wi-Fi"), "wi-fi": N_("Wi-Fi"), "cellular": N_("mobile network"), "mobile": N_("mobile network"),
    "english": N_("English"), "nederlands": N_("Dutch"), "dutch": N_("Dutch"),
}

#: The settings TikTok lists by name (``Settings``), as a reader finds them in the app.
_SETTINGS = {
    "private account": N_("Private account"), "personalized ads": N_("Personalised ads"),
    "allow download": N_("Others may download my videos"), "allow others to find me": N_("Others may find me"),
    "app language": N_("App language"), "web language": N_("Website language"),
    "filter comments": N_("Filter comments"), "who can duet with me": N_("Who may make a duet with me"),
    "who can post comments": N_("Who may comment"), "who can send me message": N_("Who may send me messages"),
    "who can view videos i liked": N_("Who may see the videos I liked"), "interests": N_("Interests"),
    "screentime": N_("Screen time"), "familypairing": N_("Family Pairing"),
    "suggest your account to contacts": N_("Suggest my account to contacts"),
    "suggest your account to facebook friends": N_("Suggest my account to Facebook friends"),
    "family content preferences": N_("Content preferences set through Family Pairing"),
    "autofill contact information": N_("Fill in contact details automatically"),
    "dailyscreentimelimit": N_("Daily screen time limit"),
    "dailyscreentimetogglestatus": N_("Daily screen time limit switched on"),
    "sleephoursduration": N_("Sleep hours"), "sleephourstogglestatus": N_("Sleep hours switched on"),
    "weeklyscreentimeupdatestogglestatus": N_("Weekly screen time update switched on"),
}

KNOWN_VALUES: dict[str, str] = {**_CHOICES, **_SHARES, **_EVENTS, **_DEVICE, **_SETTINGS}


def _key(value: str) -> str:
    return " ".join(value.split()).casefold()


def known_value(value: str, fmt: Formatter) -> str | None:
    """The value in the report's language when it is a known export word, else None (quote it)."""
    message = KNOWN_VALUES.get(_key(value))
    return fmt.gettext(message) if message is not None else None
