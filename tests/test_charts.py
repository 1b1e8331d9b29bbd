"""Charts are static, self-contained, accessible SVG, byte-identical for the same data."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dsar_analyzer.report import charts

ROOT = Path(__file__).resolve().parents[1]
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
HREF = f"{{{XLINK_NS}}}href"

# One source for the cases, run here and in a fresh interpreter.
CASES_SOURCE = r'''
from dsar_analyzer.report import charts

def dutch(n):
    return f"{n:,}".replace(",", ".")

_MONTHS = {f"{y}-{m:02d}": (y * 37 + m * 11) % 97 for y in range(2019, 2024) for m in range(1, 13) if m % 4 != 2}
CASES = {
    "monthly": (charts.monthly_bar_chart, dict(
        counts=_MONTHS, title="Video's bekeken per maand", y_label="Aantal", alt="Video's per maand",
        highlight=("2018-06", "2021-03"), highlight_label="Jonger dan 13", number_format=dutch)),
    "heatmap": (charts.heatmap, dict(
        matrix=[[(d * 24 + h) * 7 % 23 if h > 6 else 0 for h in range(24)] for d in range(7)],
        title="Activiteit per weekdag en uur", weekday_labels=["ma", "di", "wo", "do", "vr", "za", "zo"],
        hour_label="Uur", alt="Heatmap van activiteit")),
    "category": (charts.category_bars, dict(
        counts={"Video's bekeken": 12345, "Likes": 3456, "Zoekopdrachten": 12, "Reacties": 0},
        title="Per categorie", alt="Records per categorie", number_format=dutch)),
    "age": (charts.age_band_bars, dict(
        counts={"< 13": 500, "13-15": 1200, "16-17": 300}, title="Per leeftijd", alt="Records per leeftijd")),
    "empty": (charts.monthly_bar_chart, dict(
        counts={}, title="Leeg", y_label="Aantal", alt="Geen maanden", empty_label="Geen gegevens")),
}

def render_all():
    return {name: fn(**kwargs) for name, (fn, kwargs) in CASES.items()}
'''

_namespace: dict = {}
exec(compile(CASES_SOURCE, "<chart cases>", "exec"), _namespace)
CASES = _namespace["CASES"]
RENDERED: dict[str, str] = _namespace["render_all"]()

HOSTILE = "</text><script>alert(1)</script> & \"dq\" 'sq' ]]> <![CDATA[ $x^2$ \x00"
HOSTILE_CLEAN = HOSTILE.replace("\x00", "\ufffd")  # what a chart can carry
HOSTILE_NUMBER = "<script>1</script>"


def _ids(svg: str) -> list[str]:
    return [el.get("id") for el in ET.fromstring(svg).iter() if el.get("id") is not None]


def _ids_matching(svg: str, pattern: str) -> list[str]:
    return [i for i in _ids(svg) if re.search(pattern, i)]


def _texts(svg: str) -> list[str]:
    return ["".join(el.itertext()) for el in ET.fromstring(svg).iter(f"{{{SVG_NS}}}text")]


# --------------------------------------------------------------------------- determinism


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_data_same_bytes(name: str) -> None:
    fn, kwargs = CASES[name]
    assert fn(**kwargs) == RENDERED[name]


def test_fresh_interpreter_with_another_hash_seed_gives_same_bytes() -> None:
    code = CASES_SOURCE + (
        "\nimport json, sys\nout = render_all()\n"
        "out['charting library imported'] = any(m in sys.modules for m in ('matplotlib', 'pygal'))\n"
        "sys.stdout.write(json.dumps(out))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "4242",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out.pop("charting library imported") is False
    assert out == RENDERED


# --------------------------------------------------------------------------- self-contained, accessible SVG


@pytest.mark.parametrize("name", sorted(CASES))
def test_root_is_accessible_scalable_svg(name: str) -> None:
    svg = RENDERED[name]
    alt = CASES[name][1]["alt"]
    assert svg.startswith("<svg ")
    assert svg.rstrip().endswith("</svg>")
    root = ET.fromstring(svg)
    assert root.tag == f"{{{SVG_NS}}}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == alt
    assert root[0].tag == f"{{{SVG_NS}}}title" and root[0].text == alt
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert re.fullmatch(r"0 0 [0-9.]+ [0-9.]+", root.get("viewBox", ""))


@pytest.mark.parametrize("name", sorted(CASES))
def test_nothing_external_nothing_active(name: str) -> None:
    svg = RENDERED[name]
    for forbidden in ("<script", "<?xml", "<!doctype", "<metadata", "<image", "<foreignobject", "<a ", "@import"):
        assert forbidden not in svg.lower(), forbidden
    assert set(re.findall(r"https?://[^\s\"'<>)]*", svg)) <= {SVG_NS, XLINK_NS}
    ids = _ids(svg)
    assert len(ids) == len(set(ids)), "duplicate ids"
    for el in ET.fromstring(svg).iter():
        for attr, value in el.attrib.items():
            assert not attr.lower().startswith("on"), attr
            assert "javascript:" not in value.lower() and "data:" not in value.lower()
            if attr in ("href", HREF):
                assert value.startswith("#") and value[1:] in ids
    for ref in re.findall(r"url\(([^)]*)\)", svg):
        assert ref.startswith("#") and ref[1:] in ids


def test_ids_are_prefixed_so_charts_can_share_a_page() -> None:
    pages = [set(_ids(svg)) for svg in RENDERED.values()]
    for i, a in enumerate(pages):
        for b in pages[i + 1:]:
            assert not a & b
    fn, kwargs = CASES["age"]
    custom = fn(**kwargs, id_prefix="age-")
    assert all(i.startswith("age-") for i in _ids(custom))
    assert len(_ids_matching(custom, r"^age-bar-\d+$")) == 3
    with pytest.raises(ValueError):
        fn(**kwargs, id_prefix='x" onload="alert(1)')


def test_text_stays_text_in_dejavu_sans() -> None:
    svg = RENDERED["category"]
    assert "Video's bekeken" in _texts(svg)
    assert "12.345" in _texts(svg)
    assert "font-family: 'DejaVu Sans', sans-serif" in svg


# --------------------------------------------------------------------------- hostile labels


def _assert_hostile_escaped(svg: str) -> None:
    assert "<script" not in svg.lower()
    assert "<![CDATA[" not in svg
    assert "&lt;script&gt;" in svg and "]]&gt;" in svg and "&amp;" in svg
    ET.fromstring(svg)  # still well-formed


def test_hostile_labels_come_out_as_escaped_text() -> None:
    monthly = charts.monthly_bar_chart(
        {"2020-01": 1, "2020-03": 2}, title=HOSTILE, y_label=HOSTILE, alt=HOSTILE, highlight=("2020-01", "2020-02"),
        highlight_label=HOSTILE, number_format=lambda n: HOSTILE_NUMBER, month_format=lambda m: HOSTILE)
    heat = charts.heatmap([[1] * 24] * 7, title=HOSTILE, weekday_labels=[HOSTILE] * 7, hour_label=HOSTILE,
                          alt=HOSTILE, number_format=lambda n: HOSTILE_NUMBER)
    bars = charts.category_bars({HOSTILE: 3, "ok": 1}, title=HOSTILE, alt=HOSTILE,
                                number_format=lambda n: HOSTILE_NUMBER)
    empty = charts.age_band_bars({}, title=HOSTILE, alt=HOSTILE, empty_label=HOSTILE)
    for svg in (monthly, heat, bars, empty):
        _assert_hostile_escaped(svg)
        root = ET.fromstring(svg)
        assert root.get("aria-label") == " ".join(HOSTILE_CLEAN.split())
        assert root[0].text == " ".join(HOSTILE_CLEAN.split())
        texts = _texts(svg)
        # Math text is off: "$x^2$" is written literally, the label arrives intact.
        assert any("$x^2$" in t for t in texts)
    assert HOSTILE_CLEAN.strip() in _texts(monthly)  # y label, legend, month tick: not wrapped
    assert HOSTILE_NUMBER in _texts(bars)
    assert HOSTILE_CLEAN in _texts(empty)


# --------------------------------------------------------------------------- content


def test_missing_months_are_filled_with_zero_bars() -> None:
    svg = charts.monthly_bar_chart({"2020-02": 5, "2019-11": 3}, title="t", y_label="n", alt="a")
    assert len(_ids_matching(svg, r"-bar-\d+$")) == 4
    assert [t for t in _texts(svg) if re.fullmatch(r"\d{4}-\d\d", t)] == ["2019-11", "2019-12", "2020-01", "2020-02"]


def test_long_month_ranges_get_at_most_twelve_labels() -> None:
    svg = RENDERED["monthly"]
    assert len(_ids_matching(svg, r"-bar-\d+$")) == 60  # 2019-01 .. 2023-12, gaps filled
    ticks = [t for t in _texts(svg) if re.fullmatch(r"\d{4}-\d\d", t)]
    assert 1 < len(ticks) <= 12
    assert "Jonger dan 13" in _texts(svg)
    assert len(_ids_matching(svg, r"-highlight$")) == 1


def test_highlight_outside_the_months_shown_is_left_out() -> None:
    svg = charts.monthly_bar_chart({"2022-01": 1, "2022-02": 2}, title="t", y_label="n", alt="a",
                                   highlight=("2010-01", "2021-12"), highlight_label="under 13")
    assert _ids_matching(svg, r"-highlight$") == []
    assert "under 13" not in _texts(svg)


def test_heatmap_has_168_cells_and_a_legend() -> None:
    svg = RENDERED["heatmap"]
    cells = _ids_matching(svg, r"-cell-\d-\d+$")
    assert len(cells) == 168 == len(set(cells))
    texts = _texts(svg)
    assert {"ma", "zo", "Uur", "00", "21", "0"} <= set(texts)
    assert any("\u2013" in t for t in texts)  # bin ranges


def test_category_bars_keep_order_and_write_counts() -> None:
    svg = RENDERED["category"]
    assert len(_ids_matching(svg, r"-bar-\d+$")) == 4
    texts = _texts(svg)
    labels = [t for t in texts if t in {"Video's bekeken", "Likes", "Zoekopdrachten", "Reacties"}]
    assert labels == ["Video's bekeken", "Likes", "Zoekopdrachten", "Reacties"]
    assert {"12.345", "3.456", "12", "0"} <= set(texts)


@pytest.mark.parametrize(
    "make",
    [
        lambda: charts.monthly_bar_chart({}, title="t", y_label="n", alt="a", empty_label="Nothing here"),
        lambda: charts.monthly_bar_chart({"2020-01": 0, "2020-05": 0}, title="t", y_label="n", alt="a",
                                         highlight=("2020-01", "2020-02"), highlight_label="h",
                                         empty_label="Nothing here"),
        lambda: charts.heatmap([], title="t", weekday_labels=list("1234567"), hour_label="h", alt="a",
                               empty_label="Nothing here"),
        lambda: charts.heatmap([[0] * 24] * 7, title="t", weekday_labels=list("1234567"), hour_label="h", alt="a",
                               empty_label="Nothing here"),
        lambda: charts.category_bars({}, title="t", alt="a", empty_label="Nothing here"),
        lambda: charts.age_band_bars({"< 13": 0, "13-15": 0}, title="t", alt="a", empty_label="Nothing here"),
    ],
)
def test_empty_data_gives_a_small_chart_that_says_so(make) -> None:
    svg = make()
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert "Nothing here" in _texts(svg)
    assert len(_ids_matching(svg, r"-empty$")) == 1
    assert _ids_matching(svg, r"-(bar|cell)-") == []
    assert len(svg.encode()) < 2000


def test_bad_input_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        charts.monthly_bar_chart({"2020-13": 1}, title="t", y_label="n", alt="a")
    with pytest.raises(ValueError):
        charts.monthly_bar_chart({"2020-01": 1}, title="t", y_label="n", alt="a", highlight=("2020-05", "2020-01"))
    with pytest.raises(ValueError):
        charts.category_bars({"x": -1}, title="t", alt="a")
    with pytest.raises(TypeError):
        charts.category_bars({"x": 1.5}, title="t", alt="a")  # type: ignore[dict-item]
    with pytest.raises(ValueError):
        charts.heatmap([[1] * 24] * 6, title="t", weekday_labels=list("1234567"), hour_label="h", alt="a")
    with pytest.raises(ValueError):
        charts.heatmap([[1] * 24] * 7, title="t", weekday_labels=list("123456"), hour_label="h", alt="a")
