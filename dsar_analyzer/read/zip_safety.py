"""Open a ZIP archive safely: check every structural promise it makes before anything is inflated.

Names, sizes, offsets, entry types, encryption and compression methods are checked against the
central directory and the limits first; then members are inflated in counted chunks. Overlapping
entries are refused because CPython 3.11.7 lacks the CVE-2024-0450 fix.
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from dsar_analyzer.errors import (
    CorruptInput,
    InputRejected,
    LimitExceeded,
    NotAnExport,
    UnsafeInput,
)
from dsar_analyzer.read.archive import (
    EOCD64,
    EOCD64_LOCATOR,
    FLAG_UTF8_NAME,
    LIMIT_FIX,
    SKIP_ARCHIVE,
    InputArchive,
    InputLabel,
    Limits,
    Member,
    Reread,
    SkippedMember,
    clean_name,
    display_name,
    drain,
    hash_stream,
    keep_open,
    member_of,
    reject_duplicates,
    skip_reason,
    held_bytes,
    keep_limit,
)

_EOCD = struct.Struct("<4s4H2LH")


_CENTRAL_HEADER_BYTES = 46


_LOCAL_HEADER_BYTES = 30


_FLAG_ENCRYPTED = 0x01


_FLAG_STRONG_ENCRYPTION = 0x40


_UNIX = 3

_ZIP64_EXTRA = 0x0001


_SUPPORTED_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})


_METHOD_NAMES = {12: "bzip2", 14: "lzma", 93: "zstandard", 95: "xz", 98: "ppmd", 99: "AES"}


# Library failures that mean "this ZIP is damaged" rather than a bug in our code.
_ZIP_FAILURES = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    struct.error,
    UnicodeDecodeError,
    NotImplementedError,
    ValueError,
    OverflowError,
    OSError,
)


@dataclass(frozen=True, slots=True)
class _Directory:
    start: int
    size: int
    declared_entries: int


@dataclass(frozen=True, slots=True)
class _Entry:
    info: zipfile.ZipInfo
    name: str
    skip: str | None


def _zip_source(display: str) -> InputLabel:
    return InputLabel(f'the ZIP file "{display}"', "download the export again from TikTok")


@contextmanager
def _damaged_if_failing(src: InputLabel, detail: str) -> Iterator[None]:
    try:
        yield
    except _ZIP_FAILURES as exc:
        raise CorruptInput(src.says(f"looks incomplete or damaged ({detail})")) from exc


def read_zip(fh: IO[bytes], given: str, display: str, size: int, limits: Limits) -> InputArchive:
    src = _zip_source(display)
    directory = _find_directory(fh, size, src)
    _limit_entry_count(fh, directory, src, limits)
    with _damaged_if_failing(src, "its table of contents could not be read"):
        archive = zipfile.ZipFile(fh)
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            raise _too_many_entries(src, limits)
        entries = [_inspect_entry(info, src, limits) for info in infos]
        reject_duplicates((entry.name for entry in entries), src)
        _reject_overlaps(fh, infos, directory.start, src)
        wanted = [entry for entry in entries if entry.skip is None]
        _check_declared_sizes(wanted, size, src, limits)
        members = _read_zip_members(archive, wanted, src, limits)
    skipped = [SkippedMember(e.name, e.skip, e.info.file_size) for e in entries if e.skip]
    require_members(members, skipped, src)
    digest = hash_stream(fh)
    return InputArchive(
        given,
        "zip",
        digest,
        size,
        tuple(sorted(members, key=lambda m: m.name)),
        tuple(sorted(skipped, key=lambda s: s.name)),
    )


def _find_directory(fh: IO[bytes], size: int, src: InputLabel) -> _Directory:
    """Locate the central directory exactly the way CPython's zipfile does."""
    missing = CorruptInput(
        src.says("looks incomplete or damaged (its table of contents is missing)")
    )
    if size < _EOCD.size:
        raise missing
    fh.seek(size - _EOCD.size)
    record = fh.read(_EOCD.size)
    if record[:4] == b"PK\x05\x06" and record[-2:] == b"\x00\x00":
        position = size - _EOCD.size
    else:
        tail_start = max(size - 0xFFFF - _EOCD.size, 0)
        fh.seek(tail_start)
        tail = fh.read()
        found = tail.rfind(b"PK\x05\x06")
        if found < 0 or len(tail) - found < _EOCD.size:
            raise missing
        record = tail[found : found + _EOCD.size]
        position = tail_start + found
    _, _, _, _, entries, cd_size, _, _ = _EOCD.unpack(record)
    zip64 = _read_zip64_record(fh, position, src)
    if zip64 is not None:
        entries, cd_size = zip64
        position -= EOCD64.size + EOCD64_LOCATOR.size
    # Like zipfile, trust the directory's position relative to its end record, not the
    # declared offset (which differs when data was prepended to the archive).
    start = position - cd_size
    if start < 0:
        raise CorruptInput(
            src.says("looks incomplete or damaged (its table of contents is misplaced)")
        )
    return _Directory(start, cd_size, entries)


def _read_zip64_record(fh: IO[bytes], eocd_position: int, src: InputLabel) -> tuple[int, int] | None:
    locator_at = eocd_position - EOCD64_LOCATOR.size
    record_at = locator_at - EOCD64.size
    if record_at < 0:
        return None
    fh.seek(locator_at)
    signature, disk, _, disks = EOCD64_LOCATOR.unpack(fh.read(EOCD64_LOCATOR.size))
    if signature != b"PK\x06\x07":
        return None
    if disk != 0 or disks > 1:
        raise CorruptInput(src.says("is split into several parts, which is not supported"))
    fh.seek(record_at)
    fields = EOCD64.unpack(fh.read(EOCD64.size))
    if fields[0] != b"PK\x06\x06":
        return None
    return fields[7], fields[8]


def special_file(src: InputLabel, shown: str) -> UnsafeInput:
    problem = f"contains a special file, not a normal file ({shown}), so it was not opened"
    return UnsafeInput(src.says(problem))


def _too_many_entries(src: InputLabel, limits: Limits) -> LimitExceeded:
    return LimitExceeded(
        src.says(f"has more than {limits.max_members:,} entries, so it was not opened", LIMIT_FIX)
    )


def _limit_entry_count(fh: IO[bytes], directory: _Directory, src: InputLabel, limits: Limits) -> None:
    """Count central-directory records without building objects for them (memory bound)."""
    if directory.declared_entries > limits.max_members:
        raise _too_many_entries(src, limits)
    fh.seek(directory.start)
    consumed = count = 0
    while consumed < directory.size:
        header = fh.read(_CENTRAL_HEADER_BYTES)
        if len(header) != _CENTRAL_HEADER_BYTES or header[:4] != b"PK\x01\x02":
            raise CorruptInput(
                src.says("looks incomplete or damaged (its table of contents is broken)")
            )
        count += 1
        if count > limits.max_members:
            raise _too_many_entries(src, limits)
        variable = sum(struct.unpack_from("<3H", header, 28))
        fh.seek(variable, os.SEEK_CUR)
        consumed += _CENTRAL_HEADER_BYTES + variable


def _raw_name(info: zipfile.ZipInfo) -> str:
    # orig_filename keeps any NUL that zipfile silently cuts from .filename.
    name = info.orig_filename
    if info.flag_bits & FLAG_UTF8_NAME:
        return name
    # Many zippers write UTF-8 without setting the flag; cp437 round-trips the raw bytes.
    try:
        return name.encode("cp437").decode("utf-8")
    except UnicodeError:
        return name


def _extra_is_damaged(extra: bytes) -> bool:
    """True when an extra field overruns the entry's extra data, or a ZIP64 field (APPNOTE 4.5.3)
    has a length no combination of its 8-byte sizes, 8-byte offset and 4-byte disk number gives.

    CPython reads a ZIP64 field only when a size is 0xFFFFFFFF, so a cut one passes unnoticed."""
    at = 0
    while at + 4 <= len(extra):
        kind, length = struct.unpack_from("<2H", extra, at)
        if at + 4 + length > len(extra):
            return True
        if kind == _ZIP64_EXTRA and length not in (0, 8, 16, 24, 28):
            return True
        at += 4 + length
    return False  # fewer than 4 bytes left over: padding some zippers write


def _inspect_entry(info: zipfile.ZipInfo, src: InputLabel, limits: Limits) -> _Entry:
    name = clean_name(_raw_name(info), src, limits)
    shown = display_name(name)
    if _extra_is_damaged(info.extra):
        raise CorruptInput(src.says(f"looks incomplete or damaged (the entry {shown} has a damaged extra field)"))
    if info.create_system == _UNIX:
        kind = stat.S_IFMT(info.external_attr >> 16)
        if kind == stat.S_IFLNK:
            raise UnsafeInput(src.says(f"contains a symbolic link ({shown}), so it was not opened"))
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise special_file(src, shown)
    if info.flag_bits & (_FLAG_ENCRYPTED | _FLAG_STRONG_ENCRYPTION):
        raise UnsafeInput(src.says(f"is password-protected (entry {shown}), so it was not opened"))
    if info.compress_type not in _SUPPORTED_METHODS:
        method = _METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
        raise UnsafeInput(
            src.says(
                f"stores {shown} with an unsupported compression method ({method}), "
                "so it was not opened"
            )
        )
    return _Entry(info, name, skip_reason(name))


def _reject_overlaps(
    fh: IO[bytes], infos: list[zipfile.ZipInfo], directory_start: int, src: InputLabel
) -> None:
    # Overlapping entries are how "one small file, terabytes of output" bombs work;
    # CPython 3.11.7 predates its own check (CVE-2024-0450), so we do it here, 0 bytes slack.
    ordered = sorted(infos, key=lambda info: info.header_offset)
    boundaries = [info.header_offset for info in ordered[1:]] + [directory_start]
    for info, boundary in zip(ordered, boundaries[: len(ordered)], strict=True):
        if _data_end(fh, info, src) > boundary:
            raise UnsafeInput(
                src.says(
                    f"has overlapping entries ({display_name(info.orig_filename)}), a sign of a possible "
                    "zip bomb, so it was not opened"
                )
            )


def _data_end(fh: IO[bytes], info: zipfile.ZipInfo, src: InputLabel) -> int:
    """Offset just past an entry's compressed data, using the local header's own lengths."""
    damaged = CorruptInput(
        src.says(f"looks incomplete or damaged (entry {display_name(info.orig_filename)} is missing)")
    )
    if info.header_offset < 0:
        raise damaged
    fh.seek(info.header_offset)
    header = fh.read(_LOCAL_HEADER_BYTES)
    if len(header) != _LOCAL_HEADER_BYTES or header[:4] != b"PK\x03\x04":
        raise damaged
    name_length: int
    extra_length: int
    name_length, extra_length = struct.unpack_from("<2H", header, 26)
    header_end: int = info.header_offset + _LOCAL_HEADER_BYTES + name_length + extra_length
    return header_end + info.compress_size


def _check_declared_sizes(
    wanted: list[_Entry], archive_size: int, src: InputLabel, limits: Limits
) -> None:
    total = 0
    for entry in wanted:
        declared = entry.info.file_size
        shown = display_name(entry.name)
        if declared > limits.max_member_uncompressed:
            raise LimitExceeded(
                src.says(
                    f"contains {shown}, which unpacks to {declared:,} bytes, more than the "
                    f"{limits.max_member_uncompressed:,} bytes allowed per file",
                    LIMIT_FIX,
                )
            )
        if _ratio_too_high(declared, entry.info.compress_size, limits):
            raise UnsafeInput(
                src.says(
                    f"contains {shown}, which unpacks to far more than its compressed size, "
                    "a sign of a possible zip bomb, so it was not opened"
                )
            )
        total += declared
    if total > limits.max_total_uncompressed:
        raise LimitExceeded(
            src.says(
                f"unpacks to {total:,} bytes, more than the {limits.max_total_uncompressed:,} "
                "bytes allowed in total",
                LIMIT_FIX,
            )
        )
    if _ratio_too_high(total, archive_size, limits):
        raise UnsafeInput(
            src.says(
                "unpacks to far more than its own size, a sign of a possible zip bomb, "
                "so it was not opened"
            )
        )


def _ratio_too_high(uncompressed: int, compressed: int, limits: Limits) -> bool:
    # Multiplying avoids dividing by a (hostile) zero compressed size.
    return uncompressed > limits.ratio_grace_bytes and uncompressed > limits.max_ratio * compressed


def _read_zip_members(
    archive: zipfile.ZipFile, wanted: list[_Entry], src: InputLabel, limits: Limits
) -> list[Member]:
    members: list[Member] = []
    total = 0
    for entry in wanted:
        member = _read_zip_member(
            archive, entry, src, limits, limits.max_total_uncompressed - total, held_bytes(members)
        )
        total += member.size
        members.append(member)
    return members


def _read_zip_member(
    archive: zipfile.ZipFile, entry: _Entry, src: InputLabel, limits: Limits, remaining: int, held: int = 0
) -> Member:
    declared = entry.info.file_size
    cap = min(declared, limits.max_member_uncompressed, remaining)
    shown = display_name(entry.name)
    with (
        _damaged_if_failing(src, f"entry {shown} could not be unpacked"),
        archive.open(entry.info) as stream,
    ):
        drained = drain(stream, cap, keep_limit(entry.name, limits, held))
    if drained is None:
        raise _overflow(src, shown, cap == declared, cap == limits.max_member_uncompressed)
    fp = archive.fp
    assert fp is not None  # open: this runs inside ``with archive``
    member = member_of(entry.name, drained, lambda size: Reread(keep_open(fp), size, entry.info),
                       entry.info.compress_size, _modified(entry.info), entry.info.CRC, limits.stream_above_bytes)
    if member.size != declared:
        raise CorruptInput(
            src.says(f"looks incomplete or damaged (entry {shown} is shorter than it should be)")
        )
    return member


def _modified(info: zipfile.ZipInfo) -> datetime | None:
    """The member's DOS timestamp as written (no zone); None when it is not a real moment."""
    try:
        return datetime(*info.date_time)
    except (TypeError, ValueError):
        return None


def _overflow(src: InputLabel, shown: str, past_declared: bool, past_member: bool) -> InputRejected:
    if past_declared:
        return UnsafeInput(
            src.says(
                f"contains {shown}, which holds more data than its header says, a sign of a "
                "possible zip bomb, so it was not opened"
            )
        )
    scope = "per file" if past_member else "in total"
    return LimitExceeded(
        src.says(f"unpacks to more bytes than allowed {scope} (at {shown})", LIMIT_FIX)
    )


def require_members(members: list[Member], skipped: list[SkippedMember], src: InputLabel) -> None:
    if members:
        return
    nested = [s.name for s in skipped if s.reason == SKIP_ARCHIVE]
    if nested:
        raise NotAnExport(
            src.says(
                f"only contains another archive ({display_name(nested[0])}) and no export files",
                "unpack it once and choose the inner ZIP file instead",
            )
        )
    raise NotAnExport(src.says("contains no files"))
