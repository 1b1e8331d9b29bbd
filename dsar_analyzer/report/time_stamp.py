"""A report's time stamp: SOURCE_DATE_EPOCH when set (byte-identical reruns), else now.

Apart from ``context`` so that settling a run's choices (``run.spec``) reads it without loading the
report's context and all it imports, which ``inspect`` never needs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime, timezone


def source_date_epoch(environ: Mapping[str, str] | None = None) -> datetime | None:
    """SOURCE_DATE_EPOCH as a UTC moment (None when unset); ``ValueError`` (one sentence) when unusable."""
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        moment = datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ValueError("must be whole seconds since 1970, e.g. 1767225600.") from None
    if moment.year < 1970:
        raise ValueError(f"{moment.isoformat()} is out of range; give a moment between 1970 and 9999.")
    return moment


def default_generated_at() -> datetime:
    """A report's time stamp: SOURCE_DATE_EPOCH when set (byte-identical reruns), else now; UTC, whole seconds.

    Raises ``ValueError`` (one sentence) when SOURCE_DATE_EPOCH is not whole seconds from 1970 on.
    """
    return source_date_epoch() or datetime.now(tz=timezone.utc).replace(microsecond=0)
