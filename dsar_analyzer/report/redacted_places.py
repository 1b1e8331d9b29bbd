"""Places in the export (``member#/json/pointer``) and ledger messages as a redacted report may show them.

A JSON pointer can carry a person: chat maps are keyed by the partner's name, and an unknown map
may be keyed by anything (follower names, a chat key that does not follow ``Chat History with
NAME:``). Outside full mode every pointer token is therefore shown only when it is known
vocabulary: a key of the section table, a field spelling of a record model, a list index, or a
setting name under a settings map. Any other token goes through ``Redactor.person``, whatever its
shape. Validation messages may quote a raw value; outside full mode the quote is withheld.

A member path can carry a name too: whoever zipped the export chose the folder around TikTok's
files, often the child's own name. In claim mode every folder and file name that is not TikTok's own
(``read.diagnose.map_member_name``) becomes a keyed pseudonym (``Redactor.chosen_name``), wherever a
place is shown: the ledger, the chain of custody, the tables' ``source_member``.
"""

from __future__ import annotations

import re
from functools import cache

from dsar_analyzer.read.diagnose import map_member_name
from dsar_analyzer.read.json_table import CONTAINERS, PLACES, WRAPPER_KEYS, Shape
from dsar_analyzer.read.validate import alias_index
from dsar_analyzer.records.registry import SECTIONS
from dsar_analyzer.report.redact import Mode, Redactor

#: Direct-message maps are keyed by the chat partner's name: shown as ``Chat History with j***:``.
_CHAT_KEY = re.compile(r"^Chat History with (?P<name>.*?):?$")
_CHAT_KEY_IN_TEXT = re.compile(r"Chat History with (?P<name>[^/]*?):(?=/|$)")
#: A Python repr of a string, as pydantic and the value parsers quote raw input.
_QUOTED = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\"""")
#: Keys the parser itself writes next to messages of a titled chat.
_PARSER_KEYS = ("Messages", "Chat Title")


@cache
def _vocabulary() -> frozenset[str]:
    words: set[str] = set(WRAPPER_KEYS) | set(_PARSER_KEYS)
    for top, key in CONTAINERS:
        words.update((top, key))
    for place in PLACES:
        words.update(place.items_at)
    for entry in SECTIONS.values():
        words.update(spelling for spellings in alias_index(entry.model)[0].values() for spelling in spellings)
    return frozenset(words)


@cache
def _settings_prefixes() -> tuple[str, ...]:
    """Pointers under which every token is a TikTok setting name, not a person."""
    out = []
    for place in PLACES:
        if place.shape is Shape.SETTINGS:
            tokens = (*place.container, *place.items_at)
            out.append("".join(f"/{_escape(t)}" for t in tokens) + "/")
    return tuple(out)


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _token(token: str, redactor: Redactor) -> str:
    raw = _unescape(token)
    if raw.isascii() and raw.isdigit() or raw in _vocabulary():
        return token
    if chat := _CHAT_KEY.match(raw):
        return _escape(f"Chat History with {redactor.person(chat.group('name')) or ''}:")
    return _escape(redactor.person(raw) or "")


def redact_pointer(pointer: str, redactor: Redactor) -> str:
    """A JSON pointer with every token that may name a person masked (unchanged in full mode)."""
    if redactor.full or not pointer or pointer.startswith(_settings_prefixes()):
        return pointer
    return "".join(f"/{_token(t, redactor)}" for t in pointer.split("/")[1:])


#: The end of a place that is not the member's name: ``:12-20`` (TXT lines) or ``@4096`` (a byte offset).
_PLACE_TAIL = re.compile(r"(?::\d+-\d+|@\d+)$")


def redact_member(member: str, redactor: Redactor) -> str:
    """A member path as this mode may show it: in claim mode, names someone chose are pseudonymised."""
    if redactor.mode is not Mode.CLAIM or not member:
        return member
    return map_member_name(member, lambda part, is_file: redactor.chosen_name(part, is_file=is_file))


def redact_where(where: str, redactor: Redactor) -> str:
    """A source or ledger place (``member#pointer``, ``member:lines`` or a member) as this mode may show it."""
    member, sep, pointer = where.partition("#")
    if sep:
        return f"{redact_member(member, redactor)}#{redact_pointer(pointer, redactor)}"
    tail = _PLACE_TAIL.search(where)
    if tail:
        return redact_member(where[:tail.start()], redactor) + tail.group()
    return redact_member(where, redactor)


def redact_reason(text: str, redactor: Redactor) -> str:
    """A ledger reason: a chat partner's name in a quoted place is shown as the mode shows people."""
    if redactor.full:
        return text
    return _CHAT_KEY_IN_TEXT.sub(lambda m: f"Chat History with {redactor.person(m.group('name')) or ''}:", text)


def redact_error(text: str, redactor: Redactor) -> str:
    """A validation message with any quoted raw value withheld (unchanged in full mode)."""
    if redactor.full:
        return text
    return _QUOTED.sub("(value withheld)", text)
