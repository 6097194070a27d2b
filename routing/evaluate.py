"""Timing and cost of routes as a dispatcher arranged them, rules broken included.

The solver never breaks a receiving window, a capacity or a shift; a dispatcher
moving stops by hand can. This module times such routes the way the solver
would, and instead of refusing a broken route it reports what breaks and by how
much, so the console can show it at once.
"""

import logging
from dataclasses import dataclass

from routing.compiled import compile_problem
from routing.matrix import MatrixProvider, TravelMatrix
from routing.model import Problem, validate
from routing.solution import Route, Visit, minor_from_units

logger = logging.getLogger(__name__)

WINDOW = "window"
CAPACITY = "capacity"
SHIFT = "shift"


@dataclass(frozen=True)
class Violation:
    """A rule a route breaks.

    ``kind`` is ``"window"`` (service starts ``amount`` seconds after the stop's
    last receiving window closes), ``"capacity"`` (the load exceeds the truck by
    ``amount`` natural units of ``dimension``) or ``"shift"`` (the truck is back
    ``amount`` seconds after its shift ends).
    """

    kind: str
    stop_id: str | None
    amount: float
    dimension: str | None = None


@dataclass(frozen=True)
class RouteEvaluation:
    """A route's timeline, length and cost, and every rule it breaks."""

    route: Route
    violations: tuple[Violation, ...]


def _pass(cp, vehicle: int, stops: list[int], start: int):
    """One forward pass: visits, waits, lateness, from a departure time."""
    time = start
    place = int(cp.vehicle_start[vehicle])
    distance = 0
    waited = 0
    slack = None
    timeline = []
    for stop in stops:
        location = int(cp.stop_location[stop])
        leg_m = int(cp.distance_m[place, location])
        arrival = time + int(cp.duration_s[place, location])
        distance += leg_m
        windows = cp.windows[stop]
        usable = [(s, e) for s, e in windows if arrival <= e]
        if usable:
            begin = max(arrival, usable[0][0])
            late = 0
            room = waited + (begin - arrival) + usable[0][1] - begin
            slack = room if slack is None else min(slack, room)
        else:
            begin = arrival
            late = arrival - windows[-1][1] if windows else 0
            slack = 0
        waited += begin - arrival
        departure = begin + int(cp.service_s[stop])
        timeline.append((stop, arrival, begin, departure, leg_m, late))
        time = departure
        place = location

    end_place = int(cp.vehicle_end[vehicle])
    end = time + int(cp.duration_s[place, end_place])
    distance += int(cp.distance_m[place, end_place])
    return timeline, end, distance, waited, slack


def _departures(cp, vehicle: int, stops: list[int], shift_start: int) -> list[int]:
    """Departure times worth trying: the shift start, and each one that reaches
    a stop, driving and serving without a wait, just as one of its receiving
    windows opens (so a later window can be used instead of waiting for it)."""
    starts = {shift_start}
    place = int(cp.vehicle_start[vehicle])
    elapsed = 0
    for stop in stops:
        location = int(cp.stop_location[stop])
        elapsed += int(cp.duration_s[place, location])
        for window_start, _ in cp.windows[stop]:
            if window_start - elapsed > shift_start:
                starts.add(window_start - elapsed)

        elapsed += int(cp.service_s[stop])
        place = location

    return sorted(starts)


def _best_timing(cp, vehicle: int, stops: list[int]):
    """The departure and forward pass with the least lateness, then duration."""
    shift_start, shift_end = (int(x) for x in cp.shift[vehicle])
    best = None
    for departure in _departures(cp, vehicle, stops, shift_start):
        timeline, end, distance, waited, slack = _pass(cp, vehicle, stops, departure)

        # Leave later to absorb waiting, as long as no window or shift is missed.
        start = departure
        if slack is not None and waited > 0:
            delay = max(0, min(waited, slack, shift_end - end))
            if delay:
                start = departure + delay
                timeline, end, distance, _, _ = _pass(cp, vehicle, stops, start)

        late = sum(visit[5] for visit in timeline) + max(0, end - shift_end)
        key = (late, end - start, start)
        if best is None or key < best[0]:
            best = (key, start, timeline, end, distance)

    return best[1:]


def _evaluate_route(cp, vehicle: int, stops: list[int]) -> RouteEvaluation:
    problem = cp.problem
    shift_end = int(cp.shift[vehicle][1])
    start, timeline, end, distance = _best_timing(cp, vehicle, stops)

    scales = [d.scale for d in problem.dimensions]
    total = cp.demand[stops].sum(axis=0) if stops else cp.capacity[vehicle] * 0
    load = [int(x) for x in total]
    visits, violations = [], []
    for stop, arrival, begin, departure, leg_m, late in timeline:
        load = [left - int(d) for left, d in zip(load, cp.demand[stop], strict=True)]
        stop_id = problem.stops[stop].id
        visits.append(
            Visit(
                stop_id=stop_id,
                arrival_s=arrival,
                wait_s=begin - arrival,
                service_start_s=begin,
                departure_s=departure,
                load_after=tuple(x / s for x, s in zip(load, scales, strict=True)),
                distance_from_previous_m=leg_m,
            )
        )
        if late > 0:
            violations.append(Violation(WINDOW, stop_id, late))

    for index, dimension in enumerate(problem.dimensions):
        over = int(total[index]) - int(cp.capacity[vehicle][index]) if stops else 0
        if over > 0:
            violations.append(
                Violation(CAPACITY, None, over / dimension.scale, dimension.name)
            )
    if end > shift_end:
        violations.append(Violation(SHIFT, None, end - shift_end))

    duration = end - start if stops else 0
    cost = 0
    if stops:
        cost = int(cp.fixed_cost[vehicle])
        cost += int(cp.metre_cost[vehicle]) * distance
        cost += int(cp.second_cost[vehicle]) * duration
    route = Route(
        vehicle_id=problem.vehicles[vehicle].id,
        visits=tuple(visits),
        start_s=start,
        end_s=end if stops else start,
        distance_m=distance if stops else 0,
        duration_s=duration,
        load=tuple(x / s for x, s in zip(total, scales, strict=True)),
        cost_minor=minor_from_units(cost, cp.cost_scale),
        cost_units=cost,
    )
    return RouteEvaluation(route, tuple(violations))


def evaluate_routes(
    problem: Problem,
    routes: dict[str, list[str]],
    matrix: TravelMatrix | MatrixProvider,
) -> dict[str, RouteEvaluation]:
    """Time and price routes arranged by hand, listing every rule they break.

    Parameters:
        problem: the day's problem (vehicles, stops, dimensions).
        routes: stop ids in visiting order per vehicle id.
        matrix: the travel matrix, or a provider of one.

    Returns:
        One evaluation per vehicle id given, with the route's visits (times in
        seconds from the day origin), distance (m), duration (s), cost (minor
        units) and violations.

    Raises:
        InvalidValue: malformed problem input, or an unknown stop or vehicle id.
    """
    from routing.errors import InvalidValue

    validate(problem)
    if not isinstance(matrix, TravelMatrix):
        matrix = matrix.travel_matrix(problem.locations)

    cp = compile_problem(problem, matrix)
    stop_index = {s.id: i for i, s in enumerate(problem.stops)}
    vehicle_index = {v.id: i for i, v in enumerate(problem.vehicles)}
    evaluations = {}
    for vehicle_id, stop_ids in routes.items():
        if vehicle_id not in vehicle_index:
            raise InvalidValue(f"vehicle {vehicle_id}", "id", "is not in the problem")
        unknown = [s for s in stop_ids if s not in stop_index]
        if unknown:
            raise InvalidValue(f"stop {unknown[0]}", "id", "is not in the problem")
        evaluations[vehicle_id] = _evaluate_route(
            cp, vehicle_index[vehicle_id], [stop_index[s] for s in stop_ids]
        )

    return evaluations
