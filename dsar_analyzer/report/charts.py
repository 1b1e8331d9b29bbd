"""Static inline SVG charts for the report, byte-identical for the same data, drawn in about a millisecond.

Every function takes plain data plus the strings to show (the caller passes them already translated)
and returns an ``<svg>`` element ready to paste into HTML: no XML declaration, no DOCTYPE, no
``<metadata>``, no script, no external reference (the only ``href`` values point at ``#`` ids inside
the same chart). The root carries ``role="img"``, an ``aria-label`` and a ``<title>`` with the caller's
``alt`` text, keeps its ``viewBox`` and has ``width="100%"`` instead of a fixed size so it scales with
the column it sits in.

Why SVG is written here rather than by a charting library: matplotlib took 0.09-0.45 s a chart (half
of it in constrained layout), three charts were two thirds of a small report's time, and importing
it cost about 0.3 s per process; pygal takes about 5 ms a bar chart but has no heatmap and puts a
random ``uuid4`` id in every chart (output would differ run to run). These four chart shapes are a
few rectangles and labels each; drawing them directly takes about 1 ms. The measurements are in
``benchmarks/README.md``.

Determinism: no clock, no randomness, no font files: text stays ``<text>`` in DejaVu Sans (falling
back to the reader's sans-serif), and layout uses a fixed average glyph width, so the same data gives
the same bytes on every machine. Every text and attribute value is XML-escaped; characters XML 1.0
cannot carry become U+FFFD.

Every id in a chart is prefixed (by default with a hash of the chart itself) so several charts can be
inlined in one HTML page without duplicate ids. Bars carry ids ``<prefix>bar-<i>``, their value labels
``<prefix>value-<i>``, heatmap cells ``<prefix>cell-<day>-<hour>``, the shaded month range
``<prefix>highlight`` and the no-data notice ``<prefix>empty``.
"""

from __future__ import annotations

import hashlib
import html
import operator
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = [
    "age_band_bars",
    "category_bars",
    "heatmap",
    "monthly_bar_chart",
]

NumberFormat = Callable[[int], str]

#: Width of every chart in SVG units (one A4 text column, 16 cm, at 100 units an inch).
WIDTH = 630

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

FONT = "font-family: 'DejaVu Sans', sans-serif"
TEXT_SIZE = 11
TITLE_SIZE = 13
# DejaVu Sans averages about 0.6 em a glyph over Latin text; used only to leave room for labels.
GLYPH_EM = 0.6

_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])\Z")
_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*\Z")
# Characters XML 1.0 does not allow; they would make the document unreadable.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Text and attribute values are escaped here ("<" and ">" never appear raw), so this matches exactly the tags.
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
    _check_prefix(id_prefix)
    months = {_month_index(key): _count(value) for key, value in counts.items()}
    if highlight is not None:
        lo, hi = (_month_index(m) for m in highlight)
        if lo > hi:
            raise ValueError(f"highlight range runs backwards: {highlight!r}")
    if not months or not any(months.values()):
        return _empty(title, empty_label, alt, id_prefix)
    first, last = min(months), max(months)
    index = list(range(first, last + 1))
    values = [months.get(i, 0) for i in index]
    keys = [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in index]
    fmt_month = month_format or (lambda key: key)
    step = _month_step(len(values))
    ticks = [pos for pos, i in enumerate(index) if i % step == 0]
    tick_texts = [_clean(fmt_month(keys[pos])) for pos in ticks]
    rotate = len(ticks) > 6
    y_ticks = _nice_ticks(max(values))
    y_texts = [_clean(number_format(t)) for t in y_ticks]

    svg = _Svg()
    top = svg.title(title) + 10
    left = 24 + _text_width(y_texts) + 8
    right = WIDTH - 10
    tick_room = (_text_width(tick_texts) * 0.71 + 8) if rotate else TEXT_SIZE + 6
    shaded = highlight is not None and lo <= last and hi >= first
    legend_room = 22 if shaded and highlight_label else 0
    plot_height = 180
    bottom = top + plot_height
    height = bottom + tick_room + 6 + legend_room

    scale = plot_height / y_ticks[-1]
    slot = (right - left) / len(values)
    svg.y_axis(y_ticks, y_texts, left, right, bottom, scale)
    svg.add(f'<text x="14" y="{_n((top + bottom) / 2)}" transform="rotate(-90 14 {_n((top + bottom) / 2)})" '
            f'text-anchor="middle" font-size="{TEXT_SIZE}" fill="{INK}">{_esc(y_label)}</text>')
    if shaded:
        start, end = max(lo, first) - first, min(hi, last) - first
        svg.hatch_pattern()
        x0, x1 = left + start * slot, left + (end + 1) * slot
        svg.add(f'<rect id="highlight" x="{_n(x0)}" y="{_n(top)}" width="{_n(x1 - x0)}" height="{_n(plot_height)}" '
                f'fill="url(#hatch)"/>')
    for i, value in enumerate(values):
        h = value * scale
        svg.add(f'<rect id="bar-{i}" x="{_n(left + (i + 0.1) * slot)}" y="{_n(bottom - h)}" '
                f'width="{_n(slot * 0.8)}" height="{_n(h)}" fill="{BLUE}"/>')
    svg.add(f'<line x1="{_n(left)}" y1="{_n(bottom)}" x2="{_n(right)}" y2="{_n(bottom)}" stroke="{MUTED}" stroke-width="0.8"/>')
    for pos, text in zip(ticks, tick_texts):
        x = left + (pos + 0.5) * slot
        if rotate:
            y = bottom + 12
            svg.add(f'<text x="{_n(x)}" y="{_n(y)}" transform="rotate(-45 {_n(x)} {_n(y)})" text-anchor="end" '
                    f'font-size="{TEXT_SIZE - 1}" fill="{INK}">{_esc(text)}</text>')
        else:
            svg.add(f'<text x="{_n(x)}" y="{_n(bottom + TEXT_SIZE + 4)}" text-anchor="middle" '
                    f'font-size="{TEXT_SIZE - 1}" fill="{INK}">{_esc(text)}</text>')
    if shaded and highlight_label:
        y = height - legend_room + 4
        svg.add(f'<rect x="{_n(left)}" y="{_n(y)}" width="18" height="12" fill="url(#hatch)"/>')
        svg.add(f'<text x="{_n(left + 24)}" y="{_n(y + 10)}" font-size="{TEXT_SIZE - 1}" fill="{INK}">'
                f'{_esc(highlight_label)}</text>')
    return svg.finish(height, alt, id_prefix)


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
    _check_prefix(id_prefix)
    if len(weekday_labels) != 7:
        raise ValueError(f"weekday_labels needs 7 entries, got {len(weekday_labels)}")
    if len(matrix) == 0:
        return _empty(title, empty_label, alt, id_prefix)
    if len(matrix) != 7 or any(len(row) != 24 for row in matrix):
        raise ValueError("heatmap matrix must be 7 rows (Monday..Sunday) of 24 hourly counts")
    grid = [[_count(v) for v in row] for row in matrix]
    peak = max(max(row) for row in grid)
    if peak == 0:
        return _empty(title, empty_label, alt, id_prefix)
    edges = _bin_edges(peak, len(HEAT_LEVELS))

    def shade(value: int) -> str:
        if value == 0:
            return HEAT_ZERO
        return HEAT_LEVELS[next(k for k, edge in enumerate(edges) if value <= edge)]

    days = [_clean(label) for label in weekday_labels]
    svg = _Svg()
    top = svg.title(title) + 8
    left = 10 + _text_width(days) + 8
    cell = (WIDTH - 10 - left) / 24
    for day, row in enumerate(grid):
        y = top + day * cell
        svg.add(f'<text x="{_n(left - 6)}" y="{_n(y + cell / 2 + 4)}" text-anchor="end" font-size="{TEXT_SIZE - 1}" '
                f'fill="{INK}">{_esc(days[day])}</text>')
        for hour, value in enumerate(row):
            svg.add(f'<rect id="cell-{day}-{hour}" x="{_n(left + hour * cell + 0.6)}" y="{_n(y + 0.6)}" '
                    f'width="{_n(cell - 1.2)}" height="{_n(cell - 1.2)}" fill="{shade(value)}"/>')
    bottom = top + 7 * cell
    for hour in range(0, 24, 3):
        svg.add(f'<text x="{_n(left + (hour + 0.5) * cell)}" y="{_n(bottom + 14)}" text-anchor="middle" '
                f'font-size="{TEXT_SIZE - 1}" fill="{INK}">{hour:02d}</text>')
    svg.add(f'<text x="{_n(left + 12 * cell)}" y="{_n(bottom + 30)}" text-anchor="middle" font-size="{TEXT_SIZE}" '
            f'fill="{INK}">{_esc(hour_label)}</text>')
    legend = [(HEAT_ZERO, _clean(number_format(0)))]
    low = 1
    for k, edge in enumerate(edges):
        text = number_format(low) if low == edge else f"{number_format(low)}\u2013{number_format(edge)}"
        legend.append((HEAT_LEVELS[k], _clean(text)))
        low = edge + 1
    widths = [26 + len(text) * GLYPH_EM * (TEXT_SIZE - 1) for _, text in legend]
    x = max(10.0, (WIDTH - sum(widths) - 12 * (len(widths) - 1)) / 2)
    y = bottom + 44
    for (fill, text), width in zip(legend, widths):
        svg.add(f'<rect x="{_n(x)}" y="{_n(y)}" width="14" height="14" fill="{fill}" stroke="{MUTED}" stroke-width="0.4"/>')
        svg.add(f'<text x="{_n(x + 19)}" y="{_n(y + 11)}" font-size="{TEXT_SIZE - 1}" fill="{INK}">{_esc(text)}</text>')
        x += width + 12
    return svg.finish(y + 22, alt, id_prefix)


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
    _check_prefix(id_prefix)
    items = [(_clean(label), _count(value)) for label, value in counts.items()]
    if not items or not any(value for _, value in items):
        return _empty(title, empty_label, alt, id_prefix)
    peak = max(value for _, value in items)
    labels = [textwrap.wrap(label, _LABEL_WIDTH) or [" "] for label, _ in items]
    numbers = [_clean(number_format(value)) for _, value in items]
    svg = _Svg()
    top = svg.title(title) + 6
    left = 10 + _text_width([line for lines in labels for line in lines]) + 8
    room = WIDTH - 10 - left - _text_width(numbers) - 8
    row = 30
    for i, ((_, value), lines, number) in enumerate(zip(items, labels, numbers)):
        y = top + i * row
        width = value / peak * room
        for k, line in enumerate(lines):
            baseline = y + row / 2 + 4 + (k - (len(lines) - 1) / 2) * (TEXT_SIZE + 1)
            svg.add(f'<text x="{_n(left - 6)}" y="{_n(baseline)}" text-anchor="end" font-size="{TEXT_SIZE - 1}" '
                    f'fill="{INK}">{_esc(line)}</text>')
        svg.add(f'<rect id="bar-{i}" x="{_n(left)}" y="{_n(y + row * 0.175)}" width="{_n(width)}" '
                f'height="{_n(row * 0.65)}" fill="{colour}"/>')
        svg.add(f'<text id="value-{i}" x="{_n(left + width + 4)}" y="{_n(y + row / 2 + 4)}" font-size="{TEXT_SIZE - 1}" '
                f'fill="{INK}">{_esc(number)}</text>')
    bottom = top + len(items) * row
    svg.add(f'<line x1="{_n(left)}" y1="{_n(top)}" x2="{_n(left)}" y2="{_n(bottom)}" stroke="{MUTED}" stroke-width="0.8"/>')
    return svg.finish(bottom + 8, alt, id_prefix)


def _empty(title: str, empty_label: str, alt: str, id_prefix: str | None) -> str:
    _check_prefix(id_prefix)
    svg = _Svg()
    top = svg.title(title)
    svg.add(f'<text id="empty" x="{WIDTH // 2}" y="{_n(top + 26)}" text-anchor="middle" font-size="{TEXT_SIZE}" '
            f'fill="{MUTED}">{_esc(empty_label)}</text>')
    return svg.finish(top + 44, alt, id_prefix)


class _Svg:
    """An SVG body under construction: elements in drawing order, finished with a root and prefixed ids."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self._defs: list[str] = []

    def add(self, element: str) -> None:
        self.parts.append(element)

    def title(self, text: str) -> float:
        """Draw the (wrapped) bold title at the top left; return the y where the chart may start."""
        lines = textwrap.wrap(_clean(text), _TITLE_WIDTH) or [" "]
        for k, line in enumerate(lines):
            self.add(f'<text x="10" y="{_n(20 + k * (TITLE_SIZE + 3))}" font-size="{TITLE_SIZE}" font-weight="bold" '
                     f'fill="{INK}">{_esc(line)}</text>')
        return 20 + (len(lines) - 1) * (TITLE_SIZE + 3) + 8

    def hatch_pattern(self) -> None:
        self._defs.append(
            f'<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="6" height="6" fill="{HIGHLIGHT_FILL}"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{ORANGE}" stroke-width="1.2"/></pattern>')

    def y_axis(self, ticks: list[int], texts: list[str], left: float, right: float, bottom: float,
               scale: float) -> None:
        for tick, text in zip(ticks, texts):
            y = bottom - tick * scale
            self.add(f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(right)}" y2="{_n(y)}" stroke="{GRID}" stroke-width="0.6"/>')
            self.add(f'<text x="{_n(left - 5)}" y="{_n(y + 4)}" text-anchor="end" font-size="{TEXT_SIZE - 1}" '
                     f'fill="{INK}">{_esc(text)}</text>')

    def finish(self, height: float, alt: str, id_prefix: str | None) -> str:
        defs = f"<defs>{''.join(self._defs)}</defs>\n" if self._defs else ""
        body = (f'{defs}<g style="{FONT}">\n<rect width="{WIDTH}" height="{_n(height)}" fill="white"/>\n'
                + "\n".join(self.parts) + "\n</g>")
        prefix = id_prefix if id_prefix is not None else "c" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:8] + "-"
        body = _TAG.sub(lambda tag: _ID_REFS.sub(lambda ref: ref.group(0) + prefix, tag.group(0)), body)
        label = " ".join(_clean(alt).split())
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="100%" viewBox="0 0 {WIDTH} {_n(height)}"'
            f' role="img" aria-label="{html.escape(label, quote=True)}">\n'
            f"<title>{html.escape(label, quote=False)}</title>\n"
            f"{body}\n</svg>\n"
        )


def _nice_ticks(peak: int) -> list[int]:
    """Integer axis ticks from 0 to at least ``peak``: at most 6 ticks on a 1-2-5 step."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if -(-peak // (step * factor)) <= 5:
                size = step * factor
                return list(range(0, -(-peak // size) * size + 1, size))
        step *= 10


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
    return sorted({-(-peak * k // levels) for k in range(1, levels + 1)})


def _text_width(texts: Sequence[str], size: int = TEXT_SIZE - 1) -> float:
    return max((len(text) for text in texts), default=0) * GLYPH_EM * size


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


def _check_prefix(id_prefix: str | None) -> None:
    if id_prefix is not None and not _PREFIX.match(id_prefix):
        raise ValueError(f"id_prefix must be a letter followed by letters, digits, '_', '.' or '-': {id_prefix!r}")


def _clean(text: Any) -> str:
    """The caller's text as a str with characters XML cannot carry replaced by U+FFFD (not escaped)."""
    return _XML_ILLEGAL.sub("\ufffd", str(text))


def _esc(text: Any) -> str:
    return html.escape(_clean(text), quote=True)


def _n(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros (stable, compact output)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
