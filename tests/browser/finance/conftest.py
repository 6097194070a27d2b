"""Headless Chromium against the app served on a loopback port.

The hand-worked distributor of the finance page tests is reused, so the browser
sees figures worked out by hand.
"""

import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.integration.finance import conftest as finance_pages

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "finance"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}

# Fixtures of the page tests, made visible in this folder.
brussels = finance_pages.brussels
make_outlet = finance_pages.make_outlet
make_territory = finance_pages.make_territory
make_delivery = finance_pages.make_delivery
finance_world = finance_pages.finance_world


@pytest.fixture
def live_url(app):
    """The app served by Werkzeug in a thread on a free loopback port."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def _only_loopback(route):
    if urlsplit(route.request.url).hostname in LOOPBACK:
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def page(browser):
    """A Chromium page, on the run's one browser, reaching loopback hosts only."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.route("**/*", _only_loopback)
    try:
        yield context.new_page()
    finally:
        context.close()


def shot(page, name: str) -> None:
    """Keep a full-page screenshot in test-artifacts/finance/."""
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
