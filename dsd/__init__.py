"""DSD routing and cost-to-serve service.

The REST API lives under ``/api/v1`` and is described by the OpenAPI document at
``/api/openapi.json`` (browsable at ``/api/docs``). API clients obtain a bearer
token from ``POST /api/v1/auth/token`` with an email and password and send it as
``Authorization: Bearer <token>``. Web pages use a session login at ``/login``.

Every resource of a distributor sits below ``/api/v1/distributors/<code>/``; a
caller sees only the distributors in their scope and only the operations their
role allows. Errors share one JSON envelope: ``code``, ``status``, ``message`` and
``errors`` keyed by field (or by row, then column, for file imports).
"""

import logging

from flask import Flask
from flask_smorest import Api

from . import extensions
from .config import Config


def create_app(config: type[Config] | dict | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, error handlers."""
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)

    _configure_logging(app)
    _prepare_sqlite_folder(app)

    extensions.db.init_app(app)
    extensions.migrate.init_app(app, extensions.db, directory=_migrations_dir())
    extensions.login_manager.init_app(app)
    # One Api per app: its OpenAPI document is built from the app's own views.
    api = Api(app)

    from . import models  # noqa: F401  (register the tables)
    from .api import register_api
    from .api.guards import register_guards
    from .cli import register_cli
    from .errors import register_error_handlers
    from .planning.jobs import init_jobs
    from .web import register_web

    register_api(api)
    register_guards(app)
    register_web(app)
    register_cli(app)
    register_error_handlers(app)
    init_jobs(app)
    return app


def _migrations_dir() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parent.parent / "migrations")


def _prepare_sqlite_folder(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and not uri.startswith("sqlite:///:memory:"):
        from pathlib import Path

        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)


def _configure_logging(app: Flask) -> None:
    level = app.config.get("LOG_LEVEL", "INFO")
    root = logging.getLogger("dsd")
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        root.addHandler(handler)
    root.setLevel(level)
    for name in ("routing", "costing"):
        logging.getLogger(name).setLevel(level)
