"""A driver on a phone records drops online and offline; each arrives once."""

import pytest

from dsd.extensions import db
from dsd.models import Delivery, DrivenStop, FieldSubmission
from tests.conftest import PASSWORD

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def _field_deliveries():
    db.session.expire_all()
    return (
        db.session.query(Delivery)
        .filter(Delivery.external_ref.like("field-%"))
        .order_by(Delivery.id)
        .all()
    )


def _card(page, outlet_name):
    return page.locator("li.stop", has_text=outlet_name)


def test_drops_recorded_offline_arrive_once_when_back_online(phone, field_world):
    page = phone.new_page()
    sign_in(page, field_world.drivers[0].email, PASSWORD)

    # Today's stops, in order.
    names = page.locator("li.stop .name").all_inner_texts()
    assert names == ["Outlet O1", "Outlet O2"]
    screenshot(page, "field-driver-stops")

    # Online: arrive and deliver at the first stop.
    first = _card(page, "Outlet O1")
    first.get_by_role("button", name="Arrived").click()
    first.get_by_role("button", name="Save drop").wait_for()
    first.locator('input[name="cases"]').fill("12")
    first.get_by_role("button", name="Save drop").click()
    # The state turns "done" only once the server has the drop.
    first.locator("[data-state].done").wait_for()
    assert first.locator("[data-state]").inner_text().startswith("Delivered: 12")

    # Offline: arrive at the second stop and record a failed drop.
    phone.set_offline(True)
    second = _card(page, "Outlet O2")
    second.get_by_role("button", name="Arrived").click()
    second.get_by_text("Failed").click()
    second.locator('select[name="failure_reason"]').select_option("closed")
    second.get_by_role("button", name="Save drop").click()
    waiting = page.locator("[data-outbox-list] li")
    waiting.nth(1).wait_for()
    assert waiting.count() == 2
    assert "waiting to be sent" in second.locator("[data-state]").inner_text()
    assert page.locator("[data-net]").inner_text().startswith("Offline")
    screenshot(page, "field-driver-offline-waiting")
    assert len(_field_deliveries()) == 1

    # Back online: the waiting entries are sent, and nothing twice.
    phone.set_offline(False)
    page.locator("[data-outbox]").wait_for(state="hidden", timeout=20000)
    screenshot(page, "field-driver-back-online")

    deliveries = _field_deliveries()
    assert [(d.outlet.external_code, d.status, d.cases) for d in deliveries] == [
        ("O1", "delivered", 12),
        ("O2", "failed", 0),
    ]
    assert deliveries[1].failure_reason == "closed"
    assert db.session.query(DrivenStop).count() == 2
    assert db.session.query(FieldSubmission).count() == 4

    # A reload sends nothing again.
    page.reload()
    page.locator("li.stop").first.wait_for()
    assert len(_field_deliveries()) == 2
    assert db.session.query(FieldSubmission).count() == 4


def test_day_page_opens_again_without_a_connection(phone, field_world):
    page = phone.new_page()
    sign_in(page, field_world.drivers[0].email, PASSWORD)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_selector("[data-field-page][data-cached='yes']", state="attached")

    phone.set_offline(True)
    page.reload()

    names = page.locator("li.stop .name").all_inner_texts()
    assert names == ["Outlet O1", "Outlet O2"]
    assert page.locator("[data-net]").inner_text().startswith("Offline")
    screenshot(page, "field-driver-reopened-offline")
