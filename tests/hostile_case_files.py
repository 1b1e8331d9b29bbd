"""Hostile case files: XLSX workbooks built part by part (a 1 GiB cell in 1 MB, a DTD, broken XML), and more.

The 1 GiB cell is never held in memory or compressed byte by byte: a deflate block of 1 MiB of text,
cut by a full flush (which resets the compressor's history), is the same bytes each time, so the
member's data is that block repeated and its CRC-32 is computed over the same 1 MiB 1,024 times.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
_SHEET_HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_SHEET_TAIL = b"</sheetData></worksheet>"


def workbook_parts(rows: Iterable[list[object]]) -> dict[str, bytes]:
    """The parts of a workbook openpyxl writes holding ``rows`` (inline strings, so no shared-string part)."""
    import zipfile

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def sheet(rows_xml: bytes) -> bytes:
    return _SHEET_HEAD + rows_xml + _SHEET_TAIL


def inline_cell(reference: str, text: str) -> bytes:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def header_row() -> bytes:
    return b'<row r="1">' + b"".join(inline_cell(f"{c}1", t) for c, t in
                                     zip("ABC", ("file", "case_id", "birth_date"))) + b"</row>"


class _Member:
    def __init__(self, name: str, pieces: Iterable[bytes], *, repeat: tuple[bytes, int] | None = None) -> None:
        """Deflate ``pieces``; ``repeat`` (text, count) goes between the first piece and the rest."""
        pieces = list(pieces)
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        crc, size, data = 0, 0, bytearray()
        for index, piece in enumerate(pieces):
            data += compressor.compress(piece) + compressor.flush(zlib.Z_FULL_FLUSH)
            crc, size = zlib.crc32(piece, crc), size + len(piece)
            if index == 0 and repeat is not None:
                text, count = repeat
                block = compressor.compress(text) + compressor.flush(zlib.Z_FULL_FLUSH)
                for _ in range(count):
                    data += block
                    crc = zlib.crc32(text, crc)
                size += len(text) * count
        data += compressor.flush(zlib.Z_FINISH)
        self.name, self.data, self.crc, self.size = name.encode(), bytes(data), crc, size


def write_xlsx(path: Path, parts: dict[str, bytes], big: _Member | None = None,
               declared_size: int | None = None) -> Path:
    """A ZIP of ``parts`` (and ``big`` in place of its part), written record by record."""
    members = [big if big is not None and name.encode() == big.name else _Member(name, [data])
               for name, data in parts.items()]
    out = bytearray()
    central = bytearray()
    for member in members:
        size = member.size if declared_size is None or member is not big else declared_size
        offset = len(out)
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x21, member.crc, len(member.data),
                           size, len(member.name), 0) + member.name + member.data
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, member.crc,
                               len(member.data), size, len(member.name), 0, 0, 0, 0, 0, offset) + member.name
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path


def giant_cell_xlsx(path: Path, gib: int = 1, declared_size: int | None = None) -> Path:
    """A workbook of about 1 MB whose sheet holds one cell of ``gib`` GiB of text."""
    parts = workbook_parts([["file", "case_id", "birth_date"]])
    head = _SHEET_HEAD + header_row() + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
    tail = b"</t></is></c></row>" + _SHEET_TAIL
    big = _Member(SHEET, [head, tail], repeat=(b"A" * (1 << 20), 1024 * gib))
    return write_xlsx(path, parts, big, declared_size)


def xlsx_with_sheet(path: Path, sheet_xml: bytes) -> Path:
    parts = workbook_parts([["file", "case_id", "birth_date"]])
    parts[SHEET] = sheet_xml
    return write_xlsx(path, parts)


BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
                  + b"".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode()
                             for i in range(1, 10))
                  + b"]>\n" + _SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
                  + _SHEET_TAIL)
