"""A demo data set loaded once per test module, and removed after it."""

from datetime import date

import pytest
from sqlalchemy import text

# History then runs from 2026-03-03 to 2026-05-31: 90 days, 13 of them Sundays.
END_DATE = date(2026, 6, 1)


@pytest.fixture(scope="module")
def demo_app(database_url):
    """An app whose database holds the demo data set ending before END_DATE."""
    from dsd import create_app
    from dsd.config import TestConfig
    from dsd.demo import seed_demo
    from dsd.extensions import db

    class Settings(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    app = create_app(Settings)
    with app.app_context():
        seed_demo(end_date=END_DATE)
        db.session.commit()
        yield app
        empty_every_table()


@pytest.fixture
def demo_session(demo_app):
    from dsd.extensions import db

    yield db.session
    db.session.rollback()


def empty_every_table() -> None:
    """Delete every row, children first, and let go of the connections."""
    from dsd.extensions import db

    db.session.rollback()
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(text(f'DELETE FROM "{table.name}"'))
    db.engine.dispose()
