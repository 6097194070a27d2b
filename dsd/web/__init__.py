"""Server-rendered pages: sign-in, home, and the health check."""

from flask import Flask


def register_web(app: Flask) -> None:
    """Register the page blueprints and the session loader."""
    from . import field, health, pages

    app.register_blueprint(health.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(field.bp)
