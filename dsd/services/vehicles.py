"""Adding and changing the trucks of a distributor's fleet."""

import logging

from sqlalchemy import select

from ..errors import Conflict, InvalidValue, NotFound
from ..extensions import db
from ..models import Distributor, User, Vehicle
from ..money import to_minor
from .audit import record_change, snapshot

logger = logging.getLogger(__name__)

FIELDS = (
    "code",
    "capacity_cases",
    "capacity_kg",
    "shift_start",
    "shift_end",
    "fixed_cost_minor",
    "cost_per_km",
    "cost_per_hour",
    "driver_id",
    "active",
)


def get_vehicle(distributor: Distributor, vehicle_id: int) -> Vehicle:
    """The distributor's vehicle with this id."""
    vehicle = db.session.get(Vehicle, vehicle_id)
    if vehicle is None or vehicle.distributor_id != distributor.id:
        raise NotFound(f"no vehicle {vehicle_id} at distributor {distributor.code}")

    return vehicle


def _apply(distributor: Distributor, vehicle: Vehicle, values: dict) -> None:
    values = dict(values)
    if "fixed_cost" in values:
        values["fixed_cost_minor"] = to_minor(
            values.pop("fixed_cost"), distributor.currency, "fixed_cost"
        )
    if "driver_email" in values:
        values["driver_id"] = _driver_id(distributor, values.pop("driver_email"))
        _ensure_driver_free(values["driver_id"], vehicle.id)
    for name, value in values.items():
        setattr(vehicle, name, value)

    if vehicle.shift_end <= vehicle.shift_start:
        raise InvalidValue(
            "the shift is not valid", {"shift_end": ["ends before it starts"]}
        )


def _driver_id(distributor: Distributor, email: str | None) -> int | None:
    if email is None:
        return None

    driver = db.session.scalar(select(User).filter_by(email=email.strip().lower()))
    if driver is None or driver.distributor_id != distributor.id:
        raise InvalidValue(
            "unknown driver", {"driver_email": [f"no user {email} at this distributor"]}
        )
    if driver.role != "driver":
        raise InvalidValue(
            "not a driver", {"driver_email": [f"{email} is a {driver.role}"]}
        )

    return driver.id


def _ensure_driver_free(driver_id: int | None, own_id: int | None) -> None:
    """A driver drives one truck; their route is that truck's route."""
    if driver_id is None:
        return

    other = db.session.scalar(
        select(Vehicle).filter_by(driver_id=driver_id, active=True)
    )
    if other is not None and other.id != own_id:
        raise Conflict(
            f"the driver already drives truck {other.code}",
            {"driver_email": [f"already drives truck {other.code}"]},
        )


def _ensure_code_free(distributor: Distributor, code: str, own_id=None) -> None:
    clash = db.session.scalar(
        select(Vehicle).filter_by(distributor_id=distributor.id, code=code)
    )
    if clash is not None and clash.id != own_id:
        raise Conflict(f"vehicle {code!r} exists", {"code": ["is already taken"]})


def create_vehicle(distributor: Distributor, values: dict) -> Vehicle:
    """Add a truck to the fleet."""
    _ensure_code_free(distributor, values["code"])
    vehicle = Vehicle(distributor_id=distributor.id, active=True)
    _apply(distributor, vehicle, values)
    db.session.add(vehicle)
    db.session.flush()
    record_change(
        "create",
        vehicle,
        distributor_id=distributor.id,
        after=snapshot(vehicle, FIELDS),
    )
    logger.info("added vehicle %s to %s", vehicle.code, distributor.code)
    return vehicle


def update_vehicle(
    distributor: Distributor, vehicle: Vehicle, changes: dict
) -> Vehicle:
    """Change a truck's capacity, shift, rates or driver."""
    if "code" in changes:
        _ensure_code_free(distributor, changes["code"], vehicle.id)
    before = snapshot(vehicle, FIELDS)
    _apply(distributor, vehicle, changes)
    db.session.flush()
    record_change(
        "update",
        vehicle,
        distributor_id=distributor.id,
        before=before,
        after=snapshot(vehicle, FIELDS),
    )
    logger.info("updated vehicle %s of %s", vehicle.code, distributor.code)
    return vehicle
