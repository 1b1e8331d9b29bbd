"""Properties of ``load()`` on mutated exports: valid generated exports with keys dropped, duplicated,
retyped and renamed, nesting deepened, files cut, digits and years changed.

For every mutant: no exception other than ``InputRejected`` escapes ``load()``; the ledger adds up;
every readable value sits on a record or in the ledger; the report renders in every mode.
CI draws 12 mutants per test; ``HOSTILE_EXAMPLES=500`` draws more.
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsar_analyzer import InputRejected, load
from dsar_analyzer.analysis.export_figures import analyse
from dsar_analyzer.records.export import Export
from dsar_analyzer.records.values import is_no_value
from dsar_analyzer.report.context import ReportOptions
from dsar_analyzer.report.redact import Mode
from dsar_analyzer.report.render import render_report
from dsar_analyzer.samples import generate

SMALL = {"watch_history": 4, "likes": 2, "searches": 2, "shares": 2, "logins": 2}
FOREIGN_DIGITS = ("٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "０１２３４５６７８９")
PROPERTY = settings(max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "12")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])


@cache
def base_document(generation: str) -> bytes:
    sample = generate(generation, counts=SMALL)
    [data] = sample.members.values()
    return data


@cache
def base_txt() -> dict[str, bytes]:
    return generate("txt-2025", counts=SMALL).members


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += paths(value, (*prefix, index))
    return out


def _parent(document: Any, path: tuple[Any, ...]) -> Any:
    node = document
    for step in path[:-1]:
        node = node[step]
    return node


def _digits(text: str, table: str) -> str:
    return text.translate(str.maketrans("0123456789", table))


@st.composite
def mutated_document(draw: st.DrawFn) -> bytes:
    document = orjson.loads(base_document(draw(st.sampled_from(["G2", "G3", "G4", "G5"]))))
    duplicate: tuple[Any, ...] | None = None
    for _ in range(draw(st.integers(1, 4))):
        every = [p for p in paths(document) if p]
        path = draw(st.sampled_from(every))
        parent, last = _parent(document, path), path[-1]
        value = parent[last]
        op = draw(st.sampled_from(["drop", "retype", "rename", "deepen", "digits", "year", "duplicate"]))
        if op == "drop":
            del parent[last]
        elif op == "retype":
            parent[last] = draw(st.one_of(st.none(), st.booleans(), st.integers(-2**63, 2**64 - 1), st.floats(
                allow_nan=False), st.text(max_size=8), st.just([]), st.just({}), st.just([value]), st.just({"x": value})))
        elif op == "rename" and isinstance(parent, dict):
            new = draw(st.sampled_from([last.upper(), last + " ", "conversation", "unrecognised_fields", "",
                                        "Chat History with x:", "~1/", last + "\u202e"]))
            parent[new] = parent.pop(last)
        elif op == "deepen":
            for _ in range(draw(st.sampled_from([1, 5, 40, 300]))):
                value = [value]
            parent[last] = value
        elif op in ("digits", "year") and isinstance(value, str):
            parent[last] = (_digits(value, draw(st.sampled_from(FOREIGN_DIGITS))) if op == "digits"
                            else value.replace("20", draw(st.sampled_from(["00", "99", "16", "23"])), 1))
        elif op == "duplicate" and isinstance(parent, dict):
            duplicate = path
    try:
        data = orjson.dumps(document)
    except TypeError:  # nested past what orjson writes: the standard library can
        import json

        data = json.dumps(document).encode()
    if duplicate is not None:  # write the key twice: once with an earlier, different value
        key = orjson.dumps(str(duplicate[-1]))
        data = data.replace(key + b":", key + b':"earlier",' + key + b":", 1)
    if draw(st.booleans()) and draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


@st.composite
def mutated_txt(draw: st.DrawFn) -> dict[str, bytes]:
    members = dict(base_txt())
    name = draw(st.sampled_from(sorted(n for n, d in members.items() if d)))
    text = members[name].decode("utf-8")
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        op = draw(st.sampled_from(["drop", "duplicate", "digits", "year", "key", "garbage", "continue"]))
        if op == "drop" and lines:
            del lines[at]
        elif op == "duplicate" and lines:
            lines.insert(at, lines[at])
        elif op == "digits" and lines:
            lines[at] = _digits(lines[at], draw(st.sampled_from(FOREIGN_DIGITS)))
        elif op == "year" and lines:
            lines[at] = lines[at].replace("20", draw(st.sampled_from(["00", "99"])), 1)
        elif op == "key" and lines:
            lines[at] = lines[at].replace(":", draw(st.sampled_from(["", "::", ": :", "\u202e:"])), 1)
        elif op == "garbage":
            lines.insert(at, draw(st.text(max_size=30)).replace("\n", " "))
        elif op == "continue":
            lines[at:at] = ["more"] * draw(st.integers(1, 50))
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.booleans()) and draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    members[name] = data
    return members


def covered(export: Export, document: Any, member: str) -> list[str]:
    """Pointers of readable values that are on no record and in no ledger place."""
    places: set[str] = set()
    for entry in export.ledger.sections:
        if entry.status != "parsed" and "#" in entry.where:
            places.add(entry.where.split("#", 1)[1])
    for item in export.ledger.invalid_items:
        first = item.where.split("#", 1)[1]
        if item.count == 1:
            places.add(first)
        else:
            base, start = first.rsplit("/", 1)
            places.update(f"{base}/{i}" for i in range(int(start), int(start) + item.count))
    for section in export.sections.values():
        for source in section.sources():
            if source.member == member and source.pointer is not None:
                places.add(source.pointer)
    lost = []
    for path in paths(document):
        value = _parent(document, path)[path[-1]] if path else document
        if isinstance(value, (dict, list)) or is_no_value(value) or path[-1] == "Chat Title":
            continue
        tokens = ["/" + str(p).replace("~", "~0").replace("/", "~1") for p in path]
        if not any("".join(tokens[:n]) in places for n in range(1, len(tokens) + 1)):
            lost.append("".join(tokens))
    return lost


def check(path: Path, member: str | None = None, document: Any = None) -> None:
    try:
        export = load(path)
    except InputRejected as error:
        assert "\n" not in str(error)
        return
    assert export.ledger.check() == []
    if member is not None:
        assert covered(export, document, member) == []
    analysis = analyse(export)
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for mode in Mode:
        key = b"k" * 32 if mode is Mode.CLAIM else None
        render_report(export, analysis, ReportOptions(language="en", mode=mode, case_key=key, generated_at=when))


@PROPERTY
@given(data=mutated_document())
def test_mutated_json_export(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "user_data_tiktok.json"
    path.write_bytes(data)
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError:
        document = None
    if isinstance(document, dict):
        check(path, "user_data_tiktok.json", document)
    else:
        check(path)


@PROPERTY
@given(members=mutated_txt())
def test_mutated_txt_export(tmp_path: Path, members: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path = tmp_path / "export.zip"
    path.write_bytes(buffer.getvalue())
    check(path)
