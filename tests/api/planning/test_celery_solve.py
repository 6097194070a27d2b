"""Solves sent to Celery workers through Redis, as in a multi-machine setup."""

import socket
import time

import pytest

from .conftest import SERVICE_DATE

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _redis_up(), reason="Redis is not running")


@pytest.fixture
def celery_app(app, database_url):
    """A second app that queues solves, with a worker thread consuming them."""
    from celery.contrib.testing.worker import start_worker

    from dsd import create_app
    from tests.conftest import _settings

    class WithQueue(_settings(database_url)):
        CELERY_BROKER_URL = REDIS_URL

    queued = create_app(WithQueue)
    celery = queued.extensions["celery"]
    celery.connection_for_write().default_channel.client.flushdb()
    with start_worker(
        celery, pool="solo", perform_ping_check=False, shutdown_timeout=30
    ):
        yield queued


def test_plan_is_solved_by_a_worker(celery_app, planning_world, make_user, auth):
    headers = auth.headers(make_user("dispatcher", planning_world["distributor"]))
    client = celery_app.test_client()

    created = client.post(
        "/api/v1/distributors/BRU/plans",
        json={"service_date": str(SERVICE_DATE), "settings": {"time_limit_s": 1}},
        headers=headers,
    ).get_json()
    deadline = time.monotonic() + 60
    plan = created
    while plan["status"] == "solving" and time.monotonic() < deadline:
        time.sleep(0.5)
        plan = client.get(
            f"/api/v1/distributors/BRU/plans/{created['id']}", headers=headers
        ).get_json()

    assert plan["status"] == "ready"
    assert plan["totals"]["stops_served"] == 6
