"""The whale (Stobachoff) curve of cumulative net contribution (section 9)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from fractions import Fraction

from costing.money import percent

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WhalePoint:
    """One outlet on the curve, ranked by net contribution (largest first).

    Money in minor units; `outlets_percent` is 100 x rank / N and
    `cumulative_percent` is 100 x cumulative / total (None if total <= 0).
    """

    rank: int
    outlet: str
    net_contribution: int
    cumulative: int
    outlets_percent: Fraction
    cumulative_percent: Fraction | None


@dataclass(frozen=True)
class WhaleCurve:
    """The curve's points and its summary figures (money in minor units).

    Attributes:
        points: one per active outlet, ranked.
        outlets: N, the number of active outlets.
        total: C_N, their total net contribution.
        profitable: outlets with net contribution > 0.
        profitable_percent: 100 x profitable / N (None if N = 0).
        peak: the sum of positive contributions (top of the hump).
        peak_percent: 100 x peak / total (None if total <= 0).
        loss_making: outlets with net contribution < 0.
        total_loss: their loss, as a positive amount.
        subsidy_index: 100 x total_loss / peak (None if peak = 0).
    """

    points: tuple[WhalePoint, ...]
    outlets: int
    total: int
    profitable: int
    profitable_percent: Fraction | None
    peak: int
    peak_percent: Fraction | None
    loss_making: int
    total_loss: int
    subsidy_index: Fraction | None


def whale_curve(contributions: list[tuple[str, int]]) -> WhaleCurve:
    """Build the whale curve of the active outlets.

    Args:
        contributions: (outlet code, net contribution in minor units) of each
            active outlet, in any order.

    Returns:
        The WhaleCurve; ties in contribution are ranked by outlet code.
    """
    ranked = sorted(contributions, key=lambda item: (-item[1], item[0]))
    count = len(ranked)
    total = sum(amount for _, amount in ranked)

    points = []
    cumulative = 0
    for rank, (code, amount) in enumerate(ranked, start=1):
        cumulative += amount
        points.append(
            WhalePoint(
                rank=rank,
                outlet=code,
                net_contribution=amount,
                cumulative=cumulative,
                outlets_percent=Fraction(100 * rank, count),
                cumulative_percent=percent(cumulative, total) if total > 0 else None,
            )
        )

    profitable = [amount for _, amount in ranked if amount > 0]
    losses = [amount for _, amount in ranked if amount < 0]
    peak = sum(profitable)
    total_loss = -sum(losses)
    return WhaleCurve(
        points=tuple(points),
        outlets=count,
        total=total,
        profitable=len(profitable),
        profitable_percent=percent(len(profitable), count),
        peak=peak,
        peak_percent=percent(peak, total) if total > 0 else None,
        loss_making=len(losses),
        total_loss=total_loss,
        subsidy_index=percent(total_loss, peak),
    )
