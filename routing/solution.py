"""The result of a solve: routes with their timelines, stops left out and why."""

from dataclasses import dataclass, field

from routing.matrix import TravelMatrix

# Why a stop was left out.
WINDOW_UNREACHABLE = "window_unreachable"
DEMAND_EXCEEDS_EVERY_TRUCK = "demand_exceeds_every_truck"
COST_EXCEEDS_VALUE = "cost_exceeds_value"
NO_CAPACITY_LEFT = "no_capacity_left"
NO_TIME_LEFT = "no_time_left"
# Serving it would cost less than its value: the search stopped before finding it.
NOT_YET_INSERTED = "not_yet_inserted"


@dataclass(frozen=True)
class Visit:
    """One stop of a route; times are seconds from the day origin.

    ``wait_s`` runs from arrival to the start of service (it includes a break
    taken there). ``load_after`` is what is left on the truck after the drop,
    in natural units per dimension.
    """

    stop_id: str
    arrival_s: int
    wait_s: int
    service_start_s: int
    departure_s: int
    load_after: tuple[float, ...]
    distance_from_previous_m: int


@dataclass(frozen=True)
class Route:
    """A truck's route: its visits in order, timeline, length and cost.

    ``start_s`` is the departure from the start location and ``end_s`` the
    arrival at the end location. ``cost_minor`` is the fixed, distance and time
    cost, rounded half up to the minor unit; ``cost_units`` the exact figure in
    solver units (``Solution.cost_scale`` per minor unit).
    """

    vehicle_id: str
    visits: tuple[Visit, ...]
    start_s: int
    end_s: int
    distance_m: int
    duration_s: int
    load: tuple[float, ...]
    cost_minor: int
    cost_units: int
    break_start_s: int | None = None

    @property
    def km(self) -> float:
        """Route length in km."""
        return self.distance_m / 1000

    @property
    def hours(self) -> float:
        """Route duration in hours, from departure to return."""
        return self.duration_s / 3600


@dataclass(frozen=True)
class DroppedStop:
    """A stop left out, with the reason and the figures behind it.

    ``value_minor`` is the stop's drop penalty (None for a must-visit stop).
    ``insertion_cost_minor`` is the cheapest added plan cost of serving it, set
    when reason is ``cost_exceeds_value``.
    """

    stop_id: str
    reason: str
    detail: str
    value_minor: int | None
    insertion_cost_minor: int | None = None
    must_visit: bool = False


@dataclass(frozen=True)
class Totals:
    """Plan totals; money in minor units, rounded half up from exact sums."""

    routes: int
    stops_served: int
    stops_dropped: int
    distance_m: int
    duration_s: int
    route_cost_minor: int
    value_dropped_minor: int
    must_visit_dropped: int


@dataclass(frozen=True)
class Solution:
    """A plan with its routes, dropped stops, totals and how it was found.

    ``status`` is ``"solved"`` or ``"cancelled"`` (the best plan found before
    the caller cancelled). ``warm_start`` names where the first plan came from.
    """

    routes: tuple[Route, ...]
    dropped: tuple[DroppedStop, ...]
    totals: Totals
    status: str
    seconds: float
    warm_start: str
    objective_units: int
    cost_scale: int
    travel_matrix: TravelMatrix | None = field(default=None, repr=False)

    def route_of(self, vehicle_id: str) -> Route | None:
        """Return the route of a vehicle, or None if the vehicle is unused."""
        for route in self.routes:
            if route.vehicle_id == vehicle_id:
                return route

        return None


def minor_from_units(units: int, scale: int) -> int:
    """Convert solver cost units to minor units, rounding half up.

    Parameters:
        units: an amount in solver cost units.
        scale: solver cost units per minor unit.

    Returns:
        The amount in whole minor units.
    """
    return (2 * units + scale) // (2 * scale)
