"""Every value reaches the solver as a whole number, none truncated."""

import numpy as np
import pytest

from routing import (
    CostOverflow,
    Dimension,
    Params,
    TimeWindow,
    UnrepresentableValue,
    solve,
)
from routing.compiled import compile_problem
from routing.scaling import (
    cost_scale,
    nearest_int,
    per_unit_cost,
    rounded_matrix,
    scaled_int,
    whole_int,
)


def test_point_six_pallets_are_sixty_hundredths():
    assert scaled_int(0.6, 100, "stop O1", "demand.pallets") == 60


@pytest.mark.parametrize("value", [0.605, 0.001, 2.0001])
def test_a_finer_demand_than_the_scale_is_refused(value):
    with pytest.raises(UnrepresentableValue) as raised:
        scaled_int(value, 100, "stop O1", "demand.cases")

    assert (raised.value.item, raised.value.field) == ("stop O1", "demand.cases")


def test_one_and_a_half_cases_at_scale_ten_is_fifteen():
    assert scaled_int(1.5, 10, "stop O1", "demand.cases") == 15


def test_a_fractional_penalty_is_refused_not_truncated():
    with pytest.raises(UnrepresentableValue):
        whole_int(100.5, "stop O1", "drop_penalty_minor")


@pytest.mark.parametrize(
    ("value", "expected"), [(0.4, 0), (0.5, 1), (0.6, 1), (1414.2, 1414), (2.5, 3)]
)
def test_seconds_and_metres_round_half_up(value, expected):
    assert nearest_int(value) == expected


def test_matrix_rounds_each_entry_to_the_nearest_unit():
    matrix = rounded_matrix(np.array([[0.0, 0.6], [999.5, 0.4]]), "distance_m")

    assert matrix.tolist() == [[0, 1], [1000, 0]]


@pytest.mark.parametrize("bad", [-1.0, np.nan, np.inf])
def test_matrix_with_a_negative_or_non_finite_entry_is_refused(bad):
    with pytest.raises(ValueError, match=r"distance_m\[0\]\[1\]"):
        rounded_matrix(np.array([[0.0, bad], [1.0, 0.0]]), "distance_m")


def test_eighty_cents_per_km_needs_twenty_five_units_per_cent():
    # 80 cents / 1000 m = 2/25 cent per metre.
    assert cost_scale([80], [0]) == 25
    assert per_unit_cost(80, 1000, 25) == 2


def test_hourly_rate_sets_the_scale_by_seconds():
    # 1500 cents / 3600 s = 5/12 cent per second.
    assert cost_scale([0], [1500]) == 12
    assert per_unit_cost(1500, 3600, 12) == 5


def test_float_rates_are_read_as_written():
    # 0.1 minor per km is 1/10000 per metre, exactly; not a binary approximation.
    assert cost_scale([0.1], [0]) == 10_000


def test_service_time_per_case_is_rounded_not_truncated(
    km_matrix, make_vehicle, make_stop, make_problem
):

    points = [(0, 0), (1, 0)]
    stop = make_stop("O1", 1, service_s=0.2, demand=(3,))
    problem = make_problem(
        points,
        [make_vehicle()],
        [stop],
        dimensions=(Dimension("cases", service_s_per_unit=0.15),),
    )
    compiled = compile_problem(problem, km_matrix(points).matrix)

    # 0.2 s + 3 cases x 0.15 s = 0.65 s, which rounds to 1 s, not 0.
    assert compiled.service_s.tolist() == [1]


def test_short_legs_keep_their_metres(km_matrix, make_vehicle, make_stop, make_problem):
    points = [(0, 0), (0.4, 0), (0.8, 0)]
    stops = [make_stop("O1", 1), make_stop("O2", 2)]
    problem = make_problem(points, [make_vehicle()], stops)
    solution = solve(problem, Params(time_limit_s=0.5), matrix=km_matrix(points))

    # Legs of 0.4 km are 400 m each way, never 0 km.
    assert solution.totals.distance_m == 1600


def test_penalties_that_could_overflow_are_refused(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(0, 0), (1, 0), (2, 0)]
    stops = [
        make_stop("O1", 1, drop_penalty_minor=2**61),
        make_stop("O2", 2, drop_penalty_minor=2**61),
    ]
    problem = make_problem(points, [make_vehicle()], stops)

    with pytest.raises(CostOverflow):
        solve(problem, Params(time_limit_s=0.5), matrix=km_matrix(points))


def test_large_but_bounded_penalties_are_accepted(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(0, 0), (1, 0)]
    stops = [make_stop("O1", 1, drop_penalty_minor=10**12)]
    problem = make_problem(points, [make_vehicle()], stops)
    solution = solve(problem, Params(time_limit_s=0.5), matrix=km_matrix(points))

    assert solution.totals.stops_served == 1


def test_fractional_travel_seconds_are_rounded_not_truncated(make_vehicle, make_stop):
    from routing import ExplicitMatrix, Location, Problem, TravelMatrix

    matrix = ExplicitMatrix(
        TravelMatrix(
            np.array([[0.0, 10_000.4], [10_000.4, 0.0]]),
            np.array([[0.0, 1000.6], [1000.6, 0.0]]),
        )
    )
    stop = make_stop("O1", 1, windows=(TimeWindow(2000, 2000),))
    problem = Problem(
        locations=(Location(0.0, 0.0), Location(1.0, 0.0)),
        vehicles=(make_vehicle(),),
        stops=(stop,),
        dimensions=(Dimension("cases"),),
    )
    route = solve(problem, Params(time_limit_s=0.5), matrix=matrix).routes[0]

    # 1000.6 s is 1001 s: leaving at 999 arrives at 2000 (truncation gives 1000).
    assert route.start_s == 999
    assert route.distance_m == 20_000


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"windows": (TimeWindow(3600.5, 7200),)}, "windows.start_s"),
        ({"drop_penalty_minor": 99.5}, "drop_penalty_minor"),
    ],
)
def test_fractional_stop_times_and_money_are_refused(
    km_matrix, make_vehicle, make_stop, make_problem, fields, field
):
    points = [(0, 0), (1, 0)]
    problem = make_problem(points, [make_vehicle()], [make_stop("O1", 1, **fields)])

    with pytest.raises(UnrepresentableValue) as raised:
        solve(problem, Params(time_limit_s=0.5), matrix=km_matrix(points))

    assert (raised.value.item, raised.value.field) == ("stop O1", field)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"fixed_cost_minor": 1000.25}, "fixed_cost_minor"),
        ({"max_duration_s": 3600.5}, "max_duration_s"),
    ],
)
def test_fractional_vehicle_money_and_times_are_refused(
    km_matrix, make_vehicle, make_stop, make_problem, fields, field
):
    points = [(0, 0), (1, 0)]
    problem = make_problem(points, [make_vehicle(**fields)], [make_stop("O1", 1)])

    with pytest.raises(UnrepresentableValue) as raised:
        solve(problem, Params(time_limit_s=0.5), matrix=km_matrix(points))

    assert (raised.value.item, raised.value.field) == ("vehicle T1", field)


def test_a_fixed_cost_that_could_overflow_is_refused(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(0, 0), (1, 0)]
    truck = make_vehicle(fixed_cost_minor=2**62, cost_per_km_minor=0.1)
    problem = make_problem(points, [truck], [make_stop("O1", 1)])

    with pytest.raises(CostOverflow):
        solve(problem, Params(time_limit_s=0.5), matrix=km_matrix(points))
