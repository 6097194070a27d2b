"""Checks of the columnar inputs against the rules of the method (section 13).

Each check is vectorised and, on failure, raises the domain exception of the
rule broken, naming the first offending row.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from costing.columns import (
    FAILED,
    NO_DWELL,
    NO_STOP,
    ColumnarInputs,
)
from costing.errors import (
    DeliveryDateMismatch,
    DuplicateKey,
    FailedDeliveryWithGoods,
    InvalidRoute,
    InvalidValue,
    StopWithoutDelivery,
    UnknownReference,
)

logger = logging.getLogger(__name__)


def row_name(kind: str, refs: Sequence[str] | None, index: int) -> str:
    """Name a row for an error: its reference when known, else its position."""
    if refs is not None and index < len(refs):
        return f"{kind} {refs[index]}"
    return f"{kind} row {index + 1}"


def _first(mask: np.ndarray) -> int | None:
    hits = np.flatnonzero(mask)
    return int(hits[0]) if hits.size else None


def _check_lengths(name: str, columns: dict[str, np.ndarray], expected: int) -> None:
    """Each column is an integer array with one value per row (never float)."""
    for field, values in columns.items():
        array = np.asarray(values)
        if array.shape != (expected,):
            raise InvalidValue(
                f"must hold one value per row ({expected})", field=f"{name}.{field}"
            )
        if array.dtype.kind not in "iu":
            raise InvalidValue(
                f"must be an integer array, not {array.dtype}", field=f"{name}.{field}"
            )


def _check_not_negative(
    kind: str, refs: Sequence[str] | None, columns: dict[str, np.ndarray]
) -> None:
    for field, values in columns.items():
        bad = _first(values < 0)
        if bad is not None:
            raise InvalidValue(
                "must be at least 0", field=field, row=row_name(kind, refs, bad)
            )


def _check_reference(
    kind: str,
    refs: Sequence[str] | None,
    field: str,
    values: np.ndarray,
    size: int,
    *,
    allow_none: bool = False,
) -> None:
    low = -1 if allow_none else 0
    bad = _first((values < low) | (values >= size))
    if bad is not None:
        raise UnknownReference(
            f"refers to {field} index {int(values[bad])}, which does not exist",
            field=field,
            row=row_name(kind, refs, bad),
        )


def validate_columns(inputs: ColumnarInputs) -> None:
    """Check the columnar inputs.

    Args:
        inputs: the columnar inputs of one distributor.

    Raises:
        UnknownReference: an index points to no outlet, vehicle, route or stop.
        DuplicateKey: two stops of a route share a sequence, or two routes an id.
        InvalidRoute: a route whose minutes on the road are not positive.
        StopWithoutDelivery: a stop with no delivery record.
        DeliveryDateMismatch: a delivery dated differently from its stop's route.
        FailedDeliveryWithGoods: a failed delivery with cases or revenue.
        InvalidValue: a negative amount, count, distance or duration, or an
            unknown status.
    """
    routes, stops = inputs.routes, inputs.stops
    deliveries, visits, payments = (
        inputs.deliveries,
        inputs.visits,
        inputs.trade_payments,
    )
    n_outlets = len(inputs.outlets)

    _validate_outlets(inputs)
    _validate_routes(inputs)

    # Stops.
    _check_lengths(
        "stops",
        {
            "route": stops.route,
            "sequence": stops.sequence,
            "outlet": stops.outlet,
            "dwell_us": stops.dwell_us,
            "depot_distance_m": stops.depot_distance_m,
        },
        len(stops),
    )
    _check_reference("stop", None, "route", stops.route, len(routes))
    _check_reference("stop", None, "outlet", stops.outlet, n_outlets)
    bad = _first(stops.dwell_us < NO_DWELL)
    if bad is not None:
        raise InvalidValue(
            "must be at least 0", field="dwell", row=_stop_name(inputs, bad)
        )
    bad = _first(stops.depot_distance_m < 0)
    if bad is not None:
        raise InvalidValue(
            "must be at least 0", field="depot_distance", row=_stop_name(inputs, bad)
        )
    _check_stop_sequences(inputs)

    # Deliveries.
    _check_lengths(
        "deliveries",
        {
            "outlet": deliveries.outlet,
            "day": deliveries.day,
            "status": deliveries.status,
            "cases": deliveries.cases,
            "net_revenue": deliveries.net_revenue,
            "cost_of_goods": deliveries.cost_of_goods,
            "trade_spend": deliveries.trade_spend,
            "stop": deliveries.stop,
        },
        len(deliveries),
    )
    refs = deliveries.refs
    _check_reference("delivery", refs, "outlet", deliveries.outlet, n_outlets)
    _check_reference(
        "delivery", refs, "stop", deliveries.stop, len(stops), allow_none=True
    )
    bad = _first((deliveries.status < 0) | (deliveries.status > FAILED))
    if bad is not None:
        raise InvalidValue(
            "must be delivered, partial or failed",
            field="status",
            row=row_name("delivery", refs, bad),
        )
    _check_not_negative(
        "delivery",
        refs,
        {
            "cases": deliveries.cases,
            "net_revenue": deliveries.net_revenue,
            "cost_of_goods": deliveries.cost_of_goods,
            "trade_spend": deliveries.trade_spend,
        },
    )
    failed = deliveries.status == FAILED
    bad = _first(failed & ((deliveries.cases > 0) | (deliveries.net_revenue > 0)))
    if bad is not None:
        raise FailedDeliveryWithGoods(
            "a failed delivery must have 0 cases and 0 revenue",
            field="cases" if deliveries.cases[bad] > 0 else "net_revenue",
            row=row_name("delivery", refs, bad),
        )
    _check_delivery_links(inputs)

    # Service visits and trade payments.
    _check_lengths(
        "visits",
        {
            "outlet": visits.outlet,
            "day": visits.day,
            "labour_us": visits.labour_us,
            "parts_cost": visits.parts_cost,
        },
        len(visits),
    )
    _check_reference("service visit", visits.refs, "outlet", visits.outlet, n_outlets)
    _check_not_negative(
        "service visit",
        visits.refs,
        {"labour_minutes": visits.labour_us, "parts_cost": visits.parts_cost},
    )
    _check_lengths(
        "trade_payments",
        {"outlet": payments.outlet, "day": payments.day, "amount": payments.amount},
        len(payments),
    )
    _check_reference(
        "trade payment", payments.refs, "outlet", payments.outlet, n_outlets
    )
    _check_not_negative("trade payment", payments.refs, {"amount": payments.amount})


def _validate_outlets(inputs: ColumnarInputs) -> None:
    seen: set[str] = set()
    for outlet in inputs.outlets:
        row = f"outlet {outlet.code}"
        if outlet.code in seen:
            raise DuplicateKey("outlet code appears twice", field="code", row=row)
        seen.add(outlet.code)

        terms = outlet.payment_terms_days
        if not isinstance(terms, int) or isinstance(terms, bool) or terms < 0:
            raise InvalidValue(
                "must be a whole number of days >= 0",
                field="payment_terms_days",
                row=row,
            )


def _validate_routes(inputs: ColumnarInputs) -> None:
    routes = inputs.routes
    _check_lengths(
        "routes",
        {
            "vehicle": routes.vehicle,
            "day": routes.day,
            "departure_us": routes.departure_us,
            "duration_us": routes.duration_us,
            "distance_m": routes.distance_m,
        },
        len(routes),
    )
    if len(set(routes.ids)) != len(routes.ids):
        raise DuplicateKey("route ids must be distinct", field="route_id")

    _check_reference(
        "route", routes.ids, "vehicle", routes.vehicle, len(inputs.vehicles)
    )
    bad = _first(routes.duration_us <= 0)
    if bad is not None:
        raise InvalidRoute(
            "must be back at the depot after it left (minutes on the road > 0)",
            field="back_at_depot_at",
            row=row_name("route", routes.ids, bad),
        )
    _check_not_negative("route", routes.ids, {"km": routes.distance_m})


def _stop_name(inputs: ColumnarInputs, index: int) -> str:
    route = int(inputs.stops.route[index])
    route_name = row_name("route", inputs.routes.ids, route)
    return f"{route_name} stop {int(inputs.stops.sequence[index])}"


def _check_stop_sequences(inputs: ColumnarInputs) -> None:
    stops = inputs.stops
    if not len(stops):
        return

    order = np.lexsort((stops.sequence, stops.route))
    same = (np.diff(stops.route[order]) == 0) & (np.diff(stops.sequence[order]) == 0)
    bad = _first(same)
    if bad is not None:
        raise DuplicateKey(
            "stop sequence appears twice on the route",
            field="sequence",
            row=_stop_name(inputs, int(order[bad + 1])),
        )


def _check_delivery_links(inputs: ColumnarInputs) -> None:
    """Every stop holds a delivery; a delivery on a stop has its route's date."""
    stops, deliveries = inputs.stops, inputs.deliveries
    routed = deliveries.stop != NO_STOP
    held = np.zeros(len(stops), dtype=bool)
    held[deliveries.stop[routed]] = True
    bad = _first(~held)
    if bad is not None:
        raise StopWithoutDelivery(
            "a stop must hold at least one delivery", row=_stop_name(inputs, bad)
        )

    stop_of = deliveries.stop[routed]
    route_day = inputs.routes.day[stops.route[stop_of]]
    bad = _first(deliveries.day[routed] != route_day)
    if bad is not None:
        index = int(np.flatnonzero(routed)[bad])
        raise DeliveryDateMismatch(
            "must have the date of its stop's route",
            field="local_date",
            row=row_name("delivery", deliveries.refs, index),
        )
