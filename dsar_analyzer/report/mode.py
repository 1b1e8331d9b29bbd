"""The report modes (redacted, full, claim): how much of the export a report shows.

Apart from the redaction mechanisms (``redact``, which re-exports it) because every run settles a
mode, and ``inspect``, which renders nothing, should not import those mechanisms and the report's
wording to name it.
"""

from __future__ import annotations

from enum import StrEnum


class Mode(StrEnum):
    """How much of the export a report shows."""

    REDACTED = "redacted"
    FULL = "full"
    CLAIM = "claim"
