"""``dsar-analyzer sample``: write the bundled synthetic sample exports."""

from __future__ import annotations

from pathlib import Path

import click

from dsar_analyzer.cli import cli
from dsar_analyzer.cli.common import printable

EXAMPLES = """\b
Examples:
  dsar-analyzer sample samples
  dsar-analyzer report samples/g4-en-sample_child_a.zip --out reports
"""


@cli.command(short_help="Write synthetic sample exports to try the tool on.", epilog=EXAMPLES)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), metavar="FOLDER")
def sample(folder: Path) -> None:
    """Write the bundled synthetic sample exports (every generation, English and Dutch) into FOLDER.

    Everything in them is made up: no real person's data. Useful to try the tool before using a real export.
    """
    from dsar_analyzer.samples import write_samples

    for path in write_samples(folder):
        click.echo(printable(str(path)))
