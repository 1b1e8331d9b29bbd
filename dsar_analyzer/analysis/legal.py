"""The legal dates, periods and digital ages of consent the claim figures rely on, each with its source.

The GDPR and the Dutch implementing act (UAVG) apply from 25 May 2018 (``CLAIM_START``). GDPR Art. 8
sets a digital age of consent of 16 where consent is the legal basis of an information society service
offered directly to a child; member states may lower it, not below 13 (``CONSENT_AGES``, per country
with the date from which it applies). The class of the Dutch collective action and the controller
change are dated facts (``FACTS``); regulators named three periods (``WINDOWS``). Every row
names its act in ``law`` and its public source in ``source``; dates not confirmed in a source say so
(``date_verified``, ``note``). docs/legal-sources.md lists every fact with its link.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType

from pydantic import BaseModel, ConfigDict

#: The GDPR and the UAVG apply from this day (GDPR Art. 99(2)); the class starts on it too.
CLAIM_START = date(2018, 5, 25)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Sourced(_Frozen):
    """What a dated fact, statement or period says, its source, and whether it was read in that source
    (``verified`` False says it was not, and ``note`` why)."""

    description: str
    source: str
    verified: bool = True
    note: str = ""


# -- sources ---------------------------------------------------------------------------------------

#: Public links the rows below cite (docs/legal-sources.md lists every fact with its link). Primary
#: sources: the regulators' own decisions and press releases, the courts' judgments, the law texts
#: and TikTok's own newsroom and policy pages.
GDPR_TEXT = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"
UAVG_TEXT = "https://wetten.overheid.nl/BWBR0040940/"
EEA_GDPR = ("https://web.archive.org/web/20181001030953/http:/www.efta.int/EEA/news/"
            "General-Data-Protection-Regulation-GDPR-entered-force-EEA-509576")
#: Rb. Amsterdam 10 January 2024: the three foundations admissible, Stichting Take Back Your Privacy
#: exclusive representative of minors; the class limited to accounts created 25 May 2018 - 9 November 2022.
RBAMS_2024_83 = "https://deeplink.rechtspraak.nl/uitspraak?id=ECLI:NL:RBAMS:2024:83"
#: Gerechtshof Amsterdam 7 October 2025: GDPR-based claims stayed pending questions to the CJEU; the rest proceeds.
GHAMS_2025_2666 = "https://deeplink.rechtspraak.nl/uitspraak?id=ECLI:NL:GHAMS:2025:2666"
AP_DECISION = "https://www.autoriteitpersoonsgegevens.nl/actueel/boete-voor-tiktok-vanwege-schenden-privacy-kinderen"
DPC_2023 = "https://www.dataprotection.ie/en/news-media/press-releases/DPC-announces-345-million-euro-fine-of-TikTok"
EDPB_BD_2_2023 = ("https://www.edpb.europa.eu/our-work-tools/our-documents/binding-decision-board-art-65/"
                  "binding-decision-22023-dispute-submitted_en")
DPC_2025 = ("https://www.dataprotection.ie/en/news-media/latest-news/irish-data-protection-commission-fines-tiktok-"
            "eu530-million-and-orders-corrective-measures-following")
#: TikTok's announcement that TikTok Technology Limited (Ireland) takes over from TikTok Inc. on 29 July 2020.
TIKTOK_CONTROLLER_2020 = ("https://newsroom.tiktok.com/en-gb/updates-we-are-making-to-our-terms-of-service-and-"
                          "privacy-policy")
#: TikTok's own disclosure (2 November 2022): EEA data stored in the US and Singapore, remote access from China.
TIKTOK_CHINA_ACCESS = "https://newsroom.tiktok.com/en-eu/sharing-an-update-to-our-privacy-policy"
#: TikTok's privacy policy for the EEA (the version in force; it names where data is stored).
TIKTOK_EEA_POLICY = "https://www.tiktok.com/legal/page/eea/privacy-policy/en"
#: TikTok's European Data Security site, 8 March 2023: Project Clover, European data stored in Europe by default.
TIKTOK_CLOVER_2023 = ("https://www.tiktokeds.com/setting-a-new-standard-in-european-data-security-with-"
                      "project-clover/")
#: The same site, "Project Clover one year on" (undated; about a year after 8 March 2023): the first Irish data
#: centre online, the European enclave hosted in the interim in the United States.
TIKTOK_CLOVER_YEAR_ON = "https://www.tiktokeds.com/project-clover-one-year-on/"
#: The same site's "Myth vs Facts" answer (undated): user data stored in the US, Singapore and Malaysia, not China.
TIKTOK_STORAGE_MYTHS = ("https://www.tiktokeds.com/tiktok-stores-european-user-data-in-china-where-multiple-"
                        "chinese-nationals-including-possible-members-of-the-ccp-have-access-to-it/")

#: National acts that set a digital age of consent, on the official legislation portals. Where the
#: act's text could not be read in a stored copy, the row citing it keeps ``date_verified=False``
#: and its note says what was and was not read.
CY_LAW_125_2018_S8 = ("http://www.cylaw.org/nomoi/enop/ind/2018_1_125/"
                      "section-sc37ee18bb-ce6a-46ae-9441-b2ce6c435b56.html")
FR_LOI_2018_493 = "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000037085952"
#: The Greek National Printing Office, publisher of the Government Gazette (Law 4624/2019: FEK A 137/2019).
GR_GAZETTE = "https://www.et.gr/"
LV_PDPL = "https://likumi.lv/ta/en/en/id/300099-personal-data-processing-law"
MT_SL_586_11 = "https://legislation.mt/eli/sl/586.11/eng/pdf"
#: Lei 58/2019 by its European Legislation Identifier in the Diário da República.
PT_LEI_58_2019 = "https://data.dre.pt/eli/lei/58/2019/08/08"
UK_DPA_2018_S9 = "https://www.legislation.gov.uk/ukpga/2018/12/section/9"
UK_GDPR_ART_8 = "https://www.legislation.gov.uk/eur/2016/679/article/8"
BE_LAW_2018_07_30 = "https://www.ejustice.just.fgov.be/eli/loi/2018/07/30/2018040581/justel"
#: The Estonian Data Protection Inspectorate's own announcement of the act (12 December 2018).
EE_AKI_2018 = ("https://www.aki.ee/et/uudised/uus-isikuandmete-kaitse-seadus-alandab-vanuse-alammaara-"
               "infouhiskonna-teenuste-saamisel")
FI_LAW_1050_2018 = "https://www.finlex.fi/fi/laki/ajantasa/2018/20181050"
IT_DLGS_101_2018 = "https://www.gazzettaufficiale.it/eli/id/2018/09/04/18G00129/sg"
#: The Bulgarian Commission for Personal Data Protection's English text of the act.
BG_PDPA = "https://www.cpdp.bg/en/index.php?p=element&aid=1194"
CZ_ACT_110_2019 = "https://www.e-sbirka.cz/sb/2019/110"
LT_LAW_PERSONAL_DATA = "https://www.e-tar.lt/portal/lt/legalActEditions/TAR.5368B592234C"
SI_ZVOP_2 = "https://pisrs.si/pregledPredpisa?id=ZAKO7959"
AT_DSG = "https://www.ris.bka.gv.at/GeltendeFassung.wxe?Abfrage=Bundesnormen&Gesetzesnummer=10001597"
DK_ACT_502_2018 = "https://www.retsinformation.dk/eli/lta/2018/502"
#: Danish bill L 79 (2023-24) as introduced on 14 November 2023: 13 becomes 15 in §6(2)-(3) from 1 January 2024.
DK_BILL_L79_2023 = "https://ft.dk/samling/20231/lovforslag/l79/20231_l79_som_fremsat.htm"
#: The Irish Minister for Justice's written answer in the Dáil of 5 July 2018 on s.31 of the 2018 Act.
IE_DAIL_2018_07_05 = "https://www.oireachtas.ie/en/debates/question/2018-07-05/19/"
#: The Riksdag committee report 2017/18:KU23 on the Swedish Data Protection Act (2018:218).
SE_RIKSDAG_KU23 = "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/betankande/ny-dataskyddslag_H501KU23/"

#: Short titles a report shows instead of a long link (the link follows in the sources list).
SOURCE_TITLES: Mapping[str, str] = MappingProxyType({
    GDPR_TEXT: "GDPR (EUR-Lex)",
    UAVG_TEXT: "UAVG (wetten.overheid.nl)",
    EEA_GDPR: "EFTA: GDPR in the EEA",
    RBAMS_2024_83: "ECLI:NL:RBAMS:2024:83",
    GHAMS_2025_2666: "ECLI:NL:GHAMS:2025:2666",
    AP_DECISION: "AP, 22 July 2021",
    DPC_2023: "DPC, 15 September 2023",
    EDPB_BD_2_2023: "EDPB Binding Decision 2/2023",
    DPC_2025: "DPC, 2 May 2025",
    TIKTOK_CONTROLLER_2020: "TikTok newsroom, June 2020",
    TIKTOK_CHINA_ACCESS: "TikTok newsroom, 2 November 2022",
    TIKTOK_EEA_POLICY: "TikTok privacy policy (EEA)",
    TIKTOK_CLOVER_2023: "TikTok European Data Security, 8 March 2023",
    TIKTOK_CLOVER_YEAR_ON: "TikTok European Data Security, Project Clover one year on",
    TIKTOK_STORAGE_MYTHS: "TikTok European Data Security, Myth vs Facts",
    CY_LAW_125_2018_S8: "Cyprus Law 125(I)/2018 s.8 (cylaw.org)",
    FR_LOI_2018_493: "Loi n° 2018-493 (Légifrance)",
    GR_GAZETTE: "Greek Government Gazette (et.gr)",
    LV_PDPL: "Latvian Personal Data Processing Law (likumi.lv)",
    MT_SL_586_11: "Malta S.L. 586.11 (legislation.mt)",
    PT_LEI_58_2019: "Lei n.º 58/2019 (Diário da República)",
    UK_DPA_2018_S9: "Data Protection Act 2018 s.9 (legislation.gov.uk)",
    UK_GDPR_ART_8: "UK GDPR Art. 8 (legislation.gov.uk)",
    BE_LAW_2018_07_30: "Belgian Act of 30 July 2018 (Justel)",
    EE_AKI_2018: "Estonian Data Protection Inspectorate, 12 December 2018",
    FI_LAW_1050_2018: "Finnish Data Protection Act 1050/2018 (Finlex)",
    IT_DLGS_101_2018: "D.lgs. 101/2018 (Gazzetta Ufficiale)",
    BG_PDPA: "Bulgarian Personal Data Protection Act (CPDP)",
    CZ_ACT_110_2019: "Czech Act 110/2019 Coll. (e-Sbírka)",
    LT_LAW_PERSONAL_DATA: "Lithuanian Law on the Legal Protection of Personal Data (TAR)",
    SI_ZVOP_2: "ZVOP-2 (PISRS)",
    AT_DSG: "Austrian DSG (RIS)",
    DK_ACT_502_2018: "Danish Data Protection Act (Retsinformation)",
    DK_BILL_L79_2023: "Danish bill L 79, 2023-24 (Folketinget)",
    IE_DAIL_2018_07_05: "Dáil written answer, 5 July 2018",
    SE_RIKSDAG_KU23: "Riksdag committee report 2017/18:KU23",
})


def source_title(url: str) -> str:
    """The short title of a source; its host when it has none."""
    return SOURCE_TITLES.get(url) or url.split("//", 1)[-1].split("/", 1)[0]


# -- the class of the Dutch collective action -----------------------------------------------------

class Fact(_Sourced):
    """One dated fact the report states, with its primary source and whether the day is verified."""

    name: str
    day: date


#: The class the Amsterdam district court admitted (ECLI:NL:RBAMS:2024:83, 10 January 2024): Dutch
#: children who created a TikTok account from this day ...
CLASS_START = Fact(
    name="class_start", day=date(2018, 5, 25), source=RBAMS_2024_83,
    description="First day of the class: Dutch children who created a TikTok account between 25 May 2018 and "
                "9 November 2022 (Rb. Amsterdam 10 January 2024, ECLI:NL:RBAMS:2024:83, which made Stichting Take "
                "Back Your Privacy the exclusive representative of minors).")
#: ... up to and including this day (the day of the jurisdiction judgment, ECLI:NL:RBAMS:2022:6488).
CLASS_END = Fact(
    name="class_end", day=date(2022, 11, 9), source=RBAMS_2024_83,
    description="Last day of the class: accounts created up to and including 9 November 2022.")
#: The appeal: GDPR-based claims stayed pending questions to the Court of Justice; other grounds proceed.
APPEAL_2025 = Fact(
    name="appeal_2025", day=date(2025, 10, 7), source=GHAMS_2025_2666,
    description="The Amsterdam Court of Appeal (ECLI:NL:GHAMS:2025:2666) stayed the GDPR-based claims pending "
                "questions to the Court of Justice of the EU and let the claims on other grounds proceed.")
#: TikTok Technology Limited (Ireland) became controller for EEA users on this day (TikTok Inc. before it).
CONTROLLER_CHANGE = Fact(
    name="controller_change", day=date(2020, 7, 29), source=TIKTOK_CONTROLLER_2020,
    description="From 29 July 2020 TikTok Technology Limited (Ireland) took over from TikTok Inc. (United States) as "
                "the provider and controller for users in the EEA; from then on the Irish DPC is the lead "
                "supervisory authority. Before it the Dutch AP could act (25 May 2018 to 28 July 2020).")
#: musical.ly became TikTok on this day; the action names musical.ly users too.
MUSICALLY_MERGE = Fact(
    name="musically_merge", day=date(2018, 8, 2), source="", verified=False,
    description="musical.ly accounts became TikTok accounts on 2 August 2018.",
    note="The day is widely reported but not read in a stored primary source: unverified.")
#: Facts counted in the class-membership part, by name.
FACTS: tuple[Fact, ...] = (CLASS_START, CLASS_END, APPEAL_2025, CONTROLLER_CHANGE, MUSICALLY_MERGE)


# -- where TikTok says it stores the data of EEA users ---------------------------------------------

class Statement(_Sourced):
    """What TikTok or a regulator said about where EEA users' data is stored, with its source.

    ``said_on`` is the day of the statement (None for an undated page); ``verified`` is False where the
    fact (or its day) could not be read in a stored primary source, and ``note`` says why.
    """

    name: str
    said_on: date | None


STORAGE_2022 = Statement(
    name="storage_us_singapore_2022", said_on=date(2022, 11, 2), source=TIKTOK_CHINA_ACCESS,
    description="TikTok stored European user data in the United States and Singapore and allowed certain employees "
                "of its group in Brazil, Canada, China, Israel, Japan, Malaysia, the Philippines, Singapore, South "
                "Korea and the United States remote access to it (update to the EEA privacy policy, in force from "
                "2 December 2022).")
CLOVER_2023 = Statement(
    name="project_clover_2023", said_on=date(2023, 3, 8), source=TIKTOK_CLOVER_2023,
    description="TikTok announced Project Clover: European user data to be stored in Europe by default, in data "
                "centres in Ireland and Norway, with transfers outside Europe limited.")
CLOVER_YEAR_ON = Statement(
    name="project_clover_year_on", said_on=None, source=TIKTOK_CLOVER_YEAR_ON, verified=False,
    description="TikTok's first Irish data centre was online and European user data was being moved into it; until "
                "the European data centres were ready, the European data enclave was hosted in the United States.",
    note="The page is undated (it says about a year after the announcement of 8 March 2023): the day is unverified.")
STORAGE_US_SG_MY = Statement(
    name="storage_us_singapore_malaysia", said_on=None, source=TIKTOK_STORAGE_MYTHS, verified=False,
    description="TikTok says its user data is stored in the United States, Singapore and Malaysia, not in China.",
    note="An undated page of TikTok's European Data Security site: which period it describes is unverified.")
CHINA_SERVERS_2025 = Statement(
    name="china_servers_2025", said_on=date(2025, 5, 2), source=DPC_2025,
    description="In April 2025 TikTok told the DPC that a limited amount of EEA user data had been stored on servers "
                "in China, contrary to what it had said during the inquiry (the DPC's announcement of 2 May 2025).")
EEA_POLICY_STORAGE = Statement(
    name="eea_policy_storage_countries", said_on=None, source=TIKTOK_EEA_POLICY, verified=False,
    description="The countries where each version of TikTok's EEA privacy policy since 2023 says data is stored.",
    note="No stored copy of the EEA policy versions since 2023 was read: the countries each version names are "
         "unverified; check the version in force during the period.")
#: What is known about storage of EEA users' data, oldest first (the report's "data abroad" part).
STORAGE: tuple[Statement, ...] = (STORAGE_2022, CLOVER_2023, CLOVER_YEAR_ON, STORAGE_US_SG_MY, CHINA_SERVERS_2025,
                                  EEA_POLICY_STORAGE)


# -- windows -------------------------------------------------------------------------------------

class Window(_Sourced):
    """A named period, both ends inclusive, read on records' UTC calendar dates, with its source."""

    name: str
    start: date
    end: date
    source: str = ""

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


AP_ENGLISH_ONLY = Window(
    name="ap_english_only_privacy_policy", start=date(2018, 5, 25), end=date(2020, 7, 28),
    description="The period in which the Dutch DPA (Autoriteit Persoonsgegevens, decision published 22 July 2021, "
                "EUR 750,000) found that TikTok Inc., then the controller, offered Dutch users, children included, "
                "a privacy policy only in English (GDPR Art. 12(1)). It ends the day before TikTok Technology "
                "Limited (Ireland) became controller.",
    source=AP_DECISION)
DPC_CHILDREN_INQUIRY = Window(
    name="dpc_children_inquiry", start=date(2020, 7, 31), end=date(2020, 12, 31),
    description="The period covered by the Irish DPC's inquiry into TikTok's processing of children's data (final "
                "decision 1 September 2023, EUR 345 million): users under 18, and the risks to children under 13 "
                "on the platform, as the EDPB's Binding Decision 2/2023 also addressed. 31 July 2020 is the "
                "inquiry's first day, not the day the controller changed (29 July 2020).",
    source=DPC_2023)
DPC_TRANSFER_TRANSPARENCY = Window(
    name="dpc_transfer_transparency", start=date(2020, 7, 29), end=date(2022, 12, 1),
    description="The period in which, by the Irish DPC's decision (adopted 30 April 2025, announced 2 May 2025; "
                "EUR 45 million under GDPR Art. 13(1)(f)), TikTok did not tell EEA users that their data was "
                "transferred to China by remote access; EUR 485 million more for the transfers themselves "
                "(GDPR Art. 46(1)).",
    source=DPC_2025)
#: Windows counted in ``AgeFigures.in_windows``, keyed by ``Window.name``.
WINDOWS: tuple[Window, ...] = (AP_ENGLISH_ONLY, DPC_CHILDREN_INQUIRY, DPC_TRANSFER_TRANSPARENCY)


# -- digital age of consent ---------------------------------------------------------------------

class ConsentAge(_Frozen):
    """One row of the country table: from ``valid_from`` the digital age of consent is ``age``.

    ``law`` names the act, ``source`` the public link for the age and the date, ``date_verified``
    says whether ``valid_from`` was read in that source (``note`` says what was read, or that it was
    not); ``unverified`` is what a report marks.
    """

    country: str  # ISO 3166-1 alpha-2
    country_name: str
    age: int
    valid_from: date
    law: str
    note: str = ""
    source: str = GDPR_TEXT
    date_verified: bool = True

    @property
    def unverified(self) -> bool:
        """Whether the row's day or age rests on anything not read in its source: the report marks it."""
        note = self.note.lower()
        return not self.date_verified or "inferred" in note or "unverified" in note


_GDPR = "GDPR Art. 8"
#: A country that kept the GDPR's own 16: the age is read in the GDPR; that no national act changed it
#: is a negative no national text read here shows, so the row is marked.
_NO_DEROGATION = ("16 is the GDPR's own age (Art. 8(1), read on EUR-Lex); that no national act set another "
                  "age was not read in a national source here: unverified.")
_DEFAULT = "GDPR Art. 8(1) default of 16 until the national act applied"
_EEA = ("EEA: the GDPR applies from 20 July 2018, when the EEA Joint Committee decision incorporating it "
        "entered into force.")


def _row(country: str, name: str, age: int, law: str, note: str = "", valid_from: date = CLAIM_START,
         source: str = GDPR_TEXT, verified: bool = True) -> ConsentAge:
    return ConsentAge(country=country, country_name=name, age=age, valid_from=valid_from, law=law, note=note,
                      source=source, date_verified=verified)


def _late(country: str, name: str, age: int, law: str, valid_from: date, note: str,
          source: str, verified: bool = False) -> tuple[ConsentAge, ConsentAge]:
    """A country whose act came after 25 May 2018: the GDPR default of 16 first, then the national age."""
    return (_row(country, name, 16, _DEFAULT, "Before the national act, the GDPR default applied.",
                 source=GDPR_TEXT),
            _row(country, name, age, law, note, valid_from, source, verified))


#: Digital age of consent per country (EU27, EEA, UK), rows per country ordered by ``valid_from``.
#: Each row cites the national act on its official portal (or the parliament's or regulator's record of
#: it) and its note says what of it was read; the rows that kept the GDPR's own 16 cite the GDPR and are
#: marked, since that no national act changed the age was not read in a national source. A country's first row starts the
#: day the GDPR applied there (25 May 2018; 20 July 2018 in Iceland, Liechtenstein and Norway).
CONSENT_AGES: tuple[ConsentAge, ...] = (
    _row("AT", "Austria", 14, f"DSG §4(4) / {_GDPR}",
         "The act on RIS was not read here: the age and its day (25 May 2018) are unverified.",
         source=AT_DSG, verified=False),
    *_late("BE", "Belgium", 13, f"Act of 30 July 2018 art. 7 / {_GDPR}", date(2018, 9, 5),
           "Art. 7 read in the act's text on the federal nuclear control agency's legal database "
           "(jurion.fanc.fgov.be): 13, and under 13 the legal representative consents. Its publication in the "
           "Belgian State Gazette and entry into force on 5 September 2018 were not read in the official text: "
           "the day is unverified.",
           source=BE_LAW_2018_07_30),
    *_late("BG", "Bulgaria", 14, f"Personal Data Protection Act (2019 amendment, SG 17/2019) / {_GDPR}",
           date(2019, 3, 2),
           "The act's text (the data protection commission's English version) was not read here: the age and "
           "the day the amending law came into force (2 March 2019) are unverified.",
           source=BG_PDPA),
    _row("HR", "Croatia", 16, _GDPR, _NO_DEROGATION),
    *_late("CY", "Cyprus", 14, f"Law 125(I)/2018 s.8 / {_GDPR}", date(2018, 7, 31),
           "Age read in s.8 of the law on cylaw.org: 14, and under 14 the holder of parental responsibility gives "
           "or authorises consent. The applies-from day (the law's publication in the Official Gazette, 31 July "
           "2018) was not read in a stored primary source: unverified.",
           source=CY_LAW_125_2018_S8),
    *_late("CZ", "Czech Republic", 15, f"Act 110/2019 Coll. on personal data processing, s.7 / {_GDPR}",
           date(2019, 4, 24),
           "The act's text in the Collection of Laws (e-Sbírka) was not read here: the age and the day it took "
           "effect (24 April 2019) are unverified.",
           source=CZ_ACT_110_2019),
    _row("DK", "Denmark", 13, f"Danish Data Protection Act (Act No. 502 of 23 May 2018) §6(2)-(3) / {_GDPR}",
         "13 read in bill L 79 (2023-24) on ft.dk, which amends the act's §6(2) and (3) from 13 to 15 from 1 "
         "January 2024, for consent given from that day only. The act and the bill's adoption were not read "
         "here, so the table keeps 13 after 2023, a lower bound where consent was given in 2024 or later: "
         "unverified.",
         source=DK_ACT_502_2018, verified=False),
    *_late("EE", "Estonia", 13, f"Personal Data Protection Act (2018) § 8(1) / {_GDPR}", date(2019, 1, 15),
           "Read in the Data Protection Inspectorate's announcement of 12 December 2018: the Riigikogu adopted "
           "the act that day, and from 15 January 2019 a child of at least 13 consents alone.",
           source=EE_AKI_2018, verified=True),
    *_late("FI", "Finland", 13, f"Data Protection Act 1050/2018 / {_GDPR}", date(2019, 1, 1),
           "The act's text on Finlex was not read here: the age and the day it came into force (1 January 2019) "
           "are unverified.",
           source=FI_LAW_1050_2018),
    *_late("FR", "France", 15, f"Loi 78-17 Informatique et Libertés art. 45 (art. 7-1 before the 2019 "
           f"renumbering), as amended by Loi 2018-493 / {_GDPR}", date(2018, 6, 22),
           "Under 15, the child and the holder of parental responsibility consent jointly. The text of Loi "
           "2018-493 on Légifrance was not read here; the day is inferred (Loi 2018-493 of 20 June 2018, "
           "published in the Journal officiel of 21 June 2018, in force the next day) and unverified.",
           source=FR_LOI_2018_493),
    _row("DE", "Germany", 16, _GDPR, _NO_DEROGATION),
    *_late("GR", "Greece", 15, f"Law 4624/2019 art. 21 / {_GDPR}", date(2019, 8, 29),
           "Published in Government Gazette (FEK) A 137 of 29 August 2019, as a copy of that issue shows. Neither "
           "art. 21 (15; below it the legal representative consents) nor the law's in-force article was read in "
           "the official text (art. 21 was read in the ministry's consultation draft only): age and day "
           "unverified.",
           source=GR_GAZETTE),
    _row("HU", "Hungary", 16, _GDPR, _NO_DEROGATION),
    _row("IE", "Ireland", 16, f"Data Protection Act 2018 s.31 / {_GDPR}",
         "Read in the Minister for Justice's Dáil answer of 5 July 2018: s.31(1) of the 2018 Act sets 16 (the "
         "government had proposed 13). 16 is also the GDPR's own age, so it held from 25 May 2018 either way.",
         source=IE_DAIL_2018_07_05),
    *_late("IT", "Italy", 14, f"Codice privacy art. 2-quinquies, as amended by D.lgs. 101/2018 / {_GDPR}",
           date(2018, 9, 19),
           "D.lgs. 101/2018 was published in the Gazzetta Ufficiale of 4 September 2018 and came into force on 19 "
           "September 2018; its text there was not read here: age and day unverified.",
           source=IT_DLGS_101_2018),
    *_late("LV", "Latvia", 13, f"Personal Data Processing Law / {_GDPR}", date(2018, 7, 5),
           "The law's English text on likumi.lv (State Language Centre) was found, but neither its section on a "
           "child's consent nor its in-force day was read here: age 13 and 5 July 2018 unverified.",
           source=LV_PDPL),
    *_late("LT", "Lithuania", 14, f"Law on the Legal Protection of Personal Data (2018 amendment) / {_GDPR}",
           date(2018, 7, 16),
           "The law's text in the Register of Legal Acts (TAR) was not read here: the age and the day the 2018 "
           "amendment took effect (16 July 2018) are unverified.",
           source=LT_LAW_PERSONAL_DATA),
    _row("LU", "Luxembourg", 16, _GDPR, _NO_DEROGATION),
    _row("MT", "Malta", 13, f"Data Protection Act (Cap. 586); S.L. 586.11 reg. 4 / {_GDPR}",
         "S.L. 586.11 (the regulations on a child's consent to information society services) sets 13; its text "
         "on legislation.mt was not read here, and a secondary table gives 1 June 2018, not 25 May 2018, as the "
         "day the regulations came into force: age and applies-from date unverified.",
         source=MT_SL_586_11, verified=False),
    _row("NL", "Netherlands", 16, f"UAVG art. 5 / {_GDPR}",
         "Under 16, the consent of the legal representative (parent or guardian) is required. 16 throughout "
         "the claim period.", source=UAVG_TEXT),
    _row("PL", "Poland", 16, _GDPR, _NO_DEROGATION),
    *_late("PT", "Portugal", 13, f"Lei 58/2019 art. 16 / {_GDPR}", date(2019, 8, 9),
           "Published in the Diário da República, 1st series, no. 151 of 8 August 2019 (copies of that issue "
           "show it); art. 16 and the in-force day (9 August 2019, the day after publication, per secondary "
           "sources) were not read in the official text: unverified.",
           source=PT_LEI_58_2019),
    _row("RO", "Romania", 16, _GDPR, _NO_DEROGATION),
    _row("SK", "Slovakia", 16, _GDPR, _NO_DEROGATION),
    _row("SI", "Slovenia", 16, f"{_GDPR} default",
         "Slovenia had no implementing act before ZVOP-2, so the GDPR default of 16 applied (inferred).",
         source=GDPR_TEXT),
    _row("SI", "Slovenia", 15, f"ZVOP-2 / {_GDPR}",
         "ZVOP-2's text on PISRS was not read here: the age and the day it came into force (26 January 2023) "
         "are unverified.",
         valid_from=date(2023, 1, 26), source=SI_ZVOP_2, verified=False),
    *_late("ES", "Spain", 14, f"LOPDGDD (Ley Orgánica 3/2018) art. 7 / {_GDPR}", date(2018, 12, 7),
           "In force 7 December 2018 (BOE). Contested: RD 1720/2007 art. 13 already set 14 before.",
           source="https://www.boe.es/eli/es/lo/2018/12/05/3/con", verified=True),
    _row("SE", "Sweden", 13, f"Data Protection Act (2018:218) / {_GDPR}",
         "The Riksdag's report 2017/18:KU23 (read) shows the act adopted and applying from 25 May 2018; 13 was "
         "read only in the government's proposal, not in the act's text: the age is unverified.",
         source=SE_RIKSDAG_KU23),
    _row("IS", "Iceland", 13, f"Act 90/2018 / {_GDPR}",
         _EEA + " Age inferred: not confirmed in a stored source.", valid_from=date(2018, 7, 20), source=EEA_GDPR),
    _row("LI", "Liechtenstein", 16, _GDPR, _EEA + " No national derogation.", valid_from=date(2018, 7, 20),
         source=EEA_GDPR),
    _row("NO", "Norway", 13, f"Personopplysningsloven § 5 / {_GDPR}",
         _EEA + " Age as stated by Datatilsynet; a 2025 government consultation proposed 15 (a proposal only).",
         valid_from=date(2018, 7, 20), source=EEA_GDPR),
    _row("GB", "United Kingdom", 13, "DPA 2018 s.9 / GDPR Art. 8",
         "s.9 reads 13 for 16 in GDPR Art. 8(1); neither its text nor its commencement on 25 May 2018 was read "
         "in a stored copy of legislation.gov.uk: unverified.",
         source=UK_DPA_2018_S9, verified=False),
    _row("GB", "United Kingdom", 13, "UK GDPR Art. 8(1)",
         "From the end of the Brexit transition period (31 December 2020) the retained UK GDPR applies, with the "
         "age s.9 set; not read in a stored copy, so the applies-from date is unverified. The Children's "
         "Wellbeing and Schools Act 2026 s.72 (read on legislation.gov.uk) lets the Secretary of State change "
         "the age by regulations, within 13 to 16.",
         valid_from=date(2021, 1, 1), source=UK_GDPR_ART_8, verified=False),
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


def gdpr_applies_from(country: str) -> date:
    """The day the GDPR (and so Art. 8) began to apply in ``country``: its first row's ``valid_from``."""
    return consent_rules(country)[0].valid_from


def consent_age(country: str, on: date) -> int:
    """The digital age of consent of ``country`` on day ``on``.

    Before a country's first row (before the GDPR applied there) the first row's age is returned;
    the headline figures leave such records out (see ``gdpr_applies_from``). Unknown country: ValueError.
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
        if row.unverified:
            part += " (partly unverified)"
        parts.append(part)
    return f"{rules[0].country_name}: " + "; ".join(parts)
