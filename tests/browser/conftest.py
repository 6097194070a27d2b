"""A live server, a planning world and a signed-in headless Chromium.

The browser is Debian's Chromium driven by Playwright through its executable
path. Every request that does not go to the loopback address is aborted, so map
tiles fail at once and the pages must work without them.
"""

import threading
from datetime import date, time, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dsd.models import Delivery, Outlet, ReceivingWindow, Vehicle

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
SERVICE_DATE = date(2026, 3, 10)  # a Tuesday
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the run, or a skip when it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    """The test app served on a free loopback port from a background thread."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def _loopback_only(route):
    host = urlsplit(route.request.url).hostname
    if host in ("127.0.0.1", "::1"):
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab of 1366x900 that can reach only the live server."""
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, base_url=live_server
    )
    context.route("**/*", _loopback_only)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"script errors on the page: {errors}"


@pytest.fixture
def shoot(request):
    """Save a full-page screenshot under test-artifacts/, named for the step."""
    ARTIFACTS.mkdir(exist_ok=True)

    def shoot(page, step: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return shoot


@pytest.fixture
def sign_in(page):
    """Sign in through the login form."""
    from tests.conftest import PASSWORD

    def sign_in(user):
        page.goto("/login")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/")

    return sign_in


def _outlet(distributor, code, lon, lat, window):
    return Outlet(
        distributor_id=distributor.id,
        external_code=code,
        name=f"Outlet {code}",
        address=f"{code} Street 1",
        lon=lon,
        lat=lat,
        channel="grocery",
        size_band="M",
        par_level_cases=30,
        last_stock_cases=1,
        last_stock_on=SERVICE_DATE,
        receiving_windows=[ReceivingWindow(opens_at=window[0], closes_at=window[1])],
    )


@pytest.fixture
def console_world(make_distributor, make_user, db_session):
    """Three 100-case trucks; six outlets that run out, one closed to every shift.

    Each of the six sells about 2 cases a day and was counted at 1 case this
    morning, so each needs a drop of 29 cases: 174 in all, more than one truck
    holds and 3 drops (87 cases) at most on any truck. The seventh receives only
    from 04:00 to 05:00, before any shift starts at 06:00, so it is left out.
    """
    distributor = make_distributor("BRU")
    driver = make_user("driver", distributor)
    trucks = [
        Vehicle(
            distributor_id=distributor.id,
            code=f"T{number}",
            capacity_cases=100,
            shift_start=time(6),
            shift_end=time(16),
            fixed_cost_minor=5000,
            cost_per_km=1,
            cost_per_hour=20,
            driver_id=driver.id if number == 1 else None,
        )
        for number in (1, 2, 3)
    ]
    db_session.add_all(trucks)
    morning = (time(7), time(12))
    offsets = [
        (0.01, 0),
        (0.02, 0.01),
        (0.03, 0),
        (-0.01, 0),
        (-0.02, -0.01),
        (0, 0.02),
    ]
    low = [
        _outlet(distributor, f"L{n}", 4.3517 + dx, 50.8503 + dy, morning)
        for n, (dx, dy) in enumerate(offsets)
    ]
    early = _outlet(distributor, "EARLY", 4.37, 50.84, (time(4), time(5)))
    db_session.add_all([*low, early])
    db_session.flush()
    for outlet in [*low, early]:
        for week in range(8):
            db_session.add(
                Delivery(
                    distributor_id=distributor.id,
                    outlet_id=outlet.id,
                    delivered_on=SERVICE_DATE - timedelta(days=7 * week + 3),
                    status="delivered",
                    cases=14,
                    net_revenue_minor=14 * 1500,
                    cost_of_goods_minor=14 * 1100,
                    external_ref=f"{outlet.external_code}-{week}",
                )
            )
    db_session.commit()
    dispatcher = make_user("dispatcher", distributor)
    return {
        "distributor": distributor,
        "dispatcher": dispatcher,
        "trucks": trucks,
        "low": low,
        "early": early,
    }
