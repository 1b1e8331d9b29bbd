"""Class-membership evidence: when the account demonstrably existed, and what that shows against the class dates.

The Dutch collective action's class (ECLI:NL:RBAMS:2024:83) is children who *created* a TikTok
account between 25 May 2018 and 9 November 2022. JSON exports seen so far hold no creation date; a
TXT 2025-26 profile may hold a ``Registration Date``. So the evidence is, best first: the
registration date on the profile, else the first login kept, else the earliest dated record of the
account's own activity. Only a registration date dates the creation itself; the others show the
account *existed* on that day, so it was created on or before it. An off-TikTok event named
"Registration" is an advertiser's report about its own app, never the TikTok account: off-TikTok
activity is left out of the evidence altogether (its time is the advertiser's, not the account's).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from dsar_analyzer.analysis.legal import CLASS_END, CLASS_START, MUSICALLY_MERGE
from dsar_analyzer.records.columns import NAT, array_module, record_times, utc_moment
from dsar_analyzer.records.export import Export
from dsar_analyzer.records.models import Login, Profile
from dsar_analyzer.records.registry import SECTIONS
from dsar_analyzer.records.values import parse_birth_date, parse_timestamp

Basis = Literal["registration_date", "first_login", "earliest_record", "none"]
Answer = Literal["yes", "no", "cannot_tell"]

#: Sections whose time is not the account's own activity: an advertiser's event time.
_NOT_THE_ACCOUNT = frozenset({"off_tiktok_activity"})
_SECTION_IDS = tuple(SECTIONS)
_NOT_THE_ACCOUNT_CODES = [_SECTION_IDS.index(s) for s in sorted(_NOT_THE_ACCOUNT)]


class AccountEvidence(BaseModel):
    """What the export shows about when the account was created, with the basis named.

    ``existed_on`` is the earliest day the account demonstrably existed (UTC) and ``basis`` says
    from what. ``created_on`` is set only from a registration date. ``created_before_class_end``:
    whether the account was created on or before 9 November 2022; ``created_from_class_start``:
    on or after 25 May 2018 (``cannot_tell`` without a registration date when the account is only
    known to exist since a later day); ``musically_era``: whether it existed before 2 August 2018.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    registration_text: str | None
    created_on: date | None
    first_login: datetime | None
    earliest_record: datetime | None
    earliest_record_section: str | None
    existed_on: date | None
    basis: Basis
    created_from_class_start: Answer
    created_before_class_end: Answer
    in_class_by_dates: Answer
    musically_era: Answer
    class_start: date = CLASS_START.day
    class_end: date = CLASS_END.day
    musically_until: date = MUSICALLY_MERGE.day


def _registration(export: Export) -> tuple[str | None, date | None]:
    for record in export.records("profile"):
        assert isinstance(record, Profile)
        text = record.registration_date
        if text:
            try:
                moment = parse_timestamp(text)
            except ValueError:
                moment = None
            if moment is not None:
                return text, moment.date()
            try:  # a date without a time, in any spelling a birth date may have
                return text, parse_birth_date(text)
            except ValueError:
                return text, None
    return None, None


def _first_login(export: Export) -> datetime | None:
    times = [r.logged_in_at for r in export.records("logins")
             if isinstance(r, Login) and r.logged_in_at is not None]
    return min(times) if times else None


def _answer(value: bool | None) -> Answer:
    return "cannot_tell" if value is None else ("yes" if value else "no")


def account_evidence(export: Export) -> AccountEvidence:
    """The class-membership evidence of an export."""
    text, created = _registration(export)
    first_login = _first_login(export)
    sections, times = record_times(export)
    xp = array_module(times)
    own = xp.flatnonzero(~xp.isin(sections, _NOT_THE_ACCOUNT_CODES) & (times != NAT))
    earliest: datetime | None = None
    earliest_section: str | None = None
    if len(own):
        position = own[int(times[own].argmin())]  # the first of equal times, in records_frame order
        earliest = utc_moment(times[position])
        earliest_section = _SECTION_IDS[sections[position]]
    basis: Basis
    if created is not None:
        basis, existed = "registration_date", created
    elif first_login is not None and (earliest is None or first_login <= earliest):
        basis, existed = "first_login", first_login.date()
    elif earliest is not None:
        basis, existed = "earliest_record", earliest.date()
    else:
        basis, existed = "none", None
    start, end = CLASS_START.day, CLASS_END.day
    if created is not None:
        from_start: bool | None = created >= start
        before_end: bool | None = created <= end
    else:
        # existing on a day proves creation on or before it; nothing proves how long before
        from_start = False if existed is not None and existed < start else None
        before_end = True if existed is not None and existed <= end else None
    if from_start is False or before_end is False:
        in_class: bool | None = False
    elif from_start and before_end:
        in_class = True
    else:
        in_class = None
    musically: bool | None
    if existed is not None and existed < MUSICALLY_MERGE.day:
        musically = True
    elif created is not None:
        musically = False
    else:
        musically = None
    return AccountEvidence(
        registration_text=text, created_on=created, first_login=first_login, earliest_record=earliest,
        earliest_record_section=earliest_section, existed_on=existed, basis=basis,
        created_from_class_start=_answer(from_start), created_before_class_end=_answer(before_end),
        in_class_by_dates=_answer(in_class), musically_era=_answer(musically))
