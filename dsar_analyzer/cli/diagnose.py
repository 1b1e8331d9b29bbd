"""``dsar-analyzer diagnose``: an export's structure with every value removed, to attach to a bug report."""

from __future__ import annotations

from pathlib import Path

import click

from dsar_analyzer.cli import cli
from dsar_analyzer.cli.common import InputError

EXAMPLES = """\b
Examples:
  dsar-analyzer diagnose TikTok_Data_1735588272.zip
  dsar-analyzer diagnose TikTok_Data_1735588272.zip --out structure.json   (attach to a bug report)

\b
Exit codes: 0 written; 2 the path cannot be read at all (one line on stderr).
"""


@cli.command(short_help="Describe an export's structure with every value removed.", epilog=EXAMPLES)
@click.argument("path", type=click.Path(exists=False, dir_okay=True, file_okay=True), metavar="PATH")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write the diagnostic into (default: print it).")
def diagnose(path: str, out: Path | None) -> None:
    """Describe the structure of PATH (members, keys, counts, types, lengths) without any of its values.

    The result holds none of the child's data: share it when an export cannot be read.
    """
    from dsar_analyzer.errors import InputRejected
    from dsar_analyzer.read.diagnose import diagnose_json

    try:
        data = diagnose_json(path)
    except InputRejected as error:
        raise InputError(str(error)) from None
    if out is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    # The same safe writing as the reports: a new temporary file renamed over the name, owner-only,
    # never through a link someone left there, and never into a system folder.
    from dsar_analyzer.write import OutputRejected, output_folder, write_file

    try:
        write_file(output_folder(out.parent), out.name, data)
    except OutputRejected as error:
        raise InputError(str(error)) from None
    click.echo(str(out))
