"""Atomic, owner-only writes inside one output folder: a temporary name in the same folder, then rename.

A run that is interrupted or killed leaves either the old file or the new one, never half of one;
temporaries it leaves behind carry ``TEMP_PREFIX`` and are removed by the next run.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

TEMP_PREFIX = ".dsar-tmp-"


def write_atomic(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``folder/name`` (mode 0600) so that readers only ever see a complete file.

    ``name`` must be a plain file name: the output folder is the only place the batch writes to.
    """
    with atomic_file(folder, name) as handle:
        handle.write(data)
    return folder / name


@contextmanager
def atomic_file(folder: Path, name: str) -> Iterator[BinaryIO]:
    """A file to write ``folder/name`` through piece by piece; it appears complete, or not at all."""
    if not name or name != os.path.basename(name) or name in (".", ".."):
        raise ValueError(f"not a plain file name: {name!r}")
    target = folder / name
    temporary = folder / f"{TEMP_PREFIX}{secrets.token_hex(6)}-{name}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(temporary, flags, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            # Durable before the rename: after a power cut the name points at complete bytes.
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def remove_stale_temporaries(folder: Path) -> int:
    """Remove temporaries a killed run left in ``folder``; returns how many were removed."""
    removed = 0
    for entry in os.scandir(folder):
        if entry.name.startswith(TEMP_PREFIX) and entry.is_file(follow_symlinks=False):
            os.unlink(entry.path)
            removed += 1
    return removed
