"""The routing problem as plain data: locations, vehicles, stops, locks and params.

Units, stated once for the whole engine:

- Time is whole seconds from a day origin the caller chooses and states (for
  example local midnight of the service date, converted to an instant). Receiving
  windows, shifts and breaks are all given on that axis.
- Money is integer minor units (cents, or whole dong). Cost rates per km and per
  hour may be fractions of a minor unit; they are scaled exactly, never rounded.
- Distances from a travel matrix are metres, durations seconds; fractional values
  are rounded to the nearest whole unit, never truncated.
- Demands and capacities are given in natural units (cases, kg, pallets) and
  scaled by their dimension's ``scale`` to integers; a value that is not a whole
  number of scaled units is refused, never truncated.
"""

import logging
import math
from dataclasses import dataclass
from numbers import Real

from ortools.constraint_solver import routing_enums_pb2

from routing.errors import InvalidValue

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Location:
    """A point as longitude and latitude (WGS84), or plane x/y with a given matrix."""

    lon: float | None
    lat: float | None
    name: str = ""


@dataclass(frozen=True)
class TimeWindow:
    """A closed interval of seconds from the day origin: ``start_s`` to ``end_s``."""

    start_s: int
    end_s: int


@dataclass(frozen=True)
class Break:
    """A rest break of ``duration_s`` that must start within the given interval."""

    earliest_start_s: int
    latest_start_s: int
    duration_s: int


@dataclass(frozen=True)
class Dimension:
    """A load dimension such as cases or kg.

    ``scale`` is the number of solver units per natural unit: 100 means the solver
    counts hundredths of a case. ``service_s_per_unit`` adds that many seconds of
    service time per natural unit delivered.
    """

    name: str
    scale: int = 1
    service_s_per_unit: float = 0.0


@dataclass(frozen=True)
class Vehicle:
    """A truck with its shift, capacity per dimension and cost rates.

    ``start`` and ``end`` index ``Problem.locations``. ``capacity`` is in natural
    units, one value per problem dimension. ``fixed_cost_minor`` is charged when the
    truck is used; ``cost_per_km_minor`` and ``cost_per_hour_minor`` (of route
    duration, waiting included) may be fractional minor units.
    """

    id: str
    start: int
    end: int
    shift: TimeWindow
    capacity: tuple[float, ...] = ()
    fixed_cost_minor: int = 0
    cost_per_km_minor: float = 0
    cost_per_hour_minor: float = 0
    max_duration_s: int | None = None
    rest_break: Break | None = None


@dataclass(frozen=True)
class Stop:
    """A drop at an outlet.

    ``location`` indexes ``Problem.locations``. ``windows`` are receiving windows
    for the start of service (empty: any time within the shift). ``service_s`` is
    the fixed service time; each dimension adds its per-unit time. ``demand`` is in
    natural units per dimension. ``drop_penalty_minor`` is the value lost if the
    stop is left out; ``None`` makes the stop must-visit.
    """

    id: str
    location: int
    windows: tuple[TimeWindow, ...] = ()
    service_s: float = 0.0
    demand: tuple[float, ...] = ()
    drop_penalty_minor: int | None = None


@dataclass(frozen=True)
class StopLock:
    """Keep a stop on the given vehicle (its place in the route stays free)."""

    stop_id: str
    vehicle_id: str


@dataclass(frozen=True)
class SequenceLock:
    """Keep these stops on the vehicle back to back in this order.

    With ``whole_route`` the route is exactly this sequence: nothing is added
    before, between or after.
    """

    vehicle_id: str
    stop_ids: tuple[str, ...]
    whole_route: bool = False


@dataclass(frozen=True)
class Problem:
    """One day's routing problem."""

    locations: tuple[Location, ...]
    vehicles: tuple[Vehicle, ...]
    stops: tuple[Stop, ...]
    dimensions: tuple[Dimension, ...] = ()
    stop_locks: tuple[StopLock, ...] = ()
    sequence_locks: tuple[SequenceLock, ...] = ()


@dataclass(frozen=True)
class Params:
    """Search settings.

    ``time_limit_s`` bounds the whole solve. ``solution_limit`` stops OR-Tools
    after that many solutions and PyVRP after that many iterations;
    ``no_improvement_s`` stops when the best cost has not improved for that
    long. ``seed`` seeds PyVRP; runs stopped by a solution limit repeat exactly
    (a time limit depends on machine speed). ``warm_start`` is ``"auto"`` (use a
    first plan from PyVRP when the problem fits its model), ``"pyvrp"`` (as auto)
    or ``"none"`` (OR-Tools alone). ``warm_start_share`` is the part of the time
    the warm start may use; OR-Tools improves and checks the plan in the rest.
    """

    time_limit_s: float = 10.0
    solution_limit: int | None = None
    no_improvement_s: float | None = None
    seed: int = 0
    warm_start: str = "auto"
    warm_start_share: float = 0.85
    first_solution: str = "PARALLEL_CHEAPEST_INSERTION"
    metaheuristic: str = "GUIDED_LOCAL_SEARCH"
    log_search: bool = False


def _is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _check_finite(item: str, name: str, value, minimum: float | None = 0) -> None:
    if value is None:
        raise InvalidValue(item, name, "is missing")

    if not _is_number(value):
        raise InvalidValue(item, name, f"must be a number, not {value!r}")

    if not math.isfinite(value):
        raise InvalidValue(item, name, "must be finite")

    if minimum is not None and value < minimum:
        raise InvalidValue(item, name, f"must be at least {minimum}")


def _check_window(item: str, name: str, window: TimeWindow) -> None:
    _check_finite(item, f"{name}.start_s", window.start_s)
    _check_finite(item, f"{name}.end_s", window.end_s)
    if window.end_s < window.start_s:
        raise InvalidValue(item, name, "ends before it starts")


def _check_location_index(item: str, name: str, index, count: int) -> None:
    if not isinstance(index, int) or isinstance(index, bool):
        raise InvalidValue(item, name, "must be a location index")

    if not 0 <= index < count:
        raise InvalidValue(item, name, f"must be a location index below {count}")


def _check_vehicle(vehicle: Vehicle, problem: Problem) -> None:
    item = f"vehicle {vehicle.id}"
    count = len(problem.locations)
    _check_location_index(item, "start", vehicle.start, count)
    _check_location_index(item, "end", vehicle.end, count)
    _check_window(item, "shift", vehicle.shift)
    if len(vehicle.capacity) != len(problem.dimensions):
        raise InvalidValue(
            item, "capacity", f"must have {len(problem.dimensions)} values"
        )

    for dimension, value in zip(problem.dimensions, vehicle.capacity, strict=True):
        _check_finite(item, f"capacity.{dimension.name}", value)

    _check_finite(item, "fixed_cost_minor", vehicle.fixed_cost_minor)
    _check_finite(item, "cost_per_km_minor", vehicle.cost_per_km_minor)
    _check_finite(item, "cost_per_hour_minor", vehicle.cost_per_hour_minor)
    if vehicle.max_duration_s is not None:
        _check_finite(item, "max_duration_s", vehicle.max_duration_s)

    if vehicle.rest_break is not None:
        rest = vehicle.rest_break
        _check_finite(item, "rest_break.duration_s", rest.duration_s)
        _check_window(
            item,
            "rest_break",
            TimeWindow(rest.earliest_start_s, rest.latest_start_s),
        )


def _check_stop(stop: Stop, problem: Problem) -> None:
    item = f"stop {stop.id}"
    _check_location_index(item, "location", stop.location, len(problem.locations))
    for number, window in enumerate(stop.windows):
        _check_window(item, f"windows[{number}]", window)

    _check_finite(item, "service_s", stop.service_s)
    if len(stop.demand) != len(problem.dimensions):
        raise InvalidValue(
            item, "demand", f"must have {len(problem.dimensions)} values"
        )

    for dimension, value in zip(problem.dimensions, stop.demand, strict=True):
        _check_finite(item, f"demand.{dimension.name}", value)

    if stop.drop_penalty_minor is not None:
        _check_finite(item, "drop_penalty_minor", stop.drop_penalty_minor)


def _check_location(problem: Problem, index: int, location: Location) -> None:
    users = [f"stop {s.id}" for s in problem.stops if s.location == index]
    users += [f"vehicle {v.id}" for v in problem.vehicles if index in (v.start, v.end)]
    item = ", ".join(users) if users else f"location {index}"
    for name in ("lon", "lat"):
        _check_finite(item, f"location.{name}", getattr(location, name), minimum=None)


def _check_locks(problem: Problem) -> None:
    stop_ids = {stop.id for stop in problem.stops}
    vehicle_ids = {vehicle.id for vehicle in problem.vehicles}
    locked: dict[str, str] = {}
    pairs = [(lock.stop_id, lock.vehicle_id) for lock in problem.stop_locks]
    for lock in problem.sequence_locks:
        pairs += [(stop_id, lock.vehicle_id) for stop_id in lock.stop_ids]

    for stop_id, vehicle_id in pairs:
        item = f"stop {stop_id}"
        if stop_id not in stop_ids:
            raise InvalidValue(item, "lock", "names a stop that is not in the problem")

        if vehicle_id not in vehicle_ids:
            raise InvalidValue(item, "lock", f"names unknown vehicle {vehicle_id}")

        if locked.setdefault(stop_id, vehicle_id) != vehicle_id:
            raise InvalidValue(item, "lock", "locks the stop to two vehicles")

    whole = [lock.vehicle_id for lock in problem.sequence_locks if lock.whole_route]
    for lock in problem.sequence_locks:
        if lock.vehicle_id in whole and not lock.whole_route:
            raise InvalidValue(
                f"vehicle {lock.vehicle_id}", "sequence_locks", "has a whole-route lock"
            )


def validate(problem: Problem) -> None:
    """Check a problem for malformed input.

    Parameters:
        problem: the problem to check.

    Raises:
        InvalidValue: naming the stop, vehicle or location and the field at fault
            (a window that ends before it starts, a negative demand, missing or
            non-finite coordinates, an unknown location index, duplicate ids).
    """
    if not problem.vehicles:
        raise InvalidValue("problem", "vehicles", "must list at least one vehicle")

    for kind, items in (("vehicle", problem.vehicles), ("stop", problem.stops)):
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise InvalidValue(f"{kind} {item.id}", "id", "is used twice")

            seen.add(item.id)

    for dimension in problem.dimensions:
        item = f"dimension {dimension.name}"
        if not isinstance(dimension.scale, int) or dimension.scale < 1:
            raise InvalidValue(item, "scale", "must be a whole number of at least 1")

        _check_finite(item, "service_s_per_unit", dimension.service_s_per_unit)

    for vehicle in problem.vehicles:
        _check_vehicle(vehicle, problem)

    for stop in problem.stops:
        _check_stop(stop, problem)

    used = {stop.location for stop in problem.stops}
    used |= {v.start for v in problem.vehicles} | {v.end for v in problem.vehicles}
    for index in sorted(used):
        _check_location(problem, index, problem.locations[index])

    _check_locks(problem)


def validate_params(params: Params) -> None:
    """Check search settings.

    Parameters:
        params: the settings to check.

    Raises:
        InvalidValue: naming the field at fault.
    """
    _check_finite("params", "time_limit_s", params.time_limit_s)
    if params.time_limit_s <= 0:
        raise InvalidValue("params", "time_limit_s", "must be above 0")

    if params.warm_start not in ("auto", "pyvrp", "none"):
        raise InvalidValue("params", "warm_start", "must be auto, pyvrp or none")

    if not 0 <= params.warm_start_share <= 1:
        raise InvalidValue("params", "warm_start_share", "must be within 0..1")

    names = (
        ("first_solution", routing_enums_pb2.FirstSolutionStrategy),
        ("metaheuristic", routing_enums_pb2.LocalSearchMetaheuristic),
    )
    for name, enum in names:
        value = getattr(params, name)
        if not isinstance(value, str) or not hasattr(enum, value):
            raise InvalidValue("params", name, f"{value!r} is not an OR-Tools name")

    if params.solution_limit is not None and params.solution_limit < 1:
        raise InvalidValue("params", "solution_limit", "must be at least 1")

    if params.no_improvement_s is not None:
        _check_finite("params", "no_improvement_s", params.no_improvement_s)
