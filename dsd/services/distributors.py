"""Creating, changing and deactivating distributors."""

import logging
from zoneinfo import available_timezones

from sqlalchemy import select

from ..errors import Conflict, Forbidden, InvalidValue
from ..extensions import db
from ..models import Distributor, User
from ..money import CURRENCY_EXPONENTS
from .audit import record_change, snapshot

logger = logging.getLogger(__name__)

FIELDS = ("code", "name", "depot_lon", "depot_lat", "timezone", "currency", "active")


def _check(values: dict) -> None:
    errors = {}
    if "timezone" in values:
        if values["timezone"] not in available_timezones():
            errors["timezone"] = ["is not an IANA time zone such as Asia/Ho_Chi_Minh"]
    if "currency" in values and values["currency"] not in CURRENCY_EXPONENTS:
        errors["currency"] = ["is not a supported ISO 4217 currency code"]
    if errors:
        raise InvalidValue("the distributor is not valid", errors)


def create_distributor(caller: User, values: dict) -> Distributor:
    """Add a distributor; only an administrator of every distributor may."""
    if caller.distributor_id is not None:
        raise Forbidden("only an administrator of every distributor may add one")
    _check(values)
    if db.session.scalar(select(Distributor).filter_by(code=values["code"])):
        raise Conflict(
            f"distributor {values['code']!r} exists", {"code": ["is already taken"]}
        )

    distributor = Distributor(**values)
    db.session.add(distributor)
    db.session.flush()
    record_change(
        "create",
        distributor,
        distributor_id=distributor.id,
        after=snapshot(distributor, FIELDS),
    )
    logger.info("created distributor %s (id %s)", distributor.code, distributor.id)
    return distributor


def update_distributor(distributor: Distributor, changes: dict) -> Distributor:
    """Change a distributor's name, depot, time zone or currency."""
    _check(changes)
    before = snapshot(distributor, FIELDS)
    for name, value in changes.items():
        setattr(distributor, name, value)

    db.session.flush()
    record_change(
        "update",
        distributor,
        distributor_id=distributor.id,
        before=before,
        after=snapshot(distributor, FIELDS),
    )
    logger.info("updated distributor %s: %s", distributor.code, sorted(changes))
    return distributor


def deactivate_distributor(caller: User, distributor: Distributor) -> Distributor:
    """Mark a distributor inactive; its history stays."""
    if caller.distributor_id is not None:
        raise Forbidden("only an administrator of every distributor may do this")

    return update_distributor(distributor, {"active": False})
