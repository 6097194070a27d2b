"""The churn-risk score (section 11), reported with the signals behind it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

import numpy as np

from costing.columns import DELIVERED, FAILED, PARTIAL, ColumnarInputs
from costing.params import CostingParams
from costing.rates import DAY_SPAN

logger = logging.getLogger(__name__)

LAPSED = "lapsed"
NO_HISTORY = "no delivery history"
SIGNAL_NAMES = ("recency", "frequency_decline", "volume_decline", "failed_drops")


@dataclass(frozen=True)
class ChurnRule:
    """The windows, weights and slope every outlet's score is computed with."""

    recent_days: int
    baseline_days: int
    weights: tuple[Fraction, Fraction, Fraction, Fraction]
    slope: Fraction

    @classmethod
    def from_params(cls, params: CostingParams) -> ChurnRule:
        """Take the churn settings of a run's parameters."""
        return cls(
            params.churn_recent_days,
            params.churn_baseline_days,
            params.churn_weights(),
            params.slope(),
        )


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
    when the score did not come from the signals. Counts are of successful
    occasions and their cases in the recent window (L days ending on the
    as-of date) and the baseline window (B days before it), and of all and
    failed occasions in both; `days_since_last` runs from the last successful
    occasion to the as-of date.
    """

    score: int | None
    reason: str | None
    recent_occasions: int
    baseline_occasions: int
    recent_cases: int
    baseline_cases: int
    occasions: int
    failed_occasions: int
    days_since_last: int | None
    rule: ChurnRule

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

    @property
    def signals(self) -> tuple[ChurnSignal, ...]:
        """The four signals with their weights; empty when reason is set."""
        if self.reason is not None:
            return ()

        values = _signal_ratios(
            self.rule,
            self.recent_occasions,
            self.baseline_occasions,
            self.recent_cases,
            self.baseline_cases,
            self.failed_occasions,
            self.days_since_last or 0,
        )
        return tuple(
            ChurnSignal(name, Fraction(numerator, denominator), weight)
            for name, (numerator, denominator), weight in zip(
                SIGNAL_NAMES, values, self.rule.weights, strict=True
            )
        )


def _clamped(numerator: int, denominator: int) -> tuple[int, int]:
    """numerator / denominator clamped to [0, 1], as a (numerator, denominator) pair."""
    if numerator <= 0:
        return 0, 1
    if numerator >= denominator:
        return 1, 1
    return numerator, denominator


def _signal_ratios(
    rule: ChurnRule,
    n_recent: int,
    n_baseline: int,
    c_recent: int,
    c_baseline: int,
    n_failed: int,
    days_since_last: int,
) -> list[tuple[int, int]]:
    """The four signals as exact (numerator, denominator) pairs of integers."""
    recent, baseline = rule.recent_days, rule.baseline_days
    span = recent + baseline
    n = n_recent + n_baseline

    # s_R = (D_rec x n - (L + B)) / (k_R x (L + B)), with k_R = p / q.
    slope = rule.slope
    recency = _clamped(
        (days_since_last * n - span) * slope.denominator, slope.numerator * span
    )
    frequency = (0, 1)
    if n_baseline:
        frequency = _clamped(
            n_baseline * recent - n_recent * baseline, n_baseline * recent
        )
    volume = (0, 1)
    if c_baseline:
        volume = _clamped(
            c_baseline * recent - c_recent * baseline, c_baseline * recent
        )
    failed = (n_failed, n + n_failed)
    return [recency, frequency, volume, failed]


def _score(ratios: list[tuple[int, int]], weights: tuple[Fraction, ...]) -> int:
    """round(100 x sum of weight x signal), exact, with integers only."""
    terms = [
        (weight.numerator * numerator, weight.denominator * denominator)
        for (numerator, denominator), weight in zip(ratios, weights, strict=True)
    ]
    common = 1
    for _, denominator in terms:
        common *= denominator
    total = sum(numerator * (common // denominator) for numerator, denominator in terms)
    return (200 * total + common) // (2 * common)


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
    rule = ChurnRule.from_params(params)
    end = as_of.toordinal()
    window_start = end - rule.recent_days - rule.baseline_days + 1
    recent_start = end - rule.recent_days + 1

    successful = ((deliveries.status == DELIVERED) | (deliveries.status == PARTIAL)) & (
        deliveries.cases > 0
    )
    earlier = np.zeros(n_outlets, dtype=bool)
    earlier[deliveries.outlet[successful & (deliveries.day < window_start)]] = True

    # Occasions inside the two windows: all deliveries of an outlet on a date.
    # A successful occasion has a successful delivery; a failed one has only
    # failed deliveries.
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
    n_failed = per_outlet(~not_failed)
    last = np.full(n_outlets, -1, dtype=np.int64)
    np.maximum.at(last, occ_outlet[occ_success], occ_day[occ_success])
    last_day = last.tolist()
    had_earlier = earlier.tolist()

    risks = []
    for i in range(n_outlets):
        n = n_recent[i] + n_baseline[i]
        score, reason, days_since = None, NO_HISTORY, None
        if n:
            days_since = end - last_day[i]
            ratios = _signal_ratios(
                rule,
                n_recent[i],
                n_baseline[i],
                c_recent[i],
                c_baseline[i],
                n_failed[i],
                days_since,
            )
            score, reason = _score(ratios, rule.weights), None
        elif had_earlier[i]:
            score, reason = 100, LAPSED

        risks.append(
            ChurnRisk(
                score=score,
                reason=reason,
                recent_occasions=n_recent[i],
                baseline_occasions=n_baseline[i],
                recent_cases=c_recent[i],
                baseline_cases=c_baseline[i],
                occasions=n + n_failed[i],
                failed_occasions=n_failed[i],
                days_since_last=days_since,
                rule=rule,
            )
        )

    return risks
