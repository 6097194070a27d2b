"""Money: minor units, exact rounding half away from zero, formatting."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from costing.errors import InvalidValue, TooManyDecimals
from costing.money import (
    currency_exponent,
    format_decimal,
    format_money,
    mul_div_round,
    parse_money,
    parse_rate,
    rate_cost,
    round_half_away,
)
from costing.pnl import PnlLines


@pytest.mark.parametrize(
    ("currency", "exponent"),
    [("USD", 2), ("EUR", 2), ("VND", 0), ("JPY", 0), ("KWD", 3)],
)
def test_currency_exponent_follows_iso_4217(currency, exponent):
    assert currency_exponent(currency) == exponent


def test_unknown_currency_is_refused():
    with pytest.raises(InvalidValue, match="ISO 4217"):
        currency_exponent("XYZ")


@pytest.mark.parametrize(
    ("value", "exponent", "minor"),
    [("84.00", 2, 8400), ("84", 2, 8400), ("1268303", 0, 1268303), ("0.125", 3, 125)],
)
def test_parse_money_gives_minor_units(value, exponent, minor):
    assert parse_money(Decimal(value), exponent, field="amount") == minor


def test_parse_money_refuses_more_decimals_than_the_currency_has():
    with pytest.raises(TooManyDecimals) as refused:
        parse_money(Decimal("84.5"), 0, field="net_revenue", row="delivery D1")

    assert refused.value.field == "net_revenue"
    assert refused.value.row == "delivery D1"


@pytest.mark.parametrize("value", [84.5, Decimal("-1"), "abc", Decimal("NaN")])
def test_parse_money_refuses_floats_negatives_and_non_numbers(value):
    with pytest.raises(InvalidValue):
        parse_money(value, 2, field="amount")


def test_parse_rate_keeps_six_decimals_and_refuses_seven():
    assert parse_rate(Decimal("0.123456"), field="rate") == 123456
    with pytest.raises(InvalidValue, match="6 decimals"):
        parse_rate(Decimal("0.1234567"), field="rate")


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (Fraction(33810, 2000), 17),
        (Fraction(15, 2), 8),
        (Fraction(-5, 2), -3),
        (Fraction(556605, 2), 278303),  # 278,302.5 VND -> 278,303
        (Fraction(16905, 1000), 17),
        (Fraction(74999, 10000), 7),
        (Fraction(-7227, 28), -258),
    ],
)
def test_round_half_away_from_zero(value, rounded):
    assert round_half_away(value) == rounded


def test_16_905_rounds_to_16_91():
    assert format_decimal(Fraction(16905, 1000)) == "16.91"


def test_vectorised_rounding_matches_exact_rounding_including_ties():
    a = np.array([483, 5, -5, 7, 0, 10**10])
    b = np.array([35, 1, 1, 3, 9, 10**9])

    got = mul_div_round(a, b, 10)

    expected = [
        round_half_away(Fraction(x * y, 10))
        for x, y in zip(a.tolist(), b.tolist(), strict=True)
    ]
    assert got.tolist() == expected


def test_rate_cost_charges_major_unit_rates_in_minor_units():
    # 48.3 km (48300 m) at 0.35 per km in USD: 16.905 -> 1691 cents.
    assert rate_cost(np.array([48300]), 350000, 2, driver_scale=1000).tolist() == [1691]
    # The same in VND (no decimals): 16.905 dong -> 17.
    assert rate_cost(np.array([48300]), 350000, 0, driver_scale=1000).tolist() == [17]


@pytest.mark.parametrize(
    ("minor", "exponent", "text"),
    [(8400, 2, "84.00"), (-990, 2, "-9.90"), (0, 2, "0.00"), (1268303, 0, "1268303"),
     (5, 3, "0.005")],
)  # fmt: skip
def test_format_money_shows_exactly_the_currency_decimals(minor, exponent, text):
    assert format_money(minor, exponent) == text


def test_c19_cts_per_case_of_exactly_0_125_shows_0_13():
    # CTS 1.00 EUR over 8 cases is exactly 0.125 EUR a case: half up gives
    # 0.13 (half-even, and Python's float round, would give 0.12).
    pnl = PnlLines(cases=8, picking=100)

    assert pnl.cost_to_serve_per_case == 13
    assert format_money(pnl.cost_to_serve_per_case, 2) == "0.13"


def test_ratio_formatting_rounds_half_away_and_keeps_undefined_as_none():
    assert format_decimal(Fraction(1512050, 12087)) == "125.10"
    assert format_decimal(Fraction(-1, 800)) == "0.00"
    assert format_decimal(None) is None


def test_vectorised_rounding_stays_exact_when_int64_products_overflow():
    # (10^13 + 5) x 10^9 = 10^22 + 5 x 10^9 overflows int64; divided by 10^10
    # it is 10^12 + 0.5 exactly, which rounds away from zero.
    a = np.array([10**13 + 5, -(10**13 + 5)])

    got = mul_div_round(a, np.array([10**9, 10**9]), 10**10)

    assert got.tolist() == [10**12 + 1, -(10**12 + 1)]
