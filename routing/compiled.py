"""The problem in the solver's integers, built once and shared by every stage."""

import logging
from dataclasses import dataclass, field

import numpy as np

from routing.errors import CostOverflow
from routing.matrix import TravelMatrix
from routing.model import Problem
from routing.scaling import (
    COST_LIMIT,
    cost_scale,
    nearest_int,
    per_unit_cost,
    rounded_matrix,
    scaled_int,
    whole_int,
)

logger = logging.getLogger(__name__)


@dataclass
class CompiledProblem:
    """Integer arrays for the solver.

    Distances are metres, times seconds, loads solver units per dimension, costs
    solver cost units (``cost_scale`` of them per minor unit). Stop arrays are
    indexed like ``problem.stops``, vehicle arrays like ``problem.vehicles``.
    """

    problem: Problem = field(repr=False)
    distance_m: np.ndarray = field(repr=False)
    duration_s: np.ndarray = field(repr=False)
    cost_scale: int
    stop_location: np.ndarray = field(repr=False)
    service_s: np.ndarray = field(repr=False)
    demand: np.ndarray = field(repr=False)
    windows: list[list[tuple[int, int]]] = field(repr=False)
    penalty: np.ndarray = field(repr=False)
    must_visit: np.ndarray = field(repr=False)
    vehicle_start: np.ndarray = field(repr=False)
    vehicle_end: np.ndarray = field(repr=False)
    shift: np.ndarray = field(repr=False)
    capacity: np.ndarray = field(repr=False)
    fixed_cost: np.ndarray = field(repr=False)
    metre_cost: np.ndarray = field(repr=False)
    second_cost: np.ndarray = field(repr=False)
    max_duration_s: np.ndarray = field(repr=False)
    locked_vehicle: dict[int, int] = field(repr=False)
    horizon_s: int = 0


def _merged(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))

    return merged


def _stop_arrays(problem: Problem, horizon: int):
    dims = problem.dimensions
    count = len(problem.stops)
    service = np.zeros(count, dtype=np.int64)
    demand = np.zeros((count, len(dims)), dtype=np.int64)
    windows = []
    for index, stop in enumerate(problem.stops):
        item = f"stop {stop.id}"
        for d, dim in enumerate(dims):
            demand[index, d] = scaled_int(
                stop.demand[d], dim.scale, item, f"demand.{dim.name}"
            )

        per_unit = sum(
            dim.service_s_per_unit * stop.demand[d] for d, dim in enumerate(dims)
        )
        service[index] = nearest_int(stop.service_s + per_unit)
        own = [
            (
                whole_int(w.start_s, item, "windows.start_s"),
                whole_int(w.end_s, item, "windows.end_s"),
            )
            for w in stop.windows
        ]
        windows.append(_merged(own) if own else [(0, horizon)])

    return service, demand, windows


def _bounded(units: int) -> int:
    if units >= COST_LIMIT:
        raise CostOverflow(units, COST_LIMIT)

    return units


def _vehicle_arrays(problem: Problem, scale: int):
    dims = problem.dimensions
    count = len(problem.vehicles)
    capacity = np.zeros((count, len(dims)), dtype=np.int64)
    shift = np.zeros((count, 2), dtype=np.int64)
    fixed = np.zeros(count, dtype=np.int64)
    metre = np.zeros(count, dtype=np.int64)
    second = np.zeros(count, dtype=np.int64)
    max_duration = np.zeros(count, dtype=np.int64)
    for index, vehicle in enumerate(problem.vehicles):
        item = f"vehicle {vehicle.id}"
        for d, dim in enumerate(dims):
            capacity[index, d] = scaled_int(
                vehicle.capacity[d], dim.scale, item, f"capacity.{dim.name}"
            )

        shift[index] = (
            whole_int(vehicle.shift.start_s, item, "shift.start_s"),
            whole_int(vehicle.shift.end_s, item, "shift.end_s"),
        )
        fixed_units = (
            whole_int(vehicle.fixed_cost_minor, item, "fixed_cost_minor") * scale
        )
        if fixed_units >= COST_LIMIT:
            raise CostOverflow(fixed_units, COST_LIMIT)

        fixed[index] = fixed_units
        metre[index] = _bounded(per_unit_cost(vehicle.cost_per_km_minor, 1000, scale))
        second[index] = _bounded(
            per_unit_cost(vehicle.cost_per_hour_minor, 3600, scale)
        )
        limit = shift[index, 1] - shift[index, 0]
        if vehicle.max_duration_s is not None:
            limit = min(
                limit, whole_int(vehicle.max_duration_s, item, "max_duration_s")
            )

        max_duration[index] = limit

    return capacity, shift, fixed, metre, second, max_duration


def _must_visit_penalty(cp: CompiledProblem, optional_total: int) -> int:
    """Bound every plan's cost from above, so a must-visit drop always costs more."""
    distance = cp.distance_m
    if len(cp.stop_location):
        stop_out = distance[cp.stop_location].max(axis=1).sum()
    else:
        stop_out = 0

    depots = np.concatenate([cp.vehicle_start, cp.vehicle_end])
    depot_out = distance[depots].max() if len(depots) else 0
    total_distance = int(stop_out) + int(depot_out) * len(depots)
    shift_length = (cp.shift[:, 1] - cp.shift[:, 0]) if len(cp.shift) else []
    costs = int(cp.fixed_cost.sum()) if len(cp.fixed_cost) else 0
    costs += int(cp.metre_cost.max(initial=0)) * total_distance
    costs += sum(
        int(s) * int(length)
        for s, length in zip(cp.second_cost, shift_length, strict=False)
    )

    return costs + optional_total + 1


def compile_problem(problem: Problem, matrix: TravelMatrix) -> CompiledProblem:
    """Convert a validated problem and its travel matrix to solver integers.

    Parameters:
        problem: a problem that passed ``validate``.
        matrix: distances (metres) and durations (seconds) between its locations.

    Returns:
        The compiled problem. Must-visit stops get a drop penalty above any
        plan's cost, so the solver always returns a plan and leaves such a stop
        out only when it cannot be served.

    Raises:
        UnrepresentableValue: when a demand, capacity, time or amount of money is
            not a whole number of its solver unit.
        CostOverflow: when the plan cost could overflow the solver's integers.
    """
    distance = rounded_matrix(matrix.distance_m, "distance_m")
    duration = rounded_matrix(matrix.duration_s, "duration_s")
    scale = cost_scale(
        [v.cost_per_km_minor for v in problem.vehicles],
        [v.cost_per_hour_minor for v in problem.vehicles],
    )
    capacity, shift, fixed, metre, second, max_duration = _vehicle_arrays(
        problem, scale
    )
    horizon = int(shift[:, 1].max()) if len(shift) else 0
    service, demand, windows = _stop_arrays(problem, horizon)

    # Penalties in solver units; must-visit ones are filled in once costs are known.
    penalties = []
    for stop in problem.stops:
        if stop.drop_penalty_minor is None:
            penalties.append(None)
        else:
            item = f"stop {stop.id}"
            penalties.append(
                whole_int(stop.drop_penalty_minor, item, "drop_penalty_minor") * scale
            )

    optional_total = sum(p for p in penalties if p is not None)
    if optional_total >= COST_LIMIT:
        raise CostOverflow(optional_total, COST_LIMIT)

    must_visit = np.array([p is None for p in penalties], dtype=bool)
    penalty = np.array([p or 0 for p in penalties], dtype=np.int64)

    stop_index = {stop.id: index for index, stop in enumerate(problem.stops)}
    vehicle_index = {
        vehicle.id: index for index, vehicle in enumerate(problem.vehicles)
    }
    locked = {
        stop_index[lock.stop_id]: vehicle_index[lock.vehicle_id]
        for lock in problem.stop_locks
    }
    for lock in problem.sequence_locks:
        for stop_id in lock.stop_ids:
            locked[stop_index[stop_id]] = vehicle_index[lock.vehicle_id]

    cp = CompiledProblem(
        problem=problem,
        distance_m=distance,
        duration_s=duration,
        cost_scale=scale,
        stop_location=np.array([s.location for s in problem.stops], dtype=np.int64),
        service_s=service,
        demand=demand,
        windows=windows,
        penalty=penalty,
        must_visit=must_visit,
        vehicle_start=np.array([v.start for v in problem.vehicles], dtype=np.int64),
        vehicle_end=np.array([v.end for v in problem.vehicles], dtype=np.int64),
        shift=shift,
        capacity=capacity,
        fixed_cost=fixed,
        metre_cost=metre,
        second_cost=second,
        max_duration_s=max_duration,
        locked_vehicle=locked,
        horizon_s=horizon,
    )

    # Bound the objective: every must-visit drop at M plus every cost and penalty.
    big = _must_visit_penalty(cp, optional_total)
    bound = big * (int(must_visit.sum()) + 1)
    if bound >= COST_LIMIT or big >= COST_LIMIT:
        raise CostOverflow(bound, COST_LIMIT)

    penalty[must_visit] = big
    logger.debug("compiled %d stops, cost scale %d", len(problem.stops), scale)

    return cp
