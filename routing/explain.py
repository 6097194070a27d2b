"""Why stops were left out, and what each stop costs or would cost to serve."""

import logging
from dataclasses import dataclass

from routing.compiled import CompiledProblem, compile_problem
from routing.feasibility import Unservable
from routing.matrix import MatrixProvider, TravelMatrix
from routing.model import Problem, validate
from routing.schedule import PlanInsertions, removal_saving
from routing.solution import (
    COST_EXCEEDS_VALUE,
    NO_CAPACITY_LEFT,
    NO_TIME_LEFT,
    NOT_YET_INSERTED,
    DroppedStop,
    Route,
    Solution,
    minor_from_units,
)

logger = logging.getLogger(__name__)


def _plan_routes(cp: CompiledProblem, plan) -> dict[int, list[int]]:
    stop_index = {s.id: i for i, s in enumerate(cp.problem.stops)}
    vehicle_index = {v.id: i for i, v in enumerate(cp.problem.vehicles)}

    return {
        vehicle_index[route.vehicle_id]: [stop_index[v.stop_id] for v in route.visits]
        for route in plan
    }


def dropped_stops(
    cp: CompiledProblem,
    plan: tuple[Route, ...],
    unservable: list[Unservable],
    left_out: list[int],
) -> list[DroppedStop]:
    """Give every stop left out its reason and figures.

    Parameters:
        cp: the compiled problem.
        plan: the routes of the plan.
        unservable: stops found unservable before solving.
        left_out: indexes of the other stops the plan leaves out.

    Returns:
        One entry per stop left out. Unservable stops keep their reason. For the
        rest, the cheapest insertion into the plan is priced: if there is one,
        its cost is set against the stop's value; if there is none, the reason
        says whether room or time ran out.
    """
    problem = cp.problem
    stop_index = {s.id: i for i, s in enumerate(problem.stops)}
    found = []
    for item in unservable:
        stop = problem.stops[stop_index[item.stop_id]]
        found.append(
            DroppedStop(
                stop_id=item.stop_id,
                reason=item.reason,
                detail=item.detail,
                value_minor=stop.drop_penalty_minor,
                must_visit=stop.drop_penalty_minor is None,
            )
        )

    insertions = PlanInsertions(cp, _plan_routes(cp, plan))
    for index in left_out:
        stop = problem.stops[index]
        insertion = insertions.best(index)
        value = stop.drop_penalty_minor
        if insertion.cost is None:
            reason = (
                NO_CAPACITY_LEFT if insertion.reason == "capacity" else NO_TIME_LEFT
            )
            detail = (
                "no truck has room left for its load"
                if reason == NO_CAPACITY_LEFT
                else "no route has time left to reach it inside a receiving window"
            )
            cost = None
        else:
            cost = minor_from_units(insertion.cost, cp.cost_scale)
            vehicle = problem.vehicles[insertion.vehicle].id
            if value is not None and insertion.cost >= value * cp.cost_scale:
                reason = COST_EXCEEDS_VALUE
                detail = (
                    f"serving it adds {cost} to the plan cost; its value is {value}"
                )
            else:
                reason = NOT_YET_INSERTED
                detail = f"it fits on vehicle {vehicle} for {cost}; re-optimise"

        found.append(
            DroppedStop(
                stop_id=stop.id,
                reason=reason,
                detail=detail,
                value_minor=value,
                insertion_cost_minor=cost,
                must_visit=value is None,
            )
        )

    return found


@dataclass(frozen=True)
class StopCost:
    """What a stop costs in a plan.

    For a served stop, ``cost_minor`` is the route cost saved by taking it out
    (None when its route breaks a constraint, as a route edited by hand may).
    For a stop left out, it is the cheapest cost of forcing it in (None when no
    route can take it), with the vehicle and position of that insertion.
    """

    stop_id: str
    served: bool
    cost_minor: int | None
    vehicle_id: str | None
    position: int | None


def stop_costs(
    problem: Problem,
    solution: Solution,
    matrix: TravelMatrix | MatrixProvider | None = None,
) -> dict[str, StopCost]:
    """Price every stop of a plan: marginal cost if served, insertion if not.

    Parameters:
        problem: the problem the solution was planned for.
        solution: a plan (from ``solve``, possibly edited by hand).
        matrix: the travel matrix or provider; defaults to the one the solution
            was planned with.

    Returns:
        One ``StopCost`` per stop id, costs in minor units rounded half up.

    Raises:
        InvalidValue: malformed problem input.
    """
    validate(problem)
    if matrix is None:
        matrix = solution.travel_matrix

    if not isinstance(matrix, TravelMatrix):
        matrix = matrix.travel_matrix(problem.locations)

    cp = compile_problem(problem, matrix)
    routes = _plan_routes(cp, solution.routes)
    costs = {}
    for vehicle, route in routes.items():
        vehicle_id = problem.vehicles[vehicle].id
        for position, stop in enumerate(route):
            saving = removal_saving(cp, vehicle, route, stop)
            costs[problem.stops[stop].id] = StopCost(
                problem.stops[stop].id,
                True,
                None if saving is None else minor_from_units(saving, cp.cost_scale),
                vehicle_id,
                position,
            )

    insertions = PlanInsertions(cp, routes)
    for index, stop in enumerate(problem.stops):
        if stop.id in costs:
            continue

        insertion = insertions.best(index)
        costs[stop.id] = StopCost(
            stop.id,
            False,
            None
            if insertion.cost is None
            else minor_from_units(insertion.cost, cp.cost_scale),
            None
            if insertion.vehicle is None
            else problem.vehicles[insertion.vehicle].id,
            insertion.position,
        )

    return costs
