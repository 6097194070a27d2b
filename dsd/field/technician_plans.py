"""Planning technicians' days with the route engine, and publishing them.

Each technician is a vehicle of the engine with no load: they leave the depot
within their working hours and are back by the end of them. Each service
request whose window overlaps the day is a stop with that window (cut to the
day) and its expected duration as service time. High-priority requests must be
visited; the others may be left out at a penalty by priority, so the engine
leaves out the ones whose detour costs more than they are worth.
"""

import logging
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

import routing

from ..errors import Conflict, InvalidValue, NotFound
from ..extensions import db
from ..localtime import local_day, local_instant, to_local
from ..models import (
    Distributor,
    ServiceRequest,
    TechnicianPlan,
    TechnicianRoute,
    TechnicianStop,
    User,
)
from ..models.types import utcnow
from ..money import exponent_of
from ..services.audit import record_change

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TechnicianPlanSettings:
    """Costs and speeds of a technician day; money in major units.

    ``penalty_normal`` and ``penalty_low`` are what leaving out a request of
    that priority costs the plan; a high-priority request is never optional.
    """

    cost_per_km: float = 0.4
    cost_per_hour: float = 30.0
    penalty_normal: float = 150.0
    penalty_low: float = 40.0
    circuity: float = 1.35
    speed_kmh: float = 30.0
    time_limit_s: float = 5.0
    seed: int = 0

    @classmethod
    def from_dict(cls, values: dict | None) -> "TechnicianPlanSettings":
        """Settings from a JSON object; unknown names and bad values are refused."""
        values = dict(values or {})
        known = {f.name for f in fields(cls)}
        errors = {name: ["is not a setting"] for name in set(values) - known}
        for name, value in values.items():
            if name not in known:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                errors[name] = ["must be a number"]
            elif value < 0 or (name in ("speed_kmh", "circuity") and value <= 0):
                errors[name] = ["must be greater than 0"]
        if values.get("time_limit_s", 1) > 60:
            errors["time_limit_s"] = ["must be at most 60"]
        if errors:
            raise InvalidValue("the settings are not valid", errors)

        return cls(**values)


DEFAULT_SHIFT = (time(8), time(17))


@dataclass(frozen=True)
class WorkingHours:
    """A technician's working hours for the day, local wall-clock times."""

    technician_id: int
    start: time
    end: time


def _technicians(distributor: Distributor, hours: list[WorkingHours]) -> dict:
    errors: dict[str, list[str]] = {}
    found = {}
    for number, entry in enumerate(hours, start=1):
        user = db.session.get(User, entry.technician_id)
        field = f"technicians.{number}"
        if (
            user is None
            or user.distributor_id != distributor.id
            or user.role != "technician"
        ):
            errors[f"{field}.technician_id"] = [
                "is not a technician of this distributor"
            ]
        elif user.id in found:
            errors[f"{field}.technician_id"] = ["is listed twice"]
        else:
            found[user.id] = user
        if entry.end <= entry.start:
            errors[f"{field}.shift_end"] = ["is not after shift_start"]
    if not hours:
        errors["technicians"] = ["name at least one technician"]
    if errors:
        raise InvalidValue("the technicians are not valid", errors)

    return found


def open_requests(distributor: Distributor, day: date) -> list[ServiceRequest]:
    """Requests not yet done or cancelled whose window overlaps the local day."""
    start, end = local_day(day, distributor.timezone)
    return list(
        db.session.scalars(
            select(ServiceRequest)
            .where(
                ServiceRequest.distributor_id == distributor.id,
                ServiceRequest.status.in_(("open", "planned")),
                ServiceRequest.window_start < end,
                ServiceRequest.window_end > start,
            )
            .order_by(ServiceRequest.id)
        )
    )


def _problem(distributor, day, hours, requests, settings) -> routing.Problem:
    origin, day_end = local_day(day, distributor.timezone)
    minor = 10 ** exponent_of(distributor.currency)

    def seconds(instant: datetime) -> int:
        return int((instant - origin).total_seconds())

    penalties = {
        "high": None,
        "normal": round(settings.penalty_normal * minor),
        "low": round(settings.penalty_low * minor),
    }
    locations = [
        routing.Location(distributor.depot_lon, distributor.depot_lat, "depot")
    ]
    stops = []
    for request in requests:
        outlet = request.outlet
        locations.append(routing.Location(outlet.lon, outlet.lat, outlet.name))
        window = routing.TimeWindow(
            seconds(max(request.window_start, origin)),
            seconds(min(request.window_end, day_end)),
        )
        stops.append(
            routing.Stop(
                id=f"r{request.id}",
                location=len(locations) - 1,
                windows=(window,),
                service_s=request.expected_minutes * 60,
                drop_penalty_minor=penalties[request.priority],
            )
        )

    vehicles = tuple(
        routing.Vehicle(
            id=f"t{entry.technician_id}",
            start=0,
            end=0,
            shift=routing.TimeWindow(
                seconds(local_instant(day, entry.start, distributor.timezone)),
                seconds(local_instant(day, entry.end, distributor.timezone)),
            ),
            cost_per_km_minor=settings.cost_per_km * minor,
            cost_per_hour_minor=settings.cost_per_hour * minor,
        )
        for entry in hours
    )
    return routing.Problem(
        locations=tuple(locations), vehicles=vehicles, stops=tuple(stops)
    )


def create_technician_plan(
    distributor: Distributor,
    day: date,
    hours: list[WorkingHours],
    settings: dict,
    caller: User,
) -> TechnicianPlan:
    """Plan the technicians' day now: routes in order, requests left out and why."""
    plan_settings = TechnicianPlanSettings.from_dict(settings)
    _technicians(distributor, hours)
    requests = open_requests(distributor, day)
    if not requests:
        raise InvalidValue(
            "nothing to plan",
            {"service_date": [f"no open service request falls on {day}"]},
        )

    problem = _problem(distributor, day, hours, requests, plan_settings)
    matrix = routing.GreatCircleMatrix(
        circuity=plan_settings.circuity, speed_kmh=plan_settings.speed_kmh
    )
    try:
        solution = routing.solve(
            problem,
            routing.Params(
                time_limit_s=plan_settings.time_limit_s, seed=int(plan_settings.seed)
            ),
            matrix=matrix,
        )
    except routing.RoutingError as error:
        raise InvalidValue(
            "the day cannot be planned", {"plan": [str(error)]}
        ) from error

    plan = _store(distributor, day, hours, requests, solution, plan_settings, caller)
    logger.info(
        "technician plan %s for %s on %s: %d routes, %d visits, %d left out",
        plan.id,
        distributor.code,
        day,
        len(solution.routes),
        plan.totals["visits"],
        plan.totals["left_out"],
    )
    return plan


def _store(distributor, day, hours, requests, solution, settings, caller):
    origin, _ = local_day(day, distributor.timezone)
    plan = TechnicianPlan(
        distributor_id=distributor.id,
        service_date=day,
        status="ready",
        version=1,
        settings=asdict(settings),
        created_by_id=caller.id,
    )
    db.session.add(plan)
    routes = {}
    for entry in hours:
        route = TechnicianRoute(
            technician_id=entry.technician_id,
            shift_start=entry.start,
            shift_end=entry.end,
            distance_m=0,
        )
        plan.routes.append(route)
        routes[f"t{entry.technician_id}"] = route
    stops = {}
    for request in requests:
        stop = TechnicianStop(request_id=request.id)
        plan.stops.append(stop)
        stops[f"r{request.id}"] = stop
    db.session.flush()

    for engine_route in solution.routes:
        route = routes[engine_route.vehicle_id]
        route.distance_m = engine_route.distance_m
        route.start_at = origin + timedelta(seconds=engine_route.start_s)
        route.end_at = origin + timedelta(seconds=engine_route.end_s)
        for position, visit in enumerate(engine_route.visits):
            stop = stops[visit.stop_id]
            stop.route_id = route.id
            stop.sequence = position
            stop.arrival_at = origin + timedelta(seconds=visit.service_start_s)
            stop.departure_at = origin + timedelta(seconds=visit.departure_s)
    for dropped in solution.dropped:
        stops[dropped.stop_id].left_out_reason = dropped.reason

    plan.totals = {
        "visits": sum(len(r.visits) for r in solution.routes),
        "left_out": len(solution.dropped),
        "distance_km": round(sum(r.distance_m for r in solution.routes) / 1000, 2),
        "cost_minor": sum(r.cost_minor for r in solution.routes),
    }
    db.session.flush()
    return plan


def get_technician_plan(distributor: Distributor, plan_id: int) -> TechnicianPlan:
    """The distributor's technician plan with this id."""
    plan = db.session.get(TechnicianPlan, plan_id)
    if plan is None or plan.distributor_id != distributor.id:
        raise NotFound(f"no technician plan {plan_id} at {distributor.code}")

    return plan


def publish_technician_plan(plan: TechnicianPlan, version: int, caller: User):
    """Publish a plan: each technician then sees their own visits for the date."""
    if plan.version != version:
        raise Conflict(
            f"technician plan {plan.id} is at version {plan.version}",
            {"version": [f"is out of date; the plan is at version {plan.version}"]},
        )

    others = db.session.scalars(
        select(TechnicianPlan).where(
            TechnicianPlan.distributor_id == plan.distributor_id,
            TechnicianPlan.service_date == plan.service_date,
            TechnicianPlan.status == "published",
            TechnicianPlan.id != plan.id,
        )
    )
    for other in others:
        other.status = "ready"
        logger.info("technician plan %s superseded by %s", other.id, plan.id)

    plan.status = "published"
    plan.version += 1
    plan.published_at = utcnow()
    for stop in plan.stops:
        if stop.route_id is not None and stop.request.status == "open":
            stop.request.status = "planned"
    record_change(
        "publish",
        plan,
        distributor_id=plan.distributor_id,
        after={"version": plan.version, "service_date": str(plan.service_date)},
    )
    logger.info(
        "technician plan %s for %s published by %s",
        plan.id,
        plan.service_date,
        caller.email,
    )
    return plan


def technician_plan_view(plan: TechnicianPlan) -> dict:
    """A technician plan as plain data: routes with visits, requests left out."""
    zone = plan.distributor.timezone

    def local(instant):
        return None if instant is None else to_local(instant, zone).isoformat()

    def stop_data(stop: TechnicianStop) -> dict:
        request = stop.request
        return {
            "id": stop.id,
            "request_id": request.id,
            "outlet_code": request.outlet.external_code,
            "outlet_name": request.outlet.name,
            "kind": request.kind,
            "priority": request.priority,
            "sequence": stop.sequence,
            "arrival_at": local(stop.arrival_at),
            "departure_at": local(stop.departure_at),
            "left_out_reason": stop.left_out_reason,
        }

    routes = []
    for route in plan.routes:
        members = sorted(
            (s for s in plan.stops if s.route_id == route.id),
            key=lambda s: s.sequence or 0,
        )
        routes.append(
            {
                "technician_id": route.technician_id,
                "technician": route.technician.email,
                "shift": f"{route.shift_start:%H:%M}-{route.shift_end:%H:%M}",
                "distance_km": round(route.distance_m / 1000, 2),
                "start_at": local(route.start_at),
                "end_at": local(route.end_at),
                "visits": [stop_data(s) for s in members],
            }
        )
    return {
        "id": plan.id,
        "service_date": plan.service_date.isoformat(),
        "status": plan.status,
        "version": plan.version,
        "totals": plan.totals,
        "published_at": local(plan.published_at),
        "routes": routes,
        "left_out": [stop_data(s) for s in plan.stops if s.route_id is None],
    }
