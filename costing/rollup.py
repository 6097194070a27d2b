"""Segment roll-ups by channel, territory and size band (section 8)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from costing.pnl import PnlLines, sum_lines

if TYPE_CHECKING:
    from costing.result import OutletRow

logger = logging.getLogger(__name__)

DIMENSIONS = ("channel", "territory", "size_band")
NO_VALUE = "(none)"
TOTAL = "TOTAL"


@dataclass(frozen=True)
class SegmentRow:
    """The sum of the outlet rows of one value of a dimension (or the TOTAL row).

    Attributes:
        dimension: "channel", "territory" or "size_band".
        value: the segment's value, "(none)" for outlets without one, or "TOTAL".
        outlets: outlet rows summed (active or not).
        active_outlets: those with at least one event in the period.
        loss_making: those with net contribution < 0.
        pnl: the summed lines; its ratios are recomputed from the sums.
    """

    dimension: str
    value: str
    outlets: int
    active_outlets: int
    loss_making: int
    pnl: PnlLines


def rollup(rows: Sequence[OutletRow], dimension: str) -> tuple[SegmentRow, ...]:
    """Sum outlet rows by one dimension.

    Args:
        rows: the outlet rows of the period.
        dimension: "channel", "territory" or "size_band".

    Returns:
        One SegmentRow per value, sorted by value, then the TOTAL row.
    """
    groups: dict[str, list[OutletRow]] = {}
    for row in rows:
        value = getattr(row.outlet, dimension)
        groups.setdefault(NO_VALUE if value in (None, "") else value, []).append(row)

    segments = [_segment(dimension, value, groups[value]) for value in sorted(groups)]
    segments.append(_segment(dimension, TOTAL, list(rows)))
    return tuple(segments)


def _segment(dimension: str, value: str, rows: list[OutletRow]) -> SegmentRow:
    return SegmentRow(
        dimension=dimension,
        value=value,
        outlets=len(rows),
        active_outlets=sum(1 for row in rows if row.active),
        loss_making=sum(1 for row in rows if row.pnl.net_contribution < 0),
        pnl=sum_lines([row.pnl for row in rows]),
    )
