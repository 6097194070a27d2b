"""A drop recorded in the field is priced from the outlet's recent history."""

from datetime import date, timedelta

import pytest

from dsd.field.pricing import case_price
from dsd.models import Delivery, Outlet

DAY = date(2026, 3, 10)


@pytest.fixture
def outlets(make_distributor, db_session):
    distributor = make_distributor("PRC")
    made = [
        Outlet(
            distributor_id=distributor.id,
            external_code=code,
            name=code,
            lon=4.35,
            lat=50.85,
            channel="kiosk",
            size_band="S",
        )
        for code in ("SOLD", "NEW")
    ]
    db_session.add_all(made)
    db_session.commit()
    return distributor, made


def _delivery(distributor, outlet, days_before, cases, revenue, cost, ref, **extra):
    return Delivery(
        distributor_id=distributor.id,
        outlet_id=outlet.id,
        delivered_on=DAY - timedelta(days=days_before),
        status=extra.pop("status", "delivered"),
        cases=cases,
        net_revenue_minor=revenue,
        cost_of_goods_minor=cost,
        external_ref=ref,
        **extra,
    )


def test_average_is_rounded_half_up_per_drop(outlets, db_session):
    distributor, (sold, _) = outlets
    # 3 cases for 10.00 net and 7.00 cost: 3.3333 and 2.3333 a case.
    db_session.add(_delivery(distributor, sold, 5, 3, 1000, 700, "a"))
    db_session.commit()

    price = case_price(distributor.id, sold.id, DAY)

    # 2 cases: 6.6667 -> 6.67 and 4.6667 -> 4.67; 3 cases: exactly 10.00.
    assert (price.revenue_for(2), price.cost_of_goods_for(2)) == (667, 467)
    assert price.revenue_for(3) == 1000


def test_old_failed_and_later_deliveries_do_not_count(outlets, db_session):
    distributor, (sold, _) = outlets
    db_session.add_all(
        [
            _delivery(distributor, sold, 10, 10, 2000, 1000, "in"),
            _delivery(distributor, sold, 91, 10, 9000, 9000, "too-old"),
            _delivery(distributor, sold, 0, 10, 9000, 9000, "same-day"),
            _delivery(
                distributor,
                sold,
                3,
                0,
                0,
                0,
                "failed",
                status="failed",
                failure_reason="closed",
            ),
        ]
    )
    db_session.commit()

    price = case_price(distributor.id, sold.id, DAY)

    assert (price.revenue_for(1), price.cost_of_goods_for(1)) == (200, 100)


def test_outlet_without_history_takes_the_distributors_average(outlets, db_session):
    distributor, (sold, new) = outlets
    db_session.add(_delivery(distributor, sold, 4, 4, 1000, 600, "b"))
    db_session.commit()

    price = case_price(distributor.id, new.id, DAY)

    assert (price.revenue_for(4), price.cost_of_goods_for(4)) == (1000, 600)


def test_distributor_without_history_prices_at_zero(outlets):
    distributor, (_, new) = outlets

    price = case_price(distributor.id, new.id, DAY)

    assert (price.revenue_for(12), price.cost_of_goods_for(12)) == (0, 0)
