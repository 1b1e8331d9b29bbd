"""``dsar-analyzer report``: one self-contained HTML report per export, and an index for a family.

Everything the options can get wrong is checked before the first export is read: a run either
refuses at once (exit 2, one line) or writes. Over several exports, one that cannot be used is said
on its own line and skipped; the others and the index are still written, and the exit code is 3
(2 when none could be used).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dsar_analyzer.cli import cli
from dsar_analyzer.cli.common import InputError, echo_error, printable
from dsar_analyzer.cli.options import (
    analysis_options,
    case_id_option,
    case_row,
    custody_options,
    fail_on,
    generated_at_option,
    lang_option,
    mode_options,
    read_cases,
    settle_mode,
    settled_time,
    spec_for,
)

if TYPE_CHECKING:
    from dsar_analyzer.report.i18n import Language
    from dsar_analyzer.run.outcome import Outcome
    from dsar_analyzer.run.spec import RunSpec

#: Exit code of a run over several exports in which some could not be used (the rest were written).
SOME_FAILED = 3

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


@cli.command(short_help="Write an HTML report per export, and a family index.", epilog=EXAMPLES)
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="PATH...")
@click.option("--out", "out", required=True, metavar="DIR",
              help="Folder to write the reports into (created if missing). Files are written only there, "
                   "readable by their owner only; system folders such as /etc are refused.")
@lang_option("Report language. Default: the case file's, else the language of the export.")
@mode_options()
@case_id_option("With --claim: names the reports ID-<hash>.html instead of <hash>.html.")
@generated_at_option
@click.option("--pdf", is_flag=True, help="Also write a PDF of each report (needs: pip install 'dsar-analyzer[pdf]').")
@click.option("--cases", "cases_file", type=click.Path(dir_okay=False, exists=True), default=None, metavar="FILE",
              help="Case file (CSV or XLSX, as for batch): each child's real birth date, country, language and label.")
@custody_options
@analysis_options
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
    from dsar_analyzer.report.output import pdf_engine, report_file_name, write_report
    from dsar_analyzer.run.family import family_index
    from dsar_analyzer.run.one import report_options, run_export
    from dsar_analyzer.run.spec import display_name
    from dsar_analyzer.write import OutputRejected, output_folder

    mode, key = settle_mode(redacted, full, claim, case_key_file, case_id)
    settled_time(generated_at)  # an unusable SOURCE_DATE_EPOCH stops the run before anything is made
    if birth_date is not None and len(paths) > 1:
        raise click.UsageError("--birth-date applies to one export; run the report once per child to use it.")
    try:
        if pdf:
            pdf_engine()
        folder = output_folder(out)
    except OutputRejected as error:
        raise InputError(str(error)) from None
    with folder.left_out_when_unused():
        if folder.through_link:
            echo_error(f"{out} leads to {folder.path}; the reports are written there.")

        taken: set[str] = set()
        family: list[tuple[str, Outcome]] = []
        specs: list[RunSpec] = []
        failed = 0
        cases = _cases(cases_file, list(paths)) if cases_file else {}
        for path in paths:
            # Outside claim mode the name comes from the input, unique among this run's reports.
            name = None if mode == "claim" else report_file_name(display_name(path), "", taken, mode=mode.value)
            spec = spec_for(path, mode=mode, case_key=key, case_id=case_id, language=lang, case=case_row(cases.get(path)),
                            generated_at=generated_at, birth_date=birth_date, consent_country=consent_country, zone=zone,
                            case_reference=case_reference, supplier=supplier, received_at=received_at,
                            out=str(folder.path), report_name=name, pdf=pdf)
            outcome = run_export(path, spec)
            if fail_on(outcome, alone=len(paths) == 1):
                failed += 1
                continue
            for written in (outcome.report, outcome.report.removesuffix(".html") + ".pdf" if pdf else None):
                if written:
                    click.echo(printable(os.path.join(out, written)))
            family.append((outcome.report, outcome))
            specs.append(spec)
        if len(paths) > 1 and family:
            # The index speaks one language (the first report's): so do the names in it.
            first_spec, first = specs[0], family[0][1]
            index = family_index(family, report_options(first_spec, first.export))
            try:
                write_report(folder, "index.html", index)
            except OutputRejected as error:
                raise InputError(str(error)) from None
            click.echo(printable(os.path.join(out, "index.html")))
        if failed and not family:
            raise InputError(f"none of the {len(paths)} exports could be used; nothing was written.")
        if failed:
            echo_error(f"{failed} of {len(paths)} exports could not be used (said above); "
                       f"the other {len(family)} and the index were written.")
            context.exit(SOME_FAILED)


def _cases(cases_file: str, paths: list[str]) -> dict[str, Any]:
    """Each export's case row; a row that is unusable for one of them stops the run."""
    assignment = read_cases(Path(cases_file), paths)
    for path, why in sorted(assignment.rejected.items()):
        raise InputError(f"{path}: {why}.")
    return dict(assignment.cases)
