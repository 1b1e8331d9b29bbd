"""Chain of custody: who supplied the export and when, its hashes re-checked, and how the figures were made.

The record a court asks for beside the figures (ISO/IEC 27037, SWGDE 18-Q-002): the case reference,
the supplier and when the export was received (entered by the user); the export date; every
member with its ZIP timestamp, CRC-32 and SHA-256; the archive's SHA-256 computed when it was read
and again after all figures were made; the tool's version and a hash of its own source files;
Python and the operating system; the command line or library call; and the settings.

Hash rules, stated once: a ZIP or a single file is hashed as its bytes (SHA-256). A folder has no
bytes of its own: its hash is the SHA-256 of the sorted lines ``<member name>\\0<member SHA-256>\\n``
(UTF-8) of every file read. The tool's source hash uses the same rule over every ``.py``, ``.j2``
and ``.po`` file of the installed package.
"""

from __future__ import annotations

import hashlib
import os
import platform
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from dsar_analyzer import __version__
from dsar_analyzer.analysis.export_date import ExportDate, export_date
from dsar_analyzer.errors import InputRejected
from dsar_analyzer.read.ingest import rehash_input
from dsar_analyzer.records.export import Export
from dsar_analyzer.records.ledger import MemberEntry

FOLDER_HASH_RULE = ("A folder has no bytes of its own: its SHA-256 is computed over the sorted lines "
                    "'<file name>\\0<SHA-256 of the file>\\n' (UTF-8) of every file read from it. A ZIP or single "
                    "file is hashed as its bytes.")
SOURCE_HASH_RULE = ("SHA-256 over the sorted lines '<path>\\0<SHA-256 of the file>\\n' of every .py, .j2, .po and "
                    ".json file of the installed dsar_analyzer package.")
#: What decides a report: the code, the templates, the catalogues and the templates' compiled code
#: shipped with them (``report/precompiled_templates.json``, run in place of compiling the templates).
_SOURCE_SUFFIXES = (".py", ".j2", ".po", ".json")


class Environment(BaseModel):
    """What ran: the tool, a hash of its source files, Python and the operating system."""

    model_config = ConfigDict(frozen=True)

    tool: str = "dsar-analyzer"
    version: str
    source_sha256: str
    source_files: int
    python: str
    system: str


@lru_cache(maxsize=1)
def tool_environment() -> Environment:
    """The running tool's provenance (computed once per process)."""
    root = str(Path(__file__).resolve().parents[1])
    lines = []
    # os.walk, never entering __pycache__, rather than pathlib's rglob over every file: 3 ms of the
    # 6 ms this took in each command's process. The lines are sorted, so the walk's order is free.
    for folder, folders, names in os.walk(root):
        folders[:] = [name for name in folders if name != "__pycache__"]
        prefix = "" if folder == root else os.path.relpath(folder, root).replace(os.sep, "/") + "/"
        for name in names:
            path = os.path.join(folder, name)
            if os.path.splitext(name)[1] in _SOURCE_SUFFIXES and os.path.isfile(path):
                with open(path, "rb") as source:
                    lines.append(f"{prefix}{name}\0{hashlib.sha256(source.read()).hexdigest()}\n")
    digest = hashlib.sha256("".join(sorted(lines)).encode("utf-8")).hexdigest()
    return Environment(version=__version__, source_sha256=digest, source_files=len(lines),
                       python=f"{platform.python_implementation()} {platform.python_version()}",
                       system=f"{platform.system()} {platform.release()} ({platform.machine()})")


class Custody(BaseModel):
    """The chain-of-custody record of one analysis; ``archive_unchanged`` is False if the input changed."""

    model_config = ConfigDict(frozen=True)

    case_reference: str | None
    supplier: str | None
    received_at: datetime | None
    export_date: ExportDate
    archive_name: str
    archive_kind: str
    archive_size: int
    archive_sha256: str
    archive_sha256_rechecked: str | None
    archive_unchanged: bool | None
    recheck_note: str
    hash_rule: str
    members: list[MemberEntry]
    environment: Environment
    source_hash_rule: str
    invocation: str
    settings: dict[str, Any]


def custody(export: Export, *, case_reference: str | None = None, supplier: str | None = None,
            received_at: datetime | None = None, invocation: str | None = None,
            settings: dict[str, Any] | None = None) -> Custody:
    """The custody record; re-hashes the input from disk (call it after the figures are made)."""
    rechecked: str | None = None
    if not export.input.rereadable:
        note = ("The archive was given to the tool in memory (bytes or a stream), not as a file, so it could "
                "not be read again; compare its SHA-256 with the original.")
    else:
        try:
            rechecked = rehash_input(export.input.os_path or export.input.path, export.input.kind)
            note = "The archive was hashed again after all figures were made."
        except (OSError, InputRejected) as error:  # a failure to re-read is itself the finding
            note = f"The archive could not be read again after the analysis ({type(error).__name__})."
    name = export.input.name
    return Custody(
        case_reference=case_reference, supplier=supplier, received_at=received_at,
        export_date=export_date(export), archive_name=name, archive_kind=export.input.kind,
        archive_size=export.input.size, archive_sha256=export.input.sha256,
        archive_sha256_rechecked=rechecked,
        archive_unchanged=None if rechecked is None else rechecked == export.input.sha256,
        recheck_note=note, hash_rule=FOLDER_HASH_RULE, members=list(export.ledger.members),
        environment=tool_environment(), source_hash_rule=SOURCE_HASH_RULE,
        invocation=invocation or "library call: dsar_analyzer.analysis.export_figures.analyse(export, options)",
        settings=settings or {})
