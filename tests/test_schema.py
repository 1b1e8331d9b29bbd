"""The published JSON Schemas: every sample's summary, a batch summary and manifest rows conform."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import orjson
import pandas as pd
import pytest
from click.testing import CliRunner

from dsar_analyzer.analysis.inspect_model import InspectSummary
from dsar_analyzer.batch.schemas import SCHEMAS, BatchSummary, ManifestRow, json_schema
from dsar_analyzer.cli import cli
from tests.batch_fixtures import SAMPLES

ROOT = Path(__file__).resolve().parents[1]
EVERY_SAMPLE = sorted([p for p in SAMPLES.glob("*.zip")] + [SAMPLES / "g5-en-unzipped"])


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("sample", EVERY_SAMPLE, ids=lambda p: p.name)
def test_every_sample_summary_conforms(sample: Path) -> None:
    result = CliRunner().invoke(cli, ["inspect", str(sample), "--json"])
    assert result.exit_code == 0, result.output
    summary = orjson.loads(result.stdout)
    assert (summary["schema"], summary["schema_version"]) == ("dsar-analyzer/inspect-summary", 1)
    assert list(_validator("inspect").iter_errors(summary)) == []
    model = InspectSummary.model_validate(summary)
    assert sum(model.categories.values()) == model.totals.records


def test_a_summary_with_an_unknown_key_or_a_bad_hash_does_not_conform() -> None:
    summary = orjson.loads(CliRunner().invoke(cli, ["inspect", str(EVERY_SAMPLE[0]), "--json"]).stdout)
    validator = _validator("inspect")
    assert [e.validator for e in validator.iter_errors(summary | {"surprise": 1})] == ["additionalProperties"]
    bad = summary | {"input": summary["input"] | {"sha256": "abc"}}
    assert [e.validator for e in validator.iter_errors(bad)] == ["pattern"]


def test_batch_summary_and_manifest_rows_conform(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name in ("g4-en-sample_child_a.zip", "txt-2025-nl-sample_child_a.zip"):
        (tmp_path / "in" / name).write_bytes((SAMPLES / name).read_bytes())
    (tmp_path / "in" / "broken.zip").write_bytes(b"broken")
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                                      "--workers", "1"])
    assert result.exit_code == 3
    summary = orjson.loads((tmp_path / "out" / "summary.json").read_bytes())
    assert list(_validator("batch-summary").iter_errors(summary)) == []
    assert BatchSummary.model_validate(summary).status == {
        "ok": 2, "warning": 0, "skipped": 0, "rejected": 1, "missing": 0, "duplicate": 0, "failed": 0, "not_started": 0}
    frame = pd.read_parquet(tmp_path / "out" / "manifest.parquet")
    rows = [{k: (None if pd.isna(v) else v) for k, v in row.items()} for row in frame.astype(object).to_dict("records")]
    validator = _validator("manifest-row")
    assert [list(validator.iter_errors(row)) for row in rows] == [[], [], []]
    assert [ManifestRow.model_validate(row).status for row in rows] == ["rejected", "ok", "ok"]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_published_schema_files_are_current(name: str) -> None:
    version = SCHEMAS[name][1]
    published = ROOT / "docs" / "schemas" / f"{name}.v{version}.schema.json"
    assert orjson.loads(published.read_bytes()) == json_schema(name)
    printed = CliRunner().invoke(cli, ["schema", name])
    assert printed.exit_code == 0
    assert orjson.loads(printed.stdout)["$id"] == f"urn:dsar-analyzer:schema:{name}:{version}"


def _hostile_cases() -> list[tuple[str, str]]:
    from tests.hostile_inputs import CASES

    return [(group, name) for group, cases in CASES.items() for name in cases]


@pytest.mark.parametrize(("group", "name"), _hostile_cases(), ids=lambda v: v)
def test_every_summary_of_the_hostile_corpus_conforms(group: str, name: str, tmp_path: Path) -> None:
    """A hostile export that is read gives a summary its published schema accepts (the rest are refused)."""
    from dsar_analyzer import InputRejected, analyse, load
    from dsar_analyzer.analysis.inspect_json import summarise
    from tests.hostile_inputs import CASES

    path = CASES[group][name](tmp_path)
    try:
        export = load(path)
    except InputRejected:
        return
    summary = orjson.loads(orjson.dumps(summarise(export, analyse(export))))
    assert list(_validator("inspect").iter_errors(summary)) == []


def test_an_archive_with_json_and_txt_is_mixed_and_conforms(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "both.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("user_data_tiktok.json", orjson.dumps(
            {"Your Activity": {"Watch History": {"VideoList": [{"Date": "2020-01-01 10:00:00", "Link": "a"}]}}}))
        archive.writestr("Watch History.txt", "Date: 2020-01-02 10:00:00\nLink: b\n")
    result = CliRunner().invoke(cli, ["inspect", str(path), "--json"])
    assert result.exit_code == 0, result.output
    summary = orjson.loads(result.stdout)
    assert summary["format"] == "mixed"
    assert list(_validator("inspect").iter_errors(summary)) == []
    assert InspectSummary.model_validate(summary).format == "mixed"
