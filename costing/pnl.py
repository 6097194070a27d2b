"""Outlet P&L lines (section 7): amounts per cost pool and the lines built on them."""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from fractions import Fraction

import numpy as np

from costing.money import percent, round_half_away

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PnlLines:
    """The P&L of an outlet or a segment for a period.

    Every amount is an integer of the currency's minor unit; each field is one
    cost pool or revenue line, and the properties are the lines built on them.
    """

    cases: int = 0
    net_revenue: int = 0
    cost_of_goods: int = 0
    trade_recorded: int = 0
    trade_rebates: int = 0
    trade_payments: int = 0
    route_travel: int = 0
    route_stop_time: int = 0
    route_estimated: int = 0
    stop_admin: int = 0
    picking: int = 0
    handling: int = 0
    technician_labour: int = 0
    callout: int = 0
    parts: int = 0
    financing: int = 0

    def __add__(self, other: PnlLines) -> PnlLines:
        return PnlLines(
            **{name: getattr(self, name) + getattr(other, name) for name in LINE_FIELDS}
        )

    @property
    def gross_margin(self) -> int:
        """Net revenue minus cost of goods."""
        return self.net_revenue - self.cost_of_goods

    @property
    def trade_spend(self) -> int:
        """Recorded off-invoice spend, promotion rebates and trade payments."""
        return self.trade_recorded + self.trade_rebates + self.trade_payments

    @property
    def delivery_cost(self) -> int:
        """Route travel and stop time, estimated route, admin, picking, handling."""
        return (
            self.route_travel
            + self.route_stop_time
            + self.route_estimated
            + self.stop_admin
            + self.picking
            + self.handling
        )

    @property
    def service_cost(self) -> int:
        """Technician labour, call-out and parts."""
        return self.technician_labour + self.callout + self.parts

    @property
    def financing_cost(self) -> int:
        """Credit cost of payment terms."""
        return self.financing

    @property
    def cost_to_serve(self) -> int:
        """Delivery, service and financing cost."""
        return self.delivery_cost + self.service_cost + self.financing_cost

    @property
    def net_contribution(self) -> int:
        """Gross margin minus trade spend minus cost-to-serve."""
        return self.gross_margin - self.trade_spend - self.cost_to_serve

    @property
    def cost_to_serve_per_case(self) -> int | None:
        """Cost-to-serve per case in minor units (rounded); None if no cases."""
        return self.per_case(self.cost_to_serve)

    def per_case(self, amount: int) -> int | None:
        """An amount per case in minor units (rounded); None if no cases."""
        if self.cases == 0:
            return None
        return round_half_away(Fraction(amount, self.cases))

    @property
    def gross_margin_per_case(self) -> int | None:
        """Gross margin per case, minor units; for the route planner's drop value."""
        return self.per_case(self.gross_margin)

    @property
    def trade_spend_per_case(self) -> int | None:
        """Trade spend per case, minor units; for the route planner's drop value."""
        return self.per_case(self.trade_spend)

    @property
    def case_cost_per_case(self) -> int | None:
        """Picking, handling and financing per case: the non-route per-case costs."""
        return self.per_case(self.picking + self.handling + self.financing)

    @property
    def cost_to_serve_percent(self) -> Fraction | None:
        """100 x cost-to-serve / net revenue, exact; None if no revenue."""
        return percent(self.cost_to_serve, self.net_revenue)

    @property
    def net_contribution_percent(self) -> Fraction | None:
        """100 x net contribution / net revenue, exact; None if no revenue."""
        return percent(self.net_contribution, self.net_revenue)


LINE_FIELDS = tuple(field.name for field in fields(PnlLines))


def sum_lines(lines: list[PnlLines] | tuple[PnlLines, ...]) -> PnlLines:
    """Sum P&L lines field by field (an empty list gives zeros)."""
    totals = dict.fromkeys(LINE_FIELDS, 0)
    for line in lines:
        for name in LINE_FIELDS:
            totals[name] += getattr(line, name)

    return PnlLines(**totals)


def line_matrix(columns: dict[str, np.ndarray]) -> np.ndarray:
    """Stack per-outlet field arrays into an (outlets x fields) int64 matrix."""
    return np.column_stack([columns[name] for name in LINE_FIELDS]).astype(np.int64)


def net_contributions(columns: dict[str, np.ndarray]) -> np.ndarray:
    """Net contribution of each outlet from its per-outlet field arrays."""
    costs = (
        "cost_of_goods",
        "trade_recorded",
        "trade_rebates",
        "trade_payments",
        "route_travel",
        "route_stop_time",
        "route_estimated",
        "stop_admin",
        "picking",
        "handling",
        "technician_labour",
        "callout",
        "parts",
        "financing",
    )
    return columns["net_revenue"] - sum(columns[name] for name in costs)


def lines_from_columns(columns: dict[str, np.ndarray], count: int) -> list[PnlLines]:
    """Build one PnlLines per outlet from per-outlet integer arrays.

    Args:
        columns: for each field of PnlLines, an int64 array of length `count`.
        count: the number of outlets.

    Returns:
        The PnlLines of each outlet, in outlet order.
    """
    as_lists = [columns[name].tolist() for name in LINE_FIELDS]
    return (
        [PnlLines(*values) for values in zip(*as_lists, strict=True)] if count else []
    )
