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


def _first_start_at_or_after(windows, time: int) -> int:
    for start, end in windows:
        if time <= end:
            return max(time, start)

    return -1


def _last_start_at_or_before(windows, time: int) -> int:
    for start, end in reversed(windows):
        if start <= time:
            return min(time, end)

    return -1


class PlanInsertions:
    """A plan prepared for pricing insertions: per-route earliest departures
    and latest service starts, so each position is screened in constant time.
    """

    def __init__(self, cp: CompiledProblem, routes: dict[int, list[int]]):
        self.cp = cp
        self.routes = routes
        self.cost = {v: check_route(cp, v, r).cost for v, r in routes.items()}
        self.load = {v: cp.demand[r].sum(axis=0) for v, r in routes.items() if r}
        self.times = {v: self._times(v, r) for v, r in routes.items() if r}

        # One empty vehicle of each kind is enough to price a new route.
        self.empty: dict[tuple, int] = {}
        for vehicle in range(len(cp.problem.vehicles)):
            if routes.get(vehicle):
                continue

            key = (
                int(cp.vehicle_start[vehicle]),
                int(cp.vehicle_end[vehicle]),
                tuple(cp.shift[vehicle].tolist()),
                tuple(cp.capacity[vehicle].tolist()),
                int(cp.max_duration_s[vehicle]),
                int(cp.fixed_cost[vehicle]),
                int(cp.metre_cost[vehicle]),
                int(cp.second_cost[vehicle]),
                cp.problem.vehicles[vehicle].rest_break,
            )
            self.empty.setdefault(key, vehicle)

    def _times(self, vehicle: int, route: list[int]):
        """Earliest departure after each place and latest service start at each."""
        cp = self.cp
        places = [int(cp.vehicle_start[vehicle])]
        places += [int(cp.stop_location[s]) for s in route]
        places.append(int(cp.vehicle_end[vehicle]))
        departure = [int(cp.shift[vehicle, 0])]
        for k, stop in enumerate(route):
            arrival = departure[-1] + int(cp.duration_s[places[k], places[k + 1]])
            begin = _first_start_at_or_after(cp.windows[stop], arrival)
            departure.append(begin + int(cp.service_s[stop]) if begin >= 0 else 10**18)

        latest = [0] * (len(route) + 2)
        latest[-1] = int(cp.shift[vehicle, 1])
        for k in range(len(route), 0, -1):
            stop = route[k - 1]
            bound = latest[k + 1] - int(cp.duration_s[places[k], places[k + 1]])
            bound -= int(cp.service_s[stop])
            latest[k] = _last_start_at_or_before(cp.windows[stop], bound)

        return places, departure, latest

    def _screen(self, vehicle: int, stop: int) -> list[tuple[int, int]]:
        """Positions that pass the constant-time checks, with a cost lower bound."""
        cp = self.cp
        route = self.routes.get(vehicle, [])
        location = int(cp.stop_location[stop])
        rate = int(cp.metre_cost[vehicle])
        if not route:
            start = int(cp.vehicle_start[vehicle])
            end = int(cp.vehicle_end[vehicle])
            extra = int(cp.distance_m[start, location] + cp.distance_m[location, end])
            extra -= int(cp.distance_m[start, end])
            return [(int(cp.fixed_cost[vehicle]) + rate * extra, 0)]

        places, departure, latest = self.times[vehicle]
        rest = cp.problem.vehicles[vehicle].rest_break is not None
        found = []
        for position in range(len(route) + 1):
            before, after = places[position], places[position + 1]
            if not rest:
                arrival = departure[position] + int(cp.duration_s[before, location])
                begin = _first_start_at_or_after(cp.windows[stop], arrival)
                if begin < 0:
                    continue

                reach = begin + int(cp.service_s[stop])
                if reach + int(cp.duration_s[location, after]) > latest[position + 1]:
                    continue

            extra = int(
                cp.distance_m[before, location] + cp.distance_m[location, after]
            )
            found.append((rate * (extra - int(cp.distance_m[before, after])), position))

        return found

    def best(self, stop: int) -> Insertion:
        """Find the cheapest feasible insertion of a stop into the plan.

        Parameters:
            stop: index of the stop to insert.

        Returns:
            The cheapest insertion over every position of every route and one
            unused vehicle of each kind (its fixed cost counts); a stop locked to
            a vehicle is only tried there. The time cost is priced exactly for
            the positions whose distance cost could still win.
        """
        cp = self.cp
        if stop in cp.locked_vehicle:
            vehicles = [cp.locked_vehicle[stop]]
        else:
            vehicles = [v for v, r in self.routes.items() if r]
            vehicles += list(self.empty.values())

        candidates = []
        room_for_load = False
        for vehicle in vehicles:
            load = self.load.get(vehicle, 0) + cp.demand[stop]
            if (load > cp.capacity[vehicle]).any():
                continue

            room_for_load = True
            candidates += [
                (bound, vehicle, p) for bound, p in self._screen(vehicle, stop)
            ]

        best = Insertion(None, None, None, None)
        for bound, vehicle, position in sorted(candidates):
            if best.cost is not None and bound >= best.cost:
                break

            route = self.routes.get(vehicle, [])
            trial = route[:position] + [stop] + route[position:]
            check = check_route(cp, vehicle, trial)
            added = check.cost - self.cost.get(vehicle, 0)
            if check.feasible and (best.cost is None or added < best.cost):
                best = Insertion(vehicle, position, added, None)

        if best.cost is None:
            return Insertion(None, None, None, "time" if room_for_load else "capacity")

        return best


def best_insertion(
    cp: CompiledProblem, routes: dict[int, list[int]], stop: int
) -> Insertion:
    """Find the cheapest feasible insertion of a stop into a plan.

    Parameters:
        cp: the compiled problem.
        routes: stop indexes per vehicle index (vehicles absent are unused).
        stop: index of the stop to insert.

    Returns:
        The cheapest insertion (see ``PlanInsertions.best``); to price many
        stops against one plan, build ``PlanInsertions`` once instead.
    """
    return PlanInsertions(cp, routes).best(stop)


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
