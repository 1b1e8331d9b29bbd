"""What of a child's export a report may show: masking, withholding and pseudonyms.

A report about a minor holds personal data of the child and of other people (chat partners,
followers, people who received gifts). Data minimisation (GDPR Art. 5(1)(c)), the rights of
others in an access copy (Art. 15(4)) and the extra care owed to children (Recital 38) decide
what each mode shows. Three modes:

* ``FULL``: everything as the export states it, for the family's own use.
* ``REDACTED`` (the default): the facts stay (dates, counts, settings, device models, the child's
  username); content the child wrote is withheld and replaced by its length; contact details,
  IP addresses and device identifiers are masked; other people are shortened to an initial.
* ``CLAIM``: ``REDACTED``, and every username (the child's and other people's) becomes a keyed
  pseudonym, so a claim handler can count distinct people without learning who they are.

Masking rules:

* IP addresses are truncated to their network: IPv4 to /24 (last octet zeroed), IPv6 to /48
  (last 80 bits zeroed). That still allows a coarse location; an IPv4 address carried in IPv6
  (``::ffff:a.b.c.d``) is treated as the IPv4 address it carries.
* Pseudonyms are HMAC-SHA-256 with a secret per-case key that is never written into the report.
  A plain, unkeyed hash would be no protection: usernames (like IPv4 addresses) come from a small
  space that can be hashed completely, so anyone could reverse an unkeyed hash by trying names.
  Pseudonymised data is still personal data (Art. 4(5)); the pseudonym only hides the name from
  the reader of the report. The key must be at least 32 bytes (256 bits).
* Identifiers (IDFA, GAID, Android ID, IDFV, UID, DID, Web ID, order numbers) are shortened to
  their last 4 characters. An all-zero id (what iOS reports when tracking is limited) is a fact
  about a setting, not personal data, and is said so in every mode.
* Withheld text is replaced by its length in code points and nothing else: no character of the
  withheld text ever reaches the placeholder.

Absent values (None or "") stay None in every mode. Every function is deterministic: no
randomness, no clock. This module does not escape HTML (the templates do); it never crashes on
any ``str`` (lone surrogates, control characters, bidi overrides, very long strings). Where a
single character of a value is shown (an initial, the first letter of an e-mail address, the last
4 characters of an id), characters that would be invisible or reorder the text (control, format,
bidi and combining characters, separators) are shown as ``?``.

The table that applies these methods field by field is ``redaction_table``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from dsar_analyzer.analysis.location import mask_ip
from dsar_analyzer.report.mode import Mode
from dsar_analyzer.report.placeholders import (
    ALL_ZERO_ID,
    CHILD_IN_CLAIM,
    INVALID_EMAIL,
    INVALID_IP,
    INVALID_PHONE,
    LINK_WITHHELD,
    PRECISE_LOCATION,
    PRIVATE_MEDIA,
    PROFILE_LINK,
    SHORT_ID,
    counted,
)

__all__ = [
    "MIN_KEY_BYTES",
    "Mode",
    "Redactor",
    "is_all_zero_id",
    "mask_ip_address",
    "normalise_username",
]

#: Shortest per-case key accepted for HMAC-SHA-256 pseudonyms: 32 bytes, as long as the hash output
#: (RFC 2104 section 3 calls shorter keys "strongly discouraged"); `dsar-analyzer keygen` makes one.
MIN_KEY_BYTES = 32
#: Hex digits of the HMAC shown in a pseudonym (``person-3f9a1c20b7``): 40 bits, so two of even
#: 100,000 distinct names collide with a chance under 1 in 200.
PSEUDONYM_HEX = 10


# -- small helpers ------------------------------------------------------------------------------

def absent(value: object) -> bool:
    """None and "" are absent; any other non-str is a caller error (never silently rendered)."""
    if value is None:
        return True
    if not isinstance(value, str):
        raise TypeError(f"expected text or None, got {type(value).__name__}")
    return value == ""


_SHOWN_CATEGORIES = ("L", "N", "P", "S")


def shown(char: str) -> str:
    """A character that may be shown on its own: letters, digits, punctuation, symbols; else ``?``.

    Control, format (bidi overrides, zero-width), combining, separator, surrogate and unassigned
    characters would be invisible or would reorder the text around them.
    """
    if len(char) != 1:
        return "?"
    category = unicodedata.category(char)
    return char if category[0] in _SHOWN_CATEGORIES else "?"


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


_KIND_RE = re.compile(r"[A-Za-z][A-Za-z -]{0,39}")


def check_kind(kind: str) -> str:
    """A placeholder label is a constant from code, never data: letters, spaces and hyphens only."""
    if not isinstance(kind, str) or not _KIND_RE.fullmatch(kind):
        raise ValueError(f"a placeholder label must be 1-40 letters, spaces or hyphens, got {kind!r}")
    return kind


def _withheld_text(text: str, kind: str) -> str:
    return counted(kind, len(text), "character")


def normalise_username(value: str) -> str:
    """The form under which two spellings of a username are the same person.

    Whitespace and a leading ``@`` are dropped, then NFC and Unicode case folding (TikTok
    usernames are case-insensitive).
    """
    text = unicodedata.normalize("NFC", value.strip().removeprefix("@"))
    return unicodedata.normalize("NFC", text.casefold())


def mask_ip_address(value: str) -> str:
    """IPv4 to its /24 network, IPv6 to its /48; ``(invalid IP)`` for anything that is no address."""
    masked = mask_ip(value)
    return INVALID_IP if masked == "invalid" else masked


# -- e-mail ---------------------------------------------------------------------------------------

_TLD_RE = re.compile(r"(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59})", re.IGNORECASE)


def _mask_email(value: str) -> str:
    text = value.strip()
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain or any(c.isspace() for c in text):
        return INVALID_EMAIL
    labels = domain.rstrip(".").split(".")
    if any(label == "" for label in labels):
        return INVALID_EMAIL
    masked = f"{shown(local[0])}***@{shown(labels[0][0])}***"
    if len(labels) > 1:
        tld = labels[-1]
        masked += f".{tld}" if _TLD_RE.fullmatch(tld) else ".***"
    return masked


# -- phone ------------------------------------------------------------------------------------------

# Country calling codes (ITU-T E.164) form a prefix-free set: 1 and 7 are one digit, these are
# two digits, every other code is three digits. So the length of a code is known from its digits.
_TWO_DIGIT_CODES = frozenset({
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
    "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84",
    "86", "90", "91", "92", "93", "94", "95", "98",
})
_PHONE_CHARS = frozenset("0123456789 +-.()/")
_MIN_HIDDEN_DIGITS = 3


def _country_code(digits: str) -> str:
    if digits[:1] in ("1", "7"):
        return digits[:1]
    if digits[:2] in _TWO_DIGIT_CODES:
        return digits[:2]
    return digits[:3]


def _mask_phone(value: str) -> str:
    text = value.strip()
    if not text or any(c not in _PHONE_CHARS for c in text) or "+" in text[1:]:
        return INVALID_PHONE
    digits = "".join(c for c in text if c.isdigit())
    international = text.startswith("+") or text.startswith("00")
    if international:
        digits = digits[2:] if text.startswith("00") else digits
        code = _country_code(digits)
        national = digits[len(code):]
        if len(code) == 0 or len(national) < _MIN_HIDDEN_DIGITS + 2:
            return INVALID_PHONE
        stars = "*" * (len(national) - 2)
        grouped = " ".join(stars[i:i + 2] for i in range(0, len(stars), 2))
        return f"+{code} {grouped}{national[-2:]}"
    if len(digits) < _MIN_HIDDEN_DIGITS + 2:
        return INVALID_PHONE
    return "*" * (len(digits) - 2) + digits[-2:]


# -- identifiers ------------------------------------------------------------------------------------

_ID_TAIL = 4
_MIN_ID_LENGTH = 9  # an id must be longer than twice its tail for the tail to hide anything


def is_all_zero_id(value: str) -> bool:
    """``00000000-0000-0000-0000-000000000000`` and the like: zeros and hyphens only."""
    text = value.strip()
    return "0" in text and set(text) <= {"0", "-"}


# -- links ------------------------------------------------------------------------------------------

#: Hosts whose links are public catalogue pages (a video, a sound, a hashtag, an effect).
_PUBLIC_HOSTS = frozenset({
    "tiktok.com", "www.tiktok.com", "m.tiktok.com", "vm.tiktok.com", "vt.tiktok.com",
    "tiktokv.com", "www.tiktokv.com", "m.tiktokv.com",
})
#: TikTok's media storage and CDN hosts: links there are signed copies of the child's own media.
_MEDIA_HOST_RE = re.compile(
    r"(?:^|\.)(?:ibyteimg\.com|byteimg\.com|ibytedtos\.com|muscdn\.com|tiktokcdn(?:-[a-z]+)?\.com"
    r"|tiktokv\.(?:com|us|eu))$")
_SIGNATURE_PARAMS = ("x-signature", "x-expires", "signature=", "expires=")
#: Paths naming an account by number rather than by ``@name``.
_ACCOUNT_PATHS = ("/share/user/", "/h5/share/usr/", "/user/profile/")
_DNS_HOST_RE = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}")
_SAFE_PATH_RE = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=:@%/-]*")


@dataclass(frozen=True, slots=True)
class _Link:
    scheme: str
    host: str
    path: str
    query: str
    fragment: str
    extra: bool  # user info or a port


def _split_link(value: str) -> _Link | None:
    """The parts of an http(s) link, or None for anything that is not one (never raises)."""
    text = value.strip()
    if any(not c.isprintable() or c.isspace() for c in text):
        return None
    try:
        parts = urlsplit(text)
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return _Link(parts.scheme.lower(), host, parts.path, parts.query, parts.fragment,
                 parts.username is not None or parts.password is not None or port is not None)


def _is_media(link: _Link) -> bool:
    """A signed or stored media file rather than a public page."""
    if link.host in _PUBLIC_HOSTS and not link.path.startswith("/storage"):
        return any(p in link.query.lower() for p in _SIGNATURE_PARAMS)
    return bool(_MEDIA_HOST_RE.search(link.host))


# -- the redactor -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Redactor:
    """Masks, withholds or pseudonymises single values according to ``mode``.

    ``case_key`` is the secret HMAC-SHA-256 key of one case (at least 32 bytes, required for
    ``CLAIM``); it is left out of ``repr`` so it cannot end up in a log. ``own_usernames`` are
    the child's own usernames (any spelling, ``@`` optional, case-insensitive): they are never
    treated as a third party. ``person_label``, when given, names people for one report outside
    FULL (``person 2``, ``the child``; see ``report.people``); a name it does not know (None) falls
    back to the mode's rule below.
    """

    mode: Mode = Mode.REDACTED
    case_key: bytes | None = field(default=None, repr=False)
    own_usernames: frozenset[str] = frozenset()
    person_label: Callable[[str], str | None] | None = field(default=None, repr=False, compare=False)
    _own: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            mode = Mode(self.mode)
        except ValueError:
            raise ValueError(f"unknown mode {self.mode!r}; choose one of {', '.join(Mode)}") from None
        object.__setattr__(self, "mode", mode)
        if self.case_key is not None:
            if not isinstance(self.case_key, (bytes, bytearray)):
                raise TypeError("case_key must be bytes")
            if len(self.case_key) < MIN_KEY_BYTES:
                raise ValueError(f"case_key must be at least {MIN_KEY_BYTES} bytes (it is {len(self.case_key)})")
            object.__setattr__(self, "case_key", bytes(self.case_key))
        if mode is Mode.CLAIM and self.case_key is None:
            raise ValueError("claim mode needs a secret per-case key (case_key, at least "
                             f"{MIN_KEY_BYTES} bytes) to pseudonymise usernames; without a key, "
                             "pseudonyms could be reversed by hashing candidate names")
        if isinstance(self.own_usernames, str) or not isinstance(self.own_usernames, Iterable):
            raise TypeError("own_usernames must be a collection of usernames, not a single string")
        names = frozenset(self.own_usernames)
        if not all(isinstance(name, str) for name in names):
            raise TypeError("own_usernames must hold strings")
        object.__setattr__(self, "own_usernames", names)
        object.__setattr__(self, "_own", frozenset(normalise_username(n) for n in names if n.strip()))

    # -- internals

    @property
    def full(self) -> bool:
        return self.mode is Mode.FULL

    def _digest(self, value: str) -> str:
        if self.case_key is None:  # only reachable outside CLAIM mode
            raise ValueError("pseudonyms need a case_key")
        message = normalise_username(value).encode("utf-8", "surrogatepass")
        return hmac.new(self.case_key, message, hashlib.sha256).hexdigest()[:PSEUDONYM_HEX]

    def _is_own(self, value: str) -> bool:
        return normalise_username(value) in self._own

    # -- one method per kind of value

    def ip(self, value: str | None) -> str | None:
        """IPv4 -> ``203.0.113.0/24``, IPv6 -> ``2001:db8:1::/48``; FULL: as is."""
        if absent(value):
            return None
        assert value is not None
        return value if self.full else mask_ip_address(value)

    def email(self, value: str | None) -> str | None:
        """``jane.doe@mail.example.com`` -> ``j***@m***.com``; FULL: as is."""
        if absent(value):
            return None
        assert value is not None
        return value if self.full else _mask_email(value)

    def phone(self, value: str | None) -> str | None:
        """``+31612345612`` -> ``+31 ** ** ** *12``; ``0612345612`` -> ``********12``; FULL: as is."""
        if absent(value):
            return None
        assert value is not None
        return value if self.full else _mask_phone(value)

    def identifier(self, value: str | None) -> str | None:
        """A device, advertising or account id -> ``…`` and its last 4 characters; FULL: as is.

        An all-zero id says tracking was limited; that is shown in every mode.
        """
        if absent(value):
            return None
        assert value is not None
        if is_all_zero_id(value):
            return ALL_ZERO_ID
        if self.full:
            return value
        text = value.strip()
        if len(text) < _MIN_ID_LENGTH:
            return SHORT_ID
        return "…" + "".join(shown(c) for c in text[-_ID_TAIL:])

    def text(self, value: str | None, *, kind: str) -> str | None:
        """Text someone wrote -> ``(message withheld: 12 characters)``; FULL: as is.

        ``kind`` names what was withheld (a constant such as ``"message"``); only the length in
        code points of the text is shown.
        """
        check_kind(kind)
        if absent(value):
            return None
        assert value is not None
        return value if self.full else _withheld_text(value, kind)

    def person(self, value: str | None) -> str | None:
        """Another person's username: REDACTED ``j***``; CLAIM ``person-3f9a1c20b7``; FULL as is.

        The child's own usernames are not a third party: unchanged, and ``child`` in CLAIM.
        """
        if absent(value):
            return None
        assert value is not None
        if self.person_label is not None and not self.full:
            label = self.person_label(value)
            if label is not None:
                return label
        if self._is_own(value):
            return CHILD_IN_CLAIM if self.mode is Mode.CLAIM else value
        if self.mode is Mode.FULL:
            return value
        if self.mode is Mode.CLAIM:
            return f"person-{self._digest(value)}"
        name = value.strip().removeprefix("@")
        return f"{shown(name[0]) if name else '?'}***"

    def chosen_name(self, value: str, *, is_file: bool) -> str:
        """A folder or file name someone chose (often the child's name): CLAIM ``folder-3f9a1c20b7`` (a
        file keeps a short extension: ``file-3f9a1c20b7.txt``); other modes as is."""
        if self.mode is not Mode.CLAIM or not value:
            return value
        stem, dot, extension = value.rpartition(".") if is_file else ("", "", "")
        keep = f".{extension}" if dot and stem and extension.isascii() and extension.isalnum() and len(extension) <= 5 else ""
        return f"{'file' if is_file else 'folder'}-{self._digest(value)}{keep}"

    def child_name(self, value: str | None) -> str | None:
        """The child's username: as is, except CLAIM ``child-3f9a1c``."""
        if absent(value):
            return None
        assert value is not None
        return f"child-{self._digest(value)}" if self.mode is Mode.CLAIM else value

    def url(self, value: str | None) -> str | None:
        """A link: public TikTok pages kept, private media withheld, other sites cut to their host.

        * TikTok video, sound, hashtag and effect pages are public catalogue links: kept (a query
          string, which can carry the sharer's ids, is dropped). An ``@name`` in the path goes
          through ``person``.
        * Signed media links (TikTok storage and CDN hosts such as ``*.ibyteimg.com``,
          ``*.tiktokcdn*.com``, ``*.tiktokv.com/storage``) point at the child's own photos and
          videos: ``(private media link withheld)``.
        * A link to an account by number: ``(profile link withheld)``.
        * Any other web link: its scheme and host only (``https://example.com/…``).
        * Not an http(s) link: ``(link withheld)``.

        FULL: as is.
        """
        if absent(value):
            return None
        assert value is not None
        if self.full:
            return value
        return self._link(value, media_only=False)

    def media(self, value: str | None) -> str | None:
        """A link to the child's own photo or video: like ``url``, but only public TikTok pages are kept."""
        if absent(value):
            return None
        assert value is not None
        if self.full:
            return value
        return self._link(value, media_only=True)

    def _link(self, value: str, *, media_only: bool) -> str:
        link = _split_link(value)
        if link is None:
            return PRIVATE_MEDIA if media_only else LINK_WITHHELD
        if _is_media(link):
            return PRIVATE_MEDIA
        if link.host in _PUBLIC_HOSTS:
            return self._public_link(link)
        if media_only:
            return PRIVATE_MEDIA
        if not _DNS_HOST_RE.fullmatch(link.host):
            return LINK_WITHHELD  # an IP address or an odd host name: could be anything
        return f"{link.scheme}://{link.host}/…"

    def _public_link(self, link: _Link) -> str:
        """A public TikTok page without query or fragment; an ``@name`` in it goes through ``person``."""
        path = link.path or "/"
        if not _SAFE_PATH_RE.fullmatch(path):
            return LINK_WITHHELD
        if path.startswith(_ACCOUNT_PATHS):
            return PROFILE_LINK
        if path.startswith("/@"):
            name, slash, rest = path[2:].partition("/")
            if not name:
                return PROFILE_LINK
            path = f"/@{self.person(name)}{slash}{rest}"
        return urlunsplit((link.scheme, link.host, path, "", ""))

    def location(self, value: str | None) -> str | None:
        """GPS data, a place name -> ``(precise location withheld)``; a region code (``NL``) is kept."""
        if absent(value):
            return None
        assert value is not None
        if self.full or _REGION_RE.fullmatch(value.strip()):
            return value
        return PRECISE_LOCATION

    def describe(self) -> str:
        """One sentence for the report cover: what this mode shows and what it hides."""
        return _DESCRIPTIONS[self.mode]


_REGION_RE = re.compile(r"[A-Z]{2,3}(?:-[A-Z0-9]{1,3})?")  # NL, NLD, US-CA

_DESCRIPTIONS = {
    Mode.FULL: (
        "Full mode: this report shows everything in the export as TikTok provided it, including messages, "
        "searches, contact details, IP addresses, device identifiers and other people's usernames, and is meant "
        "only for the family's own use."),
    Mode.REDACTED: (
        "Redacted mode: this report shows dates, counts, settings, devices and the child's username, but "
        "withholds the text of messages, comments, searches and other writing (showing only its length), masks "
        "e-mail addresses, phone numbers, IP addresses (to their /24 or /48 network) and device identifiers "
        "(last 4 characters), shortens other people's usernames to their first letter and withholds private "
        "photo and video links and precise locations."),
    Mode.CLAIM: (
        "Claim mode: this report shows dates, counts, settings and devices for a claim handler, withholds all "
        "written content (showing only its length), masks e-mail addresses, phone numbers, IP addresses (to "
        "their /24 or /48 network) and device identifiers (last 4 characters), withholds private photo and "
        "video links and precise locations, and replaces the child's and other people's usernames with "
        "pseudonyms made with a secret key of this case, which stay the same throughout the case."),
}
