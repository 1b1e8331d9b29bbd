"""Every choice of one run, settled once: each from its sources in one declared order (``RunSpec.settle``).

The orders, stated here and nowhere else:

======================  =====================================================================
choice                  sources, first that is given wins
======================  =====================================================================
mode                    the door's choice (``--redacted``/``--full``/``--claim``, the page's), else redacted;
                        it also decides search-term redaction: every mode but full withholds the terms
language                the flag (``--lang``, the page's choice), then the case row, then the export's
time stamp              the flag (``--generated-at``), then ``SOURCE_DATE_EPOCH``, then the clock;
                        pinned unless it came from the clock
birth date              the case row, then the flag (``--birth-date``), else the export's self-declared one
consent country         the case row, then the flag (``--consent-country``, NL by default)
display name            the name given with bytes or a stream, else the path's last part
                        (``input_name``: a trailing slash never gives an empty name)
re-hashable             a path can be hashed again after the analysis; bytes and streams cannot, and the
                        chain of custody says so instead of reading a file of the same name
custody fields          the door's (case reference, supplier, received, the command as run)
limits                  the door's (the page's follow the memory it may use), else the library's ``Limits()``
======================  =====================================================================
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date, datetime, timezone
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from dsar_analyzer.read.archive import Limits
from dsar_analyzer.read.ingest import InputSource
from dsar_analyzer.read.loader import rereadable
from dsar_analyzer.records.export import Export, input_name
from dsar_analyzer.report.i18n import Language
from dsar_analyzer.report.time_stamp import source_date_epoch
from dsar_analyzer.report.mode import Mode


class CaseRow(BaseModel):
    """One export's row of a case file: what it says about this child (each optional but the id)."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    child: str | None = None
    birth_date: date | None = None
    consent_country: str | None = None
    lang: Language | None = None


def settle_time(flag: datetime | None, environ: Mapping[str, str] | None = None,
                clock: Callable[[], datetime] | None = None) -> tuple[datetime, bool]:
    """The report's time stamp and whether it is pinned: the flag, then SOURCE_DATE_EPOCH, then the clock.

    Always UTC, whole seconds. Raises ``ValueError`` (one sentence) for a SOURCE_DATE_EPOCH that is not
    whole seconds from 1970 on.
    """
    if flag is not None:
        moment = flag if flag.tzinfo else flag.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc).replace(microsecond=0), True
    pinned = source_date_epoch(environ)
    if pinned is not None:
        return pinned, True
    now = clock() if clock is not None else datetime.now(tz=timezone.utc)
    return now.astimezone(timezone.utc).replace(microsecond=0), False


def display_name(source: InputSource, name: str | None = None) -> str:
    """What reports call the input: ``name`` when given, else the path's last part, else ``upload``."""
    if name:
        return input_name(name)
    if isinstance(source, (str, os.PathLike)):
        return input_name(os.fspath(source))
    return "upload"


class RunSpec(BaseModel):
    """Every choice one export's run depends on, already settled (see the module's table of orders)."""

    model_config = ConfigDict(frozen=True)

    # -- the input
    display_name: str = Field(description="what the report calls the input")
    rehashable: bool = Field(description="the input is a path that can be hashed again after the analysis")
    # -- the read
    limits: Limits = Field(default_factory=Limits, description="the read's ceilings and its memory budget "
                           "(``Limits.stream_above_bytes``: larger JSON members are read item by item)")
    # -- the copy
    mode: Mode = Mode.REDACTED
    case_key: bytes | None = Field(default=None, repr=False, description="claim mode's secret key")
    language: Language | None = Field(default=None, description="None: the export's own language")
    case: CaseRow | None = None
    birth_date: date | None = None
    consent_country: str = "NL"
    zone: str = "Europe/Amsterdam"
    generated_at: datetime
    generated_at_pinned: bool
    # -- the chain of custody
    case_reference: str | None = None
    supplier: str | None = None
    received_at: datetime | None = None
    invocation: str | None = Field(default=None, description="the command or call as run")
    # -- what is made and written
    render: bool = Field(default=True, description="render the HTML report (False: figures only)")
    out: str | None = Field(default=None, description="folder to write the report into; None: nothing written")
    report_name: str | None = Field(default=None, description="the report's file name; '{sha256}' and "
                                    "'{sha12}' stand for the archive's hash. None: the report command's rule")
    case_id: str | None = Field(default=None, description="claim mode: the id the report's file name starts with")
    pdf: bool = False
    note: str | None = Field(default=None, description="said in the outcome's message when all went well")

    @property
    def redact_search_terms(self) -> bool:
        """Search terms are withheld in every copy but a full one: the mode decides, nothing else."""
        return self.mode is not Mode.FULL

    def report_language(self, export: Export) -> Language:
        """The flag or case row's language (settled already), else the export's."""
        return self.language or export.language

    @classmethod
    def settle(cls, source: InputSource, *, name: str | None = None, language: Language | None = None,
               case: CaseRow | None = None, generated_at: datetime | None = None,
               birth_date: date | None = None, consent_country: str = "NL",
               environ: Mapping[str, str] | None = None, clock: Callable[[], datetime] | None = None,
               **choices: Any) -> RunSpec:
        """The spec of running ``source``: every choice from its sources, in the module's declared order.

        ``language``, ``generated_at``, ``birth_date`` and ``consent_country`` are the flags as given
        (None: not given); ``choices`` are the choices with one source (mode, key, zone, custody, out...).
        ``environ`` and ``clock`` stand for ``os.environ`` and the computer's clock (a run over many
        exports reads the clock once, so all its reports carry the same moment).
        """
        moment, pinned = settle_time(generated_at, environ, clock)
        return cls(
            display_name=display_name(source, name), rehashable=rereadable(source),
            language=language or (case.lang if case else None), case=case,
            birth_date=(case.birth_date if case and case.birth_date else None) or birth_date,
            consent_country=((case.consent_country if case and case.consent_country else None)
                             or consent_country).upper(),
            generated_at=moment, generated_at_pinned=pinned, **choices)
