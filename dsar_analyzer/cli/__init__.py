"""The ``dsar-analyzer`` command line: thin click commands over the library; decides what the user sees.

One module per command; each registers itself on ``cli`` when imported at the end of this module.

Exit codes: 0 success, 2 input that cannot be used (one plain sentence on stderr, never a
traceback) and click's own usage errors, 1 an unexpected failure of the tool itself.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from dsar_analyzer import __version__


@click.group()
@click.version_option(__version__, prog_name="dsar-analyzer")
def cli() -> None:
    """Read a TikTok "Download your data" export and show what TikTok collected."""


def main() -> NoReturn:
    try:
        cli.main(prog_name="dsar-analyzer", standalone_mode=True)
    except Exception as error:  # noqa: BLE001 - the user gets one line, never a traceback
        click.echo(f"dsar-analyzer: internal error ({type(error).__name__}); please report this with the "
                   "command you ran.", err=True)
        sys.exit(1)
    sys.exit(0)


# The commands register themselves on ``cli``.
from dsar_analyzer.cli import batch, export, inspect, report, sample, schema  # noqa: E402,F401
