"""Technicians record visits from the phone; dispatchers plan their days."""

import base64
from datetime import timedelta

from dsd.extensions import db
from dsd.localtime import local_day
from dsd.models import ServiceRequest, ServiceVisit, TechnicianStop, VisitPhoto
from tests.field_support import ZONE, field_instant, iso, local_today

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _start_and_finish(phone, visit, **finish):
    phone.post(f"/visits/{visit.id}/start", {"started_at": iso(field_instant(0))})
    body = {"finished_at": iso(field_instant(50)), "outcome": "fixed", **finish}
    return phone.post(f"/visits/{visit.id}/finish", body)


def test_visit_labour_and_parts_reach_the_history(field_world, field_as):
    phone = field_as(field_world.technicians[0])
    visit = field_world.visits[0][0]

    answer = _start_and_finish(
        phone,
        visit,
        parts=[{"name": "fan motor", "cost": "38.50"}, {"name": "seal", "cost": 4}],
        notes="replaced the fan",
    )

    assert answer.status_code == 200, answer.get_json()
    recorded = db.session.query(ServiceVisit).one()
    assert recorded.labour_minutes == 50
    assert recorded.parts_cost_minor == 4250
    assert recorded.outcome == "fixed"
    assert recorded.technician_id == field_world.technicians[0].id
    assert recorded.asset.serial_number == "C-1"
    assert recorded.started_at == field_instant(0)
    assert db.session.get(ServiceRequest, visit.request_id).status == "done"


def test_finish_sent_twice_is_recorded_once(field_world, field_as):
    phone = field_as(field_world.technicians[0])
    visit = field_world.visits[0][0]
    phone.post(f"/visits/{visit.id}/start", {"started_at": iso(field_instant(0))})
    body = {"finished_at": iso(field_instant(20)), "outcome": "checked"}

    first = phone.post(f"/visits/{visit.id}/finish", body, key="finish-key-1")
    second = phone.post(f"/visits/{visit.id}/finish", body, key="finish-key-1")

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.get_json() == second.get_json()
    assert db.session.query(ServiceVisit).count() == 1


def test_finish_before_start_is_refused_by_name(field_world, field_as):
    phone = field_as(field_world.technicians[0])
    visit = field_world.visits[0][0]
    phone.post(f"/visits/{visit.id}/start", {"started_at": iso(field_instant(30))})

    answer = phone.post(
        f"/visits/{visit.id}/finish",
        {"finished_at": iso(field_instant(10)), "outcome": "fixed"},
    )

    assert answer.status_code == 422
    assert list(answer.get_json()["errors"]) == ["finished_at"]
    assert db.session.query(ServiceVisit).count() == 0


def test_photo_is_kept_with_the_visit(field_world, field_as):
    phone = field_as(field_world.technicians[0])
    photo = {"content_type": "image/png", "data": base64.b64encode(PNG).decode()}

    answer = _start_and_finish(phone, field_world.visits[0][0], photo=photo)

    assert answer.status_code == 200, answer.get_json()
    stored = db.session.query(VisitPhoto).one()
    assert (stored.content_type, stored.size_bytes, stored.data) == (
        "image/png",
        len(PNG),
        PNG,
    )


def test_photo_that_is_not_its_type_is_refused(field_world, field_as):
    phone = field_as(field_world.technicians[0])
    photo = {"content_type": "image/jpeg", "data": base64.b64encode(PNG).decode()}

    answer = _start_and_finish(phone, field_world.visits[0][0], photo=photo)

    assert answer.status_code == 422
    assert list(answer.get_json()["errors"]) == ["photo"]
    assert db.session.query(ServiceVisit).count() == 0


def test_negative_part_cost_is_refused_by_name(field_world, field_as):
    phone = field_as(field_world.technicians[0])

    answer = _start_and_finish(
        phone, field_world.visits[0][0], parts=[{"name": "seal", "cost": "-1"}]
    )

    assert answer.status_code == 422
    assert list(answer.get_json()["errors"]) == ["parts.1.cost"]


def _request(client, headers, code, priority, minutes=30):
    start, _ = local_day(local_today(), ZONE)
    body = {
        "outlet_code": code,
        "kind": "preventive",
        "window_start": (start + timedelta(hours=8)).isoformat(),
        "window_end": (start + timedelta(hours=17)).isoformat(),
        "expected_minutes": minutes,
        "priority": priority,
    }
    answer = client.post(
        "/api/v1/distributors/BRU/service-requests", json=body, headers=headers
    )
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["id"]


def test_technician_day_keeps_high_priority_and_drops_a_costly_low_one(
    client, field_world, auth, db_session
):
    from dsd.models import Outlet

    headers = auth.headers(field_world.dispatcher)
    db_session.query(ServiceRequest).update({"status": "done"})
    far = Outlet(
        distributor_id=field_world.distributor.id,
        external_code="FAR",
        name="Far outlet",
        lon=4.3517,
        lat=50.8503 + 0.3,
        channel="grocery",
        size_band="S",
    )
    db_session.add(far)
    db_session.commit()
    high = _request(client, headers, "O1", "high")
    normal = _request(client, headers, "O2", "normal")
    low = _request(client, headers, "FAR", "low")

    answer = client.post(
        "/api/v1/distributors/BRU/technician-plans",
        json={
            "service_date": str(local_today()),
            "technicians": [
                {
                    "technician_id": field_world.technicians[0].id,
                    "shift_start": "08:00",
                    "shift_end": "17:00",
                }
            ],
            "settings": {"time_limit_s": 1},
        },
        headers=headers,
    )

    assert answer.status_code == 201, answer.get_json()
    plan = answer.get_json()
    served = {v["request_id"] for r in plan["routes"] for v in r["visits"]}
    # FAR is 0.3 deg north: about 90 km there and back with circuity 1.35, or
    # 36.00 at 0.40/km plus 3 hours at 30.00: far above the 40.00 low penalty.
    # O1 and O2 are 1 to 3 km out: far below the 150.00 normal penalty.
    assert served == {high, normal}
    assert [s["request_id"] for s in plan["left_out"]] == [low]


def test_published_technician_plan_shows_on_the_technicians_phone(
    client, field_world, auth, field_as, db_session
):
    headers = auth.headers(field_world.dispatcher)
    db_session.query(ServiceRequest).update({"status": "done"})
    db_session.commit()
    request_id = _request(client, headers, "O3", "high")
    plan = client.post(
        "/api/v1/distributors/BRU/technician-plans",
        json={
            "service_date": str(local_today()),
            "technicians": [{"technician_id": field_world.technicians[1].id}],
            "settings": {"time_limit_s": 1},
        },
        headers=headers,
    ).get_json()

    published = client.post(
        f"/api/v1/distributors/BRU/technician-plans/{plan['id']}/publish",
        json={"version": plan["version"]},
        headers=headers,
    )

    assert published.status_code == 200, published.get_json()
    day = field_as(field_world.technicians[1]).get("/visits").get_json()
    assert [v["outlet_code"] for v in day["visits"]] == ["O3"]
    stop = db_session.get(TechnicianStop, day["visits"][0]["id"])
    assert stop.request_id == request_id
    assert db_session.get(ServiceRequest, request_id).status == "planned"
