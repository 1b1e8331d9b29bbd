"""``dsar-analyzer keygen``: write a new secret case key for claim mode into a file of its own."""

from __future__ import annotations

import click

from dsar_analyzer.cli import cli
from dsar_analyzer.cli.common import InputError, printable

EXAMPLES = """\b
Examples:
  dsar-analyzer keygen case-C-2026-0042.key
  dsar-analyzer report export.zip --out claim --claim --case-key-file case-C-2026-0042.key
"""


@cli.command(short_help="Write a new secret case key (32 random bytes) for --claim.", epilog=EXAMPLES)
@click.argument("file", metavar="FILE")
def keygen(file: str) -> None:
    """Write a new case key into FILE: 32 random bytes from the operating system, as 64 hex digits.

    FILE is created readable by its owner only and is never overwritten (the pseudonyms of a case
    depend on its key). Keep it outside the reports, and use the same key for every report of one case.
    """
    from dsar_analyzer.report.case_key import CaseKeyRejected, new_case_key_file

    try:
        written = new_case_key_file(file)
    except CaseKeyRejected as error:
        raise InputError(str(error)) from None
    click.echo(printable(str(written)))
