"""The route planner's outlet value comes from the cost-to-serve run."""

import logging
from datetime import date

PLAN_DAY = date(2026, 3, 3)


def test_planner_gets_margin_trade_and_case_costs_per_case(costed_world):
    from dsd.planning.inputs import outlet_economics

    o1 = costed_world["outlets"]["O1"]
    economics = outlet_economics(costed_world["distributor"], PLAN_DAY)[o1.id]

    # O1: margin 100.00 over 10 cases; picking 1.00 + handling 0.50 = 0.15 a case.
    assert economics.margin_per_case_minor == 1000
    assert economics.trade_spend_per_case_minor == 0
    assert economics.non_route_cost_per_case_minor == 15
    assert economics.churn_score is not None
    assert economics.lifetime_value_minor is not None


def test_planner_falls_back_to_deliveries_without_a_rate_card(
    costed_world, db_session, caplog
):
    from dsd.models import RateCard
    from dsd.planning.inputs import outlet_economics

    db_session.query(RateCard).delete()
    db_session.commit()
    o1 = costed_world["outlets"]["O1"]
    with caplog.at_level(logging.INFO, logger="dsd.planning.inputs"):
        economics = outlet_economics(costed_world["distributor"], PLAN_DAY, 7)[o1.id]

    assert economics.margin_per_case_minor == 1000
    assert economics.non_route_cost_per_case_minor == 7
    assert economics.lifetime_value_minor is None
    assert "rate card" in caplog.text
