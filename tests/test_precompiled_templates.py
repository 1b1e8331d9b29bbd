"""The report templates' precompiled code: current with the templates, used only where the source matches."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from dsar_analyzer.analysis.export_figures import AnalysisOptions, analyse
from dsar_analyzer.read.loader import load
from dsar_analyzer.report import precompiled
from dsar_analyzer.report.context import ReportOptions
from dsar_analyzer.report.precompiled import PrecompiledTemplates, generated, options_key, store_bytes
from dsar_analyzer.report.render import environment, render_report

ROOT = Path(__file__).resolve().parents[1]
STORE = ROOT / "dsar_analyzer" / "report" / precompiled.STORE


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_store_holds_the_code_jinja2_generates_from_every_template_now(language: str) -> None:
    fresh = store_bytes(generated({True: environment(language), False: environment(language, autoescape=False)}))  # type: ignore[arg-type]
    assert fresh == STORE.read_bytes(), "templates changed: run .venv/bin/python -m dsar_analyzer.report.precompiled"


def test_the_store_holds_every_report_template_once_under_its_escaping() -> None:
    store = precompiled._store()
    templates = sorted(p.name for p in (ROOT / "dsar_analyzer" / "report" / "templates").glob("*.j2"))
    assert sorted(store) == [options_key(False), options_key(True)]
    assert sorted(store[options_key(True)]) == [name for name in templates if name.endswith(".html.j2")]
    assert sorted(store[options_key(False)]) == [name for name in templates if name.endswith(".txt.j2")]


def _bucket(source: str, name: str = "report.html.j2", autoescape: bool = True) -> jinja2.bccache.Bucket:
    return PrecompiledTemplates().get_bucket(environment("en", autoescape), name, "report.html.j2", source)


def test_a_template_whose_source_matches_takes_the_stored_code() -> None:
    source = (ROOT / "dsar_analyzer" / "report" / "templates" / "report.html.j2").read_text(encoding="utf-8")
    assert _bucket(source).code is not None
    # Generated for escaped HTML: an environment that does not escape compiles the source itself.
    assert _bucket(source, autoescape=False).code is None


def test_an_edited_template_is_compiled_from_its_source_never_shown_stale() -> None:
    assert _bucket("<p>{{ 1 + 1 }}</p>\n").code is None
    assert _bucket("anything", name="not_a_template.html.j2").code is None
    edited = jinja2.Environment(loader=jinja2.DictLoader({"report.html.j2": "<p>{{ 1 + 1 }}</p>"}),
                                bytecode_cache=PrecompiledTemplates(), autoescape=True)
    assert edited.get_template("report.html.j2").render() == "<p>2</p>"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_report_from_the_stored_code_equals_one_compiled_from_source(language: str) -> None:
    export = load(ROOT / "sample_exports" / "g4-en-sample_child_a.zip")
    analysis = analyse(export, AnalysisOptions())
    options = ReportOptions(language=language, generated_at="2026-01-01T00:00:00Z")  # type: ignore[arg-type]
    stored = render_report(export, analysis, options)
    environment.cache_clear()
    try:
        original = jinja2.Environment.__init__

        def without_store(self: jinja2.Environment, *args: object, **kwargs: object) -> None:
            kwargs["bytecode_cache"] = None
            original(self, *args, **kwargs)  # type: ignore[arg-type]

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(jinja2.Environment, "__init__", without_store)
            from_source = render_report(export, analysis, options)
            assert environment(language).bytecode_cache is None  # type: ignore[arg-type]
    finally:
        environment.cache_clear()
    assert from_source.html == stored.html
    assert from_source.sha256 == stored.sha256
