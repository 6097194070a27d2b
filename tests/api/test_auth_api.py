from tests.conftest import PASSWORD


def test_token_is_issued_for_right_password(client, make_distributor, make_user):
    user = make_user("dispatcher", make_distributor())

    response = client.post(
        "/api/v1/auth/token", json={"email": user.email, "password": PASSWORD}
    )

    assert response.status_code == 200
    body = response.get_json()
    assert body["role"] == "dispatcher"
    assert body["distributor"] == "BRU"
    listed = client.get(
        "/api/v1/distributors", headers={"Authorization": f"Bearer {body['token']}"}
    )
    assert [d["code"] for d in listed.get_json()] == ["BRU"]


def test_token_is_refused_for_wrong_password(client, make_distributor, make_user):
    user = make_user("dispatcher", make_distributor())

    response = client.post(
        "/api/v1/auth/token", json={"email": user.email, "password": "nope-nope"}
    )

    assert response.status_code == 401
    assert response.get_json()["message"] == "wrong email or password"


def test_token_request_with_unknown_field_names_it(client):
    response = client.post(
        "/api/v1/auth/token",
        json={"email": "a@b.example", "password": "x", "remember": True},
    )

    assert response.status_code == 422
    assert "remember" in response.get_json()["errors"]


def test_forged_token_is_refused(client):
    response = client.get(
        "/api/v1/distributors", headers={"Authorization": "Bearer not-a-token"}
    )

    assert response.status_code == 401


def test_token_stops_working_after_password_change(
    client, make_distributor, make_user, auth, db_session
):
    from dsd.auth.passwords import hash_password

    user = make_user("finance", make_distributor())
    headers = auth.headers(user)
    user.password_hash = hash_password("another-password")
    db_session.commit()

    assert client.get("/api/v1/distributors", headers=headers).status_code == 401


def test_session_write_without_csrf_header_is_refused(
    client, make_distributor, make_user
):
    user = make_user("admin")
    page = client.get("/login")
    token = _csrf_from(page.get_data(as_text=True))
    client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    body = {
        "code": "GNT",
        "name": "Gent",
        "depot_lon": 3.72,
        "depot_lat": 51.05,
        "timezone": "Europe/Brussels",
        "currency": "EUR",
    }

    refused = client.post("/api/v1/distributors", json=body)
    page = client.get("/")
    accepted = client.post(
        "/api/v1/distributors",
        json=body,
        headers={"X-CSRF-Token": _csrf_from(page.get_data(as_text=True))},
    )

    assert refused.status_code == 403
    assert accepted.status_code == 201


def _csrf_from(html: str) -> str:
    marker = 'name="csrf-token" content="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]
