from datetime import date

from dsd.planning.replenishment import (
    OutletStock,
    ReplenishmentSettings,
    drop_need,
)
from dsd.planning.value import OutletEconomics, drop_value_minor

DAY = date(2026, 3, 10)
SETTINGS = ReplenishmentSettings(threshold_days=3, revisit_days=1, history_days=56)


def stock(**values) -> OutletStock:
    fields = {
        "outlet_id": 1,
        "par_level_cases": 40,
        "last_stock_cases": None,
        "last_stock_on": None,
        "cases_in_window": 0,
        "first_delivery_on": None,
        "cases_since_count": 0,
        "last_delivery_on": None,
    }
    fields.update(values)
    return OutletStock(**fields)


def test_counted_stock_is_projected_forward_and_topped_up_to_par():
    # 112 cases over 56 days = 2 a day; counted 9 four days ago, 4 delivered since.
    outlet = stock(
        last_stock_cases=9,
        last_stock_on=date(2026, 3, 6),
        cases_in_window=112,
        first_delivery_on=date(2026, 1, 1),
        cases_since_count=4,
    )

    need = drop_need(outlet, DAY, SETTINGS)

    # 9 + 4 - 8 = 5 cases, 2.5 days of supply: a drop of 40 - 5 = 35, optional.
    assert need.projected_stock == 5
    assert need.days_of_supply == 2.5
    assert need.drop_cases == 35
    assert need.must_visit is False


def test_outlet_with_enough_supply_needs_no_drop():
    outlet = stock(
        last_stock_cases=20,
        last_stock_on=DAY,
        cases_in_window=112,
        first_delivery_on=date(2026, 1, 1),
    )

    assert drop_need(outlet, DAY, SETTINGS) is None


def test_outlet_about_to_run_out_must_be_visited():
    # 1 case left at 2 a day: half a day of supply, less than a day to revisit.
    outlet = stock(
        last_stock_cases=1,
        last_stock_on=DAY,
        cases_in_window=112,
        first_delivery_on=date(2026, 1, 1),
    )

    need = drop_need(outlet, DAY, SETTINGS)

    assert need.must_visit is True
    assert need.drop_cases == 39


def test_short_history_divides_by_the_days_it_covers():
    # 20 cases since 10 days ago: 2 a day, not 20 / 56.
    outlet = stock(
        last_stock_cases=3,
        last_stock_on=DAY,
        cases_in_window=20,
        first_delivery_on=date(2026, 2, 28),
    )

    need = drop_need(outlet, DAY, SETTINGS)

    assert need.consumption_per_day == 2
    assert need.days_of_supply == 1.5


def test_new_outlet_without_history_gets_a_first_drop():
    need = drop_need(stock(), DAY, SETTINGS)

    assert need.drop_cases == 40
    assert need.projected_stock == 0


def test_drop_value_is_margin_at_risk_plus_relationship():
    economics = OutletEconomics(
        margin_per_case_minor=400,
        trade_spend_per_case_minor=50,
        non_route_cost_per_case_minor=30,
        lifetime_value_minor=100_000,
        churn_score=50,
    )

    # 10 * (400 - 50 - 30) = 3,200 plus 100,000 * 0.02 * 0.5 = 1,000.
    assert drop_value_minor(10, economics) == 4200


def test_drop_value_is_never_negative():
    economics = OutletEconomics(
        margin_per_case_minor=10,
        trade_spend_per_case_minor=50,
        non_route_cost_per_case_minor=30,
        lifetime_value_minor=-5000,
    )

    assert drop_value_minor(10, economics) == 0
