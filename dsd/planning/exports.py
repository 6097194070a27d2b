"""A plan as GeoJSON (for GIS tools) and as CSV (for spreadsheets)."""

import csv
import io
import json

from ..csvsafe import safe_cell
from ..models import Plan
from .views import plan_detail


def plan_geojson(plan: Plan) -> str:
    """Routes as lines from the depot and back, stops and left-out outlets as points."""
    detail = plan_detail(plan)
    depot = [detail["depot"]["lon"], detail["depot"]["lat"]]
    features = []
    for route in detail["routes"]:
        path = [depot] + [[s["lon"], s["lat"]] for s in route["stops"]] + [depot]
        properties = {k: v for k, v in route.items() if k != "stops"}
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": path},
                "properties": {"kind": "route", **properties},
            }
        )
        for stop in route["stops"]:
            features.append(_point(stop, kind="stop", vehicle=route["vehicle_code"]))

    for outlet in detail["left_out"]:
        features.append(_point(outlet, kind="left_out", vehicle=None))

    collection = {
        "type": "FeatureCollection",
        "properties": {
            "plan_id": plan.id,
            "service_date": str(plan.service_date),
            "version": plan.version,
            "status": plan.status,
            "totals": plan.totals,
        },
        "features": features,
    }
    return json.dumps(collection, default=str)


def _point(item: dict, kind: str, vehicle: str | None) -> dict:
    properties = {k: v for k, v in item.items() if k not in ("lon", "lat")}
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [item["lon"], item["lat"]]},
        "properties": {"kind": kind, "vehicle_code": vehicle, **properties},
    }


COLUMNS = (
    "vehicle_code",
    "sequence",
    "outlet_code",
    "name",
    "address",
    "lon",
    "lat",
    "arrival_at",
    "departure_at",
    "drop_cases",
    "must_visit",
    "value_minor",
    "marginal_cost_minor",
    "left_out_reason",
)


def plan_csv(plan: Plan) -> str:
    """One row per candidate outlet: served stops by route and order, then the rest."""
    detail = plan_detail(plan)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for route in detail["routes"]:
        for stop in route["stops"]:
            _write(writer, {**stop, "vehicle_code": route["vehicle_code"]})
    for outlet in detail["left_out"]:
        _write(
            writer,
            {
                **outlet,
                "marginal_cost_minor": outlet["forcing_cost_minor"],
                "left_out_reason": outlet["reason"],
            },
        )

    return buffer.getvalue()


def _write(writer: csv.DictWriter, row: dict) -> None:
    writer.writerow({name: safe_cell(row.get(name)) for name in COLUMNS})
