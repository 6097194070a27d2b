"""Effective-dated rates: a distributor's rate cards and its trucks' rates.

A rate applies from its date until the next one, so adding a rate never
changes the figures of earlier periods. Each new rate gets an audit record
holding the rate it replaces from that date on.
"""

import logging

from sqlalchemy import select

from ..errors import Conflict, NotFound
from ..extensions import db
from ..models import Distributor, RateCard, Vehicle, VehicleRate
from ..money import to_minor
from ..services.audit import record_change, snapshot

logger = logging.getLogger(__name__)

RATE_CARD_MONEY = {
    "cost_per_stop": "cost_per_stop_minor",
    "visit_callout": "visit_callout_minor",
    "standard_route_cost_per_stop": "standard_route_cost_per_stop_minor",
}
RATE_CARD_RATES = (
    "picking_per_case",
    "handling_per_case",
    "technician_rate_per_hour",
    "annual_cost_of_capital",
    "standard_stop_minutes",
    "minutes_per_case",
)
RATE_CARD_FIELDS = (
    ("effective_from",) + tuple(RATE_CARD_MONEY.values()) + (RATE_CARD_RATES)
)
VEHICLE_RATE_FIELDS = (
    "effective_from",
    "fixed_per_day_minor",
    "cost_per_km",
    "cost_per_hour",
)


def create_rate_card(distributor: Distributor, values: dict) -> RateCard:
    """Add a rate card in force from its ``effective_from`` date.

    Money fields are Decimal major units of the distributor's currency.

    Raises:
        Conflict: a card already takes effect on that date.
        InvalidValue: an amount has more decimals than the currency allows.
    """
    effective_from = values["effective_from"]
    clash = db.session.scalar(
        select(RateCard).filter_by(
            distributor_id=distributor.id, effective_from=effective_from
        )
    )
    if clash is not None:
        raise Conflict(
            f"a rate card already takes effect on {effective_from.isoformat()}",
            {"effective_from": [f"rate card {clash.id} takes effect on that date"]},
        )

    replaced = rate_card_in_force(distributor, effective_from)
    card = RateCard(distributor_id=distributor.id, effective_from=effective_from)
    for field, column in RATE_CARD_MONEY.items():
        setattr(card, column, to_minor(values[field], distributor.currency, field))
    for field in RATE_CARD_RATES:
        setattr(card, field, values[field])
    db.session.add(card)
    db.session.flush()

    record_change(
        "rate_card.create",
        card,
        distributor_id=distributor.id,
        before=snapshot(replaced, RATE_CARD_FIELDS) if replaced else None,
        after=snapshot(card, RATE_CARD_FIELDS),
    )
    logger.info(
        "added rate card %d for %s from %s", card.id, distributor.code, effective_from
    )
    return card


def rate_card_in_force(distributor: Distributor, on) -> RateCard | None:
    """The distributor's rate card in force on a date, if any."""
    return db.session.scalar(
        select(RateCard)
        .where(RateCard.distributor_id == distributor.id, RateCard.effective_from <= on)
        .order_by(RateCard.effective_from.desc())
        .limit(1)
    )


def get_rate_card(distributor: Distributor, rate_card_id: int) -> RateCard:
    """One of the distributor's rate cards.

    Raises:
        NotFound: the distributor has no rate card with this id.
    """
    card = db.session.get(RateCard, rate_card_id)
    if card is None or card.distributor_id != distributor.id:
        raise NotFound(f"no rate card {rate_card_id}")

    return card


def vehicle_by_code(distributor: Distributor, code: str) -> Vehicle:
    """The distributor's truck with this code.

    Raises:
        NotFound: no truck of the distributor has this code.
    """
    vehicle = db.session.scalar(
        select(Vehicle).filter_by(distributor_id=distributor.id, code=code)
    )
    if vehicle is None:
        raise NotFound(
            f"no vehicle with code {code!r}",
            {"vehicle_code": [f"no vehicle with code {code!r}"]},
        )

    return vehicle


def create_vehicle_rate(distributor: Distributor, values: dict) -> VehicleRate:
    """Add a truck's rates in force from their ``effective_from`` date.

    Raises:
        NotFound: no truck has the ``vehicle_code``.
        Conflict: the truck already has rates taking effect on that date.
        InvalidValue: the fixed cost has more decimals than the currency allows.
    """
    vehicle = vehicle_by_code(distributor, values["vehicle_code"])
    effective_from = values["effective_from"]
    stored = db.session.scalars(
        select(VehicleRate)
        .where(
            VehicleRate.vehicle_id == vehicle.id,
            VehicleRate.effective_from <= effective_from,
        )
        .order_by(VehicleRate.effective_from.desc())
        .limit(1)
    ).first()
    if stored is not None and stored.effective_from == effective_from:
        raise Conflict(
            f"vehicle {vehicle.code} already has rates from {effective_from}",
            {"effective_from": [f"vehicle rate {stored.id} takes effect then"]},
        )

    rate = VehicleRate(
        vehicle_id=vehicle.id,
        effective_from=effective_from,
        fixed_per_day_minor=to_minor(
            values["fixed_per_day"], distributor.currency, "fixed_per_day"
        ),
        cost_per_km=values["cost_per_km"],
        cost_per_hour=values["cost_per_hour"],
    )
    db.session.add(rate)
    db.session.flush()

    record_change(
        "vehicle_rate.create",
        rate,
        distributor_id=distributor.id,
        before=snapshot(stored, VEHICLE_RATE_FIELDS) if stored else None,
        after=snapshot(rate, VEHICLE_RATE_FIELDS),
    )
    logger.info(
        "added rates for vehicle %s of %s from %s",
        vehicle.code,
        distributor.code,
        effective_from,
    )
    return rate


def get_vehicle_rate(distributor: Distributor, vehicle_rate_id: int) -> VehicleRate:
    """One of the distributor's vehicle rates.

    Raises:
        NotFound: no truck of the distributor has rates with this id.
    """
    rate = db.session.get(VehicleRate, vehicle_rate_id)
    if rate is None or rate.vehicle.distributor_id != distributor.id:
        raise NotFound(f"no vehicle rate {vehicle_rate_id}")

    return rate
