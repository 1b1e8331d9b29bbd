"""What an opened input is (members, skipped entries, limits) and the checks every member name and stream passes.

The input is untrusted: names are cleaned and limited here, streams are read in counted chunks so a
lying header cannot make us hold more than the limits allow. Nothing is ever written to disk.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import struct
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any, Literal

from dsar_analyzer.errors import (
    LimitExceeded,
    NotAnExport,
    UnsafeInput,
)

CHUNK_BYTES = 1024 * 1024


ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


EOCD64_LOCATOR = struct.Struct("<4sLQL")


EOCD64 = struct.Struct("<4sQ2H2L4Q")


FLAG_UTF8_NAME = 0x800


_DRIVE = re.compile(r"[A-Za-z]:")


UTF8_BOM = codecs.BOM_UTF8


# Size and count limits are not a sign of damage, so they get different advice.
LIMIT_FIX = "check that you chose the TikTok export and not a different, larger archive"


_SKIP_MACOS_FOLDER = "macOS metadata folder, not part of the export"


_SKIP_MACOS_FILE = "macOS metadata file, not part of the export"


_SKIP_FOLDER = "folder entry"


_SKIP_SYSTEM = "Windows/macOS system file (.DS_Store / Thumbs.db / desktop.ini)"


SKIP_ARCHIVE = "nested archive, not opened"


_SYSTEM_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})


_ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z", ".tar", ".gz")


#: JSON members above this size are read item by item. Measured on 1M records, 158 MB of JSON
#: (benchmarks/README.md): read whole, ``load()`` peaks at 6.2x the JSON and a whole report at 6.1x;
#: read item by item, 1.9x and 2.9x, for 1.4-2.1x the read's CPU time. Below 64 MiB (about 480k
#: records) the whole read is the faster, and its peak (at most about 400 MB) fits any computer.
STREAM_ABOVE_BYTES = 64 * 1024**2

#: JSON members above ``STREAM_ABOVE_BYTES`` are still read item by item, but up to this many bytes of
#: them in all are held from the first read (which hashed them) instead of being unpacked and hashed again
#: from the input: on 1M records (158 MB of JSON) that is 0.4-0.5 s of CPU saved for 158 MB held during
#: the read. Past it (the 2 GB export) nothing more is held and members are read again from the input.
HOLD_STREAMED_BYTES = 256 * 1024**2


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
    #: The memory budget: a JSON member larger than this is not held in memory but read again from the
    #: input, item by item (``json_stream``). See ``STREAM_ABOVE_BYTES``.
    stream_above_bytes: int = STREAM_ABOVE_BYTES
    #: Of the JSON members read item by item, how many bytes in all are held from the first read rather
    #: than read again from the input. See ``HOLD_STREAMED_BYTES``.
    hold_streamed_bytes: int = HOLD_STREAMED_BYTES

    @property
    def stream_slice_items(self) -> int:
        """Items of a streamed list checked at a time: a thousandth of the budget, at most 65,536
        (about 10 MB of JSON and 25 MB as Python objects at the cap)."""
        return max(1, min(65_536, self.stream_above_bytes // 1024))


@dataclass(frozen=True, slots=True)
class Member:
    """One file of the export, fully read and hashed; name is "/"-separated and NFC."""

    name: str
    data: bytes = field(repr=False)  # never let a repr() leak a child's data into logs
    sha256: str
    size: int
    compressed_size: int
    #: ZIP members only: the DOS timestamp as written (no zone) and the CRC-32 the archive declares.
    modified: datetime | None = None
    crc32: int | None = None
    #: A JSON member above the memory budget: its bytes are not held (``data`` is empty) but read
    #: again from the input itself when parsed (``json_stream``), or whole with ``content()``.
    reread: Reread | None = field(default=None, repr=False, compare=False)

    def content(self) -> bytes:
        """The member's bytes, read again from the input when it was too large to hold."""
        if self.reread is None:
            return self.data
        with self.reread.open() as stream:
            return stream.read()


class Reread:
    """Where a member too large to hold is read again from: the input itself, never a copy on disk.

    ``handle`` is the input kept open: a duplicate of its file descriptor (a path swapped meanwhile
    does not change what is read), or the bytes of an input given in memory. A ZIP entry is unpacked
    again from it. The reader checks what it reads again against the first read's SHA-256.

    Or (``held``) the member's own bytes, kept from the first read within ``Limits.hold_streamed_bytes``:
    they are the bytes that were hashed, so they are not hashed again.
    """

    __slots__ = ("handle", "size", "entry", "held")

    def __init__(self, handle: IO[bytes], size: int, entry: zipfile.ZipInfo | None = None,
                 held: bytes | None = None) -> None:
        self.handle = handle
        self.size = size
        self.entry = entry
        self.held = held

    @classmethod
    def of_bytes(cls, data: bytes) -> Reread:
        return cls(io.BytesIO(), len(data), held=data)

    def open(self) -> IO[bytes]:
        if self.held is not None:
            return io.BytesIO(self.held)  # shares the bytes, copies nothing
        self.handle.seek(0)
        if self.entry is None:
            return io.BufferedReader(_Window(self.handle, self.size))
        return zipfile.ZipFile(self.handle).open(self.entry)

    def close(self) -> None:
        self.handle.close()
        self.held = None


class _Window(io.RawIOBase):
    """The first ``size`` bytes of an open file, read from its start (a file may grow meanwhile)."""

    def __init__(self, handle: IO[bytes], size: int) -> None:
        super().__init__()
        self._handle = handle
        self._left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")[: self._left]
        count = self._handle.readinto(view)  # type: ignore[attr-defined]
        self._left -= count or 0
        return count or 0


def keep_open(handle: IO[bytes]) -> IO[bytes]:
    """The input, kept open to read a large member again: the same file (not the same path), or the
    same bytes of an input given in memory (shared, not copied)."""
    if isinstance(handle, io.BytesIO):
        return io.BytesIO(handle.getvalue())
    return os.fdopen(os.dup(handle.fileno()), "rb")


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

    def close(self) -> None:
        """Let go of the input kept open for members too large to hold."""
        for member in self.members:
            if member.reread is not None:
                member.reread.close()


@dataclass(frozen=True, slots=True)
class InputLabel:
    """How error messages name the input and what they tell the parent to do."""

    label: str
    fix: str

    def says(self, problem: str, fix: str | None = None) -> str:
        return f"{self.label[0].upper()}{self.label[1:]} {problem}; {fix or self.fix}."


def display_name(text: str, limit: int = 80) -> str:
    """Make an untrusted name safe to put in a one-line message."""
    safe = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"


def text_path(path: str) -> str:
    """The path as valid text: bytes that are not UTF-8 (a file name from another system, kept by
    Python as lone surrogates) become U+FFFD, so the path can go into JSON, CSV and HTML. Not
    ``\\xe9``: a backslash would split the name where a Windows path is split into its parts."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def clean_name(raw: str, src: InputLabel, limits: Limits) -> str:
    """Return the NFC name with one leading "/" stripped, or reject an unsafe one."""
    if not raw:
        raise UnsafeInput(src.says("contains an entry with an empty name, so it was not opened"))
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in raw):
        raise UnsafeInput(
            src.says(
                f"contains an entry whose name has control or unreadable characters "
                f"({display_name(raw)}), so it was not opened"
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
            src.says(f"contains an entry with an unsafe path ({display_name(raw)}), so it was not opened")
        )
    _check_name_limits(stripped, parts, src, limits)
    return stripped


def _check_name_limits(name: str, parts: list[str], src: InputLabel, limits: Limits) -> None:
    too_long = len(name.encode("utf-8")) > limits.max_name_bytes or any(
        len(part.encode("utf-8")) > limits.max_segment_bytes for part in parts
    )
    if too_long:
        raise LimitExceeded(
            src.says(
                f"contains an entry with an overly long name ({display_name(name)}), so it was not opened"
            )
        )
    if len(parts) - 1 > limits.max_depth:
        raise LimitExceeded(
            src.says(
                f"contains folders nested more than {limits.max_depth} levels deep "
                f"({display_name(name)}), so it was not opened"
            )
        )


def skip_reason(name: str) -> str | None:
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
        return SKIP_ARCHIVE
    return None


def reject_duplicates(names: Iterable[str], src: InputLabel) -> None:
    # Case and Unicode form are folded because Windows/macOS would merge such names on unzip,
    # so one of the two would silently hide the other.
    seen: dict[str, str] = {}
    for name in names:
        key = unicodedata.normalize("NFC", name.casefold())
        if key in seen:
            raise UnsafeInput(
                src.says(
                    f"contains two entries with the same name ({display_name(seen[key])} and "
                    f"{display_name(name)}), so it was not opened"
                )
            )
        seen[key] = name


def drain(stream: IO[bytes], cap: int, keep_up_to: int | None = None) -> tuple[bytes | int, str] | None:
    """Read the whole stream, hashing as we go; None as soon as it holds more than cap bytes.

    Past ``keep_up_to`` bytes nothing read is kept: the size is returned in place of the bytes (the
    member is read again from the input when it is parsed, see ``Reread``).
    """
    digest = hashlib.sha256()
    buffer: io.BytesIO | None = io.BytesIO()
    count = 0
    while chunk := stream.read(min(CHUNK_BYTES, cap - count + 1)):
        count += len(chunk)
        if count > cap:
            return None
        digest.update(chunk)
        if buffer is not None:
            if keep_up_to is not None and count > keep_up_to:
                buffer = None
            else:
                buffer.write(chunk)
    # BytesIO.getvalue() hands over its buffer without copying, so data is held only once.
    return (buffer.getvalue() if buffer is not None else count), digest.hexdigest()


def keep_limit(name: str, limits: Limits, held: int = 0) -> int | None:
    """The size past which a member's bytes are not held: JSON members only (the TXT parser reads a
    file whole). ``held``: bytes of members read item by item held already (``hold_streamed_bytes``)."""
    if not name.casefold().endswith(".json"):
        return None
    return max(limits.stream_above_bytes, limits.hold_streamed_bytes - held)


def held_bytes(members: list[Member]) -> int:
    """Bytes held of the members read item by item (``Reread.held``), for the next ``keep_limit``."""
    return sum(m.size for m in members if m.reread is not None and m.reread.held is not None)


def member_of(name: str, drained: tuple[bytes | int, str], reread: Callable[[int], Reread],
              compressed_size: int | None = None, modified: datetime | None = None,
              crc32: int | None = None, stream_above: int | None = None) -> Member:
    """The member for what ``drain`` read: its bytes, or its size and where to read it again (the bytes
    themselves when a JSON member is held above ``stream_above``, the size read item by item)."""
    held, digest = drained
    # JSON only: the TXT parser reads ``data`` whole (``keep_limit`` holds every TXT member), so a TXT
    # member given as a reread with empty ``data`` was filed as an empty file, its records lost.
    if isinstance(held, bytes) and stream_above is not None and len(held) > stream_above \
            and name.casefold().endswith(".json"):
        return Member(name, b"", digest, len(held), len(held) if compressed_size is None else compressed_size,
                      modified, crc32, reread=Reread.of_bytes(held))
    if isinstance(held, bytes):
        return Member(name, held, digest, len(held), len(held) if compressed_size is None else compressed_size,
                      modified, crc32)
    return Member(name, b"", digest, held, held if compressed_size is None else compressed_size, modified, crc32,
                  reread=reread(held))


def hash_stream(stream: IO[bytes]) -> str:
    stream.seek(0)
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK_BYTES):
        digest.update(chunk)
    return digest.hexdigest()


def unreadable(display: str, exc: OSError) -> NotAnExport:
    reason = display_name(exc.strerror or type(exc).__name__)
    return NotAnExport(
        f'"{display}" could not be opened ({reason}); check that the file is on this computer '
        "and that you are allowed to read it."
    )
