"""Rate cards and vehicle rates: created, listed, read, audited, applied by date."""

from datetime import date

import pytest

BASE = "/api/v1/distributors/BRU"
CARD = {
    "effective_from": "2026-03-03",
    "cost_per_stop": "5.00",
    "picking_per_case": "0.10",
    "handling_per_case": "0.05",
    "technician_rate_per_hour": "30",
    "visit_callout": "15.00",
    "annual_cost_of_capital": "0",
    "standard_stop_minutes": "10",
    "minutes_per_case": "1",
    "standard_route_cost_per_stop": "20.00",
}


@pytest.fixture
def admin(costed_world, auth_headers):
    return auth_headers("admin", costed_world["distributor"])


def test_rate_card_is_created_listed_and_read(client, admin):
    created = client.post(f"{BASE}/rate-cards", json=CARD, headers=admin)
    listed = client.get(f"{BASE}/rate-cards", headers=admin)
    card_id = created.get_json()["id"]
    read = client.get(f"{BASE}/rate-cards/{card_id}", headers=admin)

    assert created.status_code == 201, created.get_json()
    assert [c["effective_from"] for c in listed.get_json()] == [
        "2026-03-03",
        "2026-01-01",
    ]
    assert read.get_json()["cost_per_stop"] == "5.00"


def test_new_rate_card_applies_from_its_date_only(
    client, admin, costed_world, make_delivery
):
    make_delivery(
        costed_world["distributor"],
        costed_world["outlets"]["O1"],
        "D4",
        10,
        30000,
        20000,
        day=date(2026, 3, 3),
    )
    client.post(f"{BASE}/rate-cards", json=CARD, headers=admin)

    def stop_admin_on(day: str) -> str:
        rows = client.get(
            f"{BASE}/costing/outlets",
            query_string={"from": day, "to": day, "search": "O1"},
            headers=admin,
        ).get_json()
        return rows[0]["stop_admin"]

    assert stop_admin_on("2026-03-02") == "2.00"
    assert stop_admin_on("2026-03-03") == "5.00"


def test_rate_card_change_gets_an_audit_record(client, admin, db_session):
    from dsd.models import AuditRecord

    client.post(f"{BASE}/rate-cards", json=CARD, headers=admin)
    record = db_session.query(AuditRecord).filter_by(action="rate_card.create").one()

    assert record.before["cost_per_stop_minor"] == 200
    assert record.after["cost_per_stop_minor"] == 500
    assert record.user_id is not None


def test_second_rate_card_on_the_same_date_is_a_conflict(client, admin):
    client.post(f"{BASE}/rate-cards", json=CARD, headers=admin)
    again = client.post(f"{BASE}/rate-cards", json=CARD, headers=admin)

    assert again.status_code == 409
    assert "effective_from" in again.get_json()["errors"]


def test_amount_with_too_many_decimals_is_refused_naming_it(client, admin):
    response = client.post(
        f"{BASE}/rate-cards", json={**CARD, "cost_per_stop": "5.001"}, headers=admin
    )

    assert response.status_code == 422
    assert "cost_per_stop" in response.get_json()["errors"]


def test_vehicle_rate_applies_from_its_date_and_is_audited(client, admin, db_session):
    from dsd.models import AuditRecord

    created = client.post(
        f"{BASE}/vehicle-rates",
        json={
            "vehicle_code": "T1",
            "effective_from": "2026-03-03",
            "fixed_per_day": "90.00",
            "cost_per_km": "1",
            "cost_per_hour": "30",
        },
        headers=admin,
    )
    read = client.get(f"{BASE}/vehicle-rates/{created.get_json()['id']}", headers=admin)
    o1 = client.get(
        f"{BASE}/costing/outlets",
        query_string={"from": "2026-03-02", "to": "2026-03-02", "search": "O1"},
        headers=admin,
    ).get_json()[0]

    assert created.status_code == 201, created.get_json()
    assert read.get_json()["fixed_per_day"] == "90.00"
    assert o1["route_travel"] == "34.25"
    assert db_session.query(AuditRecord).filter_by(action="vehicle_rate.create").count()


def test_vehicle_rate_for_an_unknown_truck_is_not_found(client, admin):
    response = client.post(
        f"{BASE}/vehicle-rates",
        json={
            "vehicle_code": "NOPE",
            "effective_from": "2026-03-03",
            "fixed_per_day": "90.00",
            "cost_per_km": "1",
            "cost_per_hour": "30",
        },
        headers=admin,
    )

    assert response.status_code == 404
    assert "vehicle_code" in response.get_json()["errors"]


def test_promotion_rebates_and_trade_payments_reach_trade_spend(client, admin):
    promotion = {
        "code": "SPRING",
        "first_date": "2026-03-01",
        "last_date": "2026-03-31",
        "rebate_per_case": "0.50",
        "outlet_codes": ["O2"],
    }
    payment = {
        "external_ref": "TP1",
        "outlet_code": "O1",
        "paid_on": "2026-03-02",
        "amount": "12.00",
        "promotion_code": "SPRING",
    }
    first = client.post(
        f"{BASE}/trade/promotions", json={"rows": [promotion]}, headers=admin
    )
    again = client.post(
        f"{BASE}/trade/promotions", json={"rows": [promotion]}, headers=admin
    )
    paid = client.post(
        f"{BASE}/trade/payments", json={"rows": [payment, payment]}, headers=admin
    )
    rows = {
        row["outlet"]: row
        for row in client.get(
            f"{BASE}/costing/outlets",
            query_string={"from": "2026-03-02", "to": "2026-03-02"},
            headers=admin,
        ).get_json()
    }

    assert (first.get_json()["created"], again.get_json()["unchanged"]) == (1, 1)
    assert (paid.get_json()["created"], paid.get_json()["unchanged"]) == (1, 1)
    # O2: 20 cases x 0.50 = 10.00 rebate; O1: the 12.00 payment.
    assert rows["O2"]["trade_rebates"] == "10.00"
    assert rows["O1"]["trade_payments"] == "12.00"
    assert rows["O1"]["net_contribution"] == "37.25"


def test_trade_payment_under_a_stored_reference_with_other_amount_conflicts(
    client, admin
):
    payment = {
        "external_ref": "TP1",
        "outlet_code": "O1",
        "paid_on": "2026-03-02",
        "amount": "12.00",
    }
    client.post(f"{BASE}/trade/payments", json={"rows": [payment]}, headers=admin)
    other = client.post(
        f"{BASE}/trade/payments",
        json={"rows": [{**payment, "amount": "13.00"}]},
        headers=admin,
    )

    assert other.status_code == 409
    assert "external_ref" in other.get_json()["errors"]["row 1"]
