"""Outlets created and moved through the outlet endpoints are placed and checked."""

import pytest

URL = "/api/v1/distributors/BRU/outlets"


def outlet(**changes) -> dict:
    values = {
        "external_code": "BRU-001",
        "name": "Kiosk Nord",
        "lon": 4.3517,
        "lat": 50.8503,
        "channel": "kiosk",
        "size_band": "S",
        "receiving_windows": [{"opens_at": "07:00", "closes_at": "11:00"}],
    }
    values.update(changes)
    return values


@pytest.fixture
def dispatcher(brussels, auth_headers):
    return auth_headers("dispatcher", brussels)


def test_new_outlet_lands_in_its_territory(client, dispatcher):
    response = client.post(URL, json=outlet(), headers=dispatcher)

    assert response.status_code == 201
    assert response.get_json()["territory"] == "Brussels"


def test_c13_swapped_outlet_is_refused_naming_lat_and_lon(client, dispatcher):
    response = client.post(
        URL, json=outlet(lat=4.3600, lon=50.8450), headers=dispatcher
    )

    errors = response.get_json()["errors"]
    assert response.status_code == 422
    assert set(errors) == {"lat", "lon"}
    assert "swapped" in errors["lat"][0]


def test_duplicate_code_is_a_409_naming_external_code(client, dispatcher):
    client.post(URL, json=outlet(), headers=dispatcher)

    response = client.post(URL, json=outlet(name="Other"), headers=dispatcher)

    assert response.status_code == 409
    assert "external_code" in response.get_json()["errors"]


def test_window_ending_before_it_starts_is_a_422(client, dispatcher):
    windows = [{"opens_at": "11:00", "closes_at": "07:00"}]

    response = client.post(
        URL, json=outlet(receiving_windows=windows), headers=dispatcher
    )

    assert response.status_code == 422
    reason = response.get_json()["errors"]["receiving_windows"][0]
    assert "ends before it starts" in reason


def test_patch_moves_an_outlet_and_keeps_the_rest(client, dispatcher):
    created = client.post(URL, json=outlet(), headers=dispatcher).get_json()

    response = client.patch(
        f"{URL}/{created['id']}",
        json={"lon": 4.36, "lat": 50.85},
        headers=dispatcher,
    )

    assert response.status_code == 200
    body = response.get_json()
    assert (body["lon"], body["lat"]) == (4.36, 50.85)
    assert body["name"] == "Kiosk Nord"
    assert body["territory"] == "Brussels"


def test_patch_to_a_far_away_point_is_refused_and_changes_nothing(client, dispatcher):
    created = client.post(URL, json=outlet(), headers=dispatcher).get_json()

    response = client.patch(
        f"{URL}/{created['id']}", json={"lon": 50.85, "lat": 4.36}, headers=dispatcher
    )
    after = client.get(f"{URL}/{created['id']}", headers=dispatcher).get_json()

    assert response.status_code == 422
    assert (after["lon"], after["lat"]) == (4.3517, 50.8503)
