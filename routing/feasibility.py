"""Checks before solving: stops that no truck could ever serve, stop by stop."""

import logging
from dataclasses import dataclass

from routing.compiled import CompiledProblem, compile_problem
from routing.matrix import GreatCircleMatrix, TravelMatrix
from routing.model import Problem, validate
from routing.schedule import check_route

logger = logging.getLogger(__name__)

DEMAND_EXCEEDS_EVERY_TRUCK = "demand_exceeds_every_truck"
WINDOW_UNREACHABLE = "window_unreachable"


@dataclass(frozen=True)
class Unservable:
    """A stop that cannot be served even by a truck doing nothing else."""

    stop_id: str
    reason: str
    detail: str


def _vehicle_classes(cp: CompiledProblem) -> dict[tuple, int]:
    """Map each distinct (start, end, shift, capacity, duration) to one vehicle."""
    classes: dict[tuple, int] = {}
    for vehicle in range(len(cp.problem.vehicles)):
        key = (
            int(cp.vehicle_start[vehicle]),
            int(cp.vehicle_end[vehicle]),
            tuple(cp.shift[vehicle].tolist()),
            tuple(cp.capacity[vehicle].tolist()),
            int(cp.max_duration_s[vehicle]),
        )
        classes.setdefault(key, vehicle)

    return classes


def _detail(cp: CompiledProblem, stop: int, reason: str) -> str:
    if reason == DEMAND_EXCEEDS_EVERY_TRUCK:
        problem = cp.problem
        parts = []
        for d, dim in enumerate(problem.dimensions):
            largest = cp.capacity[:, d].max() / dim.scale
            if problem.stops[stop].demand[d] > largest:
                parts.append(
                    f"{problem.stops[stop].demand[d]} {dim.name} "
                    f"against at most {largest:g}"
                )

        return "demand exceeds the capacity of every truck: " + (
            "; ".join(parts) or "no single truck holds all its dimensions"
        )

    return (
        "no truck can reach it inside a receiving window and be back by the end "
        "of its shift"
    )


def unservable_stops(cp: CompiledProblem) -> list[Unservable]:
    """Find the stops that no truck can serve, whatever else it does.

    Parameters:
        cp: the compiled problem.

    Returns:
        One entry per such stop, with reason ``demand_exceeds_every_truck`` or
        ``window_unreachable`` and a sentence for the dispatcher. A stop locked
        to a vehicle is judged on that vehicle alone.
    """
    classes = _vehicle_classes(cp)
    found = []
    for stop, item in enumerate(cp.problem.stops):
        if stop in cp.locked_vehicle:
            vehicles = [cp.locked_vehicle[stop]]
        else:
            vehicles = list(classes.values())

        reasons = set()
        for vehicle in vehicles:
            check = check_route(cp, vehicle, [stop])
            if check.feasible:
                break

            reasons.add(check.reason)
        else:
            reason = (
                WINDOW_UNREACHABLE if "time" in reasons else DEMAND_EXCEEDS_EVERY_TRUCK
            )
            found.append(Unservable(item.id, reason, _detail(cp, stop, reason)))

    if found:
        logger.info("%d stops cannot be served by any truck", len(found))

    return found


def unservable(problem: Problem, matrix=None) -> list[Unservable]:
    """Report, before solving, the stops that no truck could ever serve.

    Parameters:
        problem: the problem to check.
        matrix: a travel matrix or provider; defaults to great-circle distance.

    Returns:
        One ``Unservable`` per such stop (reason and a sentence), in stop order.

    Raises:
        InvalidValue: malformed input, naming the stop or vehicle and field.
    """
    validate(problem)
    if not isinstance(matrix, TravelMatrix):
        matrix = (matrix or GreatCircleMatrix()).travel_matrix(problem.locations)

    return unservable_stops(compile_problem(problem, matrix))
