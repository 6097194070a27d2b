"""Bulk ingest of deliveries, idempotent by external reference."""

import logging

from sqlalchemy import select

from ..errors import InvalidValue
from ..extensions import db
from ..models import Delivery, Distributor, Outlet
from ..models.history import DELIVERY_STATUSES, FAILURE_REASONS
from ..money import to_minor
from ..values import (
    FieldErrors,
    is_blank,
    read_choice,
    read_date,
    read_decimal,
    read_int,
    read_text,
)
from .ingest import (
    IngestReport,
    RowRefused,
    counted,
    fetch_in_chunks,
    row_labels,
    run_rows,
    unknown_field_reason,
)

logger = logging.getLogger(__name__)

DELIVERY_FIELDS = (
    "external_ref",
    "outlet_code",
    "delivered_on",
    "status",
    "failure_reason",
    "cases",
    "net_revenue",
    "cost_of_goods",
    "trade_spend",
)
# Compared to tell a resent row from a different one under the same reference.
CONTENT = (
    "outlet_id",
    "delivered_on",
    "status",
    "failure_reason",
    "cases",
    "net_revenue_minor",
    "cost_of_goods_minor",
    "trade_spend_minor",
)
MONEY = {
    "net_revenue": "net_revenue_minor",
    "cost_of_goods": "cost_of_goods_minor",
    "trade_spend": "trade_spend_minor",
}


def ingest_deliveries(
    distributor: Distributor,
    rows: list[dict],
    *,
    skip_bad_rows: bool = False,
    labels: list[str] | None = None,
    progress=None,
) -> IngestReport:
    """Record a batch of deliveries; a row already recorded is not recorded again.

    Outlets are named by ``outlet_code``; amounts are Decimal major units of the
    distributor's currency. A reference already stored (or earlier in the batch)
    with different content refuses that row. ``labels`` name the rows in errors
    (for files, the line numbers).
    """
    labels = row_labels(len(rows), labels)
    outlets = _outlets_by_code(distributor, rows)
    stored = _stored_by_ref(distributor, rows)
    seen: dict[str, dict] = {}

    def handle(label: str, row) -> str:
        values = _read_row(distributor, row, outlets)
        ref = values["external_ref"]
        earlier = seen.get(ref) or stored.get(ref)
        if earlier is not None:
            _check_same(earlier, values, outlets)
            return "unchanged"

        seen[ref] = values
        db.session.add(Delivery(distributor_id=distributor.id, **values))
        return "created"

    report = run_rows(
        counted(zip(labels, rows, strict=True), len(rows), progress),
        handle,
        skip_bad_rows=skip_bad_rows,
        report=IngestReport(),
        what="delivery batch",
    )
    db.session.flush()
    logger.info(
        "ingested deliveries for %s: %d rows, %d created, %d already recorded, "
        "%d skipped",
        distributor.code,
        report.received,
        report.created,
        report.unchanged,
        len(report.skipped),
    )
    return report


def _outlets_by_code(distributor: Distributor, rows: list) -> dict[str, int]:
    codes = {
        row["outlet_code"].strip()
        for row in rows
        if isinstance(row, dict) and isinstance(row.get("outlet_code"), str)
    }
    found = fetch_in_chunks(
        lambda chunk: db.session.execute(
            select(Outlet.external_code, Outlet.id).where(
                Outlet.distributor_id == distributor.id,
                Outlet.external_code.in_(chunk),
            )
        ),
        codes,
    )
    return dict(found)


def _stored_by_ref(distributor: Distributor, rows: list) -> dict[str, dict]:
    refs = {
        row["external_ref"].strip()
        for row in rows
        if isinstance(row, dict) and isinstance(row.get("external_ref"), str)
    }
    stored = fetch_in_chunks(
        lambda chunk: db.session.scalars(
            select(Delivery).where(
                Delivery.distributor_id == distributor.id,
                Delivery.external_ref.in_(chunk),
            )
        ),
        refs,
    )
    return {d.external_ref: {k: getattr(d, k) for k in CONTENT} for d in stored}


def _read_row(distributor: Distributor, row, outlets: dict[str, int]) -> dict:
    """The stored values of one row, or RowRefused naming each bad field."""
    if not isinstance(row, dict):
        raise RowRefused({"row": ["must be an object of delivery fields"]})

    errors = FieldErrors()
    for field in row:
        if field not in DELIVERY_FIELDS:
            errors.add(field, unknown_field_reason(row[field]))

    values = {
        "external_ref": errors.read(
            "external_ref", read_text, row.get("external_ref"), max_length=64
        ),
        "delivered_on": errors.read("delivered_on", read_date, row.get("delivered_on")),
        "status": errors.read(
            "status", read_choice, row.get("status"), options=DELIVERY_STATUSES
        ),
    }
    code = errors.read("outlet_code", read_text, row.get("outlet_code"), max_length=64)
    if code is not None:
        values["outlet_id"] = outlets.get(code)
        if values["outlet_id"] is None:
            errors.add("outlet_code", f"no outlet with code {code!r}")

    failed = values["status"] == "failed"
    values["failure_reason"] = _failure_reason(row, values["status"], errors)
    values["cases"] = _cases(row, failed, errors)
    for field, column in MONEY.items():
        values[column] = _amount(row, field, distributor.currency, failed, errors)

    if errors:
        raise RowRefused(errors.errors)
    return values


def _failure_reason(row: dict, status: str | None, errors: FieldErrors):
    reason = row.get("failure_reason")
    if status == "failed":
        if is_blank(reason):
            errors.add("failure_reason", "is needed when the drop failed")
            return None
        return errors.read(
            "failure_reason", read_choice, reason, options=FAILURE_REASONS
        )

    if not is_blank(reason) and status == "delivered":
        errors.add("failure_reason", "is only given for a failed or partial drop")
        return None
    if not is_blank(reason):
        return errors.read(
            "failure_reason", read_choice, reason, options=FAILURE_REASONS
        )
    return None


def _cases(row: dict, failed: bool, errors: FieldErrors):
    value = row.get("cases")
    if failed and is_blank(value):
        return 0

    cases = errors.read("cases", read_int, value, minimum=0)
    if failed and cases:
        errors.add("cases", "must be 0 for a failed drop")
    return cases


def _amount(row: dict, field: str, currency: str, failed: bool, errors):
    value = row.get(field)
    if is_blank(value) and (failed or field == "trade_spend"):
        return 0

    amount = errors.read(field, read_decimal, value)
    if amount is None:
        return None
    try:
        return to_minor(amount, currency, field)
    except InvalidValue as error:
        for reason in error.errors[field]:
            errors.add(field, reason)
        return None


def _check_same(earlier: dict, values: dict, outlets: dict[str, int]) -> None:
    differing = [k for k in CONTENT if earlier[k] != values[k]]
    if differing:
        names = ", ".join(_public_name(k) for k in differing)
        raise RowRefused(
            {
                "external_ref": [
                    f"{values['external_ref']!r} is already recorded with "
                    f"different {names}"
                ]
            },
            conflict=True,
        )


def _public_name(column: str) -> str:
    if column == "outlet_id":
        return "outlet_code"
    return column.removesuffix("_minor")
