"""The evidence appendix of a report: hashes, the full ledger, versions and the settings used."""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import orjson
from markupsafe import Markup

from dsar_analyzer import __version__
from dsar_analyzer.analysis.custody import Custody
from dsar_analyzer.records.export import Export
from dsar_analyzer.report.evidence_text import generation_evidence
from dsar_analyzer.report.i18n import Formatter
from dsar_analyzer.report.labels import N_
from dsar_analyzer.report.labels import field_label, section_title, status_label
from dsar_analyzer.report.visible import visible

#: Libraries whose versions can change what a report says or how it looks.
DEPENDENCIES = ("pydantic", "pydantic-core", "orjson", "pandas", "numpy", "jinja2", "babel", "iptocc",
                "tzdata")


def dependency_versions() -> list[tuple[str, str]]:
    return list(_installed_versions())


@cache
def _installed_versions() -> tuple[tuple[str, str], ...]:
    # Read once per process: each lookup parses a package's metadata file (about 20 ms a report,
    # a fifth of a small export's time in a batch worker), and installed versions do not change
    # while the process runs.
    rows = [("dsar-analyzer", __version__)]
    for name in DEPENDENCIES:
        try:
            rows.append((name, version(name)))
        except PackageNotFoundError:
            continue
    return tuple(rows)


def appendix_context(export: Export, fmt: Formatter, method: list[tuple[str, str]]) -> dict[str, Any]:
    """Plain data for the appendix template: every member, ledger entry, invalid item and note."""
    _ = fmt.gettext
    ledger = export.ledger
    totals = ledger.totals()
    invalid_count = sum(i.count for i in ledger.invalid_items)
    return {
        "archive": [
            (_("File given"), _code(export.input.name)),
            (_("Kind"), {"zip": _("ZIP archive"), "folder": _("folder"), "file": _("single file")}[export.input.kind]),
            (_("Size"), f"{fmt.number(export.input.size)} {_('bytes')}"),
            ("SHA-256", _code(export.input.sha256)),
            (_("Format"), export.format.upper()),
            (_("Generation"), Markup("<code>{}</code>").format(export.generation)),
            (_("Why this generation"), generation_evidence(export.generation_evidence, fmt)),
            (_("Language of the export"), fmt.language_name(export.language)),
        ],
        "members": [
            {"name": m.name, "size": fmt.number(m.size), "status_raw": m.status, "status": status_label(m.status, fmt),
             "reason": m.reason, "sha256": m.sha256 or "–"}
            for m in ledger.members
        ],
        "totals": [
            (_("Files"), _("{total} ({parsed} read, {ignored} ignored with a reason, {unrecognised} not recognised)")
             .format(total=fmt.number(totals.members), parsed=fmt.number(totals.members_parsed),
                     ignored=fmt.number(totals.members_ignored),
                     unrecognised=fmt.number(totals.members_unrecognised))),
            (_("Items in the export"), _("{items} ({records} records, {invalid} invalid, {ignored} ignored with a reason)")
             .format(items=fmt.number(totals.items), records=fmt.number(totals.records),
                     invalid=fmt.number(totals.invalid), ignored=fmt.number(totals.ignored_items))),
            (_("Unrecognised places"), _("{places} places holding {items} items")
             .format(places=fmt.number(totals.sections_unrecognised), items=fmt.number(totals.unrecognised_items))),
            (_("Field values"), _("{parsed} read, {unrecognised} unrecognised (kept), {ignored} ignored")
             .format(parsed=fmt.number(totals.fields_parsed), unrecognised=fmt.number(totals.fields_unrecognised),
                     ignored=fmt.number(totals.fields_ignored))),
            (_("Arithmetic check"), _("all counts add up") if not ledger.check() else "; ".join(ledger.check())),
        ],
        "sections": [
            {"where": s.where, "section": section_title(s.section_id, fmt) if s.section_id else "–",
             "status_raw": s.status, "status": status_label(s.status, fmt), "reason": s.reason,
             "item_count": fmt.number(s.items), "records": fmt.number(s.records), "invalid": fmt.number(s.invalid),
             "ignored": fmt.number(s.ignored)}
            for s in ledger.sections
        ],
        "unrecognised": [(where, fmt.number(items)) for where, items in ledger.unrecognised()],
        "unrecognised_sentence": fmt.ngettext(
            "{n} part of the export was not recognised; it is listed below and was not dropped.",
            "{n} parts of the export were not recognised; they are listed below and were not dropped.",
            len(ledger.unrecognised())).format(n=fmt.number(len(ledger.unrecognised())))
        if ledger.unrecognised() else _("Every part of the export was recognised."),
        "invalid": [{"where": i.where, "last": i.last, "count": fmt.number(i.count) if i.count > 1 else "",
                     "errors": "; ".join(i.errors)} for i in ledger.invalid_items],
        "invalid_sentence": fmt.ngettext(
            "{n} item could not be read as a record.", "{n} items could not be read as records.",
            invalid_count).format(n=fmt.number(invalid_count))
        if invalid_count else _("Every item could be read."),
        "notes": [{"where": n.where, "message": n.message} for n in ledger.notes],
        "fields": [
            {"section": section_title(f.section_id, fmt), "key": f.key,
             "field": field_label(f.field, fmt) if f.field else "–",
             "status_raw": f.status, "status": status_label(f.status, fmt), "occurrences": fmt.number(f.occurrences)}
            for f in ledger.fields
        ],
        "method": method,
        "versions": dependency_versions(),
    }


def _code(text: str) -> Markup:
    """A file name, hash or other technical value, shown in code type."""
    return Markup("<code>{}</code>").format(visible(text))


#: The analysis settings in words (``AnalysisOptions`` field -> label); a reader never sees the field names.
SETTING_LABELS = {
    "birth_date": N_("birth date given"), "case_reference": N_("case reference"),
    "consent_country": N_("country of the digital age of consent"),
    "max_view_minutes": N_("longest time one view counts (minutes)"), "received_at": N_("export received on"),
    "redact_search_terms": N_("search terms withheld"),
    "session_gap_minutes": N_("new viewing session after a pause of (minutes)"), "supplier": N_("supplied by"),
    "zone": N_("time zone of the report"),
}


def _settings_text(settings: dict[str, Any], fmt: Formatter) -> Markup:
    """The settings in words, with their values (yes/no for a switch, "Dutch time" for Europe/Amsterdam)."""
    def value(key: str, v: Any) -> str:
        if v is None:
            return "–"
        if isinstance(v, bool):
            return fmt.gettext("yes") if v else fmt.gettext("no")
        if key == "zone" and v == "Europe/Amsterdam":
            return fmt.gettext("Dutch time")
        return v if isinstance(v, str) else orjson.dumps(v).decode()
    return Markup("; ").join(Markup("{}: {}").format(fmt.gettext(SETTING_LABELS.get(k, k)), visible(value(k, settings[k])))
                             for k in sorted(settings))


def custody_context(custody: Custody, fmt: Formatter, *, claim_mode: bool, generated_at: str,
                    pinned: bool) -> dict[str, Any]:
    """Plain data for the chain-of-custody part: who, when, hashes re-checked, members, tool and settings."""
    _ = fmt.gettext
    withheld = _("(withheld in the claim copy)")
    exported = custody.export_date
    how = {"file name": _("from the epoch in the name {name}").format(name=exported.name),
           "member timestamps": _("from the latest ZIP member timestamp (date only: ZIP times carry no zone)"),
           "none": _("unknown: no TikTok_Data_<epoch> name and no usable ZIP member timestamp")}[exported.source]
    unchanged = {True: _("yes, the same SHA-256"), False: _("NO: the archive changed while it was being read"),
                 None: _("could not be checked")}[custody.archive_unchanged]
    env = custody.environment
    rows = [
        (_("Case reference"), custody.case_reference or _("not given")),
        (_("Supplied by"), custody.supplier or _("not given")),
        (_("Received"), fmt.moment(custody.received_at) if custody.received_at else _("not given")),
        (_("Export made"), f"{fmt.moment(exported.value)} ({how})" if exported.value else how),
        (_("Archive"), withheld if claim_mode else _code(custody.archive_name)),
        (_("Archive SHA-256 when read"), _code(custody.archive_sha256)),
        (_("Archive SHA-256 after the analysis"), _code(custody.archive_sha256_rechecked) if custody.archive_sha256_rechecked else "–"),
        (_("Archive unchanged"), unchanged),
        (_("How a hash is computed"), _("A ZIP or single file: the SHA-256 of its bytes. A folder: the SHA-256 of "
                                        "the sorted lines '<file name>\\0<SHA-256 of the file>\\n' of every file "
                                        "read from it.")),
        (_("Tool"), f"{env.tool} {env.version}"),
        (_("SHA-256 of the tool's source files"), Markup(_("{hash} ({n} files: every .py, .j2, .po and .json file "
                                                           "of the package, by the folder rule)")).format(
            hash=_code(env.source_sha256), n=fmt.number(env.source_files))),
        (_("Python"), env.python),
        (_("Operating system"), env.system),
        (_("Command or call"), withheld if claim_mode else _code(custody.invocation)),
        (_("Settings"), _settings_text(custody.settings, fmt)),
        (_("Report time stamp"), generated_at),
        (_("Time stamp pinned"), _("yes (--generated-at or SOURCE_DATE_EPOCH): the same input gives the same "
                                   "bytes") if pinned else _("no: the computer's clock")),
    ]
    members = [{"name": m.name, "modified": m.modified.isoformat(sep=" ") if m.modified else "–",
                "crc32": m.crc32 or "–", "sha256": m.sha256 or "–", "size": fmt.number(m.size)}
               for m in custody.members]
    return {"rows": rows, "members": members,
            "member_note": _("ZIP time stamps are as written in the archive; they carry no time zone.")}
