"""Tell one unzipped export from a folder of several, by the layout TikTok gives an export.

TikTok's ZIP holds either one JSON document at its root (``user_data.json`` until about 2023,
``user_data_tiktok.json`` in every export seen since mid-2024), or TXT files in category folders
(``Activity/`` etc. at the root in 2020, ``Tiktok/<category>/`` in late 2024, ``TikTok/<category>/``
since 2025), never both, never a ZIP, and never one TXT file name twice (evidence: the export files
and file lists in docs/formats.md). Unzipping may add one folder named after the ZIP
(``TikTok_Data_<seconds>/``). A folder is one unzipped export only when the export files it holds
fit that layout; otherwise every export in it is an input of its own: each ZIP, JSON file and TikTok
TXT file, and each sub-folder that is one export by the same rule. A folder that could not be listed
entirely is never one export: what can be read in it is read, and what cannot is an input that the
reader then refuses with its reason.

Other files (a README, a case file) do not decide what a folder is. Inside an export the reader
lists them as not part of it; in a folder of inputs they are passed over with a reason, as are TXT
files whose names are not TikTok's (they can never be read as an export).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from dsar_analyzer.errors import SeveralExports
from dsar_analyzer.read.archive import display_name
from dsar_analyzer.read.txt_table import lookup

JSON_DOCUMENT = re.compile(r"^user_data(_tiktok)?\.json$", re.I)
NOT_AN_EXPORT_FILE = "not a ZIP, JSON or TXT file"
NOT_A_TIKTOK_TXT = "a TXT file whose name is not one of TikTok's export files"


@dataclass
class Folder:
    """What a folder holds, as far as it was listed: its files, its sub-folders, and entries passed over."""

    files: list[str] = field(default_factory=list)
    folders: dict[str, Folder] = field(default_factory=dict)
    #: Entries not looked into (hidden, links, too deep, the output folder), each with the reason.
    passed: list[tuple[str, str]] = field(default_factory=list)
    #: False when the listing is cut short (a sub-folder too deep); ``error`` when it failed.
    complete: bool = True
    error: str | None = None


@dataclass
class Split:
    """The exports a folder holds (paths of files and folders) and the files passed over, with why."""

    exports: list[str] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)


def hidden(name: str) -> bool:
    """Hidden files and macOS metadata folders are never part of what an export is."""
    return name.startswith(".") or name == "__MACOSX"


def from_names(names: Iterable[str]) -> Folder:
    """The folder tree of relative file names (``a/b.txt``); hidden entries are left out."""
    root = Folder()
    for name in names:
        *parents, base = name.split("/")
        if hidden(base) or any(hidden(p) for p in parents):
            continue
        node = root
        for part in parents:
            node = node.folders.setdefault(part, Folder())
        node.files.append(base)
    return root


def _every_file(folder: Folder, parts: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Relative paths (as tuples) of every file below ``folder``; raises ``_Incomplete`` if unknown."""
    if folder.error is not None or not folder.complete:
        raise _Incomplete
    for name in folder.files:
        yield (*parts, name)
    for name, sub in folder.folders.items():
        yield from _every_file(sub, (*parts, name))


class _Incomplete(Exception):
    pass


def _wrappers(folder: Folder) -> set[tuple[str, ...]]:
    """The folder and each folder reached by going into the only sub-folder (unzip's wrapping folders)."""
    parts: tuple[str, ...] = ()
    chain = {parts}
    while len(folder.folders) == 1:
        name, folder = next(iter(folder.folders.items()))
        parts = (*parts, name)
        chain.add(parts)
    return chain


def is_one_export(folder: Folder) -> bool:
    """True when ``folder`` is one unzipped export in TikTok's layout (see the module's docstring)."""
    try:
        files = list(_every_file(folder))
    except _Incomplete:
        return False
    suffix = {path: path[-1].casefold().rsplit(".", 1)[-1] if "." in path[-1] else "" for path in files}
    if any(s == "zip" for s in suffix.values()):
        return False
    documents = [path for path in files if suffix[path] == "json"]
    texts = [path for path in files if suffix[path] == "txt"]
    wrappers = _wrappers(folder)
    if documents:
        (document, *others) = documents
        return not others and not texts and bool(JSON_DOCUMENT.match(document[-1])) and document[:-1] in wrappers
    known = [path for path in texts if lookup(path[-1])]
    names = [path[-1].casefold() for path in known]
    if not known or len(set(names)) != len(names):
        return False
    # The TXT files sit in one folder, or in category folders side by side in one folder.
    holders = {path[:-1] for path in texts}
    if len(holders) == 1:
        return next(iter(holders)) in wrappers
    parents = {holder[:-1] for holder in holders}
    return () not in holders and len(parents) == 1 and next(iter(parents)) in wrappers


def split(folder: Folder, path: str = "") -> Split:
    """The exports ``folder`` (found at ``path``) holds, in name order, and what was passed over in it."""
    found = Split()
    _split(folder, path, found)
    found.exports.sort()
    found.ignored.sort()
    return found


def _join(path: str, name: str) -> str:
    return os.path.join(path, name) if path else name


def _split(folder: Folder, path: str, found: Split) -> None:
    if folder.error is not None or is_one_export(folder):
        # A folder that cannot be listed is an input too: its reader says why it cannot be read.
        found.exports.append(path)
        return
    found.ignored.extend((_join(path, name), reason) for name, reason in folder.passed)
    for name in sorted(folder.files):
        where, lower = _join(path, name), name.casefold()
        if lower.endswith((".zip", ".json")) or (lower.endswith(".txt") and lookup(name)):
            found.exports.append(where)
        elif lower.endswith(".txt"):
            found.ignored.append((where, NOT_A_TIKTOK_TXT))
        else:
            found.ignored.append((where, NOT_AN_EXPORT_FILE))
    for name, sub in sorted(folder.folders.items()):
        _split(sub, _join(path, name), found)


def refuse_several(display: str, names: list[str]) -> None:
    """Refuse a folder (listed as relative file ``names``) that holds more than one export."""
    exports = split(from_names(names)).exports
    if len(exports) > 1:
        shown = ", ".join(display_name(e) for e in exports[:3]) + (f" and {len(exports) - 3} more" if len(exports) > 3 else "")
        raise SeveralExports(
            f'The folder "{display}" holds {len(exports)} exports ({shown}), not one; read them all with '
            "dsar-analyzer batch, or choose one of them.",
            tuple(exports),
        )
