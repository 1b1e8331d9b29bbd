"""Analysis: derive the figures from an ``Export``: categories, ages and claim periods, location, viewing.

``classify`` maps sections to categories and data kinds; ``legal`` holds the legal dates, periods and
consent ages with their sources; ``birth`` judges birth dates; ``age`` computes age bands, the claim
window and the periods; ``location`` resolves IP countries offline; ``viewing`` builds sessions and
timelines; ``custody`` describes the chain of custody; ``policy`` and ``deadline`` serve the follow-up
request; ``figures`` gathers everything into the ``Analysis`` object (``analyse``); ``summary`` is the
JSON summary of ``inspect``. ``analyse``, ``Analysis`` and ``AnalysisOptions`` are importable from
here too (``dsar_analyzer.analysis.analyse(export)``); they and the modules load on first use.

May import: errors, records, read.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dsar_analyzer.analysis.export_figures import Analysis as Analysis
    from dsar_analyzer.analysis.export_figures import AnalysisOptions as AnalysisOptions
    from dsar_analyzer.analysis.export_figures import analyse as analyse

_FROM_FIGURES = ("Analysis", "AnalysisOptions", "analyse")
_MODULES = tuple(m.name for m in pkgutil.iter_modules(__path__))


def __getattr__(name: str) -> Any:
    if name in _FROM_FIGURES:
        return getattr(importlib.import_module(f"{__name__}.figures"), name)
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_FROM_FIGURES, *_MODULES})
