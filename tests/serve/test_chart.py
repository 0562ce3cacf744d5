"""The server-made SVG charts: one mark per figure in the right place, escaped text, well-formed XML, no style.

The charts are parsed with ElementTree, as any XML reader would: positions are checked against the
chart's own axis ticks, so the tests hold whatever the layout constants are.
"""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from newsledger.records import Category, Event, Line, Span, Statement, Story
from newsledger.serve.chart import (
    PALETTE,
    date_ticks,
    figures_chart,
    place_map,
    source_classes,
    source_colours,
    story_sources,
    tick_label,
    value_ticks,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = ["<script>alert(1)</script>", 'He said "no" & left', "O'Brien & <b>Sons</b>", "]]><x/>&amp;"]


# -- building records by hand ------------------------------------------------------------------------------


def statement(
    source: str | None = "Pat Ryder",
    day: str | None = "2024-12-16",
    category: str | None = "killed",
    figure: str | None = "some",
    low: float | None = 1.0,
    high: float | None = None,
    outlet: str | None = "AP",
    mark: str = "agrees",
) -> Statement:
    return Statement(
        article_id="a1",
        day=day,
        outlet=outlet,
        source=source,
        cue="said",
        stance=None,
        category=category,
        figure=figure if category else None,
        low=low if category else None,
        high=high if category else None,
        text="the text",
        sentence=Span(text="the text", start=0, end=8),
        mark=mark,
    )


def story(*statements: Statement, subject: str = "North Korean troops", lines: list[Line] | None = None) -> Story:
    event = Event(
        story_id="s1",
        event_date=None,
        event_type="Battles",
        actor1=None,
        actor2=None,
        location=None,
        latitude=None,
        longitude=None,
        fatalities=0,
        sources=[],
        notes="",
    )
    lines = lines if lines is not None else [Line(subject=subject, statements=list(statements))]
    return Story(story="s1", event=event, articles=[], casualties={}, lines=lines)


# -- reading the SVG ---------------------------------------------------------------------------------------


def parse(markup: Markup) -> ET.Element:
    assert isinstance(markup, Markup)
    return ET.fromstring(str(markup))


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def with_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in classes(e)]


def marks(root: ET.Element) -> list[ET.Element]:
    return with_class(root, "chart-mark")


def viewbox(root: ET.Element) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in root.get("viewBox", "").split())
    return x, y, w, h


def point_of(mark: ET.Element) -> tuple[float, float]:
    """The centre of a mark's marker: the middle of its bounding box."""
    (shape,) = with_class(mark, "chart-point")
    if shape.tag == SVG + "circle":
        return float(shape.get("cx", "nan")), float(shape.get("cy", "nan"))
    if shape.tag == SVG + "rect":
        x, y = float(shape.get("x", "nan")), float(shape.get("y", "nan"))
        return x + float(shape.get("width", "nan")) / 2, y + float(shape.get("height", "nan")) / 2
    pairs = [tuple(float(v) for v in pair.split(",")) for pair in shape.get("points", "").split()]
    xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def band(root: ET.Element, name: str) -> tuple[float, float, float, float]:
    (rect,) = with_class(root, name)
    x, y = float(rect.get("x", "nan")), float(rect.get("y", "nan"))
    return x, y, x + float(rect.get("width", "nan")), y + float(rect.get("height", "nan"))


def y_scale(root: ET.Element):
    """value -> y, from the y ticks' values and their grid lines."""
    ticks = []
    for tick in with_class(root, "chart-tick-y"):
        (grid,) = with_class(tick, "chart-grid")
        ticks.append((float(tick.get("data-value", "nan")), float(grid.get("y1", "nan"))))
    (v0, y0), (v1, y1) = ticks[0], ticks[-1]
    return lambda value: y0 + (value - v0) / (v1 - v0) * (y1 - y0)


def mark_of(root: ET.Element, source: str) -> ET.Element:
    (mark,) = [m for m in marks(root) if m.get("data-source") == source]
    return mark


def title_of(element: ET.Element) -> str:
    title = element.find(SVG + "title")
    assert title is not None
    return title.text or ""


X_ATTRS = ("x", "x1", "x2", "cx")
Y_ATTRS = ("y", "y1", "y2", "cy")


def assert_inside(root: ET.Element) -> None:
    """Every coordinate is a finite number inside the viewBox."""
    left, top, width, height = viewbox(root)
    right, bottom = left + width, top + height

    def inside(value: str | None, low: float, high: float) -> float:
        number = float(value or "nan")
        assert math.isfinite(number) and low - 1e-6 <= number <= high + 1e-6, (value, low, high)
        return number

    for element in root.iter():
        xs = [inside(element.get(a), left, right) for a in X_ATTRS if element.get(a) is not None]
        ys = [inside(element.get(a), top, bottom) for a in Y_ATTRS if element.get(a) is not None]
        if element.get("width") is not None and element is not root:
            inside(str(xs[0] + float(element.get("width", "nan"))), left, right)
            inside(str(ys[0] + float(element.get("height", "nan"))), top, bottom)
        if element.get("r") is not None:
            assert math.isfinite(float(element.get("r", "nan")))
        for pair in (element.get("points") or "").split():
            px, py = pair.split(",")
            inside(px, left, right)
            inside(py, top, bottom)


def assert_no_style_or_script(root: ET.Element) -> None:
    for element in root.iter():
        tag = element.tag.split("}")[-1]
        assert tag not in {"style", "script", "foreignObject", "image", "use", "a"}, tag
        assert "style" not in element.attrib
        assert not any(name.startswith("on") for name in element.attrib), element.attrib
        assert not any("href" in name for name in element.attrib), element.attrib


# -- the figures chart --------------------------------------------------------------------------------------


def sample_story() -> Story:
    return story(
        statement("Pentagon", "2024-12-16", "killed", "some", 1.0, None),
        statement("Ukraine’s military intelligence agency", "2024-12-14", "killed_or_wounded", "about 30", 22.5, 37.5),
        statement("GUR", "2024-12-20", "missing", "at least 3", 3.0, None),
        statement("White House", "2024-12-16", None),
        statement("Pat Ryder", "2024-12-16", "killed", "some", 1.0, None),
        statement("Pat Ryder", None, "killed", "40", 40.0, 40.0),
        statement(None, "2024-12-18", "wounded", "10,000", 10000.0, 10000.0, outlet="Reuters"),
    )


def test_each_statement_with_a_figure_is_one_mark_with_its_source() -> None:
    root = parse(figures_chart(sample_story()))
    assert Counter(m.get("data-source") for m in marks(root)) == Counter(
        {
            "Pentagon": 1,
            "Ukraine’s military intelligence agency": 1,
            "GUR": 1,
            "Pat Ryder": 2,
            "Reuters": 1,  # the outlet's own voice
        }
    )
    assert "White House" not in {m.get("data-source") for m in marks(root)}
    titles = {title_of(m) for m in marks(root)}
    assert "Pat Ryder: some killed (2024-12-16)" in titles
    assert "Pat Ryder: 40 killed (date unknown)" in titles
    assert "Ukraine’s military intelligence agency: about 30 killed or wounded (2024-12-14)" in titles


def test_the_outlets_own_voice_without_an_outlet_is_the_outlet() -> None:
    root = parse(figures_chart(story(statement(None, outlet=None))))
    assert [m.get("data-source") for m in marks(root)] == ["the outlet"]


def test_the_svg_is_labelled_and_summarised() -> None:
    root = parse(figures_chart(sample_story()))
    assert root.tag == SVG + "svg"
    assert classes(root) == {"figures-chart"}
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    (title,) = [e for e in root if e.get("id") == title_id]
    (desc,) = [e for e in root if e.get("id") == desc_id]
    assert title.tag == SVG + "title" and "North Korean troops" in (title.text or "")
    assert desc.tag == SVG + "desc"
    assert (desc.text or "").startswith("Figures reported over time by 5 sources")


def test_marks_carry_the_class_and_colour_the_page_uses_for_their_source() -> None:
    record = sample_story()
    root = parse(figures_chart(record))
    page_classes = source_classes(story_sources(record))
    page_colours = source_colours(story_sources(record))
    for mark in marks(root):
        source = mark.get("data-source", "")
        assert page_classes[source] in classes(mark)
        (shape,) = with_class(mark, "chart-point")
        assert shape.get("fill") == page_colours[source]
    legend = {e.get("data-source"): e for e in with_class(root, "chart-legend-item")}
    assert set(legend) == {m.get("data-source") for m in marks(root)}
    assert "".join(legend["Ukraine’s military intelligence agency"].itertext()).endswith("killed or wounded")


def test_unknown_days_fall_in_the_date_unknown_band() -> None:
    root = parse(figures_chart(sample_story()))
    left, _, right, _ = band(root, "chart-unknown-band")
    assert "date unknown" in "".join(root.itertext())
    for mark in marks(root):
        x, _ = point_of(mark)
        undated = title_of(mark).endswith("(date unknown)")
        assert (left <= x <= right) == undated, title_of(mark)


def test_an_unparseable_day_counts_as_unknown() -> None:
    root = parse(figures_chart(story(statement(day="sometime"), statement("GUR", day="2024-12-16"))))
    left, _, right, _ = band(root, "chart-unknown-band")
    assert left <= point_of(mark_of(root, "Pat Ryder"))[0] <= right
    assert not left <= point_of(mark_of(root, "GUR"))[0] <= right


def test_only_unknown_days_need_no_date_axis() -> None:
    root = parse(figures_chart(story(statement(day=None), statement("GUR", day=None, figure="3", low=3, high=3))))
    assert with_class(root, "chart-unknown-band")
    assert not with_class(root, "chart-tick-x")


def test_dates_run_left_to_right() -> None:
    root = parse(
        figures_chart(
            story(
                statement("A", "2024-12-20", figure="5", low=5, high=5),
                statement("B", "2024-12-01", figure="5", low=5, high=5),
                statement("C", "2025-02-01", figure="5", low=5, high=5),
            )
        )
    )
    xs = {m.get("data-source"): point_of(m)[0] for m in marks(root)}
    assert xs["B"] < xs["A"] < xs["C"]
    assert not with_class(root, "chart-unknown-band")
    assert with_class(root, "chart-tick-x")


def test_a_figure_without_a_number_falls_in_the_no_number_band() -> None:
    root = parse(figures_chart(sample_story()))
    _, top, _, bottom = band(root, "chart-no-number-band")
    assert "no number" in "".join(root.itertext())
    for mark in marks(root):
        _, y = point_of(mark)
        assert (top <= y <= bottom) == (" some " in title_of(mark)), title_of(mark)


def test_no_band_for_numbers_when_every_figure_has_one() -> None:
    root = parse(figures_chart(story(statement(figure="4", low=4.0, high=4.0))))
    assert not with_class(root, "chart-no-number-band")


def test_a_range_draws_a_bar_between_its_ends() -> None:
    root = parse(figures_chart(sample_story()))
    y_of = y_scale(root)
    mark = mark_of(root, "Ukraine’s military intelligence agency")
    (bar,) = with_class(mark, "chart-range")
    assert float(bar.get("y1", "nan")) == pytest.approx(y_of(22.5), abs=0.01)
    assert float(bar.get("y2", "nan")) == pytest.approx(y_of(37.5), abs=0.01)
    assert float(bar.get("x1", "nan")) == float(bar.get("x2", "nan")) == pytest.approx(point_of(mark)[0])
    assert point_of(mark)[1] == pytest.approx(y_of(30), abs=0.01)


def test_a_single_value_is_a_point_without_a_bar() -> None:
    root = parse(figures_chart(sample_story()))
    mark = mark_of(root, "Reuters")
    assert not with_class(mark, "chart-range") and not with_class(mark, "chart-open")
    assert point_of(mark)[1] == pytest.approx(y_scale(root)(10000), abs=0.01)


def test_an_open_ended_figure_has_an_arrow_upward_from_its_low() -> None:
    root = parse(figures_chart(sample_story()))
    mark = mark_of(root, "GUR")
    (stem,) = with_class(mark, "chart-open")
    assert float(stem.get("y1", "nan")) == pytest.approx(y_scale(root)(3), abs=0.01)
    assert float(stem.get("y2", "nan")) < float(stem.get("y1", "nan"))
    assert with_class(mark, "chart-arrow")


def test_an_up_to_figure_spans_from_zero() -> None:
    root = parse(figures_chart(story(statement(figure="up to 12", low=0.0, high=12.0))))
    (bar,) = with_class(mark_of(root, "Pat Ryder"), "chart-range")
    y_of = y_scale(root)
    ends = sorted([float(bar.get("y1", "nan")), float(bar.get("y2", "nan"))])
    assert ends == pytest.approx(sorted([y_of(0), y_of(12)]))


def test_a_superseded_figure_is_drawn_hollow() -> None:
    root = parse(figures_chart(story(statement(figure="12", low=12, high=12, mark="superseded"))))
    (shape,) = with_class(mark_of(root, "Pat Ryder"), "chart-point")
    assert shape.get("fill") == "#ffffff"
    assert mark_of(root, "Pat Ryder").get("data-mark") == "superseded"


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_text_is_escaped_and_the_svg_still_parses(name: str) -> None:
    record = story(
        statement(name, figure=name, outlet=name),
        statement(None, day=name, outlet=name, figure="3", low=3, high=3),
        subject=name,
    )
    markup = figures_chart(record)
    assert "<script" not in markup and "<b>" not in markup and "<x/>" not in markup
    root = parse(markup)
    assert_no_style_or_script(root)
    assert [m.get("data-source") for m in marks(root)] == [name, name]
    assert title_of(marks(root)[0]) == f"{name}: {name} killed (2024-12-16)"
    legend_text = "".join("".join(e.itertext()) for e in with_class(root, "chart-legend-item"))
    assert name in legend_text


def test_characters_xml_cannot_hold_are_dropped() -> None:
    root = parse(figures_chart(story(statement("Pat\x00 Ry\x1bder\ufffe"))))
    assert [m.get("data-source") for m in marks(root)] == ["Pat Ryder"]


def test_no_style_attribute_or_element_anywhere() -> None:
    for markup in (
        figures_chart(sample_story()),
        figures_chart(story(statement(day=None))),
        place_map(50.45, 30.52, "Kyiv"),
    ):
        assert "style=" not in markup and "<style" not in markup
        assert_no_style_or_script(parse(markup))


def test_a_story_without_figures_gives_the_empty_note() -> None:
    empty = '<p class="chart-empty">No figures to chart.</p>'
    assert figures_chart(story()) == Markup(empty)
    assert figures_chart(story(lines=[])) == Markup(empty)
    assert figures_chart(story(statement("White House", category=None))) == Markup(empty)


def test_charts_stay_inside_their_viewbox() -> None:
    for record in (sample_story(), story(statement(day=None)), story(statement(figure="0", low=0.0, high=0.0))):
        assert_inside(parse(figures_chart(record)))


def test_several_subjects_are_named_in_the_titles() -> None:
    record = story(
        lines=[
            Line(subject="soldiers", statements=[statement("A", figure="3", low=3, high=3)]),
            Line(subject="civilians", statements=[statement("A", figure="7", low=7, high=7)]),
        ]
    )
    root = parse(figures_chart(record))
    assert {title_of(m) for m in marks(root)} == {
        "A: 3 killed, soldiers (2024-12-16)",
        "A: 7 killed, civilians (2024-12-16)",
    }


# -- scales -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [[], [0.0], [1.0], [3.0], [30.0, 30.0, 30.0], [22.5, 37.5], [10000.0], [1e7], [0.0, 1e7], [2.5], [0.4]],
)
def test_value_ticks_are_nice_and_cover_the_values(values: list[float]) -> None:
    ticks = value_ticks(values)
    assert 2 <= len(ticks) <= 12
    assert ticks[0] == 0.0 and ticks == sorted(set(ticks))
    assert all(ticks[0] <= v <= ticks[-1] for v in values)
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    (step,) = steps
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(mantissa == pytest.approx(m) for m in (1, 2, 2.5, 5))


def test_integer_figures_get_integer_ticks() -> None:
    assert value_ticks([3.0]) == [0.0, 1.0, 2.0, 3.0]
    assert value_ticks([1.0]) == [0.0, 1.0]


def test_tick_labels_read_as_numbers() -> None:
    assert [tick_label(v) for v in (0.0, 2.5, 1500.0, 10000.0, 1e7, 2.5e9)] == [
        "0",
        "2.5",
        "1,500",
        "10,000",
        "10M",
        "2.5B",
    ]


def test_date_ticks() -> None:
    day = date(2024, 12, 16)
    assert date_ticks(day, day) == [(day, "2024-12-16")]
    assert [t[1] for t in date_ticks(day, date(2024, 12, 19))] == [
        "2024-12-16",
        "2024-12-17",
        "2024-12-18",
        "2024-12-19",
    ]
    assert [t[1] for t in date_ticks(date(2024, 1, 5), date(2024, 6, 20))] == [
        "Feb 2024",
        "Mar 2024",
        "Apr 2024",
        "May 2024",
        "Jun 2024",
    ]
    assert [t[1] for t in date_ticks(date(1900, 1, 1), date(2100, 12, 31))] == ["1900", "1950", "2000", "2050", "2100"]
    for first, last in ((date(2000, 2, 3), date(2000, 9, 1)), (date(1901, 3, 3), date(2099, 1, 2))):
        ticks = date_ticks(first, last)
        assert 1 <= len(ticks) <= 6 and all(first <= t <= last for t, _ in ticks)


# -- colours ------------------------------------------------------------------------------------------------


def test_palette_is_ten_distinct_colours() -> None:
    assert len(PALETTE) == 10 == len(set(c.lower() for c in PALETTE))
    assert all(re.fullmatch(r"#[0-9A-Fa-f]{6}", c) for c in PALETTE)


def test_source_colours_and_classes_follow_first_appearance() -> None:
    names = [f"s{i}" for i in range(12)]
    assert source_colours(["b", "a", "b", "c"]) == {"b": PALETTE[0], "a": PALETTE[1], "c": PALETTE[2]}
    assert source_classes(["b", "a", "b", "c"]) == {"b": "source-0", "a": "source-1", "c": "source-2"}
    assert source_classes(names)["s10"] == "source-0" and source_classes(names)["s11"] == "source-1"
    assert source_colours(names)["s10"] == PALETTE[0]
    assert list(source_colours(names)) == names


def test_story_sources_include_those_without_figures_in_story_order() -> None:
    assert story_sources(sample_story()) == [
        "Pentagon",
        "Ukraine’s military intelligence agency",
        "GUR",
        "White House",
        "Pat Ryder",
        "Reuters",
    ]


# -- random statements --------------------------------------------------------------------------------------

values = st.one_of(st.none(), st.sampled_from([0.0, 1.0, 1e7]), st.floats(min_value=0, max_value=1e7))
days = st.one_of(
    st.none(),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat),
    st.sampled_from(["", "2024-13-45", "unknown", "2024-12"]),
)
names = st.one_of(st.none(), st.sampled_from(HOSTILE), st.text(max_size=40))
figures = st.one_of(st.none(), st.sampled_from(["some", "about 30", "at least 3", "up to 12", "0", "10,000,000"]))


@st.composite
def random_statement(draw: st.DrawFn) -> Statement:
    return statement(
        source=draw(names),
        day=draw(days),
        category=draw(st.one_of(st.none(), st.sampled_from([c.value for c in Category]))),
        figure=draw(figures),
        low=draw(values),
        high=draw(values),
        outlet=draw(names),
        mark=draw(st.sampled_from(["agrees", "conflicts", "superseded", "unsourced"])),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(random_statement(), max_size=12), max_size=3))
def test_random_statements_give_well_formed_svg_inside_its_viewbox(lines: list[list[Statement]]) -> None:
    record = story(lines=[Line(subject=f"subject {i}", statements=s) for i, s in enumerate(lines)])
    markup = figures_chart(record)
    charted = [s for line in lines for s in line if s.category is not None]
    if not charted:
        assert "chart-empty" in markup
        return
    root = parse(markup)
    assert len(marks(root)) == len(charted)
    assert_inside(root)
    assert_no_style_or_script(root)


# -- the seed's story ---------------------------------------------------------------------------------------


def test_the_seed_story_charts_its_sources(seed_db: Path) -> None:
    from newsledger.ledger import Ledger

    with Ledger(seed_db, readonly=True) as ledger:
        record = ledger.story("s53849f31")
    root = parse(figures_chart(record))
    sources = {m.get("data-source") for m in marks(root)}
    assert {"Ukraine’s military intelligence agency", "Pentagon", "Pat Ryder"} <= sources
    charted = [s for line in record.lines for s in line.statements if s.category is not None]
    assert len(marks(root)) == len(charted)
    _, top, _, bottom = band(root, "chart-no-number-band")
    assert top <= point_of(mark_of(root, "Pat Ryder"))[1] <= bottom  # "some killed"
    assert_inside(root)
    assert_no_style_or_script(root)


# -- the place locator --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latitude", "longitude", "x", "y"),
    [
        (0.0, 0.0, 180.0, 90.0),
        (90.0, -180.0, 0.0, 0.0),
        (-90.0, 180.0, 360.0, 180.0),
        (50.4501, 30.5234, 210.5234, 39.5499),
        (-33.8688, 151.2093, 331.2093, 123.8688),
        (40.7128, -74.006, 105.994, 49.2872),
    ],
)
def test_the_map_puts_the_point_where_it_is(latitude: float, longitude: float, x: float, y: float) -> None:
    root = parse(place_map(latitude, longitude, "Here"))
    (svg,) = [e for e in root.iter() if e.tag == SVG + "svg"]
    assert viewbox(svg) == (0, 0, 360, 180)
    (dot,) = with_class(root, "map-dot")
    assert float(dot.get("cx", "nan")) == pytest.approx(x, abs=1e-4)
    assert float(dot.get("cy", "nan")) == pytest.approx(y, abs=1e-4)
    (point,) = with_class(root, "map-point")
    assert title_of(point) == f"Here ({latitude:.4f}, {longitude:.4f})"
    assert_inside(svg)


def test_the_map_has_a_graticule_equator_prime_meridian_and_caption() -> None:
    root = parse(place_map(-33.86881, 151.20929, "Sydney"))
    assert len(with_class(root, "map-meridian")) == 13
    assert len(with_class(root, "map-parallel")) == 7
    (equator,) = with_class(root, "map-equator")
    assert float(equator.get("y1", "nan")) == 90
    (meridian,) = with_class(root, "map-prime-meridian")
    assert float(meridian.get("x1", "nan")) == 180
    (caption,) = with_class(root, "map-coordinates")
    assert caption.text == "Sydney: 33.8688° S, 151.2093° E"
    (svg,) = [e for e in root.iter() if e.tag == SVG + "svg"]
    assert svg.get("role") == "img"
    assert title_of(svg).endswith("Sydney (-33.8688, 151.2093)")


@pytest.mark.parametrize("label", HOSTILE)
def test_the_map_escapes_its_label(label: str) -> None:
    markup = place_map(1.0, 2.0, label)
    assert "<script" not in markup and "<b>" not in markup
    root = parse(markup)
    assert title_of(with_class(root, "map-point")[0]) == f"{label} (1.0000, 2.0000)"
    assert_no_style_or_script(root)


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        (None, None),
        (None, 3.0),
        (3.0, None),
        (90.5, 0.0),
        (-91.0, 0.0),
        (0.0, 180.01),
        (0.0, -200.0),
        (math.nan, 0.0),
        (0.0, math.inf),
    ],
)
def test_the_map_without_a_usable_point_says_so(latitude: float | None, longitude: float | None) -> None:
    assert place_map(latitude, longitude, "Nowhere") == Markup('<p class="map-empty">Place not located.</p>')


def test_the_map_never_prints_minus_zero() -> None:
    root = parse(place_map(-0.00001, -0.00004, "Null Island"))
    assert title_of(with_class(root, "map-point")[0]) == "Null Island (0.0000, 0.0000)"
