"""Public benchmark instances (Solomon and VRPLIB) as routing problems.

Distances follow each instance family's own convention so results compare
directly with the published best-known figures:

- Solomon and other time-window instances: Euclidean distance truncated to one
  decimal, travel time equal to distance. The engine counts tenths, so one
  "metre" or "second" of the problem is 0.1 instance units.
- Capacity-only VRPLIB instances (EUC_2D): Euclidean distance rounded to the
  nearest integer; one "metre" is one instance unit. The fleet is unlimited, so
  there is one vehicle per customer.
"""

import csv
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from routing.matrix import ExplicitMatrix, TravelMatrix
from routing.model import Dimension, Location, Problem, Stop, TimeWindow, Vehicle

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Instance:
    """A benchmark instance as a problem with its matrix and best-known distance.

    ``unit`` is the instance distance of one problem metre (0.1 or 1); the
    plan's distance in instance units is ``distance_m * unit``.
    """

    name: str
    problem: Problem
    matrix: ExplicitMatrix
    unit: float
    bks: float | None


def _euclid(coords: np.ndarray) -> np.ndarray:
    diff = coords[:, None, :] - coords[None, :, :]

    return np.sqrt((diff**2).sum(axis=2))


def _bks(path: Path, name: str) -> float | None:
    table = path.parent / "bks.csv"
    if table.exists():
        with table.open(newline="") as handle:
            for row in csv.DictReader(handle):
                if row["instance"].lower() == name.lower():
                    return float(row["bks"])

    return None


def read_instance(path: str | Path) -> Instance:
    """Read a Solomon (``.txt``) or VRPLIB (``.vrp``) file.

    Parameters:
        path: the instance file; a ``bks.csv`` beside it supplies the
            best-known distance when it lists the instance.

    Returns:
        The instance: every customer must-visit, the instance's fleet (one
        vehicle per customer when the fleet is unlimited), distance-only costs
        at one minor unit per problem metre.
    """
    import vrplib

    path = Path(path)
    solomon = path.suffix.lower() == ".txt"
    data = vrplib.read_instance(
        str(path), instance_format="solomon" if solomon else "vrplib"
    )
    coords = np.asarray(data["node_coord"], dtype=np.float64)
    size = len(coords)
    windows = data.get("time_window")
    depot = int(np.asarray(data.get("depot", [0]))[0])

    # Time-window families truncate to tenths; capacity-only ones round to units.
    euclid = _euclid(coords)
    if windows is not None:
        unit, ticks = 0.1, np.floor(euclid * 10 + 1e-9)
        windows = np.asarray(windows, dtype=np.float64) * 10
        service = np.broadcast_to(np.asarray(data.get("service_time", 0)), (size,)) * 10
    else:
        unit, ticks = 1.0, np.floor(euclid + 0.5)
        service = np.zeros(size)

    demand = np.asarray(data["demand"])
    customers = [i for i in range(size) if i != depot]
    vehicles = int(data.get("vehicles") or len(customers))
    shift = (
        TimeWindow(int(windows[depot][0]), int(windows[depot][1]))
        if windows is not None
        else TimeWindow(0, 10**9)
    )
    stops = tuple(
        Stop(
            id=str(i),
            location=i,
            windows=(
                (TimeWindow(int(windows[i][0]), int(windows[i][1])),)
                if windows is not None
                else ()
            ),
            service_s=float(service[i]),
            demand=(int(demand[i]),),
        )
        for i in customers
    )
    fleet = tuple(
        Vehicle(
            id=f"v{k + 1}",
            start=depot,
            end=depot,
            shift=shift,
            capacity=(int(data["capacity"]),),
            cost_per_km_minor=1000,
        )
        for k in range(vehicles)
    )
    problem = Problem(
        locations=tuple(Location(float(x), float(y)) for x, y in coords),
        vehicles=fleet,
        stops=stops,
        dimensions=(Dimension("demand"),),
    )
    name = str(data.get("name") or path.stem)

    return Instance(
        name=name,
        problem=problem,
        matrix=ExplicitMatrix(TravelMatrix(ticks, ticks.copy())),
        unit=unit,
        bks=_bks(path, name),
    )
