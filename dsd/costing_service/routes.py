"""Driven routes: what trucks actually did, recorded with their stops.

A route names its truck, local date, the instants it left and came back to
the depot (with their UTC offsets) and the km driven. Each stop names its
outlet, its place in the sequence, its dwell (arrival and departure, or dwell
minutes) and the external references of the deliveries made there, which get
linked to the stop. A route is recorded once per external reference: sending
it again changes nothing, sending different content under the same reference
is refused.
"""

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..errors import Conflict, InvalidValue
from ..extensions import db
from ..geo import great_circle_km
from ..models import Delivery, Distributor, DrivenRoute, DrivenStop, Outlet, Vehicle
from ..services.ingest import IngestReport, RowRefused, SkippedRow, fetch_in_chunks
from ..values import (
    FieldErrors,
    is_blank,
    read_date,
    read_decimal,
    read_instant,
    read_int,
    read_text,
)
from .reading import CIRCUITY

logger = logging.getLogger(__name__)

ROUTE_FIELDS = (
    "external_ref",
    "vehicle_code",
    "service_date",
    "left_depot_at",
    "back_at_depot_at",
    "km",
    "stops",
)
STOP_FIELDS = (
    "sequence",
    "outlet_code",
    "arrived_at",
    "departed_at",
    "dwell_minutes",
    "depot_distance_km",
    "delivery_refs",
)
MICROSECONDS_PER_MINUTE = 60_000_000
# A day and a half: no shift is longer, and a longer one is a typing slip.
MAX_ROUTE = timedelta(hours=36)


@dataclass
class RouteRecord:
    """One route read from a request or a file, with the labels of its rows."""

    label: str
    values: dict
    stops: list[tuple[str, dict]] = field(default_factory=list)


@dataclass
class _Known:
    """What the batch refers to, fetched once: trucks, outlets, deliveries."""

    vehicles: dict[str, int]
    outlets: dict[str, tuple[int, float, float]]
    deliveries: dict[str, tuple[int, int, object, int | None]]
    stored: dict[str, tuple]


def records_from_batch(rows: list) -> list[RouteRecord]:
    """Routes of an API batch; each stop is labelled "row N stop M"."""
    routes = []
    for number, row in enumerate(rows, start=1):
        label = f"row {number}"
        if not isinstance(row, dict):
            routes.append(RouteRecord(label, {"_bad": "must be an object"}))
            continue
        stops = row.get("stops") or []
        values = {k: v for k, v in row.items() if k != "stops"}
        if not isinstance(stops, list):
            values["_bad_stops"] = "must be a list of stops"
            stops = []
        routes.append(
            RouteRecord(
                label,
                values,
                [(f"{label} stop {i}", stop) for i, stop in enumerate(stops, 1)],
            )
        )

    return routes


def ingest_routes(
    distributor: Distributor, routes: list[RouteRecord], *, skip_bad_rows=False
) -> IngestReport:
    """Record driven routes and link their deliveries to their stops.

    Errors are keyed by the label of the row concerned (a route's row for its
    own fields, a stop's row for the stop's), then by field. Unless
    ``skip_bad_rows``, one bad route refuses the batch and nothing is stored.

    Raises:
        InvalidValue: a route or stop breaks a rule (naming row and field).
        Conflict: every bad route only clashes with a stored one.
    """
    known = _load_known(distributor, routes)
    zone = ZoneInfo(distributor.timezone)
    report = IngestReport()
    refused: dict[str, dict] = {}
    all_conflicts = True
    claimed: dict[int, str] = {}
    seen: dict[str, tuple] = {}
    for route in routes:
        report.received += 1
        try:
            values, stops = _read_route(distributor, route, known, zone, claimed)
            content = _content(values, stops)
            earlier = seen.get(values["external_ref"]) or known.stored.get(
                values["external_ref"]
            )
            if earlier is not None:
                _check_same(route.label, values["external_ref"], earlier, content)
                report.unchanged += 1
                continue
            seen[values["external_ref"]] = content
            _store(distributor, values, stops)
            report.created += 1
        except RowRefused as error:
            refused.update(error.errors)
            all_conflicts = all_conflicts and error.conflict

    if refused and not skip_bad_rows:
        kind = Conflict if all_conflicts else InvalidValue
        raise kind(
            f"{len(refused)} rows of the route batch refused; nothing was stored",
            refused,
        )

    report.skipped = [SkippedRow(label, errors) for label, errors in refused.items()]
    db.session.flush()
    logger.info(
        "ingested driven routes for %s: %d received, %d created, %d already "
        "recorded, %d rows skipped",
        distributor.code,
        report.received,
        report.created,
        report.unchanged,
        len(report.skipped),
    )
    return report


def _texts(routes: list[RouteRecord], key: str, stop_level: bool = False) -> set:
    found = set()
    for route in routes:
        rows = [stop for _label, stop in route.stops] if stop_level else [route.values]
        for row in rows:
            value = row.get(key) if isinstance(row, dict) else None
            if isinstance(value, str):
                found.add(value.strip())
    return found


def _delivery_refs_of(routes: list[RouteRecord]) -> set[str]:
    refs = set()
    for route in routes:
        for _label, stop in route.stops:
            if isinstance(stop, dict):
                refs.update(_split_refs(stop.get("delivery_refs")) or [])
    return refs


def _load_known(distributor: Distributor, routes: list[RouteRecord]) -> _Known:
    vehicles = dict(
        db.session.execute(
            select(Vehicle.code, Vehicle.id).filter_by(distributor_id=distributor.id)
        ).all()
    )
    outlet_rows = fetch_in_chunks(
        lambda chunk: db.session.execute(
            select(Outlet.external_code, Outlet.id, Outlet.lon, Outlet.lat).where(
                Outlet.distributor_id == distributor.id,
                Outlet.external_code.in_(chunk),
            )
        ),
        _texts(routes, "outlet_code", stop_level=True),
    )
    delivery_rows = fetch_in_chunks(
        lambda chunk: db.session.execute(
            select(
                Delivery.external_ref,
                Delivery.id,
                Delivery.outlet_id,
                Delivery.delivered_on,
                Delivery.driven_stop_id,
            ).where(
                Delivery.distributor_id == distributor.id,
                Delivery.external_ref.in_(chunk),
            )
        ),
        _delivery_refs_of(routes),
    )
    stored_routes = fetch_in_chunks(
        lambda chunk: db.session.scalars(
            select(DrivenRoute).where(
                DrivenRoute.distributor_id == distributor.id,
                DrivenRoute.external_ref.in_(chunk),
            )
        ),
        _texts(routes, "external_ref"),
    )
    return _Known(
        vehicles=vehicles,
        outlets={code: (i, lon, lat) for code, i, lon, lat in outlet_rows},
        deliveries={ref: (i, o, d, s) for ref, i, o, d, s in delivery_rows},
        stored={route.external_ref: _stored_content(route) for route in stored_routes},
    )


def _split_refs(value) -> list[str] | None:
    """Delivery references from a list, or from text split on spaces or "|"."""
    if isinstance(value, list):
        return [str(ref).strip() for ref in value if str(ref).strip()]
    if isinstance(value, str):
        return [ref for ref in value.replace("|", " ").split() if ref]
    return None


def _read_route(distributor, route: RouteRecord, known: _Known, zone, claimed):
    """The route's stored values and its stops, or RowRefused naming each field."""
    errors: dict[str, FieldErrors] = {route.label: FieldErrors()}
    mine = errors[route.label]
    row = route.values
    if "_bad" in row:
        raise RowRefused({route.label: {"row": [row["_bad"]]}})
    if "_bad_stops" in row:
        mine.add("stops", row["_bad_stops"])
    for name in row:
        if name not in ROUTE_FIELDS and not name.startswith("_"):
            mine.add(name, "is not a known field")

    values = {
        "external_ref": mine.read(
            "external_ref", read_text, row.get("external_ref"), max_length=64
        ),
        "service_date": mine.read("service_date", read_date, row.get("service_date")),
        "left_depot_at": mine.read(
            "left_depot_at", read_instant, row.get("left_depot_at")
        ),
        "back_at_depot_at": mine.read(
            "back_at_depot_at", read_instant, row.get("back_at_depot_at")
        ),
    }
    code = mine.read("vehicle_code", read_text, row.get("vehicle_code"), max_length=32)
    if code is not None:
        values["vehicle_id"] = known.vehicles.get(code)
        if values["vehicle_id"] is None:
            mine.add("vehicle_code", f"no vehicle with code {code!r}")
    values["distance_m"] = _scaled(mine, "km", row.get("km"), 3)
    _check_times(values, zone, mine)

    stops = []
    sequences = set()
    for label, stop in route.stops:
        errors.setdefault(label, FieldErrors())
        stop_values = _read_stop(
            distributor, stop, values, known, errors[label], claimed
        )
        sequence = stop_values.get("sequence")
        if sequence is not None and sequence in sequences:
            errors[label].add("sequence", f"{sequence} appears twice on the route")
        sequences.add(sequence)
        stops.append(stop_values)

    _check_dwell_total(values, stops, mine)
    bad = {label: e.errors for label, e in errors.items() if e}
    if bad:
        raise RowRefused(bad)
    return values, stops


def _scaled(errors: FieldErrors, name: str, value, places: int) -> int | None:
    """A non-negative decimal with at most ``places`` decimals, as an integer."""
    number = errors.read(name, read_decimal, value)
    if number is None:
        return None

    scaled = number.scaleb(places)
    if scaled != scaled.to_integral_value():
        errors.add(name, f"must have at most {places} decimals")
        return None
    return int(scaled)


def _check_times(values: dict, zone: ZoneInfo, errors: FieldErrors) -> None:
    left, back = values["left_depot_at"], values["back_at_depot_at"]
    if left is not None and back is not None:
        if back <= left:
            errors.add("back_at_depot_at", "must be after left_depot_at")
        elif back - left > MAX_ROUTE:
            errors.add("back_at_depot_at", "must be within 36 hours of left_depot_at")
    day = values["service_date"]
    if left is not None and day is not None:
        local = left.astimezone(zone).date()
        if local != day:
            errors.add(
                "service_date",
                f"is {day.isoformat()} but left_depot_at falls on "
                f"{local.isoformat()} in {zone.key}",
            )


def _read_stop(distributor, stop, route: dict, known: _Known, errors, claimed):
    if not isinstance(stop, dict):
        errors.add("stop", "must be an object of stop fields")
        return {}
    for name in stop:
        if name not in STOP_FIELDS:
            errors.add(name, "is not a known field")

    values = {
        "sequence": errors.read("sequence", read_int, stop.get("sequence"), minimum=1)
    }
    code = errors.read("outlet_code", read_text, stop.get("outlet_code"), max_length=64)
    outlet = known.outlets.get(code) if code is not None else None
    if code is not None and outlet is None:
        errors.add("outlet_code", f"no outlet with code {code!r}")
    values["outlet_id"] = outlet[0] if outlet else None

    _read_dwell(stop, values, route, errors)
    if is_blank(stop.get("depot_distance_km")):
        values["depot_distance_m"] = (
            None
            if outlet is None
            else round(
                great_circle_km(
                    distributor.depot_lon, distributor.depot_lat, outlet[1], outlet[2]
                )
                * CIRCUITY
                * 1000
            )
        )
    else:
        values["depot_distance_m"] = _scaled(
            errors, "depot_distance_km", stop.get("depot_distance_km"), 3
        )

    values["delivery_ids"] = _read_deliveries(stop, values, route, known, errors)
    for delivery_id in values["delivery_ids"]:
        owner = claimed.get(delivery_id)
        if owner is not None and owner != route["external_ref"]:
            errors.add("delivery_refs", f"a delivery is also on route {owner}")
        claimed[delivery_id] = route["external_ref"]
    return values


def _read_dwell(stop: dict, values: dict, route: dict, errors: FieldErrors) -> None:
    arrived = stop.get("arrived_at")
    departed = stop.get("departed_at")
    minutes = stop.get("dwell_minutes")
    values["arrived_at"] = values["departed_at"] = values["dwell_us"] = None
    if not is_blank(minutes):
        if not (is_blank(arrived) and is_blank(departed)):
            errors.add(
                "dwell_minutes", "give either dwell_minutes or arrived_at/departed_at"
            )
            return
        micro = _scaled(errors, "dwell_minutes", minutes, 6)
        if micro is not None:
            values["dwell_us"] = micro * MICROSECONDS_PER_MINUTE // 1_000_000
        return
    if is_blank(arrived) and is_blank(departed):
        return

    values["arrived_at"] = errors.read("arrived_at", read_instant, arrived)
    values["departed_at"] = errors.read("departed_at", read_instant, departed)
    if values["arrived_at"] is None or values["departed_at"] is None:
        return
    if values["departed_at"] < values["arrived_at"]:
        errors.add("departed_at", "must not be before arrived_at")
        return
    left, back = route["left_depot_at"], route["back_at_depot_at"]
    if left is not None and back is not None:
        if values["arrived_at"] < left or values["departed_at"] > back:
            errors.add("arrived_at", "must lie between leaving and returning to depot")
    values["dwell_us"] = (values["departed_at"] - values["arrived_at"]) // timedelta(
        microseconds=1
    )


def _read_deliveries(stop, values, route, known: _Known, errors) -> list[int]:
    refs = _split_refs(stop.get("delivery_refs"))
    if not refs:
        errors.add("delivery_refs", "a stop needs the reference of its delivery")
        return []

    ids = []
    for ref in refs:
        found = known.deliveries.get(ref)
        if found is None:
            errors.add("delivery_refs", f"no delivery with reference {ref!r}")
            continue
        delivery_id, outlet_id, day, stop_id = found
        if values["outlet_id"] is not None and outlet_id != values["outlet_id"]:
            errors.add("delivery_refs", f"delivery {ref!r} is for another outlet")
        if stop_id is not None and route["external_ref"] not in known.stored:
            errors.add("delivery_refs", f"delivery {ref!r} is already on a route")
        if route["service_date"] is not None and day != route["service_date"]:
            errors.add(
                "delivery_refs",
                f"delivery {ref!r} is dated {day.isoformat()}, not the route's date",
            )
        ids.append(delivery_id)

    return sorted(ids)


def _check_dwell_total(values: dict, stops: list[dict], errors: FieldErrors) -> None:
    left, back = values["left_depot_at"], values["back_at_depot_at"]
    if left is None or back is None:
        return

    total = sum(stop.get("dwell_us") or 0 for stop in stops)
    if total > (back - left) // timedelta(microseconds=1):
        errors.add("stops", "their dwell adds up to more than the route's time")


def _as_utc(instant: datetime | None) -> datetime | None:
    return None if instant is None else instant.astimezone(UTC)


def _content(values: dict, stops: list[dict]) -> tuple:
    """What tells a resent route from a different one under the same reference."""
    return (
        values["vehicle_id"],
        values["service_date"],
        _as_utc(values["left_depot_at"]),
        _as_utc(values["back_at_depot_at"]),
        values["distance_m"],
        tuple(
            (
                stop["sequence"],
                stop["outlet_id"],
                stop["dwell_us"],
                stop["depot_distance_m"],
                tuple(stop["delivery_ids"]),
            )
            for stop in sorted(stops, key=lambda stop: stop["sequence"])
        ),
    )


def _stored_content(route: DrivenRoute) -> tuple:
    linked: dict[int, list[int]] = {}
    for stop_id, delivery_id in db.session.execute(
        select(Delivery.driven_stop_id, Delivery.id).where(
            Delivery.driven_stop_id.in_([stop.id for stop in route.stops])
        )
    ):
        linked.setdefault(stop_id, []).append(delivery_id)

    return (
        route.vehicle_id,
        route.service_date,
        route.left_depot_at,
        route.back_at_depot_at,
        route.distance_m,
        tuple(
            (
                stop.sequence,
                stop.outlet_id,
                stop.dwell_us,
                stop.depot_distance_m,
                tuple(sorted(linked.get(stop.id, []))),
            )
            for stop in route.stops
        ),
    )


def _check_same(label: str, ref: str, earlier: tuple, content: tuple) -> None:
    if earlier != content:
        raise RowRefused(
            {
                label: {
                    "external_ref": [
                        f"{ref!r} is already recorded with a different truck, "
                        "times, km or stops"
                    ]
                }
            },
            conflict=True,
        )


def _store(distributor: Distributor, values: dict, stops: list[dict]) -> None:
    route = DrivenRoute(
        distributor_id=distributor.id,
        vehicle_id=values["vehicle_id"],
        service_date=values["service_date"],
        left_depot_at=values["left_depot_at"],
        back_at_depot_at=values["back_at_depot_at"],
        distance_m=values["distance_m"],
        external_ref=values["external_ref"],
    )
    route.stops = [
        DrivenStop(
            sequence=stop["sequence"],
            outlet_id=stop["outlet_id"],
            arrived_at=stop["arrived_at"],
            departed_at=stop["departed_at"],
            dwell_us=stop["dwell_us"],
            depot_distance_m=stop["depot_distance_m"],
        )
        for stop in stops
    ]
    db.session.add(route)
    db.session.flush()

    for stop, row in zip(route.stops, stops, strict=True):
        if row["delivery_ids"]:
            db.session.execute(
                Delivery.__table__.update()
                .where(Delivery.id.in_(row["delivery_ids"]))
                .values(driven_stop_id=stop.id)
            )
