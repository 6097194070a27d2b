"""Two sends of one submission racing each other are recorded once."""

import threading

import pytest

from dsd.extensions import db
from dsd.models import Delivery, DrivenStop, FieldSubmission
from tests.conftest import on_postgres
from tests.field_support import BASE, field_instant, iso


@pytest.mark.skipif(not on_postgres(), reason="needs PostgreSQL's concurrent writers")
def test_racing_resends_of_a_drop_are_recorded_once(app, field_world, auth):
    headers = auth.headers(field_world.drivers[0])
    stop = field_world.stops[0][0]
    url = f"{BASE}/stops/{stop.id}"
    clients = [app.test_client(), app.test_client()]
    clients[0].post(
        f"{url}/arrival",
        json={"submission_id": "race-arrival-1", "arrived_at": iso(field_instant(0))},
        headers=headers,
    )
    body = {
        "submission_id": "race-drop-0001",
        "departed_at": iso(field_instant(5)),
        "status": "partial",
        "cases": 7,
    }
    barrier = threading.Barrier(2)
    answers = [None, None]

    def send(side):
        barrier.wait()
        answers[side] = clients[side].post(f"{url}/drop", json=body, headers=headers)

    threads = [threading.Thread(target=send, args=(side,)) for side in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].get_json() == answers[1].get_json()
    db.session.expire_all()
    assert (
        db.session.query(Delivery).filter(Delivery.external_ref.like("field-%")).count()
        == 1
    )
    assert db.session.query(FieldSubmission).filter_by(kind="drop").count() == 1
    assert db.session.query(DrivenStop).one().departed_at == field_instant(5)
