"""A plain-data summary of a parsed export: the figures ``inspect`` shows, as sorted-key JSON-ready dicts."""

from __future__ import annotations

from typing import Any

from dsar_analyzer import __version__
from dsar_analyzer.analysis.figures import Analysis
from dsar_analyzer.analysis.summary_model import SCHEMA_ID, SCHEMA_VERSION
from dsar_analyzer.records.export import Export


def summarise(export: Export, analysis: Analysis | None = None) -> dict[str, Any]:
    """Input, detection, per-section counts, unrecognised places, totals, members and notes.

    Its shape is ``summary_model.InspectSummary`` (the keys ``schema`` and ``schema_version`` name it).
    With an ``analysis``: also the records per category (each record once, so they add up to the
    records), the age bands (overall, since 25 May 2018, first and last record per band), the claim
    window, the legal periods with their sources, the birth date used with every date judged, the
    export date and the chain of custody (its members are the ``members`` list, which carries each
    member's ZIP timestamp and CRC-32).
    """
    ledger = export.ledger
    sections: dict[str, dict[str, int]] = {}
    for entry in ledger.sections:
        if entry.section_id is None or entry.status == "unrecognised":
            continue
        counts = sections.setdefault(entry.section_id, {"records": 0, "invalid": 0, "ignored": 0})
        counts["records"] += entry.records
        counts["invalid"] += entry.invalid
        counts["ignored"] += entry.ignored
    figures: dict[str, Any] = {}
    if analysis is not None:
        figures = {"categories": dict(analysis.categories), **analysis.claim_figures(),
                   "custody": analysis.custody.model_dump(mode="json", exclude={"members"})}
    return {
        **figures,
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "dsar-analyzer", "version": __version__},
        "input": {"path": export.input.path, "sha256": export.input.sha256, "kind": export.input.kind,
                  "size": export.input.size},
        "format": export.format,
        "generation": export.generation,
        "generation_evidence": list(export.generation_evidence),
        "language": export.language,
        "language_evidence": export.language_evidence,
        "sections": dict(sorted(sections.items())),
        "unrecognised": [{"where": where, "items": items} for where, items in ledger.unrecognised()],
        "invalid_items": [item.model_dump() for item in ledger.invalid_items],
        "totals": ledger.totals().model_dump(),
        "members": [m.model_dump() for m in ledger.members],
        "notes": [n.model_dump() for n in ledger.notes],
    }
