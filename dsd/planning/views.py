"""Plans as plain dictionaries for the API, the pages and the exports.

Instants are given in the distributor's local time with their offset, so a
route's timeline reads as the clock on the wall of the depot.
"""

from ..localtime import to_local
from ..models import Plan, PlanCandidate, PlanRoute
from .service import route_members


def _local(instant, zone: str) -> str | None:
    return None if instant is None else to_local(instant, zone).isoformat()


def plan_summary(plan: Plan) -> dict:
    return {
        "id": plan.id,
        "service_date": plan.service_date,
        "status": plan.status,
        "version": plan.version,
        "progress": plan.progress,
        "totals": plan.totals,
        "error": plan.error,
        "candidates": len(plan.candidates),
    }


def _outlet(candidate: PlanCandidate) -> dict:
    outlet = candidate.outlet
    return {
        "outlet_id": outlet.id,
        "outlet_code": outlet.external_code,
        "name": outlet.name,
        "address": outlet.address,
        "lon": outlet.lon,
        "lat": outlet.lat,
        "channel": outlet.channel,
        "receiving_windows": [
            f"{w.opens_at:%H:%M}-{w.closes_at:%H:%M}" for w in outlet.receiving_windows
        ],
        "drop_cases": candidate.drop_cases,
        "must_visit": candidate.must_visit,
        "value_minor": candidate.value_minor,
        "projected_stock": candidate.projected_stock,
        "days_of_supply": candidate.days_of_supply,
    }


def stop_view(candidate: PlanCandidate, zone: str) -> dict:
    return {
        **_outlet(candidate),
        "sequence": candidate.sequence,
        "arrival_at": _local(candidate.arrival_at, zone),
        "departure_at": _local(candidate.departure_at, zone),
        "wait_s": candidate.wait_s,
        "load_after": candidate.load_after,
        "marginal_cost_minor": candidate.marginal_cost_minor,
    }


def route_view(plan: Plan, route: PlanRoute, zone: str) -> dict:
    vehicle = route.vehicle
    return {
        "route_id": route.id,
        "vehicle_id": vehicle.id,
        "vehicle_code": vehicle.code,
        "driver": vehicle.driver.email if vehicle.driver else None,
        "capacity_cases": vehicle.capacity_cases,
        "shift": f"{vehicle.shift_start:%H:%M}-{vehicle.shift_end:%H:%M}",
        "locked": route.locked,
        "distance_km": round(route.distance_m / 1000, 2),
        "hours": round(route.duration_s / 3600, 2),
        "cost_minor": route.cost_minor,
        "cases": route.cases,
        "start_at": _local(route.start_at, zone),
        "end_at": _local(route.end_at, zone),
        "violations": route.violations or [],
        "stops": [stop_view(c, zone) for c in route_members(plan, route)],
    }


def plan_detail(plan: Plan) -> dict:
    distributor = plan.distributor
    zone = distributor.timezone
    left_out = [c for c in plan.candidates if c.route_id is None]
    return {
        **plan_summary(plan),
        "currency": distributor.currency,
        "timezone": zone,
        "depot": {"lon": distributor.depot_lon, "lat": distributor.depot_lat},
        "settings": plan.settings,
        "published_at": _local(plan.published_at, zone),
        "routes": [route_view(plan, r, zone) for r in plan.routes],
        "left_out": [
            {
                **_outlet(c),
                "reason": c.left_out_reason,
                "detail": c.left_out_detail,
                "forcing_cost_minor": c.marginal_cost_minor,
            }
            for c in sorted(left_out, key=lambda c: -c.value_minor)
        ],
    }
