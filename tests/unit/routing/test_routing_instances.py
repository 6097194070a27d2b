"""Benchmark instances read with their own distance conventions."""

import json

import pytest
import vrplib

from routing.bench import main
from routing.compiled import compile_problem
from routing.instances import read_instance
from routing.schedule import check_route


def _score(instance, solution_path):
    routes = vrplib.read_solution(str(solution_path))["routes"]
    compiled = compile_problem(instance.problem, instance.matrix.matrix)
    index = {stop.id: i for i, stop in enumerate(instance.problem.stops)}
    checks = [
        check_route(compiled, k, [index[str(c)] for c in route])
        for k, route in enumerate(routes)
    ]

    return checks, sum(c.distance_m for c in checks) * instance.unit


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("solomon/R101", 1637.7),
        ("solomon/RC208", 776.1),
        ("cvrplib_x/X-n101-k25", 27591),
    ],
)
def test_best_known_routes_score_their_published_distance(benchmarks, path, expected):
    suffix = ".txt" if path.startswith("solomon") else ".vrp"
    instance = read_instance(benchmarks / f"{path}{suffix}")
    checks, distance = _score(instance, benchmarks / f"{path}.sol")

    assert all(check.feasible for check in checks)
    assert distance == pytest.approx(expected, abs=1e-6)
    assert instance.bks == pytest.approx(expected)


def test_bench_prints_the_agreed_json_keys(benchmarks, capsys):
    main([str(benchmarks / "solomon" / "C101.txt"), "--time-limit", "1", "--json"])
    rows = json.loads(capsys.readouterr().out)

    assert set(rows[0]) == {
        "instance",
        "vehicles",
        "distance",
        "bks",
        "gap_pct",
        "seconds",
        "feasible",
    }
    assert rows[0]["instance"] == "C101"
    assert rows[0]["bks"] == 827.3
    assert rows[0]["feasible"] is True
