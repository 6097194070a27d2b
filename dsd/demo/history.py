"""Ninety days of deliveries: drops on each outlet's weekdays, a few failed or short.

Amounts are whole Vietnamese dong (VND has no minor unit below the dong); invoice
totals are rounded to 100 dong as printed invoices are.
"""

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from .outlets import CODE_PREFIX, OutletPlan

HISTORY_DAYS = 90
SUNDAY = 6

# Net revenue per case after list discounts, by channel: cafes, restaurants and bars
# pay more per case than supermarkets and wholesalers who buy in bulk.
NET_PRICE_PER_CASE = {
    "kiosk": 138_000,
    "grocery": 132_000,
    "convenience": 145_000,
    "cafe": 162_000,
    "restaurant": 168_000,
    "bar": 178_000,
    "supermarket": 124_000,
    "wholesale": 120_000,
    "other": 150_000,
}
# The product mix moves revenue per case a little from one drop to the next.
PRICE_MIX_SPREAD = 0.05
COST_OF_GOODS_SHARE = (0.70, 0.78)
INVOICE_ROUNDING = 100

# Share of drops that fail, by channel; the reasons drivers give, and how often.
FAILED_SHARE = {"supermarket": 0.012, "wholesale": 0.015, "kiosk": 0.036}
DEFAULT_FAILED_SHARE = 0.03
FAILURE_REASONS = ("closed", "no_payment", "refused", "no_access", "other")
FAILURE_REASON_WEIGHTS = (45, 20, 15, 15, 5)
# A partial drop: the truck ran short or the outlet took less than it ordered.
PARTIAL_SHARE = 0.04
PARTIAL_TAKEN = (0.4, 0.85)
# How much a drop varies around the outlet's average (log-normal spread).
DROP_SPREAD = 0.22
# An outlet's volume drifts up or down by up to this share over the period.
TREND_SPREAD = 0.10
# Promotions and listing fees: share of drops carrying trade spend, and its size.
TRADE_SPEND_SHARE = {
    "supermarket": 0.60,
    "wholesale": 0.50,
    "bar": 0.40,
    "restaurant": 0.30,
    "convenience": 0.30,
    "cafe": 0.25,
    "grocery": 0.15,
    "kiosk": 0.08,
    "other": 0.05,
}
TRADE_SPEND_RATE = (0.03, 0.12)
# Large supermarkets may take a small top-up on a Sunday; everyone else rests.
SUNDAY_TOP_UP_SHARE = 0.4
SUNDAY_TOP_UP_SIZE = 0.5


@dataclass(frozen=True)
class DeliveryPlan:
    external_ref: str
    outlet_code: str
    delivered_on: date
    status: str
    failure_reason: str | None
    cases: int
    net_revenue_minor: int
    cost_of_goods_minor: int
    trade_spend_minor: int


def history_dates(end_date: date) -> list[date]:
    """The days of history: the HISTORY_DAYS local dates before ``end_date``."""
    first = end_date - timedelta(days=HISTORY_DAYS)
    return [first + timedelta(days=n) for n in range(HISTORY_DAYS)]


def plan_deliveries(
    rng: random.Random, outlets: list[OutletPlan], days: list[date]
) -> list[DeliveryPlan]:
    """Every drop of the period, day by day; notes each outlet's last stock count."""
    trends = {o.code: rng.uniform(-TREND_SPREAD, TREND_SPREAD) for o in outlets}
    sunday_outlets = [
        o
        for o in outlets
        if o.channel == "supermarket" and o.size_band == "XL" and o.closing_day is None
    ]

    deliveries = []
    shut: set[str] = set()
    for index, day in enumerate(days):
        progress = index / max(1, len(days) - 1) - 0.5
        due = _due_outlets(rng, outlets, sunday_outlets, day, shut)
        for sequence, (outlet, share) in enumerate(due, start=1):
            ref = f"{CODE_PREFIX}-INV-{day:%y%m%d}-{sequence:04d}"
            if outlet.closing_day is not None and index >= outlet.closing_day:
                # The driver finds the shop shut for good: its last, failed drop.
                shut.add(outlet.code)
                deliveries.append(_failed(ref, outlet, day, "closed"))
                continue

            mean = outlet.weekly_cases / len(outlet.delivery_weekdays) * share
            mean *= 1 + trends[outlet.code] * progress * 2
            deliveries.append(_drop(rng, ref, outlet, day, mean))

    return deliveries


def _due_outlets(rng, outlets, sunday_outlets, day, shut):
    """The outlets due a drop on this day, with the share of a usual drop they take."""
    if day.weekday() == SUNDAY:
        due = [o for o in sunday_outlets if rng.random() < SUNDAY_TOP_UP_SHARE]
        if not due and sunday_outlets:
            due = [rng.choice(sunday_outlets)]
        return [(o, SUNDAY_TOP_UP_SIZE) for o in due]

    return [
        (o, 1.0)
        for o in outlets
        if day.weekday() in o.delivery_weekdays and o.code not in shut
    ]


def _drop(rng, ref, outlet: OutletPlan, day: date, mean: float) -> DeliveryPlan:
    ordered = max(1, round(mean * rng.lognormvariate(0, DROP_SPREAD)))
    draw = rng.random()
    failed_share = FAILED_SHARE.get(outlet.channel, DEFAULT_FAILED_SHARE)
    if draw < failed_share:
        reason = rng.choices(FAILURE_REASONS, FAILURE_REASON_WEIGHTS)[0]
        return _failed(ref, outlet, day, reason)

    status, cases = "delivered", ordered
    if draw < failed_share + PARTIAL_SHARE and ordered >= 2:
        status = "partial"
        cases = max(1, min(ordered - 1, round(ordered * rng.uniform(*PARTIAL_TAKEN))))

    price = NET_PRICE_PER_CASE[outlet.channel]
    revenue = _invoice(
        cases * price * rng.uniform(1 - PRICE_MIX_SPREAD, 1 + PRICE_MIX_SPREAD)
    )
    cost_of_goods = _invoice(revenue * rng.uniform(*COST_OF_GOODS_SHARE))
    trade_spend = 0
    if rng.random() < TRADE_SPEND_SHARE[outlet.channel]:
        trade_spend = round(revenue * rng.uniform(*TRADE_SPEND_RATE), -3)

    # The driver counts the shelf after the drop: par level, less what was short.
    outlet.last_stock_cases = max(
        0, outlet.par_level_cases - ordered + cases + rng.randint(-2, 2)
    )
    outlet.last_stock_on = day
    return DeliveryPlan(
        external_ref=ref,
        outlet_code=outlet.code,
        delivered_on=day,
        status=status,
        failure_reason=None,
        cases=cases,
        net_revenue_minor=revenue,
        cost_of_goods_minor=cost_of_goods,
        trade_spend_minor=int(trade_spend),
    )


def _failed(ref: str, outlet: OutletPlan, day: date, reason: str) -> DeliveryPlan:
    return DeliveryPlan(
        external_ref=ref,
        outlet_code=outlet.code,
        delivered_on=day,
        status="failed",
        failure_reason=reason,
        cases=0,
        net_revenue_minor=0,
        cost_of_goods_minor=0,
        trade_spend_minor=0,
    )


def _invoice(amount: float) -> int:
    return int(math.floor(amount / INVOICE_ROUNDING + 0.5)) * INVOICE_ROUNDING
