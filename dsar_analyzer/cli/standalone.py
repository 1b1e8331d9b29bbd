"""The standalone application's entry point: a double-click (no arguments) opens the local page.

The frozen application (built by ``packaging/dsar-analyzer.spec``) starts here. Started with no
arguments, as a double-click starts it, it runs ``serve``: the page opens in the browser and the
page's stop button ends the program. With arguments it is the ordinary command line, so
``dsar-analyzer --version`` or ``dsar-analyzer inspect FILE`` work the same from the application.
"""

from __future__ import annotations

import multiprocessing
import sys
from typing import NoReturn

from dsar_analyzer.cli import main as command_line


def main() -> NoReturn:
    # A frozen program that starts worker processes (``batch``) must let the children it spawns
    # run their task instead of the command line again; a no-op outside a frozen program.
    multiprocessing.freeze_support()
    if len(sys.argv) <= 1:
        sys.argv.append("serve")
    command_line()


if __name__ == "__main__":
    main()
