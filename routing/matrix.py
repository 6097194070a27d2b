"""Travel matrices: the provider interface and the built-in providers.

A provider turns the problem's locations into two square arrays, distances in
metres and durations in seconds, indexed like ``Problem.locations``. Values may
be fractional; the engine rounds them to whole metres and seconds.
"""

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from routing.errors import InvalidValue, MatrixUnavailable
from routing.model import Location

logger = logging.getLogger(__name__)

# Mean Earth radius (IUGG), in metres.
EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True)
class TravelMatrix:
    """Distances (metres) and durations (seconds) between every pair of locations."""

    distance_m: np.ndarray = field(repr=False)
    duration_s: np.ndarray = field(repr=False)

    def __post_init__(self):
        distance = np.asarray(self.distance_m)
        duration = np.asarray(self.duration_s)
        if distance.shape != duration.shape:
            raise MatrixUnavailable(
                f"distance {distance.shape} and duration {duration.shape} differ"
            )


class MatrixProvider(Protocol):
    """Anything that returns a travel matrix for a list of locations."""

    def travel_matrix(self, locations: tuple[Location, ...]) -> TravelMatrix:
        """Return the matrix between every pair of ``locations``, in their order."""


@dataclass(frozen=True)
class ExplicitMatrix:
    """A provider that hands back a matrix given in advance (tests, benchmarks)."""

    matrix: TravelMatrix

    def travel_matrix(self, locations: tuple[Location, ...]) -> TravelMatrix:
        """Return the stored matrix after checking that it fits the locations.

        Parameters:
            locations: the problem's locations; only their count is used.

        Returns:
            The stored matrix.

        Raises:
            MatrixUnavailable: when the matrix does not have one row per location.
        """
        size = np.asarray(self.matrix.distance_m).shape
        if size != (len(locations), len(locations)):
            raise MatrixUnavailable(
                f"matrix is {size}, the problem has {len(locations)} locations"
            )

        return self.matrix


def _coordinates(locations: tuple[Location, ...]) -> tuple[np.ndarray, np.ndarray]:
    lon = np.array([location.lon for location in locations], dtype=np.float64)
    lat = np.array([location.lat for location in locations], dtype=np.float64)
    for index in range(len(locations)):
        if not (np.isfinite(lon[index]) and -180 <= lon[index] <= 180):
            raise InvalidValue(f"location {index}", "lon", "must be within -180..180")

        if not (np.isfinite(lat[index]) and -90 <= lat[index] <= 90):
            raise InvalidValue(f"location {index}", "lat", "must be within -90..90")

    return lon, lat


def great_circle_m(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Return the great-circle distance between every pair of points.

    The chord between points on the unit sphere is computed from coordinate
    differences (no cancellation for close points), then turned into the arc.

    Parameters:
        lon: longitudes in degrees.
        lat: latitudes in degrees.

    Returns:
        A square float64 array of metres on a sphere of the mean Earth radius.
    """
    lon_r = np.radians(lon)
    lat_r = np.radians(lat)
    cos_lat = np.cos(lat_r)
    axes = (cos_lat * np.cos(lon_r), cos_lat * np.sin(lon_r), np.sin(lat_r))

    # Squared chord, built in place to keep to two n x n arrays.
    chord = np.subtract.outer(axes[0], axes[0])
    chord *= chord
    term = np.empty_like(chord)
    for axis in axes[1:]:
        np.subtract.outer(axis, axis, out=term)
        term *= term
        chord += term

    del term
    np.sqrt(chord, out=chord)
    chord *= 0.5
    np.clip(chord, 0.0, 1.0, out=chord)
    np.arcsin(chord, out=chord)
    chord *= 2 * EARTH_RADIUS_M

    return chord


@dataclass(frozen=True)
class GreatCircleMatrix:
    """Great-circle distance times a circuity factor, driven at a constant speed.

    ``circuity`` is road distance over straight-line distance (1.3 is typical of
    city streets); ``speed_kmh`` the average driving speed.
    """

    circuity: float = 1.3
    speed_kmh: float = 30.0

    def travel_matrix(self, locations: tuple[Location, ...]) -> TravelMatrix:
        """Return road-like distances and durations from coordinates.

        Parameters:
            locations: points in WGS84 longitude and latitude.

        Returns:
            Distances in metres and durations in seconds, as float arrays.

        Raises:
            InvalidValue: when a coordinate is missing or out of range.
        """
        lon, lat = _coordinates(locations)
        distance = great_circle_m(lon, lat)
        distance *= self.circuity
        duration = distance / (self.speed_kmh / 3.6)

        return TravelMatrix(distance, duration)


@dataclass(frozen=True)
class OsrmTableMatrix:
    """Road distances and durations from an OSRM server's table service.

    ``base_url`` is the server root, for example ``http://127.0.0.1:5000``.
    """

    base_url: str
    profile: str = "driving"
    timeout_s: float = 60.0

    def travel_matrix(self, locations: tuple[Location, ...]) -> TravelMatrix:
        """Ask the server for the table between every pair of locations.

        Parameters:
            locations: points in WGS84 longitude and latitude.

        Returns:
            Distances in metres and durations in seconds, as float arrays.

        Raises:
            InvalidValue: when a coordinate is missing or out of range.
            MatrixUnavailable: when the server cannot be reached, answers with an
                error, or finds no route between two locations.
        """
        lon, lat = _coordinates(locations)
        points = ";".join(f"{x:.6f},{y:.6f}" for x, y in zip(lon, lat, strict=True))
        url = (
            f"{self.base_url.rstrip('/')}/table/v1/{self.profile}/{points}"
            "?annotations=duration,distance"
        )
        try:
            with urllib.request.urlopen(url, timeout=self.timeout_s) as response:
                body = json.load(response)
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise MatrixUnavailable(f"OSRM table request failed: {error}") from error

        if body.get("code") != "Ok":
            raise MatrixUnavailable(
                f"OSRM answered {body.get('code')}: {body.get('message', '')}"
            )

        distance = _table(body, "distances", len(locations))
        duration = _table(body, "durations", len(locations))
        logger.info("OSRM table for %d locations", len(locations))

        return TravelMatrix(distance, duration)


def _table(body: dict, key: str, size: int) -> np.ndarray:
    rows = body.get(key)
    if rows is None:
        raise MatrixUnavailable(f"OSRM answer has no {key}")

    table = np.array(
        [[np.nan if value is None else value for value in row] for row in rows],
        dtype=np.float64,
    )
    if table.shape != (size, size):
        raise MatrixUnavailable(f"OSRM {key} is {table.shape}, expected {size}")

    if not np.isfinite(table).all():
        row, col = np.argwhere(~np.isfinite(table))[0]
        raise MatrixUnavailable(f"OSRM finds no route from location {row} to {col}")

    return table
