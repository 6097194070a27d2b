"""The OR-Tools model of the routing problem, the search, and ``solve``.

OR-Tools is the engine of record: it holds every constraint of the product
(multi-dimensional capacity, several receiving windows, shifts, maximum route
duration, breaks, locks, optional stops with drop penalties) and every plan
returned has been accepted by it. A first plan may come from PyVRP (see
``routing.warmstart``) or from the caller; OR-Tools then improves it with
guided local search for the rest of the time.
"""

import logging
import time
from collections.abc import Callable

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from routing.compiled import CompiledProblem, compile_problem
from routing.errors import LocksCannotBeKept, RoutingError
from routing.explain import dropped_stops
from routing.feasibility import unservable_stops
from routing.matrix import GreatCircleMatrix, MatrixProvider, TravelMatrix
from routing.model import Params, Problem, validate, validate_params
from routing.solution import Route, Solution, Totals, Visit, minor_from_units
from routing.warmstart import cut_back, pyvrp_fits, pyvrp_routes

logger = logging.getLogger(__name__)

Progress = Callable[[float, float], bool | None]

# Solver costs at or above this are placeholders for "no plan yet".
_NO_PLAN = 2**62


class _Tracker:
    """Follows the best cost, calls the caller's progress callback, decides stops."""

    def __init__(self, cp: CompiledProblem, params: Params, progress, started: float):
        self.scale = cp.cost_scale
        self.params = params
        self.progress = progress
        self.started = started
        self.best: int | None = None
        self.improved_at = started
        self.cancelled = False
        self.stalled = False

    def report(self, units: int) -> bool:
        """Record a plan's cost in solver units; return False to stop the search."""
        now = time.monotonic()
        if units < _NO_PLAN and (self.best is None or units < self.best):
            self.best = units
            self.improved_at = now
            if self.progress is not None:
                try:
                    answer = self.progress(units / self.scale, now - self.started)
                except Exception:
                    logger.info("progress callback raised; cancelling the solve")
                    answer = False

                if answer is False:
                    self.cancelled = True

        limit = self.params.no_improvement_s
        if (
            limit is not None
            and self.best is not None
            and now - self.improved_at > limit
        ):
            self.stalled = True

        return not (self.cancelled or self.stalled)


class _Model:
    """The OR-Tools routing model over the stops that can be served."""

    def __init__(self, cp: CompiledProblem, stops: list[int]):
        self.cp = cp
        self.stops = stops
        problem = cp.problem
        vehicles = len(problem.vehicles)
        depots = sorted(set(cp.vehicle_start.tolist()) | set(cp.vehicle_end.tolist()))
        self.node_location = [int(cp.stop_location[s]) for s in stops] + depots
        depot_node = {location: len(stops) + i for i, location in enumerate(depots)}
        self.manager = pywrapcp.RoutingIndexManager(
            len(self.node_location),
            vehicles,
            [depot_node[int(x)] for x in cp.vehicle_start],
            [depot_node[int(x)] for x in cp.vehicle_end],
        )
        self.routing = pywrapcp.RoutingModel(self.manager)
        self.index_of_stop = {
            stop: self.manager.NodeToIndex(node) for node, stop in enumerate(stops)
        }
        self._costs()
        self._time()
        self._loads()
        self._drops_and_locks()

    def _costs(self) -> None:
        cp, routing = self.cp, self.routing
        where = self.node_location
        distance = cp.distance_m[where][:, where]
        callbacks: dict[int, int] = {}
        for vehicle, rate in enumerate(cp.metre_cost.tolist()):
            if rate not in callbacks:
                callbacks[rate] = routing.RegisterTransitMatrix(
                    (distance * rate).tolist()
                )

            routing.SetArcCostEvaluatorOfVehicle(callbacks[rate], vehicle)
            routing.SetFixedCostOfVehicle(int(cp.fixed_cost[vehicle]), vehicle)

    def _time(self) -> None:
        cp, routing, manager = self.cp, self.routing, self.manager
        where = self.node_location
        service = [int(cp.service_s[s]) for s in self.stops]
        service += [0] * (len(where) - len(self.stops))
        transit = cp.duration_s[where][:, where] + [[value] for value in service]
        callback = routing.RegisterTransitMatrix(transit.tolist())
        horizon = max(cp.horizon_s, 1)
        routing.AddDimension(callback, horizon, horizon, False, "time")
        self.time = routing.GetDimensionOrDie("time")

        # Finalizers: serve each stop as early as possible, then leave as late
        # as that allows, so reported waits are real.
        for stop, index in self.index_of_stop.items():
            windows = cp.windows[stop]
            cumul = self.time.CumulVar(index)
            routing.AddVariableMinimizedByFinalizer(cumul)
            cumul.SetRange(windows[0][0], windows[-1][1])
            for (_, end), (start, _) in zip(windows, windows[1:], strict=False):
                cumul.RemoveInterval(end + 1, start - 1)

        solver = routing.solver()
        for vehicle, item in enumerate(cp.problem.vehicles):
            start, end = (int(x) for x in cp.shift[vehicle])
            self.time.CumulVar(routing.Start(vehicle)).SetRange(start, end)
            self.time.CumulVar(routing.End(vehicle)).SetRange(start, end)
            self.time.SetSpanUpperBoundForVehicle(
                int(cp.max_duration_s[vehicle]), vehicle
            )
            self.time.SetSpanCostCoefficientForVehicle(
                int(cp.second_cost[vehicle]), vehicle
            )
            if item.rest_break is not None:
                rest = item.rest_break
                interval = solver.FixedDurationIntervalVar(
                    rest.earliest_start_s,
                    rest.latest_start_s,
                    rest.duration_s,
                    False,
                    f"break {item.id}",
                )
                visits = [0] * routing.Size()
                for stop, index in self.index_of_stop.items():
                    visits[index] = int(cp.service_s[stop])

                self.time.SetBreakIntervalsOfVehicle([interval], vehicle, visits)

        for vehicle in range(len(cp.problem.vehicles)):
            routing.AddVariableMinimizedByFinalizer(
                self.time.CumulVar(routing.End(vehicle))
            )
            routing.AddVariableMaximizedByFinalizer(
                self.time.CumulVar(routing.Start(vehicle))
            )

        del manager

    def _loads(self) -> None:
        cp, routing = self.cp, self.routing
        depots = len(self.node_location) - len(self.stops)
        for d, dim in enumerate(cp.problem.dimensions):
            demand = [int(cp.demand[s, d]) for s in self.stops] + [0] * depots
            callback = routing.RegisterUnaryTransitVector(demand)
            routing.AddDimensionWithVehicleCapacity(
                callback,
                0,
                [int(c) for c in cp.capacity[:, d]],
                True,
                f"load {dim.name}",
            )

    def _drops_and_locks(self) -> None:
        cp, routing = self.cp, self.routing
        for stop, index in self.index_of_stop.items():
            if stop in cp.locked_vehicle:
                # The Python binding of SetAllowedVehiclesForIndex rejects every
                # list in OR-Tools 9.15; fixing the vehicle variable is equivalent.
                routing.VehicleVar(index).SetValue(int(cp.locked_vehicle[stop]))
            else:
                routing.AddDisjunction([index], int(cp.penalty[stop]))

        solver = routing.solver()
        stop_index = {s.id: i for i, s in enumerate(cp.problem.stops)}
        vehicle_index = {v.id: i for i, v in enumerate(cp.problem.vehicles)}
        for lock in cp.problem.sequence_locks:
            chain = [self.index_of_stop[stop_index[s]] for s in lock.stop_ids]
            vehicle = vehicle_index[lock.vehicle_id]
            if lock.whole_route:
                chain = [routing.Start(vehicle)] + chain + [routing.End(vehicle)]

            for before, after in zip(chain, chain[1:], strict=False):
                solver.Add(routing.NextVar(before) == after)

    def assignment_from(self, routes: dict[int, list[int]]):
        """Turn stop indexes per vehicle into an OR-Tools assignment, or None."""
        vehicles = len(self.cp.problem.vehicles)
        indexes = [
            [
                self.index_of_stop[s]
                for s in routes.get(v, [])
                if s in self.index_of_stop
            ]
            for v in range(vehicles)
        ]

        return self.routing.ReadAssignmentFromRoutes(indexes, True)


def _search_parameters(params: Params, seconds: float, solutions: int | None):
    search = pywrapcp.DefaultRoutingSearchParameters()
    search.first_solution_strategy = getattr(
        routing_enums_pb2.FirstSolutionStrategy, params.first_solution
    )
    search.local_search_metaheuristic = getattr(
        routing_enums_pb2.LocalSearchMetaheuristic, params.metaheuristic
    )
    search.time_limit.FromMilliseconds(max(1, int(seconds * 1000)))
    if solutions is not None:
        search.solution_limit = solutions

    search.log_search = params.log_search

    return search


def _routes_from(model: _Model, assignment) -> tuple[Route, ...]:
    cp, routing = model.cp, model.routing
    problem = cp.problem
    routes = []
    for vehicle, item in enumerate(problem.vehicles):
        index = assignment.Value(routing.NextVar(routing.Start(vehicle)))
        if routing.IsEnd(index):
            continue

        stops = []
        while not routing.IsEnd(index):
            stops.append(model.stops[model.manager.IndexToNode(index)])
            index = assignment.Value(routing.NextVar(index))

        routes.append(_route(model, assignment, vehicle, item, stops))

    return tuple(routes)


def _route(model: _Model, assignment, vehicle: int, item, stops: list[int]) -> Route:
    cp, routing = model.cp, model.routing
    dims = cp.problem.dimensions
    load = cp.demand[stops].sum(axis=0)
    start = assignment.Value(model.time.CumulVar(routing.Start(vehicle)))
    end = assignment.Value(model.time.CumulVar(routing.End(vehicle)))

    # Walk the route: arrival from the previous departure, service start from OR-Tools.
    visits = []
    place = int(cp.vehicle_start[vehicle])
    departure = start
    distance = 0
    for stop in stops:
        location = int(cp.stop_location[stop])
        leg = int(cp.distance_m[place, location])
        arrival = departure + int(cp.duration_s[place, location])
        begin = assignment.Value(model.time.CumulVar(model.index_of_stop[stop]))
        departure = begin + int(cp.service_s[stop])
        load = load - cp.demand[stop]
        visits.append(
            Visit(
                stop_id=cp.problem.stops[stop].id,
                arrival_s=arrival,
                wait_s=begin - arrival,
                service_start_s=begin,
                departure_s=departure,
                load_after=tuple(
                    int(x) / dim.scale for x, dim in zip(load, dims, strict=False)
                ),
                distance_from_previous_m=leg,
            )
        )
        distance += leg
        place = location

    distance += int(cp.distance_m[place, int(cp.vehicle_end[vehicle])])
    units = int(cp.fixed_cost[vehicle]) + int(cp.metre_cost[vehicle]) * distance
    units += int(cp.second_cost[vehicle]) * (end - start)
    total = cp.demand[stops].sum(axis=0)

    return Route(
        vehicle_id=item.id,
        visits=tuple(visits),
        start_s=start,
        end_s=end,
        distance_m=distance,
        duration_s=end - start,
        load=tuple(int(x) / dim.scale for x, dim in zip(total, dims, strict=False)),
        cost_minor=minor_from_units(units, cp.cost_scale),
        cost_units=units,
        break_start_s=_break_start(assignment, item.id),
    )


def _break_start(assignment, vehicle_id: str) -> int | None:
    intervals = assignment.IntervalVarContainer()
    for i in range(intervals.Size()):
        element = intervals.Element(i)
        if element.Var().Name() == f"break {vehicle_id}" and element.PerformedValue():
            return element.StartValue()

    return None


def _initial_routes(problem: Problem, initial) -> dict[int, list[int]]:
    if isinstance(initial, Solution):
        initial = {r.vehicle_id: [v.stop_id for v in r.visits] for r in initial.routes}

    stop_index = {s.id: i for i, s in enumerate(problem.stops)}
    vehicle_index = {v.id: i for i, v in enumerate(problem.vehicles)}

    return {
        vehicle_index[vehicle_id]: [stop_index[s] for s in stop_ids if s in stop_index]
        for vehicle_id, stop_ids in initial.items()
        if vehicle_id in vehicle_index
    }


def _travel_matrix(problem: Problem, matrix) -> TravelMatrix:
    if isinstance(matrix, TravelMatrix):
        return matrix

    provider: MatrixProvider = matrix or GreatCircleMatrix()

    return provider.travel_matrix(problem.locations)


def solve(
    problem: Problem,
    params: Params | None = None,
    *,
    matrix: TravelMatrix | MatrixProvider | None = None,
    progress: Progress | None = None,
    initial_routes: dict[str, list[str]] | Solution | None = None,
) -> Solution:
    """Plan the routes of one day.

    Parameters:
        problem: vehicles, stops and locks (see ``routing.model`` for units).
        params: search settings; defaults to ``Params()``.
        matrix: a travel matrix, or a provider of one; defaults to great-circle
            distance with circuity 1.3 at 30 km/h.
        progress: called as ``progress(best_cost_minor, elapsed_s)`` on every
            improvement; returning False, or raising, cancels the solve, which
            then returns the best plan so far with status ``"cancelled"``.
        initial_routes: a warm start, as stop ids per vehicle id or an earlier
            solution. Stops no longer in the problem are skipped.

    Returns:
        The solution: routes with their timelines, every stop left out with
        its reason, and totals.

    Raises:
        InvalidValue: malformed input, naming the stop or vehicle and field.
        UnrepresentableValue: a value that is not a whole number of its unit.
        CostOverflow: costs and penalties too large for exact integer sums.
        MatrixUnavailable: the travel matrix provider failed.
        LocksCannotBeKept: the locks admit no feasible plan.
    """
    params = params or Params()
    started = time.monotonic()
    validate_params(params)
    validate(problem)
    travel = _travel_matrix(problem, matrix)
    cp = compile_problem(problem, travel)
    unservable = unservable_stops(cp)
    stop_index = {s.id: i for i, s in enumerate(problem.stops)}
    locked_out = [
        u.stop_id for u in unservable if stop_index[u.stop_id] in cp.locked_vehicle
    ]
    if locked_out:
        raise LocksCannotBeKept(locked_out)

    out = {stop_index[u.stop_id] for u in unservable}
    stops = [s for s in range(len(problem.stops)) if s not in out]
    model = _Model(cp, stops)
    tracker = _Tracker(cp, params, progress, started)

    # A first plan: the caller's, else PyVRP's when the problem fits its model.
    routes, source = None, "none"
    if initial_routes is not None:
        routes, source = _initial_routes(problem, initial_routes), "given"
    elif params.warm_start != "none" and stops:
        misfit = pyvrp_fits(cp)
        if misfit is None:
            budget = params.time_limit_s - (time.monotonic() - started)
            routes, _ = pyvrp_routes(
                cp,
                stops,
                max(0.0, budget * params.warm_start_share),
                params.seed,
                tracker.report,
                params.solution_limit,
            )
            source = "pyvrp"
        else:
            logger.info("no PyVRP first plan: the problem has %s", misfit)

    first_best = tracker.best
    logger.debug(
        "first plan from %s: cost %s units after %.2f s",
        source,
        first_best,
        time.monotonic() - started,
    )
    assignment = model.assignment_from(routes) if routes is not None else None
    if routes is not None and assignment is None:
        # A plan edited by hand may break a constraint: keep what still fits.
        assignment = model.assignment_from(cut_back(cp, routes))
        if assignment is None:
            logger.warning("the %s first plan breaks a lock; building anew", source)
            source = "none"

    # Improve with OR-Tools for the rest of the time, or just check when stopped.
    remaining = params.time_limit_s - (time.monotonic() - started)
    stop_now = tracker.cancelled or tracker.stalled
    solutions = 1 if stop_now and assignment is not None else params.solution_limit
    search = _search_parameters(params, max(remaining, 0.05), solutions)

    def at_solution():
        """Report each OR-Tools plan; cancel the search when told to stop."""
        if not tracker.report(model.routing.CostVar().Value()):
            model.routing.CancelSearch()

    model.routing.AddAtSolutionCallback(at_solution)
    if assignment is not None:
        result = model.routing.SolveFromAssignmentWithParameters(assignment, search)
    else:
        result = model.routing.SolveWithParameters(search)

    logger.debug(
        "OR-Tools: cost %s units after %.2f s",
        result.ObjectiveValue() if result is not None else None,
        time.monotonic() - started,
    )
    if result is None:
        if problem.stop_locks or problem.sequence_locks:
            locked = sorted({problem.stops[s].id for s in cp.locked_vehicle})
            raise LocksCannotBeKept(locked)

        raise RoutingError("OR-Tools found no plan within the time limit")

    plan = _routes_from(model, result)
    on_routes = {stop_index[v.stop_id] for r in plan for v in r.visits}
    left_out = [s for s in stops if s not in on_routes]
    dropped = dropped_stops(cp, plan, unservable, left_out)
    solution = _solution(
        cp, plan, dropped, result.ObjectiveValue(), tracker, source, started, travel
    )
    logger.info(
        "planned %d routes, %d stops, %d left out in %.1f s (first plan: %s)",
        solution.totals.routes,
        solution.totals.stops_served,
        solution.totals.stops_dropped,
        solution.seconds,
        source,
    )

    return solution


def _solution(
    cp, plan, dropped, objective, tracker, source, started, travel
) -> Solution:
    units = sum(route.cost_units for route in plan)
    dropped_ids = {d.stop_id for d in dropped}
    value_units = sum(
        int(cp.penalty[i])
        for i, stop in enumerate(cp.problem.stops)
        if not cp.must_visit[i] and stop.id in dropped_ids
    )
    totals = Totals(
        routes=len(plan),
        stops_served=sum(len(route.visits) for route in plan),
        stops_dropped=len(dropped),
        distance_m=sum(route.distance_m for route in plan),
        duration_s=sum(route.duration_s for route in plan),
        route_cost_minor=minor_from_units(units, cp.cost_scale),
        value_dropped_minor=minor_from_units(value_units, cp.cost_scale),
        must_visit_dropped=sum(1 for d in dropped if d.must_visit),
    )

    return Solution(
        routes=plan,
        dropped=tuple(dropped),
        totals=totals,
        status="cancelled" if tracker.cancelled else "solved",
        seconds=time.monotonic() - started,
        warm_start=source,
        objective_units=int(objective),
        cost_scale=cp.cost_scale,
        travel_matrix=travel,
    )
