"""Geometry of the finance charts, drawn as SVG by the templates.

Charts are computed from the same report strings the tables show; every mark
carries a text label, so no reading depends on colour.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from .finance_figures import grouped, number

logger = logging.getLogger(__name__)

WIDTH = 760
HEIGHT = 380
LEFT, RIGHT, TOP, BOTTOM = 110, 24, 24, 48
# A polyline of more points than this only slows the browser down.
MOST_POINTS = 500


@dataclass(frozen=True)
class Mark:
    """A labelled point of a chart, in SVG coordinates."""

    x: float
    y: float
    label: str
    detail: str


def _scale(low: Decimal, high: Decimal, top: float, bottom: float):
    if high == low:
        high = low + 1
    span = high - low

    def to_y(value: Decimal) -> float:
        return round(bottom - float((value - low) / span) * (bottom - top), 1)

    return to_y


def whale_chart(points: list[dict], summary: dict) -> dict:
    """The whale curve: cumulative net contribution against share of outlets.

    Marks the peak (the profit of the profitable outlets) and, when the outlets
    make a profit together, the share of outlets whose profit first reaches it.
    """
    plot_right = WIDTH - RIGHT
    plot_bottom = HEIGHT - BOTTOM
    values = [Decimal(0)] + [Decimal(point["cumulative"]) for point in points]
    to_y = _scale(min(values), max(values), TOP, plot_bottom)

    def to_x(percent: Decimal) -> float:
        return round(LEFT + float(percent) / 100 * (plot_right - LEFT), 1)

    total = number(summary["total"])
    earns_all = None
    if total is not None and total > 0:
        earns_all = next((p for p in points if Decimal(p["cumulative"]) >= total), None)
    profitable = int(summary["profitable"])
    peak = points[profitable - 1] if profitable else None

    step = max(1, len(points) // MOST_POINTS)
    chosen = set(range(0, len(points), step)) | {len(points) - 1}
    for point in (peak, earns_all):
        if point is not None:
            chosen.add(int(point["rank"]) - 1)
    line = [(to_x(Decimal(0)), to_y(Decimal(0)))] + [
        (
            to_x(Decimal(points[index]["outlets_percent"])),
            to_y(Decimal(points[index]["cumulative"])),
        )
        for index in sorted(chosen)
        if index >= 0
    ]

    marks = []
    if peak is not None:
        marks.append(
            Mark(
                to_x(Decimal(peak["outlets_percent"])),
                to_y(Decimal(peak["cumulative"])),
                f"Peak {grouped(peak['cumulative'])}",
                f"the {profitable:,} profitable outlets "
                f"({grouped(peak['outlets_percent'])}% of outlets)",
            )
        )
    if earns_all is not None:
        marks.append(
            Mark(
                to_x(Decimal(earns_all["outlets_percent"])),
                to_y(Decimal(earns_all["cumulative"])),
                f"{grouped(earns_all['outlets_percent'])}% of outlets",
                "earn all of the profit",
            )
        )

    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": plot_right,
        "top": TOP,
        "bottom": plot_bottom,
        "zero_y": to_y(Decimal(0)),
        "line": " ".join(f"{x},{y}" for x, y in line),
        "marks": marks,
        "earns_all": earns_all,
        "peak": peak,
        "x_ticks": [(to_x(Decimal(p)), f"{p}%") for p in (0, 25, 50, 75, 100)],
        "y_ticks": _y_ticks(
            [min(values), max(values), *([total] if total else [])], to_y
        ),
        "total_y": to_y(total) if total else None,
    }


def _y_ticks(values: list[Decimal], to_y) -> list[tuple[float, str]]:
    ticks = {Decimal(0), *values}
    return [(to_y(value), grouped(str(value))) for value in sorted(ticks)]


def history_chart(months: list[dict]) -> dict:
    """Bars of each month's net contribution, a loss hatched and labelled."""
    plot_right = WIDTH - RIGHT
    plot_bottom = HEIGHT - BOTTOM
    values = [Decimal(month["net_contribution"]) for month in months]
    to_y = _scale(min(values + [Decimal(0)]), max(values + [Decimal(0)]), TOP + 16,
                  plot_bottom - 16)  # fmt: skip
    zero = to_y(Decimal(0))
    slot = (plot_right - LEFT) / max(1, len(months))

    bars = []
    for index, (month, value) in enumerate(zip(months, values, strict=True)):
        y = to_y(value)
        loss = value < 0
        bars.append(
            {
                "x": round(LEFT + index * slot + slot * 0.15, 1),
                "width": round(slot * 0.7, 1),
                "y": min(y, zero),
                "height": max(0.5, abs(zero - y)),
                "loss": loss,
                "label": grouped(month["net_contribution"]),
                "label_y": y + 14 if loss else y - 4,
                "month": month["month"],
                "centre": round(LEFT + index * slot + slot / 2, 1),
            }
        )

    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": plot_right,
        "top": TOP,
        "bottom": plot_bottom,
        "zero_y": zero,
        "bars": bars,
        # Zero, and the extremes on either side of it.
        "y_ticks": _y_ticks(
            [value for value in (min(values), max(values)) if value != 0], to_y
        ),
    }
