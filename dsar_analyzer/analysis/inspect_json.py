"""The summary of a parsed export that ``inspect`` shows, built as the published model and serialised from it.

``inspect_model.InspectSummary`` is the one source: ``dsar-analyzer schema inspect`` publishes its JSON
Schema and ``inspect --json`` is that model serialised, so the two cannot disagree.
"""

from __future__ import annotations

from typing import Any

import orjson

from dsar_analyzer import __version__
from dsar_analyzer.analysis.export_figures import Analysis
from dsar_analyzer.analysis.inspect_model import SCHEMA_ID, SCHEMA_VERSION, InspectSummary
from dsar_analyzer.records.export import Export


def summarise(export: Export, analysis: Analysis | None = None) -> dict[str, Any]:
    """The summary as JSON-ready data (``inspect_summary`` serialised, keys the model's aliases)."""
    return inspect_summary(export, analysis).model_dump(mode="json", by_alias=True, exclude_unset=True)


def summary_json(summary: InspectSummary) -> bytes:
    """``inspect --json``: the model serialised, sorted keys, indented."""
    data = summary.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)


def inspect_summary(export: Export, analysis: Analysis | None = None) -> InspectSummary:
    """Input, detection, per-section counts, unrecognised places, totals, members and notes.

    Its shape is ``inspect_model.InspectSummary`` (the keys ``schema`` and ``schema_version`` name it).
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
    return InspectSummary.model_validate({
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
    })
