"""Build honest and hostile TikTok-export inputs inside a test's tmp_path; each returns a path."""

from __future__ import annotations

import json
import os
import stat
import struct
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path

WRAPPER = "TikTok_Data_1735588272"

# Offsets of fields inside the fixed part of ZIP headers (APPNOTE 4.3.7 and 4.3.12).
LOCAL_FLAGS = 6
LOCAL_METHOD = 8
CENTRAL_FLAGS = 8
CENTRAL_METHOD = 10
CENTRAL_CRC = 16
CENTRAL_COMPRESSED = 20
CENTRAL_UNCOMPRESSED = 24
CENTRAL_LOCAL_OFFSET = 42


def export_files() -> dict[str, bytes]:
    """A small, realistic export: JSON plus a text file, inside TikTok's wrapping folder."""
    user_data = {
        "Activity": {
            "Video Browsing History": {
                "VideoList": [
                    {
                        "Date": f"2024-12-{day:02d} 18:0{day % 10}:00",
                        "Link": f"https://www.tiktokv.com/share/video/{7000 + day}/",
                    }
                    for day in range(1, 29)
                ]
            }
        },
        "Profile": {"Profile Information": {"ProfileMap": {"userName": "kid_ünïcode"}}},
    }
    watch = "Date: 2024-12-01 18:00:00\nLink: https://www.tiktokv.com/share/video/7001/\n"
    return {
        f"{WRAPPER}/user_data_tiktok.json": json.dumps(user_data, ensure_ascii=False).encode(
            "utf-8"
        ),
        f"{WRAPPER}/Activity/Watch History.txt": watch.encode("utf-8"),
    }


def write_zip(
    path: Path,
    entries: Mapping[str, bytes] | Iterable[tuple[str, bytes]],
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """Write entries with names exactly as given (zipfile does not sanitise writestr names)."""
    items = entries.items() if isinstance(entries, Mapping) else entries
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of some fixtures
        with zipfile.ZipFile(path, "w", compression) as archive:
            for name, data in items:
                archive.writestr(name, data)
    return path


def export_zip(tmp_path: Path) -> Path:
    return write_zip(tmp_path / "export.zip", export_files())


def export_folder(tmp_path: Path, files: Mapping[str, bytes] | None = None) -> Path:
    root = tmp_path / "unzipped"
    for name, data in (files or export_files()).items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


def leading_slash_zip(tmp_path: Path) -> Path:
    return write_zip(tmp_path / "old.zip", {"/user_data.json": b'{"Profile": {}}'})


def macos_zip(tmp_path: Path) -> Path:
    entries = dict(export_files())
    entries["__MACOSX/"] = b""
    entries[f"__MACOSX/{WRAPPER}/._user_data_tiktok.json"] = b"\x00\x05\x16\x07" + b"\x00" * 60
    entries[f"{WRAPPER}/.DS_Store"] = b"\x00\x00\x00\x01Bud1" + b"\x00" * 100
    entries[f"{WRAPPER}/"] = b""
    return write_zip(tmp_path / "mac.zip", entries)


def deflate_bomb(tmp_path: Path, size: int = 10**8, name: str = "bomb.json") -> Path:
    """size zero bytes in one deflated entry, streamed so the test never holds them."""
    path = tmp_path / "bomb.zip"
    block = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w", force_zip64=size > 2**31) as stream,
    ):
        written = 0
        while written < size:
            piece = block[: min(len(block), size - written)]
            stream.write(piece)
            written += len(piece)
    return path


def many_small_bombs(tmp_path: Path, count: int = 12, each: int = 1024 * 1024) -> Path:
    """Each entry stays under the per-member grace, but together they are a bomb."""
    entries = [(f"part_{i:03d}.json", bytes(each)) for i in range(count)]
    return write_zip(tmp_path / "spread_bomb.zip", entries)


def realistic_json(rows: int = 20_000) -> bytes:
    """Watch-history-shaped JSON whose deflate ratio is close to a real export's (~9:1)."""
    state = 12345
    items = []
    for i in range(rows):
        state = (state * 1103515245 + 12345) % 2**31  # deterministic pseudo-random video ids
        day = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        clock = f"{i % 24:02d}:{state % 60:02d}:{(state >> 8) % 60:02d}"
        video = 7_000_000_000_000_000_000 + state * 7919
        items.append(
            {"Date": f"{day} {clock}", "Link": f"https://www.tiktokv.com/share/video/{video}/"}
        )
    return json.dumps(
        {"Activity": {"Video Browsing History": {"VideoList": items}}}, indent=2
    ).encode()


def realistic_zip(tmp_path: Path) -> Path:
    return write_zip(tmp_path / "real.zip", {f"{WRAPPER}/user_data_tiktok.json": realistic_json()})


def many_entries_zip(tmp_path: Path, count: int) -> Path:
    """count empty entries, written through one stream so 20,000 stay cheap to build."""
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for i in range(count):
            archive.writestr(f"f{i}.txt", b"")
    return path


def named_entry_zip(tmp_path: Path, name: str, data: bytes = b"{}") -> Path:
    return write_zip(tmp_path / "named.zip", {name: data})


def duplicate_names_zip(tmp_path: Path, first: str, second: str) -> Path:
    return write_zip(tmp_path / "dupes.zip", [(first, b"{}"), (second, b"[]")])


def nul_name_zip(tmp_path: Path) -> Path:
    """An entry really named "evil.json<NUL>.txt"; zipfile would silently show it as "evil.json"."""
    path = write_zip(tmp_path / "nul.zip", {"evil.jsonX.txt": b"{}"}, zipfile.ZIP_STORED)
    raw = path.read_bytes()
    assert raw.count(b"evil.jsonX.txt") == 2
    path.write_bytes(raw.replace(b"evil.jsonX.txt", b"evil.json\x00.txt"))
    return path


def symlink_entry_zip(tmp_path: Path) -> Path:
    info = zipfile.ZipInfo("TikTok/link.json")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = tmp_path / "symlink.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(info, b"/etc/passwd")
    return path


def fifo_entry_zip(tmp_path: Path) -> Path:
    info = zipfile.ZipInfo("pipe")
    info.create_system = 3
    info.external_attr = (stat.S_IFIFO | 0o644) << 16
    path = tmp_path / "fifo.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(info, b"")
    return path


def _central_records(raw: bytes) -> list[int]:
    """Offsets of every central-directory record, found via the end-of-directory record."""
    end = raw.rindex(b"PK\x05\x06")
    count, _, start = struct.unpack_from("<HLL", raw, end + 10)
    offsets = []
    position = start
    for _ in range(count):
        assert raw[position : position + 4] == b"PK\x01\x02"
        offsets.append(position)
        name_len, extra_len, comment_len = struct.unpack_from("<3H", raw, position + 28)
        position += 46 + name_len + extra_len + comment_len
    return offsets


def _patch(raw: bytearray, offset: int, fmt: str, value: int) -> None:
    struct.pack_into(fmt, raw, offset, value)


def patched_zip(path: Path, patches: Iterable[tuple[int, int, str, int]]) -> Path:
    """Apply (record index, field offset, struct format, value) patches to central records."""
    raw = bytearray(path.read_bytes())
    records = _central_records(bytes(raw))
    for index, field_offset, fmt, value in patches:
        _patch(raw, records[index] + field_offset, fmt, value)
    path.write_bytes(bytes(raw))
    return path


def local_header_offset(path: Path, index: int) -> int:
    raw = path.read_bytes()
    offset: int = struct.unpack_from(
        "<L", raw, _central_records(raw)[index] + CENTRAL_LOCAL_OFFSET
    )[0]
    return offset


def falsified_size_zip(tmp_path: Path, fix_crc: bool = False) -> tuple[Path, bytes, int]:
    """Declare 100 bytes fewer than the entry holds; optionally make the CRC match the prefix."""
    data = json.dumps([{"n": i, "s": "x" * (i % 17)} for i in range(200)]).encode()
    path = write_zip(tmp_path / "liar.zip", {"user_data.json": data})
    declared = len(data) - 100
    patches = [(0, CENTRAL_UNCOMPRESSED, "<L", declared)]
    if fix_crc:
        patches.append((0, CENTRAL_CRC, "<L", zlib.crc32(data[:declared])))
    return patched_zip(path, patches), data, declared


def encrypted_zip(tmp_path: Path) -> Path:
    path = write_zip(tmp_path / "locked.zip", export_files())
    raw = bytearray(path.read_bytes())
    for record in _central_records(bytes(raw)):
        central_flags = struct.unpack_from("<H", raw, record + CENTRAL_FLAGS)[0]
        _patch(raw, record + CENTRAL_FLAGS, "<H", central_flags | 1)
        local = struct.unpack_from("<L", raw, record + CENTRAL_LOCAL_OFFSET)[0]
        local_flags = struct.unpack_from("<H", raw, local + LOCAL_FLAGS)[0]
        _patch(raw, local + LOCAL_FLAGS, "<H", local_flags | 1)
    path.write_bytes(bytes(raw))
    return path


def bzip2_zip(tmp_path: Path) -> Path:
    return write_zip(tmp_path / "bzip2.zip", export_files(), zipfile.ZIP_BZIP2)


def truncated_zip(tmp_path: Path) -> Path:
    path = write_zip(tmp_path / "cut.zip", {"user_data.json": realistic_json(2_000)})
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    return path


def corrupt_data_zip(tmp_path: Path) -> Path:
    """Intact structure, but the deflate stream of the only entry is garbage."""
    data = realistic_json(200)
    path = write_zip(tmp_path / "garbled.zip", {"user_data.json": data})
    raw = bytearray(path.read_bytes())
    start = 30 + len("user_data.json")
    raw[start + 10 : start + 60] = bytes(range(50))
    path.write_bytes(bytes(raw))
    return path


def same_local_header_zip(tmp_path: Path) -> Path:
    """Two central records pointing at the same local header (the overlap behind zip bombs)."""
    path = write_zip(tmp_path / "overlap.zip", [("a.json", b"{}" * 50), ("b.json", b"[]" * 50)])
    return patched_zip(path, [(1, CENTRAL_LOCAL_OFFSET, "<L", local_header_offset(path, 0))])


def compressed_size_overrun_zip(tmp_path: Path) -> Path:
    """The first entry claims one compressed byte more than fits before the second header."""
    path = write_zip(tmp_path / "overrun.zip", [("a.json", b"{}" * 50), ("b.json", b"[]" * 50)])
    raw = path.read_bytes()
    record = _central_records(raw)[0]
    compressed = struct.unpack_from("<L", raw, record + CENTRAL_COMPRESSED)[0]
    return patched_zip(path, [(0, CENTRAL_COMPRESSED, "<L", compressed + 1)])


def nested_zip(tmp_path: Path) -> Path:
    inner = export_zip(tmp_path).read_bytes()
    entries = dict(export_files())
    entries[f"{WRAPPER}/old_export.zip"] = inner
    return write_zip(tmp_path / "outer.zip", entries)


def only_nested_zip(tmp_path: Path) -> Path:
    inner = export_zip(tmp_path).read_bytes()
    return write_zip(tmp_path / "wrapped.zip", {"export.zip": inner})


def folder_with_symlink(tmp_path: Path) -> Path:
    root = export_folder(tmp_path)
    os.symlink("/etc/passwd", root / WRAPPER / "passwords.txt")
    return root


def folder_with_fifo(tmp_path: Path) -> Path:
    root = export_folder(tmp_path)
    os.mkfifo(root / WRAPPER / "pipe.json")
    return root


def png_file(tmp_path: Path) -> Path:
    path = tmp_path / "screenshot.png"
    header = (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + b"IHDR"
        + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    )
    path.write_bytes(
        header + zlib.compress(b"\x00\xff\x00\x00") + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    return path


def pdf_file(tmp_path: Path) -> Path:
    path = tmp_path / "letter.pdf"
    path.write_bytes(
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256))
    )
    return path


def empty_zip(tmp_path: Path) -> Path:
    return write_zip(tmp_path / "empty.zip", {})


def renamed_zip(tmp_path: Path) -> Path:
    """A ZIP saved with a .json name: detection must go by content, not by extension."""
    path = tmp_path / "user_data_tiktok.json"
    path.write_bytes(export_zip(tmp_path).read_bytes())
    return path


def commented_zip(tmp_path: Path) -> Path:
    """An archive comment moves the end record away from the last 22 bytes."""
    path = tmp_path / "commented.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in export_files().items():
            archive.writestr(name, data)
        archive.comment = b"exported by TikTok " * 20
    return path


def zip64_end_zip(tmp_path: Path) -> Path:
    """Rewrite the end record in ZIP64 form (as exports over 4 GiB or 65,535 entries have)."""
    raw = export_zip(tmp_path).read_bytes()
    end = raw.rindex(b"PK\x05\x06")
    _, _, _, entries, total, cd_size, cd_offset, _ = struct.unpack_from("<4s4H2LH", raw, end)
    record = struct.pack(
        "<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, entries, total, cd_size, cd_offset
    )
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, end, 1)
    legacy = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    path = tmp_path / "zip64.zip"
    path.write_bytes(raw[:end] + record + locator + legacy)
    return path
