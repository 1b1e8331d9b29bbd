"""``dsar-analyzer request``: a follow-up access request to TikTok for what one export left out (HTML and text)."""

from __future__ import annotations

import os
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, cast

import click

from dsar_analyzer.cli import cli
from dsar_analyzer.cli.common import analysis_options, load_export
from dsar_analyzer.cli.report import _case_key, _report_name


def _sent_on(value: datetime | None) -> date:
    """--date, else the day of SOURCE_DATE_EPOCH (reproducible output), else today (UTC)."""
    if value is not None:
        return value.date()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
        except (ValueError, OverflowError):
            raise click.BadParameter("SOURCE_DATE_EPOCH must be whole seconds since 1970") from None
    return datetime.now(tz=timezone.utc).date()


def _write_atomically(folder: Path, name: str, data: bytes) -> None:
    """Write inside the output folder only, owner-readable, never leaving a half-written file under ``name``."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o600)
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@cli.command()
@click.argument("path", type=click.Path(dir_okay=True, file_okay=True))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the request into (created if missing).")
@click.option("--lang", type=click.Choice(["en", "nl"]), default=None,
              help="Language of the letter; default: the language of the export.")
@click.option("--full", "mode", flag_value="full", help="Nothing withheld (as the full report).")
@click.option("--claim", "mode", flag_value="claim",
              help="A copy for a claim file: every name replaced by a keyed pseudonym; not for sending.")
@click.option("--redacted", "mode", flag_value="redacted", default=True, help="As the redacted report (the default).")
@click.option("--case-key-file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Secret key of the case for --claim pseudonyms.")
@click.option("--date", "sent_on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Date the request is sent (YYYY-MM-DD); the one-month deadline counts from it. "
                   "Default: SOURCE_DATE_EPOCH's day, else today.")
def request(path: str, out: Path, lang: str | None, mode: str, case_key_file: Path | None,
            sent_on: datetime | None) -> None:
    """Write a follow-up GDPR access request to TikTok asking for what the export at PATH does not contain."""
    from dsar_analyzer.analysis.figures import analyse
    from dsar_analyzer.report.i18n import Language
    from dsar_analyzer.report.letter import LetterOptions, render_letter
    from dsar_analyzer.report.redact import Mode

    key = _case_key(mode, case_key_file)
    day = _sent_on(sent_on)
    export = load_export(path)
    analysis = analyse(export, analysis_options(None, "NL", "Europe/Amsterdam"))
    options = LetterOptions(language=cast(Language, lang or export.language), mode=Mode(mode), case_key=key,
                            sent_on=day)
    letter = render_letter(export, analysis, options)
    out.mkdir(parents=True, exist_ok=True)
    stem = _report_name(path, set()).removesuffix(".html")
    written: list[Any] = []
    for suffix, data in ((".request.html", letter.html), (".request.txt", letter.text)):
        name = f"{stem}{suffix}"
        _write_atomically(out, name, data.encode("utf-8"))
        written.append(out / name)
    for target in written:
        click.echo(str(target))
