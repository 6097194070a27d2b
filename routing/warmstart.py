"""A first plan from PyVRP's iterated local search, for OR-Tools to start from.

PyVRP models no breaks and no locks; problems with breaks, stop locks or
partial sequence locks go to OR-Tools alone. A whole-route lock is kept out of
PyVRP's problem (its truck and its stops) and added back to PyVRP's plan as is.
Everything else maps onto the same integer matrix, capacities, fleet and costs.
A stop with one receiving window is one PyVRP client. A stop with several
receiving windows becomes one client per window, all at the stop's location, in
a mutually exclusive client group: required for a must-visit stop, optional
(each copy carrying the stop's value as its prize) otherwise. PyVRP then visits
at most one copy, exactly one for a must-visit stop, so a plan it finds is a
plan of our problem, which OR-Tools then improves and checks.
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

# PyVRP's own cap on its penalties, and how many plans it sees between updates.
_PYVRP_MAX_PENALTY = 100_000.0
_PENALTY_UPDATE_EVERY = 500

# The share of its time PyVRP may spend without finding a feasible plan.
_GIVE_UP_SHARE = 0.25


def pyvrp_fits(cp: CompiledProblem) -> str | None:
    """Say why PyVRP cannot model a problem, or return None when it can.

    Parameters:
        cp: the compiled problem.

    Returns:
        A short reason (breaks, locks), or None.
    """
    problem = cp.problem
    if any(vehicle.rest_break is not None for vehicle in problem.vehicles):
        return "breaks"

    if problem.stop_locks or any(
        not lock.whole_route for lock in problem.sequence_locks
    ):
        return "locks other than whole routes"

    return None


class _Stop:
    """PyVRP stopping criterion: time, cancel, no improvement, and progress.

    PyVRP passes the cost of its best feasible plan, or ``_NO_LIMIT`` while it
    has none. On a tight day it may never find one; after ``_GIVE_UP_SHARE``
    of its time without a feasible plan it stops, and OR-Tools gets the rest.
    """

    def __init__(
        self, seconds: float, on_cost: Callable[[int], bool], iterations: int | None
    ):
        now = time.monotonic()
        self.deadline = now + seconds
        self.give_up = now + seconds * _GIVE_UP_SHARE
        self.on_cost = on_cost
        self.iterations = iterations
        self.count = 0
        self.cancelled = False
        self.gave_up = False

    def __call__(self, best_cost: int) -> bool:
        self.count += 1
        if not self.on_cost(best_cost):
            self.cancelled = True

        if self.iterations is not None:
            return self.cancelled or self.count > self.iterations

        now = time.monotonic()
        if best_cost >= _NO_LIMIT and now >= self.give_up:
            self.gave_up = True
            return True

        return self.cancelled or now >= self.deadline


def _vehicle_types(cp: CompiledProblem, depot_of: dict[int, int], vehicles):
    """Group identical vehicles (of the indexes given) into PyVRP vehicle types."""
    import pyvrp

    groups: dict[tuple, list[int]] = {}
    for vehicle in vehicles:
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


def _solve_params(cp: CompiledProblem, stops: list[int]):
    """PyVRP settings whose penalties can outgrow any gain from breaking a rule.

    PyVRP penalises each second late and each unit over capacity, raising the
    penalty while too few plans are feasible, up to ``max_penalty`` (1e5 by
    default). With costs in small money units (dong, scaled to exact
    integers) one stop's value or one hour of a truck can be far above that,
    so PyVRP would keep a plan that is late everywhere and never find a
    feasible one. The cap here is the largest such figure.

    Parameters:
        cp: the compiled problem.
        stops: indexes of the stops PyVRP plans.

    Returns:
        ``pyvrp.SolveParams``.
    """
    import pyvrp

    prizes = [int(cp.penalty[s]) for s in stops if not cp.must_visit[s]]
    largest = max(
        [
            *prizes,
            int(cp.fixed_cost.max()),
            int(cp.second_cost.max()) * 3600,
            int(cp.metre_cost.max()) * 10_000,
        ],
        default=0,
    )
    penalty = pyvrp.PenaltyParams(
        solutions_between_updates=_PENALTY_UPDATE_EVERY,
        max_penalty=max(_PYVRP_MAX_PENALTY, float(largest)),
    )

    return pyvrp.SolveParams(penalty=penalty)


def _locked_routes(cp: CompiledProblem) -> dict[int, list[int]]:
    """The whole-route locks as stop indexes per vehicle index."""
    problem = cp.problem
    stop_index = {stop.id: i for i, stop in enumerate(problem.stops)}
    vehicle_index = {vehicle.id: i for i, vehicle in enumerate(problem.vehicles)}

    return {
        vehicle_index[lock.vehicle_id]: [stop_index[s] for s in lock.stop_ids]
        for lock in problem.sequence_locks
        if lock.whole_route
    }


def _clients(cp: CompiledProblem, stops: list[int], first_location: int):
    """PyVRP clients and client groups for the stops, and the stop of each client.

    Parameters:
        cp: the compiled problem.
        stops: indexes of the stops to plan.
        first_location: PyVRP location index of the first stop (after depots).

    Returns:
        (clients, groups, client_stop): one client per receiving window; the
        copies of a stop with several windows share a mutually exclusive group.
    """
    import pyvrp

    clients, groups, client_stop = [], [], []
    for offset, stop in enumerate(stops):
        windows = cp.windows[stop]
        must_visit = bool(cp.must_visit[stop])
        several = len(windows) > 1
        group = len(groups) if several else None
        members = []
        for window_start, window_end in windows:
            members.append(len(clients))
            client_stop.append(stop)
            clients.append(
                pyvrp.Client(
                    location=first_location + offset,
                    delivery=cp.demand[stop].tolist(),
                    service_duration=int(cp.service_s[stop]),
                    tw_early=window_start,
                    tw_late=window_end,
                    prize=0 if must_visit else int(cp.penalty[stop]),
                    required=must_visit and not several,
                    group=group,
                )
            )

        if several:
            groups.append(pyvrp.ClientGroup(members, required=must_visit))

    return clients, groups, client_stop


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

    # Whole-route locks are kept as they are; PyVRP plans the rest.
    locked = _locked_routes(cp)
    held = {stop for route in locked.values() for stop in route}
    stops = [stop for stop in stops if stop not in held]
    vehicles = [v for v in range(len(cp.problem.vehicles)) if v not in locked]
    if not vehicles or not stops:
        return dict(locked), False

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
    clients, groups, client_stop = _clients(cp, stops, len(depot_locations))
    types, members = _vehicle_types(cp, depot_of, vehicles)
    data = pyvrp.ProblemData(
        locations=locations,
        clients=clients,
        depots=depots,
        vehicle_types=types,
        distance_matrices=[distance],
        duration_matrices=[duration],
        groups=groups,
    )
    # PyVRP's costs leave out the locked routes: add theirs for the caller.
    locked_units = sum(check_route(cp, v, r).cost for v, r in locked.items() if r)
    started = time.monotonic()
    stop = _Stop(
        seconds,
        lambda cost: on_cost(cost if cost >= _NO_LIMIT else cost + locked_units),
        iterations,
    )
    with warnings.catch_warnings():
        # PyVRP warns when it cannot find a feasible plan; the cut-back below
        # handles that case, so the warning says nothing new.
        warnings.simplefilter("ignore", PenaltyBoundWarning)
        result = pyvrp.solve(
            data,
            stop=stop,
            seed=seed,
            collect_stats=False,
            params=_solve_params(cp, stops),
        )

    # Hand each PyVRP route to the next free vehicle of its type.
    free = [list(group) for group in members]
    routes: dict[int, list[int]] = dict(locked)
    for route in result.best.routes():
        vehicle = free[route.vehicle_type()].pop(0)
        routes[vehicle] = [client_stop[a.idx] for a in route if a.is_client()]

    if not result.best.is_feasible():
        routes = cut_back(cp, routes)
        logger.info(
            "PyVRP found no feasible plan in %.1f s; kept %d stops of its best",
            time.monotonic() - started,
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
