"""Outlet value: customer lifetime value from net contribution and retention."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from fractions import Fraction

from costing.money import round_ratio
from costing.params import CostingParams

logger = logging.getLogger(__name__)

NEUTRAL_SCORE = 50
DAYS_PER_YEAR = 365


@dataclass(frozen=True)
class OutletValue:
    """An outlet's lifetime value (section 10).

    Attributes:
        annualised_contribution: m, net contribution x 365 / days, minor units.
        score_used: the churn score behind the retention.
        retention: r, exact.
        multiplier: r / (1 + d - r), exact.
        clv: round(m x multiplier), minor units (negative for a loss-maker).
        neutral_retention: True when the outlet had no score and 50 was used.
    """

    annualised_contribution: int
    score_used: int
    retention: Fraction
    multiplier: Fraction
    clv: int
    neutral_retention: bool


class OutletValuer:
    """Values outlets of one period: same days, discount rate and retention bounds."""

    def __init__(
        self, period_days: int, discount_rate: Fraction, params: CostingParams
    ):
        self.period_days = period_days
        self.discount_rate = discount_rate
        self.retention_min, self.retention_max = params.retention_bounds()
        self._by_score: dict[int, tuple[Fraction, Fraction]] = {}

    def retention(self, score: int) -> tuple[Fraction, Fraction]:
        """Return (r, r / (1 + d - r)) for a churn score 0-100."""
        if score not in self._by_score:
            high, low = self.retention_max, self.retention_min
            retention = high - (high - low) * Fraction(score, 100)
            multiplier = retention / (1 + self.discount_rate - retention)
            self._by_score[score] = (retention, multiplier)
        return self._by_score[score]

    def value(self, net_contribution: int, churn_score: int | None) -> OutletValue:
        """Value one outlet.

        Args:
            net_contribution: its net contribution over the period, minor units.
            churn_score: its churn-risk score 0-100, or None (50 is then used).

        Returns:
            The OutletValue.
        """
        annualised = round_ratio(net_contribution * DAYS_PER_YEAR, self.period_days)
        neutral = churn_score is None
        score = NEUTRAL_SCORE if neutral else churn_score
        retention, multiplier = self.retention(score)
        return OutletValue(
            annualised_contribution=annualised,
            score_used=score,
            retention=retention,
            multiplier=multiplier,
            clv=round_ratio(annualised * multiplier.numerator, multiplier.denominator),
            neutral_retention=neutral,
        )


def outlet_value(
    net_contribution: int,
    period_days: int,
    churn_score: int | None,
    discount_rate: Fraction,
    params: CostingParams,
) -> OutletValue:
    """Compute one outlet's lifetime value.

    Args:
        net_contribution: the outlet's net contribution over the period, minor units.
        period_days: the number of days in the period.
        churn_score: the churn-risk score 0-100, or None (50 is then used).
        discount_rate: d, the annual cost of capital in force on the period's
            last day, exact.
        params: the retention bounds r_min and r_max.

    Returns:
        The OutletValue.
    """
    valuer = OutletValuer(period_days, discount_rate, params)
    return valuer.value(net_contribution, churn_score)
