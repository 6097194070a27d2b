"""Who may read the finance pages, and that finance may change nothing."""

import re

import pytest

from tests.api.test_access_rules import _more_records
from tests.integration.finance.conftest import PAGES, PERIOD, bearer

PAGE_PATHS = ("/outlets", "/outlets/A1", "/segments", "/whale", "/churn")
WRITE_METHODS = {"post", "put", "patch", "delete"}
# Signing in is the one write any caller may make.
PUBLIC = {("post", "/api/v1/auth/token")}


@pytest.mark.parametrize("role", ["admin", "dispatcher", "finance"])
def test_office_roles_read_every_finance_page(client, finance_world, sign_in, role):
    sign_in(role, finance_world["distributor"])

    for path in PAGE_PATHS:
        response = client.get(f"{PAGES}{path}", query_string=PERIOD)
        assert response.status_code == 200, path


@pytest.mark.parametrize("role", ["driver", "technician"])
def test_field_roles_are_refused_every_finance_page(
    client, finance_world, sign_in, role
):
    sign_in(role, finance_world["distributor"])

    for path in ("/", *(f"/BRU{path}" for path in PAGE_PATHS)):
        response = client.get(f"/finance{path}", query_string=PERIOD)
        assert response.status_code == 403, path


def test_finance_of_another_distributor_is_refused(
    client, finance_world, make_distributor, sign_in
):
    sign_in("finance", make_distributor("OTH"))

    for path in PAGE_PATHS:
        response = client.get(f"{PAGES}{path}", query_string=PERIOD)
        assert response.status_code == 403, path


def test_anonymous_visitor_is_sent_to_sign_in(client, finance_world):
    response = client.get(f"{PAGES}/outlets", query_string=PERIOD)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_finance_start_page_opens_the_users_distributor(finance_client):
    response = finance_client.get("/finance/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/finance/BRU/outlets"


def _write_operations(client):
    document = client.get("/api/openapi.json").get_json()
    for path, item in document["paths"].items():
        for method in WRITE_METHODS & set(item):
            if (method, path) not in PUBLIC:
                yield method, path


def _filled(path: str, ids: dict) -> str:
    # Every id names a stored record, so a refusal cannot be a 404 in disguise.
    return re.sub(r"\{(\w+)\}", lambda match: str(ids[match.group(1)]), path)


@pytest.fixture
def records(finance_world, make_user, db_session):
    """One stored record of each kind a write operation names."""
    from datetime import date, time

    from dsd.models import Plan, Territory, Vehicle

    distributor = finance_world["distributor"]
    vehicle = Vehicle(
        distributor_id=distributor.id,
        code="T1",
        capacity_cases=300,
        shift_start=time(6),
        shift_end=time(15),
        fixed_cost_minor=5000,
        cost_per_km=1,
        cost_per_hour=20,
    )
    plan = Plan(distributor_id=distributor.id, service_date=date(2026, 5, 4))
    db_session.add_all([vehicle, plan])
    db_session.commit()
    territory = db_session.query(Territory).filter_by(distributor_id=distributor.id)
    ids = {
        "distributor_code": distributor.code,
        "vehicle_id": vehicle.id,
        "territory_id": territory.one().id,
        "outlet_id": finance_world["outlets"]["A1"].id,
        "plan_id": plan.id,
        "user_id": make_user("driver", distributor).id,
    }
    # Records of every other kind, as the whole-document access test makes them.
    more = _more_records(distributor, db_session)
    return {**more, **ids}


def _table_sizes(db_session) -> dict[str, int]:
    from sqlalchemy import func, select

    from dsd.extensions import db

    return {
        table.name: db_session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def test_finance_with_a_token_is_refused_every_write_operation(
    client, records, make_user, db_session
):
    headers = bearer(make_user("finance", records_distributor(db_session)))
    before = _table_sizes(db_session)

    operations = list(_write_operations(client))
    for method, path in operations:
        response = client.open(
            _filled(path, records), method=method.upper(), json={}, headers=headers
        )
        assert response.status_code == 403, f"{method.upper()} {path}"

    assert len(operations) >= 30
    assert _table_sizes(db_session) == before


def test_finance_signed_in_on_a_page_is_refused_every_write_operation(
    client, records, sign_in, db_session
):
    sign_in("finance", records_distributor(db_session))
    with client.session_transaction() as session:
        headers = {"X-CSRF-Token": session["csrf_token"]}
    before = _table_sizes(db_session)

    for method, path in _write_operations(client):
        response = client.open(
            _filled(path, records), method=method.upper(), json={}, headers=headers
        )
        assert response.status_code == 403, f"{method.upper()} {path}"

    assert _table_sizes(db_session) == before


def test_finance_pages_accept_no_form_submission(finance_client):
    with finance_client.session_transaction() as session:
        token = session["csrf_token"]

    for path in ("/", *(f"/BRU{path}" for path in PAGE_PATHS)):
        response = finance_client.post(f"/finance{path}", data={"csrf_token": token})
        assert response.status_code == 405, path


def records_distributor(db_session):
    from sqlalchemy import select

    from dsd.models import Distributor

    return db_session.scalar(select(Distributor).filter_by(code="BRU"))
