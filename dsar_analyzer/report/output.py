"""A report's files: their names in the output folder, the optional PDF, and the set written together.

Every byte goes through the one writer (``dsar_analyzer.write``: the output-folder rule and the
temporary-file scheme); this module only decides what a report's files are called and which belong
together (``NAME.html``, ``NAME.html.sha256`` in ``sha256sum`` form, and with ``pdf`` ``NAME.pdf``).

In claim mode a report's file name never comes from the input's name (a parent names the archive
after the child): it is the case id given, or the first 12 hex digits of the archive's SHA-256.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from dsar_analyzer.report.names import HASH_PREFIX, export_stem, unique_stem
from dsar_analyzer.report.render import RenderedReport
from dsar_analyzer.write import OutputFolder, OutputRejected, output_folder, write_file

#: A case id as it may appear in a file name: letters, digits, dot, dash, underscore.
CASE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class PdfUnavailable(OutputRejected):
    """PDF output was asked for but the optional ``[pdf]`` extra (WeasyPrint) cannot be used."""


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


def report_file_name(input_path: str, archive_sha256: str, taken: set[str], *, mode: str = "redacted",
                     case_id: str | None = None, from_input: bool = True) -> str:
    """A file name for one export's report, unique among ``taken`` (which it joins) and never ``index.html``.

    The one rule of ``report.names``: the input's name (``from_input``, never in claim mode) or
    ``<case_id>-<hash>`` / ``<hash>``, then ``-full`` or ``-claim`` for those modes.
    """
    stem = export_stem(archive_sha256, mode, case_id=case_id, input_path=input_path if from_input else None)
    return unique_stem(stem, taken) + ".html"
