"""Turn an input path (ZIP, folder or single file) into an ``Export``: the library's front door.

Every member is parsed as a JSON document or a TXT file, ignored with a reason, or reported as
unrecognised. Only input that cannot be used at all raises (an ``InputRejected`` subclass).
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any, Literal

from dsar_analyzer.errors import NotAnExport
from dsar_analyzer.read import formats
from dsar_analyzer.read.archive import (
    InputArchive,
    Limits,
    Member,
    display_name,
    text_path,
)
from dsar_analyzer.read.collect import Collector
from dsar_analyzer.read.ingest import InputSource, read_input
from dsar_analyzer.read.json_doc import decode_document
from dsar_analyzer.read.json_stream import read_streamed
from dsar_analyzer.read.json_table import TOP_LEVEL_KEYS
from dsar_analyzer.read.layout import refuse_several
from dsar_analyzer.read.parse_json import JsonDocumentParser
from dsar_analyzer.read.parse_txt import TxtMemberParser
from dsar_analyzer.read.txt_table import lookup
from dsar_analyzer.records.export import Export, InputInfo, input_name
from dsar_analyzer.records.ledger import MemberEntry, MemberStatus


def load(source: InputSource, limits: Limits | None = None, *, name: str | None = None) -> Export:
    """Read a TikTok export and return its records, ledger and hashes.

    ``source`` is a path (a ZIP, an unzipped folder or one exported file), the bytes of a ZIP or
    file (``bytes``, ``bytearray``, ``memoryview``), or a binary file object such as an upload
    (read in bounded chunks). ``bytes`` are always content, never a path. The same limits and the
    same hashes apply whichever way the archive is given. ``name`` is what messages call the
    input (``load(data, name="upload.zip")``). Unusable input raises an ``InputRejected``
    subclass; a path that does not exist raises ``InputNotFound``, also a ``FileNotFoundError``.

    >>> export = load("sample_exports/g4-en-sample_child_a.zip")  # doctest: +SKIP
    >>> len(export.records("watch_history"))                       # doctest: +SKIP
    40
    """
    limits = limits or Limits()
    archive = read_input(source, limits, name, folder_check=refuse_several)
    try:
        export = parse_archive(archive, limits)
    finally:
        archive.close()
    if rereadable(source) and name is None:
        return export
    # Given as bytes or a stream, or under another name: the report calls it by that name, and there
    # is no file to hash again (a file of the same name in the working folder is another thing).
    info = replace(export.input, name=input_name(name) if name else export.input.name,
                   rereadable=rereadable(source))
    return replace(export, input=info)


def rereadable(source: InputSource) -> bool:
    """True when ``source`` names a file or folder that can be read again (a path); bytes and streams cannot."""
    return isinstance(source, (str, os.PathLike))


def _is_export_document(value: Any) -> bool:
    return isinstance(value, dict) and bool(set(value) & TOP_LEVEL_KEYS)


def parse_archive(archive: InputArchive, limits: Limits | None = None) -> Export:
    """Parse members already read safely (see ``ingest.read_input``); ``limits`` gives the size of
    the slices a member above the memory budget is checked in."""
    limits = limits or Limits()
    out = Collector()
    entries: list[MemberEntry] = []
    documents: list[dict[str, Any]] = []
    txt_members: list[Member] = []
    for member in archive.members:
        status, reason = _parse_member(member, out, documents, txt_members, limits.stream_slice_items)
        entries.append(MemberEntry(name=member.name, size=member.size, sha256=member.sha256,
                                   status=status, reason=reason, modified=member.modified,
                                   crc32=None if member.crc32 is None else f"{member.crc32:08x}"))
    for skipped in archive.skipped:
        entries.append(MemberEntry(name=skipped.name, size=skipped.size, sha256="", status="ignored",
                                   reason=skipped.reason))
    if not documents and not txt_members:
        raise NotAnExport(
            f"{display_name(os.path.basename(archive.path) or archive.path)} does not look like a TikTok export: it holds no "
            "user_data_tiktok.json and no TikTok TXT files; choose the file TikTok sent you."
        )
    export_format, generation, generation_evidence, language, language_evidence = _detect(documents, txt_members)
    entries.sort(key=lambda e: e.name)
    return Export(
        input=InputInfo(path=text_path(archive.path), kind=archive.kind, sha256=archive.sha256, size=archive.size,
                        os_path=archive.path),
        format=export_format, generation=generation, generation_evidence=generation_evidence,
        language=language, language_evidence=language_evidence,  # type: ignore[arg-type]
        sections=dict(sorted(out.sections.items())), ledger=out.ledger(entries),
        member_hashes={m.name: m.sha256 for m in archive.members},
    )


def _parse_member(member: Member, out: Collector, documents: list[dict[str, Any]],
                  txt_members: list[Member], slice_items: int) -> tuple[MemberStatus, str]:
    lower = member.name.casefold()
    if lower.endswith(".json"):
        if member.reread is not None:
            document = read_streamed(member, out, slice_items)
        else:
            document = decode_document(member.name, member.data, out)
        if not _is_export_document(document):
            return "unrecognised", "JSON file without any TikTok export section"
        JsonDocumentParser(member.name, out).parse(document)
        documents.append(document)
        return "parsed", ""
    spec = lookup(member.name)
    if spec is not None:
        TxtMemberParser(member.name, spec, out).parse(member.data)
        txt_members.append(member)
        return "parsed", ""
    if lower.endswith(".txt"):
        return "unrecognised", "TXT file name not known for any section"
    return "unrecognised", "not a JSON or TXT file of a TikTok export"


def _detect(documents: list[dict[str, Any]], txt_members: list[Member]
            ) -> tuple[Literal["json", "txt", "mixed"], str, tuple[str, ...], str, str]:
    if documents:
        detected = [formats.json_generation(d) for d in documents]
        generation = "+".join(sorted({g for g, _ in detected}))
        evidence = tuple(e for _, ev in detected for e in ev)
        language, language_evidence = formats.json_language(documents[0])
        export_format: Literal["json", "mixed"] = "mixed" if txt_members else "json"
        return export_format, generation, evidence, language, language_evidence
    generation, evidence = formats.txt_generation((m.name, m.data) for m in txt_members)
    language, language_evidence = formats.txt_language(m.name for m in txt_members)
    return "txt", generation, evidence, language, language_evidence
