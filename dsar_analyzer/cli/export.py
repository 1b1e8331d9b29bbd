"""``dsar-analyzer export``: an export's records as tables for a case system (CSV, Parquet or JSONL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from dsar_analyzer.cli import cli
from dsar_analyzer.cli.common import InputError
from dsar_analyzer.cli.options import (
    analysis_options,
    case_id_option,
    fail_on,
    mode_options,
    settle_mode,
    spec_for,
)

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
@click.option("--out", "out", required=True, metavar="DIR",
              help="Folder to write the tables into (created if missing); system folders are refused.")
@mode_options()
@case_id_option("With --claim: names the tables ID-<hash>-claim.* instead of <hash>-claim.*.")
@analysis_options
def export_tables(path: str, fmt: str, out: str, redacted: bool, full: bool, claim: bool, case_key_file: str | None,
                  case_id: str | None, birth_date: Any, consent_country: str, zone: str) -> None:
    """Write NAME.records.<format> (every record: section, category, timestamp, age band, source) and one
    table per section, NAME.<section>.<format>, of the export in PATH, redacted as the report is unless
    --full. NAME follows the report's rule: the input's name, or in claim mode ID-<hash>; then -full or -claim."""
    from dsar_analyzer.batch.tables import write_tables
    from dsar_analyzer.report.names import export_stem
    from dsar_analyzer.report.redact import Redactor
    from dsar_analyzer.run.one import run_export
    from dsar_analyzer.write import OutputRejected, output_folder

    mode, key = settle_mode(redacted, full, claim, case_key_file, case_id)
    try:
        folder = output_folder(out)
    except OutputRejected as error:
        raise InputError(str(error)) from None
    outcome = run_export(path, spec_for(path, mode=mode, case_key=key, birth_date=birth_date,
                                        consent_country=consent_country, zone=zone, render=False))
    fail_on(outcome)
    export, analysis = outcome.export, outcome.analysis
    assert export is not None and analysis is not None
    # The child's own user name is not "another person" (as in the report).
    own = frozenset(getattr(p, "username", None) for p in export.records("profile")) - {None}
    try:
        stem = export_stem(export.input.sha256, mode.value, case_id=case_id, input_path=path)
        for written in write_tables(export, analysis, Redactor(mode, key, own), fmt, folder, stem):  # type: ignore[arg-type]
            click.echo(str(written))
    except OutputRejected as error:
        raise InputError(str(error)) from None
