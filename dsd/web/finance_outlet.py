"""One outlet as the finance pages show it: its month-by-month P&L and its events."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from functools import partial

from sqlalchemy import func, select

from costing import records
from costing.engine import compute
from costing.errors import CostingError
from costing.inputs import Period
from costing.money import format_money

from ..costing_service.errors import domain_error
from ..costing_service.reading import read_inputs
from ..costing_service.run import costing_params
from ..errors import NotFound
from ..extensions import db
from ..localtime import local_day, to_local
from ..models import Delivery, Distributor, Outlet, ServiceVisit
from ..money import exponent_of
from .finance_cache import costed_period
from .finance_figures import months_of

logger = logging.getLogger(__name__)

# Events listed on the page; the rest are counted.
EVENTS_SHOWN = 200


def outlet_by_code(distributor: Distributor, code: str) -> Outlet:
    """The distributor's outlet with this code.

    Raises:
        NotFound: no such outlet.
    """
    outlet = db.session.scalar(
        select(Outlet).filter_by(distributor_id=distributor.id, external_code=code)
    )
    if outlet is None:
        raise NotFound(f"no outlet with code {code!r}")

    return outlet


def outlet_record(distributor: Distributor, code: str, start: date, end: date):
    """The outlet's row of the period's costing, as the API formats it.

    Raises:
        NotFound: the outlet is not in the costing.
    """
    result = costed_period(distributor, start, end).result
    try:
        row = result.outlet(code)
    except KeyError as error:
        raise NotFound(f"outlet {code!r} is not in the costing") from error

    return records.outlet_record(row, result.exponent)


def outlet_history(
    distributor: Distributor, code: str, start: date, end: date
) -> list[dict]:
    """The outlet's P&L for each calendar month of the period (clipped to it).

    Each month is costed on its own from the inputs read for the whole period
    (they hold every event of each month), so the months add up to the
    period's figures (the method's additivity rule) and each equals the
    costing of that month alone.

    Raises:
        InvalidValue: a month breaks a rule of the method.
    """
    costed = costed_period(distributor, start, end)
    params = costing_params(distributor)
    inputs = costed.kept(
        ("inputs",), lambda _result: read_inputs(distributor, start, end, params)
    )

    def cost_month(first: date, last: date, _result=None):
        try:
            return compute(inputs, Period(first, last), params)
        except CostingError as error:
            raise domain_error(error) from error

    history = []
    for month, first, last in months_of(start, end):
        result = costed.kept(("month", first), partial(cost_month, first, last))
        pnl = records.pnl_record(result.outlet(code).pnl, result.exponent)
        whole = first.day == 1 and (last + timedelta(days=1)).day == 1
        history.append(
            {"month": month, "from": first, "to": last, "part": not whole, **pnl}
        )

    return history


def outlet_deliveries(
    distributor: Distributor, outlet: Outlet, start: date, end: date
) -> tuple[int, list[dict]]:
    """How many deliveries the outlet had in the period, and the latest of them."""
    where = (
        Delivery.outlet_id == outlet.id,
        Delivery.delivered_on >= start,
        Delivery.delivered_on <= end,
    )
    count = db.session.scalar(select(func.count()).where(*where))
    rows = db.session.scalars(
        select(Delivery)
        .where(*where)
        .order_by(Delivery.delivered_on.desc(), Delivery.id.desc())
        .limit(EVENTS_SHOWN)
    )
    exponent = exponent_of(distributor.currency)
    return count, [
        {
            "date": delivery.delivered_on,
            "ref": delivery.external_ref,
            "status": delivery.status,
            "failure_reason": delivery.failure_reason,
            "cases": delivery.cases,
            "net_revenue": format_money(delivery.net_revenue_minor, exponent),
            "cost_of_goods": format_money(delivery.cost_of_goods_minor, exponent),
            "routed": delivery.driven_stop_id is not None,
        }
        for delivery in rows
    ]


def outlet_visits(
    distributor: Distributor, outlet: Outlet, start: date, end: date
) -> tuple[int, list[dict]]:
    """How many service visits began at the outlet in the period, and the latest."""
    timezone = distributor.timezone
    where = (
        ServiceVisit.outlet_id == outlet.id,
        ServiceVisit.started_at >= local_day(start, timezone)[0],
        ServiceVisit.started_at < local_day(end, timezone)[1],
    )
    count = db.session.scalar(select(func.count()).where(*where))
    rows = db.session.scalars(
        select(ServiceVisit)
        .where(*where)
        .order_by(ServiceVisit.started_at.desc(), ServiceVisit.id.desc())
        .limit(EVENTS_SHOWN)
    )
    exponent = exponent_of(distributor.currency)
    return count, [
        {
            "started": to_local(visit.started_at, timezone),
            "ref": visit.external_ref,
            "kind": visit.kind,
            "outcome": visit.outcome,
            "labour_minutes": visit.labour_minutes,
            "parts": format_money(visit.parts_cost_minor, exponent),
        }
        for visit in rows
    ]
