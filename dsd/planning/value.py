"""The value put at risk by skipping an optional drop, as the planner's penalty.

The planner already pays the truck, distance and time of a visit, so the
penalty must not be net of route cost. It is the margin the drop would earn,
less its trade spend and the per-case costs that do not depend on the route,
plus a relationship term: the share of the outlet's lifetime value put at risk,
larger the higher its churn risk. It is never below zero.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class OutletEconomics:
    """Per-case figures of an outlet over its recent history, in minor units."""

    margin_per_case_minor: float
    trade_spend_per_case_minor: float
    non_route_cost_per_case_minor: float
    lifetime_value_minor: int | None = None
    churn_score: int | None = None


# Share of an outlet's lifetime value at stake when a drop is skipped, at the
# highest churn risk; it scales down linearly with the churn score.
RELATIONSHIP_SHARE = 0.02


def drop_value_minor(drop_cases: int, economics: OutletEconomics) -> int:
    """The value lost if an optional drop is left out, in minor units (>= 0)."""
    per_case = (
        economics.margin_per_case_minor
        - economics.trade_spend_per_case_minor
        - economics.non_route_cost_per_case_minor
    )
    margin_at_risk = drop_cases * per_case

    relationship = 0.0
    if economics.lifetime_value_minor and economics.lifetime_value_minor > 0:
        risk = (
            economics.churn_score if economics.churn_score is not None else 50
        ) / 100
        relationship = economics.lifetime_value_minor * RELATIONSHIP_SHARE * risk

    return max(0, round(margin_at_risk + relationship))
