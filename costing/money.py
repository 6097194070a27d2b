"""Money and exact arithmetic: minor units, parsing, rounding and formatting.

Money inside the engine is an ``int`` of the currency's minor unit; rates are
integers of micro-units (1e-6 of the major unit, or of the rate's own unit);
ratios are ``fractions.Fraction``. Nothing here ever touches ``float``.
"""

from __future__ import annotations

import logging
import math
from decimal import Decimal, InvalidOperation
from fractions import Fraction

import numpy as np

from costing.errors import InvalidValue, TooManyDecimals

logger = logging.getLogger(__name__)

RATE_DECIMALS = 6
RATE_SCALE = 10**RATE_DECIMALS

# ISO 4217 minor-unit exponents. Codes not listed in an exception group have 2.
_EXPONENT_0 = (
    "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
).split()
_EXPONENT_3 = "BHD IQD JOD KWD LYD OMR TND".split()
_EXPONENT_4 = "CLF UYW".split()
_EXPONENT_2 = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL "
    "BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK "
    "DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF "
    "IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA "
    "MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB "
    "PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD "
    "SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED "
    "VES WST XCD XCG YER ZAR ZMW ZWG"
).split()

CURRENCY_EXPONENTS: dict[str, int] = {
    **dict.fromkeys(_EXPONENT_2, 2),
    **dict.fromkeys(_EXPONENT_0, 0),
    **dict.fromkeys(_EXPONENT_3, 3),
    **dict.fromkeys(_EXPONENT_4, 4),
}

# Largest magnitude numpy's int64 arithmetic may produce before results are
# computed with Python integers instead.
_INT64_SAFE = 2**62


def currency_exponent(currency: str) -> int:
    """Return the ISO 4217 minor-unit exponent of a currency.

    Args:
        currency: ISO 4217 alphabetic code, for example "USD".

    Returns:
        e such that one minor unit is 10^-e of the major unit (USD 2, VND 0).

    Raises:
        InvalidValue: the code is not an ISO 4217 currency.
    """
    try:
        return CURRENCY_EXPONENTS[currency]
    except KeyError:
        raise InvalidValue(
            f"{currency!r} is not an ISO 4217 currency code", field="currency"
        ) from None


def _as_decimal(value: object, field: str, row: str | None) -> Decimal:
    """Turn an input value into a finite Decimal, refusing floats."""
    if isinstance(value, bool) or isinstance(value, float):
        raise InvalidValue(
            "must be a Decimal, an integer or a decimal string, not a float",
            field=field,
            row=row,
        )

    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidValue(f"{value!r} is not a number", field=field, row=row) from None

    if not number.is_finite():
        raise InvalidValue("must be a finite number", field=field, row=row)
    return number


def parse_money(
    value: object,
    exponent: int,
    *,
    field: str,
    row: str | None = None,
    allow_negative: bool = False,
) -> int:
    """Parse a money amount into integer minor units.

    Args:
        value: Decimal, int or decimal string in major units ("84.00").
        exponent: the currency's minor-unit exponent.
        field: the field name, for the error message.
        row: the row name, for the error message.
        allow_negative: accept amounts below zero.

    Returns:
        The amount in minor units (8400 for "84.00" in USD).

    Raises:
        TooManyDecimals: more decimals than the currency allows ("84.5" in VND).
        InvalidValue: not a number, a float, or negative when not allowed.
    """
    number = _as_decimal(value, field, row)
    scaled = number.scaleb(exponent)
    if scaled != scaled.to_integral_value():
        raise TooManyDecimals(
            f"{value} has more than {exponent} decimals for this currency",
            field=field,
            row=row,
        )

    if number < 0 and not allow_negative:
        raise InvalidValue("must be at least 0", field=field, row=row)
    return int(scaled)


def parse_rate(value: object, *, field: str, row: str | None = None) -> int:
    """Parse a non-negative rate with at most 6 decimals into micro-units.

    Args:
        value: Decimal, int or decimal string ("0.35").
        field: the field name, for the error message.
        row: the row name, for the error message.

    Returns:
        The rate times 10^6 as an int (350000 for "0.35").

    Raises:
        InvalidValue: negative, not a number, a float, or more than 6 decimals.
    """
    number = _as_decimal(value, field, row)
    scaled = number.scaleb(RATE_DECIMALS)
    if scaled != scaled.to_integral_value():
        raise InvalidValue(
            f"{value} has more than {RATE_DECIMALS} decimals", field=field, row=row
        )

    if number < 0:
        raise InvalidValue("must be at least 0", field=field, row=row)
    return int(scaled)


def parse_quantity(
    value: object, decimals: int, *, field: str, row: str | None = None
) -> int:
    """Parse a non-negative quantity (km, minutes) into an int of 10^-decimals units.

    Args:
        value: Decimal, int or decimal string ("48.3").
        decimals: the number of decimals kept (3 for km gives metres).
        field: the field name, for the error message.
        row: the row name, for the error message.

    Returns:
        The quantity times 10^decimals as an int (48300 for "48.3" km).

    Raises:
        InvalidValue: negative, not a number, a float, or too many decimals.
    """
    number = _as_decimal(value, field, row)
    scaled = number.scaleb(decimals)
    if scaled != scaled.to_integral_value():
        raise InvalidValue(
            f"{value} has more than {decimals} decimals", field=field, row=row
        )

    if number < 0:
        raise InvalidValue("must be at least 0", field=field, row=row)
    return int(scaled)


def decimal_fraction(value: object, *, field: str, row: str | None = None) -> Fraction:
    """Return an input number (Decimal, int or string) as an exact Fraction."""
    return Fraction(_as_decimal(value, field, row))


def round_half_away(value: Fraction | int) -> int:
    """Round an exact number to the nearest integer, ties away from zero.

    Args:
        value: an int or an exact Fraction.

    Returns:
        The rounded integer: 7/2 -> 4, -5/2 -> -3, 33381/2 -> 16691.
    """
    if isinstance(value, int):
        return value

    return round_ratio(value.numerator, value.denominator)


def round_ratio(numerator: int, denominator: int) -> int:
    """Round numerator / denominator (denominator > 0), ties away from zero."""
    if numerator >= 0:
        return (2 * numerator + denominator) // (2 * denominator)
    return -((-2 * numerator + denominator) // (2 * denominator))


def _bound(values: np.ndarray | int) -> int:
    """Largest absolute value of an int or an integer array, as a Python int."""
    if isinstance(values, np.ndarray):
        if values.size == 0:
            return 0
        return max(abs(int(values.max())), abs(int(values.min())))
    return abs(int(values))


def _exact(values: np.ndarray | int, wide: bool) -> np.ndarray | int:
    """Return values as Python-int object arrays when wide, else unchanged."""
    if wide and isinstance(values, np.ndarray):
        return values.astype(object)
    return values


def mul_div_round(
    a: np.ndarray | int, b: np.ndarray | int, denominator: np.ndarray | int
) -> np.ndarray:
    """Compute round(a x b / denominator) element-wise, exactly, ties away from zero.

    Uses int64 arithmetic when the products cannot overflow, Python integers
    otherwise, so the result is exact for any input size.

    Args:
        a, b: integer arrays (or ints) to multiply.
        denominator: positive integer array (or int).

    Returns:
        An int64 array of rounded quotients.
    """
    wide = (_bound(a) * _bound(b) + _bound(denominator)) * 2 >= _INT64_SAFE
    numerator = _exact(a, wide) * _exact(b, wide)
    den = _exact(denominator, wide)

    twice = 2 * numerator
    up = (twice + den) // (2 * den)
    down = -((-twice + den) // (2 * den))
    result = np.where(np.asarray(numerator) >= 0, up, down)
    return np.asarray(result).astype(np.int64)


def mul_div_floor(
    a: np.ndarray | int, b: np.ndarray | int, denominator: np.ndarray | int
) -> tuple[np.ndarray, np.ndarray]:
    """Return (floor(a x b / denominator), remainder) element-wise, exactly.

    Args:
        a, b: non-negative integer arrays (or ints).
        denominator: positive integer array (or int).

    Returns:
        Two arrays: the floor of each quotient (int64) and the remainder
        a x b - floor x denominator (int64 when it fits, else Python ints).
    """
    wide = _bound(a) * _bound(b) + _bound(denominator) >= _INT64_SAFE
    numerator = _exact(a, wide) * _exact(b, wide)
    den = _exact(denominator, wide)

    floor = np.asarray(numerator // den)
    remainder = np.asarray(numerator - floor * den)
    return floor.astype(np.int64), remainder


def rate_cost(
    driver: np.ndarray | int,
    rate_micro: np.ndarray | int,
    exponent: int,
    driver_scale: int = 1,
) -> np.ndarray:
    """Charge a rate on a driver once per event, rounded half away from zero.

    Computes round(driver / driver_scale x rate x 10^exponent) exactly, where
    the rate is in major currency units per driver unit.

    Args:
        driver: per event, the driver in units of 1/driver_scale (cases with
            scale 1, metres with scale 1000 for a per-km rate, microseconds
            with scale 3.6e9 for a per-hour rate).
        rate_micro: per event (or one for all), the rate in micro-units.
        exponent: the currency's minor-unit exponent.
        driver_scale: how many driver units make one unit of the rate.

    Returns:
        An int64 array of amounts in minor units.
    """
    major_to_minor = 10**exponent
    denominator = driver_scale * RATE_SCALE
    common = math.gcd(major_to_minor, denominator)
    return mul_div_round(
        driver,
        np.asarray(rate_micro) * (major_to_minor // common),
        denominator // common,
    )


def format_money(minor: int, exponent: int) -> str:
    """Format minor units as a string with exactly `exponent` decimals.

    Args:
        minor: the amount in minor units.
        exponent: the currency's minor-unit exponent.

    Returns:
        For example "84.00" (8400, 2), "-9.90" (-990, 2), "1268303" (1268303, 0).
    """
    return str(Decimal(int(minor)).scaleb(-exponent))


def format_decimal(value: Fraction | int | None, decimals: int = 2) -> str | None:
    """Format an exact number rounded half away from zero, or None when undefined.

    Args:
        value: the exact value, or None.
        decimals: number of decimals in the string.

    Returns:
        For example "125.10" for 1512050/12087, or None.
    """
    if value is None:
        return None

    if isinstance(value, int):
        scaled = value * 10**decimals
    else:
        scaled = round_ratio(value.numerator * 10**decimals, value.denominator)
    return str(Decimal(scaled).scaleb(-decimals))


def ratio(numerator: int, denominator: int) -> Fraction | None:
    """Return numerator / denominator as a Fraction, None when the denominator is 0."""
    if denominator == 0:
        return None
    return Fraction(numerator, denominator)


def percent(numerator: int, denominator: int) -> Fraction | None:
    """Return 100 x numerator / denominator exactly, None when the denominator is 0."""
    if denominator == 0:
        return None
    return Fraction(100 * numerator, denominator)
