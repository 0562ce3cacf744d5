"""Charts the web pages draw on the server: a story's figures over time and a place on a world locator.

Why SVG made here, not in the browser: the pages are served under a strict Content-Security-Policy
(``script-src`` none, ``style-src 'self'``), so a chart must read with no JavaScript and carry no
``style`` attribute or ``<style>`` element. Everything is drawn with SVG presentation attributes
(``fill``, ``stroke``, ``font-size``, ``text-anchor``) and CSS classes the site's own stylesheet may
restyle; nothing is loaded from elsewhere.

Every string put into the SVG (source names, outlets, subjects, figures, days, place labels) comes
from news text and is untrusted: markup is only ever built through ``markupsafe`` (``Markup.format``
and ``Markup.join`` escape what they are given), characters XML cannot hold are dropped first, and
attribute and element names are this module's own constants. The output is well-formed XML, so it
embeds inline in HTML and parses on its own.

A source keeps one colour and one shape wherever it appears: ``source_colours`` and
``source_classes`` give the page the same choice the chart makes (``source-0`` .. ``source-9``,
coloured from ``PALETTE``), in order of first appearance in the story (``story_sources``).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

from newsledger.records import Statement, Story, number_text

SVG_NS = "http://www.w3.org/2000/svg"

#: Ten colours a colour-blind reader can tell apart: Okabe-Ito's seven (black included, its yellow
#: last because it is faint on white) and two of Paul Tol's muted scheme (wine, olive). Source N is
#: drawn in ``PALETTE[N % 10]`` and carries the class ``source-{N % 10}``.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#882255",  # wine (Tol)
    "#999933",  # olive (Tol)
    "#F0E442",  # yellow
)

#: Marker shapes, given in turn to the sources a chart plots (colours follow the story's order, so two
#: sources of one chart differ in shape even when ten sources apart share a colour).
SHAPES: tuple[str, ...] = ("circle", "square", "triangle", "diamond", "triangle-down", "plus")

#: The outlet's own voice when no outlet is known either.
THE_OUTLET = "the outlet"

EMPTY_CHART = Markup('<p class="chart-empty">No figures to chart.</p>')
EMPTY_MAP = Markup('<p class="map-empty">Place not located.</p>')

# -- geometry of the figures chart (viewBox units) --------------------------------------------------------

WIDTH = 640.0
LEFT = 72.0  # room for the y labels and "no number"
RIGHT = 16.0
TOP = 24.0  # room for an open-ended figure's arrow above the highest value
PLOT_HEIGHT = 200.0
BAND_GAP = 10.0
BAND_HEIGHT = 26.0
UNKNOWN_WIDTH = 96.0
UNKNOWN_GAP = 12.0
DATE_PAD = 24.0  # keeps the first and last dates' marks and labels off the edges
LEGEND_ROW = 16.0
MARK_SIZE = 5.0
ARROW = 22.0
LEGEND_CHARS = 96
PLOT_CAP = 1e15  # figures beyond this are drawn at it: no float overflow in the scale

TEXT_COLOUR = "#333333"
GRID_COLOUR = "#e3e3e3"
BAND_COLOUR = "#f3f3f3"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_NAME = re.compile(r"[a-z][a-zA-Z0-9:-]*\Z")
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


# -- safe markup -------------------------------------------------------------------------------------------


def xml_text(text: str) -> str:
    """Text with the characters XML 1.0 cannot hold (control characters, lone surrogates) dropped."""
    return _NOT_XML.sub("", text)


def _num(value: float) -> str:
    """A coordinate as short text: 72, 12.5, 3.25."""
    if not math.isfinite(value):
        raise ValueError(f"coordinate is not finite: {value}")
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _attr_value(value: object) -> str:
    if isinstance(value, float):
        return _num(value)
    return xml_text(str(value))


def _attrs(attrs: Mapping[str, object]) -> Markup:
    parts = []
    for name, value in attrs.items():
        if value is None:
            continue
        if not _NAME.match(name):
            raise ValueError(f"not an attribute name: {name!r}")
        parts.append(Markup(' {}="{}"').format(Markup(name), escape(_attr_value(value))))
    return Markup("").join(parts)


def _el(name: str, attrs: Mapping[str, object], *children: Markup | str) -> Markup:
    """An element; str children are escaped, Markup children kept."""
    if not _NAME.match(name):
        raise ValueError(f"not an element name: {name!r}")
    opening = Markup("<{}{}").format(Markup(name), _attrs(attrs))
    if not children:
        return opening + Markup("/>")
    body = Markup("").join(child if isinstance(child, Markup) else escape(xml_text(child)) for child in children)
    return opening + Markup(">") + body + Markup("</{}>").format(Markup(name))


def _text(x: float, y: float, content: str, **attrs: object) -> Markup:
    base: dict[str, object] = {"x": x, "y": y, "fill": TEXT_COLOUR}
    base.update({name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()})
    return _el("text", base, content)


def _line(x1: float, y1: float, x2: float, y2: float, cls: str, stroke: str, width: float = 1.0) -> Markup:
    return _el("line", {"class": cls, "x1": x1, "y1": y1, "x2": x2, "y2": y2, "stroke": stroke, "stroke-width": width})


def _rect(x: float, y: float, width: float, height: float, cls: str, fill: str) -> Markup:
    return _el("rect", {"class": cls, "x": x, "y": y, "width": width, "height": height, "fill": fill})


def _svg_id(prefix: str, key: str) -> str:
    """An id for the svg's title and desc: the same for the same key, safe whatever the key holds."""
    digest = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return _ID_UNSAFE.sub("", prefix) + "-" + digest


# -- sources and their colours ------------------------------------------------------------------------------


def source_name(statement: Statement) -> str:
    """Who a statement is by: its source, else the outlet's own voice (the outlet, or "the outlet")."""
    return statement.source or statement.outlet or THE_OUTLET


def story_sources(story: Story) -> list[str]:
    """The story's sources in order of first appearance, figures or not: the order colours follow."""
    return _unique(source_name(s) for line in story.lines for s in line.statements)


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def source_colours(sources: Sequence[str]) -> dict[str, str]:
    """Each source's colour from ``PALETTE``, by order of first appearance."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(_unique(sources))}


def source_classes(sources: Sequence[str]) -> dict[str, str]:
    """Each source's CSS class, ``source-0`` .. ``source-9``, by order of first appearance."""
    return {name: f"source-{i % len(PALETTE)}" for i, name in enumerate(_unique(sources))}


def _source_shapes(sources: Sequence[str]) -> dict[str, str]:
    return {name: SHAPES[i % len(SHAPES)] for i, name in enumerate(_unique(sources))}


# -- what gets plotted --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One statement with a figure, read for plotting."""

    statement: Statement
    subject: str
    source: str
    day: date | None
    low: float | None  # None: no number ("some")
    high: float | None  # None with a low: open-ended ("at least")

    @property
    def numeric(self) -> bool:
        return self.low is not None

    @property
    def category(self) -> str:
        return str(self.statement.category or "")


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _value(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return max(-PLOT_CAP, min(PLOT_CAP, value))


def _has_number(statement: Statement) -> bool:
    """ "some" reads as 1 or more but gives no number; any figure written with digits does."""
    if statement.figure is None:
        return True
    return any(ch.isdigit() for ch in statement.figure)


def _bounds(statement: Statement) -> tuple[float | None, float | None]:
    low, high = _value(statement.low), _value(statement.high)
    if not _has_number(statement) or (low is None and high is None):
        return None, None
    if low is None:  # "up to" with no lower bound: from zero
        low = min(0.0, high) if high is not None else None
    if low is not None and high is not None and high < low:
        low, high = high, low
    return low, high


def points(story: Story) -> list[Point]:
    """Every statement of the story that gives a figure, in story order."""
    found = []
    for line in story.lines:
        for statement in line.statements:
            if statement.category is None:
                continue
            low, high = _bounds(statement)
            found.append(Point(statement, line.subject, source_name(statement), _day(statement.day), low, high))
    return found


# -- scales -------------------------------------------------------------------------------------------------


def nice_step(span: float, count: int = 5, integral: bool = False) -> float:
    """A step of 1, 2, 2.5 or 5 times a power of ten giving about ``count`` steps over ``span``."""
    raw = span / count if span / count > 1e-9 else 1.0  # no scale finer than a billionth (subnormals)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if raw <= m * power * (1 + 1e-9))
    return max(step, 1.0) if integral else step


def value_ticks(values: Sequence[float]) -> list[float]:
    """Nice ticks from zero (or the lowest value, when below zero) to at or just past the highest."""
    low = min([0.0, *values])
    high = max([0.0, *values])
    if high - low < 1e-6:  # one value, or values no scale could tell apart
        high = low + (10.0 if not values else 1.0)
    integral = all(float(v).is_integer() for v in values)
    step = nice_step(high - low, integral=integral)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [float(f"{k * step:.12g}") for k in range(first, last + 1)]


def tick_label(value: float) -> str:
    """A y tick's label: 1,500 as written; millions and billions short (12M, 3.5B)."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return number_text(value)


_DATE_STEPS: tuple[tuple[str, int, float], ...] = (
    ("day", 1, 1),
    ("day", 2, 2),
    ("day", 7, 7),
    ("day", 14, 14),
    ("month", 1, 30.44),
    ("month", 2, 60.9),
    ("month", 3, 91.3),
    ("month", 6, 182.6),
    *(("year", n, 365.25 * n) for n in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)),
)


def date_ticks(first: date, last: date, most: int = 6) -> list[tuple[date, str]]:
    """Dates to label between ``first`` and ``last``: days, month starts or year starts, at most ``most``."""
    if last <= first:
        return [(first, first.isoformat())]
    span = (last - first).days
    for unit, step, days in _DATE_STEPS:
        if span / days > most:
            continue
        ticks = _ticks_of(unit, step, first, last)
        if 0 < len(ticks) <= most:
            return ticks
    return [(first, first.isoformat())]


def _ticks_of(unit: str, step: int, first: date, last: date) -> list[tuple[date, str]]:
    if unit == "day":
        count = (last - first).days // step
        return [(d, d.isoformat()) for d in (first + timedelta(days=k * step) for k in range(count + 1))]
    if unit == "month":
        months = range(first.year * 12 + first.month - 1, last.year * 12 + last.month)
        found = [date(m // 12, m % 12 + 1, 1) for m in months if m % step == 0 and m // 12 >= 1]
        return [(d, f"{MONTHS[d.month - 1]} {d.year}") for d in found if first <= d <= last]
    years = [y for y in range(first.year, last.year + 1) if y % step == 0]
    return [(date(y, 1, 1), str(y)) for y in years if first <= date(y, 1, 1) <= last]


@dataclass(frozen=True)
class Frame:
    """Where everything of one chart goes."""

    height: float
    plot_bottom: float
    band: tuple[float, float] | None  # top and bottom of the "no number" band
    axis_labels: float  # baseline of the x labels
    legend_top: float
    dates: tuple[float, float] | None  # left and right of the dated area
    unknown: tuple[float, float] | None  # left and right of the "date unknown" band
    first: date | None
    last: date | None
    ticks: tuple[float, ...]

    def x_of(self, day: date) -> float:
        assert self.dates is not None and self.first is not None and self.last is not None
        left, right = self.dates[0] + DATE_PAD, self.dates[1] - DATE_PAD
        total = (self.last - self.first).days
        if total <= 0:
            return (left + right) / 2
        return left + (day - self.first).days / total * (right - left)

    def y_of(self, value: float) -> float:
        low, high = self.ticks[0], self.ticks[-1]
        share = (value - low) / (high - low)
        return self.plot_bottom - share * PLOT_HEIGHT

    @property
    def bottom(self) -> float:
        """The bottom of the plotting area, the "no number" band included."""
        return self.band[1] if self.band else self.plot_bottom


def frame(plotted: Sequence[Point], legend_rows: int) -> Frame:
    days = [p.day for p in plotted if p.day is not None]
    plot_bottom = TOP + PLOT_HEIGHT
    band = None
    if any(not p.numeric for p in plotted):
        band = (plot_bottom + BAND_GAP, plot_bottom + BAND_GAP + BAND_HEIGHT)
    bottom = band[1] if band else plot_bottom
    axis_labels = bottom + 16
    legend_top = axis_labels + 20
    right = WIDTH - RIGHT
    unknown = None
    if any(p.day is None for p in plotted):
        unknown = (right - UNKNOWN_WIDTH, right) if days else (LEFT, right)
    dates = (LEFT, right - (UNKNOWN_WIDTH + UNKNOWN_GAP if unknown else 0.0)) if days else None
    values = [v for p in plotted for v in (p.low, p.high) if v is not None]
    return Frame(
        height=legend_top + legend_rows * LEGEND_ROW + 4,
        plot_bottom=plot_bottom,
        band=band,
        axis_labels=axis_labels,
        legend_top=legend_top,
        dates=dates,
        unknown=unknown,
        first=min(days) if days else None,
        last=max(days) if days else None,
        ticks=tuple(value_ticks(values)),
    )


# -- the figures chart --------------------------------------------------------------------------------------


def figures_chart(story: Story) -> Markup:
    """A story's figures over time, one mark per statement, coloured and shaped by source.

    x is the reported day (unknown days in a band at the right), y the figure: a bar spans a range, an
    arrow rises from an open-ended "at least", and figures without a number sit in a band at the bottom.
    """
    plotted = points(story)
    if not plotted:
        return EMPTY_CHART
    everyone = story_sources(story)
    charted = _unique(p.source for p in plotted)
    box = frame(plotted, len(charted) + 1)
    ident = _svg_id("figures", story.story)
    body = [
        _el("title", {"id": f"{ident}-title"}, _chart_title(plotted)),
        _el("desc", {"id": f"{ident}-desc"}, _chart_desc(plotted, charted)),
        _backdrop(box),
        _y_axis(box),
        _x_axis(box),
        _marks(box, plotted, everyone),
        _legend(box, plotted, charted, everyone),
    ]
    return _el(
        "svg",
        {
            "xmlns": SVG_NS,
            "class": "figures-chart",
            "viewBox": f"0 0 {_num(WIDTH)} {_num(box.height)}",
            "role": "img",
            "aria-labelledby": f"{ident}-title {ident}-desc",
            "font-family": "sans-serif",
            "font-size": 10,
        },
        *body,
    )


def _subjects(plotted: Sequence[Point]) -> list[str]:
    return _unique(p.subject for p in plotted)


def _chart_title(plotted: Sequence[Point]) -> str:
    subjects = _subjects(plotted)
    named = ", ".join(subjects[:3]) + (", …" if len(subjects) > 3 else "")
    return "Figures reported over time" + (f": {named}" if named else "")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _chart_desc(plotted: Sequence[Point], charted: Sequence[str]) -> str:
    parts = [_plural(len(plotted), "figure")]
    undated = sum(p.day is None for p in plotted)
    if undated:
        parts.append(f"{undated} with the date unknown")
    unnumbered = sum(not p.numeric for p in plotted)
    if unnumbered:
        parts.append(f"{unnumbered} without a number")
    return f"Figures reported over time by {_plural(len(charted), 'source')} ({'; '.join(parts)})."


def _backdrop(box: Frame) -> Markup:
    parts = []
    if box.band:
        top, bottom = box.band
        parts.append(_rect(LEFT, top, WIDTH - RIGHT - LEFT, bottom - top, "chart-no-number-band", BAND_COLOUR))
        parts.append(_text(LEFT - 6, (top + bottom) / 2 + 3.5, "no number", text_anchor="end"))
    if box.unknown:
        left, right = box.unknown
        parts.append(_rect(left, TOP, right - left, box.bottom - TOP, "chart-unknown-band", BAND_COLOUR))
        parts.append(_text((left + right) / 2, box.axis_labels, "date unknown", text_anchor="middle"))
    return _el("g", {"class": "chart-bands"}, *parts) if parts else Markup("")


def _y_axis(box: Frame) -> Markup:
    parts = [_line(LEFT, TOP, LEFT, box.plot_bottom, "chart-axis", TEXT_COLOUR)]
    for value in box.ticks:
        y = box.y_of(value)
        parts.append(
            _el(
                "g",
                {"class": "chart-tick-y", "data-value": repr(value)},
                _line(LEFT, y, WIDTH - RIGHT, y, "chart-grid", GRID_COLOUR),
                _line(LEFT - 4, y, LEFT, y, "chart-tick", TEXT_COLOUR),
                _text(LEFT - 6, y + 3.5, tick_label(value), text_anchor="end"),
            )
        )
    return _el("g", {"class": "chart-y-axis"}, *parts)


def _x_axis(box: Frame) -> Markup:
    if box.dates is None or box.first is None or box.last is None:
        return Markup("")
    left, right = box.dates
    parts = [_line(left, box.bottom, right, box.bottom, "chart-axis", TEXT_COLOUR)]
    for day, label in date_ticks(box.first, box.last):
        x = box.x_of(day)
        parts.append(
            _el(
                "g",
                {"class": "chart-tick-x", "data-day": day.isoformat()},
                _line(x, box.bottom, x, box.bottom + 4, "chart-tick", TEXT_COLOUR),
                _text(x, box.axis_labels, label, text_anchor="middle"),
            )
        )
    return _el("g", {"class": "chart-x-axis"}, *parts)


# -- marks --------------------------------------------------------------------------------------------------


def _columns(box: Frame, plotted: Sequence[Point]) -> list[float]:
    """Each point's x: its day's (or the unknown band's), spread sideways when points share it."""
    groups: dict[date | None, list[int]] = {}
    for i, point in enumerate(plotted):
        groups.setdefault(point.day, []).append(i)
    xs = [0.0] * len(plotted)
    for day, members in groups.items():
        if day is None:
            assert box.unknown is not None
            left, right = box.unknown[0] + 2 * MARK_SIZE, box.unknown[1] - 2 * MARK_SIZE
            centre, room = (left + right) / 2, right - left
        else:
            centre, room = box.x_of(day), DATE_PAD * 2 - 2 * MARK_SIZE
        spacing = min(3 * MARK_SIZE, room / max(len(members) - 1, 1))
        for k, i in enumerate(members):
            xs[i] = centre + (k - (len(members) - 1) / 2) * spacing
    return xs


def _marks(box: Frame, plotted: Sequence[Point], everyone: Sequence[str]) -> Markup:
    colours, classes = source_colours(everyone), source_classes(everyone)
    shapes = _source_shapes(_unique(p.source for p in plotted))
    several = len(_subjects(plotted)) > 1
    parts = []
    for point, x in zip(plotted, _columns(box, plotted)):
        colour = colours[point.source]
        parts.append(
            _el(
                "g",
                {
                    "class": f"chart-mark {classes[point.source]}",
                    "data-source": point.source,
                    "data-category": point.category,
                    "data-mark": str(point.statement.mark),
                },
                _el("title", {}, mark_title(point, several)),
                _extent(box, point, x, colour),
                shape(shapes[point.source], x, _mark_y(box, point), colour, hollow=_hollow(point)),
            )
        )
    return _el("g", {"class": "chart-marks"}, *parts)


def _hollow(point: Point) -> bool:
    """A superseded figure is drawn hollow: it was said, then replaced."""
    return str(point.statement.mark) == "superseded" or str(point.statement.status) == "superseded"


def mark_title(point: Point, with_subject: bool = False) -> str:
    """A mark's tooltip: "Pat Ryder: some killed (2024-12-16)"."""
    statement = point.statement
    figure = statement.figure or "some"
    what = point.category.replace("_", " ")
    subject = f", {point.subject}" if with_subject else ""
    when = statement.day if point.day is not None and statement.day else "date unknown"
    return f"{point.source}: {figure} {what}{subject} ({when})"


def _mark_y(box: Frame, point: Point) -> float:
    if point.low is None:
        assert box.band is not None
        return (box.band[0] + box.band[1]) / 2
    if point.high is None:
        return box.y_of(point.low)
    return (box.y_of(point.low) + box.y_of(point.high)) / 2


def _extent(box: Frame, point: Point, x: float, colour: str) -> Markup:
    """A bar with caps for a range, an arrow up for an open-ended figure, nothing for a single value."""
    if point.low is None:
        return Markup("")
    y_low = box.y_of(point.low)
    if point.high is None:
        tip = max(y_low - ARROW, TOP - ARROW)
        head = f"{_num(x - 4)},{_num(tip + 5)} {_num(x)},{_num(tip)} {_num(x + 4)},{_num(tip + 5)}"
        return _line(x, y_low, x, tip, "chart-open", colour, 2) + _el(
            "polyline",
            {"class": "chart-arrow", "points": head, "fill": "none", "stroke": colour, "stroke-width": 2},
        )
    if point.high == point.low:
        return Markup("")
    y_high = box.y_of(point.high)
    return (
        _line(x, y_low, x, y_high, "chart-range", colour, 2)
        + _line(x - 4, y_low, x + 4, y_low, "chart-cap", colour, 2)
        + _line(x - 4, y_high, x + 4, y_high, "chart-cap", colour, 2)
    )


def _polygon(pairs: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_num(px)},{_num(py)}" for px, py in pairs)


def _outline(kind: str, x: float, y: float, s: float) -> Sequence[tuple[float, float]]:
    if kind == "triangle":
        return [(x, y - s), (x + s, y + s), (x - s, y + s)]
    if kind == "triangle-down":
        return [(x - s, y - s), (x + s, y - s), (x, y + s)]
    if kind == "diamond":
        return [(x, y - s), (x + s, y), (x, y + s), (x - s, y)]
    t = s / 2.5  # plus: half the arm's thickness
    return [
        (x - t, y - s), (x + t, y - s), (x + t, y - t), (x + s, y - t), (x + s, y + t), (x + t, y + t),
        (x + t, y + s), (x - t, y + s), (x - t, y + t), (x - s, y + t), (x - s, y - t), (x - t, y - t),
    ]  # fmt: skip


def shape(kind: str, x: float, y: float, colour: str, hollow: bool = False, size: float = MARK_SIZE) -> Markup:
    """A marker centred on (x, y): the middle of its bounding box is the point."""
    paint = {
        "class": "chart-point",
        "fill": "#ffffff" if hollow else colour,
        "stroke": colour if hollow else "#1a1a1a",
        "stroke-width": 1.5 if hollow else 0.75,
    }
    if kind == "circle":
        return _el("circle", {"cx": x, "cy": y, "r": size, **paint})
    if kind == "square":
        side = size * 1.8
        return _el("rect", {"x": x - side / 2, "y": y - side / 2, "width": side, "height": side, **paint})
    return _el("polygon", {"points": _polygon(_outline(kind, x, y, size)), **paint})


# -- legend -------------------------------------------------------------------------------------------------


def _clip(text: str, limit: int = LEGEND_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _legend(box: Frame, plotted: Sequence[Point], charted: Sequence[str], everyone: Sequence[str]) -> Markup:
    colours, classes, shapes = source_colours(everyone), source_classes(everyone), _source_shapes(charted)
    rows = []
    for row, name in enumerate(charted):
        y = box.legend_top + row * LEGEND_ROW
        categories = _unique(p.category.replace("_", " ") for p in plotted if p.source == name)
        rows.append(
            _el(
                "g",
                {"class": f"chart-legend-item {classes[name]}", "data-source": name},
                shape(shapes[name], LEFT - 20, y, colours[name]),
                _text(LEFT - 8, y + 3.5, _clip(f"{name} — {', '.join(categories)}")),
            )
        )
    key_y = box.legend_top + len(charted) * LEGEND_ROW
    rows.append(
        _text(
            LEFT - 24,
            key_y + 3.5,
            "A bar spans a range; an arrow marks an open-ended figure (at least); hollow marks were superseded.",
            font_size=9,
            class_="chart-key",
        )
    )
    return _el("g", {"class": "chart-legend"}, *rows)


# -- the place locator --------------------------------------------------------------------------------------

MAP_WIDTH = 360.0
MAP_HEIGHT = 180.0
MAP_GRID_COLOUR = "#c8d3de"
MAP_AXIS_COLOUR = "#7f93a8"
MAP_POINT_COLOUR = "#D55E00"


def located(latitude: float | None, longitude: float | None) -> tuple[float, float] | None:
    """The point when both coordinates are given, finite and on the globe; else None."""
    if latitude is None or longitude is None:
        return None
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        return None
    return lat, lon


def map_xy(latitude: float, longitude: float) -> tuple[float, float]:
    """Equirectangular: one viewBox unit a degree, (0, 0) at 90° N, 180° W."""
    return longitude + 180.0, 90.0 - latitude


def coordinate_text(value: float) -> str:
    """A coordinate to four decimals, never "-0.0000"."""
    return f"{round(value, 4) + 0.0:.4f}"


def _hemisphere(value: float, positive: str, negative: str) -> str:
    rounded = round(value, 4) + 0.0
    return f"{abs(rounded):.4f}° {positive if rounded >= 0 else negative}"


def place_map(latitude: float | None, longitude: float | None, label: str) -> Markup:
    """A small world locator: a 30° graticule, the equator and prime meridian, and a dot at the place.

    There is no land outline (no map data is shipped); the graticule and a caption with the
    coordinates say where the place is. Missing or impossible coordinates give ``map-empty``.
    """
    point = located(latitude, longitude)
    if point is None:
        return EMPTY_MAP
    lat, lon = point
    where = f"{label} ({coordinate_text(lat)}, {coordinate_text(lon)})"
    ident = _svg_id("map", where)
    svg = _el(
        "svg",
        {
            "xmlns": SVG_NS,
            "class": "place-map",
            "viewBox": f"0 0 {_num(MAP_WIDTH)} {_num(MAP_HEIGHT)}",
            "role": "img",
            "aria-labelledby": f"{ident}-title",
            "font-family": "sans-serif",
        },
        _el("title", {"id": f"{ident}-title"}, f"Where {label} is on a world map: {where}"),
        _rect(0, 0, MAP_WIDTH, MAP_HEIGHT, "map-background", "#f4f7fb"),
        _graticule(),
        _map_point(lat, lon, where),
    )
    caption = _el(
        "figcaption",
        {"class": "map-coordinates"},
        f"{label}: {_hemisphere(lat, 'N', 'S')}, {_hemisphere(lon, 'E', 'W')}",
    )
    return _el("figure", {"class": "place-map"}, svg, caption)


def _degrees(value: int, positive: str, negative: str) -> str:
    return "0°" if value == 0 else f"{abs(value)}°{positive if value > 0 else negative}"


def _graticule() -> Markup:
    parts = []
    for lon in range(-180, 181, 30):
        x, _ = map_xy(0, lon)
        main = lon == 0
        cls = "map-meridian map-prime-meridian" if main else "map-meridian"
        parts.append(_line(x, 0, x, MAP_HEIGHT, cls, MAP_AXIS_COLOUR if main else MAP_GRID_COLOUR, 1 if main else 0.5))
        if -180 < lon < 180 and lon % 60 == 0:
            parts.append(_text(x + 1.5, MAP_HEIGHT - 2, _degrees(lon, "E", "W"), font_size=7, class_="map-label"))
    for lat in range(-90, 91, 30):
        _, y = map_xy(lat, 0)
        main = lat == 0
        cls = "map-parallel map-equator" if main else "map-parallel"
        parts.append(_line(0, y, MAP_WIDTH, y, cls, MAP_AXIS_COLOUR if main else MAP_GRID_COLOUR, 1 if main else 0.5))
        if -90 < lat < 90:
            parts.append(_text(1.5, y - 1.5, _degrees(lat, "N", "S"), font_size=7, class_="map-label"))
    return _el("g", {"class": "map-graticule"}, *parts)


def _map_point(lat: float, lon: float, where: str) -> Markup:
    x, y = map_xy(lat, lon)
    return _el(
        "g",
        {"class": "map-point"},
        _el("title", {}, where),
        _line(x, 0, x, MAP_HEIGHT, "map-crosshair", MAP_POINT_COLOUR, 0.4),
        _line(0, y, MAP_WIDTH, y, "map-crosshair", MAP_POINT_COLOUR, 0.4),
        _el(
            "circle", {"class": "map-halo", "cx": x, "cy": y, "r": 7.0, "fill": MAP_POINT_COLOUR, "fill-opacity": 0.25}
        ),
        _el("circle", {"class": "map-dot", "cx": x, "cy": y, "r": 3.0, "fill": MAP_POINT_COLOUR, "stroke": "#ffffff"}),
    )
