"""Travel matrices: great-circle by numpy, and OSRM's table API against a fake."""

import json
import math
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import numpy as np
import pytest

from routing import (
    GreatCircleMatrix,
    InvalidValue,
    Location,
    MatrixUnavailable,
    OsrmTableMatrix,
)
from routing.matrix import EARTH_RADIUS_M

BRUSSELS = Location(4.3517, 50.8503)
GHENT = Location(3.7174, 51.0543)


def test_one_degree_of_latitude_is_a_360th_of_the_meridian():
    provider = GreatCircleMatrix(circuity=1.0, speed_kmh=36)
    matrix = provider.travel_matrix((Location(0.0, 10.0), Location(0.0, 11.0)))
    expected = 2 * math.pi * EARTH_RADIUS_M / 360

    assert matrix.distance_m[0, 1] == pytest.approx(expected, abs=0.01)
    assert matrix.duration_s[0, 1] == pytest.approx(expected / 10, abs=0.01)


def test_circuity_and_speed_scale_the_straight_line():
    plain = GreatCircleMatrix(circuity=1.0, speed_kmh=60).travel_matrix(
        (BRUSSELS, GHENT)
    )
    road = GreatCircleMatrix(circuity=1.3, speed_kmh=30).travel_matrix(
        (BRUSSELS, GHENT)
    )

    assert road.distance_m[0, 1] == pytest.approx(1.3 * plain.distance_m[0, 1])
    assert road.duration_s[0, 1] == pytest.approx(2.6 * plain.duration_s[0, 1])


def test_great_circle_matrix_is_symmetric_with_a_zero_diagonal():
    rng = np.random.default_rng(7)
    points = tuple(
        Location(float(x), float(y))
        for x, y in zip(
            rng.uniform(106.6, 106.8, 50), rng.uniform(10.7, 10.9, 50), strict=False
        )
    )
    matrix = GreatCircleMatrix().travel_matrix(points)

    assert np.allclose(matrix.distance_m, matrix.distance_m.T)
    assert np.all(np.diag(matrix.distance_m) == 0)


def test_a_latitude_out_of_range_is_refused():
    with pytest.raises(InvalidValue, match="location 1: lat"):
        GreatCircleMatrix().travel_matrix((BRUSSELS, Location(4.36, 95.0)))


class _FakeOsrm(BaseHTTPRequestHandler):
    """Answers /table/v1/driving/... with a fixed table and records the path."""

    answer: dict = {}
    paths: list = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        type(self).paths.append(self.path)
        body = json.dumps(type(self).answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def osrm():
    server = HTTPServer(("127.0.0.1", 0), _FakeOsrm)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeOsrm.paths = []
    yield f"http://127.0.0.1:{server.server_address[1]}", _FakeOsrm

    server.shutdown()
    server.server_close()
    thread.join()


def test_osrm_table_is_asked_for_durations_and_distances(osrm):
    url, fake = osrm
    fake.answer = {
        "code": "Ok",
        "durations": [[0, 3000.4], [2990.6, 0]],
        "distances": [[0, 56000.2], [55800.9, 0]],
    }
    matrix = OsrmTableMatrix(url).travel_matrix((BRUSSELS, GHENT))

    assert fake.paths == [
        "/table/v1/driving/4.351700,50.850300;3.717400,51.054300"
        "?annotations=duration,distance"
    ]
    assert matrix.distance_m.tolist() == [[0, 56000.2], [55800.9, 0]]
    assert matrix.duration_s.tolist() == [[0, 3000.4], [2990.6, 0]]


def test_osrm_without_a_route_between_two_points_is_an_error(osrm):
    url, fake = osrm
    fake.answer = {
        "code": "Ok",
        "durations": [[0, None], [10, 0]],
        "distances": [[0, None], [100, 0]],
    }

    with pytest.raises(MatrixUnavailable, match="no route from location 0 to 1"):
        OsrmTableMatrix(url).travel_matrix((BRUSSELS, GHENT))


def test_osrm_error_answer_is_reported(osrm):
    url, fake = osrm
    fake.answer = {"code": "InvalidQuery", "message": "Query string malformed"}

    with pytest.raises(MatrixUnavailable, match="InvalidQuery"):
        OsrmTableMatrix(url).travel_matrix((BRUSSELS, GHENT))


def test_osrm_unreachable_server_is_reported():
    with pytest.raises(MatrixUnavailable, match="request failed"):
        OsrmTableMatrix("http://127.0.0.1:9", timeout_s=2).travel_matrix(
            (BRUSSELS, GHENT)
        )


def test_a_plan_on_osrm_times_uses_the_rounded_table(osrm):
    from routing import Dimension, Params, Problem, Stop, TimeWindow, Vehicle, solve

    url, fake = osrm
    fake.answer = {
        "code": "Ok",
        "durations": [[0, 3000.4], [2990.6, 0]],
        "distances": [[0, 56000.2], [55800.9, 0]],
    }
    problem = Problem(
        locations=(BRUSSELS, GHENT),
        vehicles=(
            Vehicle("T1", 0, 0, TimeWindow(0, 86_400), (10,), cost_per_km_minor=80),
        ),
        stops=(Stop("O1", 1, demand=(1,)),),
        dimensions=(Dimension("cases"),),
    )
    route = solve(
        problem, Params(time_limit_s=0.5), matrix=OsrmTableMatrix(url)
    ).routes[0]

    # 56000.2 m out and 55800.9 m back round to 56000 + 55801; 3000.4 s to 3000.
    assert route.distance_m == 111_801
    assert route.visits[0].arrival_s - route.start_s == 3000
