"""Fixtures shared by the database, API and browser tests.

The schema is built once per run by the Alembic revisions, on the database named
by TEST_DATABASE_URL (a SQLite file by default). Each test gets a fresh app, and
every table is emptied after it, so tests may commit and use threads freely.
"""

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def _test_database_url(tmp_root: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url

    return f"sqlite:///{tmp_root / 'test.sqlite'}"


def _drop_everything(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for table in inspect(connection).get_table_names():
                connection.execute(text(f'DROP TABLE "{table}"'))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """A database with an empty schema at the newest revision."""
    url = _test_database_url(tmp_path_factory.mktemp("db"))
    os.environ["TEST_DATABASE_URL"] = url
    _drop_everything(url)

    from flask_migrate import upgrade

    from dsd import create_app
    from dsd.config import TestConfig

    # A subclass, not a change after create_app: the engine is bound in the
    # factory, and TestConfig may have been imported before the URL was known.
    class Settings(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(Settings)
    with app.app_context():
        upgrade()
        from dsd.extensions import db

        db.engine.dispose()
    return url


@pytest.fixture
def app(database_url):
    """A fresh application bound to the test database, emptied afterwards."""
    from dsd import create_app
    from dsd.config import TestConfig

    class Settings(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    app = create_app(Settings)
    with app.app_context():
        yield app
        _empty_tables(app)


def _empty_tables(app) -> None:
    from dsd.extensions import db

    db.session.rollback()
    db.session.remove()
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{name}"' for name in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                connection.execute(text(f'DELETE FROM "{name}"'))
    db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db_session(app):
    from dsd.extensions import db

    return db.session


def on_postgres() -> bool:
    return os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
