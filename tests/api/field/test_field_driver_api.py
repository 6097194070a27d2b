"""Drivers record arrivals and drops from the phone; the history costing reads."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from dsd.extensions import db
from dsd.models import Delivery, DrivenRoute, DrivenStop, FieldSubmission
from tests.field_support import field_instant


def _field_deliveries():
    return (
        db.session.query(Delivery)
        .filter(Delivery.external_ref.like("field-%"))
        .order_by(Delivery.id)
        .all()
    )


def test_driver_sees_own_stops_in_order(field_world, field_as):
    phone = field_as(field_world.drivers[0])

    day = phone.get("/route").get_json()

    assert [s["outlet_code"] for s in day["stops"]] == ["O1", "O2"]
    first = day["stops"][0]
    assert first["eta"].endswith(("T08:00:00+01:00", "T08:00:00+02:00"))
    assert first["receiving_windows"] == ["07:00-12:00"]
    assert first["drop_cases"] == 12
    assert first["navigation_url"] == "geo:50.860300,4.351700"
    assert first["maps_url"].startswith("https://")


def test_same_submission_id_twice_is_recorded_once(field_world, field_as):
    phone = field_as(field_world.drivers[0])
    stop = field_world.stops[0][0]
    phone.arrive(stop, 0)

    first = phone.drop(stop, 5, key="drop-key-0001", status="delivered", cases=12)
    second = phone.drop(stop, 5, key="drop-key-0001", status="delivered", cases=12)

    assert first.status_code == 200
    assert second.status_code == 200
    assert second.get_json() == first.get_json()
    assert len(_field_deliveries()) == 1
    assert db.session.query(FieldSubmission).filter_by(kind="drop").count() == 1


def test_retried_stop_submission_with_same_key_is_recorded_once(field_world, field_as):
    phone = field_as(field_world.drivers[0])
    stop = field_world.stops[0][0]

    answers = [phone.arrive(stop, 0, key="arrival-key-1") for _ in range(3)]

    assert {a.status_code for a in answers} == {200}
    assert db.session.query(DrivenStop).count() == 1
    assert db.session.query(DrivenRoute).count() == 1


def test_reused_submission_id_with_other_values_is_refused(field_world, field_as):
    phone = field_as(field_world.drivers[0])
    stop = field_world.stops[0][0]
    phone.arrive(stop, 0)
    phone.drop(stop, 5, key="drop-key-0002", status="delivered", cases=12)

    again = phone.drop(stop, 5, key="drop-key-0002", status="delivered", cases=3)

    assert again.status_code == 409
    assert "submission_id" in again.get_json()["errors"]
    assert _field_deliveries()[0].cases == 12


def test_partial_drop_is_priced_at_the_outlets_average(field_world, field_as):
    phone = field_as(field_world.drivers[0])
    stop = field_world.stops[0][0]
    phone.arrive(stop, 0)

    answer = phone.drop(stop, 7, status="partial", cases=4, failure_reason="refused")

    assert answer.status_code == 200, answer.get_json()
    (delivery,) = _field_deliveries()
    # History: 100 cases for 1500.00 net and 1100.00 cost: 15.00 and 11.00 a case.
    assert (delivery.status, delivery.cases) == ("partial", 4)
    assert delivery.net_revenue_minor == 6000
    assert delivery.cost_of_goods_minor == 4400
    assert delivery.failure_reason == "refused"
    driven = db.session.get(DrivenStop, delivery.driven_stop_id)
    assert driven.arrived_at == field_instant(0)
    assert driven.departed_at == field_instant(7)


def test_failed_drop_records_no_cases_and_no_money(field_world, field_as):
    phone = field_as(field_world.drivers[0])
    stop = field_world.stops[0][0]
    phone.arrive(stop, 0)

    answer = phone.drop(stop, 3, status="failed", failure_reason="closed")

    assert answer.status_code == 200, answer.get_json()
    (delivery,) = _field_deliveries()
    assert (delivery.status, delivery.failure_reason) == ("failed", "closed")
    assert (delivery.cases, delivery.net_revenue_minor) == (0, 0)
    assert delivery.cost_of_goods_minor == 0
    assert delivery.driven_stop_id is not None


def test_day_builds_the_driven_route(field_world, field_as):
    phone = field_as(field_world.drivers[0])
    first, second = field_world.stops[0]
    phone.arrive(first, 0)
    phone.drop(first, 10, status="delivered", cases=12)
    phone.arrive(second, 15)
    phone.drop(second, 20, status="failed", failure_reason="no_access")

    back = phone.post(
        "/route/return",
        {
            "service_date": str(first.plan.service_date),
            "returned_at": field_instant(30).isoformat(),
        },
    )

    assert back.status_code == 200, back.get_json()
    route = db.session.query(DrivenRoute).one()
    # Depot, 0.01 deg north, 0.02 deg north, depot: 0.04 deg of meridian is
    # 4.447804 km on a 6371.0088 km sphere; times circuity 1.35: 6004.5 m.
    assert route.distance_m == 6005
    assert route.back_at_depot_at == field_instant(30)
    # 0.01 deg (1.111951 km) x 1.35 at 30 km/h: 3.0023 minutes before arriving.
    drive_s = (field_instant(0) - route.left_depot_at).total_seconds()
    assert abs(drive_s - 180.14) < 0.5
    assert [s.sequence for s in route.stops] == [1, 2]


def test_typed_odometer_km_replace_the_estimate(field_world, field_as):
    phone = field_as(field_world.drivers[0])
    first = field_world.stops[0][0]
    phone.arrive(first, 0)
    phone.drop(first, 10, status="delivered", cases=12)

    phone.post(
        "/route/return",
        {
            "service_date": str(first.plan.service_date),
            "returned_at": field_instant(30).isoformat(),
            "driven_km": "7.4",
        },
    )

    assert db.session.query(DrivenRoute).one().distance_m == 7400


def test_negative_cases_are_refused_by_name(field_world, field_as):
    phone = field_as(field_world.drivers[0])
    stop = field_world.stops[0][0]
    phone.arrive(stop, 0)

    answer = phone.drop(stop, 5, status="delivered", cases=-3)

    assert answer.status_code == 422
    assert list(answer.get_json()["errors"]) == ["cases"]
    assert _field_deliveries() == []


def test_failed_drop_without_reason_is_refused_by_name(field_world, field_as):
    phone = field_as(field_world.drivers[0])
    stop = field_world.stops[0][0]
    phone.arrive(stop, 0)

    answer = phone.drop(stop, 5, status="failed")

    assert answer.status_code == 422
    assert list(answer.get_json()["errors"]) == ["failure_reason"]
    assert db.session.query(DrivenStop).one().departed_at is None


def test_departure_before_arrival_is_refused_by_name(field_world, field_as):
    phone = field_as(field_world.drivers[0])
    stop = field_world.stops[0][0]
    phone.arrive(stop, 10)

    answer = phone.drop(stop, 2, status="delivered", cases=12)

    assert answer.status_code == 422
    assert list(answer.get_json()["errors"]) == ["departed_at"]


def test_drop_before_arrival_is_refused(field_world, field_as):
    phone = field_as(field_world.drivers[0])

    answer = phone.drop(field_world.stops[0][0], 2, status="delivered", cases=12)

    assert answer.status_code == 409
    assert _field_deliveries() == []


def test_refused_submission_can_be_sent_again_corrected(field_world, field_as):
    phone = field_as(field_world.drivers[0])
    stop = field_world.stops[0][0]
    phone.arrive(stop, 0)
    phone.drop(stop, 5, key="drop-key-0003", status="failed")

    again = phone.drop(
        stop, 5, key="drop-key-0003", status="failed", failure_reason="other"
    )

    assert again.status_code == 200
    assert _field_deliveries()[0].failure_reason == "other"


def test_delivered_drop_is_priced_per_case(field_world, field_as):
    phone = field_as(field_world.drivers[0])
    stop = field_world.stops[0][0]
    phone.arrive(stop, 0)

    phone.drop(stop, 5, status="delivered", cases=3)

    (delivery,) = _field_deliveries()
    assert Decimal(delivery.net_revenue_minor) / 100 == Decimal("45.00")


def test_arrival_in_the_future_is_refused_by_name(field_world, field_as):
    phone = field_as(field_world.drivers[0])
    later = datetime.now(UTC) + timedelta(hours=2)

    answer = phone.post(
        f"/stops/{field_world.stops[0][0].id}/arrival",
        {"arrived_at": later.isoformat()},
    )

    assert answer.status_code == 422
    assert list(answer.get_json()["errors"]) == ["arrived_at"]


def test_no_arrival_after_the_truck_is_back_at_the_depot(field_world, field_as):
    phone = field_as(field_world.drivers[0])
    first, second = field_world.stops[0]
    phone.arrive(first, 0)
    phone.drop(first, 5, status="delivered", cases=12)
    phone.post(
        "/route/return",
        {
            "service_date": str(first.plan.service_date),
            "returned_at": field_instant(20).isoformat(),
        },
    )

    late = phone.arrive(second, 25)

    assert late.status_code == 409
    assert db.session.query(DrivenStop).count() == 1


def test_arrival_before_the_previous_stop_was_left_is_refused(field_world, field_as):
    phone = field_as(field_world.drivers[0])
    first, second = field_world.stops[0]
    phone.arrive(first, 10)
    phone.drop(first, 20, status="delivered", cases=12)

    answer = phone.arrive(second, 15)

    assert answer.status_code == 422
    assert list(answer.get_json()["errors"]) == ["arrived_at"]
