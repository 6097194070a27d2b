TRUCK = {
    "code": "T01",
    "capacity_cases": 400,
    "shift_start": "06:00",
    "shift_end": "15:00",
    "fixed_cost": "85.50",
    "cost_per_km": "0.80",
    "cost_per_hour": "24.125",
}


def _url(code="BRU"):
    return f"/api/v1/distributors/{code}/vehicles"


def test_dispatcher_adds_truck_with_exact_money(
    client, make_distributor, make_user, auth, db_session
):
    from dsd.models import Vehicle

    dispatcher = make_user("dispatcher", make_distributor())

    response = client.post(_url(), json=TRUCK, headers=auth.headers(dispatcher))

    assert response.status_code == 201
    body = response.get_json()
    assert body["fixed_cost"] == "85.50"
    assert body["cost_per_hour"] == "24.125000"
    stored = db_session.get(Vehicle, body["id"])
    assert stored.fixed_cost_minor == 8550


def test_fixed_cost_with_too_many_decimals_is_refused(
    client, make_distributor, make_user, auth
):
    dispatcher = make_user("dispatcher", make_distributor())

    response = client.post(
        _url(), json={**TRUCK, "fixed_cost": "85.505"}, headers=auth.headers(dispatcher)
    )

    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "fixed_cost": ["has more than 2 decimals for EUR"]
    }


def test_shift_that_ends_before_it_starts_is_refused(
    client, make_distributor, make_user, auth
):
    dispatcher = make_user("dispatcher", make_distributor())

    response = client.post(
        _url(),
        json={**TRUCK, "shift_start": "15:00", "shift_end": "06:00"},
        headers=auth.headers(dispatcher),
    )

    assert response.status_code == 422
    assert response.get_json()["errors"] == {"shift_end": ["ends before it starts"]}


def test_negative_capacity_is_refused(client, make_distributor, make_user, auth):
    dispatcher = make_user("dispatcher", make_distributor())

    response = client.post(
        _url(), json={**TRUCK, "capacity_cases": -5}, headers=auth.headers(dispatcher)
    )

    assert response.status_code == 422
    assert "capacity_cases" in response.get_json()["errors"]


def test_list_pages_and_sorts(client, make_distributor, make_user, auth):
    dispatcher = make_user("dispatcher", make_distributor())
    for code in ("T03", "T01", "T02"):
        client.post(
            _url(), json={**TRUCK, "code": code}, headers=auth.headers(dispatcher)
        )

    response = client.get(
        _url() + "?sort=-code&page=1&page_size=2", headers=auth.headers(dispatcher)
    )

    assert [v["code"] for v in response.get_json()] == ["T03", "T02"]
    assert '"total": 3' in response.headers["X-Pagination"]


def test_unknown_sort_field_is_named(client, make_distributor, make_user, auth):
    dispatcher = make_user("dispatcher", make_distributor())

    response = client.get(_url() + "?sort=colour", headers=auth.headers(dispatcher))

    assert response.status_code == 422
    assert "sort" in response.get_json()["errors"]


def test_driver_must_be_a_driver_of_the_distributor(
    client, make_distributor, make_user, auth
):
    bru = make_distributor()
    dispatcher = make_user("dispatcher", bru)
    make_user("finance", bru, email="fin@example.test")

    response = client.post(
        _url(),
        json={**TRUCK, "driver_email": "fin@example.test"},
        headers=auth.headers(dispatcher),
    )

    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "driver_email": ["fin@example.test is a finance"]
    }


def test_patch_changes_only_the_fields_sent(client, make_distributor, make_user, auth):
    dispatcher = make_user("dispatcher", make_distributor())
    created = client.post(_url(), json=TRUCK, headers=auth.headers(dispatcher))

    response = client.patch(
        f"{_url()}/{created.get_json()['id']}",
        json={"capacity_cases": 450},
        headers=auth.headers(dispatcher),
    )

    assert response.status_code == 200
    body = response.get_json()
    assert body["capacity_cases"] == 450
    assert body["code"] == "T01"
    assert body["fixed_cost"] == "85.50"


def test_patch_shift_end_before_start_is_refused(
    client, make_distributor, make_user, auth
):
    dispatcher = make_user("dispatcher", make_distributor())
    created = client.post(_url(), json=TRUCK, headers=auth.headers(dispatcher))

    response = client.patch(
        f"{_url()}/{created.get_json()['id']}",
        json={"shift_end": "05:00"},
        headers=auth.headers(dispatcher),
    )

    assert response.status_code == 422
    assert response.get_json()["errors"] == {"shift_end": ["ends before it starts"]}
