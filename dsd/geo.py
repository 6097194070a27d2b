"""Where outlets lie: distance to the depot, territories, plausibility, CRS.

Coordinates at rest are WGS84 longitude/latitude (EPSG:4326). A point is
plausible for a distributor when it lies inside one of its territories or within
``MAX_DEPOT_DISTANCE_KM`` of its depot; anything else is refused, because a
swapped latitude and longitude (or a wrong CRS) lands far away and would
otherwise be stored without complaint.
"""

import logging
import math
from dataclasses import dataclass

from flask import current_app
from shapely import Point, prepared
from shapely.geometry import shape
from sqlalchemy import select

from .errors import InvalidValue
from .extensions import db
from .models import Distributor, Outlet, Territory

logger = logging.getLogger(__name__)

EARTH_RADIUS_KM = 6371.0088
WGS84 = "EPSG:4326"


def great_circle_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in km between two WGS84 points (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = (
        math.sin(d_phi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def depot_distance_km(distributor: Distributor, lon: float, lat: float) -> float:
    """Great-circle km from the distributor's depot to a point."""
    return great_circle_km(distributor.depot_lon, distributor.depot_lat, lon, lat)


class TerritoryIndex:
    """A distributor's active territories, prepared once for many point tests."""

    def __init__(self, territories: list[Territory]):
        self.territories = territories
        self._prepared = [
            (territory, prepared.prep(shape(territory.polygon)))
            for territory in territories
        ]

    @classmethod
    def load(cls, distributor: Distributor) -> "TerritoryIndex":
        """Read the distributor's active territories from the database."""
        territories = db.session.scalars(
            select(Territory)
            .filter_by(distributor_id=distributor.id, active=True)
            .order_by(Territory.id)
        ).all()
        return cls(list(territories))

    def territory_at(self, lon: float, lat: float) -> Territory | None:
        """The territory covering the point (the oldest if several overlap)."""
        point = Point(lon, lat)
        for territory, polygon in self._prepared:
            if polygon.covers(point):
                return territory

        return None


@dataclass
class Placement:
    """Where a plausible point falls: its territory, or a warning why none."""

    territory: Territory | None
    distance_km: float
    warning: str | None = None


def max_depot_distance_km() -> float:
    """The configured radius around the depot within which outlets are plausible."""
    return float(current_app.config["MAX_DEPOT_DISTANCE_KM"])


def in_range(lon: float, lat: float) -> bool:
    """True when longitude and latitude lie within their WGS84 ranges."""
    return -180 <= lon <= 180 and -90 <= lat <= 90


def place_point(
    distributor: Distributor,
    lon: float,
    lat: float,
    territories: TerritoryIndex | None = None,
) -> Placement:
    """Check a point is plausible for the distributor and find its territory.

    Raises InvalidValue keyed by ``lat`` and ``lon`` when the point is out of
    range, or outside every territory and further than the configured distance
    from the depot. The message says so when the swapped pair would be plausible.
    """
    territories = territories or TerritoryIndex.load(distributor)
    limit_km = max_depot_distance_km()
    problem = _implausibility(distributor, lon, lat, territories, limit_km)
    if problem is not None:
        hint = _swapped_hint(distributor, lon, lat, territories, limit_km)
        reason = f"{problem}; {hint}" if hint else problem
        raise InvalidValue(
            f"the point ({lon}, {lat}) is not plausible",
            {"lat": [reason], "lon": [reason]},
        )

    distance_km = depot_distance_km(distributor, lon, lat)
    territory = territories.territory_at(lon, lat)
    if territory is None:
        return Placement(
            None,
            distance_km,
            f"the point ({lon}, {lat}) lies outside every territory; "
            "stored without a territory",
        )

    return Placement(territory, distance_km)


def _implausibility(distributor, lon, lat, territories, limit_km) -> str | None:
    if not in_range(lon, lat):
        return (
            f"the point (lon {lon}, lat {lat}) is out of range: longitude must lie "
            "within -180..180 and latitude within -90..90"
        )

    if territories.territory_at(lon, lat) is not None:
        return None

    distance_km = depot_distance_km(distributor, lon, lat)
    if distance_km > limit_km:
        return (
            f"the point (lon {lon}, lat {lat}) lies outside every territory and "
            f"{distance_km:.0f} km from the depot, further than {limit_km:g} km"
        )

    return None


def _swapped_hint(distributor, lon, lat, territories, limit_km) -> str | None:
    swapped_lon, swapped_lat = lat, lon
    if not in_range(swapped_lon, swapped_lat):
        return None

    territory = territories.territory_at(swapped_lon, swapped_lat)
    if territory is not None:
        return (
            f"latitude and longitude look swapped: (lon {swapped_lon}, "
            f"lat {swapped_lat}) would fall inside territory {territory.name!r}"
        )

    distance_km = depot_distance_km(distributor, swapped_lon, swapped_lat)
    if distance_km <= limit_km:
        return (
            f"latitude and longitude look swapped: (lon {swapped_lon}, "
            f"lat {swapped_lat}) would lie {distance_km:.0f} km from the depot"
        )

    return None


def assign_territories(distributor: Distributor) -> int:
    """Put every outlet of the distributor in the territory it lies in.

    Call after territories change. Returns how many outlets changed territory.
    """
    territories = TerritoryIndex.load(distributor)
    outlets = db.session.scalars(
        select(Outlet).filter_by(distributor_id=distributor.id)
    ).all()
    changed = 0
    for outlet in outlets:
        territory = territories.territory_at(outlet.lon, outlet.lat)
        territory_id = territory.id if territory is not None else None
        if outlet.territory_id != territory_id:
            outlet.territory = territory
            changed += 1

    db.session.flush()
    logger.info(
        "re-assigned territories of distributor %s: %d of %d outlets changed",
        distributor.code,
        changed,
        len(outlets),
    )
    return changed


def to_wgs84(frame):
    """A GeoDataFrame reprojected to EPSG:4326.

    A frame without a CRS is taken to be in EPSG:4326 already, as GeoJSON defines.
    """
    if frame.crs is None:
        return frame.set_crs(WGS84)
    if frame.crs.to_epsg() == 4326:
        return frame

    logger.info("reprojecting %d features from %s to EPSG:4326", len(frame), frame.crs)
    return frame.to_crs(WGS84)


def transform_point(x: float, y: float, crs: str) -> tuple[float, float]:
    """One point from another CRS to (lon, lat) in EPSG:4326."""
    from pyproj import Transformer

    transformer = Transformer.from_crs(crs, WGS84, always_xy=True)
    lon, lat = transformer.transform(x, y)
    return lon, lat
