"""Writing the engine's answer into a plan's routes and candidates."""

import routing

from ..extensions import db
from ..models import Plan, PlanRoute
from .evaluation import refresh_plan_figures
from .problem import DayProblem


def store_solution(
    plan: Plan, day: DayProblem, solution: routing.Solution, matrix
) -> None:
    """Put each candidate the engine planned on its route, in order, or record
    why it is left out; locked routes stay as they are.

    ``matrix`` is the travel matrix of the whole plan (every candidate), used to
    re-time all routes afterwards.
    """
    routes = {route.vehicle_id: route for route in plan.routes}
    for candidate in day.candidates.values():
        candidate.route_id = None
        candidate.sequence = None
        candidate.left_out_reason = None
        candidate.left_out_detail = None

    used = set()
    for engine_route in solution.routes:
        vehicle = day.vehicles[engine_route.vehicle_id]
        route = routes.get(vehicle.id)
        if route is None:
            route = PlanRoute(vehicle_id=vehicle.id)
            plan.routes.append(route)
            routes[vehicle.id] = route
        db.session.flush()
        used.add(vehicle.id)
        for position, visit in enumerate(engine_route.visits):
            candidate = day.candidates[visit.stop_id]
            candidate.route_id = route.id
            candidate.sequence = position

    for dropped in solution.dropped:
        candidate = day.candidates[dropped.stop_id]
        candidate.left_out_reason = dropped.reason
        candidate.left_out_detail = dropped.detail

    for route in list(plan.routes):
        if route.vehicle_id not in used and not route.locked:
            plan.routes.remove(route)

    db.session.flush()
    refresh_plan_figures(plan, matrix)
