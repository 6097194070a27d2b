"""Refreshing a plan's timelines, costs and broken rules after any change."""

import logging

import routing
from routing.evaluate import evaluate_routes

from ..extensions import db
from ..models import Distributor, Plan, Vehicle
from .problem import build_problem, stop_key, travel_matrix_provider, vehicle_key
from .service import active_vehicles, osrm_url, route_members
from .settings import PlanSettings

logger = logging.getLogger(__name__)


def _vehicles(plan: Plan, distributor: Distributor) -> list[Vehicle]:
    vehicles = {v.id: v for v in active_vehicles(distributor)}
    for route in plan.routes:
        vehicles.setdefault(route.vehicle_id, db.session.get(Vehicle, route.vehicle_id))

    return list(vehicles.values())


def _as_solution(evaluations) -> routing.Solution:
    routes = tuple(e.route for e in evaluations.values() if e.route.visits)
    return routing.Solution(
        routes=routes,
        dropped=(),
        totals=routing.Totals(0, 0, 0, 0, 0, 0, 0, 0),
        status="edited",
        seconds=0.0,
        warm_start="none",
        objective_units=0,
        cost_scale=1,
    )


def refresh_plan_figures(plan: Plan, matrix=None) -> None:
    """Re-time every route of the plan and recompute its costs and totals."""
    distributor = db.session.get(Distributor, plan.distributor_id)
    settings = PlanSettings.from_dict(plan.settings)
    day = build_problem(
        distributor,
        plan.service_date,
        _vehicles(plan, distributor),
        list(plan.candidates),
        settings,
    )
    if matrix is None:
        provider = travel_matrix_provider(settings, osrm_url())
        matrix = provider.travel_matrix(day.problem.locations)

    assignment = {
        vehicle_key(route.vehicle_id): [
            stop_key(c.outlet_id) for c in route_members(plan, route)
        ]
        for route in plan.routes
    }
    evaluations = evaluate_routes(day.problem, assignment, matrix)
    costs = routing.stop_costs(day.problem, _as_solution(evaluations), matrix)

    for route in plan.routes:
        _refresh_route(plan, route, evaluations[vehicle_key(route.vehicle_id)], day)
    for candidate in plan.candidates:
        cost = costs.get(stop_key(candidate.outlet_id))
        candidate.marginal_cost_minor = cost.cost_minor if cost else None
        if candidate.route_id is None:
            for name in ("arrival_at", "departure_at", "wait_s", "load_after"):
                setattr(candidate, name, None)

    plan.totals = plan_totals(plan)
    db.session.flush()


def _refresh_route(plan: Plan, route, evaluation, day) -> None:
    members = {stop_key(c.outlet_id): c for c in route_members(plan, route)}
    for visit in evaluation.route.visits:
        candidate = members[visit.stop_id]
        candidate.arrival_at = day.instant(visit.arrival_s)
        candidate.departure_at = day.instant(visit.departure_s)
        candidate.wait_s = visit.wait_s
        candidate.load_after = round(visit.load_after[0])

    served = bool(evaluation.route.visits)
    route.distance_m = evaluation.route.distance_m
    route.duration_s = evaluation.route.duration_s
    route.cost_minor = evaluation.route.cost_minor
    route.cases = round(evaluation.route.load[0]) if served else 0
    route.start_at = day.instant(evaluation.route.start_s) if served else None
    route.end_at = day.instant(evaluation.route.end_s) if served else None
    route.violations = [
        {
            "kind": v.kind,
            "outlet_id": int(v.stop_id[1:]) if v.stop_id else None,
            "amount": v.amount,
            "dimension": v.dimension,
        }
        for v in evaluation.violations
    ]


def plan_totals(plan: Plan) -> dict:
    """Km, hours, cost, cases, value served and value left out of a plan."""
    served = [c for c in plan.candidates if c.route_id is not None]
    left_out = [c for c in plan.candidates if c.route_id is None]
    used = [r for r in plan.routes if r.cases or r.distance_m]
    return {
        "routes": len(used),
        "stops_served": len(served),
        "stops_left_out": len(left_out),
        "must_visit_left_out": sum(c.must_visit for c in left_out),
        "distance_km": round(sum(r.distance_m for r in used) / 1000, 1),
        "hours": round(sum(r.duration_s for r in used) / 3600, 2),
        "route_cost_minor": sum(r.cost_minor for r in used),
        "cases": sum(c.drop_cases for c in served),
        "value_served_minor": sum(c.value_minor for c in served),
        "value_left_out_minor": sum(c.value_minor for c in left_out),
        "violations": sum(len(r.violations or []) for r in plan.routes),
    }
