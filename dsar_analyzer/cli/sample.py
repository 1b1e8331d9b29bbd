"""``dsar-analyzer sample``: write the bundled synthetic sample exports."""

from __future__ import annotations

import click

from dsar_analyzer.cli import cli
from dsar_analyzer.cli.common import printable

EXAMPLES = """\b
Examples:
  dsar-analyzer sample samples
  dsar-analyzer report samples/g4-en-sample_child_a.zip --out reports
"""


@cli.command(short_help="Write synthetic sample exports to try the tool on.", epilog=EXAMPLES)
@click.argument("folder", metavar="FOLDER")
def sample(folder: str) -> None:
    """Write the bundled synthetic sample exports (every generation, English and Dutch) into FOLDER.

    Everything in them is made up: no real person's data. Useful to try the tool before using a real export.
    """
    from dsar_analyzer.cli.common import InputError
    from dsar_analyzer.samples import write_samples
    from dsar_analyzer.write import OutputRejected, output_folder

    # The samples are written by the stage that makes them; the folder passes the one output-folder rule first.
    try:
        checked = output_folder(folder)
    except OutputRejected as error:
        raise InputError(str(error)) from None
    for path in write_samples(checked.path):
        click.echo(printable(str(path)))
