"""Settings of a costing run: churn windows and weights, CLV retention bounds."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from costing.errors import InvalidParams
from costing.money import decimal_fraction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CostingParams:
    """Parameters of the churn score (section 11) and outlet value (section 10).

    Attributes:
        churn_recent_days: L, the recent window in days, >= 1.
        churn_baseline_days: B, the baseline window before it in days, >= 1.
        weight_recency, weight_frequency, weight_volume, weight_failed: the
            churn weights w_R, w_F, w_V, w_X; they must sum to exactly 1.
        recency_slope: k_R, > 0.
        retention_max, retention_min: r_max and r_min, 0 <= r_min <= r_max < 1.
    """

    churn_recent_days: int = 28
    churn_baseline_days: int = 56
    weight_recency: Decimal = Decimal("0.4")
    weight_frequency: Decimal = Decimal("0.2")
    weight_volume: Decimal = Decimal("0.2")
    weight_failed: Decimal = Decimal("0.2")
    recency_slope: Decimal = Decimal("2")
    retention_max: Decimal = Decimal("0.90")
    retention_min: Decimal = Decimal("0.50")

    def validate(self) -> None:
        """Check every rule of the parameters.

        Raises:
            InvalidParams: naming the first parameter that breaks its rule.
        """
        for name in ("churn_recent_days", "churn_baseline_days"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise InvalidParams("must be a whole number of days >= 1", field=name)

        weights = self.churn_weights()
        for name, weight in zip(
            ("weight_recency", "weight_frequency", "weight_volume", "weight_failed"),
            weights,
            strict=True,
        ):
            if weight < 0:
                raise InvalidParams("must be at least 0", field=name)
        if sum(weights) != 1:
            raise InvalidParams("churn weights must sum to 1", field="churn_weights")

        if self.slope() <= 0:
            raise InvalidParams("must be greater than 0", field="recency_slope")

        low, high = self.retention_bounds()
        if high >= 1:
            raise InvalidParams("must be below 1", field="retention_max")
        if low < 0:
            raise InvalidParams("must be at least 0", field="retention_min")
        if low > high:
            raise InvalidParams("must not exceed retention_max", field="retention_min")

    def churn_weights(self) -> tuple[Fraction, Fraction, Fraction, Fraction]:
        """Return (w_R, w_F, w_V, w_X) as exact fractions."""
        return (
            decimal_fraction(self.weight_recency, field="weight_recency"),
            decimal_fraction(self.weight_frequency, field="weight_frequency"),
            decimal_fraction(self.weight_volume, field="weight_volume"),
            decimal_fraction(self.weight_failed, field="weight_failed"),
        )

    def slope(self) -> Fraction:
        """Return the recency slope k_R as an exact fraction."""
        return decimal_fraction(self.recency_slope, field="recency_slope")

    def retention_bounds(self) -> tuple[Fraction, Fraction]:
        """Return (r_min, r_max) as exact fractions."""
        return (
            decimal_fraction(self.retention_min, field="retention_min"),
            decimal_fraction(self.retention_max, field="retention_max"),
        )
