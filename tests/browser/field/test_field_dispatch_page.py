"""A dispatcher adds a service request, plans a technician day and publishes it."""

import pytest

from dsd.extensions import db
from dsd.models import ServiceRequest, TechnicianPlan
from tests.conftest import PASSWORD
from tests.field_support import local_today

from .conftest import screenshot

pytestmark = pytest.mark.browser


def test_dispatcher_plans_and_publishes_a_technician_day(phone, field_world):
    db.session.query(ServiceRequest).update({"status": "done"})
    db.session.commit()
    page = phone.new_page()
    page.goto("/login?next=/field/dispatch")
    page.fill('input[name="email"]', field_world.dispatcher.email)
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    page.wait_for_url("**/field/dispatch")

    today = local_today().isoformat()
    request_form = page.locator("form", has_text="New service request")
    request_form.locator('select[name="outlet_code"]').select_option("O3")
    request_form.locator('select[name="priority"]').select_option("high")
    request_form.locator('input[name="window_start"]').fill(f"{today}T08:00")
    request_form.locator('input[name="window_end"]').fill(f"{today}T17:00")
    request_form.get_by_role("button", name="Add request").click()
    page.get_by_text("Service request added.").wait_for()

    plan_form = page.locator("form", has_text="Plan a technician day")
    plan_form.locator(f'input[value="{field_world.technicians[1].id}"]').uncheck()
    plan_form.get_by_role("button", name="Plan the day").click()
    page.get_by_text("is ready: 1 on routes, 0 left out.").wait_for()
    screenshot(page, "field-dispatch-planned")
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("published.").first.wait_for()

    db.session.expire_all()
    plan = db.session.query(TechnicianPlan).order_by(TechnicianPlan.id.desc()).first()
    assert plan.status == "published"
    (route,) = [r for r in plan.routes if any(s.route_id == r.id for s in plan.stops)]
    assert route.technician_id == field_world.technicians[0].id
