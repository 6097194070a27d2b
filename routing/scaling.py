"""Explicit conversion of the problem's units to the solver's integers.

The solver counts only integers. Every conversion here either is exact, or
rounds to the nearest unit where the unit is finer than anything that matters
(metres, seconds), or refuses the value: nothing is ever truncated.
"""

import logging
import math
from decimal import Decimal
from fractions import Fraction

import numpy as np

from routing.errors import InvalidValue, UnrepresentableValue

logger = logging.getLogger(__name__)

# Values this close to a whole number of units are float noise, not a fraction.
_TOLERANCE = 1e-6

# Largest factor allowed between solver cost units and minor units.
MAX_COST_SCALE = 10**6

# Largest plan cost, in solver units, that leaves int64 sums room to spare.
COST_LIMIT = 2**62


def exact(value) -> Fraction:
    """Return a number as an exact fraction, reading a float by its shortest repr.

    Parameters:
        value: an int, float, Decimal or Fraction.

    Returns:
        The fraction; 0.8 gives 4/5, not the binary approximation of 0.8.
    """
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))

    return Fraction(value)


def scaled_int(value, scale: int, item: str, field: str) -> int:
    """Scale a natural quantity to whole solver units, refusing any remainder.

    Parameters:
        value: the quantity in natural units (for example 0.6 pallets).
        scale: solver units per natural unit (100 counts hundredths).
        item: the stop or vehicle the value belongs to, for the error.
        field: the field name, for the error.

    Returns:
        The quantity in solver units (0.6 pallets at scale 100 gives 60).

    Raises:
        UnrepresentableValue: when the value is not a whole number of units.
    """
    units = value * scale
    whole = round(units)
    if abs(units - whole) > _TOLERANCE * max(1.0, abs(units)):
        raise UnrepresentableValue(
            item, field, f"{value} is not a whole number of 1/{scale} units"
        )

    return int(whole)


def whole_int(value, item: str, field: str) -> int:
    """Return a value that must already be whole (minor units, seconds) as int.

    Parameters:
        value: an int or a float or Decimal with no fractional part.
        item: the stop or vehicle the value belongs to, for the error.
        field: the field name, for the error.

    Returns:
        The value as int.

    Raises:
        UnrepresentableValue: when the value has a fractional part.
    """
    return scaled_int(value, 1, item, field)


def nearest_int(value) -> int:
    """Round a duration in seconds or a distance in metres half up to an int.

    Parameters:
        value: a non-negative number of seconds or metres.

    Returns:
        The nearest whole number (2.5 gives 3, 0.6 gives 1).
    """
    return int(math.floor(value + 0.5))


def rounded_matrix(values: np.ndarray, name: str) -> np.ndarray:
    """Round a matrix of metres or seconds half up to int64.

    Parameters:
        values: a square array of non-negative finite numbers.
        name: ``distance_m`` or ``duration_s``, for the error.

    Returns:
        The int64 matrix.

    Raises:
        InvalidValue: when the matrix is not square, or holds a negative or
            non-finite value.
    """
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 2 or array.shape[0] != array.shape[1]:
        raise InvalidValue("travel matrix", name, "must be square")

    if not np.isfinite(array).all():
        row, col = np.argwhere(~np.isfinite(array))[0]
        raise InvalidValue("travel matrix", f"{name}[{row}][{col}]", "must be finite")

    if (array < 0).any():
        row, col = np.argwhere(array < 0)[0]
        raise InvalidValue("travel matrix", f"{name}[{row}][{col}]", "must be >= 0")

    return np.floor(array + 0.5).astype(np.int64)


def cost_scale(rates_per_km, rates_per_hour) -> int:
    """Find the smallest factor making every per-metre and per-second rate whole.

    Parameters:
        rates_per_km: vehicle cost rates in minor units per km.
        rates_per_hour: vehicle cost rates in minor units per hour.

    Returns:
        Solver cost units per minor unit (1 when every rate is a whole number of
        minor units per metre and per second; 25 for 0.80 EUR/km in cents).

    Raises:
        UnrepresentableValue: when the rates are so fine-grained that the factor
            would exceed ``MAX_COST_SCALE``.
    """
    scale = 1
    per_unit = [exact(rate) / 1000 for rate in rates_per_km]
    per_unit += [exact(rate) / 3600 for rate in rates_per_hour]
    for rate in per_unit:
        scale = math.lcm(scale, rate.denominator)

    if scale > MAX_COST_SCALE:
        raise UnrepresentableValue(
            "vehicles",
            "cost_per_km_minor",
            f"rates need {scale} solver units per minor unit, above {MAX_COST_SCALE}",
        )

    return scale


def per_unit_cost(rate, per: int, scale: int) -> int:
    """Return a rate per km (``per=1000``) or per hour (``per=3600``) in solver units.

    Parameters:
        rate: minor units per km or per hour.
        per: metres per km or seconds per hour.
        scale: solver cost units per minor unit, from ``cost_scale``.

    Returns:
        Solver cost units per metre or per second, exactly.
    """
    value = exact(rate) * scale / per
    assert value.denominator == 1, "cost_scale must make every rate whole"

    return int(value)
