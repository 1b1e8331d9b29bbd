"""Read a zip, a folder or a single file safely into memory, within limits, hashing everything.

The input is untrusted: every structural promise a ZIP file makes (names, sizes, offsets,
entry types) is checked before any member is decompressed, and every read is counted so a
lying header cannot make us hold more than the limits allow. Nothing is ever written to disk.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import io
import os
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Literal

from .errors import CorruptInput, InputRejected, LimitExceeded, NotAnExport, UnsafeInput

CHUNK_BYTES = 1024 * 1024

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_EOCD = struct.Struct("<4s4H2LH")
_EOCD64_LOCATOR = struct.Struct("<4sLQL")
_EOCD64 = struct.Struct("<4sQ2H2L4Q")
_CENTRAL_HEADER_BYTES = 46
_LOCAL_HEADER_BYTES = 30
_FLAG_ENCRYPTED = 0x01
_FLAG_STRONG_ENCRYPTION = 0x40
_FLAG_UTF8_NAME = 0x800
_UNIX = 3
_SUPPORTED_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_METHOD_NAMES = {12: "bzip2", 14: "lzma", 93: "zstandard", 95: "xz", 98: "ppmd", 99: "AES"}
_DRIVE = re.compile(r"[A-Za-z]:")
_UTF8_BOM = codecs.BOM_UTF8

# Size and count limits are not a sign of damage, so they get different advice.
_LIMIT_FIX = "check that you chose the TikTok export and not a different, larger archive"

_SKIP_MACOS_FOLDER = "macOS metadata folder, not part of the export"
_SKIP_MACOS_FILE = "macOS metadata file, not part of the export"
_SKIP_FOLDER = "folder entry"
_SKIP_SYSTEM = "Windows/macOS system file (.DS_Store / Thumbs.db / desktop.ini)"
_SKIP_ARCHIVE = "nested archive, not opened"
_SYSTEM_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
_ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z", ".tar", ".gz")

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
class Limits:
    """Ceilings for one input; the ratio applies per member above the grace size and overall."""

    max_archive_bytes: int = 2 * 1024**3
    max_members: int = 10_000
    max_total_uncompressed: int = 4 * 1024**3
    max_member_uncompressed: int = 2 * 1024**3
    max_ratio: float = 100.0
    ratio_grace_bytes: int = 1024**2
    max_name_bytes: int = 1024
    max_segment_bytes: int = 255
    max_depth: int = 32


@dataclass(frozen=True, slots=True)
class Member:
    """One file of the export, fully read and hashed; name is "/"-separated and NFC."""

    name: str
    data: bytes = field(repr=False)  # never let a repr() leak a child's data into logs
    sha256: str
    size: int
    compressed_size: int


@dataclass(frozen=True, slots=True)
class SkippedMember:
    """An entry deliberately not read, with a one-sentence reason for the ledger."""

    name: str
    reason: str
    size: int


@dataclass(frozen=True, slots=True)
class InputArchive:
    """Everything read from one input path, members and skipped entries sorted by name."""

    path: str
    kind: Literal["zip", "folder", "file"]
    sha256: str
    size: int
    members: tuple[Member, ...]
    skipped: tuple[SkippedMember, ...]


@dataclass(frozen=True, slots=True)
class _Source:
    """How error messages name the input and what they tell the parent to do."""

    label: str
    fix: str

    def says(self, problem: str, fix: str | None = None) -> str:
        return f"{self.label[0].upper()}{self.label[1:]} {problem}; {fix or self.fix}."


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


@dataclass(frozen=True, slots=True)
class _DiskFile:
    name: str
    path: str
    size: int


def read_input(path: str | os.PathLike[str], limits: Limits = Limits()) -> InputArchive:
    """Read a TikTok export given as a ZIP file, an unzipped folder or one exported file."""
    given = os.fspath(path)
    display = _show(os.path.basename(os.path.normpath(given)) or given)
    try:
        info = os.stat(given)
    except FileNotFoundError:
        raise NotAnExport(
            f'The file or folder "{display}" does not exist; check the path and try again.'
        ) from None
    except OSError as exc:
        raise _unreadable(display, exc) from None
    if stat.S_ISDIR(info.st_mode):
        return _read_folder(given, display, limits)
    if not stat.S_ISREG(info.st_mode):
        raise NotAnExport(
            f'"{display}" is not a regular file or folder; choose the ZIP file you downloaded '
            "from TikTok."
        )
    return _read_file_or_zip(given, display, limits)


# ---------------------------------------------------------------- names and display


def _show(text: str, limit: int = 80) -> str:
    """Make an untrusted name safe to put in a one-line message."""
    safe = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"


def _clean_name(raw: str, src: _Source, limits: Limits) -> str:
    """Return the NFC name with one leading "/" stripped, or reject an unsafe one."""
    if not raw:
        raise UnsafeInput(src.says("contains an entry with an empty name, so it was not opened"))
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in raw):
        raise UnsafeInput(
            src.says(
                f"contains an entry whose name has control or unreadable characters "
                f"({_show(raw)}), so it was not opened"
            )
        )
    name = unicodedata.normalize("NFC", raw)
    # 2022 exports stored "/user_data.json"; exactly one leading slash is tolerated.
    stripped = name[1:] if name.startswith("/") else name
    is_folder = stripped.endswith("/")
    parts = (stripped[:-1] if is_folder else stripped).split("/")
    # "." and empty segments are rejected too: they would let two spellings of one path
    # slip past the duplicate-name check.
    if (
        "\\" in name
        or not stripped
        or stripped.startswith("/")
        or _DRIVE.match(stripped)
        or any(part in ("", ".", "..") for part in parts)
    ):
        raise UnsafeInput(
            src.says(f"contains an entry with an unsafe path ({_show(raw)}), so it was not opened")
        )
    _check_name_limits(stripped, parts, src, limits)
    return stripped


def _check_name_limits(name: str, parts: list[str], src: _Source, limits: Limits) -> None:
    too_long = len(name.encode("utf-8")) > limits.max_name_bytes or any(
        len(part.encode("utf-8")) > limits.max_segment_bytes for part in parts
    )
    if too_long:
        raise LimitExceeded(
            src.says(
                f"contains an entry with an overly long name ({_show(name)}), so it was not opened"
            )
        )
    if len(parts) - 1 > limits.max_depth:
        raise LimitExceeded(
            src.says(
                f"contains folders nested more than {limits.max_depth} levels deep "
                f"({_show(name)}), so it was not opened"
            )
        )


def _skip_reason(name: str) -> str | None:
    """Say why an entry is not part of the export, or None if it should be read."""
    is_folder = name.endswith("/")
    parts = name.rstrip("/").split("/")
    if "__MACOSX" in (parts if is_folder else parts[:-1]):
        return _SKIP_MACOS_FOLDER
    if is_folder:
        return _SKIP_FOLDER
    base = parts[-1]
    if base.startswith("._"):
        return _SKIP_MACOS_FILE
    if base.casefold() in _SYSTEM_FILES:
        return _SKIP_SYSTEM
    if base.casefold().endswith(_ARCHIVE_SUFFIXES):
        return _SKIP_ARCHIVE
    return None


def _reject_duplicates(names: Iterable[str], src: _Source) -> None:
    # Case and Unicode form are folded because Windows/macOS would merge such names on unzip,
    # so one of the two would silently hide the other.
    seen: dict[str, str] = {}
    for name in names:
        key = unicodedata.normalize("NFC", name.casefold())
        if key in seen:
            raise UnsafeInput(
                src.says(
                    f"contains two entries with the same name ({_show(seen[key])} and "
                    f"{_show(name)}), so it was not opened"
                )
            )
        seen[key] = name


# ---------------------------------------------------------------- streaming reads


def _drain(stream: IO[bytes], cap: int) -> tuple[bytes, str] | None:
    """Read the whole stream, hashing as we go; None as soon as it holds more than cap bytes."""
    digest = hashlib.sha256()
    buffer = io.BytesIO()
    count = 0
    while chunk := stream.read(min(CHUNK_BYTES, cap - count + 1)):
        count += len(chunk)
        if count > cap:
            return None
        digest.update(chunk)
        buffer.write(chunk)
    # BytesIO.getvalue() hands over its buffer without copying, so data is held only once.
    return buffer.getvalue(), digest.hexdigest()


def _hash_stream(stream: IO[bytes]) -> str:
    stream.seek(0)
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK_BYTES):
        digest.update(chunk)
    return digest.hexdigest()


def _unreadable(display: str, exc: OSError) -> NotAnExport:
    reason = _show(exc.strerror or type(exc).__name__)
    return NotAnExport(
        f'"{display}" could not be opened ({reason}); check that the file is on this computer '
        "and that you are allowed to read it."
    )


# ---------------------------------------------------------------- single file or zip


def _read_file_or_zip(given: str, display: str, limits: Limits) -> InputArchive:
    # O_NONBLOCK: if the path was swapped for a pipe after stat(), open() must not hang.
    try:
        fd = os.open(given, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _unreadable(display, exc) from None
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
                f"{limits.max_archive_bytes:,} bytes this tool accepts; {_LIMIT_FIX}."
            )
        if _is_zip(fh):
            return _read_zip(fh, given, display, size, limits)
        return _read_single_file(fh, given, display, size, limits)


def _is_zip(fh: IO[bytes]) -> bool:
    head = fh.read(4)
    found = head in _ZIP_MAGICS or zipfile.is_zipfile(fh)
    fh.seek(0)
    return found


def _read_single_file(
    fh: IO[bytes], given: str, display: str, size: int, limits: Limits
) -> InputArchive:
    src = _Source(f'the file "{display}"', "choose the ZIP file or a file from the TikTok export")
    name = _clean_name(unicodedata.normalize("NFC", os.path.basename(given)), src, limits)
    cap = min(
        limits.max_archive_bytes, limits.max_member_uncompressed, limits.max_total_uncompressed
    )
    if size > cap:
        raise LimitExceeded(
            src.says(f"is {size:,} bytes, more than the {cap:,} bytes allowed per file", _LIMIT_FIX)
        )
    drained = _drain(fh, cap)
    if drained is None:
        raise LimitExceeded(
            src.says("grew past the size limit while it was being read", _LIMIT_FIX)
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


def _looks_like_text(data: bytes) -> bool:
    """True for JSON (starts with { or [) or for any valid UTF-8 text; a BOM is ignored."""
    body = memoryview(data)[len(_UTF8_BOM) :] if data.startswith(_UTF8_BOM) else memoryview(data)
    if bytes(body[:4096]).lstrip()[:1] in (b"{", b"["):
        return True
    # Incremental decoding keeps memory flat: one chunk of text at a time, then discarded.
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(body), CHUNK_BYTES):
            decoder.decode(body[start : start + CHUNK_BYTES])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


# ---------------------------------------------------------------- zip


def _zip_source(display: str) -> _Source:
    return _Source(f'the ZIP file "{display}"', "download the export again from TikTok")


@contextmanager
def _damaged_if_failing(src: _Source, detail: str) -> Iterator[None]:
    try:
        yield
    except _ZIP_FAILURES as exc:
        raise CorruptInput(src.says(f"looks incomplete or damaged ({detail})")) from exc


def _read_zip(fh: IO[bytes], given: str, display: str, size: int, limits: Limits) -> InputArchive:
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
        _reject_duplicates((entry.name for entry in entries), src)
        _reject_overlaps(fh, infos, directory.start, src)
        wanted = [entry for entry in entries if entry.skip is None]
        _check_declared_sizes(wanted, size, src, limits)
        members = _read_zip_members(archive, wanted, src, limits)
    skipped = [SkippedMember(e.name, e.skip, e.info.file_size) for e in entries if e.skip]
    _require_members(members, skipped, src)
    digest = _hash_stream(fh)
    return InputArchive(
        given,
        "zip",
        digest,
        size,
        tuple(sorted(members, key=lambda m: m.name)),
        tuple(sorted(skipped, key=lambda s: s.name)),
    )


def _find_directory(fh: IO[bytes], size: int, src: _Source) -> _Directory:
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
        position -= _EOCD64.size + _EOCD64_LOCATOR.size
    # Like zipfile, trust the directory's position relative to its end record, not the
    # declared offset (which differs when data was prepended to the archive).
    start = position - cd_size
    if start < 0:
        raise CorruptInput(
            src.says("looks incomplete or damaged (its table of contents is misplaced)")
        )
    return _Directory(start, cd_size, entries)


def _read_zip64_record(fh: IO[bytes], eocd_position: int, src: _Source) -> tuple[int, int] | None:
    locator_at = eocd_position - _EOCD64_LOCATOR.size
    record_at = locator_at - _EOCD64.size
    if record_at < 0:
        return None
    fh.seek(locator_at)
    signature, disk, _, disks = _EOCD64_LOCATOR.unpack(fh.read(_EOCD64_LOCATOR.size))
    if signature != b"PK\x06\x07":
        return None
    if disk != 0 or disks > 1:
        raise CorruptInput(src.says("is split into several parts, which is not supported"))
    fh.seek(record_at)
    fields = _EOCD64.unpack(fh.read(_EOCD64.size))
    if fields[0] != b"PK\x06\x06":
        return None
    return fields[7], fields[8]


def _special_file(src: _Source, shown: str) -> UnsafeInput:
    problem = f"contains a special file, not a normal file ({shown}), so it was not opened"
    return UnsafeInput(src.says(problem))


def _too_many_entries(src: _Source, limits: Limits) -> LimitExceeded:
    return LimitExceeded(
        src.says(f"has more than {limits.max_members:,} entries, so it was not opened", _LIMIT_FIX)
    )


def _limit_entry_count(fh: IO[bytes], directory: _Directory, src: _Source, limits: Limits) -> None:
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
    if info.flag_bits & _FLAG_UTF8_NAME:
        return name
    # Many zippers write UTF-8 without setting the flag; cp437 round-trips the raw bytes.
    try:
        return name.encode("cp437").decode("utf-8")
    except UnicodeError:
        return name


def _inspect_entry(info: zipfile.ZipInfo, src: _Source, limits: Limits) -> _Entry:
    name = _clean_name(_raw_name(info), src, limits)
    shown = _show(name)
    if info.create_system == _UNIX:
        kind = stat.S_IFMT(info.external_attr >> 16)
        if kind == stat.S_IFLNK:
            raise UnsafeInput(src.says(f"contains a symbolic link ({shown}), so it was not opened"))
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise _special_file(src, shown)
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
    return _Entry(info, name, _skip_reason(name))


def _reject_overlaps(
    fh: IO[bytes], infos: list[zipfile.ZipInfo], directory_start: int, src: _Source
) -> None:
    # Overlapping entries are how "one small file, terabytes of output" bombs work;
    # CPython 3.11.7 predates its own check (CVE-2024-0450), so we do it here, 0 bytes slack.
    ordered = sorted(infos, key=lambda info: info.header_offset)
    boundaries = [info.header_offset for info in ordered[1:]] + [directory_start]
    for info, boundary in zip(ordered, boundaries[: len(ordered)], strict=True):
        if _data_end(fh, info, src) > boundary:
            raise UnsafeInput(
                src.says(
                    f"has overlapping entries ({_show(info.orig_filename)}), a sign of a possible "
                    "zip bomb, so it was not opened"
                )
            )


def _data_end(fh: IO[bytes], info: zipfile.ZipInfo, src: _Source) -> int:
    """Offset just past an entry's compressed data, using the local header's own lengths."""
    damaged = CorruptInput(
        src.says(f"looks incomplete or damaged (entry {_show(info.orig_filename)} is missing)")
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
    wanted: list[_Entry], archive_size: int, src: _Source, limits: Limits
) -> None:
    total = 0
    for entry in wanted:
        declared = entry.info.file_size
        shown = _show(entry.name)
        if declared > limits.max_member_uncompressed:
            raise LimitExceeded(
                src.says(
                    f"contains {shown}, which unpacks to {declared:,} bytes, more than the "
                    f"{limits.max_member_uncompressed:,} bytes allowed per file",
                    _LIMIT_FIX,
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
                _LIMIT_FIX,
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
    archive: zipfile.ZipFile, wanted: list[_Entry], src: _Source, limits: Limits
) -> list[Member]:
    members: list[Member] = []
    total = 0
    for entry in wanted:
        member = _read_zip_member(
            archive, entry, src, limits, limits.max_total_uncompressed - total
        )
        total += member.size
        members.append(member)
    return members


def _read_zip_member(
    archive: zipfile.ZipFile, entry: _Entry, src: _Source, limits: Limits, remaining: int
) -> Member:
    declared = entry.info.file_size
    cap = min(declared, limits.max_member_uncompressed, remaining)
    shown = _show(entry.name)
    with (
        _damaged_if_failing(src, f"entry {shown} could not be unpacked"),
        archive.open(entry.info) as stream,
    ):
        drained = _drain(stream, cap)
    if drained is None:
        raise _overflow(src, shown, cap == declared, cap == limits.max_member_uncompressed)
    data, digest = drained
    if len(data) != declared:
        raise CorruptInput(
            src.says(f"looks incomplete or damaged (entry {shown} is shorter than it should be)")
        )
    return Member(entry.name, data, digest, len(data), entry.info.compress_size)


def _overflow(src: _Source, shown: str, past_declared: bool, past_member: bool) -> InputRejected:
    if past_declared:
        return UnsafeInput(
            src.says(
                f"contains {shown}, which holds more data than its header says, a sign of a "
                "possible zip bomb, so it was not opened"
            )
        )
    scope = "per file" if past_member else "in total"
    return LimitExceeded(
        src.says(f"unpacks to more bytes than allowed {scope} (at {shown})", _LIMIT_FIX)
    )


def _require_members(members: list[Member], skipped: list[SkippedMember], src: _Source) -> None:
    if members:
        return
    nested = [s.name for s in skipped if s.reason == _SKIP_ARCHIVE]
    if nested:
        raise NotAnExport(
            src.says(
                f"only contains another archive ({_show(nested[0])}) and no export files",
                "unpack it once and choose the inner ZIP file instead",
            )
        )
    raise NotAnExport(src.says("contains no files"))


# ---------------------------------------------------------------- folder


def _read_folder(given: str, display: str, limits: Limits) -> InputArchive:
    src = _Source(
        f'the folder "{display}"',
        "unzip the export from TikTok again, or choose the ZIP file itself",
    )
    files = _walk_folder(given, src, limits)
    _reject_duplicates((f.name for f in files), src)
    members: list[Member] = []
    skipped: list[SkippedMember] = []
    used = 0
    for disk_file in sorted(files, key=lambda f: f.name):
        reason = _skip_reason(disk_file.name)
        if reason:
            skipped.append(SkippedMember(disk_file.name, reason, disk_file.size))
            continue
        member = _read_disk_member(disk_file, src, limits, limits.max_total_uncompressed - used)
        used += member.size
        members.append(member)
    _require_members(members, skipped, src)
    manifest = "".join(sorted(f"{m.name}\0{m.sha256}\n" for m in members))
    return InputArchive(
        given,
        "folder",
        hashlib.sha256(manifest.encode("utf-8")).hexdigest(),
        sum(m.size for m in members),
        tuple(members),
        tuple(skipped),
    )


def _walk_folder(root: str, src: _Source, limits: Limits) -> list[_DiskFile]:
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
                                _LIMIT_FIX,
                            )
                        )
                    _visit(entry, prefix, src, limits, pending, found)
        except OSError as exc:
            raise _unreadable(_show(prefix or os.path.basename(root)), exc) from None
    return found


def _visit(
    entry: os.DirEntry[str],
    prefix: str,
    src: _Source,
    limits: Limits,
    pending: list[tuple[str, str]],
    found: list[_DiskFile],
) -> None:
    relative = prefix + entry.name
    shown = _show(relative)
    if entry.is_symlink():
        raise UnsafeInput(
            src.says(f"contains a shortcut/symbolic link ({shown}), so it was not opened")
        )
    if entry.is_dir(follow_symlinks=False):
        _clean_name(relative + "/", src, limits)
        pending.append((entry.path, relative + "/"))
        return
    if not entry.is_file(follow_symlinks=False):
        raise _special_file(src, shown)
    name = _clean_name(relative, src, limits)
    found.append(_DiskFile(name, entry.path, entry.stat(follow_symlinks=False).st_size))


def _read_disk_member(disk_file: _DiskFile, src: _Source, limits: Limits, remaining: int) -> Member:
    shown = _show(disk_file.name)
    # O_NOFOLLOW/O_NONBLOCK: the file may have been swapped for a link or pipe since the walk.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(disk_file.path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafeInput(
                src.says(f"contains a shortcut/symbolic link ({shown}), so it was not opened")
            ) from None
        raise _unreadable(shown, exc) from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise _special_file(src, shown)
        cap = min(limits.max_member_uncompressed, remaining)
        drained = _drain(fh, cap)
    if drained is None:
        scope = "per file" if cap == limits.max_member_uncompressed else "in total"
        raise LimitExceeded(
            src.says(f"holds more bytes than allowed {scope} (at {shown})", _LIMIT_FIX)
        )
    data, digest = drained
    return Member(disk_file.name, data, digest, len(data), len(data))
