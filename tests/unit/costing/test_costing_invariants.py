"""The invariants of section 12 on random inputs, and a literal reference check."""

from __future__ import annotations

import dataclasses
import math
import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from costing.allocate import allocate
from costing.engine import compute
from costing.inputs import (
    CostingInputs,
    Delivery,
    Outlet,
    Period,
    Promotion,
    RateCard,
    Route,
    ServiceVisit,
    Stop,
    TradePayment,
    VehicleRate,
)
from costing.money import CURRENCY_EXPONENTS
from costing.pnl import PnlLines, sum_lines
from costing.records import result_records

FIRST_DAY = date(2025, 3, 1)
DAYS = 20
STATUSES = ("delivered", "partial", "failed")


EXPONENTS = {"EUR": 2, "VND": 0, "KWD": 3}


def at(day: date, hhmm: str) -> datetime:
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=UTC)


def _rate(rng: random.Random, top: int) -> Decimal:
    if rng.random() < 0.2:
        return Decimal(0)
    return Decimal(rng.randint(0, top * 10**6)).scaleb(-6)


def random_inputs(seed: int) -> CostingInputs:
    """A random distributor: zero-cost pools, single stops, silent outlets."""
    rng = random.Random(seed)
    currency = rng.choice(sorted(EXPONENTS))
    exponent = EXPONENTS[currency]

    def _money(rng: random.Random, top: int) -> Decimal:
        """A random amount in the currency; one in five is exactly zero."""
        if rng.random() < 0.2:
            return Decimal(0)
        return Decimal(rng.randint(0, top * 10**exponent)).scaleb(-exponent)

    outlets = [
        Outlet(
            f"O{i}",
            channel=rng.choice(["Kiosk", "Grocery", None]),
            territory=rng.choice(["North", "South"]),
            size_band=rng.choice(["S", "M", "L", ""]),
            payment_terms_days=rng.choice([0, 7, 14, 30, 45]),
        )
        for i in range(rng.randint(1, 7))
    ]
    codes = [outlet.code for outlet in outlets]
    vehicles = ["V1", "V2"]
    vehicle_rates = [
        VehicleRate(v, FIRST_DAY, _money(rng, 120), _rate(rng, 2), _rate(rng, 40))
        for v in vehicles
    ]
    if rng.random() < 0.3:
        # A vehicle that costs nothing: its routes have zero-cost pools.
        vehicle_rates[1] = VehicleRate("V2", FIRST_DAY, Decimal(0), 0, 0)
    vehicle_rates.append(
        VehicleRate(
            "V1",
            FIRST_DAY + timedelta(days=rng.randint(1, DAYS)),
            _money(rng, 120),
            _rate(rng, 2),
            _rate(rng, 40),
        )
    )
    card = RateCard(
        FIRST_DAY,
        _money(rng, 3),
        _rate(rng, 1),
        _rate(rng, 1),
        _rate(rng, 50),
        _money(rng, 20),
        _rate(rng, 1),
        Decimal(rng.randint(0, 12)),
        Decimal(rng.choice(["0", "0.1", "0.25"])),
        _money(rng, 20),
    )
    cards = [card, dataclasses.replace(card, effective_from=FIRST_DAY + timedelta(9))]

    routes, deliveries = [], []

    def delivery(outlet: str, day: date, route: str | None, seq: int | None) -> None:
        status = rng.choice(STATUSES)
        failed = status == "failed"
        deliveries.append(
            Delivery(
                f"D{len(deliveries)}",
                outlet,
                day,
                status,
                0 if failed else rng.randint(0, 40),
                Decimal("0.00") if failed else _money(rng, 900),
                _money(rng, 700),
                _money(rng, 30),
                route_id=route,
                stop_sequence=seq,
            )
        )

    for r in range(rng.randint(0, 6)):
        day = FIRST_DAY + timedelta(days=rng.randint(0, DAYS - 1))
        stop_count = rng.choice([0, 1, 1, 2, 3, 5])
        minutes = rng.randint(60 * (stop_count + 1), 600)
        left = at(day, f"{rng.randint(5, 9)}:{rng.choice(['00', '30'])}")
        stops = []
        for seq in range(1, stop_count + 1):
            dwell = rng.choice([None, Decimal(rng.randint(0, 30)), Decimal("7.5")])
            km = Decimal(rng.randint(0, 30000)).scaleb(-3) if rng.random() > 0.2 else 0
            stops.append(Stop(seq, rng.choice(codes), Decimal(km), dwell))
            for _ in range(rng.randint(1, 2)):
                delivery(stops[-1].outlet, day, f"R{r}", seq)
        routes.append(
            Route(
                f"R{r}",
                rng.choice(vehicles),
                day,
                left,
                left + timedelta(minutes=minutes),
                Decimal(rng.randint(0, 2000)).scaleb(-1),
                tuple(stops),
            )
        )

    for _ in range(rng.randint(0, 4)):
        day = FIRST_DAY + timedelta(days=rng.randint(0, DAYS - 1))
        delivery(rng.choice(codes), day, None, None)

    visits = [
        ServiceVisit(
            f"S{i}",
            rng.choice(codes),
            FIRST_DAY + timedelta(days=rng.randint(0, DAYS - 1)),
            _money(rng, 50),
            Decimal(rng.randint(0, 240)),
        )
        for i in range(rng.randint(0, 3))
    ]
    payments = [
        TradePayment(
            f"T{i}",
            rng.choice(codes),
            FIRST_DAY + timedelta(days=rng.randint(0, DAYS - 1)),
            _money(rng, 100),
        )
        for i in range(rng.randint(0, 2))
    ]
    promotions = []
    for i in range(rng.randint(0, 2)):
        first = FIRST_DAY + timedelta(days=rng.randint(0, DAYS - 1))
        promotions.append(
            Promotion(
                f"P{i}",
                first,
                first + timedelta(days=rng.randint(0, 8)),
                _rate(rng, 1),
                outlets=frozenset(rng.sample(codes, rng.randint(0, len(codes)))),
                channel=rng.choice([None, "Kiosk"]),
            )
        )
    return CostingInputs(
        currency=currency,
        promotions=promotions,
        outlets=outlets,
        rate_cards=cards,
        vehicles=vehicles,
        vehicle_rates=vehicle_rates,
        routes=routes,
        deliveries=deliveries,
        service_visits=visits,
        trade_payments=payments,
    )


def _fixed_per_day_minor(inputs: CostingInputs, vehicle: str, day: date) -> int:
    """The vehicle's fixed cost of a day, found by hand from its rate rows."""
    rows = [
        rate
        for rate in inputs.vehicle_rates
        if rate.vehicle == vehicle and rate.effective_from <= day
    ]
    latest = max(rows, key=lambda rate: rate.effective_from)
    return int(latest.fixed_per_day.scaleb(EXPONENTS[inputs.currency]))


scenario = st.integers(min_value=0, max_value=2**32 - 1)
day_offset = st.integers(min_value=0, max_value=DAYS - 1)
common = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@common
@given(seed=scenario, first=day_offset, last=day_offset)
def test_route_pools_are_allocated_exactly(seed, first, last):
    inputs = random_inputs(seed)
    period = Period(
        FIRST_DAY + timedelta(min(first, last)), FIRST_DAY + timedelta(max(first, last))
    )

    result = compute(inputs, period)
    routes = result.routes
    position = {int(r): i for i, r in enumerate(routes.route)}
    stop_route = [position[int(r)] for r in _stop_routes(inputs)[routes.stop.tolist()]]

    # 1. Per route: the stop parts sum to S, to V, and together to P.
    for i in range(routes.route.size):
        time_parts = sum(
            p for p, r in zip(routes.stop_time_part, stop_route, strict=True) if r == i
        )
        travel_parts = sum(
            p for p, r in zip(routes.travel_part, stop_route, strict=True) if r == i
        )
        if routes.stop_count[i]:
            assert time_parts == routes.stop_time[i]
            assert travel_parts == routes.travel[i]
            assert time_parts + travel_parts == routes.pool[i]
        assert routes.stop_time[i] + routes.travel[i] == routes.pool[i]

    # 2. Per vehicle and date: the routes' F add up to the fixed cost of the day.
    by_vehicle_day: dict[tuple[str, date], int] = {}
    for i, r in enumerate(routes.route.tolist()):
        route = inputs.routes[r]
        key = (route.vehicle, route.local_date)
        by_vehicle_day[key] = by_vehicle_day.get(key, 0) + int(routes.fixed[i])
    for (vehicle, day), fixed in by_vehicle_day.items():
        assert fixed == _fixed_per_day_minor(inputs, vehicle, day)

    # 3. Per period: outlets' route cost + unallocated = the routes' pools.
    in_period = [r for r in inputs.routes if period.start <= r.local_date <= period.end]
    assert len(in_period) == routes.route.size
    allocated = result.total.route_travel + result.total.route_stop_time
    assert allocated + result.reconciliation.unallocated_route_cost == int(
        routes.pool.sum()
    )
    assert result.reconciliation.unallocated_route_cost == sum(
        int(routes.pool[i])
        for i in range(routes.route.size)
        if not routes.stop_count[i]
    )


def _stop_routes(inputs: CostingInputs) -> np.ndarray:
    return np.array(
        [r for r, route in enumerate(inputs.routes) for _ in route.stops], dtype=int
    )


@common
@given(seed=scenario)
def test_outlet_rows_reconcile_to_segments_whale_and_pools(seed):
    inputs = random_inputs(seed)

    result = compute(inputs, Period(FIRST_DAY, FIRST_DAY + timedelta(DAYS - 1)))

    # 4. Net contribution is the P&L identity, exactly.
    for row in result.outlets:
        p = row.pnl
        assert p.net_contribution == (
            p.net_revenue
            - p.cost_of_goods
            - p.trade_spend
            - p.delivery_cost
            - p.service_cost
            - p.financing_cost
        )
        if not row.active:
            assert p == sum_lines([])

    # 6. Roll-ups: segment rows sum to TOTAL, which is the distributor total.
    outlet_total = sum_lines([row.pnl for row in result.outlets])
    for rows in result.segments.values():
        assert sum_lines([row.pnl for row in rows[:-1]]) == rows[-1].pnl
        assert rows[-1].pnl == outlet_total == result.total
        assert rows[-1].loss_making == sum(
            1 for row in result.outlets if row.pnl.net_contribution < 0
        )
        assert sum(row.outlets for row in rows[:-1]) == len(inputs.outlets)

    # 7. Whale curve: the last point is the active outlets' total.
    active = [row.pnl.net_contribution for row in result.outlets if row.active]
    if active:
        assert result.whale.points[-1].cumulative == sum(active)
    assert result.whale.outlets == len(active)

    # Consumption pools: each pool total is the sum of its event charges.
    charges = result.deliveries
    assert result.total.picking == int(charges.picking.sum())
    assert result.total.financing == int(charges.financing.sum())
    assert result.total.technician_labour == int(result.visits.labour.sum())
    assert result.total.route_estimated == result.reconciliation.estimated_route_cost


@common
@given(seed=scenario, cut=st.integers(min_value=1, max_value=DAYS - 1))
def test_figures_of_a_period_are_the_sums_of_its_parts(seed, cut):
    inputs = random_inputs(seed)
    last = FIRST_DAY + timedelta(DAYS - 1)
    middle = FIRST_DAY + timedelta(cut)

    whole = compute(inputs, Period(FIRST_DAY, last))
    before = compute(inputs, Period(FIRST_DAY, middle - timedelta(1)))
    after = compute(inputs, Period(middle, last))

    # 5. Additivity, outlet by outlet and line by line.
    for w, b, a in zip(whole.outlets, before.outlets, after.outlets, strict=True):
        assert w.pnl == b.pnl + a.pnl
    assert whole.reconciliation.route_pools == (
        before.reconciliation.route_pools + after.reconciliation.route_pools
    )


@settings(max_examples=40, deadline=None)
@given(seed=scenario)
def test_same_inputs_give_the_same_strings_whatever_the_row_order(seed):
    inputs = random_inputs(seed)
    period = Period(FIRST_DAY, FIRST_DAY + timedelta(DAYS - 1))
    rng = random.Random(seed)
    shuffled = dataclasses.replace(
        inputs,
        routes=rng.sample(list(inputs.routes), len(inputs.routes)),
        deliveries=rng.sample(list(inputs.deliveries), len(inputs.deliveries)),
        service_visits=rng.sample(
            list(inputs.service_visits), len(inputs.service_visits)
        ),
        rate_cards=list(reversed(inputs.rate_cards)),
        vehicle_rates=list(reversed(inputs.vehicle_rates)),
    )

    first = result_records(compute(inputs, period))
    again = result_records(compute(inputs, period))
    reordered = result_records(compute(shuffled, period))

    # 9. Determinism, byte for byte.
    assert repr(first) == repr(again) == repr(reordered)


# A slow, literal reading of the method on the plain records, with Fractions
# and one event at a time. It shares no code with the engine except the
# scalar allocator (tested on its own); the engine must give the same P&L.


def half_up(value: Fraction) -> int:
    """Round half away from zero, written independently of the engine."""
    if value >= 0:
        return math.floor(value + Fraction(1, 2))
    return -math.floor(-value + Fraction(1, 2))


def in_force(rows, day: date):
    return max(
        (row for row in rows if row.effective_from <= day),
        key=lambda row: row.effective_from,
    )


def reference_pnl(inputs: CostingInputs, period: Period) -> dict[str, PnlLines]:
    """Each outlet's P&L lines, computed literally from the method."""
    unit = 10 ** CURRENCY_EXPONENTS[inputs.currency]

    def money(amount) -> int:
        return int(Fraction(amount) * unit)

    lines: dict[str, dict[str, int]] = {
        outlet.code: defaultdict(int) for outlet in inputs.outlets
    }
    terms = {outlet.code: outlet.payment_terms_days for outlet in inputs.outlets}
    channel = {outlet.code: outlet.channel for outlet in inputs.outlets}

    def inside(day: date) -> bool:
        return period.start <= day <= period.end

    routes = [route for route in inputs.routes if inside(route.local_date)]
    deliveries = [d for d in inputs.deliveries if inside(d.local_date)]

    # Route pools: F shared per vehicle-day by minutes, then D and T.
    minutes = {
        r.route_id: Fraction(
            int((r.back_at_depot_at - r.left_depot_at).total_seconds()), 60
        )
        for r in routes
    }
    fixed = {}
    by_day = defaultdict(list)
    for route in routes:
        by_day[(route.vehicle, route.local_date)].append(route)
    for (vehicle, day), day_routes in by_day.items():
        rate = in_force([v for v in inputs.vehicle_rates if v.vehicle == vehicle], day)
        parts = allocate(
            money(rate.fixed_per_day),
            [minutes[r.route_id] for r in day_routes],
            [(r.left_depot_at, r.route_id) for r in day_routes],
        )
        fixed.update(zip([r.route_id for r in day_routes], parts, strict=True))

    for route in routes:
        rate = in_force(
            [v for v in inputs.vehicle_rates if v.vehicle == route.vehicle],
            route.local_date,
        )
        card = in_force(inputs.rate_cards, route.local_date)
        m = minutes[route.route_id]
        f = fixed[route.route_id]
        d = half_up(Fraction(route.km) * Fraction(rate.cost_per_km) * unit)
        t = half_up(m * Fraction(rate.cost_per_hour) / 60 * unit)
        if not route.stops:
            continue

        dwell = []
        for stop in route.stops:
            if stop.dwell_minutes is not None:
                dwell.append(Fraction(stop.dwell_minutes))
                continue
            cases = sum(
                d.cases
                for d in deliveries
                if d.route_id == route.route_id and d.stop_sequence == stop.sequence
            )
            dwell.append(
                Fraction(card.standard_stop_minutes)
                + Fraction(card.minutes_per_case) * cases
            )
        s = half_up((f + t) * sum(dwell) / m)
        v = f + d + t - s
        keys = [stop.sequence for stop in route.stops]
        time_parts = allocate(s, dwell, keys)
        travel_parts = allocate(
            v, [Fraction(stop.depot_distance_km) for stop in route.stops], keys
        )
        for stop, time_part, travel_part in zip(
            route.stops, time_parts, travel_parts, strict=True
        ):
            lines[stop.outlet]["route_stop_time"] += time_part
            lines[stop.outlet]["route_travel"] += travel_part
            lines[stop.outlet]["stop_admin"] += money(card.cost_per_stop)

    # Deliveries, one at a time.
    occasions = set()
    for delivery in deliveries:
        row = lines[delivery.outlet]
        card = in_force(inputs.rate_cards, delivery.local_date)
        revenue = money(delivery.net_revenue)
        row["cases"] += delivery.cases
        row["net_revenue"] += revenue
        row["cost_of_goods"] += money(delivery.cost_of_goods)
        row["trade_recorded"] += money(delivery.trade_spend)
        row["picking"] += half_up(
            delivery.cases * Fraction(card.picking_per_case) * unit
        )
        row["handling"] += half_up(
            delivery.cases * Fraction(card.handling_per_case) * unit
        )
        row["financing"] += half_up(
            revenue
            * Fraction(card.annual_cost_of_capital)
            * terms[delivery.outlet]
            / 365
        )
        for promotion in inputs.promotions:
            eligible = delivery.outlet in promotion.outlets or (
                promotion.channel is not None
                and channel[delivery.outlet] == promotion.channel
            )
            dated = promotion.first_date <= delivery.local_date <= promotion.last_date
            if eligible and dated and delivery.cases > 0:
                row["trade_rebates"] += half_up(
                    delivery.cases * Fraction(promotion.rebate_per_case) * unit
                )
        if delivery.route_id is None:
            occasions.add((delivery.outlet, delivery.local_date))

    for outlet, day in occasions:
        card = in_force(inputs.rate_cards, day)
        lines[outlet]["route_estimated"] += money(card.standard_route_cost_per_stop)
        lines[outlet]["stop_admin"] += money(card.cost_per_stop)

    for visit in inputs.service_visits:
        if not inside(visit.local_date):
            continue
        card = in_force(inputs.rate_cards, visit.local_date)
        row = lines[visit.outlet]
        row["technician_labour"] += half_up(
            Fraction(visit.labour_minutes)
            * Fraction(card.technician_rate_per_hour)
            / 60
            * unit
        )
        row["callout"] += money(card.visit_callout)
        row["parts"] += money(visit.parts_cost)

    for payment in inputs.trade_payments:
        if inside(payment.local_date):
            lines[payment.outlet]["trade_payments"] += money(payment.amount)

    return {code: PnlLines(**row) for code, row in lines.items()}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    first=st.integers(min_value=0, max_value=DAYS - 1),
    last=st.integers(min_value=0, max_value=DAYS - 1),
)
def test_engine_matches_a_literal_reading_of_the_method(seed, first, last):
    inputs = random_inputs(seed)
    period = Period(
        FIRST_DAY + timedelta(min(first, last)), FIRST_DAY + timedelta(max(first, last))
    )

    result = compute(inputs, period)

    expected = reference_pnl(inputs, period)
    assert {row.outlet.code: row.pnl for row in result.outlets} == expected
