"""Reports in the output folder that no manifest row refers to: listed by every run, removed on request.

A corrected case file renames a child's report; the old one would stay behind, referenced by nothing.
Only the tool's own report files count: ``NAME.html`` beside ``NAME.html.sha256`` whose recorded
SHA-256 is the report's (so a file the user put there, or a report edited since, is never touched),
both plain files directly in the folder, never links. ``--prune`` removes the pair.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from dsar_analyzer.batch.resume import file_sha256, is_report_name

_CHECKSUM = re.compile(r"^([0-9a-f]{64})  (.+)\n$")


def _own_report(folder: Path, name: str) -> bool:
    """``name`` is a report this tool wrote: its checksum file names it and holds its SHA-256."""
    try:
        report, checksum = folder / name, folder / f"{name}.sha256"
        if report.is_symlink() or checksum.is_symlink() or not (report.is_file() and checksum.is_file()):
            return False
        if checksum.stat().st_size > 200:
            return False
        match = _CHECKSUM.match(checksum.read_text(encoding="utf-8"))
        if match is None or match.group(2) != name:
            return False
        return file_sha256(str(report))[0] == match.group(1)
    except (OSError, UnicodeDecodeError):
        return False


def stale_reports(folder: Path, referenced: Callable[[str], bool]) -> list[str]:
    """The tool's own reports in ``folder`` for which ``referenced(name)`` is false, sorted by name."""
    with os.scandir(folder) as entries:
        names = sorted(e.name for e in entries if is_report_name(e.name) and e.is_file(follow_symlinks=False))
    return [name for name in names if not referenced(name) and _own_report(folder, name)]


def prune(folder: Path, names: list[str]) -> int:
    """Remove each stale report and its checksum file; returns how many reports were removed."""
    removed = 0
    for name in names:
        if _own_report(folder, name):  # looked at again: it may have changed since it was listed
            (folder / name).unlink()
            (folder / f"{name}.sha256").unlink(missing_ok=True)
            removed += 1
    return removed
