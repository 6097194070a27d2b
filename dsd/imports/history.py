"""Deliveries and service visits from CSV files, through the ingest services."""

import logging

from ..errors import InvalidValue
from ..models import Distributor
from ..services.deliveries import DELIVERY_FIELDS, ingest_deliveries
from ..services.ingest import IngestReport
from ..services.visits import VISIT_FIELDS, ingest_visits
from .reading import read_csv
from .rows import file_kind, ignored_columns, require_columns, table_rows

logger = logging.getLogger(__name__)

DELIVERY_TEXT_COLUMNS = {
    "external_ref",
    "outlet_code",
    "delivered_on",
    "status",
    "failure_reason",
}
VISIT_TEXT_COLUMNS = {
    "external_ref",
    "outlet_code",
    "asset_serial",
    "technician_email",
    "kind",
    "window_start",
    "window_end",
    "started_at",
    "finished_at",
    "outcome",
    "notes",
}


def import_deliveries(
    distributor: Distributor,
    data: bytes,
    *,
    filename: str,
    skip_bad_rows: bool = False,
    delimiter: str | None = None,
    decimal: str | None = None,
    progress=None,
) -> IngestReport:
    """Record the deliveries of a CSV file, as the batch ingest does."""
    rows, labels, ignored = _read(
        data,
        filename,
        DELIVERY_FIELDS,
        DELIVERY_TEXT_COLUMNS,
        ["external_ref", "outlet_code", "delivered_on", "status"],
        delimiter,
        decimal,
    )
    report = ingest_deliveries(
        distributor, rows, skip_bad_rows=skip_bad_rows, labels=labels, progress=progress
    )
    report.ignored_columns = ignored
    return report


def import_visits(
    distributor: Distributor,
    data: bytes,
    *,
    filename: str,
    skip_bad_rows: bool = False,
    delimiter: str | None = None,
    decimal: str | None = None,
    progress=None,
) -> IngestReport:
    """Record the service visits of a CSV file, as the batch ingest does."""
    rows, labels, ignored = _read(
        data,
        filename,
        VISIT_FIELDS,
        VISIT_TEXT_COLUMNS,
        ["external_ref", "outlet_code", "kind"],
        delimiter,
        decimal,
    )
    report = ingest_visits(
        distributor, rows, skip_bad_rows=skip_bad_rows, labels=labels, progress=progress
    )
    report.ignored_columns = ignored
    return report


def _read(data, filename, fields, text_columns, required, delimiter, decimal):
    if file_kind(filename) != "csv":
        raise InvalidValue(
            "only CSV files", {"file": ["deliveries and visits come as CSV files"]}
        )

    table = read_csv(
        data,
        text_columns=text_columns,
        known_columns=set(fields),
        delimiter=delimiter,
        decimal=decimal,
    )
    require_columns(table.columns, [(name,) for name in required])
    rows, labels = table_rows(table, fields)
    return rows, labels, ignored_columns(table.columns, set(fields))
