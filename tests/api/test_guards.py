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
        "code": ["must not contain NUL characters"]
    }


def test_nul_character_in_a_query_is_refused(client, make_distributor, make_user, auth):
    dispatcher = make_user("dispatcher", make_distributor())

    response = client.get(
        "/api/v1/distributors/BRU/vehicles?sort=%00code",
        headers=auth.headers(dispatcher),
    )

    assert response.status_code == 422
    assert "sort" in response.get_json()["errors"]
