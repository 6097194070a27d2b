"""The largest-remainder allocator: split an integer total exactly by weights.

Each receiver gets the floor of its exact quota; the residue minor units go one
each to the receivers with the largest remainders, the smaller tie key first.
The parts always add up to the total.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Hashable, Sequence
from decimal import Decimal
from fractions import Fraction

import numpy as np

from costing.errors import DuplicateKey, InvalidValue
from costing.money import mul_div_floor

logger = logging.getLogger(__name__)


def allocate(
    total: int,
    weights: Sequence[Fraction | Decimal | int],
    keys: Sequence[Hashable],
) -> list[int]:
    """Split `total` minor units among receivers in proportion to their weights.

    Args:
        total: the amount to split, in minor units, >= 0.
        weights: one non-negative exact weight per receiver; if they sum to 0,
            every weight counts as 1.
        keys: one distinct, comparable tie-break key per receiver (stop
            sequence, or (departure, route id)); among equal remainders the
            smaller key gets the residue unit first.

    Returns:
        The parts in minor units, in the order the receivers were given. Each
        part is the floor or the ceiling of its exact quota and the parts sum
        to `total`.

    Raises:
        InvalidValue: no receivers, a negative total or weight, or a float.
        DuplicateKey: two receivers share a key.
    """
    if not weights:
        raise InvalidValue("an allocation needs at least one receiver")
    if len(keys) != len(weights):
        raise InvalidValue("needs exactly one key per weight", field="keys")
    if len(set(keys)) != len(keys):
        raise DuplicateKey("tie-break keys must be distinct", field="keys")
    if not isinstance(total, int) or total < 0:
        raise InvalidValue("must be an integer of at least 0", field="total")

    exact = [_exact_weight(weight) for weight in weights]
    denominator = math.lcm(*(weight.denominator for weight in exact))
    scaled = [
        weight.numerator * (denominator // weight.denominator) for weight in exact
    ]
    weight_sum = sum(scaled)
    if weight_sum == 0:
        scaled = [1] * len(scaled)
        weight_sum = len(scaled)

    parts = [total * weight // weight_sum for weight in scaled]
    remainders = [total * weight % weight_sum for weight in scaled]
    residue = total - sum(parts)

    by_remainder = sorted(range(len(parts)), key=lambda i: (-remainders[i], keys[i]))
    for i in by_remainder[:residue]:
        parts[i] += 1

    return parts


def _exact_weight(weight: Fraction | Decimal | int) -> Fraction:
    """Return a weight as a non-negative Fraction, refusing floats."""
    if isinstance(weight, float | bool):
        raise InvalidValue("must be an exact number, not a float", field="weights")

    exact = Fraction(weight)
    if exact < 0:
        raise InvalidValue("must be at least 0", field="weights")
    return exact


def allocate_grouped(
    group: np.ndarray,
    totals: np.ndarray,
    weights: np.ndarray,
    tie_rank: np.ndarray,
) -> np.ndarray:
    """Run the largest-remainder allocator for many pools at once.

    Gives exactly the parts `allocate` gives pool by pool, vectorised with
    integer numpy arithmetic (Python integers where int64 could overflow).

    Args:
        group: per receiver, the index of its pool in `totals` (int array).
        totals: per pool, the amount to split in minor units, >= 0.
        weights: per receiver, a non-negative integer weight (for example dwell
            in microseconds or depot distance in metres). In a pool whose
            weights sum to 0 every weight counts as 1.
        tie_rank: per receiver, an integer tie-break key, distinct within a
            pool; among equal remainders the smaller one gets the unit first.

    Returns:
        Per receiver, its part in minor units (int64). Parts of a pool sum to
        its total; a pool without receivers gets nothing (the caller must
        account for it).
    """
    group = np.asarray(group, dtype=np.int64)
    totals = np.asarray(totals, dtype=np.int64)
    weights = np.asarray(weights, dtype=np.int64)
    tie_rank = np.asarray(tie_rank, dtype=np.int64)
    if group.size == 0:
        return np.zeros(0, dtype=np.int64)

    # A pool whose weights are all zero is split equally.
    weight_sum = np.zeros(totals.size, dtype=np.int64)
    np.add.at(weight_sum, group, weights)
    all_zero = weight_sum == 0
    weights = np.where(all_zero[group], 1, weights)
    weight_sum = np.where(
        all_zero, np.bincount(group, minlength=totals.size), weight_sum
    )

    floor, remainder = mul_div_floor(totals[group], weights, weight_sum[group])
    floor_sum = np.zeros(totals.size, dtype=np.int64)
    np.add.at(floor_sum, group, floor)
    residue = totals - floor_sum

    # Rank receivers within their pool: largest remainder first, then tie key.
    if remainder.dtype == object:
        order = np.array(
            sorted(
                range(group.size),
                key=lambda i: (group[i], -remainder[i], tie_rank[i]),
            ),
            dtype=np.int64,
        )
    elif _sorted_by_group_then_tie(group, tie_rank):
        # Receivers usually arrive in (pool, tie key) order; a stable sort on
        # two keys then keeps the tie order and saves a third pass.
        order = np.lexsort((-remainder, group))
    else:
        order = np.lexsort((tie_rank, -remainder, group))
    counts = np.bincount(group, minlength=totals.size)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    sorted_group = group[order]
    rank = np.arange(group.size) - starts[sorted_group]

    extra = np.zeros(group.size, dtype=np.int64)
    extra[order] = rank < residue[sorted_group]
    return floor + extra


def _sorted_by_group_then_tie(group: np.ndarray, tie_rank: np.ndarray) -> bool:
    """Whether receivers are already in ascending (group, tie key) order."""
    group_step = np.diff(group)
    tie_step = np.diff(tie_rank)
    return bool(np.all((group_step > 0) | ((group_step == 0) & (tie_step > 0))))
