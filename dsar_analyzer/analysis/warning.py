"""Typed warnings: a choice the analysis overruled, as a code, its parameters and an English message id.

A warning is data, not text: ``code`` says what happened (callers branch on it), ``parameters`` hold
the values it names (dates stay dates), and ``message``/``reason`` are English message ids that
the report's gettext catalogue translates. ``text()`` writes the sentence; the report stage passes
its own ``gettext`` and date format so the sentence is in the report's language
(``dsar_analyzer.report.i18n.warning_text``). The library never prints a warning: it returns them
in ``Analysis.warnings`` and each door (command line, batch manifest, local page, report) shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

#: Every warning code the analysis can give. A new code is added here, never renamed.
WarningCode = Literal[
    # a birth date given to the tool (case file, --birth-date, the page's field) was refused;
    # the plausible self-declared birth date of the export is used instead
    "given_birth_date_refused_self_declared_used",
    # a given birth date was refused and the export holds no usable birth date: every age is unknown
    "given_birth_date_refused_no_birth_date",
    # the self-declared birth date of the export cannot be used (impossible or unreadable)
    "self_declared_birth_date_refused",
    # the birth date used makes the child implausibly young at the first record; it is used all the same
    "birth_date_implausible",
]


def _iso(value: date) -> str:
    return value.isoformat()


def _same(message: str) -> str:
    return message


class AnalysisWarning(BaseModel):
    """One overruled choice: what happened (``code``), with which values, and how to say it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: WarningCode
    parameters: dict[str, date | int | str]
    #: English message id of the sentence; ``{reason}`` in it stands for the translated ``reason``.
    message: str
    #: English message id of the reason (may be empty), formatted with the same parameters.
    reason: str = ""

    def text(self, gettext: Callable[[str], str] = _same, date_format: Callable[[date], str] = _iso) -> str:
        """The sentence, translated by ``gettext`` with dates written by ``date_format`` (default: English, ISO)."""
        values = {key: date_format(value) if isinstance(value, date) else str(value)
                  for key, value in self.parameters.items()}
        reason = gettext(self.reason).format(**values) if self.reason else ""
        return gettext(self.message).format(reason=reason, **values)

    def __str__(self) -> str:
        return self.text()
