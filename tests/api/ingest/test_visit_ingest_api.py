"""Service visits through the API: offsets kept, naive instants refused (C23)."""

import pytest
from sqlalchemy import func, select

from dsd.extensions import db
from dsd.models import Asset, Outlet, ServiceVisit

URL = "/api/v1/distributors/BRU/visits"


def visit(ref="V-1", **changes) -> dict:
    row = {
        "external_ref": ref,
        "outlet_code": "BRU-100",
        "kind": "repair",
        "started_at": "2025-06-02T09:15:00+02:00",
        "finished_at": "2025-06-02T10:05:00+02:00",
        "parts_cost": "12.50",
        "outcome": "fixed",
    }
    row.update(changes)
    return row


@pytest.fixture
def dispatcher(brussels, make_outlet, auth_headers):
    make_outlet(brussels, "BRU-100")
    return auth_headers("dispatcher", brussels)


def stored_count() -> int:
    return db.session.scalar(select(func.count()).select_from(ServiceVisit))


def test_c23_visit_reads_back_in_utc_with_its_duration(client, dispatcher):
    posted = client.post(URL, json={"rows": [visit()]}, headers=dispatcher)

    listed = client.get(URL, headers=dispatcher)

    assert posted.status_code == 200
    [read] = listed.get_json()
    assert read["started_at"] == "2025-06-02T07:15:00+00:00"
    assert read["finished_at"] == "2025-06-02T08:05:00+00:00"
    assert read["duration_minutes"] == 50
    assert read["labour_minutes"] == 50
    assert (read["parts_cost"], read["currency"]) == ("12.50", "EUR")


def test_c23_naive_instant_is_refused_naming_started_at(client, dispatcher):
    row = visit(started_at="2025-06-02T09:15:00")

    response = client.post(URL, json={"rows": [row]}, headers=dispatcher)

    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert list(errors["row 1"]) == ["started_at"]
    assert "UTC offset" in errors["row 1"]["started_at"][0]
    assert stored_count() == 0


def test_c23_local_day_filter_finds_the_visit(client, dispatcher):
    rows = [
        visit("V-1"),
        # 00:30 local on 3 June is still 2 June in UTC: it belongs to 3 June.
        visit(
            "V-2",
            started_at="2025-06-03T00:30:00+02:00",
            finished_at="2025-06-03T01:00:00+02:00",
        ),
    ]
    client.post(URL, json={"rows": rows}, headers=dispatcher)

    second_june = client.get(URL + "?from=2025-06-02&to=2025-06-02", headers=dispatcher)
    third_june = client.get(URL + "?from=2025-06-03", headers=dispatcher)

    assert [v["external_ref"] for v in second_june.get_json()] == ["V-1"]
    assert [v["external_ref"] for v in third_june.get_json()] == ["V-2"]


def test_finish_before_start_is_refused(client, dispatcher):
    row = visit(finished_at="2025-06-02T09:00:00+02:00")

    response = client.post(URL, json={"rows": [row]}, headers=dispatcher)

    assert response.get_json()["errors"]["row 1"] == {
        "finished_at": ["is before started_at"]
    }


def test_labour_minutes_given_are_kept(client, dispatcher):
    client.post(URL, json={"rows": [visit(labour_minutes=35)]}, headers=dispatcher)

    assert db.session.scalar(select(ServiceVisit.labour_minutes)) == 35


def test_same_visit_batch_twice_is_recorded_once(client, dispatcher):
    batch = {"rows": [visit("V-1"), visit("V-2", kind="audit")]}
    client.post(URL, json=batch, headers=dispatcher)

    again = client.post(URL, json=batch, headers=dispatcher)

    assert again.get_json()["unchanged"] == 2
    assert stored_count() == 2


def test_same_instant_in_another_offset_is_the_same_visit(client, dispatcher):
    client.post(URL, json={"rows": [visit()]}, headers=dispatcher)
    in_utc = visit(
        started_at="2025-06-02T07:15:00Z", finished_at="2025-06-02T08:05:00+00:00"
    )

    again = client.post(URL, json={"rows": [in_utc]}, headers=dispatcher)

    assert again.get_json()["unchanged"] == 1


def test_changed_visit_under_the_same_reference_is_a_conflict(client, dispatcher):
    client.post(URL, json={"rows": [visit()]}, headers=dispatcher)

    response = client.post(
        URL, json={"rows": [visit(outcome="not_fixed")]}, headers=dispatcher
    )

    assert response.status_code == 409
    assert "outcome" in response.get_json()["errors"]["row 1"]["external_ref"][0]


def test_asset_and_technician_references_are_checked(
    client, dispatcher, brussels, make_outlet, db_session
):
    other = make_outlet(brussels, "BRU-200")
    db_session.add(
        Asset(
            distributor_id=brussels.id,
            outlet_id=other.id,
            kind="cooler",
            serial_number="C-9",
        )
    )
    db_session.commit()
    rows = [
        visit("V-1", asset_serial="C-9"),
        visit("V-2", asset_serial="C-404", technician_email="nobody@example.test"),
    ]

    response = client.post(URL, json={"rows": rows}, headers=dispatcher)

    errors = response.get_json()["errors"]
    assert errors["row 1"] == {"asset_serial": ["asset 'C-9' is at another outlet"]}
    assert set(errors["row 2"]) == {"asset_serial", "technician_email"}


def test_technician_and_asset_are_linked(
    client, dispatcher, brussels, db_session, make_user
):
    here = db_session.scalar(select(Outlet).filter_by(external_code="BRU-100"))
    db_session.add(
        Asset(
            distributor_id=brussels.id,
            outlet_id=here.id,
            kind="cooler",
            serial_number="C-1",
        )
    )
    db_session.commit()
    make_user("technician", brussels, email="tech@example.test")
    row = visit(asset_serial="C-1", technician_email="Tech@example.test")

    response = client.post(URL, json={"rows": [row]}, headers=dispatcher)

    assert response.status_code == 200, response.get_json()
    read = client.get(URL, headers=dispatcher).get_json()[0]
    assert (read["asset_serial"], read["technician_email"]) == (
        "C-1",
        "tech@example.test",
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"started_at": "yesterday"},
        {"started_at": 1717312500},
        {"finished_at": "2025-06-02T10:05:00+02:00", "started_at": None},
        {"kind": "party"},
        {"labour_minutes": -5},
        {"parts_cost": "-1"},
        {
            "window_start": "2025-06-02T10:00+02:00",
            "window_end": "2025-06-02T08:00+02:00",
        },
    ],
)
def test_bad_visit_values_get_a_422(client, dispatcher, changes):
    response = client.post(URL, json={"rows": [visit(**changes)]}, headers=dispatcher)

    assert response.status_code == 422
    assert stored_count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"labour_minutes": 10**12}, "labour_minutes"),
        ({"parts_cost": "1e30"}, "parts_cost"),
        ({"started_at": "0001-01-01T00:30:00+02:00"}, "started_at"),
        (
            {
                "started_at": "2025-06-02T09:15:00+02:00",
                "finished_at": "2025-06-04T09:15:00+02:00",
            },
            "finished_at",
        ),
    ],
)
def test_values_beyond_what_the_database_holds_are_refused(
    client, dispatcher, changes, field
):
    response = client.post(URL, json={"rows": [visit(**changes)]}, headers=dispatcher)

    assert response.status_code == 422
    assert list(response.get_json()["errors"]["row 1"]) == [field]
