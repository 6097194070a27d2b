"""Bulk ingest and listing of deliveries through the API."""

import pytest
from sqlalchemy import func, select

from dsd.extensions import db
from dsd.geo import assign_territories
from dsd.models import Delivery

URL = "/api/v1/distributors/BRU/deliveries"


def delivery(ref="D-1", **changes) -> dict:
    row = {
        "external_ref": ref,
        "outlet_code": "BRU-100",
        "delivered_on": "2025-06-02",
        "status": "delivered",
        "cases": 12,
        "net_revenue": "152.40",
        "cost_of_goods": "98.10",
    }
    row.update(changes)
    return row


@pytest.fixture
def dispatcher(brussels, make_outlet, auth_headers):
    make_outlet(brussels, "BRU-100", channel="kiosk")
    return auth_headers("dispatcher", brussels)


def stored_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Delivery))


def test_batch_is_recorded_with_exact_cents(client, dispatcher):
    response = client.post(URL, json={"rows": [delivery()]}, headers=dispatcher)

    assert response.status_code == 200
    assert response.get_json()["created"] == 1
    stored = db.session.scalar(select(Delivery))
    assert (stored.net_revenue_minor, stored.cost_of_goods_minor) == (15240, 9810)
    assert stored.trade_spend_minor == 0


def test_same_batch_twice_is_recorded_once(client, dispatcher):
    batch = {"rows": [delivery("D-1"), delivery("D-2", cases=3)]}
    client.post(URL, json=batch, headers=dispatcher)

    again = client.post(URL, json=batch, headers=dispatcher)

    assert again.status_code == 200
    assert again.get_json()["created"] == 0
    assert again.get_json()["unchanged"] == 2
    assert stored_count() == 2


def test_same_reference_twice_in_one_batch_is_recorded_once(client, dispatcher):
    batch = {"rows": [delivery("D-1"), delivery("D-1")]}

    response = client.post(URL, json=batch, headers=dispatcher)

    assert response.get_json()["created"] == 1
    assert stored_count() == 1


def test_same_reference_with_other_content_is_a_conflict(client, dispatcher):
    client.post(URL, json={"rows": [delivery()]}, headers=dispatcher)

    response = client.post(URL, json={"rows": [delivery(cases=13)]}, headers=dispatcher)

    assert response.status_code == 409
    reason = response.get_json()["errors"]["row 1"]["external_ref"][0]
    assert "different cases" in reason


def test_unknown_outlet_is_refused_naming_row_and_field(client, dispatcher):
    rows = [delivery("D-1"), delivery("D-2", outlet_code="NOPE")]

    response = client.post(URL, json={"rows": rows}, headers=dispatcher)

    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "row 2": {"outlet_code": ["no outlet with code 'NOPE'"]}
    }
    assert stored_count() == 0


def test_negative_cases_are_refused(client, dispatcher):
    response = client.post(URL, json={"rows": [delivery(cases=-1)]}, headers=dispatcher)

    assert response.status_code == 422
    assert response.get_json()["errors"]["row 1"]["cases"] == ["must be at least 0"]


def test_more_decimals_than_the_currency_has_are_refused(client, dispatcher):
    response = client.post(
        URL, json={"rows": [delivery(net_revenue="1.005")]}, headers=dispatcher
    )

    assert response.status_code == 422
    assert "net_revenue" in response.get_json()["errors"]["row 1"]


def test_dong_amounts_are_whole(client, make_distributor, make_outlet, auth_headers):
    saigon = make_distributor(
        "SGN",
        depot_lon=106.70,
        depot_lat=10.78,
        timezone="Asia/Ho_Chi_Minh",
        currency="VND",
    )
    make_outlet(saigon, "SGN-1", lon=106.70, lat=10.78)
    headers = auth_headers("dispatcher", saigon)
    url = "/api/v1/distributors/SGN/deliveries"
    good = delivery(outlet_code="SGN-1", net_revenue="1250000", cost_of_goods=800000)
    bad = delivery("D-2", outlet_code="SGN-1", net_revenue="1250000.5")

    refused = client.post(url, json={"rows": [good, bad]}, headers=headers)
    accepted = client.post(url, json={"rows": [good]}, headers=headers)

    assert refused.status_code == 422
    assert list(refused.get_json()["errors"]) == ["row 2"]
    assert accepted.status_code == 200
    assert db.session.scalar(select(Delivery.net_revenue_minor)) == 1250000


def test_failed_drop_needs_a_reason_and_no_cases(client, dispatcher):
    rows = [
        delivery("D-1", status="failed", cases=0, net_revenue=None, cost_of_goods=None),
        delivery("D-2", status="failed", failure_reason="closed", cases=4),
        delivery("D-3", status="failed", failure_reason="closed", cases=0),
    ]
    rows[0].pop("net_revenue")
    rows[0].pop("cost_of_goods")

    response = client.post(URL, json={"rows": rows}, headers=dispatcher)

    errors = response.get_json()["errors"]
    assert errors == {
        "row 1": {"failure_reason": ["is needed when the drop failed"]},
        "row 2": {"cases": ["must be 0 for a failed drop"]},
    }


def test_skip_bad_rows_stores_the_good_rows_and_lists_the_bad(client, dispatcher):
    rows = [delivery("D-1"), delivery("D-2", status="lost"), delivery("D-3")]

    response = client.post(
        URL, json={"rows": rows, "skip_bad_rows": True}, headers=dispatcher
    )

    body = response.get_json()
    assert response.status_code == 200
    assert body["created"] == 2
    assert [s["row"] for s in body["skipped"]] == ["row 2"]
    assert "status" in body["skipped"][0]["errors"]
    assert stored_count() == 2


def test_unknown_fields_are_refused(client, dispatcher):
    in_row = client.post(
        URL, json={"rows": [delivery(colour="red")]}, headers=dispatcher
    )
    in_batch = client.post(
        URL, json={"rows": [delivery()], "dry_run": True}, headers=dispatcher
    )

    assert in_row.status_code == 422
    assert in_row.get_json()["errors"]["row 1"] == {"colour": ["is not a known field"]}
    assert in_batch.status_code == 422
    assert "dry_run" in in_batch.get_json()["errors"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"rows": []},
        {"rows": "D-1"},
        {"rows": [42]},
        {"rows": [{"cases": {"a": 1}, "delivered_on": 7, "net_revenue": [1]}]},
        {"rows": [delivery(net_revenue="NaN", cases=True, delivered_on="2025-02-30")]},
    ],
)
def test_malformed_batches_get_a_4xx(client, dispatcher, body):
    response = client.post(URL, json=body, headers=dispatcher)

    assert 400 <= response.status_code < 500
    assert stored_count() == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [("finance", 403), ("driver", 403), ("technician", 403), ("admin", 200)],
)
def test_only_admins_and_dispatchers_ingest(
    client, brussels, make_outlet, auth_headers, role, status
):
    make_outlet(brussels, "BRU-100")
    headers = auth_headers(role, brussels)

    response = client.post(URL, json={"rows": [delivery()]}, headers=headers)

    assert response.status_code == status


def test_anonymous_and_other_distributors_are_refused(
    client, brussels, make_distributor, auth_headers
):
    other = auth_headers("dispatcher", make_distributor("ANR"))

    anonymous = client.get(URL)
    foreign = client.post(URL, json={"rows": [delivery()]}, headers=other)

    assert anonymous.status_code == 401
    assert foreign.status_code == 403


def seed_history(client, dispatcher, brussels, make_outlet):
    make_outlet(brussels, "BRU-200", lon=4.36, lat=50.86, channel="cafe")
    rows = [
        delivery("D-1", delivered_on="2025-06-01", cases=5),
        delivery("D-2", delivered_on="2025-06-02", cases=9),
        delivery(
            "D-3",
            delivered_on="2025-06-03",
            status="failed",
            failure_reason="closed",
            cases=0,
            net_revenue="0",
            cost_of_goods="0",
        ),
        delivery("D-4", delivered_on="2025-06-04", cases=7, outlet_code="BRU-200"),
    ]
    assert client.post(URL, json={"rows": rows}, headers=dispatcher).status_code == 200


def refs(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [row["external_ref"] for row in response.get_json()]


def test_list_filters_by_local_dates_status_outlet_and_channel(
    client, dispatcher, brussels, make_outlet
):
    seed_history(client, dispatcher, brussels, make_outlet)
    get = client.get

    dates = get(
        URL + "?from=2025-06-02&to=2025-06-03&sort=delivered_on", headers=dispatcher
    )
    failed = get(URL + "?status=failed", headers=dispatcher)
    outlet = get(URL + "?outlet=BRU-200", headers=dispatcher)
    cafes = get(URL + "?channel=cafe", headers=dispatcher)

    assert refs(dates) == ["D-2", "D-3"]
    assert refs(failed) == ["D-3"]
    assert refs(outlet) == ["D-4"]
    assert refs(cafes) == ["D-4"]


def test_list_filters_by_territory_name(
    client, dispatcher, brussels, make_outlet, make_territory
):
    make_territory(brussels, "Leuven", (4.60, 50.80, 4.80, 50.95))
    make_outlet(brussels, "LEU-1", lon=4.7005, lat=50.8798)
    assign_territories(brussels)
    db.session.commit()
    rows = [delivery("D-1"), delivery("D-2", outlet_code="LEU-1")]
    client.post(URL, json={"rows": rows}, headers=dispatcher)

    leuven = client.get(URL + "?territory=Leuven", headers=dispatcher)
    nowhere = client.get(URL + "?territory=Gent", headers=dispatcher)

    assert refs(leuven) == ["D-2"]
    assert refs(nowhere) == []


def test_list_sorts_pages_and_shows_amounts_in_major_units(
    client, dispatcher, brussels, make_outlet
):
    seed_history(client, dispatcher, brussels, make_outlet)

    newest = client.get(
        URL + "?sort=-delivered_on&page=1&page_size=2", headers=dispatcher
    )
    by_cases = client.get(URL + "?sort=cases", headers=dispatcher)

    assert refs(newest) == ["D-4", "D-3"]
    assert '"total": 4' in newest.headers["X-Pagination"]
    assert refs(by_cases) == ["D-3", "D-1", "D-4", "D-2"]
    first = by_cases.get_json()[1]
    assert (first["net_revenue"], first["currency"]) == ("152.40", "EUR")


def test_list_refuses_unknown_sort_and_filters(client, dispatcher):
    bad_sort = client.get(URL + "?sort=colour", headers=dispatcher)
    bad_filter = client.get(URL + "?colour=red", headers=dispatcher)

    assert bad_sort.status_code == 422
    assert bad_filter.status_code == 422


def test_finance_may_read_the_list(client, brussels, auth_headers):
    response = client.get(URL, headers=auth_headers("finance", brussels))

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cases": 10**12}, "cases"),
        ({"net_revenue": "9" * 30}, "net_revenue"),
        ({"cost_of_goods": 1e300}, "cost_of_goods"),
        ({"delivered_on": "0000-01-01"}, "delivered_on"),
    ],
)
def test_values_beyond_what_the_database_holds_are_refused(
    client, dispatcher, changes, field
):
    response = client.post(
        URL, json={"rows": [delivery(**changes)]}, headers=dispatcher
    )

    assert response.status_code == 422
    assert list(response.get_json()["errors"]["row 1"]) == [field]
