"""``dsar-analyzer export``: an export's records as tables for a case system (CSV, Parquet or JSONL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from dsar_analyzer.cli import cli
from dsar_analyzer.cli.common import (
    analysis_options,
    birth_date_option,
    consent_country_option,
    load_export,
    zone_option,
)
from dsar_analyzer.cli.report import _case_key, _mode, report

EXAMPLES = """\b
Examples:
  dsar-analyzer export TikTok_Data_1735588272.zip --format csv --out tables
  dsar-analyzer export export.zip --format parquet --out tables --claim --case-key-file case.key

\b
Exit codes: 0 written; 2 unusable input or options (one line on stderr).
"""


@cli.command("export", short_help="Write an export's records as tables (CSV, Parquet or JSONL).", epilog=EXAMPLES)
@click.argument("path", type=click.Path(exists=False, dir_okay=True, file_okay=True), metavar="PATH")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "jsonl"]), required=True,
              help="Table format.")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              metavar="DIR", help="Folder to write the tables into (created if missing).")
@birth_date_option
@consent_country_option
@zone_option
def export_tables(path: str, fmt: str, out: Path, redacted: bool, full: bool, claim: bool, case_key_file: str | None,
                  birth_date: Any, consent_country: str, zone: str) -> None:
    """Write records.<format> (every record: section, category, timestamp, age band, source) and one table
    per section of the export in PATH, redacted as the report is unless --full."""
    from dsar_analyzer.analysis.figures import analyse
    from dsar_analyzer.batch.tables import write_tables
    from dsar_analyzer.report.redact import Mode, Redactor

    mode = _mode(redacted, full, claim, case_key_file, None)
    key = _case_key(mode, case_key_file)
    options = analysis_options(birth_date, consent_country, zone)
    export = load_export(path)
    analysis = analyse(export, options)
    # The child's own user name is not "another person" (as in the report).
    own = frozenset(getattr(p, "username", None) for p in export.records("profile")) - {None}
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    for written in write_tables(export, analysis, Redactor(Mode(mode), key, own), fmt, out):  # type: ignore[arg-type]
        click.echo(str(written))


# The redaction mode and case key mean what they mean for ``report``: the same option objects.
export_tables.params.extend(p for p in report.params if p.name in ("redacted", "full", "claim", "case_key_file"))
