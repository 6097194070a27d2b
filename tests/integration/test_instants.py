"""Instants come back aware and in UTC on SQLite and PostgreSQL (case C23)."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError

from dsd.localtime import local_day
from dsd.models import Outlet, ServiceVisit

PLUS_TWO = timezone(timedelta(hours=2))


@pytest.fixture
def outlet(make_distributor, db_session):
    distributor = make_distributor("BRU")
    outlet = Outlet(
        distributor_id=distributor.id,
        external_code="BRU-001",
        name="Kiosk Nord",
        lon=4.3517,
        lat=50.8503,
        channel="kiosk",
        size_band="S",
    )
    db_session.add(outlet)
    db_session.commit()
    return outlet


def _visit(outlet, started_at, finished_at, ref="V-1"):
    return ServiceVisit(
        distributor_id=outlet.distributor_id,
        outlet_id=outlet.id,
        kind="repair",
        started_at=started_at,
        finished_at=finished_at,
        labour_minutes=50,
        external_ref=ref,
    )


def test_offset_instant_comes_back_aware_in_utc(outlet, db_session):
    db_session.add(
        _visit(
            outlet,
            datetime(2025, 6, 2, 9, 15, tzinfo=PLUS_TWO),
            datetime(2025, 6, 2, 10, 5, tzinfo=PLUS_TWO),
        )
    )
    db_session.commit()
    db_session.expunge_all()

    visit = db_session.scalar(select(ServiceVisit))

    assert visit.started_at == datetime(2025, 6, 2, 7, 15, tzinfo=UTC)
    assert visit.started_at.utcoffset() == timedelta(0)
    assert visit.finished_at - visit.started_at == timedelta(minutes=50)


def test_visit_is_found_on_its_local_date(outlet, db_session):
    db_session.add(
        _visit(
            outlet,
            datetime(2025, 6, 2, 9, 15, tzinfo=PLUS_TWO),
            datetime(2025, 6, 2, 10, 5, tzinfo=PLUS_TWO),
        )
    )
    db_session.commit()
    start, end = local_day(date(2025, 6, 2), "Europe/Brussels")

    found = db_session.scalars(
        select(ServiceVisit).where(
            ServiceVisit.started_at >= start, ServiceVisit.started_at < end
        )
    ).all()

    assert [v.external_ref for v in found] == ["V-1"]


def test_naive_instant_is_refused(outlet, db_session):
    db_session.add(_visit(outlet, datetime(2025, 6, 2, 9, 15), None))

    with pytest.raises(StatementError, match="naive datetime"):
        db_session.commit()
