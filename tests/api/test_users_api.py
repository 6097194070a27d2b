def test_distributor_admin_adds_a_driver(client, make_distributor, make_user, auth):
    admin = make_user("admin", make_distributor("BRU"))

    response = client.post(
        "/api/v1/users",
        json={
            "email": "New.Driver@Example.test",
            "role": "driver",
            "distributor": "BRU",
            "password": "long-enough-1",
        },
        headers=auth.headers(admin),
    )

    assert response.status_code == 201
    assert response.get_json()["email"] == "new.driver@example.test"
    assert "password" not in response.get_json()


def test_distributor_admin_cannot_add_a_global_admin(
    client, make_distributor, make_user, auth
):
    admin = make_user("admin", make_distributor("BRU"))

    response = client.post(
        "/api/v1/users",
        json={
            "email": "boss@example.test",
            "role": "admin",
            "password": "long-enough-1",
        },
        headers=auth.headers(admin),
    )

    assert response.status_code == 403


def test_driver_needs_a_distributor(client, make_user, auth):
    admin = make_user("admin")

    response = client.post(
        "/api/v1/users",
        json={"email": "d@example.test", "role": "driver", "password": "long-enough-1"},
        headers=auth.headers(admin),
    )

    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "distributor": ["a driver must belong to a distributor"]
    }


def test_short_password_is_refused(client, make_distributor, make_user, auth):
    make_distributor("BRU")
    admin = make_user("admin")

    response = client.post(
        "/api/v1/users",
        json={
            "email": "d@example.test",
            "role": "driver",
            "distributor": "BRU",
            "password": "short",
        },
        headers=auth.headers(admin),
    )

    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["password"]


def test_duplicate_email_is_a_conflict(client, make_distributor, make_user, auth):
    bru = make_distributor("BRU")
    admin = make_user("admin")
    existing = make_user("driver", bru)

    response = client.post(
        "/api/v1/users",
        json={
            "email": existing.email,
            "role": "driver",
            "distributor": "BRU",
            "password": "long-enough-1",
        },
        headers=auth.headers(admin),
    )

    assert response.status_code == 409


def test_deactivated_user_cannot_get_a_token(client, make_distributor, make_user, auth):
    from tests.conftest import PASSWORD

    bru = make_distributor("BRU")
    admin = make_user("admin", bru)
    driver = make_user("driver", bru)

    client.delete(f"/api/v1/users/{driver.id}", headers=auth.headers(admin))
    response = client.post(
        "/api/v1/auth/token", json={"email": driver.email, "password": PASSWORD}
    )

    assert response.status_code == 401


def test_role_change_leaves_an_audit_record(
    client, make_distributor, make_user, auth, db_session
):
    from sqlalchemy import select

    from dsd.models import AuditRecord

    bru = make_distributor("BRU")
    admin = make_user("admin", bru)
    driver = make_user("driver", bru)

    client.patch(
        f"/api/v1/users/{driver.id}",
        json={"role": "technician"},
        headers=auth.headers(admin),
    )

    record = db_session.scalar(select(AuditRecord).filter_by(entity="users"))
    assert record.user_id == admin.id
    assert record.before["role"] == "driver"
    assert record.after["role"] == "technician"
