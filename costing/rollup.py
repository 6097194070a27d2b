"""Segment roll-ups by channel, territory and size band (section 8)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from costing.pnl import PnlLines

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


def rollup(
    dimension: str,
    values: Sequence[str | None],
    lines: np.ndarray,
    active: np.ndarray,
    net_contribution: np.ndarray,
) -> tuple[SegmentRow, ...]:
    """Sum outlet rows by one dimension.

    Args:
        dimension: "channel", "territory" or "size_band".
        values: per outlet, its value of the dimension (None or "" for none).
        lines: per outlet, its P&L fields as an int64 row (PnlLines order).
        active: per outlet, whether it had an event in the period.
        net_contribution: per outlet, its net contribution in minor units.

    Returns:
        One SegmentRow per value, sorted by value, then the TOTAL row, which
        is the sum of the segment rows.
    """
    labels = [NO_VALUE if value in (None, "") else value for value in values]
    names, segment = np.unique(np.array(labels, dtype=object), return_inverse=True)
    segment = segment.reshape(-1)
    sums = np.zeros((names.size, lines.shape[1]), dtype=np.int64)
    np.add.at(sums, segment, lines)

    def count(mask: np.ndarray) -> list[int]:
        return np.bincount(segment[mask], minlength=names.size).tolist()

    outlets = count(np.ones(segment.size, dtype=bool))
    active_outlets = count(np.asarray(active, dtype=bool))
    loss_making = count(net_contribution < 0)
    rows = [
        SegmentRow(
            dimension,
            str(name),
            outlets[i],
            active_outlets[i],
            loss_making[i],
            PnlLines(*sums[i].tolist()),
        )
        for i, name in enumerate(names.tolist())
    ]
    rows.append(
        SegmentRow(
            dimension,
            TOTAL,
            sum(outlets),
            sum(active_outlets),
            sum(loss_making),
            PnlLines(*sums.sum(axis=0).tolist()),
        )
    )
    return tuple(rows)
