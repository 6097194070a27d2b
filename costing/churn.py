"""The churn-risk score (section 11), reported with the signals behind it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

import numpy as np

from costing.columns import DELIVERED, FAILED, PARTIAL, ColumnarInputs
from costing.money import round_half_away
from costing.params import CostingParams
from costing.rates import DAY_SPAN

logger = logging.getLogger(__name__)

LAPSED = "lapsed"
NO_HISTORY = "no delivery history"


@dataclass(frozen=True)
class ChurnSignal:
    """One signal of the score: its value in [0, 1], its weight and its points."""

    name: str
    value: Fraction
    weight: Fraction

    @property
    def points(self) -> Fraction:
        """100 x weight x value: what this signal adds to the score."""
        return 100 * self.weight * self.value


@dataclass(frozen=True)
class ChurnRisk:
    """An outlet's churn-risk score as of a date, with its signals and counts.

    `score` is an integer 0-100, or None for an outlet without delivery history
    in or before the windows. `reason` is "lapsed" or "no delivery history"
    when the score did not come from the signals. Counts are over the recent
    (L days ending on the as-of date) and baseline (B days before) windows.
    """

    score: int | None
    reason: str | None
    signals: tuple[ChurnSignal, ...]
    recent_occasions: int
    baseline_occasions: int
    recent_cases: int
    baseline_cases: int
    occasions: int
    failed_occasions: int
    days_since_last: int | None

    @property
    def band(self) -> str | None:
        """low (0-24), medium (25-49), high (50-74) or critical (75-100)."""
        if self.score is None:
            return None
        if self.score < 25:
            return "low"
        if self.score < 50:
            return "medium"
        if self.score < 75:
            return "high"
        return "critical"


def _clamp(value: Fraction) -> Fraction:
    return min(Fraction(1), max(Fraction(0), value))


def churn_risks(
    inputs: ColumnarInputs, as_of: date, params: CostingParams
) -> list[ChurnRisk]:
    """Score every outlet's churn risk as of a date.

    Args:
        inputs: the columnar inputs; deliveries before the windows only tell
            whether a silent outlet has lapsed.
        as_of: T, the last day of the period.
        params: the windows L and B, the weights and the recency slope.

    Returns:
        One ChurnRisk per outlet, in outlet order.
    """
    deliveries = inputs.deliveries
    n_outlets = len(inputs.outlets)
    recent_days, baseline_days = params.churn_recent_days, params.churn_baseline_days
    end = as_of.toordinal()
    window_start = end - recent_days - baseline_days + 1
    recent_start = end - recent_days + 1

    successful = ((deliveries.status == DELIVERED) | (deliveries.status == PARTIAL)) & (
        deliveries.cases > 0
    )
    earlier = np.zeros(n_outlets, dtype=bool)
    earlier[deliveries.outlet[successful & (deliveries.day < window_start)]] = True

    # Occasions inside the two windows: all deliveries of an outlet on a date.
    inside = np.flatnonzero((deliveries.day >= window_start) & (deliveries.day <= end))
    key, occasion = np.unique(
        deliveries.outlet[inside] * DAY_SPAN + deliveries.day[inside],
        return_inverse=True,
    )
    occ_outlet, occ_day = key // DAY_SPAN, key % DAY_SPAN
    occ_success = np.zeros(key.size, dtype=bool)
    np.logical_or.at(occ_success, occasion, successful[inside])
    not_failed = np.zeros(key.size, dtype=bool)
    np.logical_or.at(not_failed, occasion, deliveries.status[inside] != FAILED)
    occ_failed = ~not_failed
    occ_cases = np.zeros(key.size, dtype=np.int64)
    np.add.at(occ_cases, occasion, deliveries.cases[inside])
    recent = occ_day >= recent_start

    def per_outlet(mask: np.ndarray, values: np.ndarray | None = None) -> list[int]:
        total = np.zeros(n_outlets, dtype=np.int64)
        np.add.at(total, occ_outlet[mask], 1 if values is None else values[mask])
        return total.tolist()

    n_recent = per_outlet(occ_success & recent)
    n_baseline = per_outlet(occ_success & ~recent)
    c_recent = per_outlet(occ_success & recent, occ_cases)
    c_baseline = per_outlet(occ_success & ~recent, occ_cases)
    n_failed = per_outlet(occ_failed)
    last = np.full(n_outlets, -1, dtype=np.int64)
    np.maximum.at(last, occ_outlet[occ_success], occ_day[occ_success])
    last_list = last.tolist()
    earlier_list = earlier.tolist()

    scorer = _Scorer(params, end)
    return [
        scorer.score(
            n_recent[i],
            n_baseline[i],
            c_recent[i],
            c_baseline[i],
            n_failed[i],
            last_list[i],
            earlier_list[i],
        )
        for i in range(n_outlets)
    ]


class _Scorer:
    """The exact score of one outlet from its counts."""

    def __init__(self, params: CostingParams, end: int):
        self.recent_days = params.churn_recent_days
        self.baseline_days = params.churn_baseline_days
        self.weights = params.churn_weights()
        self.slope = params.slope()
        self.end = end

    def score(
        self,
        n_recent: int,
        n_baseline: int,
        c_recent: int,
        c_baseline: int,
        n_failed: int,
        last_day: int,
        earlier: bool,
    ) -> ChurnRisk:
        """Score one outlet (section 11)."""
        recent, baseline = self.recent_days, self.baseline_days
        n = n_recent + n_baseline
        occasions = n + n_failed
        counts = dict(
            recent_occasions=n_recent,
            baseline_occasions=n_baseline,
            recent_cases=c_recent,
            baseline_cases=c_baseline,
            occasions=occasions,
            failed_occasions=n_failed,
        )
        if n == 0:
            if earlier:
                return ChurnRisk(100, LAPSED, (), days_since_last=None, **counts)
            return ChurnRisk(None, NO_HISTORY, (), days_since_last=None, **counts)

        span = recent + baseline
        days_since = self.end - last_day
        recency = _clamp(Fraction(days_since * n - span) / (self.slope * span))
        frequency = Fraction(0)
        if n_baseline:
            frequency = _clamp(1 - Fraction(n_recent * baseline, n_baseline * recent))
        volume = Fraction(0)
        if c_baseline:
            volume = _clamp(1 - Fraction(c_recent * baseline, c_baseline * recent))
        failed = Fraction(n_failed, occasions)

        w_recency, w_frequency, w_volume, w_failed = self.weights
        signals = (
            ChurnSignal("recency", recency, w_recency),
            ChurnSignal("frequency_decline", frequency, w_frequency),
            ChurnSignal("volume_decline", volume, w_volume),
            ChurnSignal("failed_drops", failed, w_failed),
        )
        score = round_half_away(sum((signal.points for signal in signals), Fraction(0)))
        return ChurnRisk(score, None, signals, days_since_last=days_since, **counts)
