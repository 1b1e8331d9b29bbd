"""The docs keep up with the code: every section id in docs/formats.md, every CLI command in the README."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from dsar_analyzer.cli import cli
from dsar_analyzer.records.registry import SECTIONS

ROOT = Path(__file__).resolve().parents[1]


def test_every_section_id_has_a_formats_entry() -> None:
    headings = set(re.findall(r"^### (\w+)\s*$", (ROOT / "docs" / "formats.md").read_text(encoding="utf-8"), re.M))
    assert headings == set(SECTIONS)


def test_every_cli_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"dsar-analyzer {name}" in readme, name


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # The two commands are the first block after the set-up heading (the parents' part comes before it).
    block = re.search(r"^## Set up and try it \(two commands\)\n+```sh\n(.*?)```", readme, re.S | re.M)
    assert block is not None
    setup, test_command = [line for line in block.group(1).splitlines() if line.strip()]
    assert "pip install" in setup and "sample_exports/" in setup
    ci_lines = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#")]
    assert ci_lines[-1] == test_command
    assert shlex.split(test_command)[1:3] == ["-m", "pytest"]


def test_readme_sample_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in re.findall(r"((?:sample_exports|reports|docs|benchmarks)/[\w./-]+\w)", readme):
        assert (ROOT / path).exists(), path


def test_the_architecture_lists_every_module_of_every_stage() -> None:
    """docs/architecture.md's table names each stage's modules: none missing, none that no longer exists."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)/` \| ([^|]*) \|", doc, re.M))
    package = ROOT / "dsar_analyzer"
    stages = {p.name for p in package.iterdir() if (p / "__init__.py").exists()} - {"cli"}
    assert set(rows) == stages
    for stage, cell in rows.items():
        listed = {name for name in re.findall(r"`([\w/]+)`", cell) if not name.endswith("/")}
        modules = {p.stem for p in (package / stage).glob("*.py") if p.stem != "__init__"}
        assert (stage, listed) == (stage, modules)


def test_every_section_id_has_a_title_in_every_report_language() -> None:
    """A new section id needs its report title, and that title a Dutch entry in the catalogue."""
    from babel.messages.pofile import read_po

    from dsar_analyzer.report.labels import SECTION_TITLES

    assert set(SECTION_TITLES) == set(SECTIONS)
    with (ROOT / "dsar_analyzer" / "report" / "locale" / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale="nl")
    untranslated = [s for s, title in SECTION_TITLES.items()
                    if (entry := catalogue.get(title)) is None or not entry.string or entry.fuzzy]
    assert untranslated == []
