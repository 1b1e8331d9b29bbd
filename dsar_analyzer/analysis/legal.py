"""The legal dates, periods and digital ages of consent the claim figures rely on, each with its source.

The GDPR and the Dutch implementing act (UAVG) apply from 25 May 2018 (``CLAIM_START``). GDPR Art. 8
sets a digital age of consent of 16 where consent is the legal basis of an information society service
offered directly to a child; member states may lower it, not below 13 (``CONSENT_AGES``, per country
with the date from which it applies). Regulators named two periods (``WINDOWS``). Every row
names its act in ``law``; dates not confirmed from the act itself say so in ``note``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict

#: The GDPR and the UAVG apply from this day; the claim covers use of TikTok since then.
CLAIM_START = date(2018, 5, 25)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# -- windows -------------------------------------------------------------------------------------

class Window(_Frozen):
    """A named period, both ends inclusive, read on records' UTC calendar dates."""

    name: str
    start: date
    end: date
    description: str

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


AP_ENGLISH_ONLY = Window(
    name="ap_english_only_privacy_policy", start=date(2018, 5, 25), end=date(2020, 7, 28),
    description="The period in which the Dutch DPA (Autoriteit Persoonsgegevens, decision published 22 July 2021) "
                "found that TikTok offered Dutch users, children included, a privacy policy only in English "
                "(GDPR Art. 12(1)).")
DPC_CHILDREN_INQUIRY = Window(
    name="dpc_children_inquiry", start=date(2020, 7, 31), end=date(2020, 12, 31),
    description="The period covered by the Irish DPC's inquiry into the processing of children's data (users "
                "aged 13-17; final decision 1 September 2023). It starts the day TikTok Technology Ltd became "
                "controller for users in the EEA.")
#: Windows counted in ``AgeFigures.in_windows``, keyed by ``Window.name``.
WINDOWS: tuple[Window, ...] = (AP_ENGLISH_ONLY, DPC_CHILDREN_INQUIRY)


# -- digital age of consent ---------------------------------------------------------------------

class ConsentAge(_Frozen):
    """One row of the country table: from ``valid_from`` the digital age of consent is ``age``."""

    country: str  # ISO 3166-1 alpha-2
    country_name: str
    age: int
    valid_from: date
    law: str
    note: str = ""


_GDPR = "GDPR Art. 8"
_LATE_ACT = ("The national act came into force after 25 May 2018 ({when}); its exact date is not confirmed here, "
             "so this table applies the age from 25 May 2018 (before the act, the GDPR default of 16 applied; "
             "inferred).")


def _row(country: str, name: str, age: int, law: str, note: str = "",
         valid_from: date = CLAIM_START) -> ConsentAge:
    return ConsentAge(country=country, country_name=name, age=age, valid_from=valid_from, law=law, note=note)


#: Digital age of consent per country (EU27, EEA, UK), rows per country ordered by ``valid_from``.
#: Sources: the Bird & Bird GDPR tracker and the European Commission's 2020 GDPR evaluation (as
#: tabulated by Kuan Hon), plus the national acts named. Rows marked "inferred" are not confirmed
#: in a source.
CONSENT_AGES: tuple[ConsentAge, ...] = (
    _row("AT", "Austria", 14, f"DSG §4(4) / {_GDPR}"),
    _row("BE", "Belgium", 13, f"Act of 30 July 2018 art. 7 / {_GDPR}", _LATE_ACT.format(when="September 2018")),
    _row("BG", "Bulgaria", 14, f"national implementing act / {_GDPR}"),
    _row("HR", "Croatia", 16, _GDPR),
    _row("CY", "Cyprus", 14, f"Law 125(I)/2018 s.8 / {_GDPR}"),
    _row("CZ", "Czech Republic", 15, f"Act on personal data processing of 2019, s.7 / {_GDPR}",
         "Act number 110/2019 inferred. " + _LATE_ACT.format(when="2019")),
    _row("DK", "Denmark", 13, f"Danish Data Protection Act §6(3) / {_GDPR}"),
    _row("EE", "Estonia", 13, f"national implementing act / {_GDPR}"),
    _row("FI", "Finland", 13, f"national implementing act / {_GDPR}"),
    _row("FR", "France", 15, f"Loi Informatique et Libertés art. 7-1 / {_GDPR}",
         "Under 15, the child and the holder of parental responsibility must consent jointly."),
    _row("DE", "Germany", 16, _GDPR, "No national derogation."),
    _row("GR", "Greece", 15, f"national implementing act / {_GDPR}", _LATE_ACT.format(when="2019")),
    _row("HU", "Hungary", 16, _GDPR, "No specific national provision."),
    _row("IE", "Ireland", 16, f"Data Protection Act 2018 s.31 / {_GDPR}", "The government first proposed 13."),
    _row("IT", "Italy", 14, f"Codice privacy art. 2-quinquies / {_GDPR}"),
    _row("LV", "Latvia", 13, f"national implementing act / {_GDPR}"),
    _row("LT", "Lithuania", 14, f"national implementing act / {_GDPR}"),
    _row("LU", "Luxembourg", 16, _GDPR),
    _row("MT", "Malta", 13, f"national implementing act / {_GDPR}"),
    _row("NL", "Netherlands", 16, f"UAVG art. 5 / {_GDPR}",
         "Under 16, the consent of the legal representative (parent or guardian) is required. 16 throughout "
         "the claim period."),
    _row("PL", "Poland", 16, _GDPR, "No national derogation."),
    _row("PT", "Portugal", 13, f"national implementing act / {_GDPR}"),
    _row("RO", "Romania", 16, _GDPR),
    _row("SK", "Slovakia", 16, _GDPR),
    _row("SI", "Slovenia", 16, f"{_GDPR} default",
         "Slovenia had no implementing act before ZVOP-2, so the GDPR default of 16 applied (inferred)."),
    _row("SI", "Slovenia", 15, f"ZVOP-2 / {_GDPR}", "ZVOP-2 in force from 26 January 2023.",
         valid_from=date(2023, 1, 26)),
    _row("ES", "Spain", 14, f"LOPDGDD art. 7 / {_GDPR}"),
    _row("SE", "Sweden", 13, f"national implementing act / {_GDPR}"),
    _row("IS", "Iceland", 13, f"Act 90/2018 / {_GDPR}",
         "EEA. Inferred: not confirmed in a stored source."),
    _row("LI", "Liechtenstein", 16, _GDPR, "EEA. No national derogation."),
    _row("NO", "Norway", 13, f"national implementing act / {_GDPR}",
         "EEA. Age as stated by Datatilsynet; a 2025 government consultation proposed 15 (a proposal only)."),
    _row("GB", "United Kingdom", 13, "DPA 2018 s.9 / UK GDPR Art. 8", "Section number inferred."),
)

_ALIASES = MappingProxyType({"UK": "GB", "EL": "GR"})  # the EU's own codes for the UK and Greece


def _by_country() -> Mapping[str, tuple[ConsentAge, ...]]:
    table: dict[str, list[ConsentAge]] = {}
    for row in CONSENT_AGES:
        table.setdefault(row.country, []).append(row)
    for rows in table.values():
        if [r.valid_from for r in rows] != sorted({r.valid_from for r in rows}):
            raise ValueError(f"consent rows of {rows[0].country} out of order")
    return MappingProxyType({country: tuple(rows) for country, rows in table.items()})


_CONSENT_BY_COUNTRY = _by_country()


def consent_rules(country: str) -> tuple[ConsentAge, ...]:
    """The rows of one country (ISO alpha-2, any case; ``UK`` and ``EL`` accepted), oldest first."""
    code = country.strip().upper()
    code = _ALIASES.get(code, code)
    try:
        return _CONSENT_BY_COUNTRY[code]
    except KeyError:
        raise ValueError(f"no digital age of consent known for country {country!r} "
                         f"(known: {', '.join(sorted(_CONSENT_BY_COUNTRY))})") from None


def consent_age(country: str, on: date) -> int:
    """The digital age of consent of ``country`` on day ``on``.

    Before a country's first row (dates before 25 May 2018, when GDPR Art. 8 did not yet apply) the
    first row's age is returned, so records of that time are compared with the age that applied
    from the GDPR's start. Unknown country: ValueError.
    """
    rules = consent_rules(country)
    current = rules[0]
    for row in rules[1:]:
        if row.valid_from <= on:
            current = row
    return current.age


def consent_age_rule(country: str) -> str:
    """One sentence naming the rule, e.g. ``Netherlands: UAVG art. 5 / GDPR Art. 8, 16 years``."""
    rules = consent_rules(country)
    parts = []
    for i, row in enumerate(rules):
        part = f"{row.law}, {row.age} years"
        if i + 1 < len(rules):
            part += f" until {rules[i + 1].valid_from - timedelta(days=1)}"
        if i:
            part += f" from {row.valid_from}"
        if "inferred" in row.note.lower():
            part += " (partly inferred)"
        parts.append(part)
    return f"{rules[0].country_name}: " + "; ".join(parts)
