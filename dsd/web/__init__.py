"""Server-rendered pages: sign-in, home, and the health check."""

from flask import Flask


def register_web(app: Flask) -> None:
    """Register the page blueprints and the session loader."""
    from . import health, pages
    from .finance import bp as finance_pages

    app.register_blueprint(health.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(finance_pages)
