"""``dsar-analyzer report``: one self-contained HTML report per export, and an index for a family."""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import click

from dsar_analyzer.cli import cli
from dsar_analyzer.cli.common import (
    analysis_options,
    load_export,
    birth_date_option,
    consent_country_option,
    zone_option,
)


def _generated_at(value: datetime | None) -> datetime:
    """--generated-at, else SOURCE_DATE_EPOCH (reproducible builds), else now; always UTC, whole seconds."""
    if value is not None:
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        except (ValueError, OverflowError):
            raise click.BadParameter("SOURCE_DATE_EPOCH must be whole seconds since 1970") from None
    return datetime.now(tz=timezone.utc).replace(microsecond=0)


def _report_name(path: str, taken: set[str]) -> str:
    """A safe file name for one export's report, unique in the output folder."""
    stem = Path(path.rstrip("/\\")).name
    stem = stem[:-4] if stem.lower().endswith(".zip") else stem
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-") or "export"
    name, counter = f"{stem}.html", 2
    while name in taken or name == "index.html":
        name, counter = f"{stem}-{counter}.html", counter + 1
    taken.add(name)
    return name


def _write(folder: Path, name: str, data: bytes) -> None:
    """Write one output file inside the output folder only, readable by its owner only."""
    target = folder / name
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    os.chmod(target, 0o600)


def _write_report(folder: Path, name: str, html: str, sha256: str) -> None:
    _write(folder, name, html.encode("utf-8"))
    _write(folder, f"{name}.sha256", f"{sha256}  {name}\n".encode())


def _case_key(mode: str, key_file: Path | None) -> bytes | None:
    if mode != "claim":
        return None
    if key_file is None:
        raise click.UsageError("--claim needs --case-key-file: a file with the secret key of this case "
                               "(at least 16 bytes), kept outside the report.")
    key = key_file.read_bytes().strip()
    if len(key) < 16:
        raise click.UsageError("the case key file must hold at least 16 bytes.")
    return key


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=True, file_okay=True))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the reports into (created if missing).")
@click.option("--lang", type=click.Choice(["en", "nl"]), default=None,
              help="Report language; default: the language of the export.")
@click.option("--full", "mode", flag_value="full", help="Show everything, unredacted (for a parent's own copy).")
@click.option("--claim", "mode", flag_value="claim", help="Redacted, with keyed pseudonyms for every person.")
@click.option("--redacted", "mode", flag_value="redacted", default=True, help="Redacted (the default).")
@click.option("--case-key-file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Secret key of the case for --claim pseudonyms.")
@click.option("--generated-at", type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S",
                                                               "%Y-%m-%d"]), default=None,
              help="Time stamp printed in the report (default: SOURCE_DATE_EPOCH, else now).")
@click.option("--pdf", is_flag=True, help="Also write a PDF of each report (needs dsar-analyzer[pdf]).")
@click.option("--cases", "cases_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Case file (CSV or XLSX, as for batch): each child's real birth date, language and label.")
@birth_date_option
@consent_country_option
@zone_option
def report(paths: tuple[str, ...], out: Path, lang: str | None, mode: str, case_key_file: Path | None,
           generated_at: datetime | None, pdf: bool, cases_file: Path | None, birth_date: Any, consent_country: str,
           zone: str) -> None:
    """Write one self-contained HTML report per export in PATHS (and an index.html for a family)."""
    from dsar_analyzer.analyse.analysis import analyse
    from dsar_analyzer.cli.batch import case_options, report_cases
    from dsar_analyzer.report.context import ReportOptions
    from dsar_analyzer.report.redact import Mode
    from dsar_analyzer.report.render import FamilyMember, render_index, render_report

    if birth_date is not None and len(paths) > 1:
        raise click.UsageError("--birth-date applies to one export; run the report once per child to use it.")
    options = analysis_options(birth_date, consent_country, zone)
    key = _case_key(mode, case_key_file)
    moment = _generated_at(generated_at)
    out.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    family = []
    language = lang
    cases = report_cases(cases_file, list(paths)) if cases_file else {}
    for path in paths:
        case = cases.get(path)
        export = load_export(path)
        analysis = analyse(export, options.model_copy(update={"redact_search_terms": mode != "full",
                                                              **case_options(case)}))
        language = language or export.language
        report_options = ReportOptions(language=lang or (case and case.lang) or export.language, mode=Mode(mode),
                                       case_key=key, generated_at=moment)
        rendered = render_report(export, analysis, report_options)
        name = _report_name(path, taken)
        _write_report(out, name, rendered.html, rendered.sha256)
        if pdf:
            _write_pdf(out, name, rendered.html)
        click.echo(str(out / name))
        family.append(FamilyMember(file=name, name=(case and case.child) or _child_label(export, report_options),
                                   analysis=analysis))
    if len(family) > 1:
        index = render_index(family, ReportOptions(language=language or "en", mode=Mode(mode), case_key=key,
                                                   generated_at=moment))
        _write_report(out, "index.html", index.html, index.sha256)
        click.echo(str(out / "index.html"))


def _child_label(export: Any, options: Any) -> str:
    from dsar_analyzer.report.context import child_display_name

    return child_display_name(export, options)


def _write_pdf(folder: Path, name: str, html: str) -> None:
    try:
        import weasyprint  # type: ignore[import-not-found]
    except ImportError:
        raise click.ClickException("PDF output needs the optional extra: pip install 'dsar-analyzer[pdf]'; "
                                   "or print the HTML report to PDF from a browser.") from None
    pdf = weasyprint.HTML(string=html).write_pdf()
    _write(folder, name.removesuffix(".html") + ".pdf", pdf)
