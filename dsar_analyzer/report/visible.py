"""Every string a report prints, with characters that hide or reorder text made visible and isolated.

Bidi controls (U+202A-U+202E, U+2066-U+2069), zero-width characters, other format and control
characters, line/paragraph separators and lone surrogates are shown as ``[U+202E]``, so a name can
neither make a figure beside it read backwards nor hide part of itself. Text holding right-to-left
letters is wrapped in FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE (U+2068 ... U+2069), the plain
text form of ``<bdi>``: it works in the page title and in attributes too, where markup cannot go.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

FSI, PDI = "\u2068", "\u2069"
#: Unicode 14 (Python 3.11) categories Cc (less tab, LF, CR), Cf, Cs, Co, Zl and Zp as one class, so a
#: 30 MB value is scanned by the regex engine, not character by character in Python
#: (tests/test_hostile.py checks it against ``unicodedata`` for every code point).
HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\uf8ff\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
#: Blocks of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo, ..., their presentation forms).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]")


def _shown(match: re.Match[str]) -> str:
    return f"[U+{ord(match.group()):04X}]"


def visible(value: Any) -> Any:
    """Jinja2 ``finalize``: strings made visible and isolated; markup built by the package untouched."""
    if not isinstance(value, str) or isinstance(value, Markup):
        return value
    text = value if value.isprintable() else HIDDEN.sub(_shown, value)
    if _RTL.search(text) and not text.startswith(("https://", "http://")):
        return f"{FSI}{text}{PDI}"
    return text
