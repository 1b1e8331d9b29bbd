"""The page's own Dutch and English texts, the parent's sentence for each refusal, and the language choice.

The page is not a report, so its texts live here rather than in the report's gettext catalogue:
one small table, every entry in both languages (a test holds that, and that the page uses each).
Placeholders in braces (``{percent}``) are filled in by the page's script.
"""

from __future__ import annotations

import re

from babel.numbers import format_decimal

from dsar_analyzer.report.i18n import LANGUAGES, Language

TEXTS: dict[str, tuple[str, str]] = {
    # key: (English, Dutch)
    "title": ("What did TikTok collect about my child?", "Wat heeft TikTok over mijn kind verzameld?"),
    "intro": ("Everything happens on this computer: your files are not sent anywhere, and this page loads "
              "nothing from the internet.",
              "Alles gebeurt op deze computer: uw bestanden worden nergens heen gestuurd en deze pagina laadt "
              "niets van internet."),
    "language": ("Language", "Taal"),
    "drop_title": ("Drop the file from TikTok here", "Sleep het bestand van TikTok hierheen"),
    "drop_hint": ("The ZIP file you downloaded from TikTok (\u201cDownload your data\u201d), or its folder if "
                  "you unzipped it: the files in one folder, or TXT and JSON files chosen together, are one "
                  "child\u2019s export. For several children, choose one ZIP file per child.",
                  "Het ZIP-bestand dat u bij TikTok hebt gedownload (\u2018Download je gegevens\u2019), of de map "
                  "als u het hebt uitgepakt: de bestanden in \u00e9\u00e9n map, of TXT- en JSON-bestanden die u "
                  "samen kiest, zijn de export van \u00e9\u00e9n kind. Voor meerdere kinderen: kies \u00e9\u00e9n "
                  "ZIP-bestand per kind."),
    "choose": ("Choose files", "Bestanden kiezen"),
    "choose_folder": ("Choose an unzipped folder", "Uitgepakte map kiezen"),
    "files_together": ("{count} files chosen together", "{count} bestanden samen gekozen"),
    "mode_legend": ("Which copy of the report", "Welke kopie van het rapport"),
    "mode_redacted": ("Redacted: to show others; messages, search terms and contact details hidden",
                      "Afgeschermde kopie: om aan anderen te laten zien; berichten, zoektermen en contactgegevens "
                      "verborgen"),
    "mode_full": ("Parent\u2019s full copy: everything, for yourself only",
                  "Volledige kopie voor de ouder: alles, alleen voor uzelf"),
    "mode_claim": ("Claim copy: for the claim organisation, with the case key they gave you",
                   "Claimkopie: voor de claimorganisatie, met de dossiersleutel die u van hen kreeg"),
    "case_key": ("Case key", "Dossiersleutel"),
    "use_key": ("Use this key", "Deze sleutel gebruiken"),
    "key_invalid": ("The case key holds a character that cannot be used; type it again or paste it from the "
                    "claim organisation\u2019s message.",
                    "De dossiersleutel bevat een teken dat niet kan worden gebruikt; typ hem opnieuw of plak hem uit "
                    "het bericht van de claimorganisatie."),
    "key_short": ("The case key must be at least 32 characters long.",
                  "De dossiersleutel moet minstens 32 tekens lang zijn."),
    "exports_title": ("Your files", "Uw bestanden"),
    "state_uploading": ("Step 1 of 4: handing the file to dsar-analyzer on this computer ({percent}%)",
                        "Stap 1 van 4: bestand wordt aan dsar-analyzer op deze computer gegeven ({percent}%)"),
    "state_queued": ("Step 1 of 4: waiting until the file before it has been handed over",
                     "Stap 1 van 4: wacht tot het bestand ervoor is doorgegeven"),
    "state_waiting": ("Waiting for its turn", "Wacht op zijn beurt"),
    "state_reading": ("Step 2 of 4: reading the export", "Stap 2 van 4: de export wordt gelezen"),
    "state_analysing": ("Step 3 of 4: counting what TikTok collected", "Stap 3 van 4: tellen wat TikTok verzamelde"),
    "state_rendering": ("Step 4 of 4: writing the report", "Stap 4 van 4: het rapport wordt geschreven"),
    "state_done": ("Ready", "Klaar"),
    "state_failed": ("Could not be read", "Kon niet worden gelezen"),
    "child": ("Child: {name}", "Kind: {name}"),
    "birth_label": ("Real birth date", "Echte geboortedatum"),
    "birth_declared": ("Birth date on the account: {text}", "Geboortedatum op het account: {text}"),
    "birth_none": ("The export holds no birth date.", "De export bevat geen geboortedatum."),
    "birth_hint": ("Filled in with the birth date on the account; change it if that is not the real one.",
                   "Ingevuld met de geboortedatum op het account; pas hem aan als die niet de echte is."),
    "birth_hint_none": ("Fill in the child\u2019s real birth date, so that the report can tell the child\u2019s "
                        "age at each record.",
                        "Vul de echte geboortedatum van het kind in, zodat het rapport de leeftijd van het kind bij "
                        "elke vermelding kan geven."),
    "birth_hint_given": ("The report uses the birth date you filled in.",
                         "Het rapport gebruikt de geboortedatum die u invulde."),
    "redone_birth_date": ("The report was written again with the new birth date.",
                          "Het rapport is opnieuw gemaakt met de nieuwe geboortedatum."),
    "redone_mode": ("The report was written again as the copy you chose.",
                    "Het rapport is opnieuw gemaakt als de kopie die u koos."),
    "redone_language": ("The report was written again in the language you chose.",
                        "Het rapport is opnieuw gemaakt in de taal die u koos."),
    "redone_case_key": ("The report was written again with the new case key.",
                        "Het rapport is opnieuw gemaakt met de nieuwe dossiersleutel."),
    "show": ("Show report", "Rapport tonen"),
    "remove": ("Remove", "Verwijderen"),
    "report_title": ("Report", "Rapport"),
    "family": ("Family overview", "Gezinsoverzicht"),
    "save_html": ("Save as HTML", "Opslaan als HTML"),
    "print": ("Print or save as PDF", "Afdrukken of opslaan als PDF"),
    "letters_title": ("Next step: letters to TikTok", "Volgende stap: brieven aan TikTok"),
    "letters_intro": ("Three letters you can send TikTok about this child, in your own name. Print the letter and "
                      "send it by post, or paste its plain text into TikTok\u2019s privacy request form.",
                      "Drie brieven die u in eigen naam over dit kind aan TikTok kunt sturen. Druk de brief af en "
                      "stuur hem per post, of plak de platte tekst in het privacyformulier van TikTok."),
    "letter_access": ("Access request", "Verzoek om inzage"),
    "letter_erasure": ("Erasure request", "Verzoek om wissing"),
    "letter_restriction": ("Restriction and objection", "Beperking en bezwaar"),
    "letter_show": ("Show the letter to print", "Brief tonen om af te drukken"),
    "letter_text": ("Plain text for TikTok\u2019s form", "Platte tekst voor het formulier van TikTok"),
    "letter_copy": ("Copy the text", "Tekst kopi\u00ebren"),
    "letter_save_text": ("Save as text", "Opslaan als tekst"),
    "erasure_confirm": ("I have kept the export: show the erasure letter",
                        "Ik heb de export bewaard: toon de brief om te wissen"),
    "stop": ("Stop dsar-analyzer", "dsar-analyzer stoppen"),
    "stopped": ("dsar-analyzer has stopped. You can close this tab.",
                "dsar-analyzer is gestopt. U kunt dit tabblad sluiten."),
    "details": ("Details for whoever helps you", "Details voor wie u helpt"),
    "diag_offer": ("You can save a description of this file\u2019s structure, with none of its contents, and "
                   "attach it to a bug report.",
                   "U kunt een beschrijving van de opbouw van dit bestand opslaan, zonder de inhoud, en die bij "
                   "een foutmelding voegen."),
    "diag_save": ("Save diagnostic file", "Diagnosebestand opslaan"),
    "err_NotAnExport": ("This is not the file TikTok sent you. Choose the ZIP file you downloaded from "
                        "TikTok\u2019s \u201cDownload your data\u201d page.",
                        "Dit is niet het bestand dat TikTok u stuurde. Kies het ZIP-bestand dat u via "
                        "\u2018Download je gegevens\u2019 bij TikTok hebt gedownload."),
    "err_CorruptInput": ("The download is incomplete or damaged. Download it again from TikTok and choose the "
                         "new file.",
                         "De download is onvolledig of beschadigd. Download hem opnieuw bij TikTok en kies het "
                         "nieuwe bestand."),
    "err_UnsafeInput": ("This file breaks a safety rule (for example a hidden link or a locked part), so it was "
                        "not opened. Download the export again from TikTok.",
                        "Dit bestand overtreedt een veiligheidsregel (bijvoorbeeld een verborgen koppeling of een "
                        "vergrendeld deel) en is daarom niet geopend. Download de export opnieuw bij TikTok."),
    "err_LimitExceeded": ("This file is larger than dsar-analyzer can safely open. Check that you chose the "
                          "export from TikTok and not another, larger file.",
                          "Dit bestand is groter dan dsar-analyzer veilig kan openen. Controleer of u de export "
                          "van TikTok koos en niet een ander, groter bestand."),
    "err_TooLarge": ("This file is larger than {limit}, the most this page accepts. Check that you chose the "
                     "export from TikTok.",
                     "Dit bestand is groter dan {limit}, het maximum voor deze pagina. Controleer of u de "
                     "export van TikTok koos."),
    "err_Internal": ("dsar-analyzer itself went wrong on this file. Please report it and attach the diagnostic "
                     "file.",
                     "Er ging iets mis in dsar-analyzer zelf bij dit bestand. Meld het alstublieft en voeg het "
                     "diagnosebestand toe."),
    "err_Gone": ("The file could not be handed over: dsar-analyzer has stopped or the page is out of date. "
                 "Start dsar-analyzer again.",
                 "Het bestand kon niet worden doorgegeven: dsar-analyzer is gestopt of de pagina is verouderd. "
                 "Start dsar-analyzer opnieuw."),
}

#: The refusals the page names in a parent's words (``err_<kind>`` above); anything else is ``Internal``.
REFUSALS = ("NotAnExport", "CorruptInput", "UnsafeInput", "LimitExceeded", "TooLarge", "Internal")

_WEIGHTED = re.compile(r"\s*([A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([01](?:\.\d{0,3})?))?\s*$")


def texts(language: Language) -> dict[str, str]:
    """Every text of the page in one language."""
    column = LANGUAGES.index(language)
    return {key: pair[column] for key, pair in TEXTS.items()}


def choose_language(asked: str | None, accept_language: str | None) -> Language:
    """``?lang=`` if it names a page language, else the browser's first choice we have, else English."""
    if asked in LANGUAGES:
        return asked
    best: tuple[float, int, Language] | None = None
    for position, part in enumerate((accept_language or "").split(",")[:32]):
        match = _WEIGHTED.match(part)
        if not match or match.group(1).lower() not in LANGUAGES:
            continue
        weight = float(match.group(2) or 1)
        candidate = (-weight, position, match.group(1).lower())
        if weight > 0 and (best is None or candidate < best):
            best = candidate  # type: ignore[assignment]
    return best[2] if best else "en"


def size_text(size: int, language: Language) -> str:
    """A byte count as a parent reads it: ``2 GB``, ``1,5 GB``, ``300 MB``."""
    if size >= 1024**3:
        return f"{format_decimal(round(size / 1024**3, 1), locale=language)} GB"
    return f"{format_decimal(round(size / 1024**2, 1), locale=language)} MB"
