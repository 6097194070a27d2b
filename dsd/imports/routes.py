"""Driven routes from a CSV file with one row per stop, through the route ingest.

The route's own columns (route_ref, vehicle_code, service_date, left_depot_at,
back_at_depot_at, km) repeat on each of its stop rows; the stop columns are
sequence, outlet_code, arrived_at and departed_at or dwell_minutes, optional
depot_distance_km, and delivery_refs (references separated by spaces or "|").
"""

import logging

from ..costing_service.routes import (
    ROUTE_FIELDS,
    STOP_FIELDS,
    RouteRecord,
    ingest_routes,
)
from ..errors import DomainError, InvalidValue
from ..models import Distributor
from ..services.ingest import IngestReport
from .reading import read_csv
from .rows import (
    extra_cells_reason,
    file_kind,
    ignored_columns,
    require_columns,
    table_rows,
)

logger = logging.getLogger(__name__)

ROUTE_COLUMNS = ("route_ref",) + tuple(
    name for name in ROUTE_FIELDS if name not in ("external_ref", "stops")
)
COLUMNS = ROUTE_COLUMNS + STOP_FIELDS
NUMERIC_COLUMNS = {"km", "sequence", "dwell_minutes", "depot_distance_km"}
REQUIRED = [
    "route_ref",
    "vehicle_code",
    "service_date",
    "left_depot_at",
    "back_at_depot_at",
    "km",
    "sequence",
    "outlet_code",
    "delivery_refs",
]


def import_routes(
    distributor: Distributor,
    data: bytes,
    *,
    filename: str,
    skip_bad_rows: bool = False,
    delimiter: str | None = None,
    decimal: str | None = None,
    progress=None,
) -> IngestReport:
    """Record the driven routes of a CSV file; errors name the row and column."""
    if file_kind(filename) != "csv":
        raise InvalidValue(
            "only CSV files", {"file": ["driven routes come as CSV files"]}
        )

    table = read_csv(
        data,
        text_columns=set(COLUMNS) - NUMERIC_COLUMNS,
        known_columns=set(COLUMNS),
        delimiter=delimiter,
        decimal=decimal,
    )
    require_columns(table.columns, [(name,) for name in REQUIRED])
    rows, labels = table_rows(table, COLUMNS)
    routes, refused = _group(rows, labels)
    if refused and not skip_bad_rows:
        raise InvalidValue(
            f"{len(refused)} rows of the file refused; nothing was stored", refused
        )

    try:
        report = ingest_routes(distributor, routes, skip_bad_rows=skip_bad_rows)
    except DomainError as error:
        error.errors = _file_columns(error.errors)
        raise
    for skipped in report.skipped:
        skipped.errors = _file_columns({"": skipped.errors})[""]
    report.ignored_columns = ignored_columns(table.columns, set(COLUMNS))
    if progress is not None:
        progress(len(rows), len(rows))
    return report


def _group(rows: list[dict], labels: list[str]):
    """Routes in order of first appearance; a stop row whose route columns differ
    from the route's first row is refused."""
    routes: dict[str, RouteRecord] = {}
    refused: dict[str, dict[str, list[str]]] = {}
    for row, label in zip(rows, labels, strict=True):
        extra = extra_cells_reason(row)
        if extra:
            refused[label] = extra
            continue
        ref = row.get("route_ref", "")
        route_values = {
            ("external_ref" if name == "route_ref" else name): row.get(name)
            for name in ROUTE_COLUMNS
            if row.get(name) is not None
        }
        stop = {name: row[name] for name in STOP_FIELDS if name in row}
        route = routes.get(ref)
        if route is None:
            routes[ref] = RouteRecord(label, route_values, [(label, stop)])
            continue

        differing = [
            name
            for name in ROUTE_COLUMNS
            if row.get(name)
            != route.values.get("external_ref" if name == "route_ref" else name)
        ]
        for name in differing:
            refused.setdefault(label, {})[name] = [
                f"differs from the route's first row ({route.label})"
            ]
        route.stops.append((label, stop))

    return list(routes.values()), refused


def _file_columns(errors: dict) -> dict:
    """Errors as the file names its columns (route_ref for the route's reference)."""
    renamed = {}
    for label, by_field in errors.items():
        if isinstance(by_field, dict):
            by_field = {
                ("route_ref" if name == "external_ref" else name): reasons
                for name, reasons in by_field.items()
            }
        renamed[label] = by_field
    return renamed
