"""What the demo trucks actually drove, and what serving the outlets costs.

Each day the outlets due a drop are swept by bearing from the depot into one
slice per truck, visited nearest-first, at a city speed over great-circle
distance times a circuity factor; dwell grows with the cases dropped. A few
drops each day go out by a hired van and are recorded without a route, so the
costing's fallback rule ("estimated") shows. Rates are in Vietnamese dong:
a rate card, the trucks' own rates with a fuel rise half-way through, two
promotions and some listing fees and cooler incentives.
"""

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from ..geo import great_circle_km
from .fleet import TruckPlan
from .geography import DEPOT
from .history import DeliveryPlan
from .outlets import CODE_PREFIX, OutletPlan

CIRCUITY = 1.35
SPEED_KMH = 22.0
# Share of a day's drops made by a hired van, recorded without a route.
UNROUTED_SHARE = 0.03
STOPS_PER_TRUCK = 32
DWELL_FIXED_MIN = 4.0
DWELL_PER_CASE_MIN = 0.35
DWELL_SPREAD_MIN = 3.0
# Fuel went up half-way through the history: every truck's cost per km rises.
FUEL_RISE = Decimal("1.06")
PAYMENT_TERMS_DAYS = {"supermarket": 30, "wholesale": 14, "convenience": 7}


@dataclass(frozen=True)
class StopPlan:
    sequence: int
    outlet_code: str
    arrived_at: datetime
    departed_at: datetime
    depot_distance_m: int
    delivery_refs: tuple[str, ...]

    @property
    def dwell_us(self) -> int:
        return (self.departed_at - self.arrived_at) // timedelta(microseconds=1)


@dataclass(frozen=True)
class RoutePlan:
    external_ref: str
    vehicle_code: str
    service_date: date
    left_depot_at: datetime
    back_at_depot_at: datetime
    distance_m: int
    stops: tuple[StopPlan, ...]


@dataclass(frozen=True)
class CostPlan:
    """The demo's rate card, truck rates, promotions and trade payments."""

    rate_card: dict
    vehicle_rates: list[dict]
    promotions: list[dict]
    trade_payments: list[dict]

    def row_count(self) -> int:
        listed = sum(len(p["outlet_codes"]) for p in self.promotions)
        parts = (self.vehicle_rates, self.promotions, self.trade_payments)
        return 1 + sum(len(part) for part in parts) + listed


def payment_terms_days(outlet: OutletPlan) -> int:
    """Days of credit an outlet gets: supermarkets and wholesalers buy on terms."""
    return PAYMENT_TERMS_DAYS.get(outlet.channel, 0)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return great_circle_km(a[0], a[1], b[0], b[1]) * CIRCUITY


def plan_routes(
    rng: random.Random,
    outlets: list[OutletPlan],
    trucks: list[TruckPlan],
    deliveries: list[DeliveryPlan],
    timezone: str,
) -> list[RoutePlan]:
    """The routes driven on each day of the history, with their stops."""
    zone = ZoneInfo(timezone)
    by_code = {outlet.code: outlet for outlet in outlets}
    days: dict[date, dict[str, list[str]]] = {}
    for delivery in deliveries:
        drops = days.setdefault(delivery.delivered_on, {})
        drops.setdefault(delivery.outlet_code, []).append(delivery.external_ref)
    cases = {d.external_ref: d.cases for d in deliveries}

    routes = []
    for day in sorted(days):
        due = [
            (by_code[code], refs)
            for code, refs in days[day].items()
            if rng.random() >= UNROUTED_SHARE
        ]
        due.sort(key=lambda item: _bearing(item[0]))
        used = min(len(trucks), max(1, math.ceil(len(due) / STOPS_PER_TRUCK)))
        for number in range(used):
            chunk = due[number * len(due) // used : (number + 1) * len(due) // used]
            if chunk:
                routes.append(_drive(rng, day, trucks[number], chunk, cases, zone))

    return routes


def _bearing(outlet: OutletPlan) -> float:
    return math.atan2(outlet.lat - DEPOT[1], outlet.lon - DEPOT[0])


def _drive(rng, day, truck: TruckPlan, chunk, cases, zone) -> RoutePlan:
    """One truck's day: nearest outlet first, from the depot and back."""
    left = datetime.combine(day, truck.shift_start, zone) + timedelta(
        minutes=rng.randint(0, 20)
    )
    clock = left
    here = DEPOT
    km = 0.0
    remaining = list(chunk)
    stops = []
    while remaining:
        remaining.sort(key=lambda item: _km(here, (item[0].lon, item[0].lat)))
        outlet, refs = remaining.pop(0)
        there = (outlet.lon, outlet.lat)
        leg = _km(here, there)
        km += leg
        arrived = clock + timedelta(seconds=round(leg / SPEED_KMH * 3600))
        dropped = sum(cases[ref] for ref in refs)
        dwell = DWELL_FIXED_MIN + DWELL_PER_CASE_MIN * dropped
        dwell += rng.uniform(0, DWELL_SPREAD_MIN)
        departed = arrived + timedelta(seconds=round(dwell * 60))
        stops.append(
            StopPlan(
                sequence=len(stops) + 1,
                outlet_code=outlet.code,
                arrived_at=arrived.astimezone(UTC),
                departed_at=departed.astimezone(UTC),
                depot_distance_m=round(_km(DEPOT, there) * 1000),
                delivery_refs=tuple(refs),
            )
        )
        clock, here = departed, there

    back_leg = _km(here, DEPOT)
    back = clock + timedelta(seconds=round(back_leg / SPEED_KMH * 3600))
    return RoutePlan(
        external_ref=f"{CODE_PREFIX}-RT-{day:%y%m%d}-{truck.code}",
        vehicle_code=truck.code,
        service_date=day,
        left_depot_at=left.astimezone(UTC),
        back_at_depot_at=back.astimezone(UTC),
        distance_m=round((km + back_leg) * 1000),
        stops=tuple(stops),
    )


def plan_costs(
    rng: random.Random,
    outlets: list[OutletPlan],
    trucks: list[TruckPlan],
    days: list[date],
) -> CostPlan:
    """Rates in dong from the first day of history, promotions and trade payments."""
    first, middle = days[0], days[len(days) // 2]
    rate_card = {
        "effective_from": first,
        "cost_per_stop_minor": 15_000,
        "picking_per_case": Decimal("2500"),
        "handling_per_case": Decimal("1500"),
        "technician_rate_per_hour": Decimal("120000"),
        "visit_callout_minor": 180_000,
        "annual_cost_of_capital": Decimal("0.12"),
        "standard_stop_minutes": Decimal("8"),
        "minutes_per_case": Decimal("0.4"),
        "standard_route_cost_per_stop_minor": 95_000,
    }
    vehicle_rates = []
    for truck in trucks:
        for start, per_km in (
            (first, truck.cost_per_km),
            (middle, (truck.cost_per_km * FUEL_RISE).quantize(Decimal(10))),
        ):
            vehicle_rates.append(
                {
                    "vehicle_code": truck.code,
                    "effective_from": start,
                    "fixed_per_day_minor": truck.fixed_cost_minor,
                    "cost_per_km": per_km,
                    "cost_per_hour": truck.cost_per_hour,
                }
            )

    supermarkets = [o.code for o in outlets if o.channel == "supermarket"]
    promotions = [
        {
            "code": f"{CODE_PREFIX}-PROMO-KIOSK",
            "first_date": days[10],
            "last_date": days[40],
            "rebate_per_case": Decimal("3000"),
            "channel": "kiosk",
            "outlet_codes": [],
        },
        {
            "code": f"{CODE_PREFIX}-PROMO-MARKET",
            "first_date": days[50],
            "last_date": days[-1],
            "rebate_per_case": Decimal("4500"),
            "channel": None,
            "outlet_codes": sorted(rng.sample(supermarkets, len(supermarkets) // 2)),
        },
    ]

    payments = []
    for code in supermarkets:
        # A listing fee on the first day and a cooler incentive each month.
        payments.append((code, first, 2_500_000, None))
        for month_start in (d for d in days if d.day == 1):
            payments.append((code, month_start, rng.choice((500_000, 800_000)), None))
    trade_payments = [
        {
            "external_ref": f"{CODE_PREFIX}-TP-{number:04d}",
            "outlet_code": code,
            "paid_on": paid_on,
            "amount_minor": amount,
        }
        for number, (code, paid_on, amount, _promotion) in enumerate(payments, 1)
    ]
    return CostPlan(rate_card, vehicle_rates, promotions, trade_payments)
