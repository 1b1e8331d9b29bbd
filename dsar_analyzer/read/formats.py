"""Detect an export's generation and language from its keys and file names, never from dates.

Generations coexist in time (G3 and G4 files both date from December 2024, G4 and G5 from late
2025), so the only trustworthy signal is the structure. Detection is reporting only: the parsers
try every known path of every generation, so a file that mixes generations still parses fully.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from dsar_analyzer.read.txt_table import lookup

_UTC_LINE_END = re.compile(rb" UTC\r?\n")

_G5_TOP = {"Likes and Favorites", "Profile And Settings", "Income+ Wallet", "TikTok Live"}
_G4_TOP_WITH_YOUR_ACTIVITY = {"Ads and data", "App Settings", "Profile", "Income Plus Wallet Transactions",
                              "Tiktok Live"}
_G4_INSIDE_YOUR_ACTIVITY = {"Like List", "Follower", "Following", "Favorite Videos"}
_G5_INSIDE_YOUR_ACTIVITY = {"Off TikTok Activity", "Ad Interests", "Instant Form Ads Responses", "Reposts"}
# Keys only the 2021-2024 layouts have ("Income Plus Wallet Transactions" also sits in G4, so it
# only counts next to the old "Activity" root).
_OLD_TOP = {"Activity", "Video", "Direct Messages", "Poi Review", "Tiktok Shopping"}


def _children(document: dict[str, Any], key: str) -> set[str]:
    value = document.get(key)
    return set(value) if isinstance(value, dict) else set()


def json_generation(document: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """("G2".."G5", with "+" between generations when mixed, and a variant suffix), evidence."""
    top = set(document)
    found: dict[str, list[str]] = {}
    inside = _children(document, "Your Activity")
    if top & _G5_TOP:
        found.setdefault("G5", []).append(f"top-level keys {sorted(top & _G5_TOP)}")
    if inside & _G5_INSIDE_YOUR_ACTIVITY:
        found.setdefault("G5", []).append(f"'Your Activity' holds {sorted(inside & _G5_INSIDE_YOUR_ACTIVITY)}")
    if "Your Activity" in top and top & _G4_TOP_WITH_YOUR_ACTIVITY:
        found.setdefault("G4", []).append(f"'Your Activity' next to {sorted(top & _G4_TOP_WITH_YOUR_ACTIVITY)}")
    if inside & _G4_INSIDE_YOUR_ACTIVITY:
        found.setdefault("G4", []).append(f"'Your Activity' holds {sorted(inside & _G4_INSIDE_YOUR_ACTIVITY)}")
    old = _old_generation(document, top)
    if old:
        found.setdefault(old[0], []).extend(old[1])
    if not found:
        return "unknown", ("no top-level key identifies a generation",)
    generation = "+".join(sorted(found))
    variant = _variant(document, top)
    evidence = tuple(e for g in sorted(found) for e in found[g])
    return (f"{generation}-{variant}" if variant else generation), evidence


def _old_generation(document: dict[str, Any], top: set[str]) -> tuple[str, list[str]] | None:
    profile = _children(document, "Profile")
    if not (top & _OLD_TOP or profile & {"Profile Information", "Follower List", "AIMoji", "Auto Fill"}):
        return None
    markers = [f"top-level key {k!r}" for k in sorted(top & {"Poi Review"})]
    if "Activity" in top and "Income Plus Wallet Transactions" in top:
        markers.append("'Income Plus Wallet Transactions' next to 'Activity'")
    if "RecentlyDeletedPosts" in _children(document, "Video"):
        markers.append("'Video' holds 'RecentlyDeletedPosts'")
    if "AIMoji" in profile:
        markers.append("'Profile' holds 'AIMoji'")
    if {"POI Review", "Comments"} & _children(document, "Activity"):
        markers.append("'Activity' holds 'POI Review' or 'Comments' (2024 partial export)")
    if "Follower List" in profile:
        markers.append("'Profile' holds 'Follower List' (2024 US layout)")
    if markers:
        return "G3", markers
    return "G2", ["2021-2023 keys without any 2024 key"]


def _variant(document: dict[str, Any], top: set[str]) -> str:
    if top == {"Activity"}:
        return "activity-only"
    if "Follower List" in _children(document, "Profile"):
        return "us"
    return ""


def json_language(document: dict[str, Any]) -> tuple[str, str]:
    """JSON keys are English in every account language; the app language setting tells more."""
    for path in (("App Settings", "Settings", "SettingsMap"), ("Profile And Settings", "Settings", "SettingsMap")):
        node: Any = document
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        language = node.get("App Language") if isinstance(node, dict) else None
        if isinstance(language, str) and language.strip():
            code = {"english": "en", "nederlands": "nl", "dutch": "nl"}.get(language.strip().casefold())
            if code:
                return code, f"setting 'App Language' is {language!r}"
    return "en", "JSON keys are English in every account language; no app language setting says otherwise"


def txt_generation(members: Iterable[tuple[str, bytes]]) -> tuple[str, tuple[str, ...]]:
    """txt-2020, txt-2023 or txt-2025 from file names, key names and the " UTC" suffix."""
    found: dict[str, list[str]] = {}
    for name, data in members:
        spec = lookup(name)
        if spec is None:
            continue
        base = name.rsplit("/", 1)[-1]
        if spec.generation_hint:
            found.setdefault(spec.generation_hint, []).append(f"file {base!r}")
        if b"\nVideo Link: " in data or data.startswith(b"Date: ") and b"Video Link: " in data[:200]:
            found.setdefault("txt-2020", []).append(f"key 'Video Link' in {base!r}")
        if spec.section_id not in ("logins", "direct_messages") and _UTC_LINE_END.search(data[:4096]):
            found.setdefault("txt-2025", []).append(f"times end in ' UTC' in {base!r}")
    if not found:
        return "txt-unknown", ("no file name or key identifies a TXT generation",)
    generation = max(found, key=lambda g: (len(found[g]), g))
    evidence = tuple(e for g in sorted(found) for e in found[g][:3])
    return generation, evidence


def txt_language(names: Iterable[str]) -> tuple[str, str]:
    counts = {"en": 0, "nl": 0}
    for name in names:
        spec = lookup(name)
        if spec and spec.language in counts:
            counts[spec.language] += 1
    if counts["nl"] > counts["en"]:
        return "nl", f"{counts['nl']} Dutch file names, {counts['en']} English"
    return "en", f"{counts['en']} English file names, {counts['nl']} Dutch"
