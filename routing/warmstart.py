"""A first plan from PyVRP's iterated local search, for OR-Tools to start from.

PyVRP models one receiving window per stop, no breaks and no locks. Problems
with those go to OR-Tools alone; everything else maps one to one onto the same
integer matrix, windows, capacities, fleet and costs, so a plan PyVRP finds is
a plan of our problem, which OR-Tools then improves and checks.
"""

import logging
import time
import warnings
from collections.abc import Callable

import numpy as np

from routing.compiled import CompiledProblem
from routing.schedule import check_route

logger = logging.getLogger(__name__)

_NO_LIMIT = np.iinfo(np.int64).max


def pyvrp_fits(cp: CompiledProblem) -> str | None:
    """Say why PyVRP cannot model a problem, or return None when it can.

    Parameters:
        cp: the compiled problem.

    Returns:
        A short reason (breaks, several receiving windows, locks), or None.
    """
    problem = cp.problem
    if any(vehicle.rest_break is not None for vehicle in problem.vehicles):
        return "breaks"

    if any(len(windows) > 1 for windows in cp.windows):
        return "several receiving windows"

    if problem.stop_locks or problem.sequence_locks:
        return "locks"

    return None


class _Stop:
    """PyVRP stopping criterion: time, cancel, no improvement, and progress."""

    def __init__(
        self, seconds: float, on_cost: Callable[[int], bool], iterations: int | None
    ):
        self.deadline = time.monotonic() + seconds
        self.on_cost = on_cost
        self.iterations = iterations
        self.count = 0
        self.cancelled = False

    def __call__(self, best_cost: int) -> bool:
        self.count += 1
        if not self.on_cost(best_cost):
            self.cancelled = True

        if self.iterations is not None and self.count > self.iterations:
            return True

        return self.cancelled or time.monotonic() >= self.deadline


def _vehicle_types(cp: CompiledProblem, depot_of: dict[int, int]):
    """Group identical vehicles into PyVRP vehicle types."""
    import pyvrp

    groups: dict[tuple, list[int]] = {}
    for vehicle in range(len(cp.problem.vehicles)):
        key = (
            depot_of[int(cp.vehicle_start[vehicle])],
            depot_of[int(cp.vehicle_end[vehicle])],
            tuple(cp.capacity[vehicle].tolist()),
            int(cp.fixed_cost[vehicle]),
            tuple(cp.shift[vehicle].tolist()),
            int(cp.max_duration_s[vehicle]),
            int(cp.metre_cost[vehicle]),
            int(cp.second_cost[vehicle]),
        )
        groups.setdefault(key, []).append(vehicle)

    types = []
    for key, members in groups.items():
        start, end, capacity, fixed, shift, max_duration, metre, second = key
        types.append(
            pyvrp.VehicleType(
                num_available=len(members),
                capacity=list(capacity),
                start_depot=start,
                end_depot=end,
                fixed_cost=fixed,
                tw_early=shift[0],
                tw_late=shift[1],
                shift_duration=max_duration,
                unit_distance_cost=metre,
                unit_duration_cost=second,
            )
        )

    return types, list(groups.values())


def pyvrp_routes(
    cp: CompiledProblem,
    stops: list[int],
    seconds: float,
    seed: int,
    on_cost: Callable[[int], bool],
    iterations: int | None = None,
) -> tuple[dict[int, list[int]], bool]:
    """Solve with PyVRP and return its plan as stop indexes per vehicle index.

    Parameters:
        cp: the compiled problem (it must fit, see ``pyvrp_fits``).
        stops: indexes of the stops to plan (those that can be served).
        seconds: the time PyVRP may use.
        seed: seed of PyVRP's random numbers.
        on_cost: called with the best cost in solver units; returning False
            stops the search.
        iterations: stop after this many iterations (repeatable runs), if set.

    Returns:
        (routes, cancelled). When PyVRP found no feasible plan, its best plan
        is cut back to the stops each route can still serve in order.
    """
    import pyvrp
    from pyvrp.exceptions import PenaltyBoundWarning

    # PyVRP locations: depots first, then one per stop; edges from our matrix.
    depot_locations = sorted(
        set(cp.vehicle_start.tolist()) | set(cp.vehicle_end.tolist())
    )
    depot_of = {location: index for index, location in enumerate(depot_locations)}
    where = np.array(depot_locations + [int(cp.stop_location[s]) for s in stops])
    distance = np.ascontiguousarray(cp.distance_m[np.ix_(where, where)])
    duration = np.ascontiguousarray(cp.duration_s[np.ix_(where, where)])
    locations = [pyvrp.Location(0, 0) for _ in where]
    depots = [pyvrp.Depot(location=index) for index in range(len(depot_locations))]
    clients = []
    for offset, stop in enumerate(stops):
        window_start, window_end = cp.windows[stop][0]
        clients.append(
            pyvrp.Client(
                location=len(depot_locations) + offset,
                delivery=cp.demand[stop].tolist(),
                service_duration=int(cp.service_s[stop]),
                tw_early=window_start,
                tw_late=window_end,
                prize=0 if cp.must_visit[stop] else int(cp.penalty[stop]),
                required=bool(cp.must_visit[stop]),
            )
        )

    types, members = _vehicle_types(cp, depot_of)
    data = pyvrp.ProblemData(
        locations=locations,
        clients=clients,
        depots=depots,
        vehicle_types=types,
        distance_matrices=[distance],
        duration_matrices=[duration],
    )
    stop = _Stop(seconds, on_cost, iterations)
    with warnings.catch_warnings():
        # PyVRP warns when it cannot find a feasible plan; the cut-back below
        # handles that case, so the warning says nothing new.
        warnings.simplefilter("ignore", PenaltyBoundWarning)
        result = pyvrp.solve(data, stop=stop, seed=seed, collect_stats=False)

    # Hand each PyVRP route to the next free vehicle of its type.
    free = [list(group) for group in members]
    routes: dict[int, list[int]] = {}
    for route in result.best.routes():
        vehicle = free[route.vehicle_type()].pop(0)
        routes[vehicle] = [stops[a.idx] for a in route if a.is_client()]

    if not result.best.is_feasible():
        routes = cut_back(cp, routes)
        logger.info(
            "PyVRP found no feasible plan in %.1f s; kept %d stops of its best",
            seconds,
            sum(len(route) for route in routes.values()),
        )

    return routes, stop.cancelled


def cut_back(cp: CompiledProblem, routes: dict[int, list[int]]) -> dict[int, list[int]]:
    """Keep, route by route, the stops that still fit in order; drop the rest.

    Parameters:
        cp: the compiled problem.
        routes: stop indexes per vehicle index, possibly infeasible.

    Returns:
        Feasible routes (by ``check_route``); OR-Tools then tries the dropped
        stops again in its own search.
    """
    kept: dict[int, list[int]] = {}
    for vehicle, route in routes.items():
        feasible: list[int] = []
        for stop in route:
            if check_route(cp, vehicle, feasible + [stop]).feasible:
                feasible.append(stop)

        kept[vehicle] = feasible

    return kept
