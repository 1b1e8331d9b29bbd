"""The ``dsar-analyzer`` command line: thin click commands over the library; decides what the user sees.

One module per command, named as the command; it registers itself on ``cli`` when it is imported,
which happens the first time the command is looked up (a run of ``inspect`` imports no other command).

Exit codes: 0 success; 2 input that cannot be used, or a usage error (one line on stderr, never a
traceback); 3 ``report`` over several exports when some could not be used (the others and the index
were written, each failure said on its own line); 1 an unexpected failure of the tool itself.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Iterator, MutableMapping
from typing import Any, NoReturn

import click

from dsar_analyzer import __version__
from dsar_analyzer.cli.common import echo_error

EXAMPLES = """\b
Examples:
  dsar-analyzer inspect TikTok_Data_1735588272.zip
  dsar-analyzer report TikTok_Data_1735588272.zip --out reports --lang nl
  dsar-analyzer sample samples
  dsar-analyzer COMMAND --help      (options and examples of one command)
"""


class Cli(click.Group):
    """A click group whose errors are one line on stderr: ``dsar-analyzer: <what is wrong>``."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as error:
            error.show()  # no arguments at all: the help page, as every click program gives it
            sys.exit(error.exit_code)
        except click.ClickException as error:
            message = error.format_message()
            context = getattr(error, "ctx", None)
            if isinstance(error, click.UsageError) and context is not None:
                message = f"{message.rstrip('.')}. See: {context.command_path} --help"
            echo_error(message)
            sys.exit(error.exit_code)
        except click.Abort:
            echo_error("stopped.")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


#: Every command; each lives in the module of ``dsar_analyzer.cli`` of the same name.
COMMANDS = ("batch", "diagnose", "export", "inspect", "keygen", "report", "request", "sample", "schema", "serve")


class Commands(MutableMapping[str, click.Command]):
    """``cli.commands``: every command by name, its module imported when the command is first looked up.

    Importing all ten modules (and what they import, such as ``webbrowser`` for ``serve``) was part of
    every run; listing the names (``--help``'s order, completion) imports none.
    """

    def __init__(self, names: tuple[str, ...]) -> None:
        self._names = names
        self._commands: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._commands and name in self._names:
            importlib.import_module(f"{__name__}.{name}")  # the module's decorator sets the entry
        return self._commands[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._commands[name] = command

    def __delitem__(self, name: str) -> None:
        del self._commands[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._names, *self._commands]))

    def __len__(self) -> int:
        return len(set(self._names) | set(self._commands))


@click.group(name="dsar-analyzer", cls=Cli, epilog=EXAMPLES, commands=Commands(COMMANDS))
@click.version_option(__version__, prog_name="dsar-analyzer")
def cli() -> None:
    """Read a TikTok "Download your data" export and show what TikTok collected.

    Everything runs on this computer: the tool never opens a network connection.
    """


def _arrow_gives_memory_back() -> None:
    """Arrow allocates from the system's allocator in this process (unless the user chose a pool).

    Its default, mimalloc, keeps memory it has freed: on 12 million records the columns built and
    dropped while reading and analysing stayed in the process, about 0.5 GB at the peak. Set here,
    where the process starts, not in the library: a program using the library keeps its own choice.
    """
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    arrow = sys.modules.get("pyarrow")
    if arrow is not None and os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system":
        arrow.set_memory_pool(arrow.system_memory_pool())


def _numpy_starts_no_thread_pool() -> None:
    """numpy's OpenBLAS starts a pool of threads, one per core, when numpy is imported: 50-60 ms of
    CPU and of wall time in every process (0.14 s to import numpy instead of 0.08 s), for linear algebra
    the tool never does (it sorts, compares and counts). One thread, unless the user chose otherwise.
    Set here, before anything imports numpy (importing the command line does not), not in the library;
    the batch workers and the fork server inherit it.
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _collector_skips_the_start_up() -> None:
    """The objects made while importing the command line (modules, classes, pydantic's schemas) live as
    long as the process, yet every full run of the cyclic garbage collector walked them again: in a
    small ``report`` one full collection cost 20-25 ms of the 40-55 ms the collector took. Frozen
    here they are never walked again; everything the command makes later is collected as before, so
    memory on a large export is unchanged. In the process the command starts, never in the library.
    """
    gc.freeze()


def main() -> NoReturn:
    _numpy_starts_no_thread_pool()
    _collector_skips_the_start_up()
    _arrow_gives_memory_back()
    try:
        cli.main(prog_name="dsar-analyzer", standalone_mode=True)
    except Exception as error:  # noqa: BLE001 - the user gets one line, never a traceback
        click.echo(f"dsar-analyzer: internal error ({type(error).__name__}); please report this with the "
                   "command you ran.", err=True)
        sys.exit(1)
    sys.exit(0)
