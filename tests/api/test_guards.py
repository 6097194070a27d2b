def test_nul_character_in_a_body_is_refused_by_name(
    client, make_distributor, make_user, auth
):
    dispatcher = make_user("dispatcher", make_distributor())

    response = client.post(
        "/api/v1/distributors/BRU/vehicles",
        json={"code": "T\x001", "capacity_cases": 10},
        headers=auth.headers(dispatcher),
    )

    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "code": ["must not contain NUL characters or unpaired surrogates"]
    }


def test_nul_character_in_a_query_is_refused(client, make_distributor, make_user, auth):
    dispatcher = make_user("dispatcher", make_distributor())

    response = client.get(
        "/api/v1/distributors/BRU/vehicles?sort=%00code",
        headers=auth.headers(dispatcher),
    )

    assert response.status_code == 422
    assert "sort" in response.get_json()["errors"]


def test_unpaired_surrogate_is_refused(client, make_distributor, make_user, auth):
    dispatcher = make_user("dispatcher", make_distributor())

    response = client.post(
        "/api/v1/distributors/BRU/vehicles",
        data='{"code": "T\\ud800"}',
        content_type="application/json",
        headers=auth.headers(dispatcher),
    )

    assert response.status_code == 422
    assert "code" in response.get_json()["errors"]


def test_nan_in_json_is_refused(client, make_distributor, make_user, auth):
    dispatcher = make_user("dispatcher", make_distributor())

    response = client.post(
        "/api/v1/distributors/BRU/plans",
        data='{"service_date": "2026-03-10", "settings": {"speed_kmh": NaN}}',
        content_type="application/json",
        headers=auth.headers(dispatcher),
    )

    assert response.status_code in (400, 422)


def test_id_beyond_any_database_id_is_not_found(
    client, make_distributor, make_user, auth
):
    dispatcher = make_user("dispatcher", make_distributor())

    response = client.get(
        "/api/v1/distributors/BRU/vehicles/99999999999999999999",
        headers=auth.headers(dispatcher),
    )

    assert response.status_code == 404


def test_page_beyond_reason_is_refused(client, make_distributor, make_user, auth):
    dispatcher = make_user("dispatcher", make_distributor())

    response = client.get(
        "/api/v1/distributors/BRU/vehicles?page=99999999999999999999",
        headers=auth.headers(dispatcher),
    )

    assert response.status_code == 422
    assert "page" in response.get_json()["errors"]
