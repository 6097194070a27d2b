"""The result as strings: one set of columns for the API and the CSV export."""

from __future__ import annotations

from costing.records import (
    OUTLET_COLUMNS,
    SEGMENT_COLUMNS,
    WHALE_COLUMNS,
    outlet_record,
    result_records,
    segment_record,
    whale_records,
)


def test_records_carry_exactly_the_declared_columns_in_order(example_a_result):
    outlet = outlet_record(example_a_result.outlets[0], 2)
    segment = segment_record(example_a_result.segments["territory"][0], 2)
    point = whale_records(example_a_result.whale, 2)[0]

    assert tuple(outlet) == OUTLET_COLUMNS
    assert tuple(segment) == SEGMENT_COLUMNS
    assert tuple(point) == WHALE_COLUMNS


def test_every_figure_is_a_string_or_none(example_a_result):
    records = result_records(example_a_result)

    values = [
        value
        for row in records["outlets"]
        for value in row.values()
        if value is not None
    ]

    assert values
    assert all(isinstance(value, str) for value in values)


def test_churn_signals_are_shown_with_their_points(example_a_result):
    # A06: frequency and volume declines of 1 at weight 0.2 give 20 points each.
    record = outlet_record(example_a_result.outlet("A06"), 2)

    assert record["churn_score"] == "40"
    assert record["churn_band"] == "medium"
    assert record["churn_frequency_decline"] == "1.0000"
    assert record["churn_frequency_decline_points"] == "20.00"
    assert record["churn_recency_points"] == "0.00"
    assert record["churn_reason"] is None


def test_reconciliation_shows_route_pools_and_allocations(example_a_result):
    reconciliation = result_records(example_a_result)["reconciliation"]

    assert reconciliation["route_pools"] == "401.91"
    assert reconciliation["allocated_route_cost"] == "401.91"
    assert reconciliation["unallocated_route_cost"] == "0.00"
    assert reconciliation["estimated_route_cost"] == "0.00"
    assert reconciliation["pools"]["route_travel"] == "271.69"


def test_the_planner_gets_per_case_margin_trade_and_case_costs(example_a_result):
    # A02 over 56 cases: gross margin 184.80 -> 3.30; trade spend 13.00 ->
    # 0.2321 -> 0.23; picking 11.20 + handling 5.60 + financing 2.97 = 19.77
    # -> 0.3530 -> 0.35.
    record = outlet_record(example_a_result.outlet("A02"), 2)

    assert record["gross_margin_per_case"] == "3.30"
    assert record["trade_spend_per_case"] == "0.23"
    assert record["case_cost_per_case"] == "0.35"
