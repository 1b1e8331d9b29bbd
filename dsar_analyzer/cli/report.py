"""``dsar-analyzer report``: one self-contained HTML report per export, and an index for a family.

Everything the options can get wrong is checked before the first export is read: a run either
refuses at once (exit 2, one line) or writes. Over several exports, one that cannot be used is said
on its own line and skipped; the others and the index are still written, and the exit code is 3
(2 when none could be used).
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dsar_analyzer.cli import cli
from dsar_analyzer.cli.common import (
    InputError,
    analysis_options,
    birth_date_option,
    consent_country_option,
    echo_error,
    load_export,
    printable,
    zone_option,
)

if TYPE_CHECKING:
    from dsar_analyzer.report.i18n import Language

#: Exit code of a run over several exports in which some could not be used (the rest were written).
SOME_FAILED = 3
MODES = ("redacted", "full", "claim")

EXAMPLES = """\b
Examples:
  dsar-analyzer report TikTok_Data_1735588272.zip --out reports
  dsar-analyzer report TikTok_Data_1735588272.zip --out reports --lang nl --full
  dsar-analyzer report child1.zip child2.zip --out family        (adds family/index.html)
  dsar-analyzer keygen case.key
  dsar-analyzer report export.zip --out claim --claim --case-key-file case.key --case-id C-2026-0042
  SOURCE_DATE_EPOCH=1767225600 dsar-analyzer report export.zip --out reports   (byte-identical reruns)

\b
Exit codes: 0 written; 2 unusable input, output folder or options (one line on stderr);
3 some of several exports could not be used (the others and the index were written).
"""


def _in_range(moment: datetime, source: str) -> datetime:
    """A UTC moment a report can carry: from 1970 (as SOURCE_DATE_EPOCH) up to the year 9999."""
    try:
        utc = (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    except OverflowError:
        utc = None
    if utc is None or utc.year < 1970:
        raise click.BadParameter(f"{moment.isoformat()} is out of range; give a moment between 1970 and 9999.",
                                 param_hint=source)
    return utc


def _generated_at_option(context: click.Context, parameter: click.Parameter, value: datetime | None) -> Any:
    return None if value is None else _in_range(value, "'--generated-at'")


def _generated_at(value: datetime | None) -> datetime:
    """--generated-at, else SOURCE_DATE_EPOCH (reproducible builds), else now; always UTC, whole seconds."""
    from dsar_analyzer.report.context import default_generated_at

    if value is not None:
        return value
    try:
        return default_generated_at()
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="SOURCE_DATE_EPOCH") from None


def _mode(redacted: bool, full: bool, claim: bool, case_key_file: str | None, case_id: str | None) -> str:
    chosen = [name for name, given in zip(MODES, (redacted, full, claim), strict=True) if given]
    if len(chosen) > 1:
        raise click.UsageError(f"{' and '.join('--' + m for m in chosen)} cannot be combined: choose one of "
                               "--redacted, --full or --claim.")
    mode = chosen[0] if chosen else "redacted"
    for option, value in (("--case-key-file", case_key_file), ("--case-id", case_id)):
        if value is not None and mode != "claim":
            raise click.UsageError(f"{option} belongs to --claim; add --claim, or leave {option} out.")
    if mode == "claim" and case_key_file is None:
        raise click.UsageError("--claim needs --case-key-file: a file with the secret key of this case, kept "
                               "outside the report (make one with: dsar-analyzer keygen case.key).")
    return mode


def _case_key(mode: str, key_file: str | None) -> bytes | None:
    from dsar_analyzer.report.case_key import CaseKeyRejected, read_case_key

    if mode != "claim" or key_file is None:
        return None
    try:
        return read_case_key(key_file)
    except CaseKeyRejected as error:
        raise click.BadParameter(f"{error} Make a new key with: dsar-analyzer keygen FILE",
                                 param_hint="'--case-key-file'") from None


def _case_id(context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    from dsar_analyzer.report.output import CASE_ID

    if value is not None and not CASE_ID.fullmatch(value):
        raise click.BadParameter(f"{value!r} cannot be part of a file name; use 1 to 64 letters, digits, "
                                 "dots, dashes or underscores, starting with a letter or digit.")
    return value


@cli.command(short_help="Write an HTML report per export, and a family index.", epilog=EXAMPLES)
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="PATH...")
@click.option("--out", "out", required=True, metavar="DIR",
              help="Folder to write the reports into (created if missing). Files are written only there, "
                   "readable by their owner only; system folders such as /etc are refused.")
@click.option("--lang", type=click.Choice(["en", "nl"]), default=None,
              help="Report language. Default: the language of the export.")
@click.option("--redacted", is_flag=True,
              help="[default] Message, comment and search text withheld (counts kept), IPs, e-mail and phone "
                   "masked, other people shortened. One of --redacted | --full | --claim.")
@click.option("--full", is_flag=True,
              help="Everything shown, unredacted: a parent's own copy. One of --redacted | --full | --claim.")
@click.option("--claim", is_flag=True,
              help="Redacted, every person a keyed pseudonym, file names from --case-id or the archive's "
                   "SHA-256, never from the input's name. Needs --case-key-file. "
                   "One of --redacted | --full | --claim.")
@click.option("--case-key-file", metavar="FILE", default=None,
              help="With --claim: the case's secret key (at least 32 bytes; make one with dsar-analyzer keygen).")
@click.option("--case-id", metavar="ID", default=None, callback=_case_id,
              help="With --claim: names the reports ID-<hash>.html instead of <hash>.html.")
@click.option("--generated-at", type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S",
                                                               "%Y-%m-%d"]),
              default=None, metavar="YYYY-MM-DD[THH:MM:SS[+HHMM]]", callback=_generated_at_option,
              help="Time stamp printed in the report, UTC unless an offset is given. Default: "
                   "SOURCE_DATE_EPOCH if set, else now.")
@click.option("--pdf", is_flag=True, help="Also write a PDF of each report (needs: pip install 'dsar-analyzer[pdf]').")
@click.option("--cases", "cases_file", type=click.Path(dir_okay=False, exists=True), default=None, metavar="FILE",
              help="Case file (CSV or XLSX, as for batch): each child's real birth date, country, language and label.")
@click.option("--case-reference", default=None, metavar="TEXT",
              help="Case or claim reference, printed in the chain of custody.")
@click.option("--supplier", default=None, metavar="TEXT",
              help="Who supplied the export (e.g. 'parent'), for the chain of custody.")
@click.option("--received-at", type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"]), default=None,
              metavar="YYYY-MM-DD[THH:MM:SS]", help="When the export was received (UTC), for the chain of custody.")
@birth_date_option
@consent_country_option
@zone_option
@click.pass_context
def report(context: click.Context, paths: tuple[str, ...], out: str, lang: Language | None, redacted: bool, full: bool,
           claim: bool, case_key_file: str | None, case_id: str | None, generated_at: datetime | None, pdf: bool,
           cases_file: str | None, case_reference: str | None, supplier: str | None, received_at: datetime | None,
           birth_date: Any, consent_country: str, zone: str) -> None:
    """Write one self-contained HTML report per export in PATH... into DIR, and DIR/index.html when several
    exports (children of one family) are given.

    Each PATH is the ZIP from TikTok, its unzipped folder, or user_data_tiktok.json. Beside each report
    NAME.html is NAME.html.sha256. Over several exports, one that cannot be used is said on its own line and
    skipped; the others and the index are written and the exit code is 3.
    """
    from dsar_analyzer.analysis.figures import analyse
    from dsar_analyzer.cli.batch import case_options, report_cases
    from dsar_analyzer.report.context import ReportOptions
    from dsar_analyzer.report.output import (
        OutputRejected,
        output_folder,
        pdf_engine,
        report_file_name,
        write_report,
    )
    from dsar_analyzer.report.redact import Mode
    from dsar_analyzer.report.render import FamilyMember, render_index, render_report

    mode = _mode(redacted, full, claim, case_key_file, case_id)
    if birth_date is not None and len(paths) > 1:
        raise click.UsageError("--birth-date applies to one export; run the report once per child to use it.")
    options = analysis_options(birth_date, consent_country, zone, case_reference=case_reference, supplier=supplier,
                               received_at=received_at.replace(tzinfo=timezone.utc) if received_at else None)
    key = _case_key(mode, case_key_file)
    moment = _generated_at(generated_at)
    pinned = generated_at is not None or bool(os.environ.get("SOURCE_DATE_EPOCH"))
    try:
        if pdf:
            pdf_engine()
        folder = output_folder(out)
    except OutputRejected as error:
        raise InputError(str(error)) from None
    if folder.through_link:
        echo_error(f"{out} leads to {folder.path}; the reports are written there.")

    taken: set[str] = set()
    family = []
    failed: list[str] = []
    language: Language | None = lang
    cases = report_cases(Path(cases_file), list(paths)) if cases_file else {}
    for path in paths:
        case = cases.get(path)
        try:
            export = load_export(path)
        except InputError as error:
            if len(paths) == 1:
                raise
            echo_error(f"could not use {path}: {error.format_message()}")
            failed.append(path)
            continue
        analysis = analyse(export, options.model_copy(update={"redact_search_terms": mode != "full",
                                                              **case_options(case)}))
        language = language or export.language
        report_options = ReportOptions(language=lang or (case and case.lang) or export.language, mode=Mode(mode),
                                       case_key=key, generated_at=moment, generated_at_pinned=pinned)
        rendered = render_report(export, analysis, report_options)
        name = report_file_name(path, export.input.sha256, taken, anonymous=mode == "claim", case_id=case_id)
        try:
            written = write_report(folder, name, rendered, pdf=pdf)
        except OutputRejected as error:
            raise InputError(str(error)) from None
        for path_written in written:
            if not path_written.name.endswith(".sha256"):
                click.echo(printable(os.path.join(out, path_written.name)))
        # The index speaks one language (the first report's): so do the names in it.
        index_options = report_options.model_copy(update={"language": language})
        family.append(FamilyMember(file=name, name=(case and case.child) or _child_label(export, index_options),
                                   analysis=analysis))
    if len(paths) > 1 and family:
        index = render_index(family, ReportOptions(language=language or "en", mode=Mode(mode), case_key=key,
                                                   generated_at=moment))
        try:
            write_report(folder, "index.html", index)
        except OutputRejected as error:
            raise InputError(str(error)) from None
        click.echo(printable(os.path.join(out, "index.html")))
    if failed and not family:
        raise InputError(f"none of the {len(paths)} exports could be used; nothing was written.")
    if failed:
        echo_error(f"{len(failed)} of {len(paths)} exports could not be used (said above); "
                   f"the other {len(family)} and the index were written.")
        context.exit(SOME_FAILED)


def _child_label(export: Any, options: Any) -> str:
    from dsar_analyzer.report.context import child_display_name

    return child_display_name(export, options)
