"""A phone-sized browser context for the field pages.

The Chromium and the live server come from ``tests/browser/conftest.py``; this
adds a 360 x 740 context that can reach nothing but the live server.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.field_support import field_as, field_world  # noqa: F401  (fixtures)

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _only_loopback(route) -> None:
    if urlsplit(route.request.url).hostname in ("127.0.0.1", "::1"):
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def phone(browser, live_server):
    """A 360 x 740 browser context that may reach nothing but the live server."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=live_server
    )
    context.route("**/*", _only_loopback)
    context.set_default_timeout(15_000)
    yield context
    context.close()


def screenshot(page, name: str) -> None:
    """Keep a full-page screenshot in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, email: str, password: str) -> None:
    """Sign in through the login form and land on the field day page."""
    page.goto("/login?next=/field/")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', password)
    page.click('button[type="submit"]')
    page.wait_for_url("**/field/**")
