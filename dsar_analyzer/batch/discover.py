"""Find the exports among the inputs of a batch: ZIPs, unzipped export folders, bare JSON/TXT files.

A folder holding ``user_data*.json`` (or a single wrapping folder that does), or TikTok's TXT files
directly or one folder down, is one unzipped export. Any other folder is a folder of inputs: its ZIP,
JSON and TXT files are exports and its subfolders are looked at the same way. Links are never followed; other files are listed as
ignored with the reason, never silently dropped. URLs (``s3://...``) are single inputs.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from dsar_analyzer.read.txt_table import lookup

EXPORT_SUFFIXES = (".zip", ".json", ".txt")
#: A folder of inputs is looked into this deep; a claim handler's tree is shallow.
MAX_DEPTH = 8
_JSON_DOCUMENT = re.compile(r"^user_data(_tiktok)?\.json$", re.I)
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


@dataclass
class Discovery:
    """The exports found (in a stable order) and the files passed over, each with its reason."""

    exports: list[str] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)


def is_url(path: str) -> bool:
    return bool(_URL.match(path))


def _entries(folder: str) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as listing:
        return sorted(listing, key=lambda e: e.name)


def is_export_folder(folder: str) -> bool:
    """True when ``folder`` is itself one unzipped export rather than a folder of inputs.

    Markers: ``user_data*.json`` or a TikTok TXT file at the top; TXT files one folder down (TikTok's
    category folders); or ``user_data*.json`` in the only subfolder (TikTok's wrapping folder).
    """
    entries = _entries(folder)
    for entry in entries:
        if entry.is_file(follow_symlinks=False) and (_JSON_DOCUMENT.match(entry.name) or lookup(entry.name)):
            return True
    if any(e.is_file(follow_symlinks=False) and e.name.lower().endswith((".zip", ".json")) for e in entries):
        return False
    folders = [e for e in entries if e.is_dir(follow_symlinks=False) and not e.name.startswith(".")]
    for entry in folders:
        for inner in _entries(entry.path):
            if inner.is_file(follow_symlinks=False):
                if lookup(inner.name) or (len(folders) == 1 and _JSON_DOCUMENT.match(inner.name)):
                    return True
    return False


def discover(inputs: list[str], skip: frozenset[str] = frozenset()) -> Discovery:
    """Every export under ``inputs``; folders in ``skip`` (the output folder) are not looked into."""
    found = Discovery()
    seen: set[str] = set()
    skip_real = {os.path.realpath(s) for s in skip}

    def add(path: str) -> None:
        key = path if is_url(path) else os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            found.exports.append(path)

    def walk(folder: str, depth: int) -> None:
        if os.path.realpath(folder) in skip_real:
            found.ignored.append((folder, "the output folder"))
            return
        if is_export_folder(folder):
            add(folder)
            return
        if depth >= MAX_DEPTH:
            found.ignored.append((folder, f"more than {MAX_DEPTH} folders deep"))
            return
        for entry in _entries(folder):
            path = os.path.join(folder, entry.name)
            if entry.name.startswith(".") or entry.name == "__MACOSX":
                found.ignored.append((path, "hidden or system file"))
            elif entry.is_symlink():
                found.ignored.append((path, "a link (links are not followed)"))
            elif entry.is_dir(follow_symlinks=False):
                walk(path, depth + 1)
            elif entry.is_file(follow_symlinks=False) and entry.name.lower().endswith(EXPORT_SUFFIXES):
                add(path)
            else:
                found.ignored.append((path, "not a ZIP, JSON or TXT file"))

    for given in inputs:
        if is_url(given):
            add(given)
        elif os.path.isdir(given) and not os.path.islink(given):
            try:
                walk(os.path.normpath(given), 0)
            except OSError as error:
                # The folder itself is the input: its reader gives the plain reason.
                found.ignored.append((given, f"could not be listed ({error.strerror})"))
        else:
            # A file (or a missing path) named on the command line is always an input; the
            # reader says why it cannot be used.
            add(os.path.normpath(given))
    return found
