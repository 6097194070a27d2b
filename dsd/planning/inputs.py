"""Reading what a plan needs from the database: stock, history, economics."""

import logging
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import func, select

from ..errors import DomainError
from ..extensions import db
from ..models import Delivery, Distributor, Outlet
from .replenishment import OutletStock, ReplenishmentSettings
from .value import OutletEconomics

logger = logging.getLogger(__name__)

SUCCESSFUL = ("delivered", "partial")
ECONOMICS_DAYS = 365


def active_outlets(distributor: Distributor) -> list[Outlet]:
    """The distributor's active outlets, with their receiving windows."""
    return list(
        db.session.scalars(
            select(Outlet)
            .filter_by(distributor_id=distributor.id, status="active")
            .order_by(Outlet.id)
        )
    )


def _daily_cases(distributor: Distributor, since: date, until: date) -> dict:
    rows = db.session.execute(
        select(Delivery.outlet_id, Delivery.delivered_on, func.sum(Delivery.cases))
        .where(
            Delivery.distributor_id == distributor.id,
            Delivery.status.in_(SUCCESSFUL),
            Delivery.cases > 0,
            Delivery.delivered_on >= since,
            Delivery.delivered_on < until,
        )
        .group_by(Delivery.outlet_id, Delivery.delivered_on)
    )
    daily: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for outlet_id, day, cases in rows:
        daily[outlet_id].append((day, int(cases)))

    return daily


def _last_delivery_dates(distributor: Distributor, until: date) -> dict[int, date]:
    rows = db.session.execute(
        select(Delivery.outlet_id, func.max(Delivery.delivered_on))
        .where(
            Delivery.distributor_id == distributor.id,
            Delivery.status.in_(SUCCESSFUL),
            Delivery.cases > 0,
            Delivery.delivered_on < until,
        )
        .group_by(Delivery.outlet_id)
    )
    return dict(rows.all())


def outlet_stocks(
    distributor: Distributor,
    outlets: list[Outlet],
    service_date: date,
    settings: ReplenishmentSettings,
) -> list[OutletStock]:
    """Each outlet's stock facts as of the service date."""
    window_start = service_date - timedelta(days=settings.history_days)
    counts = [o.last_stock_on for o in outlets if o.last_stock_on is not None]
    since = min([window_start, *counts])
    daily = _daily_cases(distributor, since, service_date)
    last_delivery = _last_delivery_dates(distributor, service_date)

    stocks = []
    for outlet in outlets:
        days = daily.get(outlet.id, [])
        in_window = [(d, c) for d, c in days if d >= window_start]
        since_count = 0
        if outlet.last_stock_on is not None:
            since_count = sum(c for d, c in days if d > outlet.last_stock_on)
        stocks.append(
            OutletStock(
                outlet_id=outlet.id,
                par_level_cases=outlet.par_level_cases,
                last_stock_cases=outlet.last_stock_cases,
                last_stock_on=outlet.last_stock_on,
                cases_in_window=sum(c for _, c in in_window),
                first_delivery_on=min((d for d, _ in in_window), default=None),
                cases_since_count=since_count,
                last_delivery_on=last_delivery.get(outlet.id),
            )
        )

    return stocks


def outlet_economics(
    distributor: Distributor, service_date: date, non_route_cost_per_case: float = 0
) -> dict[int, OutletEconomics]:
    """Each outlet's per-case economics over the trailing year, by outlet id.

    From the cost-to-serve run of the 365 days before ``service_date``: gross
    margin, trade spend (recorded, rebates and payments) and the non-route
    per-case costs (picking, handling, financing) per case, with the outlet's
    lifetime value and churn score. Route costs are left out: the planner pays
    them itself. When the distributor cannot be costed (no rate card yet, say),
    margin and trade spend come from the deliveries alone and
    ``non_route_cost_per_case`` stands for the per-case costs.
    """
    from ..costing_service.run import cost_period

    start = service_date - timedelta(days=ECONOMICS_DAYS)
    try:
        result = cost_period(distributor, start, service_date - timedelta(days=1))
    except DomainError as error:
        logger.info(
            "outlet values for %s on %s from deliveries alone: %s",
            distributor.code,
            service_date,
            error.message,
        )
        return _delivery_economics(distributor, service_date, non_route_cost_per_case)

    ids = dict(
        db.session.execute(
            select(Outlet.external_code, Outlet.id).filter_by(
                distributor_id=distributor.id
            )
        ).all()
    )
    economics = {}
    for row in result.outlets:
        pnl = row.pnl
        if not pnl.cases:
            continue
        economics[ids[row.outlet.code]] = OutletEconomics(
            margin_per_case_minor=pnl.gross_margin_per_case,
            trade_spend_per_case_minor=pnl.trade_spend_per_case,
            non_route_cost_per_case_minor=pnl.case_cost_per_case,
            lifetime_value_minor=row.value.clv,
            churn_score=row.churn.score,
        )

    return economics


def _delivery_economics(
    distributor: Distributor, service_date: date, non_route_cost_per_case: float
) -> dict[int, OutletEconomics]:
    """Margin and trade spend per case from the trailing year's deliveries."""
    since = service_date - timedelta(days=ECONOMICS_DAYS)
    rows = db.session.execute(
        select(
            Delivery.outlet_id,
            func.sum(Delivery.cases),
            func.sum(Delivery.net_revenue_minor - Delivery.cost_of_goods_minor),
            func.sum(Delivery.trade_spend_minor),
        )
        .where(
            Delivery.distributor_id == distributor.id,
            Delivery.status.in_(SUCCESSFUL),
            Delivery.delivered_on >= since,
            Delivery.delivered_on < service_date,
        )
        .group_by(Delivery.outlet_id)
    )
    economics = {}
    for outlet_id, cases, margin, trade in rows:
        if not cases:
            continue
        economics[outlet_id] = OutletEconomics(
            margin_per_case_minor=int(margin) / int(cases),
            trade_spend_per_case_minor=int(trade) / int(cases),
            non_route_cost_per_case_minor=non_route_cost_per_case,
        )

    return economics
