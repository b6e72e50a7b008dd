"""Geometry of the dashboard's charts; the templates draw it as inline SVG, so charts need no JavaScript.

Only numbers and the caller's labels come out of here: the SVG itself is written by Jinja templates,
whose autoescaping covers every label taken from an article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass
class Tick:
    at: float
    label: str
    anchor: str = "middle"  # SVG text-anchor


@dataclass
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    baseline: float
    left: float


def _nice_step(top: int, steps: int = 4) -> int:
    """A round step (1, 2, 5 × 10^n) that divides 0..top into about `steps` parts."""
    raw = max(top / steps, 1)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def bar_chart(points: list[tuple[str, int]], width: int = 720, height: int = 200, max_labels: int = 12) -> BarChart:
    """Vertical bars, one per point, with a y axis of round numbers and at most `max_labels` x labels."""
    left, bottom, top_margin = 40.0, 22.0, 8.0
    plot_w, plot_h = width - left - 4, height - bottom - top_margin
    top = max((v for _, v in points), default=0)
    step = _nice_step(top)
    ceiling = max(step * -(-top // step), 1)
    slot = plot_w / max(len(points), 1)
    bars = []
    for i, (label, value) in enumerate(points):
        h = plot_h * value / ceiling
        bars.append(Bar(left + i * slot + slot * 0.1, top_margin + plot_h - h, max(slot * 0.8, 1), h, label, value))
    every = max(1, -(-len(points) // max_labels))
    x_ticks = [Tick(b.x + b.width / 2, b.label) for i, b in enumerate(bars) if i % every == 0]
    y_ticks = [Tick(top_margin + plot_h - plot_h * v / ceiling, str(v)) for v in range(0, ceiling + 1, step)]
    return BarChart(width, height, bars, x_ticks, y_ticks, top_margin + plot_h, left)


@dataclass
class Span:
    x1: float
    x2: float
    y: float
    label: str
    start: str
    end: str
    href: str | None = None


@dataclass
class Row:
    label: str
    y: float


@dataclass
class Timeline:
    width: int
    height: int
    spans: list[Span]
    ticks: list[Tick]
    axis_y: float
    left: float
    rows: list[Row] = field(default_factory=list)


def day(value: str | None) -> date | None:
    """The date of an ISO date or date-time; None for '--MM-DD' (no year) and anything unreadable."""
    try:
        return date.fromisoformat(value[:10]) if value and not value.startswith("--") else None
    except ValueError:
        return None


def timeline(items: list[dict[str, Any]], width: int = 960, row: int = 24, label_width: int = 300) -> Timeline | None:
    """One row per label, on the left; each item's span (`start` to `end`, ISO) on a shared time axis, in its
    label's row: a unit reviewed ten times is one row of ten marks, not ten rows.

    Items without a usable start are left out (the page lists them beside the chart); None when none is left.
    """
    dated = [(s, e or s, i) for i in items if (s := day(i.get("start"))) for e in [day(i.get("end"))]]
    if not dated:
        return None
    first = min(s for s, _, _ in dated)
    last = max(e for _, e, _ in dated)
    span_days = max((last - first).days, 1)
    left, right = 12.0 + label_width, 16.0
    scale = (width - left - right) / span_days
    spans, rows = [], {}
    for s, e, item in sorted(dated, key=lambda d: (d[0], d[1])):
        x1 = left + (s - first).days * scale
        y = rows.setdefault(item["label"], 16 + len(rows) * row)
        spans.append(Span(x1, max(left + (e - first).days * scale, x1), y, item["label"], s.isoformat(), e.isoformat(),
                          item.get("href")))
    axis_y = 4 + len(rows) * row
    ticks = [Tick(left + (date(y, 1, 1) - first).days * scale, str(y)) for y in range(first.year + 1, last.year + 1)]
    ticks = [Tick(left, first.isoformat(), "start"), *ticks, Tick(width - right, last.isoformat(), "end")]
    if len(ticks) > 2 and ticks[1].at - left < 80:  # a new year too close to the first date to label both
        del ticks[1]
    if len(ticks) > 2 and width - right - ticks[-2].at < 80:
        del ticks[-2]
    return Timeline(width, int(axis_y + 24), spans, ticks, axis_y, left, [Row(label, y) for label, y in rows.items()])


@dataclass
class Node:
    x: float
    y: float
    width: float
    label: str
    kind: str  # issuer, parent, directive, plan, unit, reviewed, more
    href: str | None = None
    note: str = ""


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    kind: str = ""


@dataclass
class Graph:
    width: int
    height: int
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    node_height: float = 30.0


def layered_graph(columns: list[list[Node]], links: list[tuple[Node, Node, str]], width: int = 960,
                  node_height: float = 30.0, gap: float = 12.0) -> Graph:
    """Columns of nodes left to right, each column centred vertically; links drawn from right edge to left edge."""
    tallest = max((len(c) for c in columns), default=1)
    height = int(tallest * (node_height + gap) + gap)
    column_w = width / max(len(columns), 1)
    graph = Graph(width, height, node_height=node_height)
    for i, column in enumerate(columns):
        top = (height - len(column) * (node_height + gap) + gap) / 2
        for j, node in enumerate(column):
            node.x, node.y, node.width = i * column_w + 8, top + j * (node_height + gap), column_w - 40
            graph.nodes.append(node)
    for a, b, kind in links:
        graph.edges.append(Edge(a.x + a.width, a.y + node_height / 2, b.x, b.y + node_height / 2, kind))
    return graph
