"""Worked example A of the method, reproduced figure by figure to the cent.

Every expected value below is written out from the example's tables (money in
cents, percentages as the 2-decimal strings the example shows).
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from costing.money import format_money
from costing.records import outlet_record, segment_record, whale_records, whale_summary

OUTLETS = ("A01", "A02", "A03", "A04", "A05", "A06")


@pytest.fixture
def result(example_a_result):
    return example_a_result


def _route(result, route_id):
    """Position of a route in the result's route arrays (R1 is row 0, R2 row 1)."""
    return result.routes.route.tolist().index(["R1", "R2"].index(route_id))


# Step 1: F, D, T, P, S, V per route, in cents.
@pytest.mark.parametrize(
    ("route_id", "pools"),
    [
        ("R1", (8000, 2500, 13200, 23700, 6424, 17276)),
        ("R2", (6000, 1691, 8800, 16491, 6598, 9893)),
    ],
)
def test_route_pools_match_step_1(result, route_id, pools):
    r = _route(result, route_id)
    costs = result.routes

    got = (
        costs.fixed[r],
        costs.distance[r],
        costs.time[r],
        costs.pool[r],
        costs.stop_time[r],
        costs.travel[r],
    )

    assert tuple(int(value) for value in got) == pools


def test_distance_cost_rounds_the_tie_away_from_zero(result):
    # 48.3 km x 0.35 = 16.905 -> 16.91 (banker's rounding would give 16.90).
    assert format_money(int(result.routes.distance[_route(result, "R2")]), 2) == "16.91"


# Steps 2a and 2b: allocation of each bucket to the stops, in cents.
def test_stop_time_buckets_allocated_as_step_2a(result):
    assert result.routes.stop_time_part.tolist() == [
        771, 1285, 2891, 963, 514,
        617, 1110, 1542, 2466, 863,
    ]  # fmt: skip


def test_travel_buckets_allocated_as_step_2b(result):
    assert result.routes.travel_part.tolist() == [
        1868, 3035, 5603, 4202, 2568,
        954, 1549, 2384, 2861, 2145,
    ]  # fmt: skip


def test_stop_admin_charged_once_per_stop_as_step_4(result):
    assert result.stop_admin.tolist() == [150] * 10
    assert result.occasions.outlet.size == 0


def test_delivery_charges_match_step_5(result):
    charges = result.deliveries

    assert charges.picking.tolist() == [
        120,
        600,
        2400,
        280,
        80,
        100,
        520,
        680,
        2200,
        320,
    ]
    assert charges.handling.tolist() == [
        60,
        300,
        1200,
        140,
        40,
        50,
        260,
        340,
        1100,
        160,
    ]
    assert charges.financing.tolist() == [0, 159, 1282, 40, 0, 0, 138, 180, 1175, 46]
    # The promotion starts on 2025-03-10: D02 (2025-03-04) gets no rebate.
    assert charges.rebate.tolist() == [0, 0, 0, 0, 0, 0, 1300, 1700, 0, 0]


def test_service_visit_charges_match_step_6(result):
    visits = result.visits

    assert visits.labour.tolist() == [2500, 1750, 1250]
    assert visits.callout.tolist() == [1200, 1200, 1200]
    assert visits.parts.tolist() == [1840, 0, 675]


# Step 8: the outlet P&L, one line per row, A01..A06 then TOTAL.
STEP_8 = {
    "cases": ("11", "56", "30", "230", "34", "4", "365"),
    "net_revenue": (
        "154.00", "772.80", "450.00", "2990.00",
        "469.20", "56.00", "4892.00",
    ),
    "cost_of_goods": (
        "115.50", "588.00", "315.00", "2415.00",
        "357.00", "42.00", "3832.50",
    ),
    "gross_margin": (
        "38.50", "184.80", "135.00", "575.00",
        "112.20", "14.00", "1059.50",
    ),
    "trade_recorded": ("0.00", "0.00", "0.00", "115.00", "0.00", "0.00", "115.00"),
    "trade_rebates": ("0.00", "13.00", "0.00", "0.00", "17.00", "0.00", "30.00"),
    "trade_payments": ("0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00"),
    "trade_spend": ("0.00", "13.00", "0.00", "115.00", "17.00", "0.00", "145.00"),
    "route_travel": ("28.22", "45.84", "63.47", "84.64", "23.84", "25.68", "271.69"),
    "route_stop_time": ("13.88", "23.95", "18.26", "53.57", "15.42", "5.14", "130.22"),
    "route_estimated": ("0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00"),
    "stop_admin": ("3.00", "3.00", "3.00", "3.00", "1.50", "1.50", "15.00"),
    "picking": ("2.20", "11.20", "6.00", "46.00", "6.80", "0.80", "73.00"),
    "handling": ("1.10", "5.60", "3.00", "23.00", "3.40", "0.40", "36.50"),
    "delivery_cost": ("48.40", "89.59", "93.73", "210.21", "50.96", "33.52", "526.41"),
    "technician_labour": ("0.00", "0.00", "17.50", "25.00", "0.00", "12.50", "55.00"),
    "callout": ("0.00", "0.00", "12.00", "12.00", "0.00", "12.00", "36.00"),
    "parts": ("0.00", "0.00", "0.00", "18.40", "0.00", "6.75", "25.15"),
    "service_cost": ("0.00", "0.00", "29.50", "55.40", "0.00", "31.25", "116.15"),
    "financing_cost": ("0.00", "2.97", "0.86", "24.57", "1.80", "0.00", "30.20"),
    "cost_to_serve": ("48.40", "92.56", "124.09", "290.18", "52.76", "64.77", "672.76"),
    "net_contribution": (
        "-9.90", "79.24", "10.91", "169.82",
        "42.44", "-50.77", "241.74",
    ),
    "cost_to_serve_per_case": ("4.40", "1.65", "4.14", "1.26", "1.55", "16.19", "1.84"),
    "cost_to_serve_percent": (
        "31.43", "11.98", "27.58", "9.71", "11.24", "115.66", "13.75"
    ),
    "net_contribution_percent": (
        "-6.43", "10.25", "2.42", "5.68", "9.05", "-90.66", "4.94"
    ),
}  # fmt: skip


@pytest.mark.parametrize("line", list(STEP_8))
def test_outlet_pnl_line_matches_step_8(result, line):
    outlets = [outlet_record(row, 2)[line] for row in result.outlets]
    total = segment_record(result.segments["channel"][-1], 2)[line]

    assert (*outlets, total) == STEP_8[line]


# Step 9: segment roll-ups, columns as in the example:
# outlets, loss-making, cases, net revenue, gross margin, trade spend, delivery
# cost, service cost, financing, CTS, net contribution, CTS/case, CTS %, NC %.
SEGMENT_COLUMNS = (
    "outlets",
    "loss_making",
    "cases",
    "net_revenue",
    "gross_margin",
    "trade_spend",
    "delivery_cost",
    "service_cost",
    "financing_cost",
    "cost_to_serve",
    "net_contribution",
    "cost_to_serve_per_case",
    "cost_to_serve_percent",
    "net_contribution_percent",
)
TOTAL_ROW = (
    "TOTAL", "6", "2", "365", "4892.00", "1059.50", "145.00", "526.41", "116.15",
    "30.20", "672.76", "241.74", "1.84", "13.75", "4.94",
)  # fmt: skip
STEP_9 = {
    "channel": [
        ("Grocery", "2", "0", "90", "1242.00", "297.00", "30.00", "140.55", "0.00",
         "4.77", "145.32", "121.68", "1.61", "11.70", "9.80"),
        ("HoReCa", "1", "0", "30", "450.00", "135.00", "0.00", "93.73", "29.50",
         "0.86", "124.09", "10.91", "4.14", "27.58", "2.42"),
        ("Kiosk", "2", "2", "15", "210.00", "52.50", "0.00", "81.92", "31.25",
         "0.00", "113.17", "-60.67", "7.54", "53.89", "-28.89"),
        ("Supermarket", "1", "0", "230", "2990.00", "575.00", "115.00", "210.21",
         "55.40", "24.57", "290.18", "169.82", "1.26", "9.71", "5.68"),
        TOTAL_ROW,
    ],
    "territory": [
        ("North", "3", "2", "71", "982.80", "237.30", "13.00", "171.51", "31.25",
         "2.97", "205.73", "18.57", "2.90", "20.93", "1.89"),
        ("South", "3", "0", "294", "3909.20", "822.20", "132.00", "354.90", "84.90",
         "27.23", "467.03", "223.17", "1.59", "11.95", "5.71"),
        TOTAL_ROW,
    ],
    "size_band": [
        ("L", "1", "0", "230", "2990.00", "575.00", "115.00", "210.21", "55.40",
         "24.57", "290.18", "169.82", "1.26", "9.71", "5.68"),
        ("M", "2", "0", "90", "1242.00", "297.00", "30.00", "140.55", "0.00",
         "4.77", "145.32", "121.68", "1.61", "11.70", "9.80"),
        ("S", "3", "2", "45", "660.00", "187.50", "0.00", "175.65", "60.75",
         "0.86", "237.26", "-49.76", "5.27", "35.95", "-7.54"),
        TOTAL_ROW,
    ],
}  # fmt: skip


@pytest.mark.parametrize("dimension", list(STEP_9))
def test_segment_rollups_match_step_9(result, dimension):
    rows = [segment_record(row, 2) for row in result.segments[dimension]]

    got = [(row["value"], *(row[column] for column in SEGMENT_COLUMNS)) for row in rows]

    assert got == STEP_9[dimension]


def test_whale_curve_points_match_step_10(result):
    assert [tuple(point.values()) for point in whale_records(result.whale, 2)] == [
        ("1", "A04", "169.82", "169.82", "16.67", "70.25"),
        ("2", "A02", "79.24", "249.06", "33.33", "103.03"),
        ("3", "A05", "42.44", "291.50", "50.00", "120.58"),
        ("4", "A03", "10.91", "302.41", "66.67", "125.10"),
        ("5", "A01", "-9.90", "292.51", "83.33", "121.00"),
        ("6", "A06", "-50.77", "241.74", "100.00", "100.00"),
    ]


def test_whale_curve_summary_matches_step_10(result):
    assert whale_summary(result.whale, 2) == {
        "outlets": "6",
        "total": "241.74",
        "profitable": "4",
        "profitable_percent": "66.67",
        "peak": "302.41",
        "peak_percent": "125.10",
        "loss_making": "2",
        "total_loss": "60.67",
        "subsidy_index": "20.06",
    }


# Step 11: n_base, n_recent, cases_base, cases_recent, D_rec, s_R, s_F, s_V,
# failed/attempts, score.
STEP_11 = {
    "A01": (1, 1, 6, 5, 4, "0", "0", "1/6", (0, 2), 3),
    "A02": (1, 1, 30, 26, 4, "0", "0", "2/15", (0, 2), 3),
    "A03": (1, 1, 14, 16, 4, "0", "0", "0", (0, 2), 0),
    "A04": (1, 1, 120, 110, 4, "0", "0", "1/12", (0, 2), 2),
    "A05": (0, 1, 0, 34, 4, "0", "0", "0", (0, 1), 0),
    "A06": (1, 0, 4, 0, 12, "0", "1", "1", (0, 1), 40),
}


@pytest.mark.parametrize("code", OUTLETS)
def test_churn_score_and_signals_match_step_11(result, code):
    churn = result.outlet(code).churn
    signals = {signal.name: str(signal.value) for signal in churn.signals}

    got = (
        churn.baseline_occasions,
        churn.recent_occasions,
        churn.baseline_cases,
        churn.recent_cases,
        churn.days_since_last,
        signals["recency"],
        signals["frequency_decline"],
        signals["volume_decline"],
        (churn.failed_occasions, churn.occasions),
        churn.score,
    )

    assert got == STEP_11[code]


# Step 12: annualised contribution m, score used, retention, multiplier, CLV.
STEP_12 = {
    "A01": ("-258.11", 3, "0.888", "222/53", "-1081.14"),
    "A02": ("2065.90", 3, "0.888", "222/53", "8653.39"),
    "A03": ("284.44", 0, "0.9", "9/2", "1279.98"),
    "A04": ("4427.45", 2, "0.892", "223/52", "18986.95"),
    "A05": ("1106.47", 0, "0.9", "9/2", "4979.12"),
    "A06": ("-1323.65", 40, "0.74", "37/18", "-2720.84"),
}


@pytest.mark.parametrize("code", OUTLETS)
def test_outlet_value_matches_step_12(result, code):
    value = result.outlet(code).value
    m, score, retention, multiplier, clv = STEP_12[code]

    assert format_money(value.annualised_contribution, 2) == m
    assert value.score_used == score
    assert value.retention == Fraction(retention)
    assert value.multiplier == Fraction(multiplier)
    assert format_money(value.clv, 2) == clv


def test_clv_multiplier_is_shown_to_4_decimals(result):
    assert outlet_record(result.outlet("A01"), 2)["clv_multiplier"] == "4.1887"


def test_invariant_checks_match_step_13(result):
    reconciliation = result.reconciliation

    assert reconciliation.route_pools == 23700 + 16491
    assert reconciliation.allocated_route_cost == 40191
    assert reconciliation.unallocated_route_cost == 0
    assert result.whale.points[-1].cumulative == 24174
    for dimension in ("channel", "territory", "size_band"):
        segments = result.segments[dimension]
        assert sum(row.pnl.net_contribution for row in segments[:-1]) == 24174
