"""The largest-remainder allocator: exact parts, residue rule, case C19."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from costing.allocate import allocate, allocate_grouped
from costing.errors import DuplicateKey, InvalidValue

C19_WEIGHTS = [Decimal("1.1818583143661")] * 7 + [
    Decimal("1.170126087450276"),
    *[Decimal("1.0")] * 4,
]


def test_c19_equal_split_gives_the_extra_cent_to_the_first_stop():
    # 100.00 EUR to 3 stops with 10 cases each; equal remainders go to the
    # smaller key, i.e. the stop with the lower sequence.
    assert allocate(10000, [10, 10, 10], keys=[1, 2, 3]) == [3334, 3333, 3333]


def test_c19_largest_remainder_not_first_receiver():
    # 99.99 EUR by 75 and 25 cases: quotas 74.9925 and 24.9975.
    assert allocate(9999, [75, 25], keys=[1, 2]) == [7499, 2500]


def test_c19_twelve_receiver_pool_matches_largest_remainder():
    parts = allocate(700273, C19_WEIGHTS, keys=list(range(12)))

    assert parts == [61565] * 7 + [60954] + [52091] * 4
    assert sum(parts) == 700273


def test_c19_twelve_receiver_pool_parts_within_one_cent_of_exact_share():
    exact = [Fraction(w) for w in C19_WEIGHTS]
    total_weight = sum(exact)

    parts = allocate(700273, C19_WEIGHTS, keys=list(range(12)))

    for part, weight in zip(parts, exact, strict=True):
        assert abs(part - 700273 * weight / total_weight) < 1


def test_example_a_r2_travel_bucket_places_3_residue_cents():
    parts = allocate(9893, [Decimal("4"), Decimal("6.5"), 10, 12, 9], [1, 2, 3, 4, 5])

    assert parts == [954, 1549, 2384, 2861, 2145]


def test_all_zero_weights_split_equally():
    assert allocate(10, [0, 0, 0], keys=["a", "b", "c"]) == [4, 3, 3]


def test_zero_total_gives_zero_parts():
    assert allocate(0, [1, 2], keys=[1, 2]) == [0, 0]


def test_single_receiver_gets_everything():
    assert allocate(12345, [Fraction(1, 3)], keys=[7]) == [12345]


@pytest.mark.parametrize(
    ("total", "weights", "keys", "error"),
    [
        (100, [], [], InvalidValue),
        (-1, [1], [1], InvalidValue),
        (100, [1, -1], [1, 2], InvalidValue),
        (100, [1.5, 1], [1, 2], InvalidValue),
        (100, [1, 1], [1, 1], DuplicateKey),
        (100, [1, 1], [1], InvalidValue),
    ],
)
def test_allocator_refuses_bad_arguments(total, weights, keys, error):
    with pytest.raises(error):
        allocate(total, weights, keys)


weights_strategy = st.lists(
    st.one_of(
        st.integers(min_value=0, max_value=10**6),
        st.fractions(min_value=0, max_value=1000, max_denominator=10**4),
        st.just(0),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(
    total=st.integers(min_value=0, max_value=10**12),
    weights=weights_strategy,
    data=st.data(),
)
@example(total=10000, weights=[10, 10, 10], data=None)
@example(total=9999, weights=[75, 25], data=None)
@example(total=700273, weights=[Fraction(w) for w in C19_WEIGHTS], data=None)
@example(total=0, weights=[0, 0], data=None)
@example(total=5, weights=[0], data=None)
def test_allocator_properties(total, weights, data):
    keys = list(range(len(weights)))
    exact = [Fraction(w) for w in weights]
    weight_sum = sum(exact)
    if weight_sum == 0:
        exact = [Fraction(1)] * len(exact)
        weight_sum = Fraction(len(exact))

    parts = allocate(total, weights, keys)

    # Parts add up to the total, each is floor or ceiling of its exact quota.
    assert sum(parts) == total
    for part, weight in zip(parts, exact, strict=True):
        quota = total * weight / weight_sum
        assert part in (math.floor(quota), math.ceil(quota))

    # The result depends on the keys only, not on the order of the receivers.
    order = list(range(len(weights)))
    if data is not None:
        order = data.draw(st.permutations(order))
    shuffled = allocate(total, [weights[i] for i in order], [keys[i] for i in order])
    assert {keys[i]: part for i, part in zip(order, shuffled, strict=True)} == dict(
        zip(keys, parts, strict=True)
    )


@settings(max_examples=200, deadline=None)
@given(
    pools=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=10**9),
            st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=8),
        ),
        min_size=1,
        max_size=10,
    ),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    in_order=st.booleans(),
)
@example(
    pools=[(10000, [10, 10, 10]), (9999, [75, 25]), (0, [0]), (5, [0, 0])],
    seed=0,
    in_order=True,
)
def test_grouped_allocator_matches_the_allocator_pool_by_pool(pools, seed, in_order):
    group, weights, ranks = [], [], []
    for g, (_, pool_weights) in enumerate(pools):
        group += [g] * len(pool_weights)
        weights += pool_weights
        ranks += list(range(len(pool_weights)))[::-1]
    # Receivers either arrive shuffled or in (pool, tie key) order.
    permutation = np.random.default_rng(seed).permutation(len(group))
    if in_order:
        permutation = np.lexsort((np.array(ranks), np.array(group)))

    parts = allocate_grouped(
        np.array(group)[permutation],
        np.array([total for total, _ in pools]),
        np.array(weights)[permutation],
        np.array(ranks)[permutation],
    )

    by_receiver = dict(zip(permutation.tolist(), parts.tolist(), strict=True))
    start = 0
    for total, pool_weights in pools:
        count = len(pool_weights)
        expected = allocate(total, pool_weights, keys=list(range(count))[::-1])
        assert [by_receiver[start + i] for i in range(count)] == expected
        start += count


def test_grouped_allocator_is_exact_when_int64_would_overflow():
    # 4e12 x 4e12 overflows int64: the allocator must switch to Python integers.
    total, weights = 4 * 10**12, [4 * 10**12, 4 * 10**12 - 1, 3]

    parts = allocate_grouped(
        np.zeros(3, dtype=np.int64), np.array([total]), np.array(weights), np.arange(3)
    )

    assert parts.tolist() == allocate(total, weights, keys=[0, 1, 2])


def test_grouped_allocator_splits_the_c19_pools_like_the_allocator():
    # The twelve C19 weights scaled by 10^15 to integers; 700,273 x 1.18e15
    # overflows int64, so this also runs the exact Python-integer path.
    scaled = [1181858314366100] * 7 + [1170126087450276] + [10**15] * 4
    group = np.array([0] * 3 + [1] * 2 + [2] * 12)
    weights = np.array([10, 10, 10, 75, 25, *scaled], dtype=np.int64)
    tie = np.array([1, 2, 3, 1, 2, *range(12)])

    parts = allocate_grouped(group, np.array([10000, 9999, 700273]), weights, tie)

    assert (
        parts.tolist()
        == [3334, 3333, 3333, 7499, 2500] + [61565] * 7 + [60954] + [52091] * 4
    )
