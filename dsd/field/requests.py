"""Service requests: work a dispatcher asks a technician to do at an outlet."""

import logging
from datetime import datetime, timedelta

from sqlalchemy import select

from ..errors import InvalidValue
from ..extensions import db
from ..models import Asset, Distributor, Outlet, ServiceRequest, User
from ..models.field import REQUEST_PRIORITIES
from ..models.history import VISIT_KINDS

logger = logging.getLogger(__name__)

MAX_WINDOW = timedelta(days=31)
MAX_EXPECTED_MINUTES = 12 * 60


def create_service_request(
    distributor: Distributor,
    caller: User,
    *,
    outlet_code: str,
    kind: str,
    window_start: datetime,
    window_end: datetime,
    expected_minutes: int,
    priority: str = "normal",
    asset_serial: str | None = None,
    notes: str = "",
) -> ServiceRequest:
    """Add an open service request; errors name each bad field."""
    errors: dict[str, list[str]] = {}
    outlet = db.session.scalar(
        select(Outlet).filter_by(
            distributor_id=distributor.id, external_code=outlet_code
        )
    )
    if outlet is None:
        errors["outlet_code"] = [f"no outlet with code {outlet_code!r}"]
    asset = None
    if asset_serial:
        asset = db.session.scalar(
            select(Asset).filter_by(
                distributor_id=distributor.id, serial_number=asset_serial
            )
        )
        if asset is None:
            errors["asset_serial"] = [f"no asset with serial number {asset_serial!r}"]
        elif outlet is not None and asset.outlet_id != outlet.id:
            errors["asset_serial"] = [f"asset {asset_serial!r} is at another outlet"]
    if kind not in VISIT_KINDS:
        errors["kind"] = [f"must be one of {', '.join(VISIT_KINDS)}"]
    if priority not in REQUEST_PRIORITIES:
        errors["priority"] = [f"must be one of {', '.join(REQUEST_PRIORITIES)}"]
    if window_end <= window_start:
        errors["window_end"] = ["is not after window_start"]
    elif window_end - window_start > MAX_WINDOW:
        errors["window_end"] = [f"is more than {MAX_WINDOW.days} days after the start"]
    if not 0 < expected_minutes <= MAX_EXPECTED_MINUTES:
        errors["expected_minutes"] = [f"must be between 1 and {MAX_EXPECTED_MINUTES}"]
    if errors:
        raise InvalidValue("the service request is not valid", errors)

    request = ServiceRequest(
        distributor_id=distributor.id,
        outlet_id=outlet.id,
        asset_id=asset.id if asset else None,
        kind=kind,
        window_start=window_start,
        window_end=window_end,
        expected_minutes=expected_minutes,
        priority=priority,
        status="open",
        notes=notes,
        created_by_id=caller.id,
    )
    db.session.add(request)
    db.session.flush()
    logger.info(
        "service request %s at outlet %s: %s, %s priority, %d min",
        request.id,
        outlet_code,
        kind,
        priority,
        expected_minutes,
    )
    return request


def request_view(request: ServiceRequest, zone: str) -> dict:
    """A service request as plain data, instants in local time."""
    from ..localtime import to_local

    return {
        "id": request.id,
        "outlet_code": request.outlet.external_code,
        "outlet_name": request.outlet.name,
        "asset_serial": request.asset.serial_number if request.asset else None,
        "kind": request.kind,
        "window_start": to_local(request.window_start, zone).isoformat(),
        "window_end": to_local(request.window_end, zone).isoformat(),
        "expected_minutes": request.expected_minutes,
        "priority": request.priority,
        "status": request.status,
        "notes": request.notes,
    }
