"""File uploads to the import endpoints."""

import io
import json
import math

import pytest
from sqlalchemy import func, select

from dsd.extensions import db
from dsd.models import Delivery, Outlet

URL = "/api/v1/distributors/BRU/imports"

C13 = (
    "outlet_code,name,lat,lon\n"
    "BRU-001,Kiosk Nord,50.8503,4.3517\n"
    "BRU-002,Café Sud,4.3600,50.8450\n"
).encode()

C18 = (
    b"\xef\xbb\xbf"
    b"outlet_code;name;lat;lon;weekly_cases;margin_per_case\n"
    b"GNT-001;Nachtwinkel;51,0543;3,7174;12;1,85\n"
    b"GNT-002;Bakkerij;51,0500;3,7300;8;2,40\n"
    b"GNT-003;Frituur;;;5;1,10\n"
)


@pytest.fixture
def dispatcher(brussels, auth_headers):
    return auth_headers("dispatcher", brussels)


def upload(client, kind, data, headers, filename="file.csv", **options):
    form = {"file": (io.BytesIO(data), filename), **options}
    return client.post(
        f"{URL}/{kind}", data=form, headers=headers, content_type="multipart/form-data"
    )


def outlet_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Outlet))


def test_c13_file_is_refused_naming_row_3_and_stores_nothing(client, dispatcher):
    response = upload(client, "outlets", C13, dispatcher)

    body = response.get_json()
    assert response.status_code == 422
    assert set(body["errors"]["row 3"]) == {"lat", "lon"}
    assert "swapped" in body["errors"]["row 3"]["lon"][0]
    assert outlet_count() == 0


def test_c13_with_skip_bad_rows_stores_one_and_lists_row_3(client, dispatcher):
    response = upload(client, "outlets", C13, dispatcher, skip_bad_rows="true")

    body = response.get_json()
    assert response.status_code == 200
    assert body["created"] == 1
    assert [s["row"] for s in body["skipped"]] == ["row 3"]
    stored = db.session.scalar(select(Outlet))
    assert (stored.external_code, stored.lon, stored.lat) == (
        "BRU-001",
        4.3517,
        50.8503,
    )


@pytest.mark.parametrize(
    "options", [{"decimal": ","}, {}], ids=["declared", "detected"]
)
def test_c18_upload_is_refused_naming_row_4(client, dispatcher, options):
    response = upload(client, "outlets", C18, dispatcher, **options)

    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "row 4": {"lon": ["is missing"], "lat": ["is missing"]}
    }
    assert outlet_count() == 0


def test_c18_upload_skipping_row_4_reads_decimal_commas(client, dispatcher):
    response = upload(
        client, "outlets", C18, dispatcher, skip_bad_rows="true", delimiter=";"
    )

    assert response.status_code == 200
    stored = db.session.scalar(select(Outlet).filter_by(external_code="GNT-001"))
    assert (stored.lon, stored.lat) == (3.7174, 51.0543)
    assert response.get_json()["ignored_columns"] == ["weekly_cases", "margin_per_case"]


def test_geojson_in_web_mercator_is_stored_in_wgs84(client, dispatcher):
    radius = 6378137.0
    x = radius * math.radians(4.3517)
    y = radius * math.log(math.tan(math.pi / 4 + math.radians(50.8503) / 2))
    document = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"outlet_code": "M-1", "name": "Kiosk"},
                "geometry": {"type": "Point", "coordinates": [x, y]},
            }
        ],
    }

    response = upload(
        client,
        "outlets",
        json.dumps(document).encode(),
        dispatcher,
        filename="outlets.geojson",
    )

    assert response.status_code == 200, response.get_json()
    stored = db.session.scalar(select(Outlet))
    assert stored.lon == pytest.approx(4.3517, abs=1e-6)
    assert stored.lat == pytest.approx(50.8503, abs=1e-6)


def test_code_in_the_database_already_is_a_409(
    client, dispatcher, brussels, make_outlet
):
    make_outlet(brussels, "BRU-001")
    data = b"outlet_code,name,lat,lon\nBRU-001,Kiosk Nord,50.8503,4.3517\n"

    response = upload(client, "outlets", data, dispatcher)

    assert response.status_code == 409
    assert "external_code" in response.get_json()["errors"]["row 2"]


def test_deliveries_file_goes_through_the_ingest(
    client, dispatcher, brussels, make_outlet
):
    make_outlet(brussels, "BRU-100")
    data = (
        b"external_ref,outlet_code,delivered_on,status,cases,"
        b"net_revenue,cost_of_goods\n"
        b'D-1,BRU-100,2025-06-02,delivered,4,"40,00","22,50"\n'
    )

    first = upload(client, "deliveries", data, dispatcher)
    again = upload(client, "deliveries", data, dispatcher)

    assert first.get_json()["created"] == 1
    assert again.get_json()["unchanged"] == 1
    assert db.session.scalar(select(Delivery.net_revenue_minor)) == 4000


def test_visits_file_refuses_a_naive_instant(client, dispatcher, brussels, make_outlet):
    make_outlet(brussels, "BRU-100")
    data = (
        b"external_ref,outlet_code,kind,started_at\n"
        b"V-1,BRU-100,audit,2025-06-02 09:15\n"
    )

    response = upload(client, "visits", data, dispatcher)

    assert response.status_code == 422
    assert "started_at" in response.get_json()["errors"]["row 2"]


@pytest.mark.parametrize(
    ("data", "options"),
    [
        (C13, {"decimal": "x"}),
        (C13, {"delimiter": "|"}),
        (C13, {"colour": "red"}),
        (b"", {}),
        (b"\x00\xff\xfe\x00garbage", {}),
        (b"outlet_code,outlet_code\n", {}),
    ],
)
def test_bad_uploads_get_a_4xx(client, dispatcher, data, options):
    response = upload(client, "outlets", data, dispatcher, **options)

    assert 400 <= response.status_code < 500
    assert outlet_count() == 0


def test_upload_without_a_file_is_refused(client, dispatcher):
    response = client.post(
        f"{URL}/outlets",
        data={"skip_bad_rows": "true"},
        headers=dispatcher,
        content_type="multipart/form-data",
    )

    assert response.status_code == 422
    assert "file" in response.get_json()["errors"]


def test_finance_may_not_import(client, brussels, auth_headers):
    response = upload(client, "outlets", C13, auth_headers("finance", brussels))

    assert response.status_code == 403
