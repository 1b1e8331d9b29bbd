"""What every command shares: the exit-code-2 error, loading an export, and the analysis options."""

from __future__ import annotations

from typing import Any

import click


class InputError(click.ClickException):
    """Rejected input: exit code 2 (plain ClickException would exit 1)."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"dsar-analyzer: {self.format_message()}", err=True)


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
        raise click.BadParameter(str(error), param_hint="--consent-country") from None
    return AnalysisOptions(birth_date=birth_date.date() if birth_date else None,
                           consent_country=consent_country.upper(), zone=zone, invocation=invocation(),
                           **{k: v for k, v in custody.items() if v is not None})


birth_date_option = click.option(
    "--birth-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    help="The child's real birth date (YYYY-MM-DD); the export's self-declared one is shown beside it.")
consent_country_option = click.option(
    "--consent-country", default="NL", show_default=True,
    help="Country whose digital age of consent applies (ISO code, e.g. NL, BE, DE).")
zone_option = click.option("--zone", default="Europe/Amsterdam", show_default=True,
                           help="Time zone for days, hours and weekdays.")
