import pytest

NEW = {
    "code": "SGN",
    "name": "Saigon Beverages",
    "depot_lon": 106.74,
    "depot_lat": 10.75,
    "timezone": "Asia/Ho_Chi_Minh",
    "currency": "VND",
}


def test_global_admin_adds_distributor(client, make_user, auth):
    admin = make_user("admin")

    response = client.post(
        "/api/v1/distributors", json=NEW, headers=auth.headers(admin)
    )

    assert response.status_code == 201
    assert response.get_json()["currency"] == "VND"


def test_duplicate_code_is_a_conflict(client, make_user, auth, make_distributor):
    make_distributor("SGN")
    admin = make_user("admin")

    response = client.post(
        "/api/v1/distributors", json=NEW, headers=auth.headers(admin)
    )

    assert response.status_code == 409
    assert "code" in response.get_json()["errors"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("depot_lat", 91),
        ("depot_lon", -180.5),
        ("timezone", "Mars/Olympus"),
        ("currency", "XYZ"),
        ("code", "lower case"),
    ],
)
def test_bad_field_is_named(client, make_user, auth, field, value):
    admin = make_user("admin")

    response = client.post(
        "/api/v1/distributors", json={**NEW, field: value}, headers=auth.headers(admin)
    )

    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == [field]


def test_distributor_admin_cannot_add_distributor(
    client, make_user, auth, make_distributor
):
    admin = make_user("admin", make_distributor("BRU"))

    response = client.post(
        "/api/v1/distributors", json=NEW, headers=auth.headers(admin)
    )

    assert response.status_code == 403


def test_deactivate_keeps_the_record(client, make_user, auth, make_distributor):
    make_distributor("BRU")
    admin = make_user("admin")

    response = client.delete("/api/v1/distributors/BRU", headers=auth.headers(admin))

    assert response.status_code == 200
    assert response.get_json()["active"] is False
    read = client.get("/api/v1/distributors/BRU", headers=auth.headers(admin))
    assert read.get_json()["active"] is False
