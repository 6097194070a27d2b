"""Effective-dated rate cards and vehicle rates, looked up by local date.

The row in force on a date is the one with the latest `effective_from` on or
before it. A date with no row in force is an error naming what is missing,
never a zero cost.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from costing.errors import DuplicateKey, MissingRate, UnknownReference
from costing.inputs import RateCard, VehicleRate
from costing.money import parse_money, parse_rate

logger = logging.getLogger(__name__)

# Day ordinals stay below this, so vehicle x DAY_SPAN + day is a unique key.
DAY_SPAN = 4_000_000

_MONEY_FIELDS = ("cost_per_stop", "visit_callout", "standard_route_cost_per_stop")
_RATE_FIELDS = (
    "picking_per_case",
    "handling_per_case",
    "technician_rate_per_hour",
    "annual_cost_of_capital",
    "standard_stop_minutes",
    "minutes_per_case",
)


@dataclass(frozen=True)
class RateCardTable:
    """The distributor's rate cards as arrays, sorted by effective date.

    Money fields are in minor units; rate fields in micro-units (x 10^6).
    """

    owner: str
    effective_day: np.ndarray
    cost_per_stop: np.ndarray
    visit_callout: np.ndarray
    standard_route_cost_per_stop: np.ndarray
    picking_per_case: np.ndarray
    handling_per_case: np.ndarray
    technician_rate_per_hour: np.ndarray
    annual_cost_of_capital: np.ndarray
    standard_stop_minutes: np.ndarray
    minutes_per_case: np.ndarray

    def in_force(self, days: np.ndarray) -> np.ndarray:
        """Return, per local date, the index of the rate card in force.

        Args:
            days: local dates as proleptic ordinals (`date.toordinal()`).

        Returns:
            An int64 array of row indexes into this table's arrays.

        Raises:
            MissingRate: a date precedes every rate card (names the earliest).
        """
        days = np.asarray(days, dtype=np.int64)
        index = np.searchsorted(self.effective_day, days, side="right") - 1
        if index.size and index.min() < 0:
            first = int(days[index < 0].min())
            raise MissingRate(self.owner, date.fromordinal(first), "rate card")
        return index


def rate_card_table(
    rate_cards: Sequence[RateCard], exponent: int, owner: str
) -> RateCardTable:
    """Parse rate cards into a table sorted by effective date.

    Args:
        rate_cards: the distributor's rate card rows.
        exponent: the currency's minor-unit exponent.
        owner: how to name the distributor in errors ("distributor ACME").

    Returns:
        The RateCardTable.

    Raises:
        DuplicateKey: two rows take effect on the same date.
        InvalidValue, TooManyDecimals: a field breaks its rule.
    """
    cards = sorted(rate_cards, key=lambda card: card.effective_from)
    days = [card.effective_from.toordinal() for card in cards]
    if len(set(days)) != len(days):
        raise DuplicateKey(
            "two rate cards take effect on the same date",
            field="effective_from",
            row=owner,
        )

    columns: dict[str, list[int]] = {name: [] for name in _MONEY_FIELDS + _RATE_FIELDS}
    for card in cards:
        row = f"rate card from {card.effective_from.isoformat()}"
        for name in _MONEY_FIELDS:
            value = getattr(card, name)
            columns[name].append(parse_money(value, exponent, field=name, row=row))
        for name in _RATE_FIELDS:
            columns[name].append(parse_rate(getattr(card, name), field=name, row=row))

    arrays = {
        name: np.array(values, dtype=np.int64) for name, values in columns.items()
    }
    return RateCardTable(
        owner=owner, effective_day=np.array(days, dtype=np.int64), **arrays
    )


@dataclass(frozen=True)
class VehicleRateTable:
    """Vehicle rates as arrays, sorted by (vehicle, effective date).

    `fixed_per_day` is in minor units; `cost_per_km` and `cost_per_hour` are in
    micro-units of the major currency unit.
    """

    vehicles: tuple[str, ...]
    key: np.ndarray
    fixed_per_day: np.ndarray
    cost_per_km: np.ndarray
    cost_per_hour: np.ndarray

    def in_force(self, vehicle: np.ndarray, days: np.ndarray) -> np.ndarray:
        """Return, per (vehicle, local date), the index of the vehicle rate in force.

        Args:
            vehicle: vehicle indexes into `vehicles`.
            days: local dates as proleptic ordinals.

        Returns:
            An int64 array of row indexes into this table's arrays.

        Raises:
            MissingRate: a vehicle has no rate in force on a date (names the
                vehicle and its earliest such date).
        """
        vehicle = np.asarray(vehicle, dtype=np.int64)
        days = np.asarray(days, dtype=np.int64)
        wanted = vehicle * DAY_SPAN + days
        index = np.searchsorted(self.key, wanted, side="right") - 1

        if self.key.size == 0:
            found = np.full(wanted.size, -1, dtype=np.int64)
        else:
            owner = self.key[np.maximum(index, 0)] // DAY_SPAN
            found = np.where(index >= 0, owner, -1)
        missing = found != vehicle
        if missing.any():
            first = np.flatnonzero(missing)
            worst = first[np.lexsort((days[first], vehicle[first]))[0]]
            raise MissingRate(
                f"vehicle {self.vehicles[int(vehicle[worst])]}",
                date.fromordinal(int(days[worst])),
                "vehicle rate",
            )
        return index


def vehicle_rate_table(
    vehicle_rates: Sequence[VehicleRate], vehicles: Sequence[str], exponent: int
) -> VehicleRateTable:
    """Parse vehicle rates into a table sorted by vehicle and effective date.

    Args:
        vehicle_rates: the rate rows of every vehicle.
        vehicles: the vehicle codes; a route's vehicle index points into it.
        exponent: the currency's minor-unit exponent.

    Returns:
        The VehicleRateTable.

    Raises:
        UnknownReference: a rate names a vehicle that is not in `vehicles`.
        DuplicateKey: a vehicle has two rates taking effect on the same date.
        InvalidValue, TooManyDecimals: a field breaks its rule.
    """
    position = {code: i for i, code in enumerate(vehicles)}
    rows = []
    for rate in vehicle_rates:
        name = f"vehicle rate {rate.vehicle} from {rate.effective_from.isoformat()}"
        if rate.vehicle not in position:
            raise UnknownReference(
                f"unknown vehicle {rate.vehicle!r}", field="vehicle", row=name
            )

        rows.append(
            (
                position[rate.vehicle] * DAY_SPAN + rate.effective_from.toordinal(),
                parse_money(
                    rate.fixed_per_day, exponent, field="fixed_per_day", row=name
                ),
                parse_rate(rate.cost_per_km, field="cost_per_km", row=name),
                parse_rate(rate.cost_per_hour, field="cost_per_hour", row=name),
                name,
            )
        )

    rows.sort()
    keys = [row[0] for row in rows]
    if len(set(keys)) != len(keys):
        duplicate = next(
            a for a, b in zip(rows, rows[1:], strict=False) if a[0] == b[0]
        )
        raise DuplicateKey(
            "two rates of one vehicle take effect on the same date",
            field="effective_from",
            row=duplicate[4],
        )

    def column(i: int) -> np.ndarray:
        return np.array([row[i] for row in rows], dtype=np.int64)

    return VehicleRateTable(
        vehicles=tuple(vehicles),
        key=column(0),
        fixed_per_day=column(1),
        cost_per_km=column(2),
        cost_per_hour=column(3),
    )
