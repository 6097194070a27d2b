"""Bulk ingest of technicians' service visits, idempotent by external reference."""

import logging
from datetime import UTC, timedelta

from sqlalchemy import select

from ..errors import InvalidValue
from ..extensions import db
from ..models import Asset, Distributor, Outlet, ServiceVisit, User
from ..models.history import VISIT_KINDS, VISIT_OUTCOMES
from ..money import to_minor
from ..values import (
    FieldErrors,
    is_blank,
    read_choice,
    read_decimal,
    read_instant,
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

# A visit, or the window it was booked for, longer than this is a typing slip.
MAX_VISIT_SPAN = timedelta(hours=24)

VISIT_FIELDS = (
    "external_ref",
    "outlet_code",
    "asset_serial",
    "technician_email",
    "kind",
    "window_start",
    "window_end",
    "started_at",
    "finished_at",
    "labour_minutes",
    "parts_cost",
    "outcome",
    "notes",
)
CONTENT = (
    "outlet_id",
    "asset_id",
    "technician_id",
    "kind",
    "window_start",
    "window_end",
    "started_at",
    "finished_at",
    "labour_minutes",
    "parts_cost_minor",
    "outcome",
    "notes",
)


def ingest_visits(
    distributor: Distributor,
    rows: list[dict],
    *,
    skip_bad_rows: bool = False,
    labels: list[str] | None = None,
    progress=None,
) -> IngestReport:
    """Record a batch of service visits; a row already recorded is not repeated.

    Instants must carry their UTC offset and are stored in UTC. Labour minutes
    default to the time from start to finish. A reference already stored (or
    earlier in the batch) with different content refuses that row.
    """
    labels = row_labels(len(rows), labels)
    lookups = _Lookups.load(distributor, rows)
    seen: dict[str, dict] = {}

    def handle(label: str, row) -> str:
        values = _read_row(distributor, row, lookups)
        ref = values["external_ref"]
        earlier = seen.get(ref) or lookups.stored.get(ref)
        if earlier is not None:
            _check_same(earlier, values)
            return "unchanged"

        seen[ref] = values
        db.session.add(ServiceVisit(distributor_id=distributor.id, **values))
        return "created"

    report = run_rows(
        counted(zip(labels, rows, strict=True), len(rows), progress),
        handle,
        skip_bad_rows=skip_bad_rows,
        report=IngestReport(),
        what="visit batch",
    )
    db.session.flush()
    logger.info(
        "ingested service visits for %s: %d rows, %d created, %d already recorded, "
        "%d skipped",
        distributor.code,
        report.received,
        report.created,
        report.unchanged,
        len(report.skipped),
    )
    return report


class _Lookups:
    """Outlets, assets, technicians and stored visits a batch refers to."""

    def __init__(self, outlets, assets, technicians, stored):
        self.outlets: dict[str, int] = outlets
        self.assets: dict[str, tuple[int, int]] = assets
        self.technicians: dict[str, int] = technicians
        self.stored: dict[str, dict] = stored

    @classmethod
    def load(cls, distributor: Distributor, rows: list) -> "_Lookups":
        def wanted(key: str) -> set[str]:
            return {
                row[key].strip()
                for row in rows
                if isinstance(row, dict) and isinstance(row.get(key), str)
            }

        outlets = fetch_in_chunks(
            lambda chunk: db.session.execute(
                select(Outlet.external_code, Outlet.id).where(
                    Outlet.distributor_id == distributor.id,
                    Outlet.external_code.in_(chunk),
                )
            ),
            wanted("outlet_code"),
        )
        assets = fetch_in_chunks(
            lambda chunk: db.session.execute(
                select(Asset.serial_number, Asset.id, Asset.outlet_id).where(
                    Asset.distributor_id == distributor.id,
                    Asset.serial_number.in_(chunk),
                )
            ),
            wanted("asset_serial"),
        )
        technicians = fetch_in_chunks(
            lambda chunk: db.session.execute(
                select(User.email, User.id).where(
                    User.distributor_id == distributor.id, User.email.in_(chunk)
                )
            ),
            {email.lower() for email in wanted("technician_email")},
        )
        stored = fetch_in_chunks(
            lambda chunk: db.session.scalars(
                select(ServiceVisit).where(
                    ServiceVisit.distributor_id == distributor.id,
                    ServiceVisit.external_ref.in_(chunk),
                )
            ),
            wanted("external_ref"),
        )
        return cls(
            dict(outlets),
            {serial: (asset_id, outlet_id) for serial, asset_id, outlet_id in assets},
            dict(technicians),
            {v.external_ref: {k: getattr(v, k) for k in CONTENT} for v in stored},
        )


def _read_row(distributor: Distributor, row, lookups: _Lookups) -> dict:
    """The stored values of one row, or RowRefused naming each bad field."""
    if not isinstance(row, dict):
        raise RowRefused({"row": ["must be an object of visit fields"]})

    errors = FieldErrors()
    for field in row:
        if field not in VISIT_FIELDS:
            errors.add(field, unknown_field_reason(row[field]))

    values = {
        "external_ref": errors.read(
            "external_ref", read_text, row.get("external_ref"), max_length=64
        ),
        "kind": errors.read("kind", read_choice, row.get("kind"), options=VISIT_KINDS),
        "outcome": _optional(
            errors, "outcome", read_choice, row, options=VISIT_OUTCOMES
        ),
        "notes": errors.read(
            "notes", read_text, row.get("notes"), max_length=4000, required=False
        ),
    }
    _read_references(row, lookups, values, errors)
    _read_times(row, values, errors)
    values["parts_cost_minor"] = _parts_cost(row, distributor.currency, errors)

    if errors:
        raise RowRefused(errors.errors)
    return values


def _optional(errors: FieldErrors, field: str, reader, row: dict, **options):
    if is_blank(row.get(field)):
        return None
    return errors.read(field, reader, row[field], **options)


def _read_references(row: dict, lookups: _Lookups, values: dict, errors) -> None:
    code = errors.read("outlet_code", read_text, row.get("outlet_code"), max_length=64)
    values["outlet_id"] = lookups.outlets.get(code) if code else None
    if code is not None and values["outlet_id"] is None:
        errors.add("outlet_code", f"no outlet with code {code!r}")

    serial = _optional(errors, "asset_serial", read_text, row, max_length=64)
    values["asset_id"] = None
    if serial:
        asset = lookups.assets.get(serial)
        if asset is None:
            errors.add("asset_serial", f"no asset with serial number {serial!r}")
        elif values["outlet_id"] is not None and asset[1] != values["outlet_id"]:
            errors.add("asset_serial", f"asset {serial!r} is at another outlet")
        else:
            values["asset_id"] = asset[0]

    email = _optional(errors, "technician_email", read_text, row, max_length=254)
    values["technician_id"] = None
    if email:
        values["technician_id"] = lookups.technicians.get(email.lower())
        if values["technician_id"] is None:
            errors.add("technician_email", f"no user {email!r} at this distributor")


def _read_times(row: dict, values: dict, errors: FieldErrors) -> None:
    for field in ("window_start", "window_end", "started_at", "finished_at"):
        instant = _optional(errors, field, read_instant, row)
        values[field] = instant.astimezone(UTC) if instant else None

    _check_order(values, "window_start", "window_end", errors)
    if (
        values["finished_at"]
        and not values["started_at"]
        and "started_at" not in (errors.errors)
    ):
        errors.add("started_at", "is needed when finished_at is given")
    finish_ok = _check_order(values, "started_at", "finished_at", errors)

    if not is_blank(row.get("labour_minutes")):
        values["labour_minutes"] = errors.read(
            "labour_minutes", read_int, row["labour_minutes"], minimum=0
        )
    elif finish_ok and values["started_at"] and values["finished_at"]:
        seconds = (values["finished_at"] - values["started_at"]).total_seconds()
        values["labour_minutes"] = int(seconds + 30) // 60
    else:
        values["labour_minutes"] = 0


def _check_order(values: dict, start: str, end: str, errors: FieldErrors) -> bool:
    if not (values[start] and values[end]):
        return True

    if values[end] < values[start]:
        errors.add(end, f"is before {start}")
        return False
    if values[end] - values[start] > MAX_VISIT_SPAN:
        hours = MAX_VISIT_SPAN.total_seconds() / 3600
        errors.add(end, f"is more than {hours:g} hours after {start}")
        return False
    return True


def _parts_cost(row: dict, currency: str, errors: FieldErrors):
    if is_blank(row.get("parts_cost")):
        return 0

    amount = errors.read("parts_cost", read_decimal, row["parts_cost"])
    if amount is None:
        return None
    try:
        return to_minor(amount, currency, "parts_cost")
    except InvalidValue as error:
        for reason in error.errors["parts_cost"]:
            errors.add("parts_cost", reason)
        return None


def _check_same(earlier: dict, values: dict) -> None:
    differing = [k for k in CONTENT if earlier[k] != values[k]]
    if differing:
        names = ", ".join(
            k.removesuffix("_id").removesuffix("_minor") for k in differing
        )
        raise RowRefused(
            {
                "external_ref": [
                    f"{values['external_ref']!r} is already recorded with "
                    f"different {names}"
                ]
            },
            conflict=True,
        )
