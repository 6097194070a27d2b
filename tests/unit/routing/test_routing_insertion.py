"""The fast insertion pricing agrees with trying every position in full."""

import numpy as np
import pytest

from routing import Params, TimeWindow, solve
from routing.compiled import compile_problem
from routing.schedule import PlanInsertions, check_route


def _every_position(cp, routes, stop):
    best = None
    for vehicle in range(len(cp.problem.vehicles)):
        route = routes.get(vehicle, [])
        before = check_route(cp, vehicle, route).cost
        for position in range(len(route) + 1):
            check = check_route(
                cp, vehicle, route[:position] + [stop] + route[position:]
            )
            if check.feasible and (best is None or check.cost - before < best):
                best = check.cost - before

    return best


@pytest.mark.parametrize("seed", range(6))
def test_fast_insertion_finds_the_cheapest_position(
    seed, km_matrix, make_vehicle, make_stop, make_problem
):
    rng = np.random.default_rng(seed)
    points = [(0, 0)] + [tuple(rng.uniform(-15, 15, 2)) for _ in range(24)]
    stops = []
    for i in range(1, 25):
        opens = int(rng.integers(0, 6)) * 1800
        windows = (TimeWindow(opens, opens + 3600),) if i % 3 else ()
        stops.append(
            make_stop(
                f"O{i}", i, windows=windows, service_s=300, drop_penalty_minor=800
            )
        )

    trucks = [
        make_vehicle(
            f"T{k}", capacity=(6,), cost_per_hour_minor=900, fixed_cost_minor=50
        )
        for k in range(3)
    ]
    problem = make_problem(points, trucks, stops)
    matrix = km_matrix(points)
    solution = solve(
        problem, Params(time_limit_s=0.3, warm_start="none"), matrix=matrix
    )
    cp = compile_problem(problem, matrix.matrix)
    index = {s.id: i for i, s in enumerate(problem.stops)}
    vehicles = {v.id: i for i, v in enumerate(problem.vehicles)}
    routes = {
        vehicles[r.vehicle_id]: [index[v.stop_id] for v in r.visits]
        for r in solution.routes
    }
    pricing = PlanInsertions(cp, routes)
    served = {s for route in routes.values() for s in route}

    for stop in range(len(stops)):
        if stop not in served:
            assert pricing.best(stop).cost == _every_position(cp, routes, stop)
