"""One redacted value as a report shows it: translated, quoted as the export's words, or as sub-rows.

``show`` turns a value (after redaction) into a small tree of plain dicts the templates lay out:

* ``{"kind": "text", "text": ...}``: the report's own words (a date, a number, a placeholder, a
  translated export value, a masked address);
* ``{"kind": "export", "text": ...}``: the export's own words, shown in quotation marks;
* ``{"kind": "link", "href": ..., "text": ...}``: a public TikTok page;
* ``{"kind": "list", "items": [...], "more": n}``: several values;
* ``{"kind": "rows", "rows": [{"label": ..., "key": ..., "value": ...}]}``: a nested record (a LIVE
  comment, a screen-time setting), each field on its own sub-row with a translated label, or the
  export's key in quotation marks when the field has no label.

No JSON and no internal field name ever reaches a report: a nested field either has a label or is
shown under the key TikTok wrote. Lists show at most ``MAX_ITEMS`` entries and say how many more
there are, and nesting stops at ``MAX_DEPTH``, so a hostile export cannot make a report huge.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Any

from dsar_analyzer.report.export_values import known_value
from dsar_analyzer.report.i18n import Formatter
from dsar_analyzer.report.labels import FIELD_LABELS
from dsar_analyzer.report.placeholders import Withheld

#: Hosts whose links a report may show as links (public TikTok pages); anything else stays text.
LINK_HOSTS = ("www.tiktok.com", "m.tiktok.com", "www.tiktokv.com", "vm.tiktok.com")
MAX_ITEMS = 10
MAX_DEPTH = 4
#: Numbers that are codes (a Unix time, a room number): shown digit for digit, without separators.
CODE_NUMBERS = frozenset({"raw_time", "room_id"})

_PSEUDONYM = re.compile(r"(person|child)-([0-9a-f]{6,})")


def text(value: str) -> dict[str, Any]:
    return {"kind": "text", "text": value}


def pseudonym(value: str, fmt: Formatter) -> str:
    """``person-3f9a1c20b7`` with its word in the report's language (the key part stays as it is)."""
    match = _PSEUDONYM.fullmatch(value)
    if not match:
        return value
    word = fmt.gettext("person") if match.group(1) == "person" else fmt.gettext("child")
    return f"{word}-{match.group(2)}"


def show(value: Any, fmt: Formatter, *, quote: bool = True, depth: int = 0) -> dict[str, Any]:
    """A value as the template shows it; ``quote``: plain strings are the export's own words."""
    if isinstance(value, Withheld):
        return text(value.in_language(fmt))
    if isinstance(value, bool):
        return text(fmt.gettext("yes") if value else fmt.gettext("no"))
    if isinstance(value, datetime):
        return text(fmt.moment(value))
    if isinstance(value, date):
        return text(fmt.date(value))
    if isinstance(value, (int, float)):
        return text(fmt.number(value))
    if isinstance(value, str):
        return _show_text(value, fmt, quote=quote)
    if depth >= MAX_DEPTH:
        return text(fmt.gettext("(more nested values, not shown)"))
    if isinstance(value, Mapping):
        return {"kind": "rows", "rows": rows(value, fmt, depth=depth + 1)}
    if isinstance(value, (list, tuple)):
        items = [show(item, fmt, depth=depth + 1) for item in list(value)[:MAX_ITEMS] if not is_empty(item)]
        return {"kind": "list", "items": items, "more": max(0, len(value) - MAX_ITEMS),
                "more_text": fmt.gettext("and {n} more").format(n=fmt.number(len(value) - MAX_ITEMS))}
    return text(fmt.gettext("(a value of an unknown kind, not shown)"))


def _show_text(value: str, fmt: Formatter, *, quote: bool) -> dict[str, Any]:
    if value.startswith("https://") and value.split("/", 3)[2] in LINK_HOSTS:
        return {"kind": "link", "href": value, "text": value}
    known = known_value(value, fmt)
    if known is not None:
        return text(known)
    if _PSEUDONYM.fullmatch(value):
        # A keyed pseudonym: its hex part is no word of any language; shown like a hash.
        return {"kind": "pseudonym", "text": pseudonym(value, fmt)}
    if not quote or not any(c.isalpha() for c in value):
        return text(value)
    return {"kind": "export", "text": value}


def label(name: str, fmt: Formatter) -> dict[str, Any]:
    """A field's label: translated when the field is known, else the export's key in quotation marks."""
    if name in FIELD_LABELS:
        return text(fmt.gettext(FIELD_LABELS[name]))
    known = known_value(name, fmt)
    return text(known) if known is not None else {"kind": "export", "text": name}


def rows(data: Mapping[str, Any], fmt: Formatter, *, depth: int = 0,
         quoted: Mapping[str, bool] | None = None, free_text: Collection[str] = ()) -> list[dict[str, Any]]:
    """Sub-rows of a record or nested value; keys TikTok wrote that no field claims come last.

    ``free_text`` names fields holding what a person wrote: shown as the export's words, never
    translated as a known export value (a comment "Yes" stays "Yes").
    """
    out = []
    for name, value in data.items():
        if name == "unrecognised_fields" or is_empty(value):
            continue
        quote = True if quoted is None else quoted.get(name, True)
        if name in free_text and isinstance(value, str) and not isinstance(value, Withheld):
            shown = {"kind": "export", "text": value} if value.strip() else text(value)
        elif name in CODE_NUMBERS and isinstance(value, int):
            shown = text(str(value))
        else:
            shown = show(value, fmt, quote=quote, depth=depth)
        out.append({"label": label(name, fmt), "value": shown})
    extra = data.get("unrecognised_fields")
    if isinstance(extra, Mapping):
        heading = fmt.gettext(FIELD_LABELS["unrecognised_fields"])
        for key, value in extra.items():
            if not is_empty(value):
                out.append({"label": {"kind": "export", "text": key, "prefix": heading},
                            "value": show(value, fmt, depth=depth)})
    return out


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == () or value == [] or value == {}
