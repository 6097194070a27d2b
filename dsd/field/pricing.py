"""What a drop recorded in the field is worth: revenue and cost of goods.

The phone records cases, not invoice lines. A drop is priced at the outlet's
average net revenue and cost of goods per case over its successful deliveries
of the last ``PRICE_HISTORY_DAYS`` before the route's date; an outlet without
such history uses the distributor's average over the same days; a distributor
without any gets zero. Amounts are rounded half up to the minor unit, with
integer arithmetic. Trade spend is left at zero: promotions and rebates are
counted by cost-to-serve from their own records.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from ..extensions import db
from ..models import Delivery

PRICE_HISTORY_DAYS = 90
SUCCESSFUL = ("delivered", "partial")


@dataclass(frozen=True)
class CasePrice:
    """Sums over a history: cases, net revenue and cost of goods (minor units)."""

    cases: int
    net_revenue_minor: int
    cost_of_goods_minor: int

    def revenue_for(self, cases: int) -> int:
        """Net revenue of ``cases`` at the average price, minor units."""
        return _round_ratio(self.net_revenue_minor * cases, self.cases)

    def cost_of_goods_for(self, cases: int) -> int:
        """Cost of goods of ``cases`` at the average cost, minor units."""
        return _round_ratio(self.cost_of_goods_minor * cases, self.cases)


def _round_ratio(numerator: int, denominator: int) -> int:
    if denominator == 0:
        return 0

    return (2 * numerator + denominator) // (2 * denominator)


def _sums(distributor_id: int, until: date, outlet_id: int | None) -> CasePrice:
    query = select(
        func.coalesce(func.sum(Delivery.cases), 0),
        func.coalesce(func.sum(Delivery.net_revenue_minor), 0),
        func.coalesce(func.sum(Delivery.cost_of_goods_minor), 0),
    ).where(
        Delivery.distributor_id == distributor_id,
        Delivery.status.in_(SUCCESSFUL),
        Delivery.cases > 0,
        Delivery.delivered_on >= until - timedelta(days=PRICE_HISTORY_DAYS),
        Delivery.delivered_on < until,
    )
    if outlet_id is not None:
        query = query.where(Delivery.outlet_id == outlet_id)
    cases, revenue, cost = db.session.execute(query).one()
    return CasePrice(int(cases), int(revenue), int(cost))


def case_price(distributor_id: int, outlet_id: int, until: date) -> CasePrice:
    """The outlet's recent average price per case, or the distributor's."""
    outlet = _sums(distributor_id, until, outlet_id)
    if outlet.cases:
        return outlet

    return _sums(distributor_id, until, None)
