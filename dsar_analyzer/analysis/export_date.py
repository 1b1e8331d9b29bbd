"""When the export was made: from a ``TikTok_Data_<epoch>`` name, else from the members' ZIP timestamps.

TikTok names the download ``TikTok_Data_<seconds since 1970>.zip`` (and sometimes the folder inside
it): that epoch is a UTC moment and the best evidence of when the export was made. A ZIP member
also carries the DOS timestamp written when the archive was packed; it has no zone, so only its
calendar date is used, and only when no name gives the epoch. ``export_date`` says which source it
used and what the other one said. Records that describe the account as it stood at export time
(the profile, settings, device identifiers) are counted as held on this date.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Literal

from pydantic import BaseModel, ConfigDict

from dsar_analyzer.records.export import Export

UTC = timezone.utc
_NAME = re.compile(r"TikTok_Data_(\d{9,13})(?![0-9])", re.IGNORECASE)
#: Epochs outside these years are not taken as an export moment (TikTok's export began after 2016).
_FIRST_YEAR, _LAST_YEAR = 2016, 2100


class ExportDate(BaseModel):
    """The export moment the figures use, its source, and every value seen."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: datetime | None
    source: Literal["file name", "member timestamps", "none"]
    from_name: datetime | None
    name: str | None
    latest_member_timestamp: datetime | None


def _epoch(text: str) -> datetime | None:
    number = int(text)
    if len(text) >= 12:  # milliseconds
        number //= 1000
    try:
        moment = datetime.fromtimestamp(number, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment if _FIRST_YEAR <= moment.year <= _LAST_YEAR else None


def export_date(export: Export) -> ExportDate:
    """The export moment: the epoch in a ``TikTok_Data_<epoch>`` name (input, then members), else the date
    of the latest member timestamp (00:00 UTC of that day; the DOS time itself has no zone)."""
    names = [export.input.name, *(m.name for m in export.ledger.members)]
    from_name, name = None, None
    for candidate in names:
        for match in _NAME.finditer(candidate):
            moment = _epoch(match.group(1))
            if moment is not None:
                from_name, name = moment, match.group(0)
                break
        if from_name is not None:
            break
    stamps = [m.modified for m in export.ledger.members if m.modified is not None
              and _FIRST_YEAR <= m.modified.year <= _LAST_YEAR]
    latest = max(stamps) if stamps else None
    if from_name is not None:
        return ExportDate(value=from_name, source="file name", from_name=from_name, name=name,
                          latest_member_timestamp=latest)
    if latest is not None:
        day = datetime(latest.year, latest.month, latest.day, tzinfo=UTC)
        return ExportDate(value=day, source="member timestamps", from_name=None, name=None,
                          latest_member_timestamp=latest)
    return ExportDate(value=None, source="none", from_name=None, name=None, latest_member_timestamp=None)
