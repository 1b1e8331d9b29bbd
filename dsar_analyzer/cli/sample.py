"""``dsar-analyzer sample``: write the bundled synthetic sample exports."""

from __future__ import annotations

from pathlib import Path

import click

from dsar_analyzer.cli import cli


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def sample(folder: Path) -> None:
    """Write the bundled synthetic sample exports (every generation, English and Dutch) into FOLDER."""
    from dsar_analyzer.samples import write_samples

    for path in write_samples(folder):
        click.echo(str(path))
