"""The evidence appendix of a report: hashes, the full ledger, versions and the settings used."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from dsar_analyzer import __version__
from dsar_analyzer.records.export import Export
from dsar_analyzer.report.i18n import Formatter
from dsar_analyzer.report.labels import section_title, status_label

#: Libraries whose versions can change what a report says or how it looks.
DEPENDENCIES = ("pydantic", "pydantic-core", "orjson", "pandas", "numpy", "jinja2", "babel", "matplotlib",
                "iptocc", "tzdata")


def dependency_versions() -> list[tuple[str, str]]:
    rows = [("dsar-analyzer", __version__)]
    for name in DEPENDENCIES:
        try:
            rows.append((name, version(name)))
        except PackageNotFoundError:
            continue
    return rows


def appendix_context(export: Export, fmt: Formatter, method: list[tuple[str, str]]) -> dict[str, Any]:
    """Plain data for the appendix template: every member, ledger entry, invalid item and note."""
    _ = fmt.gettext
    ledger = export.ledger
    totals = ledger.totals()
    invalid_count = sum(i.count for i in ledger.invalid_items)
    return {
        "archive": [
            (_("File given"), export.input.path.rsplit("/", 1)[-1]),
            (_("Kind"), {"zip": _("ZIP archive"), "folder": _("folder"), "file": _("single file")}[export.input.kind]),
            (_("Size"), f"{fmt.number(export.input.size)} {_('bytes')}"),
            ("SHA-256", export.input.sha256),
            (_("Format"), export.format.upper()),
            (_("Generation"), export.generation),
            (_("Why this generation"), "; ".join(export.generation_evidence)),
            (_("Language of the export"), export.language),
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
            (_("Items"), _("{items} ({records} records, {invalid} invalid, {ignored} ignored with a reason)")
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
            len(ledger.unrecognised())).format(n=fmt.number(len(ledger.unrecognised()))),
        "invalid": [{"where": i.where, "last": i.last, "count": fmt.number(i.count) if i.count > 1 else "",
                     "errors": "; ".join(i.errors)} for i in ledger.invalid_items],
        "invalid_sentence": fmt.ngettext(
            "{n} item could not be read as a record.", "{n} items could not be read as records.",
            invalid_count).format(n=fmt.number(invalid_count)),
        "notes": [{"where": n.where, "message": n.message} for n in ledger.notes],
        "fields": [
            {"section": section_title(f.section_id, fmt), "key": f.key, "field": f.field or "–",
             "status_raw": f.status, "status": status_label(f.status, fmt), "occurrences": fmt.number(f.occurrences)}
            for f in ledger.fields
        ],
        "method": method,
        "versions": dependency_versions(),
    }
