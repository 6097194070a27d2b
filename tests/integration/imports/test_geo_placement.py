"""Distances, territories and the plausibility rule for outlet coordinates."""

import math

import pytest

from dsd.errors import InvalidValue
from dsd.geo import assign_territories, great_circle_km, place_point, transform_point


def test_one_degree_of_latitude_is_111_195_km():
    # Mean Earth radius 6371.0088 km: 2 * pi * R / 360 = 111.1951 km.
    assert great_circle_km(4.35, 50.0, 4.35, 51.0) == pytest.approx(111.1951, abs=1e-3)


def test_brussels_to_paris_is_about_264_km():
    # Grand-Place to Notre-Dame, published great-circle distance about 264 km.
    distance = great_circle_km(4.3524, 50.8467, 2.3499, 48.8530)

    assert 262 < distance < 266


def test_point_inside_the_territory_is_assigned(app, brussels):
    placement = place_point(brussels, 4.3517, 50.8503)

    assert placement.territory.name == "Brussels"
    assert placement.warning is None


def test_swapped_point_is_refused_and_the_message_says_so(app, brussels):
    with pytest.raises(InvalidValue) as refusal:
        place_point(brussels, 50.8450, 4.3600)

    errors = refusal.value.errors
    assert set(errors) == {"lat", "lon"}
    assert "swapped" in errors["lat"][0]
    assert "inside territory 'Brussels'" in errors["lat"][0]


def test_latitude_out_of_range_is_refused_and_the_swap_suggested(app, brussels):
    with pytest.raises(InvalidValue) as refusal:
        place_point(brussels, 4.3517, 150.8503)

    reason = refusal.value.errors["lat"][0]
    assert "out of range" in reason
    assert "swapped" not in reason


def test_out_of_range_pair_whose_swap_lies_near_the_depot_says_so(
    app, make_distributor
):
    # A depot at lon 20, lat 70 without territories. (lon 70, lat 95) is out of
    # range and so is its swap; (lon 70, lat 20) swapped is the depot itself.
    distributor = make_distributor("NOR", depot_lon=20.0, depot_lat=70.0)

    with pytest.raises(InvalidValue) as refusal:
        place_point(distributor, 70.0, 95.0)
    assert "out of range" in refusal.value.errors["lat"][0]

    with pytest.raises(InvalidValue) as swapped:
        place_point(distributor, 70.0, 20.0)
    assert "would lie 0 km from the depot" in swapped.value.errors["lon"][0]


def test_point_far_from_depot_and_territories_is_refused(app, brussels):
    # Amsterdam is about 175 km from Brussels, beyond the 150 km default.
    with pytest.raises(InvalidValue) as refusal:
        place_point(brussels, 4.9041, 52.3676)

    reason = refusal.value.errors["lon"][0]
    assert "further than 150 km" in reason
    assert "swapped" not in reason


def test_limit_comes_from_the_app_config(app, brussels):
    app.config["MAX_DEPOT_DISTANCE_KM"] = 200

    placement = place_point(brussels, 4.9041, 52.3676)

    assert placement.territory is None


def test_point_near_depot_outside_territories_is_kept_with_a_warning(app, brussels):
    # Leuven: about 25 km east of the depot, outside the Brussels box.
    placement = place_point(brussels, 4.7005, 50.8798)

    assert placement.territory is None
    assert "outside every territory" in placement.warning
    assert 20 < placement.distance_km < 30


def test_assign_territories_moves_outlets_into_a_new_territory(
    app, db_session, brussels, make_outlet, make_territory
):
    leuven = make_outlet(brussels, "LEU-1", lon=4.7005, lat=50.8798)
    centre = make_outlet(brussels, "BRU-1", lon=4.3517, lat=50.8503)
    assert leuven.territory_id is None
    make_territory(brussels, "Leuven", (4.60, 50.80, 4.80, 50.95))

    changed = assign_territories(brussels)

    assert changed == 2
    assert leuven.territory.name == "Leuven"
    assert centre.territory.name == "Brussels"


def web_mercator(lon: float, lat: float) -> tuple[float, float]:
    """EPSG:3857 by its defining formulas, sphere of radius 6378137 m."""
    radius = 6378137.0
    x = radius * math.radians(lon)
    y = radius * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return x, y


def test_web_mercator_point_reprojects_to_brussels():
    lon, lat = transform_point(*web_mercator(4.3517, 50.8503), "EPSG:3857")

    assert lon == pytest.approx(4.3517, abs=1e-4)
    assert lat == pytest.approx(50.8503, abs=1e-4)
