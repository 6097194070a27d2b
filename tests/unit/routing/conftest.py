"""Builders for small routing problems on a plane, with matrices given in km."""

from pathlib import Path

import numpy as np
import pytest

from routing import (
    Dimension,
    ExplicitMatrix,
    Location,
    Problem,
    Stop,
    TravelMatrix,
    Vehicle,
)
from routing.model import TimeWindow

BENCHMARKS = Path(__file__).resolve().parents[3] / ".." / "shared" / "benchmarks"

DAY = TimeWindow(0, 24 * 3600)


def _km_matrix(points_km, speed_kmh: float = 36.0) -> ExplicitMatrix:
    """Straight-line metres between plane points in km, and seconds at a speed."""
    points = np.asarray(points_km, dtype=np.float64)
    km = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))

    return ExplicitMatrix(TravelMatrix(km * 1000, km * 3600 / speed_kmh))


def _make_vehicle(vehicle_id: str = "T1", **fields) -> Vehicle:
    """A truck at location 0 for the whole day, 0.80 EUR/km, no other cost."""
    values = {
        "start": 0,
        "end": 0,
        "shift": DAY,
        "capacity": (1000,),
        "cost_per_km_minor": 80,
    }
    values.update(fields)

    return Vehicle(id=vehicle_id, **values)


def _make_stop(stop_id: str, location: int, **fields) -> Stop:
    """A must-visit stop with one case of demand and no window."""
    values = {"demand": (1,)}
    values.update(fields)

    return Stop(id=stop_id, location=location, **values)


def _make_problem(points_km, vehicles, stops, dimensions=None, **fields) -> Problem:
    """A problem over plane points (x, y in km)."""
    return Problem(
        locations=tuple(Location(float(x), float(y)) for x, y in points_km),
        vehicles=tuple(vehicles),
        stops=tuple(stops),
        dimensions=dimensions or (Dimension("cases"),),
        **fields,
    )


@pytest.fixture
def benchmarks() -> Path:
    """The shared benchmark folder, or a skip when it is not present."""
    if not BENCHMARKS.is_dir():
        pytest.skip("shared benchmark instances not present")

    return BENCHMARKS


@pytest.fixture(name="km_matrix")
def km_matrix_fixture():
    """Build a straight-line matrix from plane points in km."""
    return _km_matrix


@pytest.fixture(name="make_vehicle")
def make_vehicle_fixture():
    """Build a truck with defaults."""
    return _make_vehicle


@pytest.fixture(name="make_stop")
def make_stop_fixture():
    """Build a stop with defaults."""
    return _make_stop


@pytest.fixture(name="make_problem")
def make_problem_fixture():
    """Build a problem over plane points."""
    return _make_problem
