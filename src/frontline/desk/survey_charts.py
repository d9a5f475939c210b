"""The trend charts of the survey scores page: line charts drawn on the server as SVG, put inline in the page.

A chart carries no script and loads nothing: pygal's configuration script is taken out of the drawing, and each
point gets an SVG <title>, so the browser itself shows the period and the score on hover. Labels (agent, team
and queue names are people's data) are written as XML text and attributes, which escapes them. Every chart has
a text alternative: its caption says what it shows, and the page shows the same numbers as a table.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.etree import etree
from pygal.style import Style

from frontline.surveys.scoring import Mean, NetPromoter, Proportion

Measure = NetPromoter | Proportion | Mean

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
SERIES_COLOURS = ("#1d4ed8", "#c2410c", "#15803d")
INTERVAL_COLOURS = ("#9db0ec", "#eeb08f", "#8fcaa3")  # the series colours, lighter: the intervals stay behind
# Lines after the first are dashed, so that they are told apart without their colour.
SERIES_DASHES = ("", "7, 4", "2, 3")
MAX_AXIS_LABELS = 9


@dataclass(frozen=True, slots=True)
class Point:
    """One period's score on a chart: None (a gap in the line) when too few answered."""

    value: float | None
    low: float | None
    high: float | None
    answers: int


@dataclass(frozen=True, slots=True)
class Series:
    """One line of a chart: a group's score in each period."""

    label: str
    points: list[Point]


@dataclass(frozen=True, slots=True)
class Scale:
    """How a measure is drawn: its name, axis range and ticks, and how a value is written."""

    name: str
    low: float
    high: float
    ticks: tuple[float, ...]
    write: Callable[[float], str]


NPS_SCALE = Scale(
    name="Net promoter score",
    low=-100,
    high=100,
    ticks=(-100, -50, 0, 50, 100),
    write=lambda value: f"{value:.0f}",
)
SATISFACTION_SCALE = Scale(
    name="Satisfied (CSAT)",
    low=0,
    high=100,
    ticks=(0, 25, 50, 75, 100),
    write=lambda value: f"{value:.0f}%",
)


def point_of(measure: Measure | None, *, as_percent: bool = False) -> Point:
    """A measure as a chart point; shares become percentages when `as_percent`."""
    if measure is None:
        return Point(None, None, None, 0)
    answers = measure.n
    if measure.too_few or measure.value is None:
        return Point(None, None, None, answers)
    factor = 100.0 if as_percent else 1.0
    low = None if measure.low is None else measure.low * factor
    high = None if measure.high is None else measure.high * factor
    return Point(measure.value * factor, low, high, answers)


def period_label(day: dt.date, period: str, *, with_year: bool) -> str:
    """A period as an axis label: "3 Mar" (a day or the week starting that day), "Mar 2025", "Q1 2025"."""
    if period == "quarter":
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if period == "month":
        return f"{day:%b %Y}"
    return f"{day.day} {day:%b %Y}" if with_year else f"{day.day} {day:%b}"


def period_labels(periods: Sequence[dt.date], period: str) -> list[str]:
    """The axis labels of the periods, with the year only when they span more than one."""
    with_year = len({day.year for day in periods}) > 1
    return [period_label(day, period, with_year=with_year) for day in periods]


def _style() -> Style:
    return Style(
        font_family='system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1f2933",
        foreground_strong="#1f2933",
        foreground_subtle="#9aa5b1",
        opacity="1",
        opacity_hover="1",
        colors=SERIES_COLOURS,
        ci_colors=INTERVAL_COLOURS,
        label_font_size=12,
        major_label_font_size=12,
        legend_font_size=13,
        title_font_size=14,
        value_font_size=12,
        tooltip_font_size=12,
        guide_stroke_color="#d3d9e0",
        major_guide_stroke_color="#d3d9e0",
        stroke_opacity="1",
        stroke_opacity_hover="1",
    )


def _point_title(label: str, series: str, point: Point, scale: Scale) -> str:
    if point.value is None:
        return f"{label}, {series}: too few answers"
    interval = ""
    if point.low is not None and point.high is not None:
        interval = f" (95% interval {scale.write(point.low)} to {scale.write(point.high)})"
    return f"{label}, {series}: {scale.write(point.value)}{interval}, {point.answers} answers"


def _local_name(element: Any) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _classes(element: Any) -> list[str]:
    return str(element.get("class") or "").split()


def _without_scripts(root: Any) -> Any:
    """Take every <script> out of the drawing: the page runs none of pygal's."""
    for parent in list(root.iter()):
        for child in list(parent):
            if _local_name(child) == "script":
                parent.remove(child)
    return root


def _prepend(parent: Any, name: str, text: str) -> None:
    """Put a child element with `text` first in `parent`, named the way `parent` is (with or without namespace)."""
    element = etree.Element(f"{{{SVG_NAMESPACE}}}{name}" if parent.tag.startswith("{") else name)
    element.text = text
    parent.insert(0, element)


def _described(title: str, summary: str, labels: list[str], series: list[Series], scale: Scale) -> Callable[..., Any]:
    """An XML filter naming the drawing for assistive technology and giving each point its hover title."""

    def describe(root: Any) -> Any:
        root.set("role", "img")
        root.set("aria-label", f"{title}. {summary}")
        root.set("focusable", "false")
        for index, line in enumerate(series):
            dots = [
                dot
                for group in root.iter()
                if f"serie-{index}" in _classes(group)
                for dot in group.iter()
                if "dots" in _classes(dot)
            ]
            drawn = [
                (label, point) for label, point in zip(labels, line.points, strict=True) if point.value is not None
            ]
            for dot, (label, point) in zip(dots, drawn, strict=False):
                _prepend(dot, "title", _point_title(label, line.label, point, scale))
        return root

    return describe


def _plotted(point: Point) -> dict[str, Any] | None:
    """A point as pygal takes it: the value with its interval, or None for a gap."""
    if point.value is None:
        return None
    low = point.value if point.low is None else point.low
    high = point.value if point.high is None else point.high
    return {"value": point.value, "ci": {"low": low, "high": high}}


def has_points(series: Sequence[Series]) -> bool:
    """Whether any period of any series has a score to draw."""
    return any(point.value is not None for line in series for point in line.points)


def trend_chart(*, title: str, summary: str, labels: list[str], series: list[Series], scale: Scale) -> SafeString:
    """A line chart of `series` over the periods named by `labels`, as inline SVG: the 95% interval drawn as a bar
    at each point, with a gap wherever a period had too few answers. `title` and `summary` name it for assistive
    technology."""
    chart = pygal.Line(
        js=[],
        style=_style(),
        width=640,
        height=300,
        margin=12,
        margin_right=36,  # room for half of the last period's label
        spacing=12,
        allow_interruptions=True,
        range=(scale.low, scale.high),
        y_labels=list(scale.ticks),
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=len(series),
        truncate_legend=-1,
        truncate_label=-1,
        dots_size=3.5,
        stroke_style={"width": 2.5},
        show_minor_x_labels=False,
        x_labels_major_every=max(1, math.ceil(len(labels) / MAX_AXIS_LABELS)),
        x_label_rotation=0,
        value_formatter=scale.write,
        show_y_guides=True,
        show_x_guides=False,
        tooltip_fancy_mode=False,
    )
    chart.x_labels = labels
    for index, line in enumerate(series):
        dash = SERIES_DASHES[index % len(SERIES_DASHES)]
        chart.add(
            line.label,
            [_plotted(point) for point in line.points],
            stroke_style={"width": 2.5, "dasharray": dash} if dash else {"width": 2.5},
        )
    chart.add_xml_filter(_without_scripts)
    chart.add_xml_filter(_described(title, summary, labels, series, scale))
    drawing = chart.render(is_unicode=True, disable_xml_declaration=True)
    # Safe: pygal writes every label and legend as escaped XML text, and the filters above took out its script.
    return mark_safe(drawing)  # noqa: S308
