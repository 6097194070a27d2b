"""What a costing run returns: outlet rows, roll-ups, whale curve, reconciliation."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from costing.churn import ChurnRisk
from costing.events import DeliveryCharges, OccasionCharges, VisitCharges
from costing.inputs import Outlet, Period
from costing.pnl import PnlLines
from costing.rollup import SegmentRow
from costing.routes import RouteCosts
from costing.value import OutletValue
from costing.whale import WhaleCurve

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutletRow:
    """One outlet's figures for the period.

    Attributes:
        outlet: the outlet record.
        active: it has at least one event (stop, delivery, visit, payment).
        estimated: some of its cost comes from an unrouted occasion or an
            estimated dwell.
        pnl: its P&L lines, each cost line broken down by pool.
        churn: its churn-risk score as of the period's last day.
        value: its lifetime value.
    """

    outlet: Outlet
    active: bool
    estimated: bool
    pnl: PnlLines
    churn: ChurnRisk
    value: OutletValue


@dataclass(frozen=True)
class Reconciliation:
    """Distributor-level totals that tie the outlet rows to the pools.

    Attributes:
        pool_totals: per P&L field (pool), the sum over all outlets.
        route_pools: the sum of the pools P of the period's routes.
        allocated_route_cost: the route travel and stop time given to outlets.
        unallocated_route_cost: pools of routes without stops.
        estimated_route_cost: standard route cost of unrouted occasions (not
            part of any route pool).
    """

    pool_totals: dict[str, int]
    route_pools: int
    allocated_route_cost: int
    unallocated_route_cost: int
    estimated_route_cost: int


@dataclass(frozen=True)
class CostingResult:
    """Everything a costing run computes for one distributor and period.

    Money is in minor units of `currency` (10^-exponent of the major unit);
    ratios are exact fractions. `records` formats all of it as strings.

    Attributes:
        currency, exponent: the currency and its minor-unit exponent.
        period: the period costed.
        outlets: one row per outlet, in input order (inactive ones with zeros).
        total: the distributor total of the outlet rows.
        segments: per dimension ("channel", "territory", "size_band") the
            segment rows followed by the TOTAL row.
        whale: the whale curve of the active outlets.
        reconciliation: pool totals and route cost reconciliation.
        routes: route pools and their parts per stop.
        stop_admin: per stop of `routes.stop`, its admin charge.
        deliveries: per-delivery charges.
        occasions: unrouted occasions and their charges.
        visits: per-visit charges.
        discount_rate_micro: d of the CLV, in micro-units.
    """

    currency: str
    exponent: int
    period: Period
    outlets: tuple[OutletRow, ...]
    total: PnlLines
    segments: dict[str, tuple[SegmentRow, ...]]
    whale: WhaleCurve
    reconciliation: Reconciliation
    routes: RouteCosts
    stop_admin: np.ndarray
    deliveries: DeliveryCharges
    occasions: OccasionCharges
    visits: VisitCharges
    discount_rate_micro: int

    @cached_property
    def _by_code(self) -> dict[str, OutletRow]:
        return {row.outlet.code: row for row in self.outlets}

    def outlet(self, code: str) -> OutletRow:
        """Return the row of one outlet by its code.

        Raises:
            KeyError: no outlet has this code.
        """
        return self._by_code[code]
