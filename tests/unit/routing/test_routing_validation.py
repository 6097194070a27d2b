"""Malformed input raises an error naming the stop or vehicle and the field."""

import math

import pytest

from routing import InvalidValue, Location, Problem, TimeWindow, validate


@pytest.fixture
def base(make_vehicle, make_stop, make_problem):
    def build(stop=None, vehicle=None, locations=None):
        problem = make_problem(
            [(0, 0), (1, 0)],
            [vehicle or make_vehicle()],
            [stop or make_stop("O1", 1)],
        )
        if locations is not None:
            problem = Problem(
                locations=locations,
                vehicles=problem.vehicles,
                stops=problem.stops,
                dimensions=problem.dimensions,
            )

        return problem

    return build


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"windows": (TimeWindow(7200, 3600),)}, "windows[0]", "ends before it starts"),
        ({"demand": (-1,)}, "demand.cases", "must be at least 0"),
        ({"demand": (math.nan,)}, "demand.cases", "must be finite"),
        ({"demand": (1, 2)}, "demand", "must have 1 values"),
        ({"service_s": -5}, "service_s", "must be at least 0"),
        ({"drop_penalty_minor": -1}, "drop_penalty_minor", "must be at least 0"),
        ({"location": 7}, "location", "must be a location index below 2"),
    ],
)
def test_a_bad_stop_field_is_named(base, make_stop, fields, field, reason):
    with pytest.raises(InvalidValue) as raised:
        validate(base(stop=make_stop("O1", fields.pop("location", 1), **fields)))

    assert raised.value.item == "stop O1"
    assert raised.value.field == field
    assert raised.value.reason == reason


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"shift": TimeWindow(10, 5)}, "shift", "ends before it starts"),
        ({"capacity": (-3,)}, "capacity.cases", "must be at least 0"),
        ({"cost_per_km_minor": math.inf}, "cost_per_km_minor", "must be finite"),
    ],
)
def test_a_bad_vehicle_field_is_named(base, make_vehicle, fields, field, reason):
    with pytest.raises(InvalidValue) as raised:
        validate(base(vehicle=make_vehicle(**fields)))

    assert raised.value.item == "vehicle T1"
    assert (raised.value.field, raised.value.reason) == (field, reason)


@pytest.mark.parametrize(
    ("location", "field", "reason"),
    [
        (Location(None, 50.85), "location.lon", "is missing"),
        (Location(4.35, math.nan), "location.lat", "must be finite"),
    ],
)
def test_missing_or_non_finite_coordinates_name_the_stop(base, location, field, reason):
    with pytest.raises(InvalidValue) as raised:
        validate(base(locations=(Location(0.0, 0.0), location)))

    assert raised.value.item == "stop O1"
    assert (raised.value.field, raised.value.reason) == (field, reason)


def test_a_stop_id_used_twice_is_refused(make_vehicle, make_stop, make_problem):
    problem = make_problem(
        [(0, 0), (1, 0)], [make_vehicle()], [make_stop("O1", 1), make_stop("O1", 1)]
    )

    with pytest.raises(InvalidValue, match="O1: id is used twice"):
        validate(problem)


def test_a_lock_to_an_unknown_vehicle_is_refused(make_vehicle, make_stop, make_problem):
    from routing import StopLock

    problem = make_problem(
        [(0, 0), (1, 0)],
        [make_vehicle()],
        [make_stop("O1", 1)],
        stop_locks=(StopLock("O1", "T9"),),
    )

    with pytest.raises(InvalidValue, match="unknown vehicle T9"):
        validate(problem)


def test_a_problem_without_vehicles_is_refused(make_stop, make_problem):
    with pytest.raises(InvalidValue, match="at least one vehicle"):
        validate(make_problem([(0, 0), (1, 0)], [], [make_stop("O1", 1)]))


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"time_limit_s": 0}, "time_limit_s"),
        ({"warm_start": "hgs"}, "warm_start"),
        ({"warm_start_share": 1.5}, "warm_start_share"),
        ({"first_solution": "CHEAPEST"}, "first_solution"),
    ],
)
def test_bad_search_settings_are_refused(
    km_matrix, make_vehicle, make_stop, make_problem, fields, field
):
    from routing import Params, solve

    problem = make_problem([(0, 0), (1, 0)], [make_vehicle()], [make_stop("O1", 1)])

    with pytest.raises(InvalidValue) as raised:
        solve(problem, Params(**fields), matrix=km_matrix([(0, 0), (1, 0)]))

    assert (raised.value.item, raised.value.field) == ("params", field)
