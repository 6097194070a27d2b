"""A live server on loopback and a phone-sized Chromium for the field pages."""

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.field_support import field_as, field_world  # noqa: F401  (fixtures)

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = ("http://127.0.0.1", "http://localhost", "ws://127.0.0.1")


@pytest.fixture
def field_server(app):
    """The app served on 127.0.0.1 at a free port, in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def field_browser():
    """Debian's Chromium, headless, or a skip when it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


def _only_loopback(route) -> None:
    if route.request.url.startswith(LOOPBACK):
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def phone(field_browser, field_server):
    """A 360 x 740 browser context that may reach nothing but the live server."""
    context = field_browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=field_server
    )
    context.route("**/*", _only_loopback)
    yield context
    context.close()


def screenshot(page, name: str) -> None:
    """Keep a full-page screenshot in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, email: str, password: str) -> None:
    page.goto("/login?next=/field/")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', password)
    page.click('button[type="submit"]')
    page.wait_for_url("**/field/**")
