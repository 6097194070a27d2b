"""The console's pages as HTML: who may open them, and what the server puts in."""

import re

import pytest

from dsd.planning.jobs import wait_for_solve

from .conftest import SERVICE_DATE


def _sign_in(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True


@pytest.fixture
def solved_plan(client, console_world, auth):
    """A plan of the console world, solved with a one-second limit."""
    answer = client.post(
        "/api/v1/distributors/BRU/plans",
        json={"service_date": str(SERVICE_DATE), "settings": {"time_limit_s": 1}},
        headers=auth.headers(console_world["dispatcher"]),
    )
    plan_id = answer.get_json()["id"]
    wait_for_solve(plan_id, timeout_s=60)
    return plan_id


def test_signed_out_visitor_is_sent_to_sign_in(client, console_world):
    answer = client.get("/distributors/BRU/plans")

    assert answer.status_code == 302
    assert "/login" in answer.headers["Location"]


@pytest.mark.parametrize("role", ["driver", "technician"])
def test_field_roles_may_not_open_planning_pages(
    client, console_world, make_user, role
):
    user = make_user(role, console_world["distributor"], email=f"{role}2@example.test")
    _sign_in(client, user)

    answer = client.get("/distributors/BRU/plans")

    assert answer.status_code == 403
    assert b"Not allowed" in answer.data


def test_dispatcher_of_another_distributor_is_refused(
    client, console_world, solved_plan, make_distributor, make_user
):
    other = make_distributor("SGN", timezone="Asia/Ho_Chi_Minh", currency="VND")
    _sign_in(client, make_user("dispatcher", other))

    assert client.get("/distributors/BRU/plans").status_code == 403
    assert client.get(f"/distributors/BRU/plans/{solved_plan}").status_code == 403
    sheets = client.get(f"/distributors/BRU/plans/{solved_plan}/sheets")
    assert sheets.status_code == 403


def test_plan_of_another_distributor_is_not_found_under_this_one(
    client, console_world, solved_plan, make_distributor, make_user
):
    make_distributor("SGN", timezone="Asia/Ho_Chi_Minh", currency="VND")
    _sign_in(client, make_user("admin"))

    answer = client.get(f"/distributors/SGN/plans/{solved_plan}")

    assert answer.status_code == 404


def test_finance_reads_the_plan_without_edit_controls(
    client, console_world, solved_plan, make_user
):
    _sign_in(client, make_user("finance", console_world["distributor"]))

    html = client.get(f"/distributors/BRU/plans/{solved_plan}").get_data(as_text=True)

    assert 'data-can-edit="false"' in html
    assert 'id="move-form"' not in html
    assert 'id="publish-button"' not in html


@pytest.mark.parametrize(("currency", "exponent"), [("EUR", "2"), ("VND", "0")])
def test_page_carries_the_currency_exponent(
    client, make_distributor, make_user, currency, exponent
):
    distributor = make_distributor("X1", currency=currency)
    _sign_in(client, make_user("dispatcher", distributor))
    from dsd.extensions import db
    from dsd.models import Plan

    plan = Plan(distributor_id=distributor.id, service_date=SERVICE_DATE)
    db.session.add(plan)
    db.session.commit()

    html = client.get(f"/distributors/X1/plans/{plan.id}").get_data(as_text=True)

    assert f'data-currency="{currency}"' in html
    assert f'data-currency-exponent="{exponent}"' in html


def test_plan_list_shows_route_cost_in_major_units(client, console_world, solved_plan):
    from dsd.extensions import db
    from dsd.models import Plan

    plan = db.session.get(Plan, solved_plan)
    cost = plan.totals["route_cost_minor"]
    _sign_in(client, console_world["dispatcher"])

    html = client.get("/distributors/BRU/plans").get_data(as_text=True)

    euros, cents = divmod(cost, 100)
    assert f"{euros:,}.{cents:02d} EUR" in html
    assert f"/distributors/BRU/plans/{solved_plan}" in html


def test_route_sheets_give_each_truck_its_stops_and_a_signature_line(
    client, console_world, solved_plan
):
    _sign_in(client, console_world["dispatcher"])

    html = client.get(f"/distributors/BRU/plans/{solved_plan}/sheets").get_data(
        as_text=True
    )

    # Two trucks carry three drops of 29 cases each; the third stays home.
    sheets = re.findall(r'<section class="route-sheet" data-vehicle="(T\d)">', html)
    assert len(sheets) == 2
    assert html.count('<td class="num">29</td>') == 6
    assert html.count("Driver's signature") == 2
    assert "driver.bru@example.test" in html or "not assigned" in html


def test_home_page_links_a_dispatcher_to_the_plans(client, console_world):
    _sign_in(client, console_world["dispatcher"])

    assert b"/distributors/BRU/plans" in client.get("/").data


def test_home_page_has_no_plans_link_for_a_driver(client, console_world):
    from dsd.extensions import db
    from dsd.models import User

    _sign_in(client, db.session.scalar(db.select(User).filter_by(role="driver")))

    assert b"/distributors/BRU/plans" not in client.get("/").data


def test_map_library_is_served_from_the_installed_package(client):
    with client.get("/vendor/leaflet/leaflet.js") as script:
        assert script.status_code == 200
        assert b"Leaflet" in script.data

    assert client.get("/vendor/leaflet/../../package.json").status_code == 404
    assert client.get("/vendor/left-pad/index.js").status_code == 404
