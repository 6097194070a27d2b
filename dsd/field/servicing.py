"""A technician's day: the published visits, started and finished from the phone.

A finished visit becomes a service visit through the ordinary visit ingest, so
its labour minutes (finish minus start) and parts cost reach cost-to-serve like
any other visit. A photo, when sent, is kept with the visit.
"""

import base64
import binascii
import logging
from datetime import date, datetime

from sqlalchemy import select

from ..errors import Conflict, InvalidValue, NotFound
from ..extensions import db
from ..localtime import to_local
from ..models import (
    Distributor,
    ServiceVisit,
    TechnicianPlan,
    TechnicianRoute,
    TechnicianStop,
    User,
    VisitPhoto,
)
from ..models.field import PHOTO_TYPES
from ..models.history import VISIT_OUTCOMES
from ..money import to_major, to_minor
from ..services.visits import ingest_visits
from ..values import FieldErrors, is_blank, read_choice, read_decimal, read_text
from .driving import CLOCK_SLACK
from .submissions import submit

logger = logging.getLogger(__name__)

MAX_PHOTO_BYTES = 2 * 1024 * 1024
MAX_PARTS = 50
# The first bytes of each accepted image type.
SIGNATURES = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/webp": (b"RIFF",),
}


def _local(instant: datetime | None, zone: str) -> str | None:
    return None if instant is None else to_local(instant, zone).isoformat()


def technician_day(distributor: Distributor, technician: User, day: date) -> dict:
    """The technician's visits for a date, in order, with what is recorded."""
    route = db.session.scalar(
        select(TechnicianRoute)
        .join(TechnicianPlan, TechnicianRoute.plan_id == TechnicianPlan.id)
        .where(
            TechnicianPlan.distributor_id == distributor.id,
            TechnicianPlan.service_date == day,
            TechnicianPlan.status == "published",
            TechnicianRoute.technician_id == technician.id,
        )
    )
    if route is None:
        return {"service_date": day, "visits": []}

    stops = [s for s in route.plan.stops if s.route_id == route.id]
    stops.sort(key=lambda s: s.sequence or 0)
    return {
        "service_date": day,
        "shift": f"{route.shift_start:%H:%M}-{route.shift_end:%H:%M}",
        "visits": [visit_view(s, distributor.timezone) for s in stops],
    }


def visit_view(stop: TechnicianStop, zone: str) -> dict:
    """One planned visit as the phone shows it."""
    request = stop.request
    outlet = request.outlet
    visit = stop.service_visit
    return {
        "id": stop.id,
        "sequence": stop.sequence,
        "eta": _local(stop.arrival_at, zone),
        "kind": request.kind,
        "priority": request.priority,
        "expected_minutes": request.expected_minutes,
        "window_start": _local(request.window_start, zone),
        "window_end": _local(request.window_end, zone),
        "asset_serial": request.asset.serial_number if request.asset else None,
        "request_notes": request.notes,
        "outlet_code": outlet.external_code,
        "outlet_name": outlet.name,
        "address": outlet.address,
        "lat": outlet.lat,
        "lon": outlet.lon,
        "navigation_url": f"geo:{outlet.lat:.6f},{outlet.lon:.6f}",
        "maps_url": "https://www.openstreetmap.org/directions?to="
        f"{outlet.lat:.6f}%2C{outlet.lon:.6f}",
        "started_at": _local(stop.started_at, zone),
        "finished_at": _local(visit.finished_at, zone) if visit else None,
        "outcome": visit.outcome if visit else None,
        "service_visit_id": visit.id if visit else None,
    }


def own_visit(technician: User, stop_id: int) -> TechnicianStop:
    """A visit of the technician's own published day; anyone else's is not found."""
    stop = db.session.get(TechnicianStop, stop_id)
    route = stop.route if stop is not None else None
    if (
        route is None
        or stop.plan.status != "published"
        or stop.plan.distributor_id != technician.distributor_id
        or route.technician_id != technician.id
    ):
        raise NotFound(f"no visit {stop_id} on your days")

    return stop


def _check_instant(field: str, instant: datetime) -> None:
    from ..models.types import utcnow

    if instant > utcnow() + CLOCK_SLACK:
        raise InvalidValue(f"{field} is in the future", {field: ["is in the future"]})


def start_visit(technician: User, stop_id: int, key: str, started_at: datetime):
    """Record that the technician started a visit."""
    stop = own_visit(technician, stop_id)
    values = {"started_at": started_at}

    def apply() -> dict:
        _check_instant("started_at", started_at)
        if stop.started_at is not None:
            raise Conflict(
                f"visit {stop_id} is already started",
                {"visit": ["is already started"]},
            )

        stop.started_at = started_at
        db.session.flush()
        logger.info(
            "technician %s started visit %s at %s",
            technician.email,
            stop_id,
            started_at.isoformat(),
        )
        return visit_view(stop, stop.plan.distributor.timezone)

    return submit(key, technician, "visit_start", stop_id, values, apply)


def _read_parts(parts, currency: str, errors: FieldErrors) -> list[dict]:
    if parts is None:
        return []
    if not isinstance(parts, list) or len(parts) > MAX_PARTS:
        errors.add("parts", f"must be a list of at most {MAX_PARTS} parts")
        return []

    read = []
    for number, part in enumerate(parts, start=1):
        field = f"parts.{number}"
        if not isinstance(part, dict):
            errors.add(field, "must be an object with name and cost")
            continue
        name = errors.read(f"{field}.name", read_text, part.get("name"), max_length=120)
        cost = errors.read(f"{field}.cost", read_decimal, part.get("cost"))
        if name is None or cost is None:
            continue
        try:
            read.append({"name": name, "cost_minor": to_minor(cost, currency, "cost")})
        except InvalidValue as error:
            for reason in error.errors["cost"]:
                errors.add(f"{field}.cost", reason)

    return read


def read_photo(photo) -> tuple[str, bytes] | None:
    """A photo sent as {content_type, data (base64)}: its type and bytes, checked."""
    if photo is None:
        return None

    if not isinstance(photo, dict):
        raise InvalidValue("bad photo", {"photo": ["must be {content_type, data}"]})
    content_type = photo.get("content_type")
    if content_type not in PHOTO_TYPES:
        raise InvalidValue(
            "bad photo type",
            {"photo": [f"must be one of {', '.join(PHOTO_TYPES)}"]},
        )
    text = photo.get("data")
    if not isinstance(text, str) or len(text) > MAX_PHOTO_BYTES * 4 // 3 + 4:
        raise InvalidValue(
            "photo too large",
            {"photo": [f"must be at most {MAX_PHOTO_BYTES // 1024} KiB"]},
        )
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise InvalidValue("bad photo", {"photo": ["is not valid base64"]}) from error
    if not data or len(data) > MAX_PHOTO_BYTES:
        raise InvalidValue(
            "photo too large",
            {"photo": [f"must be 1 byte to {MAX_PHOTO_BYTES // 1024} KiB"]},
        )
    if not data.startswith(SIGNATURES[content_type]) or (
        content_type == "image/webp" and data[8:12] != b"WEBP"
    ):
        raise InvalidValue("bad photo", {"photo": [f"is not a {content_type} image"]})

    return content_type, data


def finish_visit(technician: User, stop_id: int, key: str, values: dict) -> dict:
    """Record a visit's finish, parts, outcome, notes and photo: a service visit.

    ``values`` holds ``finished_at`` (aware instant), ``parts`` (a list of
    ``{"name", "cost"}`` with cost in major units), ``outcome``, ``notes`` and
    an optional ``photo``.
    """
    stop = own_visit(technician, stop_id)

    def apply() -> dict:
        distributor = stop.plan.distributor
        errors = FieldErrors()
        parts = _read_parts(values.get("parts"), distributor.currency, errors)
        outcome = values.get("outcome")
        if is_blank(outcome):
            errors.add("outcome", "is missing")
        else:
            errors.read("outcome", read_choice, outcome, options=VISIT_OUTCOMES)
        if errors:
            raise InvalidValue("the visit is not valid", errors.errors)
        photo = read_photo(values.get("photo"))
        finished_at = values["finished_at"]
        _check_instant("finished_at", finished_at)
        if stop.started_at is None:
            raise Conflict(
                "start the visit first",
                {"visit": ["has no start recorded; tap start first"]},
            )
        if stop.service_visit_id is not None:
            raise Conflict(
                f"visit {stop_id} is already finished",
                {"visit": ["is already finished"]},
            )

        visit = _add_service_visit(stop, technician, values, parts, finished_at)
        stop.parts = parts
        stop.service_visit_id = visit.id
        stop.request.status = "done"
        if photo is not None:
            db.session.add(
                VisitPhoto(
                    distributor_id=distributor.id,
                    service_visit_id=visit.id,
                    content_type=photo[0],
                    size_bytes=len(photo[1]),
                    data=photo[1],
                )
            )
        db.session.flush()
        logger.info(
            "technician %s finished visit %s: %s, %d labour minutes, parts %s",
            technician.email,
            stop_id,
            visit.outcome,
            visit.labour_minutes,
            visit.parts_cost_minor,
        )
        return visit_view(stop, distributor.timezone)

    return submit(key, technician, "visit_finish", stop_id, values, apply)


def _add_service_visit(
    stop: TechnicianStop, technician: User, values: dict, parts, finished_at
) -> ServiceVisit:
    distributor = stop.plan.distributor
    request = stop.request
    parts_minor = sum(p["cost_minor"] for p in parts)
    row = {
        "external_ref": f"field-visit-{stop.id}",
        "outlet_code": request.outlet.external_code,
        "asset_serial": request.asset.serial_number if request.asset else None,
        "technician_email": technician.email,
        "kind": request.kind,
        "window_start": request.window_start.isoformat(),
        "window_end": request.window_end.isoformat(),
        "started_at": stop.started_at.isoformat(),
        "finished_at": finished_at.isoformat(),
        "parts_cost": to_major(parts_minor, distributor.currency),
        "outcome": values.get("outcome"),
        "notes": values.get("notes") or "",
    }
    try:
        ingest_visits(distributor, [row])
    except InvalidValue as error:
        raise InvalidValue(error.message, error.errors.get("row 1", {})) from error

    return db.session.scalar(
        select(ServiceVisit).filter_by(
            distributor_id=distributor.id, external_ref=row["external_ref"]
        )
    )


def photo_of(distributor: Distributor, photo_id: int) -> VisitPhoto:
    """A visit photo of the distributor."""
    photo = db.session.get(VisitPhoto, photo_id)
    if photo is None or photo.distributor_id != distributor.id:
        raise NotFound(f"no photo {photo_id}")

    return photo
