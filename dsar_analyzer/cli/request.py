"""``dsar-analyzer request``: a letter to TikTok about one export's child: access (default), erasure or restriction (HTML and text)."""

from __future__ import annotations

import os
from datetime import date, datetime
from typing import TYPE_CHECKING

import click

from dsar_analyzer.cli import cli
from dsar_analyzer.cli.common import InputError, printable
from dsar_analyzer.cli.options import checked_case_id, fail_on, settle_mode, settled_time, spec_for

if TYPE_CHECKING:
    from dsar_analyzer.analysis.deadline import Channel
    from dsar_analyzer.report.i18n import Language
    from dsar_analyzer.report.letter import LetterKind

EXAMPLES = """\b
Examples:
  dsar-analyzer request TikTok_Data_1735588272.zip --out letters
  dsar-analyzer request TikTok_Data_1735588272.zip --out letters --lang nl --date 2026-12-01
  dsar-analyzer request TikTok_Data_1735588272.zip --out letters --kind restriction --channel post
  dsar-analyzer request export.zip --out claim --claim --case-key-file case.key --case-id C-2026-0042

\b
Exit codes: 0 written; 2 unusable input, output folder or options (one line on stderr).
"""


def _sent_on(value: datetime | None) -> date:
    """--date, else the day of SOURCE_DATE_EPOCH (reproducible output), else today (UTC)."""
    return value.date() if value is not None else settled_time(None)[0].date()


@cli.command(short_help="Write a letter to TikTok: access (default), erasure or restriction.", epilog=EXAMPLES)
@click.argument("path", type=click.Path(), metavar="PATH")
@click.option("--out", "out", required=True, metavar="DIR",
              help="Folder to write the request into (created if missing); system folders are refused.")
@click.option("--lang", type=click.Choice(["en", "nl"]), default=None,
              help="Language of the letter. Default: the language of the export.")
@click.option("--redacted", is_flag=True,
              help="[default] As the redacted report. One of --redacted | --full | --claim.")
@click.option("--full", is_flag=True, help="Nothing withheld. One of --redacted | --full | --claim.")
@click.option("--claim", is_flag=True,
              help="A copy for a claim file: every name a keyed pseudonym, the file named by --case-id or the "
                   "archive's SHA-256; not for sending. Needs --case-key-file. One of --redacted | --full | --claim.")
@click.option("--case-key-file", metavar="FILE", default=None,
              help="With --claim: the case's secret key (at least 32 bytes; make one with dsar-analyzer keygen).")
@click.option("--case-id", metavar="ID", default=None, callback=checked_case_id,
              help="With --claim: names the files ID-<hash>.request.* instead of <hash>.request.*.")
@click.option("--date", "sent_on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
              help="Date the request is sent; the one-month deadline counts from it. "
                   "Default: SOURCE_DATE_EPOCH's day, else today.")
@click.option("--kind", type=click.Choice(["access", "erasure", "restriction"]), default="access",
              show_default=True,
              help="access: a complete copy and the information the GDPR gives a right to (Art. 15); erasure: "
                   "erase the child's data (Art. 17); restriction: keep it for legal claims and stop using it "
                   "(Art. 18, 21). See docs/request.md.")
@click.option("--channel", type=click.Choice(["form", "post"]), default="form", show_default=True,
              help="form: sent through TikTok's privacy web form, received the day it is sent; post: by post, "
                   "the deadline counts from the day of delivery (--delivered).")
@click.option("--delivered", "delivered_on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              metavar="YYYY-MM-DD", help="With --channel post: the day the letter was delivered, if known.")
def request(path: str, out: str, lang: Language | None, redacted: bool, full: bool, claim: bool,
            case_key_file: str | None, case_id: str | None, sent_on: datetime | None, kind: LetterKind,
            channel: Channel, delivered_on: datetime | None) -> None:
    """Write a GDPR letter to TikTok about the child whose export is at PATH.

    --kind access (default) writes NAME.request.html and NAME.request.txt, erasure NAME.erasure.*,
    restriction NAME.restriction.* (the .txt is plain text, for pasting into TikTok's privacy form)
    into DIR. Before an erasure letter it says, on stderr, to keep the export as evidence.
    """
    from dsar_analyzer.report.letter import LetterOptions, erasure_warning, render_letter
    from dsar_analyzer.report.output import report_file_name
    from dsar_analyzer.run.one import run_export
    from dsar_analyzer.write import OutputRejected, output_folder, write_file

    mode, key = settle_mode(redacted, full, claim, case_key_file, case_id)
    day = _sent_on(sent_on)
    if delivered_on is not None and channel != "post":
        raise InputError("--delivered needs --channel post")
    # The letter is made from the same read and analysis as a report (none is rendered or written).
    outcome = run_export(path, spec_for(path, mode=mode, case_key=key, case_id=case_id, language=lang, render=False))
    fail_on(outcome)
    export, analysis = outcome.export, outcome.analysis
    assert export is not None and analysis is not None
    language = lang or export.language
    options = LetterOptions(language=language, mode=mode, case_key=key, sent_on=day, kind=kind,
                            channel=channel, delivered_on=delivered_on.date() if delivered_on else None)
    if kind == "erasure":
        # Said before the letter is written, in the parent's language; the letter does not rely on it.
        click.echo(erasure_warning(export.input.sha256, language), err=True)
    letter = render_letter(export, analysis, options)
    stem = report_file_name(path, export.input.sha256, set(), anonymous=mode == "claim",
                            case_id=case_id).removesuffix(".html")
    try:
        folder = output_folder(out)
        for suffix, text in zip(letter.file_names, (letter.html, letter.text), strict=True):
            write_file(folder, f"{stem}{suffix}", text.encode("utf-8"))
            click.echo(printable(os.path.join(out, f"{stem}{suffix}")))
    except OutputRejected as error:
        raise InputError(str(error)) from None
