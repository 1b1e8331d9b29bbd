"""dsar-analyzer: read a TikTok "Download your data" export and account for every record in it.

The public API, importable from here: ``load(source)`` returns an ``Export`` (records per section
with their sources, the ledger, the hashes); ``analyse(export, AnalysisOptions(...))`` returns an
``Analysis``; ``render_report(export, analysis, ReportOptions(...))`` returns the HTML report;
``run_export(source, RunSpec.settle(source, ...))`` does all of that for one export the way every
command and the local page do, and returns its ``Outcome`` (a manifest row);
``section_frame`` and ``classified_frame`` give pandas frames; ``samples`` builds synthetic exports.
Errors for unusable input are ``InputRejected`` subclasses.

Only the reading stage is imported with the package. The names that need pandas or Jinja2, and the
later stages (``dsar_analyzer.analysis``, ``dsar_analyzer.report``), are imported on first use
(PEP 562), so ``import dsar_analyzer`` stays quick for tools that only read exports.
"""

from __future__ import annotations

__version__ = "0.1.0"

import importlib as _importlib
import pkgutil as _pkgutil
import types as _types
from typing import TYPE_CHECKING, Any

from dsar_analyzer.errors import (
    CorruptInput,
    InputNotFound,
    InputRejected,
    LimitExceeded,
    NotAnExport,
    SeveralExports,
    UnsafeInput,
)
from dsar_analyzer.read.archive import Limits
from dsar_analyzer.read.loader import load
from dsar_analyzer.records.export import Export, SectionRecords, Source
from dsar_analyzer.records.ledger import Ledger
from dsar_analyzer.records.registry import SECTIONS, SectionId

if TYPE_CHECKING:
    from dsar_analyzer import samples as samples
    from dsar_analyzer.analysis.classify import classified_frame as classified_frame
    from dsar_analyzer.analysis.export_figures import Analysis as Analysis
    from dsar_analyzer.analysis.export_figures import AnalysisOptions as AnalysisOptions
    from dsar_analyzer.analysis.export_figures import analyse as analyse
    from dsar_analyzer.records.frames import UnknownSection as UnknownSection
    from dsar_analyzer.records.frames import section_frame as section_frame
    from dsar_analyzer.report.context import ReportOptions as ReportOptions
    from dsar_analyzer.report.redact import Mode as Mode
    from dsar_analyzer.report.render import RenderedReport as RenderedReport
    from dsar_analyzer.report.render import render_report as render_report
    from dsar_analyzer.run.one import run_export as run_export
    from dsar_analyzer.run.outcome import Outcome as Outcome
    from dsar_analyzer.run.spec import RunSpec as RunSpec

#: Name -> module it lives in; imported on first use (``None``: the name is the module itself).
_LAZY: dict[str, tuple[str, str | None]] = {
    "Analysis": ("dsar_analyzer.analysis.export_figures", "Analysis"),
    "AnalysisOptions": ("dsar_analyzer.analysis.export_figures", "AnalysisOptions"),
    "Mode": ("dsar_analyzer.report.redact", "Mode"),
    "RenderedReport": ("dsar_analyzer.report.render", "RenderedReport"),
    "ReportOptions": ("dsar_analyzer.report.context", "ReportOptions"),
    "analyse": ("dsar_analyzer.analysis.export_figures", "analyse"),
    "classified_frame": ("dsar_analyzer.analysis.classify", "classified_frame"),
    "render_report": ("dsar_analyzer.report.render", "render_report"),
    "run_export": ("dsar_analyzer.run.one", "run_export"),
    "Outcome": ("dsar_analyzer.run.outcome", "Outcome"),
    "RunSpec": ("dsar_analyzer.run.spec", "RunSpec"),
    "samples": ("dsar_analyzer.samples", None),
    "section_frame": ("dsar_analyzer.records.frames", "section_frame"),
    "UnknownSection": ("dsar_analyzer.records.frames", "UnknownSection"),
}

__all__ = [
    "SECTIONS",
    "Analysis",
    "AnalysisOptions",
    "CorruptInput",
    "Export",
    "InputNotFound",
    "InputRejected",
    "Ledger",
    "LimitExceeded",
    "Limits",
    "Mode",
    "NotAnExport",
    "Outcome",
    "RenderedReport",
    "ReportOptions",
    "RunSpec",
    "SectionId",
    "SectionRecords",
    "SeveralExports",
    "Source",
    "UnknownSection",
    "UnsafeInput",
    "__version__",
    "analyse",
    "classified_frame",
    "load",
    "render_report",
    "run_export",
    "samples",
    "section_frame",
]


#: The stages and other modules of the package, importable as attributes on first use
#: (``dsar_analyzer.analysis.policy``, ``dsar_analyzer.report.letter``).
_SUBMODULES = frozenset(m.name for m in _pkgutil.iter_modules(__path__))


def __getattr__(name: str) -> Any:
    if name not in _LAZY and name in _SUBMODULES:
        return _importlib.import_module(f"{__name__}.{name}")
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    module = _importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    stages = {name for name, value in globals().items()
              if isinstance(value, _types.ModuleType) and value.__name__.startswith(f"{__name__}.")}
    return sorted(set(__all__) | stages)
