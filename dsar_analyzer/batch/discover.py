"""Find the exports among the inputs of a batch and account for every other file found there.

Each folder given is listed once, without following links, and split by TikTok's own layout
(``read.layout``): a folder is one unzipped export only when its export files fit that layout;
otherwise every ZIP, JSON file, TikTok TXT file and export folder in it is an input of its own.
Every other file is listed as ignored with the reason, never silently dropped. A sub-folder that
cannot be listed hides nothing: the rest is read, and it becomes an input its reader refuses with
the reason. URLs (``s3://...``) are single inputs. Byte-identical inputs are found here too, so
the first of them (in path order) is read and each later one is named as its duplicate, the same
way in every run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from dsar_analyzer.errors import InputRejected
from dsar_analyzer.read.archive import text_path
from dsar_analyzer.read.ingest import rehash_input
from dsar_analyzer.read.layout import Folder, hidden, split

#: A folder of inputs is looked into this deep; a claim handler's tree is shallow.
MAX_DEPTH = 8
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


@dataclass
class Discovery:
    """The exports found (in path order) and the files passed over, each with its reason.

    ``exports`` are paths as the operating system knows them; ``ignored`` paths are text (bytes of a
    name that are not UTF-8 shown as U+FFFD), ready for the summary.
    """

    exports: list[str] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)


def is_url(path: str) -> bool:
    return bool(_URL.match(path))


def scan(folder: str, depth: int = 0, skip: frozenset[str] = frozenset()) -> Folder:
    """List ``folder`` and its sub-folders (links not followed) up to ``MAX_DEPTH`` deep."""
    node = Folder()
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as error:
        node.error = error.strerror or type(error).__name__
        return node
    for entry in entries:
        try:
            _scan_entry(entry, node, depth, skip)
        except OSError as error:  # the entry vanished or cannot be looked at: said, not dropped
            node.passed.append((entry.name, f"could not be looked at ({error.strerror or type(error).__name__})"))
    return node


def _scan_entry(entry: os.DirEntry[str], node: Folder, depth: int, skip: frozenset[str]) -> None:
    if hidden(entry.name):
        node.passed.append((entry.name, "hidden or system file"))
    elif entry.is_symlink():
        node.passed.append((entry.name, "a link (links are not followed)"))
    elif entry.is_dir(follow_symlinks=False):
        if os.path.realpath(entry.path) in skip:
            node.passed.append((entry.name, "the output folder"))
        elif depth + 1 > MAX_DEPTH:
            node.passed.append((entry.name, f"more than {MAX_DEPTH} folders deep"))
            node.complete = False
        else:
            node.folders[entry.name] = scan(entry.path, depth + 1, skip)
    elif entry.is_file(follow_symlinks=False):
        node.files.append(entry.name)
    else:
        node.passed.append((entry.name, "not a regular file or folder"))


def discover(inputs: list[str], skip: frozenset[str] = frozenset()) -> Discovery:
    """Every export under ``inputs``; folders in ``skip`` (the output folder) are not looked into."""
    found = Discovery()
    seen: set[str] = set()
    skip_real = frozenset(os.path.realpath(s) for s in skip)

    def add(path: str) -> None:
        key = path if is_url(path) else os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            found.exports.append(path)

    for given in inputs:
        if is_url(given):
            add(given)
        elif os.path.isdir(given) and not os.path.islink(given):
            root = os.path.normpath(given)
            if os.path.realpath(root) in skip_real:
                found.ignored.append((text_path(root), "the output folder"))
                continue
            parts = split(scan(root, 0, skip_real), root)
            for path in parts.exports:
                add(path)
            found.ignored += [(text_path(path), reason) for path, reason in parts.ignored]
        else:
            # A file (or a missing path) named on the command line is always an input; the
            # reader says why it cannot be used.
            add(os.path.normpath(given))
    found.ignored.sort()
    return found


def duplicates(exports: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Each input that is byte-identical to an earlier one (in path order): that first one and the SHA-256.

    Only inputs that could be equal are hashed: files of the same size, folders listing the same
    names and sizes. Folders are compared by their SHA-256 (the folder rule of ``read.ingest``).
    URLs and inputs that cannot be read are never duplicates (their own rows say what happened).
    """
    groups: dict[tuple[object, ...], list[str]] = {}
    for path in sorted(p for p in exports if not is_url(p)):
        signature = _signature(path)
        if signature is not None:
            groups.setdefault(signature, []).append(path)
    found: dict[str, tuple[str, str]] = {}
    for (kind, *_), paths in groups.items():
        if len(paths) < 2:
            continue
        first_of: dict[str, str] = {}
        for path in paths:
            try:
                digest = rehash_input(path, str(kind))
            except (OSError, InputRejected):
                continue
            if digest in first_of:
                found[path] = (first_of[digest], digest)
            else:
                first_of[digest] = path
    return found


def _signature(path: str) -> tuple[object, ...] | None:
    """What two identical inputs share, cheaply: the size of a file, the names and sizes in a folder."""
    try:
        if not os.path.isdir(path):
            return ("file", os.stat(path).st_size)
        listing = []
        for where, folders, files in os.walk(path):
            folders.sort()
            for name in sorted(files):
                full = os.path.join(where, name)
                listing.append((os.path.relpath(full, path), os.lstat(full).st_size))
        return ("folder", tuple(listing))
    except OSError:
        return None


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be read on this computer (fsspec, or the package its protocol needs, missing;
    an unknown protocol), or None. Asked before the run, so a missing package is one line, not a row per URL."""
    protocol = url.split("://", 1)[0].lower()
    try:
        import fsspec  # type: ignore[import-untyped]
    except ImportError:
        return f"{url} is a URL; reading URLs needs the fsspec package (pip install 'dsar-analyzer[dask]')."
    try:
        fsspec.get_filesystem_class(protocol)
    except ImportError as error:
        return f"{url}: reading {protocol}:// URLs needs a package that is not installed ({error})."
    except ValueError:
        return f"{url} is not a path or a URL this tool can read ({protocol}:// is not a known protocol)."
    return None
