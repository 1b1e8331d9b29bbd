"""dsar-analyzer: read a TikTok "Download your data" export and account for every record in it.

Library entry point: ``load(path)`` returns an ``Export`` (records per section with their
sources, the ledger, the hashes). Errors for unusable input are ``InputRejected`` subclasses.
"""

from __future__ import annotations

__version__ = "0.1.0"

from dsar_analyzer.errors import (
    CorruptInput,
    InputRejected,
    LimitExceeded,
    NotAnExport,
    UnsafeInput,
)
from dsar_analyzer.read.ingest import Limits
from dsar_analyzer.read.reader import load
from dsar_analyzer.records.export import Export, SectionRecords, Source
from dsar_analyzer.records.ledger import Ledger
from dsar_analyzer.records.registry import SECTIONS

__all__ = [
    "SECTIONS", "CorruptInput", "Export", "InputRejected", "Ledger", "LimitExceeded", "Limits", "NotAnExport",
    "SectionRecords", "Source", "UnsafeInput", "__version__", "load",
]
