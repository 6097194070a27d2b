"""Turning a distributor's day into the route engine's problem, and back.

Times inside the engine are seconds from local midnight of the service date,
taken as a UTC instant, so a clock change during the day is counted right.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import routing

from ..localtime import local_day, local_instant
from ..models import Distributor, Outlet, PlanCandidate, Vehicle
from ..money import exponent_of
from .settings import PlanSettings


@dataclass
class DayProblem:
    """The engine's problem with what is needed to read its answer back."""

    problem: routing.Problem
    origin: datetime
    vehicles: dict[str, Vehicle]
    candidates: dict[str, PlanCandidate]

    def instant(self, seconds: int) -> datetime:
        """The UTC instant of an engine time."""
        return self.origin + timedelta(seconds=seconds)


def vehicle_key(vehicle_id: int) -> str:
    return f"v{vehicle_id}"


def stop_key(outlet_id: int) -> str:
    return f"o{outlet_id}"


def _seconds(origin: datetime, instant: datetime) -> int:
    return int((instant - origin).total_seconds())


def _engine_vehicle(
    vehicle: Vehicle, distributor: Distributor, day: date, origin: datetime
) -> routing.Vehicle:
    zone = distributor.timezone
    minor = 10 ** exponent_of(distributor.currency)
    shift = routing.TimeWindow(
        _seconds(origin, local_instant(day, vehicle.shift_start, zone)),
        _seconds(origin, local_instant(day, vehicle.shift_end, zone)),
    )
    return routing.Vehicle(
        id=vehicle_key(vehicle.id),
        start=0,
        end=0,
        shift=shift,
        capacity=(vehicle.capacity_cases,),
        fixed_cost_minor=vehicle.fixed_cost_minor,
        cost_per_km_minor=float(vehicle.cost_per_km * minor),
        cost_per_hour_minor=float(vehicle.cost_per_hour * minor),
    )


def _windows(
    outlet: Outlet, distributor: Distributor, day: date, origin: datetime
) -> tuple[routing.TimeWindow, ...]:
    zone = distributor.timezone
    return tuple(
        routing.TimeWindow(
            _seconds(origin, local_instant(day, window.opens_at, zone)),
            _seconds(origin, local_instant(day, window.closes_at, zone)),
        )
        for window in outlet.receiving_windows
    )


def build_problem(
    distributor: Distributor,
    day: date,
    vehicles: list[Vehicle],
    candidates: list[PlanCandidate],
    settings: PlanSettings,
    locked_routes: dict[int, list[int]] | None = None,
) -> DayProblem:
    """The engine's problem for a day: the depot, the trucks, the drops.

    ``locked_routes`` maps a vehicle id to the outlet ids of a route the
    dispatcher locked; the engine keeps it exactly as it is.
    """
    origin, _ = local_day(day, distributor.timezone)
    locations = [
        routing.Location(distributor.depot_lon, distributor.depot_lat, "depot")
    ]
    stops = []
    for candidate in candidates:
        outlet = candidate.outlet
        locations.append(routing.Location(outlet.lon, outlet.lat, outlet.name))
        stops.append(
            routing.Stop(
                id=stop_key(outlet.id),
                location=len(locations) - 1,
                windows=_windows(outlet, distributor, day, origin),
                service_s=settings.service_fixed_s,
                demand=(candidate.drop_cases,),
                drop_penalty_minor=None
                if candidate.must_visit
                else candidate.value_minor,
            )
        )

    sequence_locks = tuple(
        routing.SequenceLock(
            vehicle_key(vehicle_id),
            tuple(stop_key(o) for o in outlet_ids),
            whole_route=True,
        )
        for vehicle_id, outlet_ids in (locked_routes or {}).items()
    )
    problem = routing.Problem(
        locations=tuple(locations),
        vehicles=tuple(_engine_vehicle(v, distributor, day, origin) for v in vehicles),
        stops=tuple(stops),
        dimensions=(
            routing.Dimension(
                "cases", scale=1, service_s_per_unit=settings.service_s_per_case
            ),
        ),
        sequence_locks=sequence_locks,
    )
    return DayProblem(
        problem=problem,
        origin=origin,
        vehicles={vehicle_key(v.id): v for v in vehicles},
        candidates={stop_key(c.outlet_id): c for c in candidates},
    )


def travel_matrix_provider(settings: PlanSettings, osrm_url: str | None):
    """Road times from OSRM when configured, else great-circle estimates."""
    if osrm_url:
        return routing.OsrmTableMatrix(osrm_url)

    return routing.GreatCircleMatrix(
        circuity=settings.circuity, speed_kmh=settings.speed_kmh
    )
