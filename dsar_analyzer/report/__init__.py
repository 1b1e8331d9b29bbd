"""Report: render an ``Analysis`` of an ``Export`` as a self-contained HTML evidence report.

``context`` builds the plain data a template shows, with ``labels``, ``sentences`` and ``appendix``
for its parts; ``charts`` draws the static SVG charts; ``redact`` (the mechanisms) and ``redaction_table`` (per field) decide
what each mode withholds; ``i18n`` and ``locale/`` hold the Dutch and English texts; ``render``
fills the Jinja2 ``templates/``; ``output`` writes the rendered files into an output folder
safely; ``case_key`` makes and reads claim-mode keys. A new report section is a template partial
plus a context builder.

May import: errors, write, records, read, analysis.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

_MODULES = tuple(m.name for m in pkgutil.iter_modules(__path__))


def __getattr__(name: str) -> Any:
    """The stage's modules as attributes on first use (``dsar_analyzer.report.letter``)."""
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
