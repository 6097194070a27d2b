from dsd.planning.jobs import wait_for_solve

from .conftest import SERVICE_DATE

URL = "/api/v1/distributors/BRU/plans"
FAST = {"time_limit_s": 2}


def _plan(client, headers, **body):
    response = client.post(
        URL,
        json={"service_date": str(SERVICE_DATE), "settings": FAST, **body},
        headers=headers,
    )
    assert response.status_code == 202, response.get_json()
    plan_id = response.get_json()["id"]
    wait_for_solve(plan_id, timeout_s=60)
    return client.get(f"{URL}/{plan_id}", headers=headers).get_json()


def test_plan_serves_every_outlet_that_runs_out(
    client, planning_world, make_user, auth
):
    headers = auth.headers(make_user("dispatcher", planning_world["distributor"]))

    plan = _plan(client, headers)

    assert plan["status"] == "ready"
    served = {s["outlet_code"] for r in plan["routes"] for s in r["stops"]}
    assert served == {f"L{n}" for n in range(6)}
    assert plan["left_out"] == []
    # Each drop tops up 1 case to the par of 30: 29 cases, 174 in all.
    assert plan["totals"]["cases"] == 6 * 29
    assert all(r["cases"] <= r["capacity_cases"] for r in plan["routes"])


def test_totals_add_up_from_the_routes(client, planning_world, make_user, auth):
    headers = auth.headers(make_user("dispatcher", planning_world["distributor"]))

    plan = _plan(client, headers)

    routes = plan["routes"]
    assert plan["totals"]["route_cost_minor"] == sum(r["cost_minor"] for r in routes)
    assert plan["totals"]["stops_served"] == sum(len(r["stops"]) for r in routes)


def test_stop_times_are_local_and_inside_windows(
    client, planning_world, make_user, auth
):
    headers = auth.headers(make_user("dispatcher", planning_world["distributor"]))

    plan = _plan(client, headers)

    for route in plan["routes"]:
        for stop in route["stops"]:
            # Brussels in March is UTC+01:00; windows are 07:00-12:00 local.
            assert stop["arrival_at"].endswith("+01:00")
            service_start = stop["departure_at"][11:16]
            assert "07:00" <= stop["arrival_at"][11:16] or stop["wait_s"] > 0
            assert service_start <= "12:30"


def test_move_with_stale_version_is_refused(client, planning_world, make_user, auth):
    headers = auth.headers(make_user("dispatcher", planning_world["distributor"]))
    plan = _plan(client, headers)
    route = plan["routes"][0]
    stop = route["stops"][0]
    other = next(t for t in planning_world["trucks"] if t.id != route["vehicle_id"])
    move = {
        "outlet_id": stop["outlet_id"],
        "vehicle_id": other.id,
        "position": 0,
    }

    first = client.post(
        f"{URL}/{plan['id']}/moves",
        json={**move, "version": plan["version"]},
        headers=headers,
    )
    second = client.post(
        f"{URL}/{plan['id']}/moves",
        json={**move, "vehicle_id": route["vehicle_id"], "version": plan["version"]},
        headers=headers,
    )

    assert first.status_code == 200
    moved = first.get_json()
    assert moved["version"] == plan["version"] + 1
    on_other = next(r for r in moved["routes"] if r["vehicle_id"] == other.id)
    assert on_other["stops"][0]["outlet_id"] == stop["outlet_id"]
    assert second.status_code == 409
    assert "version" in second.get_json()["errors"]


def test_move_that_breaks_capacity_is_shown(client, planning_world, make_user, auth):
    headers = auth.headers(make_user("dispatcher", planning_world["distributor"]))
    plan = _plan(client, headers)
    truck = planning_world["trucks"][0]
    version = plan["version"]

    # Put all six drops (174 cases) on one 100-case truck.
    for outlet in planning_world["low"]:
        response = client.post(
            f"{URL}/{plan['id']}/moves",
            json={
                "outlet_id": outlet.id,
                "vehicle_id": truck.id,
                "position": None,
                "version": version,
            },
            headers=headers,
        )
        version = response.get_json()["version"]

    route = next(
        r for r in response.get_json()["routes"] if r["vehicle_id"] == truck.id
    )
    assert route["cases"] == 174
    assert {"kind": "capacity", "amount": 74.0} in [
        {"kind": v["kind"], "amount": v["amount"]} for v in route["violations"]
    ]


def test_locked_route_survives_reoptimisation(client, planning_world, make_user, auth):
    headers = auth.headers(make_user("dispatcher", planning_world["distributor"]))
    plan = _plan(client, headers)
    route = plan["routes"][0]
    locked = client.post(
        f"{URL}/{plan['id']}/locks",
        json={
            "vehicle_id": route["vehicle_id"],
            "locked": True,
            "version": plan["version"],
        },
        headers=headers,
    ).get_json()

    response = client.post(
        f"{URL}/{plan['id']}/optimise",
        json={"version": locked["version"]},
        headers=headers,
    )
    wait_for_solve(plan["id"], timeout_s=60)
    after = client.get(f"{URL}/{plan['id']}", headers=headers).get_json()

    assert response.status_code == 202
    kept = next(r for r in after["routes"] if r["vehicle_id"] == route["vehicle_id"])
    assert kept["locked"] is True
    assert [s["outlet_id"] for s in kept["stops"]] == [
        s["outlet_id"] for s in route["stops"]
    ]


def test_publish_marks_the_plan_published(client, planning_world, make_user, auth):
    headers = auth.headers(make_user("dispatcher", planning_world["distributor"]))
    plan = _plan(client, headers)

    response = client.post(
        f"{URL}/{plan['id']}/publish",
        json={"version": plan["version"]},
        headers=headers,
    )

    assert response.status_code == 200
    assert response.get_json()["status"] == "published"


def test_exports_list_every_candidate(client, planning_world, make_user, auth):
    headers = auth.headers(make_user("dispatcher", planning_world["distributor"]))
    plan = _plan(client, headers)

    csv_text = client.get(f"{URL}/{plan['id']}/export.csv", headers=headers).text
    geojson = client.get(f"{URL}/{plan['id']}/export.geojson", headers=headers)

    assert len(csv_text.strip().splitlines()) == 1 + 6
    kinds = [f["properties"]["kind"] for f in geojson.get_json()["features"]]
    assert kinds.count("stop") == 6
    assert kinds.count("route") == len(plan["routes"])


def test_finance_cannot_create_a_plan(client, planning_world, make_user, auth):
    headers = auth.headers(make_user("finance", planning_world["distributor"]))

    response = client.post(
        URL, json={"service_date": str(SERVICE_DATE)}, headers=headers
    )

    assert response.status_code == 403


def test_settings_out_of_range_are_refused_by_name(
    client, planning_world, make_user, auth
):
    headers = auth.headers(make_user("dispatcher", planning_world["distributor"]))

    response = client.post(
        URL,
        json={"service_date": str(SERVICE_DATE), "settings": {"speed_kmh": 1e-300}},
        headers=headers,
    )

    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "settings.speed_kmh": ["must be between 3 and 130"]
    }


def test_cancel_releases_a_solve_that_was_lost(
    client, planning_world, make_user, auth, db_session
):
    from dsd.models import Plan

    headers = auth.headers(make_user("dispatcher", planning_world["distributor"]))
    created = client.post(
        URL,
        json={"service_date": str(SERVICE_DATE), "solve": False},
        headers=headers,
    ).get_json()
    # A solve that a restarted server forgot: solving, requested long ago.
    plan = db_session.get(Plan, created["id"])
    plan.status = "solving"
    plan.progress = {"requested_at": "2020-01-01T00:00:00+00:00"}
    db_session.commit()

    response = client.post(f"{URL}/{created['id']}/cancel", headers=headers)

    assert response.status_code == 200
    assert response.get_json()["status"] == "failed"
    assert "stopped answering" in response.get_json()["error"]
