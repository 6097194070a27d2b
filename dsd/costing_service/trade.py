"""Trade spend beyond the invoice: promotions and lump-sum trade payments.

Both come in batches and are recorded once: a promotion by its code, a trade
payment by its external reference. A batch sent twice is recorded once; a
different record under a stored key is refused.
"""

import logging

from sqlalchemy import select

from ..errors import InvalidValue
from ..extensions import db
from ..models import Distributor, Outlet, Promotion, TradePayment
from ..models.outlet import CHANNELS
from ..money import to_minor
from ..services.ingest import (
    IngestReport,
    RowRefused,
    fetch_in_chunks,
    row_labels,
    run_rows,
    unknown_field_reason,
)
from ..values import (
    FieldErrors,
    is_blank,
    read_choice,
    read_date,
    read_decimal,
    read_text,
)

logger = logging.getLogger(__name__)

PROMOTION_FIELDS = (
    "code",
    "first_date",
    "last_date",
    "rebate_per_case",
    "channel",
    "outlet_codes",
)
PAYMENT_FIELDS = ("external_ref", "outlet_code", "paid_on", "amount", "promotion_code")


def _outlet_ids(distributor: Distributor, codes: set[str]) -> dict[str, int]:
    return dict(
        fetch_in_chunks(
            lambda chunk: db.session.execute(
                select(Outlet.external_code, Outlet.id).where(
                    Outlet.distributor_id == distributor.id,
                    Outlet.external_code.in_(chunk),
                )
            ),
            codes,
        )
    )


def _unknown_fields(row: dict, known: tuple[str, ...], errors: FieldErrors) -> None:
    for name in row:
        if name not in known:
            errors.add(name, unknown_field_reason(row[name]))


def _rate(errors: FieldErrors, name: str, value):
    number = errors.read(name, read_decimal, value)
    if number is not None and -number.as_tuple().exponent > 6:
        errors.add(name, "must have at most 6 decimals")
        return None
    return number


def ingest_promotions(
    distributor: Distributor, rows: list, *, skip_bad_rows: bool = False
) -> IngestReport:
    """Record promotions, each once by its code.

    A promotion's rebate per case goes to the outlets it lists and, when it
    names a channel, to every outlet of that channel.
    """
    codes = {
        str(code).strip()
        for row in rows
        if isinstance(row, dict)
        for code in (row.get("outlet_codes") or [])
    }
    outlets = _outlet_ids(distributor, codes)
    stored = {
        promotion.code: promotion
        for promotion in db.session.scalars(
            select(Promotion).filter_by(distributor_id=distributor.id)
        )
    }
    seen: dict[str, tuple] = {}

    def handle(label: str, row) -> str:
        values, outlet_ids = _read_promotion(row, outlets)
        content = (
            values["first_date"],
            values["last_date"],
            values["rebate_per_case"],
            values["channel"],
            tuple(sorted(outlet_ids)),
        )
        code = values["code"]
        earlier = seen.get(code)
        if earlier is None and code in stored:
            promotion = stored[code]
            earlier = (
                promotion.first_date,
                promotion.last_date,
                promotion.rebate_per_case,
                promotion.channel,
                tuple(sorted(outlet.id for outlet in promotion.outlets)),
            )
        if earlier is not None:
            if earlier != content:
                raise RowRefused(
                    {"code": [f"{code!r} is already recorded with other terms"]},
                    conflict=True,
                )
            return "unchanged"

        seen[code] = content
        promotion = Promotion(distributor_id=distributor.id, **values)
        promotion.outlets = [db.session.get(Outlet, i) for i in sorted(outlet_ids)]
        db.session.add(promotion)
        return "created"

    report = run_rows(
        zip(row_labels(len(rows), None), rows, strict=True),
        handle,
        skip_bad_rows=skip_bad_rows,
        report=IngestReport(),
        what="promotion batch",
    )
    db.session.flush()
    logger.info(
        "ingested promotions for %s: %d created, %d already recorded",
        distributor.code,
        report.created,
        report.unchanged,
    )
    return report


def _read_promotion(row, outlets: dict[str, int]) -> tuple[dict, set[int]]:
    if not isinstance(row, dict):
        raise RowRefused({"row": ["must be an object of promotion fields"]})

    errors = FieldErrors()
    _unknown_fields(row, PROMOTION_FIELDS, errors)
    values = {
        "code": errors.read("code", read_text, row.get("code"), max_length=64),
        "first_date": errors.read("first_date", read_date, row.get("first_date")),
        "last_date": errors.read("last_date", read_date, row.get("last_date")),
        "rebate_per_case": _rate(errors, "rebate_per_case", row.get("rebate_per_case")),
        "channel": None,
    }
    if not is_blank(row.get("channel")):
        values["channel"] = errors.read(
            "channel", read_choice, row["channel"], options=CHANNELS
        )
    first, last = values["first_date"], values["last_date"]
    if first is not None and last is not None and last < first:
        errors.add("last_date", "must not be before first_date")

    outlet_ids = set()
    codes = row.get("outlet_codes") or []
    if not isinstance(codes, list):
        errors.add("outlet_codes", "must be a list of outlet codes")
        codes = []
    for code in codes:
        found = outlets.get(str(code).strip())
        if found is None:
            errors.add("outlet_codes", f"no outlet with code {code!r}")
        else:
            outlet_ids.add(found)
    if (
        not outlet_ids
        and values["channel"] is None
        and "outlet_codes" not in errors.errors
    ):
        errors.add("outlet_codes", "name the outlets or a channel the rebate is for")

    if errors:
        raise RowRefused(errors.errors)
    return values, outlet_ids


def ingest_trade_payments(
    distributor: Distributor, rows: list, *, skip_bad_rows: bool = False
) -> IngestReport:
    """Record lump-sum trade payments, each once by its external reference."""
    outlets = _outlet_ids(
        distributor,
        {
            row["outlet_code"].strip()
            for row in rows
            if isinstance(row, dict) and isinstance(row.get("outlet_code"), str)
        },
    )
    promotions = dict(
        db.session.execute(
            select(Promotion.code, Promotion.id).filter_by(
                distributor_id=distributor.id
            )
        ).all()
    )
    refs = {
        row["external_ref"].strip()
        for row in rows
        if isinstance(row, dict) and isinstance(row.get("external_ref"), str)
    }
    stored = {
        payment.external_ref: _payment_content(payment.__dict__)
        for payment in fetch_in_chunks(
            lambda chunk: db.session.scalars(
                select(TradePayment).where(
                    TradePayment.distributor_id == distributor.id,
                    TradePayment.external_ref.in_(chunk),
                )
            ),
            refs,
        )
    }
    seen: dict[str, tuple] = {}

    def handle(label: str, row) -> str:
        values = _read_payment(distributor, row, outlets, promotions)
        ref = values["external_ref"]
        earlier = seen.get(ref) or stored.get(ref)
        if earlier is not None:
            if earlier != _payment_content(values):
                raise RowRefused(
                    {"external_ref": [f"{ref!r} is already recorded differently"]},
                    conflict=True,
                )
            return "unchanged"

        seen[ref] = _payment_content(values)
        db.session.add(TradePayment(distributor_id=distributor.id, **values))
        return "created"

    report = run_rows(
        zip(row_labels(len(rows), None), rows, strict=True),
        handle,
        skip_bad_rows=skip_bad_rows,
        report=IngestReport(),
        what="trade payment batch",
    )
    db.session.flush()
    logger.info(
        "ingested trade payments for %s: %d created, %d already recorded",
        distributor.code,
        report.created,
        report.unchanged,
    )
    return report


def _payment_content(values: dict) -> tuple:
    return tuple(
        values.get(name)
        for name in ("outlet_id", "paid_on", "amount_minor", "promotion_id")
    )


def _read_payment(distributor, row, outlets: dict, promotions: dict) -> dict:
    if not isinstance(row, dict):
        raise RowRefused({"row": ["must be an object of trade payment fields"]})

    errors = FieldErrors()
    _unknown_fields(row, PAYMENT_FIELDS, errors)
    values = {
        "external_ref": errors.read(
            "external_ref", read_text, row.get("external_ref"), max_length=64
        ),
        "paid_on": errors.read("paid_on", read_date, row.get("paid_on")),
        "promotion_id": None,
    }
    code = errors.read("outlet_code", read_text, row.get("outlet_code"), max_length=64)
    if code is not None:
        values["outlet_id"] = outlets.get(code)
        if values["outlet_id"] is None:
            errors.add("outlet_code", f"no outlet with code {code!r}")
    amount = errors.read("amount", read_decimal, row.get("amount"))
    if amount is not None:
        try:
            values["amount_minor"] = to_minor(amount, distributor.currency, "amount")
        except InvalidValue as error:
            for reason in error.errors["amount"]:
                errors.add("amount", reason)
    promotion = row.get("promotion_code")
    if not is_blank(promotion):
        values["promotion_id"] = promotions.get(str(promotion).strip())
        if values["promotion_id"] is None:
            errors.add("promotion_code", f"no promotion with code {promotion!r}")

    if errors:
        raise RowRefused(errors.errors)
    return values
