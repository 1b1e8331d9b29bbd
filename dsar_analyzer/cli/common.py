"""What every command shares: one-line errors, terminal-safe text, loading an export, the analysis options."""

from __future__ import annotations

import difflib
import unicodedata
from typing import Any

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


def load_export(path: str) -> Any:
    from dsar_analyzer.errors import InputRejected
    from dsar_analyzer.read.reader import load

    try:
        return load(path)
    except InputRejected as error:
        raise InputError(str(error)) from None
    except (MemoryError, RecursionError):
        raise InputError(f"{path} is too large or too deeply nested to read safely on this computer.") from None


def invocation() -> str:
    """The command as run, rebuilt from click's parameters with their effective values; input paths are
    shown by their last part only, so the record names no folder of the user's computer."""
    import os
    import shlex

    ctx = click.get_current_context()
    words = ["dsar-analyzer", ctx.info_name or ""]
    for param in ctx.command.params:
        value = ctx.params.get(param.name) if param.name else None
        if value is None or value is False or value == () or param.name == "out":
            continue  # the output folder changes no figure: two runs into two folders give the same report
        if isinstance(param, click.Option) and param.is_flag and isinstance(param.flag_value, str):
            if value == param.flag_value:  # one of several flags sharing a name (--full / --claim / --redacted)
                words.append(param.opts[0])
            continue
        shown = [os.path.basename(str(v).rstrip("/\\")) if isinstance(param.type, click.Path) else str(v)
                 for v in (value if isinstance(value, tuple) else (value,))]
        if isinstance(param, click.Argument):
            words += shown
        elif value is True:
            words.append(param.opts[0])
        else:
            words += [word for item in shown for word in (param.opts[0], item)]
    return shlex.join(words)


def analysis_options(birth_date: Any, consent_country: str, zone: str, **custody: Any) -> Any:
    from dsar_analyzer.analysis.age import consent_rules
    from dsar_analyzer.analysis.figures import AnalysisOptions

    try:
        consent_rules(consent_country)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--consent-country'") from None
    return AnalysisOptions(birth_date=birth_date.date() if birth_date else None,
                           consent_country=consent_country.upper(), zone=zone, invocation=invocation(),
                           **{k: v for k, v in custody.items() if v is not None})


def _known_zone(context: click.Context, parameter: click.Parameter, value: str) -> str:
    """Only names from the time-zone database: never a path (``../../etc/passwd``) or a made-up zone."""
    from zoneinfo import available_timezones

    zones = available_timezones()
    if value in zones:
        return value
    close = difflib.get_close_matches(value, zones, n=1, cutoff=0.8)
    hint = f"did you mean {close[0]}?" if close else "use a name like Europe/Amsterdam, Europe/Brussels or UTC."
    raise click.BadParameter(f"{value!r} is not a time zone name; {hint}")


def _plausible_birth_date(context: click.Context, parameter: click.Parameter, value: Any) -> Any:
    """A birth date from 1900 up to today: anything else is a typing error, not a child."""
    from datetime import date, datetime, timezone

    if value is not None and not date(1900, 1, 1) <= value.date() <= datetime.now(tz=timezone.utc).date():
        raise click.BadParameter(f"{value.date().isoformat()} is not a possible birth date; give one between "
                                 "1900-01-01 and today.")
    return value


birth_date_option = click.option(
    "--birth-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
    callback=_plausible_birth_date,
    help="The child's real birth date (1900 to today); the export's self-declared one is shown beside it.")
consent_country_option = click.option(
    "--consent-country", default="NL", show_default=True, metavar="CC",
    help="Country whose digital age of consent applies (two-letter code, e.g. NL, BE, DE).")
zone_option = click.option(
    "--zone", default="Europe/Amsterdam", show_default=True, metavar="AREA/CITY", callback=_known_zone,
    help="Time zone for days, hours and weekdays (a time-zone database name).")
