"""Server-rendered pages: sign-in, home, the dispatcher's console, health check."""

from flask import Flask


def register_web(app: Flask) -> None:
    """Register the page blueprints and the session loader."""
    from . import apidocs, console, health, pages, vendor
    from .finance import bp as finance_pages

    app.register_blueprint(apidocs.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(console.bp)
    app.register_blueprint(vendor.bp)
    app.register_blueprint(finance_pages)
