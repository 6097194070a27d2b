"""A plan always comes back: tiny time limits, cancels, and progress reports.

Trucks drive at 36 km/h, so one km takes 100 s.
"""

import threading
import time

from routing import Params, SequenceLock, TimeWindow, solve


def _grid_problem(make_problem, make_vehicle, make_stop, side=15, trucks=10):
    """Outlets on a 1 km grid around the depot, more than enough trucks."""
    points = [(x, y) for x in range(side) for y in range(side)]
    stops = [make_stop(f"O{i}", i) for i in range(1, len(points))]
    vehicles = [make_vehicle(f"T{k}", capacity=(60,)) for k in range(trucks)]

    return points, make_problem(points, vehicles, stops)


def test_a_tiny_time_limit_still_serves_every_must_visit_stop(
    km_matrix, make_vehicle, make_stop, make_problem
):
    # 224 must-visit outlets, 10 trucks of 60 cases and a whole day each:
    # every outlet can be served, so every one must be, however short the limit.
    points, problem = _grid_problem(make_problem, make_vehicle, make_stop)
    solution = solve(problem, Params(time_limit_s=0.01), matrix=km_matrix(points))

    assert solution.totals.stops_served == 224
    assert solution.totals.must_visit_dropped == 0


def test_a_tiny_time_limit_with_or_tools_alone_still_serves_every_stop(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points, problem = _grid_problem(make_problem, make_vehicle, make_stop)
    params = Params(time_limit_s=0.01, warm_start="none")
    solution = solve(problem, params, matrix=km_matrix(points))

    assert solution.totals.stops_served == 224
    assert not solution.dropped


def test_should_stop_cancels_the_warm_start_and_keeps_a_full_plan(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points, problem = _grid_problem(make_problem, make_vehicle, make_stop)
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    solution = solve(
        problem,
        Params(time_limit_s=30),
        matrix=km_matrix(points),
        should_stop=cancel.is_set,
    )

    assert solution.status == "cancelled"
    assert solution.totals.stops_served == 224


def test_should_stop_cancels_the_or_tools_search(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points, problem = _grid_problem(make_problem, make_vehicle, make_stop)
    started = time.monotonic()
    solution = solve(
        problem,
        Params(time_limit_s=30, warm_start="none"),
        matrix=km_matrix(points),
        should_stop=lambda: time.monotonic() - started > 0.5,
    )

    assert solution.status == "cancelled"
    assert solution.totals.stops_served == 224


def test_a_raising_should_stop_cancels_but_still_plans(
    km_matrix, make_vehicle, make_stop, make_problem
):
    points, problem = _grid_problem(make_problem, make_vehicle, make_stop, side=5)

    def should_stop():
        raise RuntimeError("the database is gone")

    solution = solve(
        problem,
        Params(time_limit_s=30),
        matrix=km_matrix(points),
        should_stop=should_stop,
    )

    assert solution.status == "cancelled"
    assert solution.totals.stops_served == 24


def test_progress_is_reported_again_while_the_best_cost_stands(
    km_matrix, make_vehicle, make_stop, make_problem
):
    # Three outlets on a line: the best route, found at once, is 6 km out and back.
    points = [(0, 0), (1, 0), (2, 0), (3, 0)]
    stops = [make_stop(f"O{i}", i) for i in range(1, 4)]
    problem = make_problem(points, [make_vehicle()], stops)
    costs = []
    solve(
        problem,
        Params(time_limit_s=2.5, warm_start="none"),
        matrix=km_matrix(points),
        progress=lambda cost, elapsed: costs.append(cost),
    )

    # 6 km at 80 cents: every report after the first repeats 480 cents.
    assert costs[0] == 480
    assert costs.count(480) >= 2


def test_several_windows_are_kept_by_the_pyvrp_first_plan(
    km_matrix, make_vehicle, make_stop, make_problem
):
    # A at 10 km can only be reached in its afternoon window (the morning one
    # closes at 500 s, 1000 s of driving away); B, optional and worth 1 cent,
    # is left out whatever its windows.
    points = [(0, 0), (10, 0), (0, 10)]
    afternoon = (TimeWindow(0, 500), TimeWindow(5000, 6000))
    stops = [
        make_stop("A", 1, windows=afternoon),
        make_stop("B", 2, windows=afternoon, drop_penalty_minor=1),
    ]
    problem = make_problem(points, [make_vehicle()], stops)
    params = Params(time_limit_s=1, solution_limit=50)
    solution = solve(problem, params, matrix=km_matrix(points))

    assert solution.warm_start == "pyvrp"
    assert [v.stop_id for r in solution.routes for v in r.visits] == ["A"]
    assert solution.routes[0].visits[0].service_start_s == 5000
    assert [d.stop_id for d in solution.dropped] == ["B"]


def test_a_whole_route_lock_is_kept_around_the_pyvrp_first_plan(
    km_matrix, make_vehicle, make_stop, make_problem
):
    # T1 is locked to O2 then O1 (2 km out, 1 back, 1 home: 4 km, 320 cents);
    # O3 and O4 go to T2 (3 km, 1 km, 4 km home: 8 km, 640 cents).
    points = [(0, 0), (1, 0), (2, 0), (0, 3), (0, 4)]
    stops = [make_stop(f"O{i}", i) for i in range(1, 5)]
    lock = SequenceLock("T1", ("O2", "O1"), whole_route=True)
    trucks = [make_vehicle("T1"), make_vehicle("T2")]
    problem = make_problem(points, trucks, stops, sequence_locks=(lock,))
    params = Params(time_limit_s=1, solution_limit=50)
    solution = solve(problem, params, matrix=km_matrix(points))

    assert solution.warm_start == "pyvrp"
    orders = {r.vehicle_id: [v.stop_id for v in r.visits] for r in solution.routes}
    assert orders["T1"] == ["O2", "O1"]
    assert sorted(orders["T2"]) == ["O3", "O4"]
    assert solution.totals.route_cost_minor == 320 + 640
