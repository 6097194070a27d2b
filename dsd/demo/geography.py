"""Where the demo distributor works: depot, territories, streets and outlet spots.

Coordinates are WGS84 ``(lon, lat)`` pairs traced by hand from the layout of Ho
Chi Minh City's urban districts. Territories are drawn a little inside the Saigon
river and the main canals, so that every outlet placed inside one stands on land;
they share some edges but never overlap, and leave the canals between them.
Outlets are strung along real street names, denser in the centre, bunched around
markets and busy corners, some of them down an alley off the street.
"""

import math
import random
from dataclasses import dataclass, replace
from itertools import pairwise

from shapely import Point, Polygon, box, prepared
from shapely.geometry import LineString

from .streets import STREETS, Street

# Tân Thuận export processing zone, District 7: warehouses by the river ports.
DEPOT = (106.7345, 10.7525)

METRES_PER_DEGREE_LAT = 111_320.0
# Outlets stay this far inside their territory's edge, clear of banks and fences.
EDGE_CLEARANCE_M = 60.0


@dataclass(frozen=True)
class TerritoryShape:
    """A sales territory: a name and the outer ring of its polygon."""

    name: str
    ring: tuple[tuple[float, float], ...]

    def polygon(self) -> Polygon:
        """The territory as a shapely polygon."""
        return Polygon(self.ring)

    def geojson(self) -> dict:
        """The territory as a closed GeoJSON Polygon, counter-clockwise."""
        ring = list(self.ring)
        if _signed_area(ring) < 0:
            ring.reverse()
        ring.append(ring[0])
        return {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}


@dataclass(frozen=True)
class Spot:
    """Where one outlet stands, with the parts of its street address."""

    lon: float
    lat: float
    territory: str
    street: Street
    along_m: float
    side: int
    house_number: int
    alley_number: int | None = None

    @property
    def address(self) -> str:
        """The postal address: number (and alley), street, district, city."""
        number = str(self.house_number)
        if self.alley_number is not None:
            number = f"{number}/{self.alley_number}"
        return f"{number} {self.street.name}, {self.street.district}, TP. Hồ Chí Minh"


# Where the Central, North and West territories meet, by the Nhiêu Lộc canal.
_Q = (106.6760, 10.7890)

TERRITORIES = (
    TerritoryShape(
        "Central: Districts 1, 3 and Bình Thạnh",
        (
            (106.6850, 10.7605),
            (106.6935, 10.7625),
            (106.6990, 10.7650),
            (106.7030, 10.7683),
            (106.7043, 10.7760),
            (106.7068, 10.7850),
            (106.7108, 10.7908),
            (106.7160, 10.7960),
            (106.7168, 10.8050),
            (106.7150, 10.8150),
            (106.7110, 10.8250),
            (106.6970, 10.8250),
            (106.6960, 10.8100),
            (106.6920, 10.8000),
            (106.6880, 10.7930),
            _Q,
            (106.6770, 10.7760),
            (106.6810, 10.7680),
        ),
    ),
    TerritoryShape(
        "North: Phú Nhuận and Gò Vấp",
        (
            _Q,
            (106.6880, 10.7930),
            (106.6920, 10.8000),
            (106.6960, 10.8100),
            (106.6970, 10.8250),
            (106.6960, 10.8400),
            (106.6900, 10.8520),
            (106.6700, 10.8560),
            (106.6520, 10.8490),
            (106.6450, 10.8420),
            (106.6500, 10.8340),
            (106.6640, 10.8300),
            (106.6740, 10.8250),
            (106.6745, 10.8050),
            (106.6720, 10.7960),
        ),
    ),
    TerritoryShape(
        "West: Districts 5, 10, 11 and Tân Bình",
        (
            _Q,
            (106.6720, 10.7960),
            (106.6705, 10.8030),
            (106.6500, 10.8035),
            (106.6360, 10.8010),
            (106.6340, 10.7880),
            (106.6380, 10.7700),
            (106.6400, 10.7560),
            (106.6450, 10.7500),
            (106.6600, 10.7490),
            (106.6750, 10.7530),
            (106.6850, 10.7575),
            (106.6850, 10.7605),
            (106.6810, 10.7680),
            (106.6770, 10.7760),
        ),
    ),
    TerritoryShape(
        "South: Districts 4, 7 and 8",
        (
            (106.6450, 10.7470),
            (106.6600, 10.7465),
            (106.6750, 10.7505),
            (106.6850, 10.7545),
            (106.6935, 10.7590),
            (106.6990, 10.7620),
            (106.7030, 10.7648),
            (106.7055, 10.7615),
            (106.7060, 10.7540),
            (106.7200, 10.7535),
            (106.7280, 10.7490),
            (106.7320, 10.7400),
            (106.7320, 10.7280),
            (106.7250, 10.7150),
            (106.7000, 10.7100),
            (106.6900, 10.7200),
            (106.6700, 10.7250),
            (106.6500, 10.7300),
            (106.6450, 10.7400),
        ),
    ),
)

# Places inside the territories where no outlet stands: water, parks, the airport.
_WATER = (
    # Kênh Tẻ between Districts 4 and 7.
    LineString([(106.6880, 10.7520), (106.7050, 10.7518), (106.7220, 10.7512)]),
    # Nhiêu Lộc - Thị Nghè canal from the river to Tân Bình.
    LineString(
        [
            (106.7090, 10.7905),
            (106.7030, 10.7920),
            (106.6960, 10.7912),
            (106.6880, 10.7915),
            (106.6800, 10.7900),
            (106.6700, 10.7940),
            (106.6600, 10.7985),
        ]
    ),
)
_WATER_HALF_WIDTH_M = 70.0
_GROUNDS = (
    box(106.6360, 10.8040, 106.6745, 10.8280),  # Tân Sơn Nhất airport
    box(106.7025, 10.7850, 106.7090, 10.7925),  # Thảo Cầm Viên zoo
    box(106.6905, 10.7733, 106.6952, 10.7767),  # Tao Đàn park
    box(106.6748, 10.8100, 106.6776, 10.8155),  # Gia Định park
)


# How outlets bunch along a street: around one to three busy points on it.
HOTSPOTS_PER_STREET = (1, 3)
HOTSPOT_SHARE = 0.55
HOTSPOT_SPREAD_M = 110.0
# Frontage per house number on one side of the street, metres.
FRONTAGE_M = 4.5


def metres_to_degrees(east_m: float, north_m: float, lat: float) -> tuple[float, float]:
    """Turn a small east/north offset in metres into degrees of lon and lat."""
    dlat = north_m / METRES_PER_DEGREE_LAT
    dlon = east_m / (METRES_PER_DEGREE_LAT * math.cos(math.radians(lat)))
    return dlon, dlat


def street_length_m(street: Street) -> float:
    """The length of a street stretch, metres."""
    return sum(_leg_length_m(a, b) for a, b in pairwise(street.points))


class OutletPlacer:
    """Draws outlet spots along the streets, inside territories, on land."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.territories = [(t.name, prepared.prep(t.polygon())) for t in TERRITORIES]
        self.inner = [
            prepared.prep(t.polygon().buffer(-_degrees(EDGE_CLEARANCE_M)))
            for t in TERRITORIES
        ]
        water = [w.buffer(_degrees(_WATER_HALF_WIDTH_M)) for w in _WATER]
        self.excluded = [prepared.prep(shape) for shape in (*water, *_GROUNDS)]
        self.lengths = [street_length_m(s) for s in STREETS]
        self.street_weights = [
            length * street.weight
            for length, street in zip(self.lengths, STREETS, strict=True)
        ]
        self.hotspots = [
            [
                rng.uniform(0.1, 0.9) * length
                for _ in range(rng.randint(*HOTSPOTS_PER_STREET))
            ]
            for length in self.lengths
        ]

    def spot(self) -> Spot:
        """A spot fronting a street, on land inside a territory."""
        while True:
            candidate = self._frontage()
            if candidate is not None:
                return candidate

    def down_alley(self, spot: Spot, tries: int = 20) -> Spot:
        """A spot down an alley off the same house number, or the spot itself."""
        for _ in range(tries):
            across = self.rng.uniform(45, 160)
            lon, lat = _offset_point(
                spot.street.points, spot.along_m, spot.side * across
            )
            lon, lat = round(lon, 6), round(lat, 6)
            territory = self._territory_of(lon, lat)
            if territory is not None:
                alley = max(1, int(across / FRONTAGE_M) + self.rng.randint(-3, 3))
                return replace(
                    spot, lon=lon, lat=lat, territory=territory, alley_number=alley
                )

        return spot

    def _frontage(self) -> Spot | None:
        rng = self.rng
        index = rng.choices(range(len(STREETS)), weights=self.street_weights)[0]
        street, length = STREETS[index], self.lengths[index]

        # Along the street: bunched around a hotspot, or anywhere on it.
        if rng.random() < HOTSPOT_SHARE:
            along = rng.gauss(rng.choice(self.hotspots[index]), HOTSPOT_SPREAD_M)
        else:
            along = rng.uniform(0, length)
        if not 0 <= along <= length:
            return None

        side = rng.choice((-1, 1))
        lon, lat = _offset_point(street.points, along, side * rng.uniform(8, 22))
        lon, lat = round(lon, 6), round(lat, 6)
        territory = self._territory_of(lon, lat)
        if territory is None:
            return None

        # Odd numbers on the left of the direction of numbering, even on the right.
        house = 2 * int(along / (2 * FRONTAGE_M)) + (1 if side > 0 else 2)
        return Spot(lon, lat, territory, street, round(along, 1), side, house)

    def _territory_of(self, lon: float, lat: float) -> str | None:
        point = Point(lon, lat)
        if any(shape.contains(point) for shape in self.excluded):
            return None

        for (name, _), inner in zip(self.territories, self.inner, strict=True):
            if inner.contains(point):
                return name

        return None


def _degrees(metres: float) -> float:
    # Clearances are small, so one degree of latitude stands for both axes.
    return metres / METRES_PER_DEGREE_LAT


def _leg_length_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat = math.radians((a[1] + b[1]) / 2)
    east = (b[0] - a[0]) * METRES_PER_DEGREE_LAT * math.cos(lat)
    north = (b[1] - a[1]) * METRES_PER_DEGREE_LAT
    return math.hypot(east, north)


def _offset_point(points, along_m: float, across_m: float) -> tuple[float, float]:
    """The point ``along_m`` down a polyline, moved ``across_m`` to its left."""
    for a, b in pairwise(points):
        leg = _leg_length_m(a, b)
        if along_m <= leg or b == points[-1]:
            share = min(along_m / leg, 1.0) if leg else 0.0
            lon = a[0] + share * (b[0] - a[0])
            lat = a[1] + share * (b[1] - a[1])
            cos_lat = math.cos(math.radians(lat))
            east = (b[0] - a[0]) * cos_lat
            north = b[1] - a[1]
            norm = math.hypot(east, north) or 1.0
            # The left-hand normal of the leg's direction.
            dlon, dlat = metres_to_degrees(
                -north / norm * across_m, east / norm * across_m, lat
            )
            return lon + dlon, lat + dlat
        along_m -= leg

    return points[-1]


def _signed_area(ring: list[tuple[float, float]]) -> float:
    pairs = zip(ring, ring[1:] + ring[:1], strict=True)
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs) / 2
