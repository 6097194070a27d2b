"""Plain records of the method's inputs: outlets, rates, routes, events, period.

These are the readable form of the inputs, with money as `Decimal` in major
units. `costing.columns` turns them into the columnar form the engine runs on;
a service reading a database can build that columnar form directly instead.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from costing.errors import InvalidPeriod

logger = logging.getLogger(__name__)


class DeliveryStatus(StrEnum):
    """Outcome of a delivery."""

    DELIVERED = "delivered"
    PARTIAL = "partial"
    FAILED = "failed"


@dataclass(frozen=True)
class Period:
    """A closed range of local dates [start, end]."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise InvalidPeriod(self.start, self.end)

    @property
    def days(self) -> int:
        """Number of days in the period, both ends included."""
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Outlet:
    """A retail customer, with its attributes as they are now."""

    code: str
    name: str = ""
    channel: str | None = None
    territory: str | None = None
    size_band: str | None = None
    payment_terms_days: int = 0


@dataclass(frozen=True)
class RateCard:
    """The distributor's rates from `effective_from` until the next row.

    Money fields are in major units of the currency (at most its decimals);
    the other fields are rates with at most 6 decimals.
    """

    effective_from: date
    cost_per_stop: Decimal
    picking_per_case: Decimal
    handling_per_case: Decimal
    technician_rate_per_hour: Decimal
    visit_callout: Decimal
    annual_cost_of_capital: Decimal
    standard_stop_minutes: Decimal
    minutes_per_case: Decimal
    standard_route_cost_per_stop: Decimal


@dataclass(frozen=True)
class VehicleRate:
    """One vehicle's running cost rates from `effective_from` on."""

    vehicle: str
    effective_from: date
    fixed_per_day: Decimal
    cost_per_km: Decimal
    cost_per_hour: Decimal


@dataclass(frozen=True)
class Stop:
    """One visit of a driven route to an outlet.

    The dwell is `dwell_minutes` when given, else `departed_at - arrived_at`
    (timezone-aware instants); with neither it was not recorded and the rate
    card's time equation is used. `depot_distance_km` is the one-way road
    distance from the depot, with at most 3 decimals.
    """

    sequence: int
    outlet: str
    depot_distance_km: Decimal
    dwell_minutes: Decimal | None = None
    arrived_at: datetime | None = None
    departed_at: datetime | None = None


@dataclass(frozen=True)
class Route:
    """One driven vehicle trip from the depot and back on one local date.

    `left_depot_at` and `back_at_depot_at` are timezone-aware instants; `km` is
    the distance driven with at most 3 decimals.
    """

    route_id: str
    vehicle: str
    local_date: date
    left_depot_at: datetime
    back_at_depot_at: datetime
    km: Decimal
    stops: Sequence[Stop] = ()


@dataclass(frozen=True)
class Delivery:
    """One invoice line group for one outlet on one local date.

    A delivery made on a route names the route and the stop's sequence.
    """

    ref: str
    outlet: str
    local_date: date
    status: DeliveryStatus | str
    cases: int
    net_revenue: Decimal
    cost_of_goods: Decimal
    trade_spend: Decimal = Decimal(0)
    route_id: str | None = None
    stop_sequence: int | None = None


@dataclass(frozen=True)
class Promotion:
    """A per-case rebate for eligible outlets between two dates, both included.

    Eligible outlets are those listed in `outlets`, plus every outlet of
    `channel` when it is given.
    """

    code: str
    first_date: date
    last_date: date
    rebate_per_case: Decimal
    outlets: frozenset[str] = field(default_factory=frozenset)
    channel: str | None = None


@dataclass(frozen=True)
class TradePayment:
    """A lump sum paid or credited to an outlet."""

    ref: str
    outlet: str
    local_date: date
    amount: Decimal
    promotion: str | None = None


@dataclass(frozen=True)
class ServiceVisit:
    """A technician visit to an outlet, dated by the local date of its start.

    `labour_minutes` may be None, then it is `finished_at - started_at`.
    """

    ref: str
    outlet: str
    local_date: date
    parts_cost: Decimal
    labour_minutes: Decimal | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    technician: str = ""
    kind: str = ""


@dataclass(frozen=True)
class CostingInputs:
    """Everything one distributor's costing run needs, as plain records.

    Events may reach outside the period: only those dated inside it are
    costed, while earlier deliveries feed the churn windows. With `timezone`
    (an IANA name) each route's and visit's local date is checked against the
    local date of its start.
    """

    currency: str
    outlets: Sequence[Outlet]
    rate_cards: Sequence[RateCard]
    vehicles: Sequence[str] = ()
    vehicle_rates: Sequence[VehicleRate] = ()
    routes: Sequence[Route] = ()
    deliveries: Sequence[Delivery] = ()
    service_visits: Sequence[ServiceVisit] = ()
    trade_payments: Sequence[TradePayment] = ()
    promotions: Sequence[Promotion] = ()
    distributor: str = "distributor"
    timezone: str | None = None
