"""Settings read from the environment, with a subclass for the test suite."""

import os
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def _default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'dsd.sqlite'}"


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default

    return raw.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Production settings; every value can be set by an environment variable."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "change-me-in-production")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or _default_database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    # Bearer tokens for API clients expire after this many seconds.
    TOKEN_MAX_AGE_S = int(os.environ.get("TOKEN_MAX_AGE_S", str(12 * 3600)))

    # Outlets further than this from their distributor's depot are refused on import
    # as implausible: a swapped latitude and longitude usually lands thousands of km
    # away.
    MAX_DEPOT_DISTANCE_KM = float(os.environ.get("MAX_DEPOT_DISTANCE_KM", "150"))

    # Background solves run in-process unless a Celery broker is configured.
    CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL")

    # Road-network travel times (OSRM table API); great-circle estimates if unset.
    OSRM_URL = os.environ.get("OSRM_URL")

    MAP_TILE_URL = os.environ.get(
        "MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    )

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)

    API_TITLE = "DSD routing and cost-to-serve"
    API_VERSION = "v1"
    # 3.0 rather than 3.1: the bundled Swagger UI renders 3.0 documents.
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "docs"
    OPENAPI_RAPIDOC_PATH = None
    OPENAPI_REDOC_PATH = None
    # The browsable document loads its viewer from a copy served by this app.
    OPENAPI_SWAGGER_UI_URL = "/api/docs/assets/"

    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")


class TestConfig(Config):
    """Settings for the test suite: a database named by TEST_DATABASE_URL."""

    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "TEST_DATABASE_URL", "sqlite:///" + str(INSTANCE_DIR / "test.sqlite")
    )
    # Fast hashing keeps the suite quick; production uses the library defaults.
    ARGON2_FAST = True
