"""The dispatcher's whole flow on the demo distributor: plan, edit, re-optimise,
publish."""

from datetime import date

import pytest

from dsd.planning.jobs import wait_for_solve

URL = "/api/v1/distributors/SGN/plans"
DAY = date(2026, 6, 1)  # the day after the demo history ends


@pytest.fixture
def dispatcher_headers(app, auth):
    from sqlalchemy import select

    from dsd.demo import seed_demo
    from dsd.extensions import db
    from dsd.models import User

    seed_demo(end_date=DAY)
    db.session.commit()
    dispatcher = db.session.scalar(select(User).filter_by(role="dispatcher"))
    return auth.headers(dispatcher)


def _get(client, plan_id, headers):
    return client.get(f"{URL}/{plan_id}", headers=headers).get_json()


def test_demo_day_is_planned_edited_reoptimised_and_published(
    client, dispatcher_headers
):
    headers = dispatcher_headers
    created = client.post(
        URL,
        json={"service_date": str(DAY), "settings": {"time_limit_s": 10}},
        headers=headers,
    ).get_json()
    wait_for_solve(created["id"], timeout_s=120)
    plan = _get(client, created["id"], headers)

    # Planned: every must-visit outlet on a route, every truck within its load.
    assert plan["status"] == "ready"
    assert plan["totals"]["must_visit_left_out"] == 0
    assert plan["totals"]["stops_served"] > 50
    assert all(r["cases"] <= r["capacity_cases"] for r in plan["routes"])
    assert all(r["violations"] == [] for r in plan["routes"])
    for left in plan["left_out"]:
        assert left["reason"]

    # Edit: move the first stop of the first route to the end of the second.
    first, second = plan["routes"][0], plan["routes"][1]
    moved = first["stops"][0]["outlet_id"]
    edited = client.post(
        f"{URL}/{plan['id']}/moves",
        json={
            "outlet_id": moved,
            "vehicle_id": second["vehicle_id"],
            "position": None,
            "version": plan["version"],
        },
        headers=headers,
    ).get_json()
    target = next(
        r for r in edited["routes"] if r["vehicle_id"] == second["vehicle_id"]
    )
    assert target["stops"][-1]["outlet_id"] == moved

    # Lock that route and re-optimise the rest: the locked route stays as edited.
    locked = client.post(
        f"{URL}/{plan['id']}/locks",
        json={
            "vehicle_id": second["vehicle_id"],
            "locked": True,
            "version": edited["version"],
        },
        headers=headers,
    ).get_json()
    client.post(
        f"{URL}/{plan['id']}/optimise",
        json={"version": locked["version"]},
        headers=headers,
    )
    wait_for_solve(plan["id"], timeout_s=120)
    again = _get(client, plan["id"], headers)
    kept = next(r for r in again["routes"] if r["vehicle_id"] == second["vehicle_id"])
    assert again["status"] == "ready"
    assert [s["outlet_id"] for s in kept["stops"]] == [
        s["outlet_id"] for s in target["stops"]
    ]

    # Publish.
    published = client.post(
        f"{URL}/{plan['id']}/publish",
        json={"version": again["version"]},
        headers=headers,
    )
    assert published.status_code == 200
    assert published.get_json()["status"] == "published"
