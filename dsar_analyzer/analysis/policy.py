"""What TikTok's privacy policy says it collects, against what an export holds: one table, each row with its source.

Shared by the report's policy table and the access request (``report.letter``). Every row
says what the policy states (``Wording``: TikTok's own words where a copy of them was read, otherwise
a summary in this project's words, labelled as such), which GDPR article a request for it is made
under, and a predicate over the ``Export`` saying whether this export holds it. A row is the
policy's claim, never an observation: the export can only show what TikTok handed over.

Sources read for this table (public, stored copies):

* TikTok, Privacy Policy for the EEA, UK and Switzerland, effective 4 December 2024: the effective
  date and the opening section ("information you provide", "automatically collected information",
  "information from other sources"; content "and associated metadata") were read in TikTok's
  Norwegian copy (``/legal/page/eea/privacy-policy/nb``). The English and Dutch versions live at the
  links below; their exact wording of the rows was not read here, so every row's text is a summary
  in our words (``kind="summary"``) and the Dutch is our translation.
* Only TikTok's privacy policy for the EEA is cited, and each row names the first EEA version known
  to state it (``stated_since``, one of ``EEA_POLICY_VERSIONS``); a letter asks for a row only when
  a version in force while the child used TikTok states it (``rows_to_ask``). Rows only other
  regions' policies or the teen summary state (battery, audio, apps and files; what is detected in
  videos; watch time) are not in the table (docs/legal-sources.md).
* TikTok newsroom, "Sharing an update to our Privacy Policy" (Europe, 2 November 2022): where
  European user data is stored and from which countries employees may access it remotely (quoted).
* GDPR (Regulation (EU) 2016/679) Art. 12(3), 15(1)(a)-(h), 15(2), 15(3), 77.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from dsar_analyzer.records.export import Export
from dsar_analyzer.records.values import NO_VALUE_STRINGS

GDPR_LINK = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"


@dataclass(frozen=True, slots=True)
class PolicySource:
    """A public document a row relies on, with its date and link (per language where TikTok has one)."""

    title_en: str
    title_nl: str
    #: None for a page that gives no date.
    date: date | None
    url_en: str
    url_nl: str


EEA_PRIVACY_POLICY = PolicySource(
    title_en="TikTok Privacy Policy (EEA, UK and Switzerland)",
    title_nl="Privacybeleid van TikTok (EER, VK en Zwitserland)",
    date=date(2024, 12, 4),
    url_en="https://www.tiktok.com/legal/page/eea/privacy-policy/en",
    url_nl="https://www.tiktok.com/legal/page/eea/privacy-policy/nl",
)
NEWSROOM_TRANSFERS = PolicySource(
    title_en="TikTok newsroom: Sharing an update to our Privacy Policy",
    title_nl="TikTok-nieuwsbericht over een wijziging van het privacybeleid",
    date=date(2022, 11, 2),
    url_en="https://newsroom.tiktok.com/en-eu/sharing-an-update-to-our-privacy-policy",
    url_nl="https://newsroom.tiktok.com/en-eu/sharing-an-update-to-our-privacy-policy",
)


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    """One version of TikTok's privacy policy for the EEA: from when it applied, and how that is known."""

    #: The day it took effect or was last updated; the first of the month when only the month is known.
    effective: date
    #: False when the source gives only the month (the version is then named by month and year).
    day_known: bool
    #: What the date is: ``effective`` (took effect) or ``updated`` (the policy's "last updated" date).
    kind: Literal["effective", "updated"]
    #: Where the date and the statements attributed to this version come from (docs/legal-sources.md).
    evidence: str


#: TikTok's EEA privacy policy versions this project knows, oldest first. TikTok Technology Limited
#: (Ireland) became the controller for EEA users with the first (29 July 2020); before it TikTok Inc.'s
#: policy applied, which is not an EEA policy and is not cited. Each row below names the first of these
#: versions known to state it.
EEA_2020 = PolicyVersion(date(2020, 7, 29), True, "effective",
                         "TikTok newsroom, 'Updates we are making to our Terms of Service and Privacy Policy' "
                         "(June 2020): the Irish entity provides TikTok to EEA users from 29 July 2020; the "
                         "statements: privacy review of the policies in force (December 2026)")
EEA_2021 = PolicyVersion(date(2021, 10, 1), False, "updated",
                         "privacy review of the policies in force (December 2026): the October 2021 version "
                         "lists keystroke patterns or rhythms")
EEA_2022 = PolicyVersion(date(2022, 12, 2), True, "effective",
                         "TikTok newsroom, 'Sharing an update to our Privacy Policy' (2 November 2022): names "
                         "China among the countries from which staff may access EEA user data")
EEA_2024 = PolicyVersion(date(2024, 12, 4), True, "effective",
                         "read in TikTok's Norwegian copy (/legal/page/eea/privacy-policy/nb): the effective "
                         "date and the opening section (automatically collected information, information "
                         "from other sources)")
EEA_2025 = PolicyVersion(date(2025, 11, 30), True, "updated",
                         "privacy review of the policies in force (December 2026): last updated 30 November "
                         "2025; it does not list battery, audio, apps or files")
EEA_POLICY_VERSIONS: tuple[PolicyVersion, ...] = (EEA_2020, EEA_2021, EEA_2022, EEA_2024, EEA_2025)
#: The version the addressee is taken from.
CURRENT_EEA_POLICY = EEA_POLICY_VERSIONS[-1]
#: The controller for EEA users named by every EEA version, and where TikTok takes requests.
CONTROLLER = "TikTok Technology Limited"
PRIVACY_FORM = "https://www.tiktok.com/legal/report/privacy"


def version_in_force(day: date) -> PolicyVersion | None:
    """The EEA version in force on ``day``; None before the first (29 July 2020)."""
    current = None
    for version in EEA_POLICY_VERSIONS:
        if version.effective <= day:
            current = version
    return current


def versions_in_force(first: date, last: date) -> tuple[PolicyVersion, ...]:
    """The EEA versions in force at some time from ``first`` to ``last`` (the child's first and last record)."""
    start = version_in_force(first)
    return tuple(v for v in EEA_POLICY_VERSIONS
                 if v.effective <= last and (start is None or v.effective >= start.effective))


@dataclass(frozen=True, slots=True)
class Wording:
    """What a source says. ``kind``: ``quote`` (the source's own words) or ``summary`` (ours).

    ``nl`` is TikTok's own Dutch when ``nl_by_tiktok``, otherwise our translation.
    """

    en: str
    nl: str
    kind: Literal["quote", "summary"]
    nl_by_tiktok: bool = False


Predicate = Callable[[Export], bool]


def _non_empty(section_id: str, field: str | None = None) -> Predicate:
    """The export holds at least one record of the section (with a non-empty ``field``)."""
    def held(export: Export) -> bool:
        records = export.sections.get(section_id)
        if records is None or not len(records):
            return False
        return field is None or any(v is not None and str(v).strip() not in NO_VALUE_STRINGS
                                    for v in records.column(field))
    return held


def _unrecognised_key(section_ids: Iterable[str], pattern: str) -> Predicate:
    """Some record of the sections carries a key no model knows whose name matches ``pattern``.

    No export seen holds these data; a future one would show them as unrecognised fields, which
    the reader keeps on the record, so this is where they would first appear.
    """
    wanted = re.compile(pattern, re.IGNORECASE)
    sections = tuple(section_ids)

    def held(export: Export) -> bool:
        for section_id in sections:
            records = export.sections.get(section_id)
            if records is None:
                continue
            for extra in records.column("unrecognised_fields"):
                if extra and any(wanted.search(str(key)) for key in extra):
                    return True
        return False
    return held


def _any(*predicates: Predicate) -> Predicate:
    return lambda export: any(p(export) for p in predicates)


@dataclass(frozen=True, slots=True)
class PolicyCategory:
    """One kind of data the policy says TikTok collects, and whether an export holds it."""

    id: str
    title_en: str
    title_nl: str
    wording: Wording
    source: PolicySource
    #: The first version of TikTok's EEA privacy policy known to state it; the later versions state it too.
    stated_since: PolicyVersion
    #: The GDPR Art. 15 provisions a request for it is made under, e.g. ``("15(1)(b)", "15(3)")``.
    articles: tuple[str, ...]
    #: Where an export would hold it, or why no export seen holds it (for the docs and the report).
    export_note: str
    held: Predicate


_COPY = ("15(1)(b)", "15(3)")
_DEVICE = ("device_status", "logins")

CATEGORIES: tuple[PolicyCategory, ...] = (
    PolicyCategory(
        id="inferred_age_range", title_en="The age range TikTok inferred",
        title_nl="De leeftijdscategorie die TikTok afleidde",
        wording=Wording(
            en="TikTok infers information about the account holder from how TikTok is used, such as the age "
               "range they belong to.",
            nl="TikTok leidt uit het gebruik van TikTok informatie over de accounthouder af, zoals de "
               "leeftijdscategorie waartoe die behoort.",
            kind="summary"),
        source=EEA_PRIVACY_POLICY, stated_since=EEA_2020, articles=_COPY,
        export_note="No section of any export seen holds an inferred age range.",
        held=_unrecognised_key(("profile", "ad_interests"), r"age.?range|gender")),
    PolicyCategory(
        id="inferred_gender", title_en="The gender TikTok inferred",
        title_nl="Het geslacht dat TikTok afleidde",
        wording=Wording(
            en="TikTok infers characteristics of the account holder, such as gender, from the information it "
               "has about them.",
            nl="Uit de gegevens die TikTok over de accounthouder heeft, leidt het kenmerken af, zoals het "
               "geslacht.",
            kind="summary"),
        source=EEA_PRIVACY_POLICY, stated_since=EEA_2020, articles=_COPY,
        export_note="Profile Info > ProfileMap > inferredGender: the key exists, its value was \"None\" in every "
                    "export seen.",
        held=_non_empty("profile", "inferred_gender")),
    PolicyCategory(
        id="inferred_interests", title_en="The interests TikTok inferred (used for advertising)",
        title_nl="De interesses die TikTok afleidde (gebruikt voor advertenties)",
        wording=Wording(
            en="TikTok infers what the account holder is interested in from how TikTok is used, and uses this "
               "for recommendations and, where allowed, for advertising.",
            nl="TikTok leidt uit het gebruik van TikTok af waarin de accounthouder geïnteresseerd is, en "
               "gebruikt dat voor aanbevelingen en, waar dat mag, voor advertenties.",
            kind="summary"),
        source=EEA_PRIVACY_POLICY, stated_since=EEA_2020, articles=_COPY,
        export_note="Ads and data > Ad Interests (AdInterestCategories): empty in every export seen.",
        held=_non_empty("ad_interests", "categories")),
    PolicyCategory(
        id="keystroke_patterns", title_en="Keystroke patterns or rhythms",
        title_nl="Toetsaanslagpatronen of -ritmes",
        wording=Wording(
            en="Among the technical information TikTok collects about the device used are keystroke patterns "
               "or rhythms.",
            nl="Tot de technische gegevens die TikTok over het gebruikte apparaat verzamelt, horen "
               "toetsaanslagpatronen of -ritmes.",
            kind="summary"),
        source=EEA_PRIVACY_POLICY, stated_since=EEA_2021, articles=_COPY,
        export_note="No section of any export seen holds keystroke data.",
        held=_unrecognised_key(_DEVICE, r"keystroke")),
    PolicyCategory(
        id="device_identifiers", title_en="Device model, system and identifiers",
        title_nl="Apparaatmodel, besturingssysteem en apparaat-ID's",
        wording=Wording(
            en="TikTok collects information about the device used: its model and operating system, network "
               "type, IP address, device identifiers and identifiers for advertising.",
            nl="TikTok verzamelt gegevens over het gebruikte apparaat: model en besturingssysteem, type "
               "netwerk, IP-adres, apparaat-ID's en advertentie-ID's.",
            kind="summary"),
        source=EEA_PRIVACY_POLICY, stated_since=EEA_2024, articles=_COPY,
        export_note="Status (device and advertising identifiers) and Login History (device model, system, network).",
        held=_any(_non_empty("device_status"), _non_empty("logins", "device_model"))),
    PolicyCategory(
        id="message_metadata", title_en="Metadata of messages (when received and read)",
        title_nl="Metagegevens van berichten (wanneer ontvangen en gelezen)",
        wording=Wording(
            en="TikTok collects the content a user creates and sends together with its metadata, such as when, "
               "where and by whom it was created or sent.",
            nl="TikTok verzamelt wat een gebruiker maakt en verstuurt, met de bijbehorende metagegevens: "
               "wanneer, waar en door wie het is gemaakt of verstuurd.",
            kind="summary"),
        source=EEA_PRIVACY_POLICY, stated_since=EEA_2020, articles=_COPY,
        export_note="Direct messages hold date, sender and text; no export seen holds when a message was "
                    "received or read, or where it was sent from.",
        held=_unrecognised_key(("direct_messages",), r"read|receiv|seen|deliver|location")),
    PolicyCategory(
        id="partner_data", title_en="Data received from advertisers and partners",
        title_nl="Gegevens ontvangen van adverteerders en partners",
        wording=Wording(
            en="TikTok receives information about the account holder from others, such as social media "
               "services and advertisers, including activity outside TikTok.",
            nl="TikTok ontvangt gegevens over de accounthouder van anderen, zoals sociale media en "
               "adverteerders, waaronder activiteit buiten TikTok.",
            kind="summary"),
        source=EEA_PRIVACY_POLICY, stated_since=EEA_2024, articles=("15(1)(b)", "15(1)(g)", "15(3)"),
        export_note="Off TikTok Activity (events advertisers reported, with sender and event).",
        held=_non_empty("off_tiktok_activity")),
)
CATEGORY_BY_ID = {c.id: c for c in CATEGORIES}


@dataclass(frozen=True, slots=True)
class AccessItem:
    """Information Art. 15 gives a right to that a data export never contains."""

    id: str
    #: The GDPR provisions, e.g. ``("15(1)(a)",)``.
    articles: tuple[str, ...]
    en: str
    nl: str


#: GDPR Art. 15(1)(a)-(h) and 15(2), the parts no "Download your data" file answers.
ACCESS_ITEMS: tuple[AccessItem, ...] = (
    AccessItem("purposes", ("15(1)(a)",),
               "the purposes for which each category of the child's data is processed, and the legal basis of "
               "each purpose",
               "de doelen waarvoor elke categorie gegevens van het kind wordt verwerkt, met de rechtsgrond van "
               "elk doel"),
    AccessItem("categories", ("15(1)(b)",),
               "a complete list of the categories of the child's personal data that TikTok processes",
               "een volledige lijst van de categorieën persoonsgegevens van het kind die TikTok verwerkt"),
    AccessItem("recipients", ("15(1)(c)",),
               "the recipients or categories of recipients to whom the child's data has been or will be "
               "disclosed, in particular recipients in third countries, naming those countries",
               "de ontvangers of categorieën ontvangers aan wie de gegevens van het kind zijn of worden "
               "verstrekt, in het bijzonder ontvangers in derde landen, met de naam van die landen"),
    AccessItem("retention", ("15(1)(d)",),
               "how long each category is kept, or the criteria that decide it",
               "hoe lang elke categorie wordt bewaard, of de criteria die dat bepalen"),
    AccessItem("source", ("15(1)(g)",),
               "where data TikTok did not collect from the child came from (advertisers, partners, other users)",
               "waar gegevens vandaan komen die TikTok niet bij het kind zelf verzamelde (adverteerders, "
               "partners, andere gebruikers)"),
    AccessItem("profiling", ("15(1)(h)",),
               "whether automated decisions, including profiling, are made about the child, with meaningful "
               "information about the logic involved and the significance and expected consequences, "
               "for recommendations, advertising and age assessment",
               "of er over het kind geautomatiseerde besluiten worden genomen, profilering inbegrepen, met "
               "nuttige informatie over de onderliggende logica en het belang en de verwachte gevolgen, voor "
               "aanbevelingen, advertenties en leeftijdsinschatting"),
    AccessItem("safeguards", ("15(2)",),
               "for every transfer of the child's data to a country outside the EEA, or access from such a "
               "country, the appropriate safeguards under Art. 46 GDPR",
               "voor elke doorgifte van gegevens van het kind naar een land buiten de EER, of toegang vanuit "
               "zo'n land, de passende waarborgen volgens art. 46 AVG"),
)

#: TikTok's own statement on storage and remote access (quoted in English; the Dutch is our summary).
TRANSFERS = Wording(
    en="We currently store European user data in the U.S. and Singapore. [...] we allow certain employees within "
       "our corporate group located in Brazil, Canada, China, Israel, Japan, Malaysia, Philippines, Singapore, "
       "South Korea, and the United States remote access to TikTok European user data.",
    nl="gegevens van Europese gebruikers worden opgeslagen in de Verenigde Staten en Singapore, en dat bepaalde "
       "medewerkers van het concern in Brazilië, Canada, China, Israël, Japan, Maleisië, de Filipijnen, "
       "Singapore, Zuid-Korea en de Verenigde Staten er op afstand toegang toe krijgen.",
    kind="quote")


@dataclass(frozen=True, slots=True)
class CategoryStatus:
    category: PolicyCategory
    held: bool


def policy_status(export: Export) -> tuple[CategoryStatus, ...]:
    """Every row of the table with whether this export holds it, in table order."""
    return tuple(CategoryStatus(category, category.held(export)) for category in CATEGORIES)


def missing_categories(export: Export) -> tuple[PolicyCategory, ...]:
    """The rows this export does not hold: what a follow-up request asks for."""
    return tuple(s.category for s in policy_status(export) if not s.held)


@dataclass(frozen=True, slots=True)
class CitedRow:
    """A row a letter asks for, with the EEA version, in force while the child used TikTok, that states it."""

    category: PolicyCategory
    version: PolicyVersion


def rows_to_ask(export: Export, first: date | None, last: date | None) -> tuple[CitedRow, ...]:
    """The rows this export lacks that an EEA version in force from ``first`` to ``last`` states.

    Each row cites the earliest such version. Without dated records the current version is the
    only one known to apply, so rows are cited from it.
    """
    if first is None or last is None:
        versions: tuple[PolicyVersion, ...] = (CURRENT_EEA_POLICY,)
    else:
        versions = versions_in_force(first, last)
    rows = []
    for category in missing_categories(export):
        stating = [v for v in versions if v.effective >= category.stated_since.effective]
        if stating:
            rows.append(CitedRow(category, stating[0]))
    return tuple(rows)
