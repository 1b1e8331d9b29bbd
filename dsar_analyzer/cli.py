"""The ``dsar-analyzer`` command line: thin click commands over the library; decides what the user sees.

Exit codes: 0 success, 2 input that cannot be used (one plain sentence on stderr, never a
traceback) and click's own usage errors, 1 an unexpected failure of the tool itself.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click
import orjson

from dsar_analyzer import __version__


class InputError(click.ClickException):
    """Rejected input: exit code 2 (plain ClickException would exit 1)."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"dsar-analyzer: {self.format_message()}", err=True)


def _load(path: str) -> Any:
    from dsar_analyzer.errors import InputRejected
    from dsar_analyzer.reader import load

    try:
        return load(path)
    except InputRejected as error:
        raise InputError(str(error)) from None
    except (MemoryError, RecursionError):
        raise InputError(f"{path} is too large or too deeply nested to read safely on this computer.") from None


@click.group()
@click.version_option(__version__, prog_name="dsar-analyzer")
def cli() -> None:
    """Read a TikTok "Download your data" export and show what TikTok collected."""


def _analysis_options(birth_date: Any, consent_country: str, zone: str) -> Any:
    from dsar_analyzer.age import consent_rules
    from dsar_analyzer.analysis import AnalysisOptions

    try:
        consent_rules(consent_country)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--consent-country") from None
    return AnalysisOptions(birth_date=birth_date.date() if birth_date else None,
                           consent_country=consent_country.upper(), zone=zone)


birth_date_option = click.option(
    "--birth-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    help="The child's real birth date (YYYY-MM-DD); the export's self-declared one is shown beside it.")
consent_country_option = click.option(
    "--consent-country", default="NL", show_default=True,
    help="Country whose digital age of consent applies (ISO code, e.g. NL, BE, DE).")
zone_option = click.option("--zone", default="Europe/Amsterdam", show_default=True,
                           help="Time zone for days, hours and weekdays.")


@cli.command()
@click.argument("path", type=click.Path(exists=False, dir_okay=True, file_okay=True))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a text summary.")
@birth_date_option
@consent_country_option
@zone_option
def inspect(path: str, as_json: bool, birth_date: Any, consent_country: str, zone: str) -> None:
    """Read PATH (the ZIP from TikTok, its unzipped folder, or user_data_tiktok.json) and summarise it."""
    from dsar_analyzer.analysis import analyse
    from dsar_analyzer.summary import summarise

    options = _analysis_options(birth_date, consent_country, zone)
    export = _load(path)
    summary = summarise(export, analyse(export, options))
    if as_json:
        click.echo(orjson.dumps(summary, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2).decode())
        return
    click.echo(_text_summary(summary))


def _text_summary(summary: dict[str, Any]) -> str:
    totals = summary["totals"]
    lines = [
        f"Export:      {summary['input']['path']} ({summary['input']['kind']})",
        f"SHA-256:     {summary['input']['sha256']}",
        f"Format:      {summary['format'].upper()}, generation {summary['generation']}, "
        f"language {summary['language']}",
        f"Records:     {totals['records']:,} in {len([s for s in summary['sections'].values() if s['records']])} "
        f"sections; {totals['invalid']:,} invalid; {totals['ignored_items']:,} ignored with a reason",
        f"Unrecognised: {len(summary['unrecognised'])} places ({totals['unrecognised_items']:,} items); "
        f"{totals['fields_unrecognised']:,} unrecognised field values",
        f"Birth date:  {summary['birth_date']['used'] or 'unknown'} ({summary['birth_date']['source']})",
        "Age bands:   " + ", ".join(f"{band} {count:,}" for band, count in summary["age_bands"].items()),
        f"Since {summary['claim_window']['since']}: {summary['claim_window']['records_since']:,} records; "
        f"under the digital age of consent ({summary['claim_window']['consent_country']}): "
        f"{summary['claim_window']['records_under_consent_age']:,}",
        "",
        "Section                      records  invalid",
    ]
    for section_id, counts in summary["sections"].items():
        lines.append(f"  {section_id:<26} {counts['records']:>7,}  {counts['invalid']:>7,}")
    if summary["unrecognised"]:
        lines += ["", "Not recognised (reported, not dropped):"]
        lines += [f"  {u['where']}  ({u['items']:,} items)" for u in summary["unrecognised"][:20]]
        if len(summary["unrecognised"]) > 20:
            lines.append(f"  ... and {len(summary['unrecognised']) - 20} more (see --json)")
    return "\n".join(lines)


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def sample(folder: Path) -> None:
    """Write the bundled synthetic sample exports (every generation, English and Dutch) into FOLDER."""
    from dsar_analyzer.samples import write_samples

    for path in write_samples(folder):
        click.echo(str(path))


def main() -> NoReturn:
    try:
        cli.main(prog_name="dsar-analyzer", standalone_mode=True)
    except Exception as error:  # noqa: BLE001 - the user gets one line, never a traceback
        click.echo(f"dsar-analyzer: internal error ({type(error).__name__}); please report this with the "
                   "command you ran.", err=True)
        sys.exit(1)
    sys.exit(0)
