"""reports/ holds the example reports rendered from sample_exports/, byte for byte ("all and only").

Regenerate after a deliberate change, then read the diff:  .venv/bin/python -m tests.test_example_reports
(it also rewrites the templates' precompiled code, ``dsar_analyzer/report/precompiled_templates.json``).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from unittest import mock

from click.testing import CliRunner

from dsar_analyzer import __version__
from dsar_analyzer.analysis.custody import Environment
from dsar_analyzer.cli import cli

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "reports"
FAMILY = ["sample_exports/g4-en-sample_child_a.zip", "sample_exports/g3-en-sample_child_b.zip"]
RUNS = {
    "en": [*FAMILY, "--lang", "en"],
    "nl": [*FAMILY, "sample_exports/txt-2025-nl-sample_child_a.zip", "--lang", "nl"],
}
MOMENT = ["--generated-at", "2026-01-01T00:00:00"]
#: The examples must not change with every edit of any source file, nor between machines: their chain of
#: custody shows this stand-in for the source hash, Python and the operating system (a real report shows them).
EXAMPLE_ENVIRONMENT = Environment(version=__version__, source_sha256="–",
                                  source_files=0, python="–",
                                  system="–")


def render_examples(target: Path) -> None:
    with mock.patch("dsar_analyzer.analysis.custody.tool_environment", return_value=EXAMPLE_ENVIRONMENT):
        _render(target)


def _render(target: Path) -> None:
    for language, arguments in RUNS.items():
        paths = [str(ROOT / a) if a.startswith("sample_exports/") else a for a in arguments]
        result = CliRunner().invoke(cli, ["report", *paths, "--out", str(target / language), *MOMENT])
        assert result.exit_code == 0, result.output


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_example_reports_are_current(tmp_path: Path) -> None:
    render_examples(tmp_path)
    fresh, committed = files(tmp_path), files(REPORTS)
    assert sorted(fresh) == sorted(committed), "run: .venv/bin/python -m tests.test_example_reports"
    changed = [name for name in fresh if fresh[name] != committed[name]]
    assert changed == [], "run: .venv/bin/python -m tests.test_example_reports, then read the diff"


if __name__ == "__main__":
    from dsar_analyzer.report.precompiled import write_store

    write_store()  # templates edited for the change: their stored code first, so the reports use it
    shutil.rmtree(REPORTS, ignore_errors=True)
    render_examples(REPORTS)
    for path in sorted(REPORTS.rglob("*")):
        if path.is_file():
            path.chmod(0o644)
    sys.stdout.write("\n".join(sorted(files(REPORTS))) + "\n")
