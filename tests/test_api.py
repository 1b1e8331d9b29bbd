"""The public API: every name importable from the top, heavy libraries imported only when used, typed records."""

from __future__ import annotations

import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest

import dsar_analyzer
from dsar_analyzer.records import export as export_module
from dsar_analyzer.records import models as m
from dsar_analyzer.records.registry import SECTIONS, SectionId

ROOT = Path(__file__).resolve().parents[1]

PUBLIC = {
    "load": "dsar_analyzer.read.loader", "analyse": "dsar_analyzer.analysis.export_figures",
    "AnalysisOptions": "dsar_analyzer.analysis.export_figures", "Analysis": "dsar_analyzer.analysis.export_figures",
    "render_report": "dsar_analyzer.report.render", "RenderedReport": "dsar_analyzer.report.render",
    "ReportOptions": "dsar_analyzer.report.context", "Mode": "dsar_analyzer.report.redact",
    "section_frame": "dsar_analyzer.records.frames", "classified_frame": "dsar_analyzer.analysis.classify",
    "UnknownSection": "dsar_analyzer.records.frames",
    "Export": "dsar_analyzer.records.export", "SectionRecords": "dsar_analyzer.records.export",
    "Source": "dsar_analyzer.records.export", "Ledger": "dsar_analyzer.records.ledger",
    "Limits": "dsar_analyzer.read.archive", "SECTIONS": "dsar_analyzer.records.registry",
    "SectionId": "dsar_analyzer.records.registry", "InputRejected": "dsar_analyzer.errors",
    "InputNotFound": "dsar_analyzer.errors", "NotAnExport": "dsar_analyzer.errors",
    "CorruptInput": "dsar_analyzer.errors", "UnsafeInput": "dsar_analyzer.errors",
    "LimitExceeded": "dsar_analyzer.errors", "SeveralExports": "dsar_analyzer.errors",
    "run_export": "dsar_analyzer.run.one", "RunSpec": "dsar_analyzer.run.spec",
    "Outcome": "dsar_analyzer.run.outcome",
}


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_name_is_the_object_of_its_module(name: str) -> None:
    assert getattr(dsar_analyzer, name) is getattr(sys.modules[PUBLIC[name]], name)
    assert name in dsar_analyzer.__all__
    assert name in dir(dsar_analyzer)


def test_all_lists_exactly_the_public_names() -> None:
    assert sorted(dsar_analyzer.__all__) == sorted([*PUBLIC, "samples", "__version__"])
    assert dsar_analyzer.samples is sys.modules["dsar_analyzer.samples"]
    assert set(dsar_analyzer.__all__) <= set(dir(dsar_analyzer))


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'dsar_analyzer' has no attribute 'analyze'"):
        dsar_analyzer.analyze  # noqa: B018  # type: ignore[attr-defined]


def test_import_does_not_load_pandas_jinja2_or_matplotlib() -> None:
    heavy = "('pandas', 'numpy', 'pyarrow', 'jinja2', 'matplotlib', 'babel')"
    code = f"import sys, dsar_analyzer; print(sorted(n for n in {heavy} if n in sys.modules))"
    assert _python(code) == "[]"
    used = f"import sys, dsar_analyzer; dsar_analyzer.section_frame; print(sorted(n for n in {heavy} if n in sys.modules))"
    assert _python(used) == "['numpy', 'pandas', 'pyarrow']"


def test_analyse_stays_the_function_whatever_was_imported_first() -> None:
    # The stage's modules stay importable by their full name, as every stage imports them.
    code = ("import dsar_analyzer.analysis.legal, dsar_analyzer; "
            "from dsar_analyzer.analysis import legal; from dsar_analyzer import analyse; "
            "print(dsar_analyzer.analyse.__module__, analyse is dsar_analyzer.analyse, legal.__name__)")
    assert _python(code) == "dsar_analyzer.analysis.export_figures True dsar_analyzer.analysis.legal"


def test_section_ids_type_lists_every_registered_section() -> None:
    assert list(typing.get_args(SectionId)) == list(SECTIONS)


def test_records_overloads_type_every_section_by_its_model() -> None:
    typed: dict[str, type] = {}
    overloads = typing.get_overloads(dsar_analyzer.Export.records)
    for overload in overloads[:-1]:
        hints = typing.get_type_hints(overload, vars(export_module))
        for section_id in typing.get_args(hints["section_id"]):
            assert section_id not in typed, section_id
            (model, ellipsis) = typing.get_args(hints["return"])
            assert ellipsis is Ellipsis
            typed[section_id] = model
    assert typed == {section_id: definition.model for section_id, definition in SECTIONS.items()}
    fallback = typing.get_type_hints(overloads[-1], vars(export_module))
    assert fallback["section_id"] is str
    assert fallback["return"] == tuple[m.Record, ...]


def test_every_dotted_name_in_the_readme_resolves_after_a_bare_import() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    dotted = sorted(set(re.findall(r"\bdsar_analyzer(?:\.\w+)+", readme)))
    assert "dsar_analyzer.records.models" in dotted and "dsar_analyzer.render_report" in dotted
    code = ("import functools, dsar_analyzer\n"
            f"for name in {dotted!r}:\n"
            "    functools.reduce(getattr, name.split('.')[1:], dsar_analyzer)\n"
            "print('ok')")
    assert _python(code) == "ok"
