"""Case C03: fractional km and fractional pallets reach the solver whole."""

import math

import pytest

from routing import Dimension, Params, UnrepresentableValue, solve
from routing.solution import NO_CAPACITY_LEFT

GRID = [(x, y) for x in range(3) for y in range(3)]  # (0, 0) is the depot


def _leg_km(a, b) -> float:
    return math.dist(GRID[a], GRID[b])


@pytest.fixture
def grid_solution(km_matrix, make_vehicle, make_stop, make_problem):
    stops = [make_stop(f"O{i}", i) for i in range(1, 9)]
    problem = make_problem(GRID, [make_vehicle()], stops)
    params = Params(time_limit_s=1, warm_start="none")

    return solve(problem, params, matrix=km_matrix(GRID)), problem


def test_grid_tour_is_the_optimal_9414_m(grid_solution):
    solution, _ = grid_solution

    # Eight 1 km legs and one diagonal of sqrt(2) km: 9.414 km to the metre.
    assert solution.totals.distance_m == 8000 + round(1000 * math.sqrt(2))
    assert solution.totals.distance_m < 8000 + 3 * round(1000 * math.sqrt(2)) - 2000


def test_grid_tour_total_is_the_sum_of_its_legs(grid_solution):
    solution, problem = grid_solution
    route = solution.routes[0]
    order = [0] + [int(v.stop_id[1:]) for v in route.visits] + [0]
    legs_m = [
        round(1000 * _leg_km(a, b)) for a, b in zip(order, order[1:], strict=False)
    ]

    assert route.distance_m == sum(legs_m)
    assert [v.distance_from_previous_m for v in route.visits] == legs_m[:-1]


def test_grid_tour_has_one_diagonal(grid_solution):
    solution, _ = grid_solution
    order = [0] + [int(v.stop_id[1:]) for v in solution.routes[0].visits] + [0]
    diagonals = [
        1 for a, b in zip(order, order[1:], strict=False) if _leg_km(a, b) > 1.0
    ]

    assert len(diagonals) == 1


def test_grid_tour_costs_80_cents_per_km_to_the_cent(grid_solution):
    solution, _ = grid_solution

    # 9.414 km at 0.80 EUR/km is 753.12 cents.
    assert solution.totals.route_cost_minor == 753


@pytest.fixture
def pallet_problem(make_vehicle, make_stop, make_problem):
    points = [(0, 0), (1, 0), (2, 0), (0, 1), (1, 1), (2, 1)]
    stops = [
        make_stop(f"O{i}", i, demand=(0.6,), drop_penalty_minor=10_000)
        for i in range(1, 6)
    ]
    truck = make_vehicle(capacity=(2.0,))

    return make_problem(
        points, [truck], stops, dimensions=(Dimension("pallets", scale=100),)
    ), points


def test_a_truck_of_two_pallets_takes_three_drops_of_point_six(
    pallet_problem, km_matrix
):
    problem, points = pallet_problem
    solution = solve(problem, Params(time_limit_s=0.5), matrix=km_matrix(points))

    assert len(solution.routes) == 1
    assert len(solution.routes[0].visits) == 3
    assert solution.routes[0].load == pytest.approx((1.8,))


def test_two_drops_are_left_out_for_capacity(pallet_problem, km_matrix):
    problem, points = pallet_problem
    solution = solve(problem, Params(time_limit_s=0.5), matrix=km_matrix(points))

    assert len(solution.dropped) == 2
    assert {d.reason for d in solution.dropped} == {NO_CAPACITY_LEFT}
    assert all(d.value_minor == 10_000 for d in solution.dropped)


def test_load_after_each_drop_falls_by_point_six(pallet_problem, km_matrix):
    problem, points = pallet_problem
    solution = solve(problem, Params(time_limit_s=0.5), matrix=km_matrix(points))
    loads = [v.load_after[0] for v in solution.routes[0].visits]

    assert loads == pytest.approx([1.2, 0.6, 0.0])


def test_pallets_counted_in_whole_units_are_refused(pallet_problem, km_matrix):
    problem, points = pallet_problem
    whole = type(problem)(
        locations=problem.locations,
        vehicles=problem.vehicles,
        stops=problem.stops,
        dimensions=(Dimension("pallets", scale=1),),
    )

    with pytest.raises(UnrepresentableValue) as raised:
        solve(whole, Params(time_limit_s=0.5), matrix=km_matrix(points))

    assert raised.value.field == "demand.pallets"
    assert raised.value.item == "stop O1"
