"""Checked by mypy in tests/test_typing.py, never run: the public API's types as a user sees them."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from typing_extensions import assert_type

import dsar_analyzer
from dsar_analyzer.records import models as m


def check(path: Path, section_id: str) -> None:
    export = dsar_analyzer.load(path)
    assert_type(export, dsar_analyzer.Export)
    assert_type(dsar_analyzer.load(b"PK..."), dsar_analyzer.Export)
    assert_type(dsar_analyzer.load(io.BytesIO(b""), name="upload.zip"), dsar_analyzer.Export)
    assert_type(export.records("watch_history"), tuple[m.WatchEvent, ...])
    assert_type(export.records("followers"), tuple[m.Connection, ...])
    assert_type(export.records("settings"), tuple[m.Setting, ...])
    assert_type(export.records("stories"), tuple[m.UnmodelledItem, ...])
    assert_type(export.records(section_id), tuple[m.Record, ...])
    assert_type(export.records("watch_history")[0].watched_at, datetime | None)
    analysis = dsar_analyzer.analyse(export, dsar_analyzer.AnalysisOptions())
    assert_type(analysis, dsar_analyzer.Analysis)
    options = dsar_analyzer.ReportOptions(language="nl", mode=dsar_analyzer.Mode.FULL, generated_at=datetime.now())
    assert_type(dsar_analyzer.render_report(export, analysis, options).html, str)
    assert_type(dsar_analyzer.samples.generate("G4").name, str)
