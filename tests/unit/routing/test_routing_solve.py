"""Plans on small problems whose best answer is worked out by hand.

Trucks drive at 36 km/h, so one km takes 100 s; costs are 0.80 EUR/km.
"""

import pytest

from routing import (
    Break,
    Dimension,
    Params,
    SequenceLock,
    StopLock,
    TimeWindow,
    solve,
    stop_costs,
    unservable,
)
from routing.solution import (
    COST_EXCEEDS_VALUE,
    DEMAND_EXCEEDS_EVERY_TRUCK,
    WINDOW_UNREACHABLE,
)

FAST = Params(time_limit_s=0.5)


def _order(route):
    return [visit.stop_id for visit in route.visits]


def test_timeline_leaves_late_enough_to_arrive_at_the_window_start(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(0, 0), (10, 0)]
    stop = make_stop("O1", 1, windows=(TimeWindow(3600, 4000),), service_s=300)
    problem = make_problem(points, [make_vehicle()], [stop])
    route = solve(problem, FAST, matrix=km_matrix(points)).routes[0]
    visit = route.visits[0]

    # 10 km is 1000 s each way: leave 2600, arrive 3600, serve 300 s, back 4900.
    assert (route.start_s, visit.arrival_s, visit.wait_s) == (2600, 3600, 0)
    assert (visit.service_start_s, visit.departure_s, route.end_s) == (3600, 3900, 4900)
    assert (route.distance_m, route.duration_s) == (20_000, 2300)
    assert route.cost_minor == 1600


def test_a_stop_is_served_in_its_second_window_when_the_first_is_out_of_reach(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(0, 0), (10, 0)]
    windows = (TimeWindow(0, 500), TimeWindow(5000, 6000))
    problem = make_problem(
        points, [make_vehicle()], [make_stop("O1", 1, windows=windows)]
    )
    solution = solve(problem, FAST, matrix=km_matrix(points))

    assert solution.routes[0].visits[0].service_start_s == 5000
    assert solution.warm_start == "none"


@pytest.fixture
def reasons_problem(make_vehicle, make_stop, make_problem):
    points = [(0, 0), (1, 0), (100, 0), (10, 0), (2, 0)]
    stops = [
        make_stop("OK", 1),
        make_stop("FAR", 2, windows=(TimeWindow(0, 500),), drop_penalty_minor=10**6),
        make_stop("CHEAP", 3, drop_penalty_minor=1),
        make_stop("BIG", 4, demand=(2000,), drop_penalty_minor=10**6),
    ]

    return make_problem(points, [make_vehicle()], stops), points


def test_every_stop_left_out_has_its_reason(reasons_problem, km_matrix):
    problem, points = reasons_problem
    solution = solve(problem, FAST, matrix=km_matrix(points))
    reasons = {d.stop_id: d.reason for d in solution.dropped}

    assert _order(solution.routes[0]) == ["OK"]
    assert reasons == {
        "FAR": WINDOW_UNREACHABLE,
        "BIG": DEMAND_EXCEEDS_EVERY_TRUCK,
        "CHEAP": COST_EXCEEDS_VALUE,
    }


def test_a_stop_not_worth_serving_gives_both_figures(reasons_problem, km_matrix):
    problem, points = reasons_problem
    solution = solve(problem, FAST, matrix=km_matrix(points))
    cheap = next(d for d in solution.dropped if d.stop_id == "CHEAP")

    # Going on from OK (1 km) to CHEAP (10 km) adds 9 + 10 - 1 = 18 km at 80 cents.
    assert (cheap.insertion_cost_minor, cheap.value_minor) == (1440, 1)


def test_unservable_stops_are_reported_before_solving(reasons_problem, km_matrix):
    problem, points = reasons_problem
    found = unservable(problem, km_matrix(points))

    assert [(u.stop_id, u.reason) for u in found] == [
        ("FAR", WINDOW_UNREACHABLE),
        ("BIG", DEMAND_EXCEEDS_EVERY_TRUCK),
    ]
    assert "2000 cases against at most 1000" in found[1].detail


def test_a_must_visit_stop_that_cannot_be_served_still_gives_a_plan(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(0, 0), (1, 0), (100, 0)]
    stops = [make_stop("OK", 1), make_stop("FAR", 2, windows=(TimeWindow(0, 500),))]
    problem = make_problem(points, [make_vehicle()], stops)
    solution = solve(problem, FAST, matrix=km_matrix(points))

    assert _order(solution.routes[0]) == ["OK"]
    assert solution.totals.must_visit_dropped == 1
    assert solution.dropped[0].must_visit


def test_a_locked_stop_stays_on_its_truck(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(0, 0), (1, 0)]
    trucks = [make_vehicle("T1"), make_vehicle("T2", fixed_cost_minor=1000)]
    problem = make_problem(
        points, trucks, [make_stop("O1", 1)], stop_locks=(StopLock("O1", "T2"),)
    )
    solution = solve(problem, FAST, matrix=km_matrix(points))

    assert [r.vehicle_id for r in solution.routes] == ["T2"]
    assert solution.totals.route_cost_minor == 1000 + 160


def test_a_locked_sequence_is_kept_back_to_back(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(0, 0), (1, 0), (2, 0), (3, 0)]
    stops = [make_stop(f"O{i}", i) for i in (1, 2, 3)]
    lock = SequenceLock("T1", ("O3", "O1"))
    problem = make_problem(points, [make_vehicle()], stops, sequence_locks=(lock,))
    order = _order(solve(problem, FAST, matrix=km_matrix(points)).routes[0])

    assert order[order.index("O3") + 1] == "O1"


def test_a_whole_route_lock_admits_nothing_else(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(0, 0), (1, 0), (2, 0), (3, 0)]
    stops = [make_stop(f"O{i}", i) for i in (1, 2, 3)]
    lock = SequenceLock("T1", ("O2", "O1"), whole_route=True)
    trucks = [make_vehicle("T1"), make_vehicle("T2")]
    problem = make_problem(points, trucks, stops, sequence_locks=(lock,))
    solution = solve(problem, FAST, matrix=km_matrix(points))

    assert _order(solution.route_of("T1")) == ["O2", "O1"]
    assert _order(solution.route_of("T2")) == ["O3"]


def test_a_break_that_must_fall_between_two_stops_drops_the_later_one(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(0, 0), (10, 0)]
    stops = [
        make_stop("A", 1, windows=(TimeWindow(1000, 1000),), drop_penalty_minor=10**5),
        make_stop("B", 1, windows=(TimeWindow(1100, 1500),), drop_penalty_minor=10**5),
    ]
    rest = Break(earliest_start_s=1000, latest_start_s=1050, duration_s=600)
    with_break = make_problem(points, [make_vehicle(rest_break=rest)], stops)
    without = make_problem(points, [make_vehicle()], stops)
    solution = solve(with_break, FAST, matrix=km_matrix(points))

    # Leaving at 0 reaches A at 1000; the break then runs to at least 1600 > 1500.
    assert _order(solution.routes[0]) == ["A"]
    assert 1000 <= solution.routes[0].break_start_s <= 1050
    assert solution.dropped[0].reason == WINDOW_UNREACHABLE
    assert _order(solve(without, FAST, matrix=km_matrix(points)).routes[0]) == [
        "A",
        "B",
    ]


def test_maximum_route_duration_splits_the_work(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(0, 0), (10, 0), (-10, 0)]
    trucks = [make_vehicle("T1", max_duration_s=2500), make_vehicle("T2")]
    problem = make_problem(points, trucks, [make_stop("E", 1), make_stop("W", 2)])
    solution = solve(problem, FAST, matrix=km_matrix(points))

    # One truck would need 4000 s; each stop alone takes 2000 s.
    assert len(solution.routes) == 2
    assert solution.route_of("T1").duration_s == 2000


def test_the_tightest_dimension_decides_the_load(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(0, 0), (1, 0), (2, 0), (3, 0)]
    dims = (Dimension("cases"), Dimension("kg", scale=10))
    trucks = [make_vehicle(f"T{i}", capacity=(100, 500.0)) for i in (1, 2)]
    stops = [make_stop(f"O{i}", i, demand=(10, 200.5)) for i in (1, 2, 3)]
    problem = make_problem(points, trucks, stops, dimensions=dims)
    solution = solve(problem, FAST, matrix=km_matrix(points))

    # 3 x 200.5 kg = 601.5 kg > 500 kg: two trucks, although cases would fit one.
    assert len(solution.routes) == 2
    assert sorted(len(r.visits) for r in solution.routes) == [1, 2]
    assert max(r.load[1] for r in solution.routes) == pytest.approx(401.0)


def test_time_cost_is_charged_per_hour_of_route(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(0, 0), (18, 0)]
    truck = make_vehicle(cost_per_km_minor=0, cost_per_hour_minor=1500)
    problem = make_problem(points, [truck], [make_stop("O1", 1, service_s=600)])
    solution = solve(problem, FAST, matrix=km_matrix(points))

    # 36 km at 36 km/h is one hour, plus 10 min of service: 1.1666 h at 15 EUR.
    assert solution.routes[0].duration_s == 4200
    assert solution.totals.route_cost_minor == 1750


def test_stop_costs_price_removal_and_insertion(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(0, 0), (1, 0), (2, 0), (0, 5)]
    stops = [
        make_stop("A", 1),
        make_stop("B", 2),
        make_stop("C", 3, drop_penalty_minor=1),
    ]
    problem = make_problem(points, [make_vehicle()], stops)
    solution = solve(problem, FAST, matrix=km_matrix(points))
    costs = stop_costs(problem, solution)

    # Without A the truck still drives 4 km; without B, 2 km less (160 cents).
    assert (costs["A"].served, costs["A"].cost_minor) == (True, 0)
    assert costs["B"].cost_minor == 160
    # C fits best between B and the depot: 5385 + 5000 - 2000 m at 0.08 c/m.
    assert (costs["C"].served, costs["C"].cost_minor) == (False, 671)


def test_a_warm_start_is_used_and_not_made_worse(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(0, 0), (1, 0), (2, 0), (3, 0)]
    stops = [make_stop(f"O{i}", i) for i in (1, 2, 3)]
    problem = make_problem(points, [make_vehicle()], stops)
    start = {"T1": ["O2", "O1", "O3"]}
    solution = solve(problem, FAST, matrix=km_matrix(points), initial_routes=start)

    # The given order drives 2+1+2+3 = 8 km; the best is 6 km.
    assert solution.warm_start == "given"
    assert solution.totals.distance_m == 6000


def test_returning_false_from_progress_cancels_the_solve(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(x, y) for x in range(5) for y in range(5)]
    stops = [make_stop(f"O{i}", i) for i in range(1, 25)]
    problem = make_problem(points, [make_vehicle()], stops)
    calls = []

    def progress(best_cost, elapsed_s):
        calls.append((best_cost, elapsed_s))
        return False

    params = Params(time_limit_s=5, warm_start="none")
    solution = solve(problem, params, matrix=km_matrix(points), progress=progress)

    assert solution.status == "cancelled"
    assert len(calls) == 1
    assert solution.totals.stops_served == 24


def test_a_raising_progress_callback_cancels_the_warm_start(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(x, y) for x in range(5) for y in range(5)]
    stops = [make_stop(f"O{i}", i) for i in range(1, 25)]
    problem = make_problem(points, [make_vehicle()], stops)

    def progress(best_cost, elapsed_s):
        raise RuntimeError("user pressed cancel")

    solution = solve(
        problem, Params(time_limit_s=5), matrix=km_matrix(points), progress=progress
    )

    assert solution.status == "cancelled"
    assert solution.warm_start == "pyvrp"


def test_progress_reports_falling_costs_in_minor_units(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(x, y) for x in range(4) for y in range(4)]
    stops = [make_stop(f"O{i}", i) for i in range(1, 16)]
    problem = make_problem(points, [make_vehicle()], stops)
    costs = []
    solution = solve(
        problem,
        Params(time_limit_s=1, warm_start="none"),
        matrix=km_matrix(points),
        progress=lambda cost, elapsed: costs.append(cost),
    )

    assert costs == sorted(costs, reverse=True)
    # A 4 x 4 grid with 1 km spacing has a 16 km tour: 1280 cents.
    assert costs[-1] == pytest.approx(1280)
    assert solution.totals.route_cost_minor == 1280


def test_a_solution_limit_makes_runs_repeatable(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [((7 * i) % 11, (5 * i) % 13) for i in range(30)]
    stops = [make_stop(f"O{i}", i, demand=(1,)) for i in range(1, 30)]
    trucks = [make_vehicle(f"T{k}", capacity=(10,)) for k in range(4)]
    problem = make_problem(points, trucks, stops)
    params = Params(time_limit_s=30, solution_limit=40, warm_start="none")
    first = solve(problem, params, matrix=km_matrix(points))
    second = solve(problem, params, matrix=km_matrix(points))

    assert [_order(r) for r in first.routes] == [_order(r) for r in second.routes]


def test_a_solomon_instance_is_solved_close_to_its_best_known(benchmarks):
    from routing.instances import read_instance

    instance = read_instance(benchmarks / "solomon" / "C101.txt")
    solution = solve(instance.problem, Params(time_limit_s=2), matrix=instance.matrix)

    # C101's best-known distance is 827.3 with 10 routes.
    assert solution.totals.stops_served == 100
    assert solution.totals.distance_m * instance.unit <= 827.3 * 1.02


def test_a_seed_and_a_solution_limit_repeat_the_warm_started_plan(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [((7 * i) % 11, (5 * i) % 13) for i in range(30)]
    stops = [make_stop(f"O{i}", i, demand=(1,)) for i in range(1, 30)]
    trucks = [make_vehicle(f"T{k}", capacity=(10,)) for k in range(4)]
    problem = make_problem(points, trucks, stops)
    params = Params(time_limit_s=30, solution_limit=200, seed=3)
    first = solve(problem, params, matrix=km_matrix(points))
    second = solve(problem, params, matrix=km_matrix(points))

    assert first.warm_start == "pyvrp"
    assert [_order(r) for r in first.routes] == [_order(r) for r in second.routes]


def test_stop_costs_of_a_route_that_breaks_capacity_are_unknown(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(0, 0), (1, 0), (2, 0)]
    stops = [make_stop("A", 1), make_stop("B", 2)]
    roomy = make_problem(points, [make_vehicle()], stops)
    solution = solve(roomy, FAST, matrix=km_matrix(points))
    tight = make_problem(points, [make_vehicle(capacity=(1,))], stops)
    costs = stop_costs(tight, solution)

    assert costs["A"].served
    assert costs["A"].cost_minor is None


def test_an_infeasible_first_plan_is_cut_back_and_still_used(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(0, 0), (1, 0), (2, 0), (3, 0)]
    stops = [make_stop(f"O{i}", i) for i in (1, 2, 3)]
    problem = make_problem(points, [make_vehicle(capacity=(2,))], stops)
    solution = solve(problem, FAST, matrix=km_matrix(points))

    # Three must-visit cases on a truck of two: one is left out, for capacity.
    assert solution.warm_start == "pyvrp"
    assert solution.totals.stops_served == 2
    assert solution.totals.must_visit_dropped == 1
    assert solution.dropped[0].reason == "no_capacity_left"


def test_a_warm_start_that_breaks_capacity_is_cut_back_and_used(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points = [(0, 0), (1, 0), (2, 0), (3, 0)]
    stops = [make_stop(f"O{i}", i) for i in (1, 2, 3)]
    trucks = [make_vehicle("T1", capacity=(2,)), make_vehicle("T2", capacity=(2,))]
    problem = make_problem(points, trucks, stops)
    start = {"T1": ["O1", "O2", "O3"]}
    solution = solve(problem, FAST, matrix=km_matrix(points), initial_routes=start)

    assert solution.warm_start == "given"
    assert solution.totals.stops_served == 3
    assert all(len(r.visits) <= 2 for r in solution.routes)


def test_a_lock_that_cannot_be_kept_is_an_error_naming_the_stop(
    km_matrix, make_vehicle, make_stop, make_problem
):
    from routing import LocksCannotBeKept

    points = [(0, 0), (100, 0)]
    stop = make_stop("FAR", 1, windows=(TimeWindow(0, 500),))
    problem = make_problem(
        points, [make_vehicle()], [stop], stop_locks=(StopLock("FAR", "T1"),)
    )

    with pytest.raises(LocksCannotBeKept) as raised:
        solve(problem, FAST, matrix=km_matrix(points))

    assert raised.value.stop_ids == ["FAR"]


def test_totals_add_up_the_value_left_out(reasons_problem, km_matrix):
    problem, points = reasons_problem
    totals = solve(problem, FAST, matrix=km_matrix(points)).totals

    # FAR and BIG are worth 10,000.00 EUR each, CHEAP one cent; OK is 2 km.
    assert totals.value_dropped_minor == 2_000_001
    assert (totals.routes, totals.stops_served, totals.stops_dropped) == (1, 1, 3)
    assert (totals.distance_m, totals.route_cost_minor) == (2000, 160)
