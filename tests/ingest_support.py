"""Factory fixtures for the import and ingest tests.

``make_distributor`` comes from the suite's conftest. The distributor of the
cases sits in Brussels (time zone Europe/Brussels,
currency EUR) with one territory covering roughly lon 4.24-4.48, lat 50.76-50.92.
"""

from datetime import time

import pytest

BRUSSELS_BOX = (4.24, 50.76, 4.48, 50.92)


def box_polygon(min_lon, min_lat, max_lon, max_lat) -> dict:
    ring = [
        [min_lon, min_lat],
        [max_lon, min_lat],
        [max_lon, max_lat],
        [min_lon, max_lat],
        [min_lon, min_lat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def make_territory(db_session):
    from dsd.models import Territory

    def make(distributor, name="Brussels", box=BRUSSELS_BOX):
        territory = Territory(
            distributor_id=distributor.id, name=name, polygon=box_polygon(*box)
        )
        db_session.add(territory)
        db_session.commit()
        return territory

    return make


@pytest.fixture
def make_outlet(db_session):
    from dsd.models import Outlet, ReceivingWindow

    def make(distributor, code="BRU-100", lon=4.35, lat=50.85, **fields):
        outlet = Outlet(
            distributor_id=distributor.id,
            external_code=code,
            name=fields.pop("name", f"Outlet {code}"),
            lon=lon,
            lat=lat,
            channel=fields.pop("channel", "kiosk"),
            size_band=fields.pop("size_band", "S"),
            **fields,
        )
        outlet.receiving_windows = [
            ReceivingWindow(opens_at=time(8), closes_at=time(17))
        ]
        db_session.add(outlet)
        db_session.commit()
        return outlet

    return make


@pytest.fixture
def brussels(make_distributor, make_territory):
    """The Brussels distributor with its one territory."""
    distributor = make_distributor()
    make_territory(distributor)
    return distributor


@pytest.fixture
def auth_headers(db_session):
    """Bearer headers for a new user of a role, scoped to a distributor."""
    from dsd.auth.tokens import issue_token
    from dsd.services.users import create_user

    count = 0

    def make(role, distributor=None):
        nonlocal count
        count += 1
        user = create_user(
            email=f"{role}{count}@example.test",
            role=role,
            password="long-enough-password",
            distributor_code=distributor.code if distributor else None,
        )
        db_session.commit()
        return {"Authorization": f"Bearer {issue_token(user)}"}

    return make
