"""Bad input (section 13): a domain error naming the field or row, never a zero."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from decimal import Decimal

import numpy as np
import pytest

from costing.columns import to_columns
from costing.engine import compute
from costing.errors import (
    DeliveryDateMismatch,
    DuplicateKey,
    DwellExceedsRoute,
    FailedDeliveryWithGoods,
    InvalidParams,
    InvalidPeriod,
    InvalidRoute,
    InvalidValue,
    MissingRate,
    StopWithoutDelivery,
    TooManyDecimals,
    UnknownReference,
)
from costing.inputs import Period, ServiceVisit, TradePayment
from costing.params import CostingParams

D = Decimal


def replace_delivery(inputs, ref, **changes):
    deliveries = [
        dataclasses.replace(d, **changes) if d.ref == ref else d
        for d in inputs.deliveries
    ]
    return dataclasses.replace(inputs, deliveries=deliveries)


def replace_route(inputs, route_id, **changes):
    routes = [
        dataclasses.replace(r, **changes) if r.route_id == route_id else r
        for r in inputs.routes
    ]
    return dataclasses.replace(inputs, routes=routes)


def replace_stop(inputs, route_id, sequence, **changes):
    route = next(r for r in inputs.routes if r.route_id == route_id)
    stops = tuple(
        dataclasses.replace(s, **changes) if s.sequence == sequence else s
        for s in route.stops
    )
    return replace_route(inputs, route_id, stops=stops)


def test_a_period_that_starts_after_it_ends_is_refused():
    with pytest.raises(InvalidPeriod) as refused:
        Period(date(2025, 3, 16), date(2025, 3, 3))

    assert refused.value.field == "period"
    assert "2025-03-16" in str(refused.value)


def test_compute_refuses_a_period_built_around_the_check(example_a):
    period = object.__new__(Period)
    object.__setattr__(period, "start", date(2025, 3, 16))
    object.__setattr__(period, "end", date(2025, 3, 3))

    with pytest.raises(InvalidPeriod):
        compute(example_a, period)


def test_a_date_before_every_rate_card_names_the_distributor_date_and_rate(
    example_a, example_a_period
):
    late_card = dataclasses.replace(
        example_a.rate_cards[0], effective_from=date(2025, 3, 5)
    )
    inputs = dataclasses.replace(example_a, rate_cards=[late_card])

    with pytest.raises(MissingRate) as refused:
        compute(inputs, example_a_period)

    assert refused.value.owner == "distributor EXA"
    assert refused.value.on == date(2025, 3, 4)
    assert refused.value.rate == "rate card"


def test_a_vehicle_without_a_rate_in_force_is_named_with_the_date(
    example_a, example_a_period
):
    rates = [
        dataclasses.replace(rate, effective_from=date(2025, 3, 10))
        if rate.vehicle == "V1"
        else rate
        for rate in example_a.vehicle_rates
    ]
    inputs = dataclasses.replace(example_a, vehicle_rates=rates)

    with pytest.raises(MissingRate) as refused:
        compute(inputs, example_a_period)

    assert refused.value.owner == "vehicle V1"
    assert refused.value.on == date(2025, 3, 4)


def test_no_rate_card_on_the_last_day_is_refused_rather_than_valued_at_zero(
    example_a,
):
    with pytest.raises(MissingRate):
        compute(example_a, Period(date(2024, 12, 1), date(2024, 12, 31)))


@pytest.mark.parametrize(
    ("change", "field", "row"),
    [
        (lambda i: replace_route(i, "R1", vehicle="V9"), "vehicle", "route R1"),
        (lambda i: replace_stop(i, "R1", 2, outlet="Z99"), "outlet", "route R1 stop 2"),
        (lambda i: replace_delivery(i, "D03", outlet="Z99"), "outlet", "delivery D03"),
        (
            lambda i: replace_delivery(i, "D03", route_id="R9"),
            "route_id",
            "delivery D03",
        ),
        (
            lambda i: replace_delivery(i, "D03", stop_sequence=9),
            "stop_sequence",
            "delivery D03",
        ),
        (
            lambda i: dataclasses.replace(
                i,
                service_visits=[
                    ServiceVisit("S9", "Z99", date(2025, 3, 5), D(0), D(5))
                ],
            ),
            "outlet",
            "service visit S9",
        ),
        (
            lambda i: dataclasses.replace(
                i,
                trade_payments=[TradePayment("T9", "Z99", date(2025, 3, 5), D(1))],
            ),
            "outlet",
            "trade payment T9",
        ),
    ],
)
def test_unknown_references_are_named(example_a, example_a_period, change, field, row):
    with pytest.raises(UnknownReference) as refused:
        compute(change(example_a), example_a_period)

    assert (refused.value.field, refused.value.row) == (field, row)


def test_money_with_more_decimals_than_the_currency_is_refused(
    example_a, example_a_period
):
    # VND has no minor unit: 84.50 is not an amount of dong.
    inputs = dataclasses.replace(example_a, currency="VND")

    with pytest.raises(TooManyDecimals) as refused:
        compute(inputs, example_a_period)

    # D06's cost of goods, 52.50, is the first amount with cents.
    assert (refused.value.field, refused.value.row) == ("cost_of_goods", "delivery D06")


def test_a_vnd_revenue_of_84_5_names_the_delivery_and_field(
    example_a, example_a_period
):
    inputs = replace_delivery(example_a, "D01", net_revenue=D("84.5"))
    inputs = dataclasses.replace(
        inputs, currency="VND", rate_cards=[], vehicle_rates=[]
    )

    with pytest.raises(TooManyDecimals) as refused:
        to_columns(inputs)

    assert (refused.value.field, refused.value.row) == ("net_revenue", "delivery D01")


@pytest.mark.parametrize(
    ("change", "field", "row"),
    [
        (lambda i: replace_delivery(i, "D02", cases=-1), "cases", "delivery D02"),
        (
            lambda i: replace_delivery(i, "D02", net_revenue=D("-1.00")),
            "net_revenue",
            "delivery D02",
        ),
        (
            lambda i: replace_delivery(i, "D02", trade_spend=D("-0.01")),
            "trade_spend",
            "delivery D02",
        ),
        (
            lambda i: replace_stop(i, "R2", 3, dwell_minutes=D("-2")),
            "dwell_minutes",
            "route R2 stop 3",
        ),
        (
            lambda i: dataclasses.replace(
                i,
                service_visits=[
                    ServiceVisit("S9", "A01", date(2025, 3, 5), D(0), D("-5"))
                ],
            ),
            "labour_minutes",
            "service visit S9",
        ),
        (
            lambda i: replace_delivery(i, "D02", net_revenue=414.0),
            "net_revenue",
            "delivery D02",
        ),
    ],
)
def test_negative_or_inexact_values_are_refused(
    example_a, example_a_period, change, field, row
):
    with pytest.raises(InvalidValue) as refused:
        compute(change(example_a), example_a_period)

    assert (refused.value.field, refused.value.row) == (field, row)


def test_a_route_that_finishes_before_it_starts_is_refused(example_a, example_a_period):
    r1 = example_a.routes[0]
    inputs = replace_route(
        example_a, "R1", back_at_depot_at=r1.left_depot_at - timedelta(minutes=1)
    )

    with pytest.raises(InvalidRoute) as refused:
        compute(inputs, example_a_period)

    assert refused.value.row == "route R1"


def test_a_route_with_zero_minutes_on_the_road_is_refused(example_a, example_a_period):
    inputs = replace_route(
        example_a, "R2", back_at_depot_at=example_a.routes[1].left_depot_at
    )

    with pytest.raises(InvalidRoute):
        compute(inputs, example_a_period)


def test_naive_route_times_are_refused(example_a, example_a_period):
    inputs = replace_route(example_a, "R1", left_depot_at=datetime(2025, 3, 4, 8, 0))

    with pytest.raises(InvalidValue) as refused:
        compute(inputs, example_a_period)

    assert refused.value.field == "left_depot_at"


def test_dwell_minutes_beyond_the_route_minutes_name_the_route(
    example_a, example_a_period
):
    # R2 is 240 minutes; its dwell adds up to 107, so 134 more minutes break it.
    inputs = replace_stop(example_a, "R2", 1, dwell_minutes=D(10 + 134))

    with pytest.raises(DwellExceedsRoute) as refused:
        compute(inputs, example_a_period)

    assert refused.value.row == "route R2"


def test_dwell_minutes_equal_to_the_route_minutes_are_accepted(
    example_a, example_a_period
):
    inputs = replace_stop(example_a, "R2", 1, dwell_minutes=D(10 + 133))

    result = compute(inputs, example_a_period)

    assert result.routes.travel[1] == result.routes.distance[1]


def test_a_stop_without_a_delivery_is_refused(example_a, example_a_period):
    inputs = replace_delivery(example_a, "D05", route_id=None, stop_sequence=None)

    with pytest.raises(StopWithoutDelivery) as refused:
        compute(inputs, example_a_period)

    assert refused.value.row == "route R1 stop 5"


def test_a_delivery_dated_off_its_route_is_refused(example_a, example_a_period):
    inputs = replace_delivery(example_a, "D07", local_date=date(2025, 3, 13))

    with pytest.raises(DeliveryDateMismatch) as refused:
        compute(inputs, example_a_period)

    assert (refused.value.field, refused.value.row) == ("local_date", "delivery D07")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "failed"}, "cases"),
        ({"status": "failed", "cases": 0}, "net_revenue"),
    ],
)
def test_a_failed_delivery_with_goods_is_refused(
    example_a, example_a_period, changes, field
):
    inputs = replace_delivery(example_a, "D06", **changes)

    with pytest.raises(FailedDeliveryWithGoods) as refused:
        compute(inputs, example_a_period)

    assert (refused.value.field, refused.value.row) == (field, "delivery D06")


def test_an_unknown_status_is_refused(example_a, example_a_period):
    inputs = replace_delivery(example_a, "D06", status="lost")

    with pytest.raises(InvalidValue) as refused:
        compute(inputs, example_a_period)

    assert refused.value.field == "status"


def test_duplicate_outlet_codes_are_refused(example_a, example_a_period):
    inputs = dataclasses.replace(
        example_a, outlets=[*example_a.outlets, example_a.outlets[0]]
    )

    with pytest.raises(DuplicateKey):
        compute(inputs, example_a_period)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        (CostingParams(weight_recency=D("0.5")), "churn_weights"),
        (
            CostingParams(weight_failed=D("-0.2"), weight_recency=D("0.8")),
            "weight_failed",
        ),
        (
            CostingParams(retention_min=D("0.9"), retention_max=D("0.8")),
            "retention_min",
        ),
        (CostingParams(retention_max=D("1")), "retention_max"),
        (CostingParams(churn_recent_days=0), "churn_recent_days"),
        (CostingParams(recency_slope=D(0)), "recency_slope"),
    ],
)
def test_parameters_that_break_their_rules_are_refused(
    example_a, example_a_period, params, field
):
    with pytest.raises(InvalidParams) as refused:
        compute(example_a, example_a_period, params)

    assert refused.value.field == field


def test_columnar_inputs_are_checked_too(example_a, example_a_period):
    columns = to_columns(example_a)
    deliveries = dataclasses.replace(
        columns.deliveries, cases=np.where(np.arange(10) == 3, -4, 1)
    )

    with pytest.raises(InvalidValue) as refused:
        compute(dataclasses.replace(columns, deliveries=deliveries), example_a_period)

    assert (refused.value.field, refused.value.row) == ("cases", "delivery D04")


def test_columnar_outlet_index_out_of_range_is_an_unknown_reference(
    example_a, example_a_period
):
    columns = to_columns(example_a)
    visits = dataclasses.replace(columns.visits, outlet=np.array([0, 1, 6]))

    with pytest.raises(UnknownReference) as refused:
        compute(dataclasses.replace(columns, visits=visits), example_a_period)

    assert refused.value.row == "service visit S3"


def test_float_columns_are_refused(example_a, example_a_period):
    columns = to_columns(example_a)
    deliveries = dataclasses.replace(
        columns.deliveries, net_revenue=columns.deliveries.net_revenue / 100
    )

    with pytest.raises(InvalidValue) as refused:
        compute(dataclasses.replace(columns, deliveries=deliveries), example_a_period)

    assert refused.value.field == "deliveries.net_revenue"


def test_a_route_dated_off_its_local_start_is_refused(example_a, example_a_period):
    # R1 leaves at 08:00 UTC on 2025-03-04: still 2025-03-04 in Brussels, but
    # 2025-03-03 in Honolulu.
    assert compute(
        dataclasses.replace(example_a, timezone="Europe/Brussels"), example_a_period
    )

    with pytest.raises(InvalidValue) as refused:
        compute(
            dataclasses.replace(example_a, timezone="Pacific/Honolulu"),
            example_a_period,
        )

    assert (refused.value.field, refused.value.row) == ("local_date", "route R1")


def test_an_unknown_time_zone_is_refused(example_a, example_a_period):
    with pytest.raises(InvalidValue) as refused:
        compute(
            dataclasses.replace(example_a, timezone="Mars/Olympus"), example_a_period
        )

    assert refused.value.field == "timezone"


def test_a_promotion_that_ends_before_it_starts_is_refused(example_a, example_a_period):
    promotion = dataclasses.replace(example_a.promotions[0], last_date=date(2025, 3, 9))

    with pytest.raises(InvalidValue) as refused:
        compute(
            dataclasses.replace(example_a, promotions=[promotion]), example_a_period
        )

    assert (refused.value.field, refused.value.row) == (
        "last_date",
        "promotion PROMO-GROC-MAR",
    )


def test_a_trade_payment_naming_an_unknown_promotion_is_refused(
    example_a, example_a_period
):
    payment = TradePayment("T1", "A02", date(2025, 3, 5), D("10.00"), "PROMO-X")

    with pytest.raises(UnknownReference) as refused:
        compute(
            dataclasses.replace(example_a, trade_payments=[payment]), example_a_period
        )

    assert refused.value.field == "promotion"
