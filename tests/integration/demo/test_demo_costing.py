"""The demo's cost-to-serve comes from driven routes, not estimates.

Expected figures follow from the demo's description: every trading day the
trucks drive, most drops are on a route and a few (a hired van, about 3 %) are
not, rates are in dong from the first day, and a route's stops add up to less
time than the route.
"""

from datetime import date

from sqlalchemy import func, select

from dsd.models import Delivery, Distributor, DrivenRoute, DrivenStop, Vehicle

FIRST_DAY = date(2026, 3, 3)
LAST_DAY = date(2026, 5, 31)


def test_trucks_drive_every_day_of_history(demo_session):
    days = demo_session.scalars(select(DrivenRoute.service_date).distinct()).all()
    trucks = demo_session.scalar(select(func.count(Vehicle.id)))
    per_day = demo_session.execute(
        select(DrivenRoute.service_date, func.count()).group_by(
            DrivenRoute.service_date
        )
    ).all()

    assert min(days) == FIRST_DAY
    assert max(days) == LAST_DAY
    assert all(1 <= count <= trucks for _day, count in per_day)


def test_most_drops_are_on_a_route_and_a_few_are_not(demo_session):
    total = demo_session.scalar(select(func.count(Delivery.id)))
    unrouted = demo_session.scalar(
        select(func.count(Delivery.id)).where(Delivery.driven_stop_id.is_(None))
    )

    assert 0.01 * total < unrouted < 0.06 * total


def test_routes_leave_and_return_on_their_local_date_with_plausible_km(demo_session):
    routes = demo_session.scalars(select(DrivenRoute)).all()
    dwell = dict(
        demo_session.execute(
            select(DrivenStop.route_id, func.sum(DrivenStop.dwell_us)).group_by(
                DrivenStop.route_id
            )
        ).all()
    )

    for route in routes:
        hours = (route.back_at_depot_at - route.left_depot_at).total_seconds() / 3600
        assert 1 < hours < 14, route.external_ref
        assert 1_000 < route.distance_m < 300_000, route.external_ref
        assert dwell[route.id] < hours * 3600 * 1_000_000


def test_demo_period_is_costed_from_real_allocations(demo_session):
    from dsd.costing_service.run import cost_period

    distributor = demo_session.scalar(select(Distributor))
    result = cost_period(distributor, FIRST_DAY, LAST_DAY)
    reconciliation = result.reconciliation
    estimated = [row for row in result.outlets if row.estimated]
    active = [row for row in result.outlets if row.active]

    assert result.currency == "VND"
    assert reconciliation.route_pools > 0
    assert reconciliation.allocated_route_cost == reconciliation.route_pools
    assert 0 < reconciliation.estimated_route_cost < reconciliation.route_pools / 10
    assert 0 < len(estimated) < len(active)
    assert result.total.trade_rebates > 0
    assert result.total.trade_payments > 0
