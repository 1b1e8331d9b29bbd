"""Static inline SVG charts for the report, byte-identical for the same data.

Every function takes plain data plus the strings to show (the caller passes them already translated)
and returns an ``<svg>`` element ready to paste into HTML: no XML declaration, no DOCTYPE, no
``<metadata>``, no script, no external reference (the only ``href`` values point at ``#`` ids inside
the same chart). The root carries ``role="img"``, an ``aria-label`` and a ``<title>`` with the caller's
``alt`` text, keeps its ``viewBox`` and has ``width="100%"`` instead of a fixed size so it scales with
the column it sits in.

Determinism: figures are drawn with a fixed set of rcParams applied on top of matplotlib's built-in
defaults (so a user's ``matplotlibrc`` or style cannot leak in), inside a local ``rc_context`` under a
lock (global state is restored for the caller). Text stays text (``svg.fonttype = "none"``); layout
is measured with DejaVu Sans, which ships with matplotlib, so the output is the same on every machine
with the same matplotlib version. Math-text parsing is off: a ``$`` in a label is just a dollar sign.

Every id in a chart is prefixed (by default with a hash of the chart itself) so several charts can be
inlined in one HTML page without duplicate ids. Bars carry ids ``<prefix>bar-<i>``, heatmap cells
``<prefix>cell-<day>-<hour>``, the shaded month range ``<prefix>highlight`` and the no-data notice
``<prefix>empty``.

pyplot is never imported: figures are plain :class:`matplotlib.figure.Figure` objects, so no GUI
backend is touched, no global figure registry fills up, and nothing needs closing.
"""

from __future__ import annotations

import hashlib
import html
import io
import operator
import re
import textwrap
import threading
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import matplotlib
import matplotlib.style
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = [
    "RC_PARAMS",
    "age_band_bars",
    "category_bars",
    "heatmap",
    "monthly_bar_chart",
]

NumberFormat = Callable[[int], str]

#: Width of every chart in inches: one A4 text column (16 cm).
WIDTH_IN = 6.3

# Okabe-Ito colour-blind-safe palette; dark ink on white for print.
BLUE = "#0072B2"
GREEN = "#009E73"
ORANGE = "#E69F00"
INK = "#222222"
MUTED = "#555555"
GRID = "#DDDDDD"
HIGHLIGHT_FILL = "#FBE7C2"  # light tint of ORANGE; the hatch keeps it visible in greyscale print
# Heatmap: light grey for zero, then ColorBrewer "Blues" (single hue, monotone lightness: safe for
# colour-blind readers and for greyscale printing).
HEAT_ZERO = "#F2F2F2"
HEAT_LEVELS = ("#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C")

#: The rcParams fixed for every chart (applied on top of matplotlib's defaults).
RC_PARAMS: dict[RcKeyType, Any] = {
    "svg.hashsalt": "dsar-analyzer",  # clip-path / hatch ids are hashes: fixed salt, fixed ids
    "svg.fonttype": "none",  # text stays <text>: small, selectable, searchable
    "svg.id": None,
    "svg.image_inline": True,
    "text.usetex": False,
    "text.parse_math": False,  # "$" in a label is literal, never math text
    "axes.formatter.use_locale": False,  # numbers are formatted by the caller's number_format
    "font.family": ["sans-serif"],
    "font.sans-serif": ["DejaVu Sans"],  # bundled with matplotlib: same metrics everywhere
    "font.size": 8.5,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titlepad": 8,
    "axes.labelsize": 8.5,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": MUTED,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.8,
    "figure.facecolor": "white",
    "figure.edgecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.edgecolor": "white",
    "savefig.transparent": False,
    "savefig.bbox": "standard",  # the figure keeps its fixed size
    "hatch.linewidth": 0.6,
    "path.simplify": True,
}

_LOCK = threading.RLock()
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])\Z")
_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*\Z")
# Characters XML 1.0 does not allow; matplotlib would write them raw and break the document.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_ROOT = re.compile(r"<svg\b[^>]*>")
_VIEWBOX = re.compile(r'\sviewBox="([^"]*)"')
# Text content and attribute values are escaped by matplotlib ("<" and ">" never appear raw), so
# this matches exactly the tags.
_TAG = re.compile(r"<[^>]*>")
_ID_REFS = re.compile(r'(\sid="|url\(#|href="#)')
_TITLE_WIDTH = 78
_LABEL_WIDTH = 32


# --------------------------------------------------------------------------- public charts


def monthly_bar_chart(
    counts: Mapping[str, int],
    *,
    title: str,
    y_label: str,
    alt: str,
    highlight: tuple[str, str] | None = None,
    highlight_label: str | None = None,
    number_format: NumberFormat = str,
    month_format: Callable[[str], str] | None = None,
    empty_label: str = "No data",
    id_prefix: str | None = None,
) -> str:
    """One bar per month ("YYYY-MM" keys), missing months between the first and last filled with 0.

    ``highlight`` is an inclusive month range to shade (e.g. the months the child was under 13),
    clipped to the months shown, with ``highlight_label`` in a legend. ``month_format`` turns a
    "YYYY-MM" key into a tick label (default: the key itself). No months, or only zeros, gives a
    small chart that says ``empty_label``.
    """
    months = {_month_index(key): _count(value) for key, value in counts.items()}
    if highlight is not None:
        lo, hi = (_month_index(m) for m in highlight)
        if lo > hi:
            raise ValueError(f"highlight range runs backwards: {highlight!r}")
    if not months or not any(months.values()):
        return _render_empty(title, empty_label, alt, id_prefix)
    first, last = min(months), max(months)
    index = list(range(first, last + 1))
    values = [months.get(i, 0) for i in index]
    keys = [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in index]
    fmt_month = month_format or (lambda key: key)

    def build() -> Figure:
        fig = Figure(figsize=(WIDTH_IN, 3.0), layout="constrained")
        ax = fig.add_subplot()
        n = len(values)
        bars = ax.bar(range(n), values, width=0.8, color=BLUE, linewidth=0, zorder=2)
        for i, bar in enumerate(bars):
            bar.set_gid(f"bar-{i}")
        ax.set_xlim(-0.6, n - 0.4)
        step = _month_step(n)
        ticks = [pos for pos, i in enumerate(index) if i % step == 0]
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.xaxis.set_minor_locator(NullLocator())
        rotate = len(ticks) > 6
        ax.set_xticklabels(
            [_clean(fmt_month(keys[pos])) for pos in ticks],
            rotation=45 if rotate else 0,
            ha="right" if rotate else "center",
            rotation_mode="anchor" if rotate else "default",
        )
        _integer_axis(ax.yaxis, number_format)
        ax.yaxis.grid(True, color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_ylabel(_clean(y_label))
        ax.set_title(_title(title))
        if highlight is not None and lo <= last and hi >= first:
            start, end = max(lo, first) - first, min(hi, last) - first
            span = ax.axvspan(start - 0.5, end + 0.5, facecolor=HIGHLIGHT_FILL, edgecolor=ORANGE,
                              hatch="///", linewidth=0, zorder=1)
            span.set_gid("highlight")
            if highlight_label:
                handle = Patch(facecolor=HIGHLIGHT_FILL, edgecolor=ORANGE, hatch="///", linewidth=0,
                               label=_clean(highlight_label))
                fig.legend(handles=[handle], loc="outside lower left")
        return fig

    return _render(build, alt, id_prefix)


def heatmap(
    matrix: Sequence[Sequence[int]],
    *,
    title: str,
    weekday_labels: Sequence[str],
    hour_label: str,
    alt: str,
    number_format: NumberFormat = str,
    empty_label: str = "No data",
    id_prefix: str | None = None,
) -> str:
    """Weekday × hour grid: 7 rows (Monday at the top .. Sunday) × 24 columns (hours 0..23).

    Counts are binned into at most five shades (plus light grey for zero) with a legend of the bin
    ranges written with ``number_format``. An empty or all-zero matrix gives a chart that says
    ``empty_label``.
    """
    if len(weekday_labels) != 7:
        raise ValueError(f"weekday_labels needs 7 entries, got {len(weekday_labels)}")
    if len(matrix) == 0:
        return _render_empty(title, empty_label, alt, id_prefix)
    if len(matrix) != 7 or any(len(row) != 24 for row in matrix):
        raise ValueError("heatmap matrix must be 7 rows (Monday..Sunday) of 24 hourly counts")
    grid = [[_count(v) for v in row] for row in matrix]
    peak = max(max(row) for row in grid)
    if peak == 0:
        return _render_empty(title, empty_label, alt, id_prefix)
    edges = _bin_edges(peak, len(HEAT_LEVELS))

    def shade(value: int) -> str:
        if value == 0:
            return HEAT_ZERO
        return HEAT_LEVELS[next(k for k, edge in enumerate(edges) if value <= edge)]

    def build() -> Figure:
        fig = Figure(figsize=(WIDTH_IN, 2.9), layout="constrained")
        ax = fig.add_subplot()
        for day, row in enumerate(grid):
            for hour, value in enumerate(row):
                # A gap instead of a white edge and no clip path (cells lie inside the axes): ~40% smaller.
                cell = Rectangle((hour + 0.05, day + 0.05), 0.9, 0.9, facecolor=shade(value), linewidth=0,
                                 clip_on=False)
                cell.set_gid(f"cell-{day}-{hour}")
                ax.add_artist(cell)  # not add_patch: the limits are fixed below, skip 168 updates
        ax.set_xlim(0, 24)
        ax.set_ylim(7, 0)
        ax.set_aspect("equal")
        ax.xaxis.set_major_locator(FixedLocator([h + 0.5 for h in range(0, 24, 3)]))
        ax.set_xticklabels([f"{h:02d}" for h in range(0, 24, 3)])
        ax.yaxis.set_major_locator(FixedLocator([d + 0.5 for d in range(7)]))
        ax.set_yticklabels([_clean(label) for label in weekday_labels])
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_xlabel(_clean(hour_label))
        ax.set_title(_title(title))
        handles = [Patch(facecolor=HEAT_ZERO, edgecolor=MUTED, linewidth=0.4, label=_clean(number_format(0)))]
        low = 1
        for k, edge in enumerate(edges):
            text = number_format(low) if low == edge else f"{number_format(low)}\u2013{number_format(edge)}"
            handles.append(Patch(facecolor=HEAT_LEVELS[k], edgecolor=MUTED, linewidth=0.4, label=_clean(text)))
            low = edge + 1
        fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), handlelength=1.2,
                   handleheight=1.2, columnspacing=1.2)
        return fig

    return _render(build, alt, id_prefix)


def category_bars(
    counts: Mapping[str, int],
    *,
    title: str,
    alt: str,
    number_format: NumberFormat = str,
    empty_label: str = "No data",
    id_prefix: str | None = None,
) -> str:
    """Horizontal bars, one per label in the given order (top to bottom), each count written next to
    its bar. No labels, or only zeros, gives a chart that says ``empty_label``."""
    return _horizontal_bars(counts, title=title, alt=alt, number_format=number_format,
                            empty_label=empty_label, id_prefix=id_prefix, colour=BLUE)


def age_band_bars(
    counts: Mapping[str, int],
    *,
    title: str,
    alt: str,
    number_format: NumberFormat = str,
    empty_label: str = "No data",
    id_prefix: str | None = None,
) -> str:
    """Horizontal bars per age band (ordered band label -> count), counts written next to the bars."""
    return _horizontal_bars(counts, title=title, alt=alt, number_format=number_format,
                            empty_label=empty_label, id_prefix=id_prefix, colour=GREEN)


# --------------------------------------------------------------------------- drawing helpers


def _horizontal_bars(
    counts: Mapping[str, int],
    *,
    title: str,
    alt: str,
    number_format: NumberFormat,
    empty_label: str,
    id_prefix: str | None,
    colour: str,
) -> str:
    items = [(_clean(label), _count(value)) for label, value in counts.items()]
    if not items or not any(value for _, value in items):
        return _render_empty(title, empty_label, alt, id_prefix)
    peak = max(value for _, value in items)

    def build() -> Figure:
        n = len(items)
        fig = Figure(figsize=(WIDTH_IN, 0.75 + 0.3 * n), layout="constrained")
        ax = fig.add_subplot()
        bars = ax.barh(range(n), [v for _, v in items], height=0.65, color=colour, linewidth=0, zorder=2)
        for i, bar in enumerate(bars):
            bar.set_gid(f"bar-{i}")
        texts = ax.bar_label(bars, labels=[_clean(number_format(v)) for _, v in items], padding=3,
                             color=INK, fontsize=8)
        for i, text in enumerate(texts):
            text.set_gid(f"value-{i}")
        ax.set_ylim(n - 0.5, -0.5)  # first item at the top
        ax.set_xlim(0, peak * 1.18)
        ax.yaxis.set_major_locator(FixedLocator(range(n)))
        ax.set_yticklabels([textwrap.fill(label, _LABEL_WIDTH) or " " for label, _ in items])
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        ax.set_title(_title(title))
        return fig

    return _render(build, alt, id_prefix)


def _render_empty(title: str, empty_label: str, alt: str, id_prefix: str | None) -> str:
    def build() -> Figure:
        fig = Figure(figsize=(WIDTH_IN, 1.0))
        fig.text(0.012, 0.9, _title(title), ha="left", va="top", fontsize=10, fontweight="bold")
        notice = fig.text(0.5, 0.38, _clean(empty_label), ha="center", va="center", color=MUTED)
        notice.set_gid("empty")
        return fig

    return _render(build, alt, id_prefix)


def _integer_axis(axis: Any, number_format: NumberFormat) -> None:
    axis.set_major_locator(MaxNLocator(nbins=5, integer=True, min_n_ticks=1))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: _clean(number_format(int(round(v))))))


def _month_step(n: int) -> int:
    """Label every month up to 12 bars, then every 2, 3, 6, 12, 24 ... months (aligned to the calendar)."""
    for step in (1, 2, 3, 6, 12):
        if -(-n // step) <= 12:
            return step
    step = 24
    while -(-n // step) > 12:
        step += 12
    return step


def _bin_edges(peak: int, levels: int) -> list[int]:
    """Upper bounds of up to ``levels`` bins covering 1..peak (the last is ``peak``)."""
    edges = sorted({-(-peak * k // levels) for k in range(1, levels + 1)})
    return edges


# --------------------------------------------------------------------------- values and text


def _count(value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError(f"count must be an integer, got {value!r}")
    number = operator.index(value)
    if number < 0:
        raise ValueError(f"count must not be negative, got {number}")
    return number


def _month_index(key: str) -> int:
    match = _MONTH.match(key) if isinstance(key, str) else None
    if match is None:
        raise ValueError(f"month must be 'YYYY-MM', got {key!r}")
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def _clean(text: Any) -> str:
    """The caller's text as a str with characters XML cannot carry replaced by U+FFFD (not escaping:
    matplotlib escapes ``& < >`` itself)."""
    return _XML_ILLEGAL.sub("\ufffd", str(text))


def _title(text: str) -> str:
    return textwrap.fill(_clean(text), _TITLE_WIDTH) or " "


# --------------------------------------------------------------------------- SVG output


def _render(build: Callable[[], Figure], alt: str, id_prefix: str | None) -> str:
    if id_prefix is not None and not _PREFIX.match(id_prefix):
        raise ValueError(f"id_prefix must be a letter followed by letters, digits, '_', '.' or '-': {id_prefix!r}")
    buffer = io.StringIO()
    with _LOCK, warnings.catch_warnings():
        # Glyphs DejaVu Sans lacks (emoji, CJK ...) are still written as text; the browser draws them.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        with matplotlib.style.context("default"), matplotlib.rc_context(RC_PARAMS):
            fig = build()
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _finish(buffer.getvalue(), alt, id_prefix)


def _finish(svg: str, alt: str, id_prefix: str | None) -> str:
    root = _ROOT.search(svg)
    if root is None:  # pragma: no cover - matplotlib always writes a root element
        raise RuntimeError("matplotlib produced no <svg> element")
    view_box = _VIEWBOX.search(root.group(0))
    if view_box is None:  # pragma: no cover
        raise RuntimeError("matplotlib produced an <svg> without viewBox")
    body = _METADATA.sub("", svg[root.end():], count=1).strip()
    prefix = id_prefix if id_prefix is not None else "c" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:8] + "-"
    body = _TAG.sub(lambda tag: _ID_REFS.sub(lambda ref: ref.group(0) + prefix, tag.group(0)), body)
    label = " ".join(_clean(alt).split())
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1"'
        f' width="100%" viewBox="{view_box.group(1)}" role="img" aria-label="{html.escape(label, quote=True)}">\n'
        f"<title>{html.escape(label, quote=False)}</title>\n"
        f"{body}\n"
    )
