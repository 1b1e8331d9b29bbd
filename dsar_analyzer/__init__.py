"""dsar-analyzer: read a TikTok "Download your data" export and account for every record in it.

The public API, importable from here: ``load(source)`` returns an ``Export`` (records per section
with their sources, the ledger, the hashes); ``analyse(export, AnalysisOptions(...))`` returns an
``Analysis``; ``render_report(export, analysis, ReportOptions(...))`` returns the HTML report;
``section_frame`` and ``classified_frame`` give pandas frames; ``samples`` builds synthetic exports.
Errors for unusable input are ``InputRejected`` subclasses.

Only the reading stage is imported with the package. The names that need pandas, Jinja2 or
matplotlib are imported on first use (PEP 562), so ``import dsar_analyzer`` stays quick for tools
that only read exports.
"""

from __future__ import annotations

__version__ = "0.1.0"

import importlib as _importlib
import sys as _sys
import types as _types
from typing import TYPE_CHECKING, Any

from dsar_analyzer.errors import (
    CorruptInput,
    InputNotFound,
    InputRejected,
    LimitExceeded,
    NotAnExport,
    UnsafeInput,
)
from dsar_analyzer.read.archive import Limits
from dsar_analyzer.read.reader import load
from dsar_analyzer.records.export import Export, SectionRecords, Source
from dsar_analyzer.records.ledger import Ledger
from dsar_analyzer.records.registry import SECTIONS, SectionId

if TYPE_CHECKING:
    from dsar_analyzer import samples as samples
    from dsar_analyzer.analyse.analysis import Analysis as Analysis
    from dsar_analyzer.analyse.analysis import AnalysisOptions as AnalysisOptions
    from dsar_analyzer.analyse.analysis import analyse as analyse
    from dsar_analyzer.analyse.classify import classified_frame as classified_frame
    from dsar_analyzer.records.frames import section_frame as section_frame
    from dsar_analyzer.report.context import ReportOptions as ReportOptions
    from dsar_analyzer.report.redact import Mode as Mode
    from dsar_analyzer.report.render import RenderedReport as RenderedReport
    from dsar_analyzer.report.render import render_report as render_report

#: Name -> module it lives in; imported on first use (``None``: the name is the module itself).
_LAZY: dict[str, tuple[str, str | None]] = {
    "Analysis": ("dsar_analyzer.analyse.analysis", "Analysis"),
    "AnalysisOptions": ("dsar_analyzer.analyse.analysis", "AnalysisOptions"),
    "Mode": ("dsar_analyzer.report.redact", "Mode"),
    "RenderedReport": ("dsar_analyzer.report.render", "RenderedReport"),
    "ReportOptions": ("dsar_analyzer.report.context", "ReportOptions"),
    "analyse": ("dsar_analyzer.analyse.analysis", "analyse"),
    "classified_frame": ("dsar_analyzer.analyse.classify", "classified_frame"),
    "render_report": ("dsar_analyzer.report.render", "render_report"),
    "samples": ("dsar_analyzer.samples", None),
    "section_frame": ("dsar_analyzer.records.frames", "section_frame"),
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
    "RenderedReport",
    "ReportOptions",
    "SectionId",
    "SectionRecords",
    "Source",
    "UnsafeInput",
    "__version__",
    "analyse",
    "classified_frame",
    "load",
    "render_report",
    "samples",
    "section_frame",
]


def __getattr__(name: str) -> Any:
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


class _Package(_types.ModuleType):
    """The package module, keeping ``analyse`` the function when the ``analyse`` stage is imported.

    Importing ``dsar_analyzer.analyse.<module>`` makes Python bind the stage folder as the
    attribute ``analyse`` of this package, which would replace the public function, or not,
    depending on what was imported first. The stage stays reachable as a module through
    ``import dsar_analyzer.analyse.viewing`` / ``from dsar_analyzer.analyse import viewing``.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "analyse" and isinstance(value, _types.ModuleType):
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package
