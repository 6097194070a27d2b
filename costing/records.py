"""The result as rows of strings, identical for the API and the CSV export.

Money carries exactly the currency's decimals ("84.00", "1268303"), ratios and
percentages 2 decimals, the CLV multiplier 4, and None (an empty CSV cell)
where a figure is undefined (section 3.8).
"""

from __future__ import annotations

import logging

from costing.churn import SIGNAL_NAMES, ChurnRisk
from costing.money import format_decimal, format_money
from costing.pnl import PnlLines
from costing.result import CostingResult, OutletRow
from costing.rollup import SegmentRow
from costing.whale import WhaleCurve

logger = logging.getLogger(__name__)

AMOUNT_COLUMNS = (
    "net_revenue",
    "cost_of_goods",
    "gross_margin",
    "trade_recorded",
    "trade_rebates",
    "trade_payments",
    "trade_spend",
    "route_travel",
    "route_stop_time",
    "route_estimated",
    "stop_admin",
    "picking",
    "handling",
    "delivery_cost",
    "technician_labour",
    "callout",
    "parts",
    "service_cost",
    "financing_cost",
    "cost_to_serve",
    "net_contribution",
)
PNL_COLUMNS = (
    ("cases",)
    + AMOUNT_COLUMNS
    + ("cost_to_serve_per_case", "cost_to_serve_percent", "net_contribution_percent")
    + ("gross_margin_per_case", "trade_spend_per_case", "case_cost_per_case")
)
PER_CASE_COLUMNS = (
    "cost_to_serve_per_case",
    "gross_margin_per_case",
    "trade_spend_per_case",
    "case_cost_per_case",
)
OUTLET_COLUMNS = (
    ("outlet", "name", "channel", "territory", "size_band", "active", "estimated")
    + PNL_COLUMNS
    + (
        "churn_score",
        "churn_band",
        "churn_reason",
        "churn_days_since_last",
        "churn_recent_occasions",
        "churn_baseline_occasions",
        "churn_recent_cases",
        "churn_baseline_cases",
        "churn_occasions",
        "churn_failed_occasions",
    )
    + tuple(
        f"churn_{name}{suffix}" for name in SIGNAL_NAMES for suffix in ("", "_points")
    )
    + (
        "annualised_contribution",
        "retention",
        "clv_multiplier",
        "clv",
    )
)
SEGMENT_COLUMNS = (
    "dimension",
    "value",
    "outlets",
    "active_outlets",
    "loss_making",
) + PNL_COLUMNS
WHALE_COLUMNS = (
    "rank",
    "outlet",
    "net_contribution",
    "cumulative",
    "outlets_percent",
    "cumulative_percent",
)


def _flag(value: bool) -> str:
    return "true" if value else "false"


def pnl_record(pnl: PnlLines, exponent: int) -> dict[str, str | None]:
    """Format P&L lines: cases, every amount line, the ratios and per-case figures."""
    record: dict[str, str | None] = {"cases": str(pnl.cases)}
    for name in AMOUNT_COLUMNS:
        record[name] = format_money(getattr(pnl, name), exponent)

    record["cost_to_serve_percent"] = format_decimal(pnl.cost_to_serve_percent)
    record["net_contribution_percent"] = format_decimal(pnl.net_contribution_percent)
    for name in PER_CASE_COLUMNS:
        per_case = getattr(pnl, name)
        record[name] = None if per_case is None else format_money(per_case, exponent)

    return {name: record[name] for name in PNL_COLUMNS}


def outlet_record(row: OutletRow, exponent: int) -> dict[str, str | None]:
    """Format one outlet row with its P&L, churn score and value."""
    outlet = row.outlet
    record: dict[str, str | None] = {
        "outlet": outlet.code,
        "name": outlet.name,
        "channel": outlet.channel,
        "territory": outlet.territory,
        "size_band": outlet.size_band,
        "active": _flag(row.active),
        "estimated": _flag(row.estimated),
    }
    record.update(pnl_record(row.pnl, exponent))

    record.update(churn_record(row.churn))
    value = row.value
    record.update(
        annualised_contribution=format_money(value.annualised_contribution, exponent),
        retention=format_decimal(value.retention, 4),
        clv_multiplier=format_decimal(value.multiplier, 4),
        clv=format_money(value.clv, exponent),
    )
    return record


def _count(value: int | None) -> str | None:
    return None if value is None else str(value)


def churn_record(churn: ChurnRisk) -> dict[str, str | None]:
    """Format a churn score with its counts and each signal's value and points.

    Signal values carry 4 decimals and points 2; both are None when the score
    did not come from the signals (lapsed, or no delivery history).
    """
    record: dict[str, str | None] = {
        "churn_score": _count(churn.score),
        "churn_band": churn.band,
        "churn_reason": churn.reason,
        "churn_days_since_last": _count(churn.days_since_last),
        "churn_recent_occasions": str(churn.recent_occasions),
        "churn_baseline_occasions": str(churn.baseline_occasions),
        "churn_recent_cases": str(churn.recent_cases),
        "churn_baseline_cases": str(churn.baseline_cases),
        "churn_occasions": str(churn.occasions),
        "churn_failed_occasions": str(churn.failed_occasions),
    }
    signals = {signal.name: signal for signal in churn.signals}
    for name in SIGNAL_NAMES:
        signal = signals.get(name)
        record[f"churn_{name}"] = signal and format_decimal(signal.value, 4)
        record[f"churn_{name}_points"] = signal and format_decimal(signal.points)

    return record


def segment_record(row: SegmentRow, exponent: int) -> dict[str, str | None]:
    """Format one segment row (or a TOTAL row)."""
    record: dict[str, str | None] = {
        "dimension": row.dimension,
        "value": row.value,
        "outlets": str(row.outlets),
        "active_outlets": str(row.active_outlets),
        "loss_making": str(row.loss_making),
    }
    record.update(pnl_record(row.pnl, exponent))
    return record


def whale_records(curve: WhaleCurve, exponent: int) -> list[dict[str, str | None]]:
    """Format the points of the whale curve."""
    return [
        {
            "rank": str(point.rank),
            "outlet": point.outlet,
            "net_contribution": format_money(point.net_contribution, exponent),
            "cumulative": format_money(point.cumulative, exponent),
            "outlets_percent": format_decimal(point.outlets_percent),
            "cumulative_percent": format_decimal(point.cumulative_percent),
        }
        for point in curve.points
    ]


def whale_summary(curve: WhaleCurve, exponent: int) -> dict[str, str | None]:
    """Format the summary figures of the whale curve."""
    return {
        "outlets": str(curve.outlets),
        "total": format_money(curve.total, exponent),
        "profitable": str(curve.profitable),
        "profitable_percent": format_decimal(curve.profitable_percent),
        "peak": format_money(curve.peak, exponent),
        "peak_percent": format_decimal(curve.peak_percent),
        "loss_making": str(curve.loss_making),
        "total_loss": format_money(curve.total_loss, exponent),
        "subsidy_index": format_decimal(curve.subsidy_index),
    }


def result_records(result: CostingResult) -> dict[str, object]:
    """Format a whole result: outlets, segments, whale curve, reconciliation."""
    exponent = result.exponent
    reconciliation = result.reconciliation
    return {
        "currency": result.currency,
        "period": {
            "start": result.period.start.isoformat(),
            "end": result.period.end.isoformat(),
        },
        "outlets": [outlet_record(row, exponent) for row in result.outlets],
        "total": pnl_record(result.total, exponent),
        "segments": {
            dimension: [segment_record(row, exponent) for row in rows]
            for dimension, rows in result.segments.items()
        },
        "whale": {
            "points": whale_records(result.whale, exponent),
            "summary": whale_summary(result.whale, exponent),
        },
        "reconciliation": {
            "pools": {
                name: (
                    str(amount) if name == "cases" else format_money(amount, exponent)
                )
                for name, amount in reconciliation.pool_totals.items()
            },
            "route_pools": format_money(reconciliation.route_pools, exponent),
            "allocated_route_cost": format_money(
                reconciliation.allocated_route_cost, exponent
            ),
            "unallocated_route_cost": format_money(
                reconciliation.unallocated_route_cost, exponent
            ),
            "estimated_route_cost": format_money(
                reconciliation.estimated_route_cost, exponent
            ),
        },
    }
