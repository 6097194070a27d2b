"""Two dispatchers editing one plan: never a lost update (case C26)."""

import threading

import pytest

from dsd.planning.jobs import wait_for_solve
from tests.conftest import on_postgres

from .conftest import SERVICE_DATE

URL = "/api/v1/distributors/BRU/plans"


@pytest.fixture
def solved_plan(client, planning_world, make_user, auth):
    headers = auth.headers(make_user("dispatcher", planning_world["distributor"]))
    created = client.post(
        URL,
        json={"service_date": str(SERVICE_DATE), "settings": {"time_limit_s": 1}},
        headers=headers,
    ).get_json()
    wait_for_solve(created["id"], timeout_s=60)
    return created["id"], headers


def _move(client, plan_id, headers, outlet_id, vehicle_id, version):
    return client.post(
        f"{URL}/{plan_id}/moves",
        json={
            "outlet_id": outlet_id,
            "vehicle_id": vehicle_id,
            "position": 0,
            "version": version,
        },
        headers=headers,
    )


def _truck_of(client, plan_id, headers, outlet_id):
    plan = client.get(f"{URL}/{plan_id}", headers=headers).get_json()
    for route in plan["routes"]:
        if outlet_id in [s["outlet_id"] for s in route["stops"]]:
            return route["vehicle_id"], plan["version"]

    return None, plan["version"]


def test_second_edit_on_the_same_version_is_refused(
    client, planning_world, solved_plan
):
    plan_id, headers = solved_plan
    outlet = planning_world["low"][0].id
    one, two = (t.id for t in planning_world["trucks"])
    _, version = _truck_of(client, plan_id, headers, outlet)

    first = _move(client, plan_id, headers, outlet, one, version)
    second = _move(client, plan_id, headers, outlet, two, version)

    assert first.status_code == 200
    assert first.get_json()["version"] == version + 1
    assert second.status_code == 409
    assert "version" in second.get_json()["errors"]
    assert _truck_of(client, plan_id, headers, outlet)[0] == one


@pytest.mark.skipif(not on_postgres(), reason="needs PostgreSQL's row locks")
def test_concurrent_edits_never_both_succeed(app, planning_world, solved_plan):
    plan_id, headers = solved_plan
    outlet = planning_world["low"][0].id
    trucks = [t.id for t in planning_world["trucks"]]
    clients = [app.test_client(), app.test_client()]

    for _round in range(50):
        _, version = _truck_of(clients[0], plan_id, headers, outlet)
        barrier = threading.Barrier(2)
        answers = [None, None]

        def edit(side, version=version, barrier=barrier, answers=answers):
            barrier.wait()
            answers[side] = _move(
                clients[side], plan_id, headers, outlet, trucks[side], version
            )

        threads = [threading.Thread(target=edit, args=(side,)) for side in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        codes = sorted(answer.status_code for answer in answers)
        assert codes == [200, 409]
        winner = 0 if answers[0].status_code == 200 else 1
        truck, after = _truck_of(clients[0], plan_id, headers, outlet)
        assert truck == trucks[winner]
        assert after == version + 1
