"""Rules of the method on small hand-worked inputs: routes, rates, churn, value."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from costing.churn import ChurnRisk, ChurnRule, _score
from costing.engine import compute
from costing.inputs import (
    CostingInputs,
    Delivery,
    Outlet,
    Period,
    RateCard,
    Route,
    ServiceVisit,
    Stop,
    VehicleRate,
)
from costing.money import round_half_away
from costing.params import CostingParams

D = Decimal
DAY = date(2025, 3, 4)
PERIOD = Period(date(2025, 3, 1), date(2025, 3, 31))


def at(day: date, hours: int, minutes: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=UTC)


CARD = RateCard(
    effective_from=date(2025, 1, 1),
    cost_per_stop=D("1.50"),
    picking_per_case=D("0.20"),
    handling_per_case=D("0.10"),
    technician_rate_per_hour=D("30.00"),
    visit_callout=D("12.00"),
    annual_cost_of_capital=D("0.10"),
    standard_stop_minutes=D("10"),
    minutes_per_case=D("0.5"),
    standard_route_cost_per_stop=D("15.00"),
)
V1 = VehicleRate("V1", date(2025, 1, 1), D("80.00"), D("0.40"), D("24.00"))


def make_inputs(routes=(), deliveries=(), outlets=None, **changes) -> CostingInputs:
    fields = dict(
        currency="USD",
        outlets=outlets or [Outlet(code, payment_terms_days=0) for code in "ABC"],
        rate_cards=[CARD],
        vehicles=["V1"],
        vehicle_rates=[V1],
        routes=list(routes),
        deliveries=list(deliveries),
    )
    fields.update(changes)
    return CostingInputs(**fields)


def route(route_id="R1", stops=(), minutes=60, km="10", left=8, day=DAY, vehicle="V1"):
    start = at(day, left)
    return Route(
        route_id, vehicle, day, start, start + timedelta(minutes=minutes), D(km), stops
    )


def drop(ref, outlet, cases=10, route_id="R1", seq=1, status="delivered", day=DAY):
    failed = status == "failed"
    revenue, cogs = (D(0), D(0)) if failed else (D("100.00"), D("50.00"))
    return Delivery(ref, outlet, day, status, cases, revenue, cogs, D(0), route_id, seq)


def test_a_one_stop_route_gives_its_stop_the_whole_pool():
    # F 80.00 + D 10 km x 0.40 = 4.00 + T 60 min x 24.00/60 = 24.00: P = 108.00.
    # S = (80.00 + 24.00) x 15 / 60 = 26.00; V = 82.00.
    inputs = make_inputs(
        [route(stops=(Stop(1, "A", D("3.2"), D("15")),))], [drop("D1", "A")]
    )

    result = compute(inputs, PERIOD)

    assert result.routes.pool.tolist() == [10800]
    assert result.outlet("A").pnl.route_stop_time == 2600
    assert result.outlet("A").pnl.route_travel == 8200


def test_a_route_without_stops_is_unallocated_not_spread_over_outlets():
    inputs = make_inputs([route(km="0")])

    result = compute(inputs, PERIOD)

    assert result.reconciliation.route_pools == 10400
    assert result.reconciliation.unallocated_route_cost == 10400
    assert result.total.route_travel + result.total.route_stop_time == 0


def test_a_failed_drop_carries_route_cost_and_admin_but_no_per_case_charges():
    stops = (Stop(1, "A", D("4"), D("10")), Stop(2, "B", D("4"), D("10")))
    deliveries = [drop("D1", "A", 10), drop("D2", "B", 0, seq=2, status="failed")]

    result = compute(make_inputs([route(stops=stops)], deliveries), PERIOD)
    failed = result.outlet("B").pnl

    assert failed.route_travel > 0
    assert failed.route_stop_time > 0
    assert failed.stop_admin == 150
    assert (failed.picking, failed.handling, failed.financing) == (0, 0, 0)


def test_several_deliveries_on_one_stop_pay_one_admin_charge():
    deliveries = [drop("D1", "A", 10), drop("D2", "A", 5)]

    result = compute(
        make_inputs([route(stops=(Stop(1, "A", D("4"), D("10")),))], deliveries),
        PERIOD,
    )

    assert result.outlet("A").pnl.stop_admin == 150
    assert result.outlet("A").pnl.picking == 200 + 100


def test_missing_dwell_uses_the_time_equation_and_is_flagged():
    # 10 + 0.5 x 30 cases = 25 minutes, against 15 recorded at the other stop.
    stops = (Stop(1, "A", D("4"), None), Stop(2, "B", D("4"), D("15")))
    deliveries = [drop("D1", "A", 30), drop("D2", "B", 10, seq=2)]

    result = compute(make_inputs([route(stops=stops)], deliveries), PERIOD)

    assert result.routes.dwell_used_us.tolist() == [25 * 60_000_000, 15 * 60_000_000]
    assert result.routes.dwell_estimated.tolist() == [True, False]
    assert result.outlet("A").estimated
    assert not result.outlet("B").estimated
    # S = 104.00 x 40 / 60 = 69.33, split 25 : 15 -> 43.33 / 26.00.
    assert result.routes.stop_time.tolist() == [6933]
    assert result.routes.stop_time_part.tolist() == [4333, 2600]


def test_a_vehicle_day_fixed_cost_is_shared_by_minutes_between_its_routes():
    # 80.00 by 120 and 240 minutes: quotas 26.666.. and 53.333.. -> 26.67 / 53.33.
    routes = [
        route("R1", (Stop(1, "A", D("1"), D("5")),), minutes=120, left=6),
        route("R2", (Stop(1, "B", D("1"), D("5")),), minutes=240, left=9),
    ]
    deliveries = [drop("D1", "A", route_id="R1"), drop("D2", "B", route_id="R2")]

    result = compute(make_inputs(routes, deliveries), PERIOD)

    assert result.routes.fixed.tolist() == [2667, 5333]


def test_equal_routes_give_the_odd_cent_to_the_earlier_departure():
    odd = dataclasses.replace(V1, fixed_per_day=D("80.01"))
    routes = [
        route("R1", (Stop(1, "A", D("1"), D("5")),), minutes=120, left=10),
        route("R2", (Stop(1, "B", D("1"), D("5")),), minutes=120, left=7),
    ]
    deliveries = [drop("D1", "A", route_id="R1"), drop("D2", "B", route_id="R2")]

    result = compute(make_inputs(routes, deliveries, vehicle_rates=[odd]), PERIOD)

    assert result.routes.fixed.tolist() == [4000, 4001]


def test_all_zero_depot_distances_split_travel_equally():
    stops = tuple(Stop(i, code, D(0), D("5")) for i, code in enumerate("ABC", 1))
    deliveries = [drop(f"D{i}", code, seq=i) for i, code in enumerate("ABC", 1)]

    result = compute(make_inputs([route(stops=stops)], deliveries), PERIOD)

    # P 108.00, S = 104.00 x 15 / 60 = 26.00, V = 82.00 -> 27.34 / 27.33 / 27.33.
    assert result.routes.travel_part.tolist() == [2734, 2733, 2733]


def test_unrouted_deliveries_are_charged_per_occasion_and_flagged_estimated():
    deliveries = [
        drop("D1", "A", 4, route_id=None, seq=None),
        drop("D2", "A", 6, route_id=None, seq=None),
        drop("D3", "A", 6, route_id=None, seq=None, day=date(2025, 3, 9)),
    ]

    result = compute(make_inputs([], deliveries), PERIOD)
    pnl = result.outlet("A").pnl

    assert pnl.route_estimated == 2 * 1500
    assert pnl.stop_admin == 2 * 150
    assert result.outlet("A").estimated
    assert result.reconciliation.estimated_route_cost == 3000
    assert result.reconciliation.route_pools == 0


def test_a_new_rate_applies_from_its_date_and_leaves_earlier_events_alone():
    dearer = dataclasses.replace(
        CARD, effective_from=date(2025, 3, 10), picking_per_case=D("0.30")
    )
    deliveries = [
        drop("D1", "A", 10, route_id=None, seq=None, day=date(2025, 3, 9)),
        drop("D2", "A", 10, route_id=None, seq=None, day=date(2025, 3, 10)),
    ]

    result = compute(make_inputs([], deliveries, rate_cards=[CARD, dearer]), PERIOD)

    assert result.deliveries.picking.tolist() == [200, 300]


def test_a_new_vehicle_rate_applies_to_routes_on_its_date():
    dearer = dataclasses.replace(V1, effective_from=DAY, cost_per_km=D("0.50"))
    inputs = make_inputs(
        [route(stops=(Stop(1, "A", D("1"), D("5")),))],
        [drop("D1", "A")],
        vehicle_rates=[dearer, V1],
    )

    result = compute(inputs, PERIOD)

    assert result.routes.distance.tolist() == [500]


def test_financing_and_technician_labour_are_rounded_once_per_event():
    outlets = [Outlet("A", payment_terms_days=30), Outlet("B"), Outlet("C")]
    deliveries = [drop("D1", "A", route_id=None, seq=None)]
    visits = [ServiceVisit("S1", "A", DAY, D("0.00"), D("1"))]

    result = compute(
        make_inputs([], deliveries, outlets=outlets, service_visits=visits), PERIOD
    )

    # 100.00 x 0.10 x 30 / 365 = 0.8219.. -> 0.82; 1 min x 30.00 / 60 = 0.50.
    assert result.deliveries.financing.tolist() == [82]
    assert result.visits.labour.tolist() == [50]


def test_an_outlet_without_events_is_listed_with_zeros_and_left_off_the_curve():
    result = compute(
        make_inputs([], [drop("D1", "A", route_id=None, seq=None)]), PERIOD
    )

    assert not result.outlet("C").active
    assert result.outlet("C").pnl.net_contribution == 0
    assert [point.outlet for point in result.whale.points] == ["A"]
    assert result.segments["channel"][0].value == "(none)"
    assert result.segments["channel"][0].outlets == 3
    assert result.segments["channel"][0].active_outlets == 1


def test_whale_percentages_are_undefined_when_the_total_is_a_loss():
    deliveries = [drop("D1", "A", 0, route_id=None, seq=None, status="failed")]

    result = compute(make_inputs([], deliveries), PERIOD)

    assert result.whale.total == -1650
    assert result.whale.points[0].cumulative_percent is None
    assert result.whale.peak_percent is None
    assert result.whale.subsidy_index is None


# Churn with the default windows (L = 28, B = 56) as of 2025-03-31.
AS_OF = date(2025, 3, 31)


def churn_of(deliveries, visits=()):
    result = compute(make_inputs([], deliveries, service_visits=list(visits)), PERIOD)
    return result.outlet("A")


def unrouted(ref, day, cases=10, status="delivered"):
    return drop(ref, "A", cases, route_id=None, seq=None, status=status, day=day)


def test_an_outlet_silent_in_both_windows_after_buying_before_has_lapsed():
    row = churn_of([unrouted("D1", AS_OF - timedelta(days=100))])

    assert (row.churn.score, row.churn.reason, row.churn.band) == (
        100,
        "lapsed",
        "critical",
    )
    assert row.value.retention == D("0.5")


def test_an_outlet_without_delivery_history_has_no_score_and_neutral_value():
    visit = ServiceVisit("S1", "A", AS_OF, D("0.00"), D("30"))

    row = churn_of([], [visit])

    assert row.churn.score is None
    assert row.churn.reason == "no delivery history"
    assert row.value.neutral_retention
    assert row.value.score_used == 50
    assert row.value.retention == D("0.7")


def test_a_fading_outlet_scores_from_recency_frequency_and_volume():
    # Two occasions in the baseline window, the last one 70 days before T:
    # recency (70 x 2 - 84) / (2 x 84) = 1/3, frequency 1, volume 1, failed 0;
    # score = 100 x (0.4 / 3 + 0.2 + 0.2) = 53.33 -> 53 ("high").
    row = churn_of(
        [
            unrouted("D1", AS_OF - timedelta(days=75)),
            unrouted("D2", AS_OF - timedelta(days=70)),
        ]
    )
    signals = {signal.name: signal.value for signal in row.churn.signals}

    assert signals == {
        "recency": Fraction(1, 3),
        "frequency_decline": 1,
        "volume_decline": 1,
        "failed_drops": 0,
    }
    assert (row.churn.score, row.churn.band) == (53, "high")


def test_failed_occasions_count_towards_the_failed_drop_signal():
    # Recent window: one delivered and one failed occasion; baseline: two
    # delivered. s_F = 1 - (1 x 56)/(2 x 28) = 0; s_V = 1 - (10 x 56)/(20 x 28)
    # = 0; s_X = 1/4; score = round(100 x 0.2 x 1/4) = 5.
    row = churn_of(
        [
            unrouted("D1", AS_OF - timedelta(days=60)),
            unrouted("D2", AS_OF - timedelta(days=40)),
            unrouted("D3", AS_OF - timedelta(days=10)),
            unrouted("D4", AS_OF - timedelta(days=2), 0, "failed"),
        ]
    )

    assert (row.churn.failed_occasions, row.churn.occasions) == (1, 4)
    assert row.churn.score == 5


def test_clv_discounts_with_the_cost_of_capital_in_force_on_the_last_day():
    later = dataclasses.replace(
        CARD, effective_from=date(2025, 3, 31), annual_cost_of_capital=D("0.20")
    )
    inputs = make_inputs(
        [], [unrouted("D1", AS_OF - timedelta(days=1))], rate_cards=[CARD, later]
    )

    row = compute(inputs, PERIOD, CostingParams()).outlet("A")

    # Score 0 -> r = 0.9; multiplier 0.9 / (1 + 0.2 - 0.9) = 3.
    assert row.churn.score == 0
    assert row.value.multiplier == 3


@settings(max_examples=300, deadline=None)
@given(
    counts=st.tuples(*[st.integers(min_value=0, max_value=30)] * 3),
    cases=st.tuples(*[st.integers(min_value=0, max_value=5000)] * 2),
    days_since=st.integers(min_value=0, max_value=84),
    recent_days=st.integers(min_value=1, max_value=60),
    baseline_days=st.integers(min_value=1, max_value=90),
    weights=st.sampled_from(
        [("0.4", "0.2", "0.2", "0.2"), ("0.25", "0.25", "0.25", "0.25"),
         ("0.333333", "0.333333", "0.333334", "0"), ("1", "0", "0", "0")]
    ),
    slope=st.sampled_from(["2", "0.5", "1.75", "3"]),
)  # fmt: skip
def test_the_integer_score_equals_the_rounded_sum_of_signal_points(
    counts, cases, days_since, recent_days, baseline_days, weights, slope
):
    n_recent, n_baseline, n_failed = counts
    rule = ChurnRule.from_params(
        CostingParams(
            churn_recent_days=recent_days,
            churn_baseline_days=baseline_days,
            weight_recency=D(weights[0]),
            weight_frequency=D(weights[1]),
            weight_volume=D(weights[2]),
            weight_failed=D(weights[3]),
            recency_slope=D(slope),
        )
    )
    risk = ChurnRisk(
        score=None,
        reason=None,
        recent_occasions=n_recent,
        baseline_occasions=n_baseline,
        recent_cases=cases[0],
        baseline_cases=cases[1],
        occasions=n_recent + n_baseline + n_failed,
        failed_occasions=n_failed,
        days_since_last=days_since,
        rule=rule,
    )
    assume(n_recent + n_baseline > 0)

    signals = risk.signals
    exact = round_half_away(sum(signal.points for signal in signals))
    ratios = [(s.value.numerator, s.value.denominator) for s in signals]

    assert all(0 <= signal.value <= 1 for signal in signals)
    assert _score(ratios, rule.weights) == exact


def test_route_minutes_count_real_time_across_a_daylight_saving_change():
    # 01:00 to 09:00 local on 2025-03-30 in Brussels is 7 hours (clocks go
    # 02:00 -> 03:00): T = 7 x 24.00 = 168.00, not 192.00.
    brussels = ZoneInfo("Europe/Brussels")
    day = date(2025, 3, 30)
    start = datetime(2025, 3, 30, 1, 0, tzinfo=brussels)
    finish = datetime(2025, 3, 30, 9, 0, tzinfo=brussels)
    driven = Route("R1", "V1", day, start, finish, D(0), (Stop(1, "A", D(1), D(5)),))

    result = compute(
        make_inputs([driven], [drop("D1", "A", day=day)], timezone="Europe/Brussels"),
        PERIOD,
    )

    assert result.routes.time.tolist() == [16800]


def test_visit_labour_from_start_and_finish_counts_real_time():
    # 02:30 to 03:30 local on 2025-10-26 in Brussels, first 02:30 (CEST) to
    # 03:30 CET, is 2 hours: 2 x 30.00 = 60.00.
    brussels = ZoneInfo("Europe/Brussels")
    start = datetime(2025, 10, 26, 2, 30, tzinfo=brussels, fold=0)
    finish = datetime(2025, 10, 26, 3, 30, tzinfo=brussels)
    visit = ServiceVisit(
        "S1", "A", date(2025, 10, 26), D(0), started_at=start, finished_at=finish
    )

    result = compute(
        make_inputs([], [], service_visits=[visit]),
        Period(date(2025, 10, 1), date(2025, 10, 31)),
    )

    assert result.visits.labour.tolist() == [6000]


def test_dwell_can_come_from_arrival_and_departure_to_the_second():
    # 7 min 7 s = 427 s (not a whole number of micro-minutes) against 15 min.
    arrived = at(DAY, 8, 10)
    stops = (
        Stop(1, "A", D("4"), arrived_at=arrived, departed_at=arrived + timedelta(
            seconds=427
        )),
        Stop(2, "B", D("4"), D("15")),
    )  # fmt: skip
    deliveries = [drop("D1", "A"), drop("D2", "B", seq=2)]

    result = compute(make_inputs([route(stops=stops)], deliveries), PERIOD)

    assert result.routes.dwell_used_us.tolist() == [427_000_000, 900_000_000]
    assert result.routes.dwell_estimated.tolist() == [False, False]
