"""What every command shares: one-line errors, terminal-safe text, the command as run (for the chain of custody)."""

from __future__ import annotations

import unicodedata

import click


class InputError(click.ClickException):
    """Rejected input or an unusable output folder: exit code 2 (plain ClickException would exit 1)."""

    exit_code = 2


def printable(text: str) -> str:
    """``text`` made harmless for a terminal: every control, format or separator character made visible.

    A file name or a key in an export can hold an ESC sequence (which retitles or clears the terminal
    and can draw a fake line), a carriage return (which overwrites what was printed), or a bidi
    control that makes the text after it read backwards. C0/C1 controls and DEL become ``\\x1b``;
    bidi, zero-width and other format characters and line/paragraph separators become ``[U+202E]``;
    bytes of a file name that were not UTF-8 (surrogate escapes) become ``\\xe9``.
    """
    if text.isprintable():
        return text
    shown = []
    for char in text:
        category = unicodedata.category(char)
        code = ord(char)
        if category == "Cc":
            shown.append(f"\\x{code:02x}" if code < 0x100 else f"[U+{code:04X}]")
        elif category == "Cs":
            shown.append(f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"[U+{code:04X}]")
        elif category in {"Cf", "Zl", "Zp"}:
            shown.append(f"[U+{code:04X}]")
        else:
            shown.append(char)
    return "".join(shown)


def echo_error(message: str) -> None:
    """One line on stderr: ``dsar-analyzer: <message>``, whatever the message holds."""
    click.echo(f"dsar-analyzer: {printable(' '.join(message.split()))}", err=True)


#: Options that change no figure and no byte of a report: two runs into two folders, or on two worker
#: pools (local processes or a Dask cluster), give the same report, so the record leaves them out.
UNRECORDED = frozenset({"out", "workers", "scheduler"})


def invocation() -> str:
    """The command as run, rebuilt from click's parameters with their effective values; input paths are
    shown by their last part only, so the record names no folder of the user's computer."""
    import shlex

    from dsar_analyzer.read.archive import text_path
    from dsar_analyzer.records.export import input_name

    ctx = click.get_current_context()
    words = ["dsar-analyzer", ctx.info_name or ""]
    for param in ctx.command.params:
        value = ctx.params.get(param.name) if param.name else None
        if value is None or value is False or value == () or param.name in UNRECORDED:
            continue
        if isinstance(param, click.Option) and param.is_flag and isinstance(param.flag_value, str):
            if value == param.flag_value:  # one of several flags sharing a name (--full / --claim / --redacted)
                words.append(param.opts[0])
            continue
        shown = [input_name(text_path(str(v))) if isinstance(param.type, click.Path) else text_path(str(v))
                 for v in (value if isinstance(value, tuple) else (value,))]
        if isinstance(param, click.Argument):
            words += shown
        elif value is True:
            words.append(param.opts[0])
        else:
            words += [word for item in shown for word in (param.opts[0], item)]
    return shlex.join(words)
