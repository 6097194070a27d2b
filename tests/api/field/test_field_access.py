"""A driver or technician reaches only their own stops and visits."""

from dsd.extensions import db
from dsd.models import Delivery, DrivenStop, ServiceVisit
from tests.field_support import field_instant, iso


def test_driver_cannot_read_another_drivers_stop(field_world, field_as):
    other = field_world.stops[1][0]

    answer = field_as(field_world.drivers[0]).get(f"/stops/{other.id}")

    assert answer.status_code == 404


def test_driver_cannot_write_another_drivers_stop(field_world, field_as):
    other = field_world.stops[1][0]
    phone = field_as(field_world.drivers[0])

    arrival = phone.arrive(other, 0)
    drop = phone.drop(other, 5, status="delivered", cases=12)

    assert (arrival.status_code, drop.status_code) == (404, 404)
    assert db.session.query(DrivenStop).count() == 0
    assert (
        db.session.query(Delivery).filter(Delivery.driven_stop_id.isnot(None)).count()
        == 0
    )


def test_driver_day_lists_only_own_stops(field_world, field_as):
    day = field_as(field_world.drivers[1]).get("/route").get_json()

    assert [s["outlet_code"] for s in day["stops"]] == ["O3", "O4"]


def test_technician_cannot_read_or_write_another_technicians_visit(
    field_world, field_as
):
    other = field_world.visits[1][0]
    phone = field_as(field_world.technicians[0])

    read = phone.get(f"/visits/{other.id}")
    start = phone.post(
        f"/visits/{other.id}/start", {"started_at": iso(field_instant(0))}
    )
    finish = phone.post(
        f"/visits/{other.id}/finish",
        {"finished_at": iso(field_instant(30)), "outcome": "fixed"},
    )

    assert [read.status_code, start.status_code, finish.status_code] == [404] * 3
    assert db.session.query(ServiceVisit).count() == 0


def test_driver_cannot_use_technician_operations(field_world, field_as):
    visit = field_world.visits[0][0]

    answer = field_as(field_world.drivers[0]).get(f"/visits/{visit.id}")

    assert answer.status_code == 403
