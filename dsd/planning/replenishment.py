"""Which outlets need a drop on a service date, and how many cases.

Each outlet's stock is projected from its last known count and its consumption
rate, learned from the cases delivered to it. Outlets whose projected days of
supply fall below a threshold become candidates; the drop brings them back to
their par level. An outlet that would run out before it could be visited again
must be visited; the others are optional, weighed by the value at risk.
"""

import logging
import math
from dataclasses import dataclass
from datetime import date

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReplenishmentSettings:
    """Thresholds of the replenishment rule.

    ``threshold_days``: outlets with fewer days of supply than this need a drop.
    ``revisit_days``: days until the outlet could next be served; running out
    sooner makes the drop must-visit. ``history_days``: window the consumption
    rate is learned from. ``new_outlet_turnover_days``: for an outlet with no
    delivery history, the par level is assumed to last this long.
    """

    threshold_days: float = 3.0
    revisit_days: float = 1.0
    history_days: int = 56
    new_outlet_turnover_days: float = 7.0


@dataclass(frozen=True)
class OutletStock:
    """What is known of one outlet's stock and deliveries, as of the service date.

    ``cases_in_window`` and ``first_delivery_on`` cover successful deliveries in
    the ``history_days`` before the service date; ``cases_since_count`` the
    deliveries after ``last_stock_on`` and before the service date;
    ``last_delivery_on`` the latest successful delivery before the service date.
    """

    outlet_id: int
    par_level_cases: int
    last_stock_cases: int | None
    last_stock_on: date | None
    cases_in_window: int
    first_delivery_on: date | None
    cases_since_count: int
    last_delivery_on: date | None


@dataclass(frozen=True)
class DropNeed:
    """An outlet that needs a drop on the service date."""

    outlet_id: int
    drop_cases: int
    projected_stock: float
    days_of_supply: float | None
    consumption_per_day: float
    must_visit: bool


def consumption_per_day(
    outlet: OutletStock, service_date: date, settings: ReplenishmentSettings
) -> float:
    """Cases the outlet sells a day, from the deliveries it took recently."""
    if outlet.first_delivery_on is None or outlet.cases_in_window == 0:
        return outlet.par_level_cases / settings.new_outlet_turnover_days

    days = min(settings.history_days, (service_date - outlet.first_delivery_on).days)
    return outlet.cases_in_window / max(days, 1)


def projected_stock(outlet: OutletStock, service_date: date, rate: float) -> float:
    """Cases the outlet is expected to hold at the start of the service date."""
    if outlet.last_stock_on is not None and outlet.last_stock_cases is not None:
        elapsed = (service_date - outlet.last_stock_on).days
        stock = outlet.last_stock_cases + outlet.cases_since_count - rate * elapsed
    elif outlet.last_delivery_on is not None:
        # No count: assume the last drop filled the outlet to its par level.
        elapsed = (service_date - outlet.last_delivery_on).days
        stock = outlet.par_level_cases - rate * elapsed
    else:
        stock = 0.0

    return max(0.0, stock)


def drop_need(
    outlet: OutletStock, service_date: date, settings: ReplenishmentSettings
) -> DropNeed | None:
    """The drop an outlet needs on the service date, or None if it has enough."""
    if outlet.par_level_cases <= 0:
        return None

    rate = consumption_per_day(outlet, service_date, settings)
    stock = projected_stock(outlet, service_date, rate)
    days_of_supply = stock / rate if rate > 0 else None
    if days_of_supply is not None and days_of_supply >= settings.threshold_days:
        return None
    if days_of_supply is None and stock > 0:
        return None

    drop = math.ceil(outlet.par_level_cases - stock)
    if drop <= 0:
        return None

    must_visit = days_of_supply is not None and days_of_supply < settings.revisit_days
    return DropNeed(
        outlet_id=outlet.outlet_id,
        drop_cases=drop,
        projected_stock=round(stock, 2),
        days_of_supply=None if days_of_supply is None else round(days_of_supply, 2),
        consumption_per_day=round(rate, 3),
        must_visit=must_visit,
    )


def drop_needs(
    outlets: list[OutletStock], service_date: date, settings: ReplenishmentSettings
) -> list[DropNeed]:
    """Every outlet that needs a drop on the service date."""
    needs = [drop_need(outlet, service_date, settings) for outlet in outlets]
    needs = [need for need in needs if need is not None]
    logger.info(
        "%d of %d outlets need a drop on %s (%d must be visited)",
        len(needs),
        len(outlets),
        service_date,
        sum(need.must_visit for need in needs),
    )
    return needs
