"""Storing the demo data set: bulk inserts in chunks, parents before children."""

import hashlib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from ..auth.passwords import hash_password
from ..extensions import db
from ..models import (
    Asset,
    Delivery,
    Distributor,
    DrivenRoute,
    DrivenStop,
    Outlet,
    Promotion,
    RateCard,
    ReceivingWindow,
    ServiceVisit,
    Territory,
    TradePayment,
    User,
    Vehicle,
    VehicleRate,
)
from ..models.costing import promotion_outlets
from .dataset import DemoData
from .driven import payment_terms_days
from .people import DEMO_PASSWORD

CHUNK_ROWS = 2_000
# The demo password is public, so its salt may be fixed: the stored hash is then
# the same on every load, like the rest of the data set.
DEMO_SALT = hashlib.sha256(b"dsd demo password salt").digest()[:16]

Advance = Callable[[int, str], None]


def write_demo(data: DemoData, advance: Advance) -> dict[str, int]:
    """Insert the data set; ``advance(rows, table)`` reports progress.

    Returns how many rows went into each table.
    """
    distributor = Distributor(**data.distributor)
    db.session.add(distributor)
    db.session.flush()
    advance(1, "distributors")
    counts = {"distributors": 1}

    # One hash for everyone: hashing is slow on purpose, and the password is shared.
    password_hash = hash_password(DEMO_PASSWORD, salt=DEMO_SALT)
    zone = ZoneInfo(distributor.timezone)
    created_at = datetime.combine(data.days[0], datetime.min.time(), zone).astimezone(
        UTC
    )
    counts["users"] = _insert(
        User,
        (
            {
                "email": person.email,
                "name": person.name,
                "role": person.role,
                "password_hash": password_hash,
                "distributor_id": distributor.id if person.scoped else None,
                "created_at": created_at,
            }
            for person in data.people
        ),
        advance,
    )
    user_ids = _ids(User.email, User.id, User.email.in_([p.email for p in data.people]))

    counts["territories"] = _insert(
        Territory,
        (
            {"distributor_id": distributor.id, "name": t.name, "polygon": t.geojson()}
            for t in data.territories
        ),
        advance,
    )
    territory_ids = _ids(
        Territory.name, Territory.id, Territory.distributor_id == distributor.id
    )

    counts["outlets"] = _insert(
        Outlet,
        (
            {
                "distributor_id": distributor.id,
                "external_code": o.code,
                "name": o.name,
                "address": o.address,
                "lon": o.lon,
                "lat": o.lat,
                "channel": o.channel,
                "size_band": o.size_band,
                "territory_id": territory_ids[o.territory],
                "par_level_cases": o.par_level_cases,
                "last_stock_cases": o.last_stock_cases,
                "last_stock_on": o.last_stock_on,
                "status": o.status,
                "payment_terms_days": payment_terms_days(o),
            }
            for o in data.outlets
        ),
        advance,
    )
    outlet_ids = _ids(
        Outlet.external_code, Outlet.id, Outlet.distributor_id == distributor.id
    )

    counts["receiving_windows"] = _insert(
        ReceivingWindow,
        (
            {"outlet_id": outlet_ids[o.code], "opens_at": opens, "closes_at": closes}
            for o in data.outlets
            for opens, closes in o.windows
        ),
        advance,
    )

    counts["vehicles"] = _insert(
        Vehicle,
        (
            {
                "distributor_id": distributor.id,
                "code": t.code,
                "capacity_cases": t.capacity_cases,
                "capacity_kg": t.capacity_kg,
                "shift_start": t.shift_start,
                "shift_end": t.shift_end,
                "fixed_cost_minor": t.fixed_cost_minor,
                "cost_per_km": t.cost_per_km,
                "cost_per_hour": t.cost_per_hour,
                "driver_id": user_ids[t.driver_email],
            }
            for t in data.trucks
        ),
        advance,
    )

    counts["assets"] = _insert(
        Asset,
        (
            {
                "distributor_id": distributor.id,
                "outlet_id": outlet_ids[a.outlet_code],
                "kind": a.kind,
                "serial_number": a.serial_number,
                "installed_on": a.installed_on,
                "status": a.status,
            }
            for a in data.assets
        ),
        advance,
    )
    asset_ids = _ids(
        Asset.serial_number, Asset.id, Asset.distributor_id == distributor.id
    )

    vehicle_ids = _ids(
        Vehicle.code, Vehicle.id, Vehicle.distributor_id == distributor.id
    )
    stop_ids = _write_costing(
        data, distributor.id, vehicle_ids, outlet_ids, advance, counts
    )

    counts["deliveries"] = _insert(
        Delivery,
        (
            {
                "distributor_id": distributor.id,
                "outlet_id": outlet_ids[d.outlet_code],
                "delivered_on": d.delivered_on,
                "status": d.status,
                "failure_reason": d.failure_reason,
                "cases": d.cases,
                "net_revenue_minor": d.net_revenue_minor,
                "cost_of_goods_minor": d.cost_of_goods_minor,
                "trade_spend_minor": d.trade_spend_minor,
                "external_ref": d.external_ref,
                "driven_stop_id": stop_ids.get(d.external_ref),
            }
            for d in data.deliveries
        ),
        advance,
    )

    counts["service_visits"] = _insert(
        ServiceVisit,
        (
            {
                "distributor_id": distributor.id,
                "outlet_id": outlet_ids[v.outlet_code],
                "asset_id": asset_ids[v.asset_serial],
                "technician_id": user_ids[v.technician_email],
                "kind": v.kind,
                "window_start": v.window_start,
                "window_end": v.window_end,
                "started_at": v.started_at,
                "finished_at": v.finished_at,
                "labour_minutes": v.labour_minutes,
                "parts_cost_minor": v.parts_cost_minor,
                "outcome": v.outcome,
                "notes": v.notes,
                "external_ref": v.external_ref,
            }
            for v in data.visits
        ),
        advance,
    )
    return counts


def _write_costing(data, distributor_id, vehicle_ids, outlet_ids, advance, counts):
    """Rates, driven routes and their stops, promotions and trade payments.

    Returns the stop id of each routed delivery, by its external reference.
    """
    costs = data.costs
    counts["rate_cards"] = _insert(
        RateCard, [{"distributor_id": distributor_id, **costs.rate_card}], advance
    )
    counts["vehicle_rates"] = _insert(
        VehicleRate,
        (
            {
                "vehicle_id": vehicle_ids[rate["vehicle_code"]],
                **{k: v for k, v in rate.items() if k != "vehicle_code"},
            }
            for rate in costs.vehicle_rates
        ),
        advance,
    )
    counts["driven_routes"] = _insert(
        DrivenRoute,
        (
            {
                "distributor_id": distributor_id,
                "vehicle_id": vehicle_ids[route.vehicle_code],
                "service_date": route.service_date,
                "left_depot_at": route.left_depot_at,
                "back_at_depot_at": route.back_at_depot_at,
                "distance_m": route.distance_m,
                "external_ref": route.external_ref,
            }
            for route in data.routes
        ),
        advance,
    )
    route_ids = _ids(
        DrivenRoute.external_ref,
        DrivenRoute.id,
        DrivenRoute.distributor_id == distributor_id,
    )
    counts["driven_stops"] = _insert(
        DrivenStop,
        (
            {
                "route_id": route_ids[route.external_ref],
                "sequence": stop.sequence,
                "outlet_id": outlet_ids[stop.outlet_code],
                "arrived_at": stop.arrived_at,
                "departed_at": stop.departed_at,
                "dwell_us": stop.dwell_us,
                "depot_distance_m": stop.depot_distance_m,
            }
            for route in data.routes
            for stop in route.stops
        ),
        advance,
    )
    stored = {
        (route_id, sequence): stop_id
        for route_id, sequence, stop_id in db.session.execute(
            select(DrivenStop.route_id, DrivenStop.sequence, DrivenStop.id).where(
                DrivenStop.route_id.in_(
                    select(DrivenRoute.id).where(
                        DrivenRoute.distributor_id == distributor_id
                    )
                )
            )
        )
    }

    counts["promotions"] = _insert(
        Promotion,
        (
            {
                "distributor_id": distributor_id,
                **{k: v for k, v in promotion.items() if k != "outlet_codes"},
            }
            for promotion in costs.promotions
        ),
        advance,
    )
    promotion_ids = _ids(
        Promotion.code, Promotion.id, Promotion.distributor_id == distributor_id
    )
    listed = [
        {"promotion_id": promotion_ids[p["code"]], "outlet_id": outlet_ids[code]}
        for p in costs.promotions
        for code in p["outlet_codes"]
    ]
    if listed:
        db.session.execute(insert(promotion_outlets), listed)
        advance(len(listed), "promotion_outlets")
    counts["trade_payments"] = _insert(
        TradePayment,
        (
            {
                "distributor_id": distributor_id,
                "outlet_id": outlet_ids[payment["outlet_code"]],
                "paid_on": payment["paid_on"],
                "amount_minor": payment["amount_minor"],
                "external_ref": payment["external_ref"],
            }
            for payment in costs.trade_payments
        ),
        advance,
    )

    return {
        ref: stored[(route_ids[route.external_ref], stop.sequence)]
        for route in data.routes
        for stop in route.stops
        for ref in stop.delivery_refs
    }


def _insert(model, rows: Iterable[dict], advance: Advance) -> int:
    """Bulk-insert rows in chunks; returns how many were inserted."""
    total = 0
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK_ROWS:
            total += _flush_chunk(model, chunk, advance)
            chunk = []

    if chunk:
        total += _flush_chunk(model, chunk, advance)
    return total


def _flush_chunk(model, chunk: list[dict], advance: Advance) -> int:
    db.session.execute(insert(model), chunk)
    advance(len(chunk), model.__tablename__)
    return len(chunk)


def _ids(key_column, id_column, where) -> dict:
    """Map a natural key to the id the database gave each new row."""
    return dict(db.session.execute(select(key_column, id_column).where(where)).all())
