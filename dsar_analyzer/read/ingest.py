"""Read a zip, a folder or a single file safely into memory, within limits, hashing everything.

This is the one place the library opens the user's files. ZIPs go through ``zip_safety``; a folder
is walked without following links; a single file is sniffed by its content. A ZIP or a single
file may also come as bytes or as a binary file object (an upload): it is read in bounded chunks
and then takes the same path as a file on disk, so limits and hashes are the same.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import io
import os
import stat
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Protocol, TypeAlias

from dsar_analyzer.errors import (
    InputNotFound,
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
    Reread,
    SkippedMember,
    clean_name,
    display_name,
    drain,
    held_bytes,
    keep_limit,
    keep_open,
    member_of,
    reject_duplicates,
    skip_reason,
    text_path,
    unreadable,
)
from dsar_analyzer.read.zip_safety import read_zip, require_members, special_file


@dataclass(frozen=True, slots=True)
class _DiskFile:
    name: str
    path: str
    size: int


class BinaryReadable(Protocol):
    """Anything with ``read(size)`` returning bytes: an open file, an upload, a socket file."""

    def read(self, size: int = ..., /) -> bytes: ...


#: What ``read_input`` accepts: a path, the bytes of the file, or a binary file object.
InputSource: TypeAlias = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryReadable
#: Called with a folder's shown name and the relative names of all its files before any is read;
#: raises an ``InputRejected`` to refuse the folder (the caller knows what an export looks like).
FolderCheck: TypeAlias = Callable[[str, list[str]], None]


def read_input(source: InputSource, limits: Limits = Limits(), name: str | None = None,
               folder_check: FolderCheck | None = None) -> InputArchive:
    """Read a TikTok export given as a ZIP file, an unzipped folder or one exported file.

    ``source`` is a path, the bytes of a ZIP or exported file, or a binary file object (read in
    bounded chunks, refused past ``limits.max_archive_bytes``). ``name`` is how messages and, for
    in-memory input, ``InputArchive.path`` call it; a single TXT file given in memory needs its
    TikTok file name here (``name="Watch History.txt"``) to be recognised. ``folder_check`` sees a
    folder's file names after it is listed and before any file is read.
    """
    if isinstance(source, (str, os.PathLike)):
        return _read_path(os.fspath(source), limits, name, folder_check)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _read_memory(source, limits, name)
    if callable(getattr(source, "read", None)):
        return _read_memory(_read_stream(source, limits, name), limits, name)
    raise TypeError(f"load() takes a path, bytes or a binary file object, not {type(source).__name__}")


def _read_stream(stream: BinaryReadable, limits: Limits, name: str | None) -> bytes:
    buffer = io.BytesIO()
    cap = limits.max_archive_bytes
    while chunk := stream.read(min(CHUNK_BYTES, cap - buffer.tell() + 1)):
        if not isinstance(chunk, (bytes, bytearray, memoryview)):
            raise TypeError("load() needs a file object opened in binary mode ('rb'), not text mode")
        buffer.write(chunk)
        if buffer.tell() > cap:
            shown = _base(name) if name else _memory_name(buffer.getbuffer()[:4096].tobytes())
            raise LimitExceeded(
                f'The file "{display_name(shown)}" holds more than the {cap:,} bytes this tool '
                f"accepts; {LIMIT_FIX}."
            )
    return buffer.getvalue()


def _base(name: str) -> str:
    return os.path.basename(os.path.normpath(name)) or name


def _memory_name(head: bytes) -> str:
    """The name of unnamed in-memory input, after what its first bytes hold (JSON is told by suffix)."""
    if head[:4] in ZIP_MAGICS:
        return "upload.zip"
    head = head.removeprefix(UTF8_BOM)
    return "upload.json" if head.lstrip()[:1] in (b"{", b"[") else "upload"


def _read_memory(source: bytes | bytearray | memoryview, limits: Limits, name: str | None) -> InputArchive:
    view = memoryview(source)
    given = _base(name) if name else _memory_name(view[:4096].tobytes())
    display = display_name(given)
    _check_size(display, view.nbytes, limits)
    data = source if isinstance(source, bytes) else view.tobytes()
    return _read_opened(io.BytesIO(data), given, display, len(data), limits)


def _read_path(given: str, limits: Limits, name: str | None, folder_check: FolderCheck | None) -> InputArchive:
    display = display_name(_base(name or given))
    try:
        info = os.stat(given)
    except FileNotFoundError:
        raise InputNotFound(
            f'The file or folder "{display}" does not exist; check the path and try again.'
        ) from None
    except OSError as exc:
        raise unreadable(display, exc) from None
    if stat.S_ISDIR(info.st_mode):
        return _read_folder(given, display, limits, folder_check)
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
        _check_size(display, info.st_size, limits)
        return _read_opened(fh, given, display, info.st_size, limits)


def _check_size(display: str, size: int, limits: Limits) -> None:
    if size == 0:
        raise NotAnExport(f'The file "{display}" is empty; download the export again from TikTok.')
    if size > limits.max_archive_bytes:
        raise LimitExceeded(
            f'The file "{display}" is {size:,} bytes, larger than the '
            f"{limits.max_archive_bytes:,} bytes this tool accepts; {LIMIT_FIX}."
        )


def _read_opened(fh: IO[bytes], given: str, display: str, size: int, limits: Limits) -> InputArchive:
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
    name = clean_name(unicodedata.normalize("NFC", text_path(os.path.basename(given))), src, limits)
    cap = min(
        limits.max_archive_bytes, limits.max_member_uncompressed, limits.max_total_uncompressed
    )
    if size > cap:
        raise LimitExceeded(
            src.says(f"is {size:,} bytes, more than the {cap:,} bytes allowed per file", LIMIT_FIX)
        )
    drained = drain(fh, cap, keep_limit(name, limits))
    if drained is None:
        raise LimitExceeded(
            src.says("grew past the size limit while it was being read", LIMIT_FIX)
        )
    member = member_of(name, drained, lambda size: Reread(keep_open(fh), size),
                       stream_above=limits.stream_above_bytes)
    if not member.size:
        raise NotAnExport(src.says("is empty"))
    # A TXT file with a stray bad byte is still an export file: the parser replaces and notes it.
    if not (name.casefold().endswith(".txt") or _looks_like_text(_head(member), final=member.reread is None)):
        raise NotAnExport(
            f'The file "{display}" is not a ZIP file or a text/JSON file from a TikTok export; '
            "choose the ZIP file (or the unzipped folder) you downloaded from TikTok."
        )
    return InputArchive(given, "file", member.sha256, member.size, (member,), ())


def _head(member: Member) -> bytes:
    """The whole member, or the start of a large one read again from the input (enough to tell text)."""
    if member.reread is None:
        return member.data
    with member.reread.open() as stream:
        return stream.read(CHUNK_BYTES)


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


def _read_folder(given: str, display: str, limits: Limits, folder_check: FolderCheck | None) -> InputArchive:
    src = InputLabel(
        f'the folder "{display}"',
        "unzip the export from TikTok again, or choose the ZIP file itself",
    )
    files = _walk_folder(given, src, limits)
    if folder_check is not None:
        folder_check(display, [f.name for f in files])
    reject_duplicates((f.name for f in files), src)
    members: list[Member] = []
    skipped: list[SkippedMember] = []
    used = 0
    for disk_file in sorted(files, key=lambda f: f.name):
        reason = skip_reason(disk_file.name)
        if reason:
            skipped.append(SkippedMember(disk_file.name, reason, disk_file.size))
            continue
        member = _read_disk_member(disk_file, src, limits, limits.max_total_uncompressed - used, held_bytes(members))
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


def _read_disk_member(disk_file: _DiskFile, src: InputLabel, limits: Limits, remaining: int,
                      held: int = 0) -> Member:
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
        drained = drain(fh, cap, keep_limit(disk_file.name, limits, held))
        if drained is None:
            scope = "per file" if cap == limits.max_member_uncompressed else "in total"
            raise LimitExceeded(
                src.says(f"holds more bytes than allowed {scope} (at {shown})", LIMIT_FIX)
            )
        return member_of(disk_file.name, drained, lambda size: Reread(keep_open(fh), size),
                         stream_above=limits.stream_above_bytes)


def rehash_input(path: str | os.PathLike[str], kind: str, limits: Limits = Limits()) -> str:
    """The input's SHA-256 computed again from disk, by the same rule as when it was read.

    A ZIP or single file: SHA-256 of its bytes. A folder: SHA-256 of the sorted lines
    ``<member name>\\0<member SHA-256>\\n`` of every file read (the folder rule of ``_read_folder``).
    """
    if kind == "folder":
        return read_input(path, limits).sha256
    with open(path, "rb") as handle:
        digest = hashlib.sha256()
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()
