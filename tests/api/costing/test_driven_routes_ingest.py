"""Driven routes: API batch, CSV file and CLI; idempotent; bad rows named."""

import io

import pytest

from .conftest import route_row

URL = "/api/v1/distributors/BRU/driven-routes"
HEADER = (
    "route_ref,vehicle_code,service_date,left_depot_at,back_at_depot_at,km,"
    "sequence,outlet_code,arrived_at,departed_at,dwell_minutes,depot_distance_km,"
    "delivery_refs\n"
)
GOOD_CSV = HEADER + (
    "R1,T1,2026-03-02,2026-03-02T07:00:00+01:00,2026-03-02T11:00:00+01:00,40,"
    "1,O1,2026-03-02T07:30:00+01:00,2026-03-02T07:50:00+01:00,,5,D1\n"
    "R1,T1,2026-03-02,2026-03-02T07:00:00+01:00,2026-03-02T11:00:00+01:00,40,"
    "2,O2,,,40,15,D2\n"
)


@pytest.fixture
def dispatcher(small_world, auth_headers):
    return auth_headers("dispatcher", small_world["distributor"])


def _linked(db_session) -> dict[str, int | None]:
    from dsd.models import Delivery, DrivenStop

    return {
        delivery.external_ref: (
            db_session.get(DrivenStop, delivery.driven_stop_id).sequence
            if delivery.driven_stop_id
            else None
        )
        for delivery in db_session.query(Delivery)
    }


def test_route_batch_links_deliveries_to_their_stops(client, dispatcher, db_session):
    response = client.post(URL, json={"rows": [route_row()]}, headers=dispatcher)

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["created"] == 1
    assert _linked(db_session) == {"D1": 1, "D2": 2, "D3": None}


def test_route_sent_twice_is_recorded_once(client, dispatcher, db_session):
    from dsd.models import DrivenRoute

    client.post(URL, json={"rows": [route_row()]}, headers=dispatcher)
    again = client.post(URL, json={"rows": [route_row()]}, headers=dispatcher)

    assert again.get_json()["unchanged"] == 1
    assert db_session.query(DrivenRoute).count() == 1


def test_other_content_under_a_stored_route_reference_conflicts(client, dispatcher):
    client.post(URL, json={"rows": [route_row()]}, headers=dispatcher)
    other = client.post(URL, json={"rows": [route_row(km="41")]}, headers=dispatcher)

    assert other.status_code == 409
    assert "external_ref" in other.get_json()["errors"]["row 1"]


def test_bad_stop_is_named_and_nothing_is_stored(client, dispatcher, db_session):
    from dsd.models import DrivenRoute

    row = route_row()
    row["stops"][1]["outlet_code"] = "O9"
    response = client.post(URL, json={"rows": [row]}, headers=dispatcher)

    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "row 1 stop 2": {"outlet_code": ["no outlet with code 'O9'"]}
    }
    assert db_session.query(DrivenRoute).count() == 0


def test_route_whose_departure_falls_on_another_local_date_is_refused(
    client, dispatcher
):
    row = route_row(service_date="2026-03-01")
    response = client.post(URL, json={"rows": [row]}, headers=dispatcher)

    assert response.status_code == 422
    assert "service_date" in response.get_json()["errors"]["row 1"]


def test_dwell_longer_than_the_route_is_refused(client, dispatcher):
    row = route_row()
    row["stops"][1]["dwell_minutes"] = "300"
    response = client.post(URL, json={"rows": [row]}, headers=dispatcher)

    assert response.status_code == 422
    assert "stops" in response.get_json()["errors"]["row 1"]


def test_offsetless_instant_is_refused_naming_it(client, dispatcher):
    row = route_row(left_depot_at="2026-03-02T07:00:00")
    response = client.post(URL, json={"rows": [row]}, headers=dispatcher)

    assert response.status_code == 422
    assert "left_depot_at" in response.get_json()["errors"]["row 1"]


def test_csv_upload_records_routes(client, dispatcher, db_session):
    response = client.post(
        "/api/v1/distributors/BRU/imports/driven-routes",
        data={"file": (io.BytesIO(GOOD_CSV.encode()), "routes.csv")},
        headers=dispatcher,
        content_type="multipart/form-data",
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["created"] == 1
    assert _linked(db_session) == {"D1": 1, "D2": 2, "D3": None}


def test_cli_imports_routes_once(runner, small_world, tmp_path, db_session):
    from dsd.models import DrivenStop

    path = tmp_path / "routes.csv"
    path.write_text(GOOD_CSV)
    args = ["import", "routes", str(path), "--distributor", "BRU"]
    first = runner.invoke(args=args)
    second = runner.invoke(args=args)

    assert first.exit_code == 0, first.output
    assert "1 created" in first.output
    assert "1 already recorded" in second.output
    assert db_session.query(DrivenStop).count() == 2


def test_cli_names_the_bad_row_and_column(runner, small_world, tmp_path):
    path = tmp_path / "routes.csv"
    path.write_text(GOOD_CSV.replace(",2,O2,", ",2,O9,"))
    result = runner.invoke(args=["import", "routes", str(path), "--distributor", "BRU"])

    assert result.exit_code == 1
    assert "row 3, outlet_code: no outlet with code 'O9'" in result.output


def test_csv_row_disagreeing_with_its_route_is_refused(runner, small_world, tmp_path):
    path = tmp_path / "routes.csv"
    lines = GOOD_CSV.splitlines()
    lines[2] = lines[2].replace(",40,2,", ",41,2,")
    path.write_text("\n".join(lines) + "\n")
    result = runner.invoke(args=["import", "routes", str(path), "--distributor", "BRU"])

    assert result.exit_code == 1
    assert "row 3, km: differs from the route's first row (row 2)" in result.output
