"""The options the commands share, checked once, and the step from parsed options to a ``RunSpec``.

A command module parses its own options with the decorators here, settles them with ``spec_for``
(which applies ``RunSpec.settle``'s declared orders) and makes one ``run_export`` call per export.
No command module imports another: what two commands share lives here or in ``common``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from dsar_analyzer.cli.common import InputError, echo_error, invocation, printable

if TYPE_CHECKING:
    from dsar_analyzer.run.outcome import Outcome
    from dsar_analyzer.run.spec import CaseRow, RunSpec

F = TypeVar("F", bound=Callable[..., Any])
MODES = ("redacted", "full", "claim")
MODE_HELP = {
    "redacted": "[default] Message, comment and search text withheld (counts kept), IPs, e-mail and phone "
                "masked, other people shortened.",
    "full": "Everything shown, unredacted: a parent's own copy.",
    "claim": "Redacted, every person a keyed pseudonym, file names from --case-id or the archive's SHA-256, "
             "never from the input's name. Needs --case-key-file.",
}


def _compose(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    def apply(function: F) -> F:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function
    return apply


# -- the copy: mode, key, case id ----------------------------------------------------------------------------

def mode_options(**help_by_mode: str) -> Callable[[F], F]:
    """``--redacted | --full | --claim`` and ``--case-key-file``; ``help_by_mode`` words a mode for one command."""
    helps = MODE_HELP | help_by_mode
    flags = [click.option(f"--{mode}", is_flag=True, help=f"{helps[mode]} One of --redacted | --full | --claim.")
             for mode in MODES]
    key = click.option("--case-key-file", metavar="FILE", default=None,
                       help="With --claim: the case's secret key (at least 32 bytes; make one with "
                            "dsar-analyzer keygen).")
    return _compose(*flags, key)


def checked_case_id(context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    from dsar_analyzer.report.output import CASE_ID

    if value is not None and not CASE_ID.fullmatch(value):
        raise click.BadParameter(f"{value!r} cannot be part of a file name; use 1 to 64 letters, digits, "
                                 "dots, dashes or underscores, starting with a letter or digit.")
    return value


def case_id_option(help: str) -> Callable[[F], F]:  # noqa: A002 - click's own word
    return click.option("--case-id", metavar="ID", default=None, callback=checked_case_id, help=help)


def settle_mode(redacted: bool, full: bool, claim: bool, case_key_file: str | None,
                case_id: str | None = None) -> tuple[Any, bytes | None]:
    """The mode chosen (redacted unless another is) and, in claim mode, the case key read from its file."""
    from dsar_analyzer.report.case_key import CaseKeyRejected, read_case_key
    from dsar_analyzer.report.mode import Mode

    chosen = [name for name, given in zip(MODES, (redacted, full, claim), strict=True) if given]
    if len(chosen) > 1:
        raise click.UsageError(f"{' and '.join('--' + m for m in chosen)} cannot be combined: choose one of "
                               "--redacted, --full or --claim.")
    mode = Mode(chosen[0] if chosen else "redacted")
    for option, value in (("--case-key-file", case_key_file), ("--case-id", case_id)):
        if value is not None and mode is not Mode.CLAIM:
            raise click.UsageError(f"{option} belongs to --claim; add --claim, or leave {option} out.")
    if mode is not Mode.CLAIM:
        return mode, None
    if case_key_file is None:
        raise click.UsageError("--claim needs --case-key-file: a file with the secret key of this case, kept "
                               "outside the report (make one with: dsar-analyzer keygen case.key).")
    try:
        return mode, read_case_key(case_key_file)
    except CaseKeyRejected as error:
        raise click.BadParameter(f"{error} Make a new key with: dsar-analyzer keygen FILE",
                                 param_hint="'--case-key-file'") from None


# -- language and time stamp ---------------------------------------------------------------------------------

def lang_option(help: str) -> Callable[[F], F]:  # noqa: A002 - click's own word
    return click.option("--lang", type=click.Choice(["en", "nl"]), default=None, help=help)


def _in_range(context: click.Context, parameter: click.Parameter, value: datetime | None) -> datetime | None:
    """A moment a report can carry: from 1970 (as SOURCE_DATE_EPOCH) up to the year 9999; UTC."""
    if value is None:
        return None
    try:
        utc = (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    except OverflowError:
        utc = None
    if utc is None or utc.year < 1970:
        raise click.BadParameter(f"{value.isoformat()} is out of range; give a moment between 1970 and 9999.")
    return utc


generated_at_option = click.option(
    "--generated-at", type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"]),
    default=None, metavar="YYYY-MM-DD[THH:MM:SS[+HHMM]]", callback=_in_range,
    help="Time stamp printed in the report, UTC unless an offset is given. Default: SOURCE_DATE_EPOCH if set, "
         "else now.")


def settled_time(flag: datetime | None) -> tuple[datetime, bool]:
    """``RunSpec``'s time rule, with an unusable SOURCE_DATE_EPOCH as a one-line usage error."""
    from dsar_analyzer.run.spec import settle_time

    try:
        return settle_time(flag)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="SOURCE_DATE_EPOCH") from None


# -- what the analysis needs ---------------------------------------------------------------------------------

def _listed_zones() -> frozenset[str]:
    """The zone names listed by the tzdata package (a dependency), read from its one list file.

    ``available_timezones()`` starts from this list and then opens every file under the system's
    zone folders to check it (about 600 files, 10-14 ms of each command run with the default zone);
    a name on the list is in its answer, so a listed name needs no more (``posixrules``, which it
    leaves out, is never listed). Anything else gets the whole check.
    """
    from importlib import resources

    try:
        with resources.files("tzdata").joinpath("zones").open("r") as listed:
            return frozenset(line.strip() for line in listed) - {"", "posixrules"}
    except (ImportError, FileNotFoundError):
        return frozenset()


def _known_zone(context: click.Context, parameter: click.Parameter, value: str) -> str:
    """Only names from the time-zone database: never a path (``../../etc/passwd``) or a made-up zone."""
    if value in _listed_zones():
        return value
    from zoneinfo import available_timezones

    zones = available_timezones()
    if value in zones:
        return value
    close = difflib.get_close_matches(value, zones, n=1, cutoff=0.8)
    hint = f"did you mean {close[0]}?" if close else "use a name like Europe/Amsterdam, Europe/Brussels or UTC."
    raise click.BadParameter(f"{value!r} is not a time zone name; {hint}")


def _plausible_birth_date(context: click.Context, parameter: click.Parameter, value: Any) -> date | None:
    """A birth date from 1900 up to today: anything else is a typing error, not a child."""
    if value is None:
        return None
    if not date(1900, 1, 1) <= value.date() <= datetime.now(tz=timezone.utc).date():
        raise click.BadParameter(f"{value.date().isoformat()} is not a possible birth date; give one between "
                                 "1900-01-01 and today.")
    return value.date()  # type: ignore[no-any-return]


def _known_country(context: click.Context, parameter: click.Parameter, value: str) -> str:
    from dsar_analyzer.analysis.age import consent_rules

    try:
        consent_rules(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    return value.upper()


birth_date_option = click.option(
    "--birth-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
    callback=_plausible_birth_date,
    help="The child's real birth date (1900 to today); the export's self-declared one is shown beside it.")
consent_country_option = click.option(
    "--consent-country", default="NL", show_default=True, metavar="CC", callback=_known_country,
    help="Country whose digital age of consent applies (two-letter code, e.g. NL, BE, DE).")
zone_option = click.option(
    "--zone", default="Europe/Amsterdam", show_default=True, metavar="AREA/CITY", callback=_known_zone,
    help="Time zone for days, hours and weekdays (a time-zone database name).")
analysis_options = _compose(birth_date_option, consent_country_option, zone_option)


def _utc(context: click.Context, parameter: click.Parameter, value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=timezone.utc) if value is not None else None


custody_options = _compose(
    click.option("--case-reference", default=None, metavar="TEXT",
                 help="Case or claim reference, printed in the chain of custody."),
    click.option("--supplier", default=None, metavar="TEXT",
                 help="Who supplied the export (e.g. 'parent'), for the chain of custody."),
    click.option("--received-at", type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"]), default=None,
                 metavar="YYYY-MM-DD[THH:MM:SS]", callback=_utc,
                 help="When the export was received (UTC), for the chain of custody."))


# -- the case file -------------------------------------------------------------------------------------------

def read_cases(cases_file: Path, paths: list[str]) -> Any:
    """Match the case file's rows to the exports; every problem is one line on stderr, made terminal-safe
    (a case id or a file name may hold an escape sequence)."""
    from dsar_analyzer.batch.cases import CaseFileError, assign, read_case_file

    try:
        assignment = assign(read_case_file(cases_file), paths, _sha256_of)
    except CaseFileError as error:
        raise InputError(str(error)) from None
    for problem in assignment.problems:
        click.echo(printable(f"case file row {problem.row}: {problem.message}"), err=True)
    for path in assignment.without_row:
        click.echo(printable(f"no row in the case file: {path}"), err=True)
    return assignment


def _sha256_of(path: str) -> str | None:
    """The SHA-256 a case file's ``sha256`` column is compared with (the same one the manifest shows)."""
    import os

    from dsar_analyzer.batch.work import file_sha256
    from dsar_analyzer.errors import InputRejected
    from dsar_analyzer.read.ingest import read_input

    try:
        return file_sha256(path)[0] if os.path.isfile(path) else read_input(path).sha256
    except (OSError, InputRejected):
        return None


def case_row(case: Any) -> CaseRow | None:
    """A case file's row as the run takes it (``None`` stays ``None``)."""
    from dsar_analyzer.run.spec import CaseRow

    if case is None:
        return None
    return CaseRow(case_id=case.case_id, child=case.child, birth_date=case.birth_date,
                   consent_country=case.consent_country, lang=case.lang)


# -- from options to one run ---------------------------------------------------------------------------------

def spec_for(source: str, *, generated_at: datetime | None = None, **choices: Any) -> RunSpec:
    """The ``RunSpec`` of one export from a command's parsed options (the command as run is its invocation)."""
    from dsar_analyzer.run.spec import RunSpec

    settled_time(generated_at)  # an unusable SOURCE_DATE_EPOCH is a usage error, before anything is read
    return RunSpec.settle(source, generated_at=generated_at, invocation=invocation(), clock=started, **choices)


def started() -> datetime:
    """The clock, read once per command: a run over many exports gives all its reports the same moment."""
    meta = click.get_current_context().meta
    return meta.setdefault("dsar-analyzer.started", datetime.now(tz=timezone.utc))  # type: ignore[no-any-return]


def fail_on(outcome: Outcome, *, alone: bool = True) -> bool:
    """Say what went wrong with an outcome; with ``alone`` (the only export of the command) stop with its exit code.

    Returns True when the outcome is a failure (said on its own line when not ``alone``).
    """
    if outcome.status not in ("rejected", "failed"):
        return False
    message = outcome.message or "could not be used"
    if outcome.reason == "output":
        raise InputError(message)  # the output folder fails every export alike: stop at the first
    if outcome.reason == "internal":
        # The tool's own bug: exit 1 and the same sentence main() gives for one.
        raise click.ClickException(f"internal error ({type(outcome.error).__name__}); please report this with "
                                   "the command you ran.")
    if alone:
        raise InputError(message[:1].upper() + message[1:] if outcome.reason == "too_large" else message)
    echo_error(f"could not use {outcome.path}: {message}")
    return True
