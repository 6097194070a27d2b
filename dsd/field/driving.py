"""A driver's day: the published route, and what happened at each stop.

A driver sees the route of the truck they are linked to (``Vehicle.driver_id``)
in the published plan of a date. Each arrival and drop they record builds the
day's driven route, the actual trip cost-to-serve allocates from:

- the truck left the depot the driving time to the first outlet before the
  first arrival (great-circle distance times the plan's circuity, at its speed);
- it is back at the depot when the driver says so; until then, the driving time
  home after the last stop;
- km are the great-circle path depot, stops in the order driven, depot, times
  circuity, unless the driver types the odometer km when back at the depot.

Each drop becomes a delivery through the ordinary delivery ingest, priced as
``dsd.field.pricing`` explains, and points at its driven stop.
"""

import logging
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from ..errors import Conflict, InvalidValue, NotFound
from ..extensions import db
from ..geo import great_circle_km
from ..localtime import local_day, to_local
from ..models import (
    Delivery,
    Distributor,
    DrivenRoute,
    DrivenStop,
    FieldSubmission,
    Plan,
    PlanCandidate,
    PlanRoute,
    User,
    Vehicle,
)
from ..models.history import DELIVERY_STATUSES, FAILURE_REASONS
from ..models.types import utcnow
from ..money import to_major
from ..planning.service import route_members
from ..planning.settings import PlanSettings
from ..services.deliveries import ingest_deliveries
from ..values import FieldErrors, is_blank, read_choice, read_int
from .pricing import case_price
from .submissions import submit

logger = logging.getLogger(__name__)

# A phone clock may run a little fast; beyond this an instant is refused.
CLOCK_SLACK = timedelta(minutes=10)
MAX_ODOMETER_KM = 2000


def _published_route(distributor: Distributor, driver: User, day: date):
    return db.session.scalar(
        select(PlanRoute)
        .join(Plan, PlanRoute.plan_id == Plan.id)
        .join(Vehicle, PlanRoute.vehicle_id == Vehicle.id)
        .where(
            Plan.distributor_id == distributor.id,
            Plan.service_date == day,
            Plan.status == "published",
            Vehicle.driver_id == driver.id,
        )
    )


def driver_day(distributor: Distributor, driver: User, day: date) -> dict:
    """The driver's stops for a date, in order, with what is recorded so far."""
    route = _published_route(distributor, driver, day)
    zone = distributor.timezone
    if route is None:
        return {"service_date": day, "vehicle_code": None, "stops": []}

    driven = _driven_route(route.vehicle, day)
    stops = [
        stop_view(c, _driven_stop(driven, c.outlet_id), zone)
        for c in route_members(route.plan, route)
    ]
    return {
        "service_date": day,
        "vehicle_code": route.vehicle.code,
        "returned_at": _local(driven.back_at_depot_at, zone)
        if driven is not None and _closing(driven) is not None
        else None,
        "stops": stops,
    }


def own_stop(driver: User, stop_id: int) -> PlanCandidate:
    """A stop of the driver's own published route; anyone else's is not found."""
    candidate = db.session.get(PlanCandidate, stop_id)
    route = candidate.route if candidate is not None else None
    if (
        route is None
        or route.plan.status != "published"
        or route.plan.distributor_id != driver.distributor_id
        or route.vehicle.driver_id != driver.id
    ):
        raise NotFound(f"no stop {stop_id} on your routes")

    return candidate


def stop_detail(driver: User, stop_id: int) -> dict:
    """One stop of the driver's own route, with what is recorded."""
    candidate = own_stop(driver, stop_id)
    route = _driven_route(candidate.route.vehicle, candidate.plan.service_date)
    return stop_view(
        candidate,
        _driven_stop(route, candidate.outlet_id),
        candidate.plan.distributor.timezone,
    )


def _local(instant: datetime | None, zone: str) -> str | None:
    return None if instant is None else to_local(instant, zone).isoformat()


def stop_view(candidate: PlanCandidate, driven: DrivenStop | None, zone: str) -> dict:
    """One stop as the phone shows it: where, when, what, and what happened."""
    outlet = candidate.outlet
    delivery = _delivery_of(candidate)
    return {
        "id": candidate.id,
        "sequence": candidate.sequence,
        "eta": _local(candidate.arrival_at, zone),
        "outlet_code": outlet.external_code,
        "outlet_name": outlet.name,
        "address": outlet.address,
        "lat": outlet.lat,
        "lon": outlet.lon,
        "receiving_windows": [
            f"{w.opens_at:%H:%M}-{w.closes_at:%H:%M}" for w in outlet.receiving_windows
        ],
        "drop_cases": candidate.drop_cases,
        "navigation_url": f"geo:{outlet.lat:.6f},{outlet.lon:.6f}",
        "maps_url": "https://www.openstreetmap.org/directions?to="
        f"{outlet.lat:.6f}%2C{outlet.lon:.6f}",
        "arrived_at": _local(driven.arrived_at, zone) if driven else None,
        "departed_at": _local(driven.departed_at, zone) if driven else None,
        "status": delivery.status if delivery else None,
        "cases": delivery.cases if delivery else None,
        "failure_reason": delivery.failure_reason if delivery else None,
    }


def _delivery_ref(candidate: PlanCandidate) -> str:
    return f"field-stop-{candidate.id}"


def _delivery_of(candidate: PlanCandidate) -> Delivery | None:
    return db.session.scalar(
        select(Delivery).filter_by(
            distributor_id=candidate.plan.distributor_id,
            external_ref=_delivery_ref(candidate),
        )
    )


def _route_ref(vehicle: Vehicle, day: date) -> str:
    return f"field-{vehicle.id}-{day.isoformat()}"


def _driven_route(vehicle: Vehicle, day: date) -> DrivenRoute | None:
    return db.session.scalar(
        select(DrivenRoute).filter_by(
            distributor_id=vehicle.distributor_id, external_ref=_route_ref(vehicle, day)
        )
    )


def _driven_stop(route: DrivenRoute | None, outlet_id: int) -> DrivenStop | None:
    if route is None:
        return None

    return next((s for s in route.stops if s.outlet_id == outlet_id), None)


def _closing(route: DrivenRoute) -> FieldSubmission | None:
    """The latest "back at depot" submission of a driven route, if any."""
    return db.session.scalar(
        select(FieldSubmission)
        .filter_by(kind="depot_return", target_id=route.id)
        .order_by(FieldSubmission.id.desc())
        .limit(1)
    )


def _check_instant(
    field: str, instant: datetime, plan: Plan, distributor: Distributor
) -> None:
    start, end = local_day(plan.service_date, distributor.timezone)
    if instant > utcnow() + CLOCK_SLACK:
        raise InvalidValue(f"{field} is in the future", {field: ["is in the future"]})
    if not start <= instant < end:
        reason = f"is not on the route's date {plan.service_date}"
        raise InvalidValue(f"{field} {reason}", {field: [reason]})


class _Geometry:
    """Driving estimates between the depot and outlets, from the plan's settings."""

    def __init__(self, distributor: Distributor, plan: Plan):
        settings = PlanSettings.from_dict(plan.settings)
        self.circuity = settings.circuity
        self.speed_kmh = settings.speed_kmh
        self.depot = (distributor.depot_lon, distributor.depot_lat)

    def road_km(self, a: tuple[float, float], b: tuple[float, float]) -> float:
        """Road km between two (lon, lat) points: great-circle km times circuity."""
        return great_circle_km(*a, *b) * self.circuity

    def drive(self, a: tuple[float, float], b: tuple[float, float]) -> timedelta:
        """Driving time between two (lon, lat) points at the plan's speed."""
        return timedelta(hours=self.road_km(a, b) / self.speed_kmh)

    def path_m(self, route: DrivenRoute) -> int:
        """Road metres from the depot through the stops as driven and back."""
        points = [self.depot, *((s.outlet.lon, s.outlet.lat) for s in route.stops)]
        points.append(self.depot)
        km = sum(self.road_km(a, b) for a, b in zip(points, points[1:], strict=False))
        return round(km * 1000)

    def home_after(self, route: DrivenRoute) -> datetime:
        """When the truck would be back at the depot after its last stop."""
        last = route.stops[-1]
        leaving = last.departed_at or last.arrived_at
        return leaving + self.drive((last.outlet.lon, last.outlet.lat), self.depot)


def record_arrival(driver: User, stop_id: int, key: str, arrived_at: datetime) -> dict:
    """Record that the driver arrived at a stop; the first arrival opens the day."""
    candidate = own_stop(driver, stop_id)
    values = {"arrived_at": arrived_at}

    def apply() -> dict:
        plan = candidate.plan
        distributor = plan.distributor
        _check_instant("arrived_at", arrived_at, plan, distributor)
        route = _open_route(candidate, arrived_at)
        if _driven_stop(route, candidate.outlet_id) is not None:
            raise Conflict(
                f"stop {stop_id} already has its arrival",
                {"stop": ["already has its arrival recorded"]},
            )
        if route.stops:
            last = route.stops[-1]
            if arrived_at < (last.departed_at or last.arrived_at):
                raise InvalidValue(
                    "arrived_at is before the last stop",
                    {"arrived_at": ["is before the previous stop was left"]},
                )

        stop = DrivenStop(
            sequence=len(route.stops) + 1,
            outlet_id=candidate.outlet_id,
            arrived_at=arrived_at,
        )
        route.stops.append(stop)
        db.session.flush()
        _refresh(route, _Geometry(distributor, plan))
        logger.info(
            "driver %s arrived at stop %s (outlet %s) at %s",
            driver.email,
            stop_id,
            candidate.outlet.external_code,
            arrived_at.isoformat(),
        )
        return stop_view(candidate, stop, distributor.timezone)

    return submit(key, driver, "arrival", stop_id, values, apply)


def _open_route(candidate: PlanCandidate, arrived_at: datetime) -> DrivenRoute:
    plan = candidate.plan
    vehicle = candidate.route.vehicle
    route = _driven_route(vehicle, plan.service_date)
    if route is not None:
        closing = _closing(route)
        if closing is not None:
            raise Conflict(
                "the day's route is closed",
                {"stop": ["the route was closed when back at the depot"]},
            )
        return route

    distributor = plan.distributor
    geometry = _Geometry(distributor, plan)
    outlet = candidate.outlet
    left = arrived_at - geometry.drive(geometry.depot, (outlet.lon, outlet.lat))
    route = DrivenRoute(
        distributor_id=distributor.id,
        vehicle_id=vehicle.id,
        service_date=plan.service_date,
        left_depot_at=left,
        back_at_depot_at=arrived_at + timedelta(seconds=1),
        distance_m=0,
        external_ref=_route_ref(vehicle, plan.service_date),
    )
    db.session.add(route)
    db.session.flush()
    logger.info(
        "driven route %s opened for truck %s on %s",
        route.id,
        vehicle.code,
        plan.service_date,
    )
    return route


def _refresh(route: DrivenRoute, geometry: _Geometry) -> None:
    """Provisional return time and km while the day runs."""
    route.distance_m = geometry.path_m(route)
    route.back_at_depot_at = max(
        geometry.home_after(route), route.left_depot_at + timedelta(seconds=1)
    )
    db.session.flush()


def _read_drop(values: dict) -> dict:
    """The outcome of a drop, or InvalidValue naming each bad field."""
    errors = FieldErrors()
    status = errors.read(
        "status", read_choice, values.get("status"), options=DELIVERY_STATUSES
    )
    reason = values.get("failure_reason")
    if status == "failed" and is_blank(reason):
        errors.add("failure_reason", "is needed when the drop failed")
        reason = None
    elif status == "delivered" and not is_blank(reason):
        errors.add("failure_reason", "is only given for a failed or partial drop")
    elif not is_blank(reason):
        reason = errors.read(
            "failure_reason", read_choice, reason, options=FAILURE_REASONS
        )
    else:
        reason = None

    cases = values.get("cases")
    if status == "failed":
        if not is_blank(cases) and cases != 0:
            errors.add("cases", "must be 0 for a failed drop")
        cases = 0
    else:
        cases = errors.read("cases", read_int, cases, minimum=0)
        if status == "partial" and cases == 0:
            errors.add("cases", "must be at least 1 for a partial drop")

    if errors:
        raise InvalidValue("the drop is not valid", errors.errors)
    return {"status": status, "failure_reason": reason, "cases": cases}


def record_drop(driver: User, stop_id: int, key: str, values: dict) -> dict:
    """Record a drop's outcome and departure: a delivery on the driven stop.

    ``values`` holds ``departed_at`` (aware instant), ``status``, ``cases`` and
    ``failure_reason``.
    """
    candidate = own_stop(driver, stop_id)

    def apply() -> dict:
        outcome = _read_drop(values)
        plan = candidate.plan
        distributor = plan.distributor
        departed_at = values["departed_at"]
        _check_instant("departed_at", departed_at, plan, distributor)
        route = _driven_route(candidate.route.vehicle, plan.service_date)
        stop = _driven_stop(route, candidate.outlet_id)
        if stop is None:
            raise Conflict(
                "record the arrival first",
                {"stop": ["has no arrival recorded; tap arrived first"]},
            )
        if _closing(route) is not None:
            raise Conflict(
                "the day's route is closed",
                {"stop": ["the route was closed when back at the depot"]},
            )
        if stop.departed_at is not None:
            raise Conflict(
                f"stop {stop_id} already has its drop",
                {"stop": ["already has its drop recorded"]},
            )
        if departed_at < stop.arrived_at:
            raise InvalidValue(
                "departed_at is before the arrival",
                {"departed_at": ["is before the arrival at the stop"]},
            )

        stop.departed_at = departed_at
        # Cost-to-serve reads the dwell as a whole number of microseconds.
        stop.dwell_us = (departed_at - stop.arrived_at) // timedelta(microseconds=1)
        _add_delivery(candidate, stop, outcome)
        _refresh(route, _Geometry(distributor, plan))
        logger.info(
            "driver %s: stop %s %s, %d cases",
            driver.email,
            stop_id,
            outcome["status"],
            outcome["cases"],
        )
        return stop_view(candidate, stop, distributor.timezone)

    return submit(key, driver, "drop", stop_id, values, apply)


def _add_delivery(candidate: PlanCandidate, stop: DrivenStop, outcome: dict) -> None:
    plan = candidate.plan
    distributor = plan.distributor
    price = case_price(distributor.id, candidate.outlet_id, plan.service_date)
    cases = outcome["cases"]
    row = {
        "external_ref": _delivery_ref(candidate),
        "outlet_code": candidate.outlet.external_code,
        "delivered_on": plan.service_date.isoformat(),
        "status": outcome["status"],
        "failure_reason": outcome["failure_reason"],
        "cases": cases,
        "net_revenue": to_major(price.revenue_for(cases), distributor.currency),
        "cost_of_goods": to_major(price.cost_of_goods_for(cases), distributor.currency),
        "trade_spend": Decimal(0),
    }
    try:
        ingest_deliveries(distributor, [row])
    except InvalidValue as error:
        raise InvalidValue(error.message, error.errors.get("row 1", {})) from error

    delivery = _delivery_of(candidate)
    delivery.driven_stop_id = stop.id
    db.session.flush()


def record_return(
    driver: User,
    distributor: Distributor,
    key: str,
    service_date: date,
    returned_at: datetime,
    driven_km: Decimal | None,
) -> dict:
    """Close the day's driven route: back at the depot, with odometer km if typed."""
    route_of_plan = _published_route(distributor, driver, service_date)
    if route_of_plan is None:
        raise NotFound(f"you have no published route on {service_date}")
    plan = route_of_plan.plan
    route = _driven_route(route_of_plan.vehicle, service_date)
    if route is None:
        raise Conflict(
            "nothing driven yet", {"stop": ["no arrival is recorded on this route"]}
        )
    values = {
        "service_date": service_date,
        "returned_at": returned_at,
        "driven_km": driven_km,
    }

    def apply() -> dict:
        _check_instant("returned_at", returned_at, plan, distributor)
        last = route.stops[-1]
        if returned_at < (last.departed_at or last.arrived_at):
            raise InvalidValue(
                "returned_at is before the last stop",
                {"returned_at": ["is before the last stop was left"]},
            )
        if driven_km is not None and not 0 <= driven_km <= MAX_ODOMETER_KM:
            raise InvalidValue(
                "driven_km is out of range",
                {"driven_km": [f"must be between 0 and {MAX_ODOMETER_KM}"]},
            )

        route.back_at_depot_at = returned_at
        if driven_km is not None:
            route.distance_m = int((driven_km * 1000).to_integral_value())
        else:
            route.distance_m = _Geometry(distributor, plan).path_m(route)
        db.session.flush()
        logger.info(
            "driven route %s closed at %s: %d stops, %.1f km",
            route.id,
            returned_at.isoformat(),
            len(route.stops),
            route.distance_m / 1000,
        )
        return {
            "service_date": service_date.isoformat(),
            "left_depot_at": _local(route.left_depot_at, distributor.timezone),
            "returned_at": _local(route.back_at_depot_at, distributor.timezone),
            "distance_km": round(route.distance_m / 1000, 3),
            "stops": len(route.stops),
        }

    return submit(key, driver, "depot_return", route.id, values, apply)
