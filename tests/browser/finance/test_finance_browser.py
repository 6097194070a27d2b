"""Finance in a real browser: sign in, filter the table, open an outlet, the curve."""

from urllib.parse import quote

import pytest

from tests.browser.finance.conftest import shot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_finance_reviews_outlet_profitability(page, live_url, finance_world, make_user):
    user = make_user("finance", finance_world["distributor"])

    page.goto(f"{live_url}/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Outlet profitability").click()
    page.get_by_label("From").fill("2026-03-01")
    page.get_by_label("To", exact=True).fill("2026-04-30")
    page.get_by_role("button", name="Show period").click()
    page.wait_for_url("**from=2026-03-01**")
    rows = page.locator("#outlet-table tbody tr")
    assert rows.count() == 4
    assert "▼ -50.25 LOSS" in rows.filter(has_text="C3").inner_text().upper()
    shot(page, "1-outlet-table")

    page.get_by_label("Channel").select_option("kiosk")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**channel=kiosk**")
    assert rows.locator("th").all_inner_texts() == ["A1", "C3"]
    shot(page, "2-kiosks")

    page.get_by_role("link", name="C3", exact=True).click()
    page.wait_for_url("**/outlets/C3**")
    assert page.locator("#history-chart .bar.loss").count() == 2
    assert (
        page.locator("#visits tbody tr")
        .first.inner_text()
        .startswith("2026-04-15 10:00")
    )
    shot(page, "3-outlet-c3")

    page.get_by_role("link", name="Whale curve").click()
    page.wait_for_url("**/whale**")
    assert (
        page.locator("#whale-chart")
        .get_by_text("66.67% of outlets", exact=True)
        .is_visible()
    )
    assert "earn all of the profit" in page.locator(".headline").inner_text()
    shot(page, "4-whale-curve")


def test_roll_ups_and_churn_list_render(page, live_url, finance_world, make_user):
    user = make_user("finance", finance_world["distributor"])
    target = quote("/finance/BRU/segments?from=2026-03-01&to=2026-04-30")

    page.goto(f"{live_url}/login?next={target}")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="By territory").click()
    page.wait_for_url("**by=territory**")
    total = page.locator("#segment-table tbody tr").last
    assert total.locator("th").inner_text() == "TOTAL"
    shot(page, "5-roll-up-by-territory")

    page.get_by_role("link", name="Churn risk").click()
    page.wait_for_url("**/churn**")
    assert page.locator("#churn-table tbody tr").count() == 4
    shot(page, "6-churn-risk")
