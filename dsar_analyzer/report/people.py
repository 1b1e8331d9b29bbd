"""Short, stable names for the people in one report: "person 1", "person 2", and the child's own account.

A redacted report must not show who the child's followers and chat partners are, but a reader must
still tell them apart ("the same person sent all six messages"; a blocked account is no friend, so the label is neutral) and tell the child from the
others. Every other person gets a number in the order they first appear in the export (sections
in a fixed order, records in export order), so the labels are the same each time the same export
is reported. The numbers say nothing about the names: no initial, no length, no order of the alphabet.

Claim copies keep the keyed pseudonyms of ``redact`` for other people (a claim handler counts
distinct people across a case with them); only the child's own account is named as such there.
"""

from __future__ import annotations

from collections.abc import Callable

from dsar_analyzer.records.export import Export
from dsar_analyzer.report.i18n import Formatter
from dsar_analyzer.report.redact import Mode, normalise_username
from dsar_analyzer.report.redaction_table import FIELD_ACTIONS, PERSON


def person_fields() -> list[tuple[str, str]]:
    """(section id, field) of every field the redaction table treats as another person's name."""
    return [(section_id, name) for section_id, actions in FIELD_ACTIONS.items()
            for name, action in actions.items() if action is PERSON]


def numbering(export: Export, own: frozenset[str]) -> dict[str, int]:
    """Normalised username -> its number, in order of first appearance; the child's names left out."""
    own_keys = {normalise_username(name) for name in own}
    numbers: dict[str, int] = {}
    for section_id, name in person_fields():
        records = export.sections.get(section_id)
        if records is None:
            continue
        for value in records.column(name):
            if not isinstance(value, str) or not value.strip():
                continue
            key = normalise_username(value)
            if key not in own_keys and key not in numbers:
                numbers[key] = len(numbers) + 1
    return numbers


def person_labeller(export: Export, own: frozenset[str], mode: Mode,
                    fmt: Formatter) -> Callable[[str], str | None] | None:
    """The ``Redactor.person_label`` of one report (None in FULL: names are shown as they are)."""
    if mode is Mode.FULL:
        return None
    own_keys = {normalise_username(name) for name in own}
    child = fmt.gettext("the child's own account")
    numbers = numbering(export, own) if mode is Mode.REDACTED else {}
    friend = fmt.gettext("person {n}")

    def label(value: str) -> str | None:
        key = normalise_username(value)
        if key in own_keys:
            return child
        number = numbers.get(key)
        return friend.format(n=number) if number is not None else None
    return label
