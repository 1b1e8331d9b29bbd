"""Why the reader decided on a generation, in the report's language, with the export's keys quoted.

``read.formats`` writes its evidence as short English notes (``top-level keys ['Income+ Wallet']``,
``times end in ' UTC' in 'Watch History.txt'``). The report rewrites each known note from the
catalogue, keeping the keys and file names (the export's own words) in code type; a note it does
not know is shown whole in code type, as the tool wrote it, never as an English sentence.
"""

from __future__ import annotations

import ast
import re

from markupsafe import Markup, escape

from dsar_analyzer.report.i18n import Formatter
from dsar_analyzer.report.labels import N_
from dsar_analyzer.report.visible import visible

_NAME = r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""
_NAMES = r"\[(?:[^\]])*\]"

#: Pattern of a note -> message id; the groups are keys or file names, shown in code type.
_NOTES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), message) for pattern, message in (
    (rf"top-level keys (?P<a>{_NAMES})", N_("keys at the top level: {a}")),
    (rf"top-level key (?P<a>{_NAME})", N_("key at the top level: {a}")),
    (rf"(?P<a>{_NAME}) holds (?P<b>{_NAMES}|{_NAME}) or (?P<c>{_NAME}) \(2024 partial export\)",
     N_("{a} holds {b} or {c} (partial export of 2024)")),
    (rf"(?P<a>{_NAME}) holds (?P<b>{_NAMES}|{_NAME}) \(2024 US layout\)", N_("{a} holds {b} (US layout of 2024)")),
    (rf"(?P<a>{_NAME}) holds (?P<b>{_NAMES}|{_NAME})", N_("{a} holds {b}")),
    (rf"(?P<a>{_NAME}) next to (?P<b>{_NAMES}|{_NAME})", N_("{a} next to {b}")),
    (r"2021-2023 keys without any 2024 key", N_("keys of 2021-2023 without any key of 2024")),
    (r"no top-level key identifies a generation", N_("no key at the top level identifies a generation")),
    (rf"file (?P<a>{_NAME})", N_("file {a}")),
    (rf"key (?P<a>{_NAME}) in (?P<b>{_NAME})", N_("key {a} in {b}")),
    (rf"times end in (?P<a>' UTC') in (?P<b>{_NAME})", N_("times end in {a} in {b}")),
    (r"no file name or key identifies a TXT generation", N_("no file name or key identifies a TXT generation")),
))


def _words(group: str) -> Markup:
    """A quoted key or a list of them, each in code type (escaped)."""
    try:
        value = ast.literal_eval(group)
    except (ValueError, SyntaxError):
        value = group
    names = value if isinstance(value, list) else [value]
    return Markup(", ").join(Markup("<code>{}</code>").format(visible(str(name))) for name in names)


def evidence_note(note: str, fmt: Formatter) -> Markup:
    """One note in the report's language (Markup: keys in code type, everything else escaped)."""
    for pattern, message in _NOTES:
        match = pattern.fullmatch(note)
        if match:
            parts = {name: _words(value) for name, value in match.groupdict().items() if value is not None}
            return Markup(escape(fmt.gettext(message))).format(**parts)
    return Markup("<code>{}</code>").format(visible(note))


def generation_evidence(notes: tuple[str, ...] | list[str], fmt: Formatter) -> Markup:
    """All notes, separated by semicolons."""
    return Markup("; ").join(evidence_note(note, fmt) for note in notes)
