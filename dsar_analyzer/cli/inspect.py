"""``dsar-analyzer inspect``: a short summary of one export, as text or as one JSON object."""

from __future__ import annotations

from typing import Any

import click
import orjson

from dsar_analyzer.cli import cli
from dsar_analyzer.cli.common import printable
from dsar_analyzer.cli.options import analysis_options, fail_on, spec_for

EXAMPLES = """\b
Examples:
  dsar-analyzer inspect TikTok_Data_1735588272.zip
  dsar-analyzer inspect TikTok_Data_1735588272/ --birth-date 2011-04-02
  dsar-analyzer inspect user_data_tiktok.json --json > summary.json
"""


@cli.command(short_help="Summarise one export: format, generation, records per section.", epilog=EXAMPLES)
@click.argument("path", type=click.Path(exists=False, dir_okay=True, file_okay=True))
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object (sorted keys) instead of the text summary.")
@analysis_options
def inspect(path: str, as_json: bool, birth_date: Any, consent_country: str, zone: str) -> None:
    """Read PATH (the ZIP from TikTok, its unzipped folder, or user_data_tiktok.json) and summarise it.

    The text summary shows control and bidi characters from the export as escapes (\\x1b, [U+202E]),
    so an export cannot act on the terminal; --json gives the exact values, for programs.
    """
    from dsar_analyzer.analysis.inspect_json import inspect_summary, summary_json
    from dsar_analyzer.run.one import run_export

    outcome = run_export(path, spec_for(path, birth_date=birth_date, consent_country=consent_country, zone=zone,
                                        render=False))
    fail_on(outcome)
    assert outcome.export is not None
    model = inspect_summary(outcome.export, outcome.analysis)
    if as_json:
        click.echo(summary_json(model).decode())
        return
    click.echo(_text_summary(orjson.loads(summary_json(model))))


def _count(value: int | None) -> str:
    return "unknown" if value is None else f"{value:,}"


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
        "Age bands:   " + ", ".join(f"{band} {_count(count)}" for band, count in summary["age_bands"].items()),
        f"Since {summary['claim_window']['since']}: {summary['claim_window']['records_since']:,} records; "
        f"under the digital age of consent ({summary['claim_window']['consent_country']}) since "
        f"{summary['claim_window']['consent_applies_from']}: "
        f"{_count(summary['claim_window']['records_under_consent_age'])}",
        *(f"Warning:     {warning}" for warning in summary["birth_date"]["warnings"]),
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
    # Every value comes from the export or the path given: escape what a terminal would act on.
    return "\n".join(printable(line) for line in lines)
