"""Route timing and cost outside the solver: checks, insertions and removals.

Used to explain left-out stops and to price a dispatcher's edits. The timing
rules match the solver's: service starts inside a receiving window, waiting is
allowed, the truck leaves no earlier than its shift start and returns by its
shift end. A break is taken at a stop, before the first leg that would carry the
truck past the break's latest start; the solver may also place it during a leg,
so a route judged infeasible here can, rarely, be feasible for the solver.
"""

import logging
from dataclasses import dataclass

from routing.compiled import CompiledProblem

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RouteCheck:
    """Whether a route is feasible, why not, and its length, duration and cost.

    ``reason`` is ``"capacity"`` or ``"time"`` for an infeasible route.
    ``cost`` is in solver cost units and includes the fixed cost of a used truck.
    """

    feasible: bool
    reason: str | None
    distance_m: int = 0
    duration_s: int = 0
    cost: int = 0


def _service_start(windows: list[tuple[int, int]], arrival: int) -> tuple[int, int]:
    """Return (service start, end of the window used), or (-1, -1) if too late."""
    for start, end in windows:
        if arrival <= end:
            return max(arrival, start), end

    return -1, -1


def _rest_if_due(rest, time: int, leg_s: int):
    """Take the break before a leg that would pass its latest start.

    Returns the departure time (-1 when the break can no longer be taken) and
    the break still to take (None once taken).
    """
    if rest is None or time + leg_s <= rest.latest_start_s:
        return time, rest

    begin = max(time, rest.earliest_start_s)
    if begin > rest.latest_start_s:
        return -1, rest

    return begin + rest.duration_s, None


def check_route(cp: CompiledProblem, vehicle: int, stops: list[int]) -> RouteCheck:
    """Check a route and compute its distance, shortest duration and cost.

    Parameters:
        cp: the compiled problem.
        vehicle: index of the vehicle.
        stops: stop indexes in visiting order.

    Returns:
        The check. The duration is the shortest the route can take: the truck
        leaves as late as it can without being late anywhere.
    """
    if not stops:
        return RouteCheck(True, None)

    load = cp.demand[stops].sum(axis=0)
    if (load > cp.capacity[vehicle]).any():
        return RouteCheck(False, "capacity")

    # Forward pass from the shift start, keeping waits and window ends.
    shift_start, shift_end = (int(x) for x in cp.shift[vehicle])
    rest = cp.problem.vehicles[vehicle].rest_break
    time = shift_start
    place = int(cp.vehicle_start[vehicle])
    distance = 0
    waited = 0
    slack = None
    for stop in stops:
        location = int(cp.stop_location[stop])
        time, rest = _rest_if_due(rest, time, int(cp.duration_s[place, location]))
        if time < 0:
            return RouteCheck(False, "time")

        arrival = time + int(cp.duration_s[place, location])
        distance += int(cp.distance_m[place, location])
        begin, window_end = _service_start(cp.windows[stop], arrival)
        if begin < 0:
            return RouteCheck(False, "time")

        waited += begin - arrival
        room = waited + window_end - begin
        slack = room if slack is None else min(slack, room)
        time = begin + int(cp.service_s[stop])
        place = location

    end = int(cp.vehicle_end[vehicle])
    had_rest = cp.problem.vehicles[vehicle].rest_break is not None
    time, rest = _rest_if_due(rest, time, int(cp.duration_s[place, end]))
    if time < 0:
        return RouteCheck(False, "time")

    arrival = time + int(cp.duration_s[place, end])
    distance += int(cp.distance_m[place, end])
    if arrival > shift_end:
        return RouteCheck(False, "time")

    # Leaving later absorbs waiting; it may not push any service past its window.
    slack = min(slack, waited + shift_end - arrival) if not had_rest else 0
    duration = arrival - shift_start - max(0, min(slack, waited))
    if duration > cp.max_duration_s[vehicle]:
        return RouteCheck(False, "time")

    cost = int(cp.fixed_cost[vehicle])
    cost += int(cp.metre_cost[vehicle]) * distance
    cost += int(cp.second_cost[vehicle]) * duration

    return RouteCheck(True, None, distance, duration, cost)


@dataclass(frozen=True)
class Insertion:
    """The cheapest feasible place for a stop, or why there is none.

    ``cost`` is the added plan cost in solver units; ``reason`` is set when no
    feasible place exists (``"capacity"`` if no truck has room for the load,
    else ``"time"``).
    """

    vehicle: int | None
    position: int | None
    cost: int | None
    reason: str | None


def best_insertion(
    cp: CompiledProblem, routes: dict[int, list[int]], stop: int
) -> Insertion:
    """Find the cheapest feasible insertion of a stop into a plan.

    Parameters:
        cp: the compiled problem.
        routes: stop indexes per vehicle index (vehicles absent are unused).
        stop: index of the stop to insert.

    Returns:
        The cheapest insertion over every position of every route, unused
        vehicles included (their fixed cost counts); a stop locked to a vehicle
        is only tried there.
    """
    best = Insertion(None, None, None, None)
    room_for_load = False
    vehicles = range(len(cp.problem.vehicles))
    if stop in cp.locked_vehicle:
        vehicles = [cp.locked_vehicle[stop]]

    for vehicle in vehicles:
        route = routes.get(vehicle, [])
        load = cp.demand[route + [stop]].sum(axis=0)
        if (load > cp.capacity[vehicle]).any():
            continue

        room_for_load = True
        before = check_route(cp, vehicle, route).cost
        for position in range(len(route) + 1):
            trial = route[:position] + [stop] + route[position:]
            check = check_route(cp, vehicle, trial)
            if check.feasible and (
                best.cost is None or check.cost - before < best.cost
            ):
                best = Insertion(vehicle, position, check.cost - before, None)

    if best.cost is None:
        return Insertion(None, None, None, "time" if room_for_load else "capacity")

    return best


def removal_saving(
    cp: CompiledProblem, vehicle: int, route: list[int], stop: int
) -> int | None:
    """Return the route cost saved by taking a stop out, in solver cost units.

    Parameters:
        cp: the compiled problem.
        vehicle: index of the vehicle serving the route.
        route: stop indexes in visiting order, ``stop`` among them.
        stop: index of the stop to take out.

    Returns:
        The cost of the route minus the cost without the stop (the whole route
        cost, fixed cost included, when it is the only stop); None when the
        route as given is not feasible (after an edit by hand, say).
    """
    whole = check_route(cp, vehicle, route)
    if not whole.feasible:
        return None

    rest = [other for other in route if other != stop]

    return whole.cost - check_route(cp, vehicle, rest).cost
