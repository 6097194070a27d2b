"""The dispatcher's console in headless Chromium: plan, see, move, publish."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import SERVICE_DATE

pytestmark = pytest.mark.browser


def _create_plan(page, world):
    page.goto(f"/distributors/{world['distributor'].code}/plans")
    page.get_by_label("Service date").fill(str(SERVICE_DATE))
    page.get_by_label("Time limit, seconds").fill("1")
    page.get_by_role("button", name="Create and solve").click()
    page.wait_for_url(re.compile(r"/plans/\d+$"))
    expect(page.locator("#plan-status")).to_have_text("ready")


def _route_card(page, code):
    return page.locator(f'article.route-card[data-vehicle="{code}"]')


def test_created_plan_shows_its_routes_on_the_map(page, console_world, sign_in, shoot):
    sign_in(console_world["dispatcher"])
    shoot(page, "1-home")

    _create_plan(page, console_world)
    shoot(page, "2-plan")

    # 174 cases on 100-case trucks: two routes of three drops each.
    expect(page.locator("path.route-line")).to_have_count(2)
    expect(page.locator(".stop-marker")).to_have_count(6)
    expect(page.locator(".depot-marker")).to_have_count(1)
    expect(page.locator(".left-out-marker")).to_have_count(1)
    expect(page.locator(".timeline-row[data-vehicle]")).to_have_count(2)
    expect(page.locator(".left-out-row")).to_contain_text("EARLY")
    expect(page.locator('[data-total="stops-served"]')).to_have_text("6")
    expect(page.locator('[data-total="cases"]')).to_have_text("174")


def _served_cards(page):
    cards = page.locator("article.route-card").filter(has=page.locator("li.stop"))
    expect(cards).to_have_count(2)
    return cards.nth(0), cards.nth(1)


def test_moved_stop_shows_on_the_other_route_with_its_broken_rule(
    page, console_world, sign_in, shoot
):
    sign_in(console_world["dispatcher"])
    _create_plan(page, console_world)
    source, target = _served_cards(page)
    stop = source.locator("li.stop").first
    code = stop.get_attribute("data-outlet-code")
    target_vehicle = target.get_attribute("data-vehicle-id")

    # The keyboard-usable way: the stop's Move button fills the form.
    stop.get_by_role("button", name="Move…").click()
    expect(page.locator("#move-outlet")).to_have_value(
        stop.get_attribute("data-outlet-id")
    )
    page.locator("#move-truck").select_option(target_vehicle)
    page.locator("#move-position").fill("1")
    page.locator("#move-position").press("Enter")
    expect(page.locator("#message")).to_contain_text(f"{code} moved")
    shoot(page, "1-moved")

    target = page.locator(f'article.route-card[data-vehicle-id="{target_vehicle}"]')
    expect(target.locator("li.stop").first).to_have_attribute("data-outlet-code", code)
    expect(target.locator("li.stop")).to_have_count(4)
    # Four drops of 29 cases on a 100-case truck: 16 cases too many.
    expect(target.locator(".badge.violation")).to_have_text("over capacity by 16 cases")
    expect(page.locator("path.route-line")).to_have_count(2)
    expect(page.locator(".stop-marker")).to_have_count(6)

    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#plan-status")).to_have_text("published")
    shoot(page, "2-published")


def test_edit_of_a_plan_changed_elsewhere_is_refused_and_reloaded(
    page, console_world, sign_in, shoot, client, auth
):
    sign_in(console_world["dispatcher"])
    _create_plan(page, console_world)
    source, target = _served_cards(page)
    version = int(page.locator("#plan-version").inner_text())
    plan_api = "/api/v1" + urlsplit(page.url).path

    # Another dispatcher locks the target route while this page still shows
    # the version it loaded.
    answer = client.post(
        f"{plan_api}/locks",
        json={
            "version": version,
            "vehicle_id": int(target.get_attribute("data-vehicle-id")),
            "locked": True,
        },
        headers=auth.headers(console_world["dispatcher"]),
    )
    assert answer.status_code == 200
    source.get_by_role("button", name="Lock route").click()

    expect(page.locator("#message")).to_have_text(
        "The plan was changed by someone else - reloaded."
    )
    expect(page.locator("#plan-version")).to_have_text(str(version + 1))
    expect(target.locator(".locked-badge")).to_have_count(1)
    shoot(page, "1-reloaded")


def _drag(page, source, target):
    # Start the drag before the target is scrolled into view, as a hand would.
    source.hover()
    page.mouse.down()
    box = source.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 20, steps=3)
    target.hover()
    page.mouse.up()


def test_stop_dragged_onto_an_idle_truck_starts_its_route(
    page, console_world, sign_in, shoot
):
    sign_in(console_world["dispatcher"])
    _create_plan(page, console_world)
    source, _ = _served_cards(page)
    stop = source.locator("li.stop").first
    code = stop.get_attribute("data-outlet-code")
    idle = next(
        truck
        for truck in ("T1", "T2", "T3")
        if _route_card(page, truck).locator("li.stop").count() == 0
    )

    _drag(page, stop, _route_card(page, idle).locator("ol.stops"))

    expect(page.locator("#message")).to_contain_text(f"{code} moved to truck {idle}")
    expect(_route_card(page, idle).locator("li.stop")).to_have_count(1)
    expect(page.locator("path.route-line")).to_have_count(3)
    shoot(page, "1-dragged")
