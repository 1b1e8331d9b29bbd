"""Write report files safely: only inside one output folder, each through a new file renamed over its name.

Every file is first written to a new temporary file in the output folder (created exclusively, mode
0600) and then renamed over its name. A rename replaces the directory entry itself, so a symlink or
hard link planted at a report's name is replaced, never written through: nothing outside the output
folder is written or has its mode changed, and a reader never sees a half-written report.

The output folder is resolved once (symlinks followed) and every file goes into the resolved folder.
Folders of the operating system (``/``, ``/etc``, ``/usr``, ``/bin``, ``/sbin``, ``/lib*``, ``/boot``,
``/dev``, ``/proc``, ``/sys``, and anything below them) are refused, whether given directly or
reached through a symlink.

In claim mode a report's file name never comes from the input's name (a parent names the archive
after the child): it is the case id given, or the first 12 hex digits of the archive's SHA-256.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dsar_analyzer.report.render import RenderedReport

#: Top-level folders of the operating system that reports are never written into (``lib`` covers
#: ``lib32``, ``lib64`` and ``libx32`` too).
SYSTEM_FOLDERS = ("etc", "usr", "bin", "sbin", "lib", "boot", "dev", "proc", "sys")
#: A case id as it may appear in a file name: letters, digits, dot, dash, underscore.
CASE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
#: Hex digits of the archive's SHA-256 in a claim-mode file name (48 bits: no collision in practice).
HASH_PREFIX = 12


class OutputRejected(Exception):
    """The output folder or a file in it cannot be written; the message says why in one sentence."""


class PdfUnavailable(OutputRejected):
    """PDF output was asked for but the optional ``[pdf]`` extra (WeasyPrint) cannot be used."""


@dataclass(frozen=True, slots=True)
class OutputFolder:
    """A checked, existing, writable output folder: ``path`` is where files go (symlinks resolved)."""

    given: str
    path: Path

    @property
    def through_link(self) -> bool:
        """True when the folder given reaches ``path`` through a symlink."""
        return Path(os.path.abspath(self.given)) != self.path


def _is_system_folder(path: Path) -> bool:
    parts = path.parts
    return len(parts) == 1 or parts[1] in SYSTEM_FOLDERS or parts[1].startswith("lib")


def output_folder(given: str | os.PathLike[str]) -> OutputFolder:
    """Check (and create, with its parents) the folder reports are written into.

    Raises ``OutputRejected`` for an empty name, a system folder (also through a symlink), a path
    that is or runs through a file, and a folder this user cannot create or write into.
    """
    text = os.fspath(given)
    if not text.strip():
        raise OutputRejected("the output folder name is empty; name a folder, for example reports.")
    absolute = Path(os.path.abspath(text))
    resolved = absolute.resolve()
    via = f"{text} leads to {resolved}" if resolved != absolute else f"{resolved}"
    if _is_system_folder(resolved):
        raise OutputRejected(f"{via}, a folder of the operating system; choose a folder of your own, "
                             "for example reports.")
    try:
        resolved.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputRejected(f"{via} is a file, not a folder; choose another output folder.") from None
    except NotADirectoryError:
        raise OutputRejected(f"the output folder {via} cannot be made: part of that path is a file.") from None
    except PermissionError:
        raise OutputRejected(f"no permission to create the output folder {via}.") from None
    except OSError as error:
        raise OutputRejected(f"the output folder {via} cannot be made: {error.strerror or error}.") from None
    # Permissions alone do not tell (a read-only file system, an ACL): try what the writes will do.
    try:
        descriptor, probe = tempfile.mkstemp(dir=resolved, prefix=".dsar-analyzer-", suffix=".tmp")
    except OSError as error:
        raise OutputRejected(f"cannot write into the output folder {via}: "
                             f"{(error.strerror or str(error)).lower()}.") from None
    os.close(descriptor)
    os.unlink(probe)
    return OutputFolder(given=text, path=resolved)


def write_file(folder: OutputFolder, name: str, data: bytes) -> Path:
    """Write ``data`` as ``folder/name`` through a new temporary file renamed over the name."""
    if name in {"", ".", ".."} or any(c in name for c in "/\\\0"):
        raise ValueError(f"not a plain file name: {name!r}")
    target = folder.path / name
    # mkstemp opens with O_CREAT | O_EXCL and mode 0600: it never opens an existing file or link.
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder.path, prefix=f".{name}.", suffix=".tmp")
    except OSError as error:
        raise OutputRejected(f"cannot write {target}: {(error.strerror or str(error)).lower()}.") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputRejected(f"cannot write {target}: {(error.strerror or str(error)).lower()}.") from None
    return target


def pdf_engine() -> Any:
    """WeasyPrint, the optional PDF renderer; ``PdfUnavailable`` when it is missing or cannot load."""
    try:
        import weasyprint  # type: ignore[import-not-found,unused-ignore]
    except (ImportError, OSError):
        # OSError: WeasyPrint is installed but the system's Pango library is missing.
        raise PdfUnavailable("PDF output needs the optional extra: pip install 'dsar-analyzer[pdf]'; "
                             "or print the HTML report to PDF from a browser.") from None
    return weasyprint


def write_report(folder: OutputFolder | str | os.PathLike[str], name: str, report: RenderedReport, *,
                 pdf: bool = False) -> tuple[Path, ...]:
    """Write one rendered report as ``name`` (``.html``), ``name.sha256`` and, with ``pdf``, a PDF beside it.

    ``name`` ends in ``.html``; the ``.sha256`` file has the ``sha256sum`` format. Returns the paths written.
    """
    if not name.endswith(".html"):
        raise ValueError(f"a report's file name ends in .html: {name!r}")
    where = folder if isinstance(folder, OutputFolder) else output_folder(folder)
    # The PDF is rendered before anything is written, so a failure leaves no partial set of files.
    pdf_bytes = pdf_engine().HTML(string=report.html).write_pdf() if pdf else None
    written = [write_file(where, name, report.html.encode("utf-8")),
               write_file(where, f"{name}.sha256", f"{report.sha256}  {name}\n".encode())]
    if pdf_bytes is not None:
        written.append(write_file(where, name.removesuffix(".html") + ".pdf", pdf_bytes))
    return tuple(written)


def report_file_name(input_path: str, archive_sha256: str, taken: set[str], *, anonymous: bool = False,
                     case_id: str | None = None) -> str:
    """A file name for one export's report, unique among ``taken`` (which it joins) and never ``index.html``.

    Normally the input's name without ``.zip``, made safe. With ``anonymous`` (claim mode) the name
    never comes from the input: ``<case_id>-<hash>.html``, or ``<hash>.html`` without a case id,
    ``<hash>`` being the first 12 hex digits of the archive's SHA-256.
    """
    if anonymous:
        if case_id is not None and not CASE_ID.fullmatch(case_id):
            raise ValueError(f"not a usable case id: {case_id!r}")
        prefix = archive_sha256[:HASH_PREFIX]
        stem = f"{case_id}-{prefix}" if case_id else prefix
    else:
        stem = Path(input_path.rstrip("/\\")).name
        stem = stem[:-4] if stem.lower().endswith(".zip") else stem
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-") or "export"
    name, counter = f"{stem}.html", 2
    while name in taken or name == "index.html":
        name, counter = f"{stem}-{counter}.html", counter + 1
    taken.add(name)
    return name
