"""A small distributor with trucks, outlets and history, ready to plan."""

from datetime import date, time, timedelta

import pytest

from dsd.models import Delivery, Outlet, ReceivingWindow, Vehicle

SERVICE_DATE = date(2026, 3, 10)  # a Tuesday


def _outlet(distributor, code, lon, lat, par, stock, window=(time(7), time(12))):
    return Outlet(
        distributor_id=distributor.id,
        external_code=code,
        name=f"Outlet {code}",
        address=f"{code} Street 1",
        lon=lon,
        lat=lat,
        channel="grocery",
        size_band="M",
        par_level_cases=par,
        last_stock_cases=stock,
        last_stock_on=SERVICE_DATE,
        receiving_windows=[ReceivingWindow(opens_at=window[0], closes_at=window[1])],
    )


@pytest.fixture
def planning_world(make_distributor, make_user, db_session):
    """Two trucks; six low outlets around the depot, one well stocked."""
    distributor = make_distributor("BRU")
    driver = make_user("driver", distributor)
    trucks = [
        Vehicle(
            distributor_id=distributor.id,
            code=f"T{number}",
            capacity_cases=100,
            shift_start=time(6),
            shift_end=time(16),
            fixed_cost_minor=5000,
            cost_per_km=1,
            cost_per_hour=20,
            driver_id=driver.id if number == 1 else None,
        )
        for number in (1, 2)
    ]
    db_session.add_all(trucks)
    # Six outlets at about 1-3 km from the depot, each selling about 2 cases a day
    # (112 in 52 days) and counted at 1 case this morning: each must be visited.
    low = [
        _outlet(distributor, f"L{n}", 4.3517 + dx, 50.8503 + dy, par=30, stock=1)
        for n, (dx, dy) in enumerate(
            [(0.01, 0), (0.02, 0.01), (0.03, 0), (-0.01, 0), (-0.02, -0.01), (0, 0.02)]
        )
    ]
    full = _outlet(distributor, "FULL", 4.36, 50.86, par=30, stock=30)
    db_session.add_all([*low, full])
    db_session.flush()
    for outlet in [*low, full]:
        for week in range(8):
            db_session.add(
                Delivery(
                    distributor_id=distributor.id,
                    outlet_id=outlet.id,
                    delivered_on=SERVICE_DATE - timedelta(days=7 * week + 3),
                    status="delivered",
                    cases=14,
                    net_revenue_minor=14 * 1500,
                    cost_of_goods_minor=14 * 1100,
                    external_ref=f"{outlet.external_code}-{week}",
                )
            )
    db_session.commit()
    return {"distributor": distributor, "trucks": trucks, "low": low, "full": full}
