"""``dsar-analyzer schema``: the JSON Schema of a published JSON document, printed or written to a folder."""

from __future__ import annotations

import os

import click
import orjson

from dsar_analyzer.cli import cli

NAMES = ("inspect", "batch-summary", "manifest-row")


EXAMPLES = """\b
Examples:
  dsar-analyzer schema inspect
  dsar-analyzer schema --out schemas/
"""


@cli.command(short_help="Print the JSON Schema of a JSON document the tool writes.", epilog=EXAMPLES)
@click.argument("name", type=click.Choice(NAMES), required=False)
@click.option("--out", default=None, metavar="DIR",
              help="Write every schema as <name>.v<version>.schema.json into this folder instead.")
def schema(name: str | None, out: str | None) -> None:
    """Print the JSON Schema of `inspect --json` (inspect), summary.json (batch-summary) or a manifest row."""
    from dsar_analyzer.batch.schemas import SCHEMAS, json_schema
    from dsar_analyzer.cli.common import InputError
    from dsar_analyzer.write import OutputRejected, output_folder, write_file

    if out is None:
        if name is None:
            raise click.UsageError(f"name a schema ({', '.join(NAMES)}), or give --out to write them all.")
        click.echo(orjson.dumps(json_schema(name), option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2).decode())
        return
    try:
        folder = output_folder(out)
        for each in (name,) if name else NAMES:
            data = orjson.dumps(json_schema(each), option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"
            write_file(folder, f"{each}.v{SCHEMAS[each][1]}.schema.json", data)
            click.echo(os.path.join(out, f"{each}.v{SCHEMAS[each][1]}.schema.json"))
    except OutputRejected as error:
        raise InputError(str(error)) from None
