"""Routes arranged by hand: timing, cost and the rules they break."""

import numpy as np

from routing import Dimension, Location, Problem, Stop, TimeWindow, Vehicle
from routing.evaluate import evaluate_routes
from routing.matrix import TravelMatrix

# Depot 0 and outlets 1, 2 on a line: 0 -(600 s, 5 km)- 1 -(600 s, 5 km)- 2.
SECONDS = np.array([[0, 600, 1200], [600, 0, 600], [1200, 600, 0]])
MATRIX = TravelMatrix(SECONDS * 25 / 3, SECONDS)


ALL_DAY = (TimeWindow(0, 10_000),)


def problem(windows_2=ALL_DAY, capacity=10):
    return Problem(
        locations=tuple(Location(float(i), 0.0, str(i)) for i in range(3)),
        vehicles=(
            Vehicle(
                id="T1",
                start=0,
                end=0,
                shift=TimeWindow(0, 7200),
                capacity=(capacity,),
                fixed_cost_minor=1000,
                cost_per_km_minor=100,
            ),
        ),
        stops=(
            Stop(id="A", location=1, service_s=300, demand=(4,)),
            Stop(id="B", location=2, windows=windows_2, service_s=300, demand=(5,)),
        ),
        dimensions=(Dimension("cases"),),
    )


def test_route_in_order_is_timed_and_priced():
    route = evaluate_routes(problem(), {"T1": ["A", "B"]}, MATRIX)["T1"]

    visits = route.route.visits
    assert [(v.arrival_s, v.departure_s) for v in visits] == [(600, 900), (1500, 1800)]
    assert [v.load_after for v in visits] == [(5,), (0,)]
    # 20 km at 1.00 per km plus 10.00 fixed, in cents.
    assert route.route.distance_m == 20_000
    assert route.route.cost_minor == 1000 + 2000
    assert route.violations == ()


def test_window_missed_by_hand_is_reported_with_its_lateness():
    late = problem(windows_2=(TimeWindow(0, 1000),))

    route = evaluate_routes(late, {"T1": ["A", "B"]}, MATRIX)["T1"]

    assert [(v.kind, v.stop_id, v.amount) for v in route.violations] == [
        ("window", "B", 500)
    ]


def test_overload_and_late_return_are_reported():
    small = problem(capacity=6)

    route = evaluate_routes(small, {"T1": ["B", "A"]}, MATRIX)["T1"]

    assert [(v.kind, v.amount) for v in route.violations] == [("capacity", 3)]


def test_waiting_is_absorbed_by_leaving_later():
    waits = problem(windows_2=(TimeWindow(3000, 5000),))

    route = evaluate_routes(waits, {"T1": ["B"]}, MATRIX)["T1"].route

    # Leaving at 1800 reaches B at 3000 exactly: no waiting, 1200 + 300 + 1200 s.
    assert route.start_s == 1800
    assert route.visits[0].wait_s == 0
    assert route.duration_s == 2700


def test_a_later_receiving_window_is_used_rather_than_a_long_wait():
    # A opens 1000-2000 and 9000-10000, B only 9500-10000; shift 0-20000. A is
    # 600 s out, B 600 s further and 1200 s from home, service 300 s each.
    # Serving A in the morning (at 2000 at the latest) means waiting at B until
    # 9500: 9600 s on the road. Leaving at 8400 reaches A as its second window
    # opens (9000), B at 9900, home at 9900 + 300 + 1200 = 11400: 3000 s.
    windows_a = (TimeWindow(1000, 2000), TimeWindow(9000, 10_000))
    day = problem(windows_2=(TimeWindow(9500, 10_000),))
    day = Problem(
        locations=day.locations,
        vehicles=(
            Vehicle(
                id="T1",
                start=0,
                end=0,
                shift=TimeWindow(0, 20_000),
                capacity=(10,),
                fixed_cost_minor=1000,
                cost_per_km_minor=100,
            ),
        ),
        stops=(
            Stop(id="A", location=1, windows=windows_a, service_s=300, demand=(4,)),
            day.stops[1],
        ),
        dimensions=day.dimensions,
    )
    route = evaluate_routes(day, {"T1": ["A", "B"]}, MATRIX)["T1"].route

    assert [v.service_start_s for v in route.visits] == [9000, 9900]
    assert (route.start_s, route.end_s, route.duration_s) == (8400, 11_400, 3000)
