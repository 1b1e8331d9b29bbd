"""Placeholders the redactor writes in place of a value, kept translatable until a report shows them.

A placeholder is a ``str`` (so code and tests that compare it with its English text keep working)
that also remembers what it stands for: a fixed message, or a kind of text with a count and a
unit. ``in_language`` writes it in the report's language from the gettext catalogue. Only the
redactor makes these objects, so text from the export that merely looks like a placeholder is never
mistaken for one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dsar_analyzer.report.labels import N_

if TYPE_CHECKING:
    from dsar_analyzer.report.i18n import Formatter


class Withheld(str):
    """A redactor's placeholder: its English text, plus the message, kind and amount behind it.

    The extra names do not shadow ``str`` methods (``count``, ``translate``): the value must behave as
    the plain string it compares equal to.
    """

    message: str
    kind: str
    amount: int | None
    unit: str

    def __new__(cls, message: str, *, kind: str = "", count: int | None = None, unit: str = "") -> Withheld:
        english = _english(message, kind, count, unit)
        self = super().__new__(cls, english)
        self.message, self.kind, self.amount, self.unit = message, kind, count, unit
        return self

    def in_language(self, fmt: Formatter) -> str:
        """The placeholder in the report's language (numbers formatted for it)."""
        kind = fmt.gettext(self.kind) if self.kind else ""
        if self.unit:
            return UNITS[self.unit](fmt, self.amount or 0).format(kind=kind, n=fmt.number(self.amount))
        return fmt.gettext(self.message).format(kind=kind)


#: ``(search term withheld: 22 characters)``: one plural message per unit, so Babel extracts both forms.
UNITS: dict[str, Callable[[Formatter, int], str]] = {
    "character": lambda fmt, n: fmt.ngettext("({kind} withheld: {n} character)",
                                             "({kind} withheld: {n} characters)", n),
    "entry": lambda fmt, n: fmt.ngettext("({kind} withheld: {n} entry)", "({kind} withheld: {n} entries)", n),
    "field": lambda fmt, n: fmt.ngettext("({kind} withheld: {n} field)", "({kind} withheld: {n} fields)", n),
}
_ENGLISH_UNITS = {"character": ("character", "characters"), "entry": ("entry", "entries"),
                  "field": ("field", "fields")}


def _english(message: str, kind: str, count: int | None, unit: str) -> str:
    if unit:
        one, many = _ENGLISH_UNITS[unit]
        return f"({kind} withheld: {count} {one if count == 1 else many})"
    return message.format(kind=kind)


def counted(kind: str, count: int, unit: str) -> Withheld:
    """``(comment withheld: 23 characters)``, ``(AI avatar withheld: 3 entries)``."""
    return Withheld("", kind=kind, count=count, unit=unit)


KIND_ONLY = N_("({kind} withheld)")

#: What the redactor withholds, by the constant its table names (a test checks the table uses only these).
KINDS = (
    N_("search term"), N_("comment"), N_("message"), N_("hashtag"), N_("review"), N_("sound name"),
    N_("LIVE comment"), N_("LIVE question"), N_("LIVE title"), N_("caption"), N_("post text"),
    N_("collection name"), N_("muted accounts"), N_("chat title"), N_("assistant chat message"),
    N_("display name"), N_("bio"), N_("AI self image"), N_("fundraiser"), N_("linked platform"),
    N_("first name"), N_("last name"), N_("address"), N_("postcode"), N_("city"), N_("AI avatar"),
    N_("alt text"), N_("order note"), N_("receiver"), N_("shop message"), N_("unrecognised field"),
    N_("unlisted field"), N_("unexpected value"), N_("amount"),
)

INVALID_IP = Withheld(N_("(invalid IP)"))
INVALID_EMAIL = Withheld(N_("(invalid e-mail address)"))
INVALID_PHONE = Withheld(N_("(invalid phone number)"))
ALL_ZERO_ID = Withheld(N_("(all zeros: tracking disabled)"))
SHORT_ID = Withheld(N_("(short identifier withheld)"))
PRIVATE_MEDIA = Withheld(N_("(private media link withheld)"))
PROFILE_LINK = Withheld(N_("(profile link withheld)"))
LINK_WITHHELD = Withheld(N_("(link withheld)"))
PRECISE_LOCATION = Withheld(N_("(precise location withheld)"))
CHILD_IN_CLAIM = Withheld(N_("child"))
