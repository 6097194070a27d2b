"""Reading a distributor's costing inputs from the database as integer columns.

Money, cases, distances and durations are read as the integer columns they are
stored in; dates are turned into proleptic ordinals by the database itself, so
a year of a million deliveries comes back as plain integers. Instants (route
departures and returns, visit starts) are read through their column type, so
they arrive as aware UTC datetimes on SQLite and PostgreSQL alike.
"""

import logging
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import (
    BigInteger,
    Date,
    Integer,
    Text,
    case,
    cast,
    extract,
    func,
    literal,
    literal_column,
    select,
)

from costing.columns import (
    DELIVERED,
    FAILED,
    NO_DWELL,
    NO_STOP,
    PARTIAL,
    ColumnarInputs,
    DeliveryColumns,
    RouteColumns,
    StopColumns,
    TradePaymentColumns,
    VisitColumns,
)
from costing.errors import DeliveryDateMismatch
from costing.inputs import Outlet as OutletRecord
from costing.inputs import Promotion as PromotionRecord
from costing.inputs import RateCard as RateCardRecord
from costing.inputs import VehicleRate as VehicleRateRecord
from costing.params import CostingParams

from ..extensions import db
from ..geo import great_circle_km
from ..models import (
    Delivery,
    Distributor,
    DrivenRoute,
    DrivenStop,
    Outlet,
    Promotion,
    RateCard,
    ServiceVisit,
    Territory,
    TradePayment,
    Vehicle,
    VehicleRate,
)
from ..models.costing import promotion_outlets
from ..money import to_major

logger = logging.getLogger(__name__)

# Road distance over straight-line distance, for stops recorded without a
# depot distance (the same default the planner uses).
CIRCUITY = 1.35
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
# julianday('0001-01-01') is 1721425.5 and date(1, 1, 1).toordinal() is 1.
_JULIAN_OFFSET = 1721424.5


def day_ordinal(column):
    """A SQL expression giving a date column as ``date.toordinal()``."""
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(column - cast(literal("0001-01-01"), Date), Integer) + 1

    return cast(func.julianday(column) - _JULIAN_OFFSET, Integer)


class LazyRefs(Sequence):
    """External references of rows, fetched from the database only when named.

    A costing run names a row only in an error; reading a million references
    up front would cost more than the run itself.
    """

    def __init__(self, model, ids: np.ndarray):
        self.model = model
        self.ids = ids

    def __len__(self) -> int:
        return int(self.ids.size)

    def __getitem__(self, index):
        row_id = int(self.ids[index])
        ref = db.session.scalar(
            select(self.model.external_ref).where(self.model.id == row_id)
        )
        return ref if ref is not None else f"#{row_id}"


def history_start(start: date, end: date, params: CostingParams) -> date:
    """The first date whose deliveries the churn windows of the period need."""
    windows = params.churn_recent_days + params.churn_baseline_days
    return min(start, end - timedelta(days=windows - 1))


def read_inputs(
    distributor: Distributor, start: date, end: date, params: CostingParams
) -> ColumnarInputs:
    """Build the columnar costing inputs of one distributor for a period.

    Routes, stops, visits and trade payments are those dated in the period;
    deliveries reach back to the start of the churn windows, and each outlet's
    last successful delivery before that is added so that a silent outlet can
    be told lapsed from new.
    """
    outlet_ids, outlets, coordinates = _outlets(distributor)
    vehicle_ids, vehicle_codes = _vehicles(distributor)
    rate_cards = _rate_cards(distributor)
    codes = dict(zip(vehicle_ids.tolist(), vehicle_codes, strict=True))
    vehicle_rates = _vehicle_rates(distributor, codes)
    promotions = _promotions(distributor)

    routes, route_ids = _routes(distributor, start, end, vehicle_ids)
    stops, stop_ids = _stops(distributor, start, end, route_ids, outlet_ids)
    stops = _fill_depot_distances(distributor, stops, coordinates)
    deliveries = _deliveries(distributor, start, end, params, outlet_ids, stop_ids)
    visits = _visits(distributor, start, end, outlet_ids)
    payments = _payments(distributor, start, end, outlet_ids)

    return ColumnarInputs(
        currency=distributor.currency,
        outlets=outlets,
        rate_cards=rate_cards,
        vehicles=vehicle_codes,
        vehicle_rates=vehicle_rates,
        promotions=promotions,
        routes=routes,
        stops=stops,
        deliveries=deliveries,
        visits=visits,
        trade_payments=payments,
        distributor=distributor.code,
    )


def _matrix(rows, width: int) -> np.ndarray:
    """Integer rows as an int64 matrix of the given width (also when empty)."""
    return np.array(rows, dtype=np.int64).reshape(-1, width)


def _integer_matrix(statement, width: int) -> np.ndarray:
    """Run a select of integer columns; its rows as an int64 matrix sorted by the
    first column.

    Row objects, even the driver's plain tuples, cost more than the rest of a
    run for a million rows. So the database sends each column as one text of
    comma-separated numbers (aggregated in one pass, so the columns stay
    aligned row by row), which numpy parses at C speed.
    """
    connection = db.session.connection()
    inner = statement.subquery()
    if connection.dialect.name == "postgresql":
        texts = [func.string_agg(cast(c, Text), literal(",")) for c in inner.c]
    else:
        texts = [func.group_concat(c, ",") for c in inner.c]
    packed = connection.execute(select(*texts).select_from(inner)).one()
    if packed[0] is None:
        return np.zeros((0, width), dtype=np.int64)

    matrix = np.stack(
        [np.fromstring(text, dtype=np.int64, sep=",") for text in packed], axis=1
    )
    return matrix[np.argsort(matrix[:, 0], kind="stable")]


# A period this long reads most of a table: SQLite then does better scanning it
# in row order than looking each row up through an index.
SCAN_DAYS = 60


def _unindexed(column, scan: bool = True):
    """The column, kept off its index by SQLite's planner when ``scan`` is true.

    SQLite takes a unary plus before a column as "do not use an index for this
    term"; it has no other per-query hint. PostgreSQL plans well on its own.
    """
    if not scan or db.session.get_bind().dialect.name != "sqlite":
        return column
    return literal_column(f"+{column.table.name}.{column.name}", type_=column.type)


def _index(ids: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Positions of ``values`` in the sorted ``ids``; -1 where a value is absent."""
    if not ids.size:
        return np.full(values.shape, -1, dtype=np.int64)

    position = np.searchsorted(ids, values)
    position = np.minimum(position, ids.size - 1)
    return np.where(ids[position] == values, position, -1).astype(np.int64)


def _outlets(distributor: Distributor):
    rows = db.session.execute(
        select(
            Outlet.id,
            Outlet.external_code,
            Outlet.name,
            Outlet.channel,
            Territory.name,
            Outlet.size_band,
            Outlet.payment_terms_days,
            Outlet.lon,
            Outlet.lat,
        )
        .outerjoin(Territory, Outlet.territory_id == Territory.id)
        .where(Outlet.distributor_id == distributor.id)
        .order_by(Outlet.id)
    ).all()
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    outlets = tuple(
        OutletRecord(
            code=code,
            name=name,
            channel=channel,
            territory=territory,
            size_band=size_band,
            payment_terms_days=terms,
        )
        for _id, code, name, channel, territory, size_band, terms, _lon, _lat in rows
    )
    coordinates = np.array([(row[7], row[8]) for row in rows], dtype=float)
    return ids, outlets, coordinates.reshape(-1, 2)


def _vehicles(distributor: Distributor) -> tuple[np.ndarray, tuple[str, ...]]:
    rows = db.session.execute(
        select(Vehicle.id, Vehicle.code)
        .where(Vehicle.distributor_id == distributor.id)
        .order_by(Vehicle.id)
    ).all()
    return np.array([r[0] for r in rows], dtype=np.int64), tuple(r[1] for r in rows)


def _rate_cards(distributor: Distributor) -> tuple[RateCardRecord, ...]:
    cards = db.session.scalars(
        select(RateCard)
        .where(RateCard.distributor_id == distributor.id)
        .order_by(RateCard.effective_from)
    )
    currency = distributor.currency
    return tuple(
        RateCardRecord(
            effective_from=card.effective_from,
            cost_per_stop=to_major(card.cost_per_stop_minor, currency),
            picking_per_case=card.picking_per_case,
            handling_per_case=card.handling_per_case,
            technician_rate_per_hour=card.technician_rate_per_hour,
            visit_callout=to_major(card.visit_callout_minor, currency),
            annual_cost_of_capital=card.annual_cost_of_capital,
            standard_stop_minutes=card.standard_stop_minutes,
            minutes_per_case=card.minutes_per_case,
            standard_route_cost_per_stop=to_major(
                card.standard_route_cost_per_stop_minor, currency
            ),
        )
        for card in cards
    )


def _vehicle_rates(
    distributor: Distributor, codes: dict[int, str]
) -> tuple[VehicleRateRecord, ...]:
    rates = db.session.scalars(
        select(VehicleRate)
        .join(Vehicle, VehicleRate.vehicle_id == Vehicle.id)
        .where(Vehicle.distributor_id == distributor.id)
        .order_by(VehicleRate.vehicle_id, VehicleRate.effective_from)
    )
    return tuple(
        VehicleRateRecord(
            vehicle=codes[rate.vehicle_id],
            effective_from=rate.effective_from,
            fixed_per_day=to_major(rate.fixed_per_day_minor, distributor.currency),
            cost_per_km=rate.cost_per_km,
            cost_per_hour=rate.cost_per_hour,
        )
        for rate in rates
    )


def _promotions(distributor: Distributor) -> tuple[PromotionRecord, ...]:
    promotions = db.session.scalars(
        select(Promotion)
        .where(Promotion.distributor_id == distributor.id)
        .order_by(Promotion.code)
    ).all()
    listed: dict[int, set[str]] = {}
    for promotion_id, code in db.session.execute(
        select(promotion_outlets.c.promotion_id, Outlet.external_code)
        .join(Outlet, Outlet.id == promotion_outlets.c.outlet_id)
        .where(Outlet.distributor_id == distributor.id)
    ):
        listed.setdefault(promotion_id, set()).add(code)

    return tuple(
        PromotionRecord(
            code=promotion.code,
            first_date=promotion.first_date,
            last_date=promotion.last_date,
            rebate_per_case=promotion.rebate_per_case,
            outlets=frozenset(listed.get(promotion.id, ())),
            channel=promotion.channel,
        )
        for promotion in promotions
    )


def _microseconds(span: timedelta) -> int:
    return span // _MICROSECOND


def _routes(distributor: Distributor, start: date, end: date, vehicle_ids):
    rows = db.session.execute(
        select(
            DrivenRoute.id,
            DrivenRoute.vehicle_id,
            day_ordinal(DrivenRoute.service_date),
            DrivenRoute.left_depot_at,
            DrivenRoute.back_at_depot_at,
            DrivenRoute.distance_m,
            DrivenRoute.external_ref,
        )
        .where(
            DrivenRoute.distributor_id == distributor.id,
            DrivenRoute.service_date >= start,
            DrivenRoute.service_date <= end,
        )
        .order_by(DrivenRoute.id)
    ).all()
    matrix = _matrix(
        [
            (
                row_id,
                vehicle_id,
                day,
                _microseconds(left - _EPOCH),
                _microseconds(back - left),
                distance_m,
            )
            for row_id, vehicle_id, day, left, back, distance_m, _ref in rows
        ],
        6,
    )
    routes = RouteColumns(
        vehicle=_index(vehicle_ids, matrix[:, 1]),
        day=matrix[:, 2].copy(),
        departure_us=matrix[:, 3].copy(),
        duration_us=matrix[:, 4].copy(),
        distance_m=matrix[:, 5].copy(),
        ids=tuple(row[6] for row in rows),
    )
    return routes, matrix[:, 0].copy()


def _stops(distributor: Distributor, start: date, end: date, route_ids, outlet_ids):
    statement = select(
        DrivenStop.id,
        DrivenStop.route_id,
        DrivenStop.sequence,
        DrivenStop.outlet_id,
        func.coalesce(DrivenStop.dwell_us, NO_DWELL),
        func.coalesce(DrivenStop.depot_distance_m, -1),
    ).where(
        _unindexed(DrivenStop.route_id, (end - start).days > SCAN_DAYS).in_(
            select(DrivenRoute.id).where(
                DrivenRoute.distributor_id == distributor.id,
                DrivenRoute.service_date >= start,
                DrivenRoute.service_date <= end,
            )
        )
    )
    matrix = _integer_matrix(statement, 6)
    stops = StopColumns(
        route=_index(route_ids, matrix[:, 1]),
        sequence=matrix[:, 2].copy(),
        outlet=_index(outlet_ids, matrix[:, 3]),
        dwell_us=matrix[:, 4].copy(),
        depot_distance_m=matrix[:, 5].copy(),
    )
    return stops, matrix[:, 0].copy()


def _fill_depot_distances(
    distributor: Distributor, stops: StopColumns, coordinates: np.ndarray
) -> StopColumns:
    """Work out the depot distance of stops stored without one."""
    missing = np.flatnonzero(stops.depot_distance_m < 0)
    if not missing.size:
        return stops

    distance = stops.depot_distance_m.copy()
    for index in missing.tolist():
        lon, lat = coordinates[stops.outlet[index]]
        km = great_circle_km(distributor.depot_lon, distributor.depot_lat, lon, lat)
        distance[index] = round(km * CIRCUITY * 1000)

    return StopColumns(
        route=stops.route,
        sequence=stops.sequence,
        outlet=stops.outlet,
        dwell_us=stops.dwell_us,
        depot_distance_m=distance,
    )


def _status_code(column):
    return case(
        (column == "delivered", DELIVERED),
        (column == "partial", PARTIAL),
        else_=FAILED,
    )


def _deliveries(distributor, start: date, end: date, params, outlet_ids, stop_ids):
    """Deliveries of the period and churn windows, plus each outlet's earlier last."""
    since = history_start(start, end, params)
    statement = select(
        Delivery.id,
        Delivery.outlet_id,
        day_ordinal(Delivery.delivered_on),
        _status_code(Delivery.status),
        Delivery.cases,
        Delivery.net_revenue_minor,
        Delivery.cost_of_goods_minor,
        Delivery.trade_spend_minor,
        func.coalesce(Delivery.driven_stop_id, 0),
    )
    scan = (end - since).days > SCAN_DAYS
    delivered_on = _unindexed(Delivery.delivered_on, scan)
    statement = statement.where(
        _unindexed(Delivery.distributor_id, scan) == distributor.id,
        delivered_on >= since,
        delivered_on <= end,
    )
    matrix = _integer_matrix(statement, 9)

    # The last successful delivery before the windows: only its date matters.
    earlier = _integer_matrix(
        select(Delivery.outlet_id, day_ordinal(func.max(Delivery.delivered_on)))
        .where(
            # Through the date index: few rows lie before the windows.
            _unindexed(Delivery.distributor_id) == distributor.id,
            Delivery.delivered_on < since,
            Delivery.status.in_(("delivered", "partial")),
            Delivery.cases > 0,
        )
        .group_by(_unindexed(Delivery.outlet_id)),
        2,
    )
    stop = _index(stop_ids, matrix[:, 8])
    _refuse_stops_outside(matrix, stop, start)
    ids = np.concatenate([matrix[:, 0], np.zeros(len(earlier), dtype=np.int64)])
    count = len(earlier)

    def column(i: int, filler: np.ndarray | int) -> np.ndarray:
        extra = np.broadcast_to(np.asarray(filler, dtype=np.int64), (count,))
        return np.concatenate([matrix[:, i], extra])

    return DeliveryColumns(
        outlet=_index(outlet_ids, column(1, earlier[:, 0])),
        day=column(2, earlier[:, 1]),
        status=column(3, DELIVERED),
        cases=column(4, 1),
        net_revenue=column(5, 0),
        cost_of_goods=column(6, 0),
        trade_spend=column(7, 0),
        stop=np.concatenate([stop, np.full(count, NO_STOP, dtype=np.int64)]),
        refs=LazyRefs(Delivery, ids),
    )


def _refuse_stops_outside(matrix: np.ndarray, stop: np.ndarray, start: date) -> None:
    """Refuse a delivery of the period whose stop is on a route of another date."""
    in_period = matrix[:, 2] >= start.toordinal()
    stray = np.flatnonzero(in_period & (matrix[:, 8] != 0) & (stop == NO_STOP))
    if not stray.size:
        return

    row_id = int(matrix[stray[0], 0])
    ref = db.session.scalar(select(Delivery.external_ref).where(Delivery.id == row_id))
    raise DeliveryDateMismatch(
        "is on a stop of a route driven on another date",
        field="local_date",
        row=f"delivery {ref}",
    )


def _local_day_bounds(distributor: Distributor, start: date, end: date):
    """The UTC instants of the period's first local midnight and the one after."""
    zone = ZoneInfo(distributor.timezone)
    first = datetime.combine(start, time(), zone).astimezone(UTC)
    after = datetime.combine(end + timedelta(days=1), time(), zone).astimezone(UTC)
    return zone, first, after


def epoch_seconds(column):
    """A SQL expression giving an instant column as whole seconds since 1970 UTC."""
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(func.floor(extract("epoch", column)), BigInteger)

    # SQLite holds the instant as UTC text (see UTCDateTime).
    return cast(func.strftime("%s", column), BigInteger)


def local_ordinals(seconds: np.ndarray, zone: ZoneInfo) -> np.ndarray:
    """Local dates (ordinals) in ``zone`` of instants given in seconds since 1970.

    The zone's offset is looked up once per distinct hour; the rare hour in
    which the offset changes is looked up instant by instant.
    """
    hours, inverse = np.unique(seconds // 3600, return_inverse=True)
    offsets = np.empty(hours.size, dtype=np.int64)
    changing = np.zeros(hours.size, dtype=bool)
    for i, hour in enumerate(hours.tolist()):
        begins = datetime.fromtimestamp(hour * 3600, UTC).astimezone(zone)
        ends = datetime.fromtimestamp(hour * 3600 + 3599, UTC).astimezone(zone)
        offsets[i] = begins.utcoffset() // timedelta(seconds=1)
        changing[i] = begins.utcoffset() != ends.utcoffset()

    local = seconds + offsets[inverse]
    for index in np.flatnonzero(changing[inverse]).tolist():
        instant = datetime.fromtimestamp(int(seconds[index]), UTC).astimezone(zone)
        local[index] = seconds[index] + instant.utcoffset() // timedelta(seconds=1)
    return local // 86_400 + _EPOCH.date().toordinal()


def _visits(distributor: Distributor, start: date, end: date, outlet_ids):
    """Service visits that started in the period (cancelled ones cost nothing)."""
    zone, first, after = _local_day_bounds(distributor, start, end)
    matrix = _integer_matrix(
        select(
            ServiceVisit.id,
            ServiceVisit.outlet_id,
            epoch_seconds(ServiceVisit.started_at),
            ServiceVisit.labour_minutes,
            ServiceVisit.parts_cost_minor,
        ).where(
            ServiceVisit.distributor_id == distributor.id,
            ServiceVisit.started_at >= first,
            ServiceVisit.started_at < after,
            ServiceVisit.outcome.is_distinct_from("cancelled"),
        ),
        5,
    )
    return VisitColumns(
        outlet=_index(outlet_ids, matrix[:, 1]),
        day=local_ordinals(matrix[:, 2], zone),
        labour_us=matrix[:, 3] * 60_000_000,
        parts_cost=matrix[:, 4].copy(),
        refs=LazyRefs(ServiceVisit, matrix[:, 0].copy()),
    )


def _payments(distributor: Distributor, start: date, end: date, outlet_ids):
    matrix = _integer_matrix(
        select(
            TradePayment.id,
            TradePayment.outlet_id,
            day_ordinal(TradePayment.paid_on),
            TradePayment.amount_minor,
        ).where(
            TradePayment.distributor_id == distributor.id,
            TradePayment.paid_on >= start,
            TradePayment.paid_on <= end,
        ),
        4,
    )
    return TradePaymentColumns(
        outlet=_index(outlet_ids, matrix[:, 1]),
        day=matrix[:, 2].copy(),
        amount=matrix[:, 3].copy(),
        refs=LazyRefs(TradePayment, matrix[:, 0].copy()),
    )
