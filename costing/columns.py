"""The columnar form of the inputs, and its conversion from plain records.

The engine runs on integer numpy columns, one row per event:

- money in minor units (int64), cases as int64;
- local dates as proleptic ordinals (`date.toordinal()`);
- durations in microseconds, distances in metres;
- references to outlets, vehicles, routes and stops as row indexes
  (-1 for "none").

A service can build these columns straight from integer database columns; the
`to_columns` function builds them from the records of `costing.inputs` and
checks each record on the way.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from costing.errors import (
    DuplicateKey,
    InvalidValue,
    UnknownReference,
)
from costing.inputs import (
    CostingInputs,
    DeliveryStatus,
    Outlet,
    Promotion,
    RateCard,
    Stop,
    VehicleRate,
)
from costing.money import currency_exponent, parse_money, parse_quantity

logger = logging.getLogger(__name__)

DELIVERED, PARTIAL, FAILED = 0, 1, 2
STATUS_CODES = {
    DeliveryStatus.DELIVERED: DELIVERED,
    DeliveryStatus.PARTIAL: PARTIAL,
    DeliveryStatus.FAILED: FAILED,
}
NO_DWELL = -1
NO_STOP = -1

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_MICROSECONDS_PER_MINUTE = 60_000_000


def _ints(values: Sequence[int] | np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype=np.int64)


@dataclass(frozen=True)
class RouteColumns:
    """Driven routes: one row per route.

    Attributes:
        vehicle: index into `ColumnarInputs.vehicles`.
        day: local date (ordinal).
        departure_us: when it left the depot, microseconds since the Unix epoch
            (orders a vehicle's routes of one day).
        duration_us: minutes on the road M, in microseconds (> 0).
        distance_m: km driven K, in metres.
        ids: route identifiers, distinct (names routes in errors, breaks ties).
    """

    vehicle: np.ndarray
    day: np.ndarray
    departure_us: np.ndarray
    duration_us: np.ndarray
    distance_m: np.ndarray
    ids: Sequence[str]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class StopColumns:
    """Stops of driven routes: one row per stop.

    Attributes:
        route: index into the route columns.
        sequence: position in the route, distinct within a route.
        outlet: index into `ColumnarInputs.outlets`.
        dwell_us: dwell in microseconds, or NO_DWELL (-1) when not recorded.
        depot_distance_m: one-way road distance from the depot, in metres.
    """

    route: np.ndarray
    sequence: np.ndarray
    outlet: np.ndarray
    dwell_us: np.ndarray
    depot_distance_m: np.ndarray

    def __len__(self) -> int:
        return int(self.route.size)


@dataclass(frozen=True)
class DeliveryColumns:
    """Deliveries: one row per delivery.

    Attributes:
        outlet: index into `ColumnarInputs.outlets`.
        day: local date (ordinal).
        status: DELIVERED (0), PARTIAL (1) or FAILED (2).
        cases: cases delivered (0 when failed).
        net_revenue, cost_of_goods, trade_spend: minor units.
        stop: index into the stop columns, or NO_STOP (-1) when unrouted.
        refs: delivery references for error messages, or None.
    """

    outlet: np.ndarray
    day: np.ndarray
    status: np.ndarray
    cases: np.ndarray
    net_revenue: np.ndarray
    cost_of_goods: np.ndarray
    trade_spend: np.ndarray
    stop: np.ndarray
    refs: Sequence[str] | None = None

    def __len__(self) -> int:
        return int(self.outlet.size)


@dataclass(frozen=True)
class VisitColumns:
    """Service visits: one row per visit.

    Attributes:
        outlet: index into `ColumnarInputs.outlets`.
        day: local date of the start (ordinal).
        labour_us: labour time in microseconds.
        parts_cost: minor units.
        refs: visit references for error messages, or None.
    """

    outlet: np.ndarray
    day: np.ndarray
    labour_us: np.ndarray
    parts_cost: np.ndarray
    refs: Sequence[str] | None = None

    def __len__(self) -> int:
        return int(self.outlet.size)


@dataclass(frozen=True)
class TradePaymentColumns:
    """Trade payments: one row per payment (amount in minor units)."""

    outlet: np.ndarray
    day: np.ndarray
    amount: np.ndarray
    refs: Sequence[str] | None = None

    def __len__(self) -> int:
        return int(self.outlet.size)


def _empty_routes() -> RouteColumns:
    empty = _ints([])
    return RouteColumns(empty, empty, empty, empty, empty, ())


def _empty_stops() -> StopColumns:
    empty = _ints([])
    return StopColumns(empty, empty, empty, empty, empty)


def _empty_deliveries() -> DeliveryColumns:
    empty = _ints([])
    return DeliveryColumns(empty, empty, empty, empty, empty, empty, empty, empty)


def _empty_visits() -> VisitColumns:
    empty = _ints([])
    return VisitColumns(empty, empty, empty, empty)


def _empty_payments() -> TradePaymentColumns:
    empty = _ints([])
    return TradePaymentColumns(empty, empty, empty)


@dataclass(frozen=True)
class ColumnarInputs:
    """Everything one distributor's costing run needs, in columnar form."""

    currency: str
    outlets: Sequence[Outlet]
    rate_cards: Sequence[RateCard]
    vehicles: Sequence[str] = ()
    vehicle_rates: Sequence[VehicleRate] = ()
    promotions: Sequence[Promotion] = ()
    routes: RouteColumns = field(default_factory=_empty_routes)
    stops: StopColumns = field(default_factory=_empty_stops)
    deliveries: DeliveryColumns = field(default_factory=_empty_deliveries)
    visits: VisitColumns = field(default_factory=_empty_visits)
    trade_payments: TradePaymentColumns = field(default_factory=_empty_payments)
    distributor: str = "distributor"


def index_codes(codes: Sequence[str], kind: str) -> dict[str, int]:
    """Map each code to its row index, refusing duplicates.

    Raises:
        DuplicateKey: a code appears twice (names it).
    """
    position: dict[str, int] = {}
    for i, code in enumerate(codes):
        if code in position:
            raise DuplicateKey(
                f"{kind} code {code!r} appears twice",
                field="code",
                row=f"{kind} {code}",
            )
        position[code] = i

    return position


def _microseconds(span: timedelta) -> int:
    return span // _MICROSECOND


def _minutes_to_us(value: object, *, field: str, row: str) -> int:
    """Parse non-negative minutes (Decimal) into whole microseconds."""
    micro_minutes = parse_quantity(value, 6, field=field, row=row)
    return micro_minutes * _MICROSECONDS_PER_MINUTE // 1_000_000


def _dwell_us(stop: Stop, row: str) -> int:
    """A stop's dwell in microseconds, or NO_DWELL when it was not recorded."""
    if stop.dwell_minutes is not None:
        return _minutes_to_us(stop.dwell_minutes, field="dwell_minutes", row=row)
    if stop.arrived_at is None and stop.departed_at is None:
        return NO_DWELL

    arrived = _aware(stop.arrived_at, field="arrived_at", row=row)
    departed = _aware(stop.departed_at, field="departed_at", row=row)
    dwell = _microseconds(departed - arrived)
    if dwell < 0:
        raise InvalidValue("departs before it arrives", field="departed_at", row=row)
    return dwell


def _aware(instant: datetime | None, *, field: str, row: str) -> datetime:
    """Return an aware instant in UTC, so that differences are real durations.

    (Python subtracts two datetimes sharing a tzinfo as wall-clock times,
    which is an hour off across a daylight-saving change.)
    """
    if instant is None:
        raise InvalidValue("is required", field=field, row=row)
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise InvalidValue(
            "must be timezone-aware (carry a UTC offset)", field=field, row=row
        )
    return instant.astimezone(UTC)


def _check_local_date(
    instant: datetime, local_date: date, zone: ZoneInfo | None, *, field: str, row: str
) -> None:
    """Refuse an event whose local date is not the date of its start in the zone."""
    if zone is None:
        return

    actual = instant.astimezone(zone).date()
    if actual != local_date:
        raise InvalidValue(
            f"is {local_date.isoformat()} but {field} falls on "
            f"{actual.isoformat()} in {zone.key}",
            field="local_date",
            row=row,
        )


def _reference(
    position: dict[str, int], code: str, kind: str, *, field: str, row: str
) -> int:
    try:
        return position[code]
    except KeyError:
        raise UnknownReference(
            f"unknown {kind} {code!r}", field=field, row=row
        ) from None


def _status_code(status: DeliveryStatus | str, row: str) -> int:
    try:
        return STATUS_CODES[DeliveryStatus(status)]
    except ValueError:
        raise InvalidValue(
            f"{status!r} is not one of delivered, partial, failed",
            field="status",
            row=row,
        ) from None


def _cases(value: object, row: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidValue("must be a whole number", field="cases", row=row)
    if value < 0:
        raise InvalidValue("must be at least 0", field="cases", row=row)
    return value


def to_columns(inputs: CostingInputs) -> ColumnarInputs:
    """Check the plain records and turn them into columns.

    Args:
        inputs: the records of one distributor.

    Returns:
        The same inputs as ColumnarInputs (money in minor units).

    Raises:
        UnknownReference: a row names an unknown outlet, vehicle, route or stop.
        DuplicateKey: duplicate outlet codes, vehicle codes, route ids or stop
            sequences within a route.
        InvalidValue, TooManyDecimals: a field breaks its rule (names the field
            and the row).
    """
    exponent = currency_exponent(inputs.currency)
    outlets = index_codes([outlet.code for outlet in inputs.outlets], "outlet")
    vehicles = index_codes(list(inputs.vehicles), "vehicle")
    routes = index_codes([route.route_id for route in inputs.routes], "route")

    zone = _zone(inputs.timezone)
    _check_promotions(inputs, outlets)

    route_cols, stop_cols, stop_index = _route_columns(inputs, outlets, vehicles, zone)
    delivery_cols = _delivery_columns(inputs, exponent, outlets, routes, stop_index)
    visit_cols = _visit_columns(inputs, exponent, outlets, zone)
    payment_cols = _payment_columns(inputs, exponent, outlets)

    return ColumnarInputs(
        currency=inputs.currency,
        outlets=tuple(inputs.outlets),
        rate_cards=tuple(inputs.rate_cards),
        vehicles=tuple(inputs.vehicles),
        vehicle_rates=tuple(inputs.vehicle_rates),
        promotions=tuple(inputs.promotions),
        routes=route_cols,
        stops=stop_cols,
        deliveries=delivery_cols,
        visits=visit_cols,
        trade_payments=payment_cols,
        distributor=inputs.distributor,
    )


def _zone(name: str | None) -> ZoneInfo | None:
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidValue(
            f"{name!r} is not an IANA time zone", field="timezone"
        ) from None


def _check_promotions(inputs: CostingInputs, outlets: dict[str, int]) -> None:
    """Check promotions' dates and outlets, and the promotions payments name."""
    codes = set()
    for promotion in inputs.promotions:
        row = f"promotion {promotion.code}"
        if promotion.last_date < promotion.first_date:
            raise InvalidValue("ends before it starts", field="last_date", row=row)
        for code in sorted(promotion.outlets):
            _reference(outlets, code, "outlet", field="outlets", row=row)
        codes.add(promotion.code)

    for payment in inputs.trade_payments:
        if payment.promotion is not None and payment.promotion not in codes:
            raise UnknownReference(
                f"unknown promotion {payment.promotion!r}",
                field="promotion",
                row=f"trade payment {payment.ref}",
            )


def _route_columns(
    inputs: CostingInputs,
    outlets: dict[str, int],
    vehicles: dict[str, int],
    zone: ZoneInfo | None,
) -> tuple[RouteColumns, StopColumns, dict[tuple[str, int], int]]:
    """Build route and stop columns; also map (route id, sequence) to stop index."""
    route_rows: list[tuple[int, int, int, int, int]] = []
    stop_rows: list[tuple[int, int, int, int, int]] = []
    stop_index: dict[tuple[str, int], int] = {}
    for r, route in enumerate(inputs.routes):
        row = f"route {route.route_id}"
        vehicle = _reference(
            vehicles, route.vehicle, "vehicle", field="vehicle", row=row
        )
        left = _aware(route.left_depot_at, field="left_depot_at", row=row)
        back = _aware(route.back_at_depot_at, field="back_at_depot_at", row=row)
        _check_local_date(left, route.local_date, zone, field="left_depot_at", row=row)
        route_rows.append(
            (
                vehicle,
                route.local_date.toordinal(),
                _microseconds(left - _EPOCH),
                _microseconds(back - left),
                parse_quantity(route.km, 3, field="km", row=row),
            )
        )

        for stop in route.stops:
            stop_row = f"route {route.route_id} stop {stop.sequence}"
            if (route.route_id, stop.sequence) in stop_index:
                raise DuplicateKey(
                    "stop sequence appears twice on the route",
                    field="sequence",
                    row=stop_row,
                )

            outlet = _reference(
                outlets, stop.outlet, "outlet", field="outlet", row=stop_row
            )
            dwell = _dwell_us(stop, stop_row)
            distance = parse_quantity(
                stop.depot_distance_km, 3, field="depot_distance_km", row=stop_row
            )
            stop_index[(route.route_id, stop.sequence)] = len(stop_rows)
            stop_rows.append((r, int(stop.sequence), outlet, dwell, distance))

    route_array = _ints(route_rows).reshape(-1, 5)
    stop_array = _ints(stop_rows).reshape(-1, 5)
    route_cols = RouteColumns(
        *(route_array[:, i].copy() for i in range(5)),
        ids=tuple(route.route_id for route in inputs.routes),
    )
    stop_cols = StopColumns(*(stop_array[:, i].copy() for i in range(5)))
    return route_cols, stop_cols, stop_index


def _delivery_columns(
    inputs: CostingInputs,
    exponent: int,
    outlets: dict[str, int],
    routes: dict[str, int],
    stop_index: dict[tuple[str, int], int],
) -> DeliveryColumns:
    rows: list[tuple[int, ...]] = []
    for delivery in inputs.deliveries:
        row = f"delivery {delivery.ref}"
        outlet = _reference(outlets, delivery.outlet, "outlet", field="outlet", row=row)
        stop = NO_STOP
        if delivery.route_id is not None or delivery.stop_sequence is not None:
            _reference(routes, delivery.route_id, "route", field="route_id", row=row)
            key = (delivery.route_id, delivery.stop_sequence)
            if key not in stop_index:
                raise UnknownReference(
                    f"route {delivery.route_id} has no stop {delivery.stop_sequence}",
                    field="stop_sequence",
                    row=row,
                )
            stop = stop_index[key]

        rows.append(
            (
                outlet,
                delivery.local_date.toordinal(),
                _status_code(delivery.status, row),
                _cases(delivery.cases, row),
                parse_money(
                    delivery.net_revenue, exponent, field="net_revenue", row=row
                ),
                parse_money(
                    delivery.cost_of_goods, exponent, field="cost_of_goods", row=row
                ),
                parse_money(
                    delivery.trade_spend, exponent, field="trade_spend", row=row
                ),
                stop,
            )
        )

    array = _ints(rows).reshape(-1, 8)
    return DeliveryColumns(
        *(array[:, i].copy() for i in range(8)),
        refs=tuple(delivery.ref for delivery in inputs.deliveries),
    )


def _visit_columns(
    inputs: CostingInputs,
    exponent: int,
    outlets: dict[str, int],
    zone: ZoneInfo | None,
) -> VisitColumns:
    rows: list[tuple[int, int, int, int]] = []
    for visit in inputs.service_visits:
        row = f"service visit {visit.ref}"
        outlet = _reference(outlets, visit.outlet, "outlet", field="outlet", row=row)
        if visit.labour_minutes is not None:
            labour = _minutes_to_us(
                visit.labour_minutes, field="labour_minutes", row=row
            )
        else:
            started = _aware(visit.started_at, field="started_at", row=row)
            finished = _aware(visit.finished_at, field="finished_at", row=row)
            _check_local_date(
                started, visit.local_date, zone, field="started_at", row=row
            )
            labour = _microseconds(finished - started)
            if labour < 0:
                raise InvalidValue(
                    "finishes before it starts", field="finished_at", row=row
                )

        parts = parse_money(visit.parts_cost, exponent, field="parts_cost", row=row)
        rows.append((outlet, visit.local_date.toordinal(), labour, parts))

    array = _ints(rows).reshape(-1, 4)
    return VisitColumns(
        *(array[:, i].copy() for i in range(4)),
        refs=tuple(visit.ref for visit in inputs.service_visits),
    )


def _payment_columns(
    inputs: CostingInputs, exponent: int, outlets: dict[str, int]
) -> TradePaymentColumns:
    rows: list[tuple[int, int, int]] = []
    for payment in inputs.trade_payments:
        row = f"trade payment {payment.ref}"
        outlet = _reference(outlets, payment.outlet, "outlet", field="outlet", row=row)
        amount = parse_money(payment.amount, exponent, field="amount", row=row)
        rows.append((outlet, payment.local_date.toordinal(), amount))

    array = _ints(rows).reshape(-1, 3)
    return TradePaymentColumns(
        *(array[:, i].copy() for i in range(3)),
        refs=tuple(payment.ref for payment in inputs.trade_payments),
    )
