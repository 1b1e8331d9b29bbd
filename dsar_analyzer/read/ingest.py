"""Read a zip, a folder or a single file safely into memory, within limits, hashing everything.

This is the one place the library opens the user's files. ZIPs go through ``zip_safety``; a folder
is walked without following links; a single file is sniffed by its content.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import stat
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

from dsar_analyzer.errors import (
    LimitExceeded,
    NotAnExport,
    UnsafeInput,
)
from dsar_analyzer.read.archive import (
    CHUNK_BYTES,
    LIMIT_FIX,
    UTF8_BOM,
    ZIP_MAGICS,
    InputArchive,
    InputLabel,
    Limits,
    Member,
    SkippedMember,
    clean_name,
    display_name,
    drain,
    reject_duplicates,
    skip_reason,
    unreadable,
)
from dsar_analyzer.read.zip_safety import read_zip, require_members, special_file


@dataclass(frozen=True, slots=True)
class _DiskFile:
    name: str
    path: str
    size: int


def read_input(path: str | os.PathLike[str], limits: Limits = Limits()) -> InputArchive:
    """Read a TikTok export given as a ZIP file, an unzipped folder or one exported file."""
    given = os.fspath(path)
    display = display_name(os.path.basename(os.path.normpath(given)) or given)
    try:
        info = os.stat(given)
    except FileNotFoundError:
        raise NotAnExport(
            f'The file or folder "{display}" does not exist; check the path and try again.'
        ) from None
    except OSError as exc:
        raise unreadable(display, exc) from None
    if stat.S_ISDIR(info.st_mode):
        return _read_folder(given, display, limits)
    if not stat.S_ISREG(info.st_mode):
        raise NotAnExport(
            f'"{display}" is not a regular file or folder; choose the ZIP file you downloaded '
            "from TikTok."
        )
    return _read_file_or_zip(given, display, limits)


def _read_file_or_zip(given: str, display: str, limits: Limits) -> InputArchive:
    # O_NONBLOCK: if the path was swapped for a pipe after stat(), open() must not hang.
    try:
        fd = os.open(given, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise unreadable(display, exc) from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotAnExport(
                f'"{display}" is not a regular file or folder; choose the ZIP file you '
                "downloaded from TikTok."
            )
        size = info.st_size
        if size == 0:
            raise NotAnExport(
                f'The file "{display}" is empty; download the export again from TikTok.'
            )
        if size > limits.max_archive_bytes:
            raise LimitExceeded(
                f'The file "{display}" is {size:,} bytes, larger than the '
                f"{limits.max_archive_bytes:,} bytes this tool accepts; {LIMIT_FIX}."
            )
        if _is_zip(fh):
            return read_zip(fh, given, display, size, limits)
        return _read_single_file(fh, given, display, size, limits)


def _is_zip(fh: IO[bytes]) -> bool:
    """A ZIP starts with a ZIP signature; one with data before it (a self-extracting archive) is
    a ZIP only if that data is not text: a TXT file whose last line happens to hold the bytes of
    a ZIP end record is still a TXT file."""
    head = fh.read(4)
    fh.seek(0)
    if head in ZIP_MAGICS:
        return True
    found = zipfile.is_zipfile(fh)
    fh.seek(0)
    if not found:
        return False
    sample = fh.read(CHUNK_BYTES)
    fh.seek(0)
    return not _looks_like_text(sample, final=False)


def _read_single_file(
    fh: IO[bytes], given: str, display: str, size: int, limits: Limits
) -> InputArchive:
    src = InputLabel(f'the file "{display}"', "choose the ZIP file or a file from the TikTok export")
    name = clean_name(unicodedata.normalize("NFC", _text_name(os.path.basename(given))), src, limits)
    cap = min(
        limits.max_archive_bytes, limits.max_member_uncompressed, limits.max_total_uncompressed
    )
    if size > cap:
        raise LimitExceeded(
            src.says(f"is {size:,} bytes, more than the {cap:,} bytes allowed per file", LIMIT_FIX)
        )
    drained = drain(fh, cap)
    if drained is None:
        raise LimitExceeded(
            src.says("grew past the size limit while it was being read", LIMIT_FIX)
        )
    data, digest = drained
    if not data:
        raise NotAnExport(src.says("is empty"))
    # A TXT file with a stray bad byte is still an export file: the parser replaces and notes it.
    if not (name.casefold().endswith(".txt") or _looks_like_text(data)):
        raise NotAnExport(
            f'The file "{display}" is not a ZIP file or a text/JSON file from a TikTok export; '
            "choose the ZIP file (or the unzipped folder) you downloaded from TikTok."
        )
    member = Member(name, data, digest, len(data), len(data))
    return InputArchive(given, "file", digest, len(data), (member,), ())


def _text_name(name: str) -> str:
    """A file name with bytes that are not UTF-8 (from another system): those bytes become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _looks_like_text(data: bytes, final: bool = True) -> bool:
    """True for JSON (starts with { or [) or for any valid UTF-8 text; a BOM is ignored."""
    body = memoryview(data)[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else memoryview(data)
    if bytes(body[:4096]).lstrip()[:1] in (b"{", b"["):
        return True
    # Incremental decoding keeps memory flat: one chunk of text at a time, then discarded.
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(body), CHUNK_BYTES):
            decoder.decode(body[start : start + CHUNK_BYTES])
        decoder.decode(b"", final=final)
    except UnicodeDecodeError:
        return False
    return True


def _read_folder(given: str, display: str, limits: Limits) -> InputArchive:
    src = InputLabel(
        f'the folder "{display}"',
        "unzip the export from TikTok again, or choose the ZIP file itself",
    )
    files = _walk_folder(given, src, limits)
    reject_duplicates((f.name for f in files), src)
    members: list[Member] = []
    skipped: list[SkippedMember] = []
    used = 0
    for disk_file in sorted(files, key=lambda f: f.name):
        reason = skip_reason(disk_file.name)
        if reason:
            skipped.append(SkippedMember(disk_file.name, reason, disk_file.size))
            continue
        member = _read_disk_member(disk_file, src, limits, limits.max_total_uncompressed - used)
        used += member.size
        members.append(member)
    require_members(members, skipped, src)
    manifest = "".join(sorted(f"{m.name}\0{m.sha256}\n" for m in members))
    return InputArchive(
        given,
        "folder",
        hashlib.sha256(manifest.encode("utf-8")).hexdigest(),
        sum(m.size for m in members),
        tuple(members),
        tuple(skipped),
    )


def _walk_folder(root: str, src: InputLabel, limits: Limits) -> list[_DiskFile]:
    """List regular files under root without following links, within the entry limits."""
    found: list[_DiskFile] = []
    seen = 0
    pending: list[tuple[str, str]] = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as listing:
                for entry in listing:
                    seen += 1
                    if seen > limits.max_members:
                        raise LimitExceeded(
                            src.says(
                                f"has more than {limits.max_members:,} files and folders",
                                LIMIT_FIX,
                            )
                        )
                    _visit(entry, prefix, src, limits, pending, found)
        except OSError as exc:
            raise unreadable(display_name(prefix or os.path.basename(root)), exc) from None
    return found


def _visit(
    entry: os.DirEntry[str],
    prefix: str,
    src: InputLabel,
    limits: Limits,
    pending: list[tuple[str, str]],
    found: list[_DiskFile],
) -> None:
    relative = prefix + entry.name
    shown = display_name(relative)
    if entry.is_symlink():
        raise UnsafeInput(
            src.says(f"contains a shortcut/symbolic link ({shown}), so it was not opened")
        )
    if entry.is_dir(follow_symlinks=False):
        clean_name(relative + "/", src, limits)
        pending.append((entry.path, relative + "/"))
        return
    if not entry.is_file(follow_symlinks=False):
        raise special_file(src, shown)
    name = clean_name(relative, src, limits)
    found.append(_DiskFile(name, entry.path, entry.stat(follow_symlinks=False).st_size))


def _read_disk_member(disk_file: _DiskFile, src: InputLabel, limits: Limits, remaining: int) -> Member:
    shown = display_name(disk_file.name)
    # O_NOFOLLOW/O_NONBLOCK: the file may have been swapped for a link or pipe since the walk.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(disk_file.path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafeInput(
                src.says(f"contains a shortcut/symbolic link ({shown}), so it was not opened")
            ) from None
        raise unreadable(shown, exc) from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise special_file(src, shown)
        cap = min(limits.max_member_uncompressed, remaining)
        drained = drain(fh, cap)
    if drained is None:
        scope = "per file" if cap == limits.max_member_uncompressed else "in total"
        raise LimitExceeded(
            src.says(f"holds more bytes than allowed {scope} (at {shown})", LIMIT_FIX)
        )
    data, digest = drained
    return Member(disk_file.name, data, digest, len(data), len(data))
