"""Creating, changing and deactivating outlets."""

import logging
from datetime import time

from sqlalchemy import select

from ..errors import Conflict, InvalidValue
from ..extensions import db
from ..geo import TerritoryIndex, place_point
from ..models import Distributor, Outlet, ReceivingWindow
from ..models.outlet import CHANNELS, OUTLET_STATUSES, SIZE_BANDS
from ..values import (
    BadValue,
    FieldErrors,
    is_blank,
    read_choice,
    read_date,
    read_float,
    read_int,
    read_text,
    read_time,
)

logger = logging.getLogger(__name__)

OUTLET_FIELDS = (
    "external_code",
    "name",
    "address",
    "lon",
    "lat",
    "channel",
    "size_band",
    "par_level_cases",
    "last_stock_cases",
    "last_stock_on",
    "status",
    "receiving_windows",
)
# Used when an outlet is created without receiving windows.
DEFAULT_RECEIVING_WINDOWS = ({"opens_at": time(8, 0), "closes_at": time(17, 0)},)
DEFAULTS = {
    "address": "",
    "channel": "other",
    "size_band": "M",
    "par_level_cases": 0,
    "last_stock_cases": None,
    "last_stock_on": None,
    "status": "active",
    "receiving_windows": DEFAULT_RECEIVING_WINDOWS,
}
REQUIRED = ("external_code", "name", "lon", "lat")


def create_outlet(
    distributor: Distributor,
    fields: dict,
    *,
    territories: TerritoryIndex | None = None,
    warnings: list[str] | None = None,
) -> Outlet:
    """Add an outlet to the distributor, placed in the territory it lies in.

    ``territories`` lets a caller creating many outlets load them once; a warning
    (a point outside every territory) is appended to ``warnings`` when given.
    """
    values = {**DEFAULTS, **{k: v for k, v in fields.items() if v is not None}}
    for field in REQUIRED:
        values.setdefault(field, None)
    errors = FieldErrors()
    clean = _clean(values, errors)
    placement = _place(distributor, clean, errors, territories)
    if errors:
        raise InvalidValue("the outlet is not valid", errors.errors)
    _check_code_free(distributor, clean["external_code"])

    windows = clean.pop("receiving_windows")
    outlet = Outlet(distributor_id=distributor.id, **clean)
    outlet.territory = placement.territory
    outlet.receiving_windows = [ReceivingWindow(**window) for window in windows]
    db.session.add(outlet)
    db.session.flush()

    # A caller creating many outlets passes the territories and logs one summary.
    level = logging.DEBUG if territories is not None else logging.INFO
    if placement.warning:
        logger.log(level, "outlet %s: %s", outlet.external_code, placement.warning)
        if warnings is not None:
            warnings.append(placement.warning)
    logger.log(
        level,
        "created outlet %s (id %s) of distributor %s in territory %s",
        outlet.external_code,
        outlet.id,
        distributor.code,
        placement.territory.name if placement.territory else "none",
    )
    return outlet


def update_outlet(
    outlet: Outlet, changes: dict, *, warnings: list[str] | None = None
) -> Outlet:
    """Change some fields of an outlet; a moved outlet changes territory too."""
    errors = FieldErrors()
    clean = _clean(changes, errors)
    distributor = db.session.get(Distributor, outlet.distributor_id)
    placement = None
    if "lon" in clean or "lat" in clean:
        located = {"lon": outlet.lon, "lat": outlet.lat, **clean}
        placement = _place(distributor, located, errors)
    if errors:
        raise InvalidValue("the outlet is not valid", errors.errors)

    code = clean.get("external_code")
    if code is not None and code != outlet.external_code:
        _check_code_free(distributor, code)
    if placement is not None:
        outlet.territory = placement.territory
        if placement.warning and warnings is not None:
            warnings.append(placement.warning)

    windows = clean.pop("receiving_windows", None)
    if windows is not None:
        outlet.receiving_windows = [ReceivingWindow(**w) for w in windows]
    for field, value in clean.items():
        setattr(outlet, field, value)
    db.session.flush()

    logger.info(
        "updated outlet %s (id %s): %s",
        outlet.external_code,
        outlet.id,
        ", ".join(sorted(changes)),
    )
    return outlet


def deactivate_outlet(outlet: Outlet) -> Outlet:
    """Mark an outlet inactive; its history stays."""
    if outlet.status != "inactive":
        outlet.status = "inactive"
        db.session.flush()
        logger.info("deactivated outlet %s (id %s)", outlet.external_code, outlet.id)

    return outlet


def _check_code_free(distributor: Distributor, code: str) -> None:
    taken = db.session.scalar(
        select(Outlet.id).filter_by(distributor_id=distributor.id, external_code=code)
    )
    if taken is not None:
        raise Conflict(
            f"an outlet with code {code!r} exists",
            {"external_code": [f"{code!r} is already used by another outlet"]},
        )


def _clean(values: dict, errors: FieldErrors) -> dict:
    """The typed values of the given fields; reasons for bad ones go to errors."""
    for field in values:
        if field not in OUTLET_FIELDS:
            errors.add(field, "is not a known field")

    clean: dict = {}
    # Coordinates are range-checked with the territories, so that a swapped pair
    # is reported as such.
    readers = {
        "external_code": (read_text, {"max_length": 64}),
        "name": (read_text, {"max_length": 200}),
        "address": (read_text, {"max_length": 300, "required": False}),
        "lon": (read_float, {}),
        "lat": (read_float, {}),
        "channel": (read_choice, {"options": CHANNELS}),
        "size_band": (read_choice, {"options": SIZE_BANDS}),
        "par_level_cases": (read_int, {"minimum": 0}),
        "last_stock_cases": (read_int, {"minimum": 0}),
        "last_stock_on": (read_date, {}),
        "status": (read_choice, {"options": OUTLET_STATUSES}),
        "receiving_windows": (read_receiving_windows, {}),
    }
    nullable = {"last_stock_cases", "last_stock_on"}
    for field, (reader, options) in readers.items():
        if field not in values:
            continue
        if field in nullable and is_blank(values[field]):
            clean[field] = None
            continue
        clean[field] = errors.read(field, reader, values[field], **options)

    return clean


def _place(distributor, clean: dict, errors: FieldErrors, territories=None):
    """The placement of a point whose coordinates read well, else None."""
    if clean.get("lon") is None or clean.get("lat") is None:
        return None

    try:
        return place_point(distributor, clean["lon"], clean["lat"], territories)
    except InvalidValue as error:
        for field, reasons in error.errors.items():
            for reason in reasons:
                errors.add(field, reason)
        return None


def read_receiving_windows(value) -> list[dict]:
    """Receiving windows as a list of {opens_at, closes_at} local times.

    Each window must close after it opens, windows must not overlap, and an
    outlet needs at least one.
    """
    if not isinstance(value, list | tuple):
        raise BadValue("must be a list of {opens_at, closes_at}")
    if not value:
        raise BadValue("must hold at least one window")

    windows = []
    for position, window in enumerate(value, start=1):
        if not isinstance(window, dict) or set(window) != {"opens_at", "closes_at"}:
            raise BadValue(f"window {position} must have opens_at and closes_at only")
        opens_at = read_time(window["opens_at"])
        closes_at = read_time(window["closes_at"])
        if closes_at <= opens_at:
            raise BadValue(
                f"window {position} ({opens_at:%H:%M}-{closes_at:%H:%M}) "
                "ends before it starts"
            )
        windows.append({"opens_at": opens_at, "closes_at": closes_at})

    windows.sort(key=lambda w: w["opens_at"])
    for earlier, later in zip(windows, windows[1:], strict=False):
        if later["opens_at"] < earlier["closes_at"]:
            raise BadValue(
                f"window {later['opens_at']:%H:%M}-{later['closes_at']:%H:%M} "
                f"overlaps {earlier['opens_at']:%H:%M}-{earlier['closes_at']:%H:%M}"
            )

    return windows
