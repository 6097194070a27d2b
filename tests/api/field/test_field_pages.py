"""The field pages show a user their own day only, and write only their own."""

import re

from dsd.extensions import db
from dsd.models import DrivenStop
from tests.conftest import PASSWORD
from tests.field_support import field_instant, iso


def _sign_in(client, user) -> str:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    home = client.get("/").get_data(as_text=True)
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', home)[1]


def test_driver_page_lists_own_stops_only(client, field_world):
    _sign_in(client, field_world.drivers[0])

    page = client.get("/field/").get_data(as_text=True)

    assert "Outlet O1" in page
    assert "Outlet O2" in page
    assert "Outlet O3" not in page
    assert "Outlet O4" not in page
    assert "geo:50.860300,4.351700" in page


def test_page_session_cannot_write_another_drivers_stop(client, field_world):
    token = _sign_in(client, field_world.drivers[0])
    other = field_world.stops[1][0]

    answer = client.post(
        f"/api/v1/distributors/BRU/field/stops/{other.id}/arrival",
        json={"submission_id": "page-key-0001", "arrived_at": iso(field_instant(0))},
        headers={"X-CSRF-Token": token},
    )

    assert answer.status_code == 404
    assert db.session.query(DrivenStop).count() == 0


def test_page_session_writes_own_stop_with_its_token(client, field_world):
    token = _sign_in(client, field_world.drivers[0])
    own = field_world.stops[0][0]
    body = {"submission_id": "page-key-0002", "arrived_at": iso(field_instant(0))}
    url = f"/api/v1/distributors/BRU/field/stops/{own.id}/arrival"

    without = client.post(url, json=body)
    with_token = client.post(url, json=body, headers={"X-CSRF-Token": token})

    assert (without.status_code, with_token.status_code) == (403, 200)
    assert db.session.query(DrivenStop).count() == 1


def test_technician_page_lists_own_visits_only(client, field_world):
    _sign_in(client, field_world.technicians[1])

    page = client.get("/field/").get_data(as_text=True)

    assert "Outlet O2" in page
    assert "Outlet O1" not in page


def test_dispatcher_page_adds_a_service_request(client, field_world):
    _sign_in(client, field_world.dispatcher)
    page = client.get("/field/dispatch").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]

    client.post(
        "/field/dispatch/requests",
        data={
            "csrf_token": token,
            "outlet_code": "O4",
            "kind": "install",
            "priority": "low",
            "window_start": "2026-03-02T08:00",
            "window_end": "2026-03-02T12:00",
            "expected_minutes": "90",
        },
    )

    listed = client.get("/field/dispatch").get_data(as_text=True)
    assert "Service request added." in listed
    assert "<td>O4</td><td>install</td><td>low</td>" in listed


def test_finance_has_no_field_page(client, field_world, make_user):
    _sign_in(client, make_user("finance", field_world.distributor))

    assert client.get("/field/").status_code == 403
