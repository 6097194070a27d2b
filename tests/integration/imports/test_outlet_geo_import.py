"""Outlets from GeoJSON and GeoPackage files, in any CRS."""

import json
import math

import pytest
from sqlalchemy import select

from dsd.errors import InvalidValue
from dsd.extensions import db
from dsd.imports.outlets import import_outlets
from dsd.models import Outlet


def web_mercator(lon: float, lat: float) -> list[float]:
    """EPSG:3857 by its defining formulas, sphere of radius 6378137 m."""
    radius = 6378137.0
    return [
        radius * math.radians(lon),
        radius * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)),
    ]


def feature(code: str, coordinates, **properties) -> dict:
    return {
        "type": "Feature",
        "properties": {"outlet_code": code, "name": f"Outlet {code}", **properties},
        "geometry": {"type": "Point", "coordinates": coordinates},
    }


def collection(*features, crs: str | None = None) -> bytes:
    document = {"type": "FeatureCollection", "features": list(features)}
    if crs:
        document["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(document).encode()


def stored(distributor) -> dict[str, Outlet]:
    query = select(Outlet).filter_by(distributor_id=distributor.id)
    return {outlet.external_code: outlet for outlet in db.session.scalars(query)}


def test_geojson_in_web_mercator_is_reprojected(app, brussels):
    data = collection(
        feature("M-1", web_mercator(4.3517, 50.8503), channel="cafe"),
        crs="urn:ogc:def:crs:EPSG::3857",
    )

    report = import_outlets(brussels, data, filename="outlets.geojson")

    outlet = stored(brussels)["M-1"]
    assert report.created == 1
    assert outlet.lon == pytest.approx(4.3517, abs=1e-6)
    assert outlet.lat == pytest.approx(50.8503, abs=1e-6)
    assert outlet.territory.name == "Brussels"
    assert outlet.channel == "cafe"


def test_geojson_without_crs_is_taken_as_wgs84(app, brussels):
    data = collection(feature("W-1", [4.3517, 50.8503], par_level_cases=24))

    import_outlets(brussels, data, filename="outlets.json")

    outlet = stored(brussels)["W-1"]
    assert (outlet.lon, outlet.lat, outlet.par_level_cases) == (4.3517, 50.8503, 24)


def test_geojson_feature_far_away_is_refused_by_its_number(app, brussels):
    # The second feature has its coordinates written (lat, lon).
    data = collection(
        feature("W-1", [4.3517, 50.8503]), feature("W-2", [50.8450, 4.3600])
    )

    with pytest.raises(InvalidValue) as refusal:
        import_outlets(brussels, data, filename="outlets.geojson")

    assert list(refusal.value.errors) == ["feature 2"]
    assert "swapped" in refusal.value.errors["feature 2"]["lat"][0]


def test_geojson_feature_that_is_not_a_point_is_refused(app, brussels):
    line = {"type": "LineString", "coordinates": [[4.35, 50.85], [4.36, 50.86]]}
    data = collection(
        {
            "type": "Feature",
            "properties": {"outlet_code": "L", "name": "L"},
            "geometry": line,
        }
    )

    with pytest.raises(InvalidValue) as refusal:
        import_outlets(brussels, data, filename="outlets.geojson")

    assert "must be a Point" in refusal.value.errors["feature 1"]["lon"][0]


def test_broken_geojson_is_refused(app, brussels):
    with pytest.raises(InvalidValue) as refusal:
        import_outlets(brussels, b"{not json", filename="outlets.geojson")

    assert "file" in refusal.value.errors


def test_geopackage_in_web_mercator_is_reprojected(app, brussels, tmp_path):
    import geopandas
    from shapely import Point

    x, y = web_mercator(4.3600, 50.8450)
    frame = geopandas.GeoDataFrame(
        {
            "outlet_code": ["G-1"],
            "name": ["Café Sud"],
            "receiving_windows": ["06:30-10:00"],
        },
        geometry=[Point(x, y)],
        crs="EPSG:3857",
    )
    path = tmp_path / "outlets.gpkg"
    frame.to_file(path, driver="GPKG", engine="pyogrio")

    import_outlets(brussels, path.read_bytes(), filename="outlets.gpkg")

    outlet = stored(brussels)["G-1"]
    assert outlet.lon == pytest.approx(4.3600, abs=1e-6)
    assert outlet.lat == pytest.approx(50.8450, abs=1e-6)
    assert outlet.receiving_windows[0].opens_at.isoformat() == "06:30:00"
