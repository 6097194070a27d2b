"""Domain exceptions of the costing engine.

Every exception names what it concerns (a field, a row, a route, a date) and the
rule that was broken, so that the service can answer with a clear 4xx.
"""

from __future__ import annotations

from datetime import date


class CostingError(Exception):
    """Base class: bad input for a costing run.

    Attributes:
        field: the input field concerned, or None.
        row: the row concerned (for example "delivery D07"), or None.
        rule: the rule broken, in plain words.
    """

    def __init__(self, rule: str, *, field: str | None = None, row: str | None = None):
        self.rule = rule
        self.field = field
        self.row = row

        where = ", ".join(part for part in (row, field) if part)
        super().__init__(f"{where}: {rule}" if where else rule)


class InvalidPeriod(CostingError):
    """The period starts after it ends."""

    def __init__(self, start: date, end: date):
        super().__init__(
            f"period start {start.isoformat()} is after its end {end.isoformat()}",
            field="period",
        )
        self.start = start
        self.end = end


class InvalidParams(CostingError):
    """A costing parameter breaks its rule (weights, retention bounds, windows)."""


class InvalidValue(CostingError):
    """A value breaks its rule: negative, too many decimals, wrong type, ..."""


class TooManyDecimals(InvalidValue):
    """A money amount carries more decimals than its currency allows."""


class UnknownReference(CostingError):
    """A row refers to an outlet, vehicle, route or stop that is not in the inputs."""


class MissingRate(CostingError):
    """No rate card or vehicle rate is in force on a date that needs one."""

    def __init__(self, owner: str, on: date, rate: str):
        super().__init__(
            f"no {rate} in force on {on.isoformat()}",
            field=rate,
            row=owner,
        )
        self.owner = owner
        self.on = on
        self.rate = rate


class InvalidRoute(InvalidValue):
    """A route's duration is not positive (it finishes before it starts)."""


class DwellExceedsRoute(InvalidValue):
    """The dwell minutes of a route's stops add up to more than its minutes."""


class StopWithoutDelivery(InvalidValue):
    """A stop holds no delivery record."""


class DeliveryDateMismatch(InvalidValue):
    """A delivery on a stop is dated differently from the stop's route."""


class FailedDeliveryWithGoods(InvalidValue):
    """A failed delivery records cases or revenue."""


class DuplicateKey(InvalidValue):
    """Two rows share a key that must be unique (outlet code, stop sequence, ...)."""
