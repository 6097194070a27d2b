"""What the ingest and import endpoints share: the batch, the report, listing."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from marshmallow import (
    Schema,
    ValidationError,
    fields,
    validate,
    validates_schema,
)
from sqlalchemy import select

from ..extensions import db
from ..models import Distributor, Outlet, Territory
from ..money import to_major
from .common import SortArgs

MAX_BATCH_ROWS = 5000
PAGINATION_PARAMETERS = {"page", "page_size"}


def batch_rows(description: str):
    """The ``rows`` field of a batch, describing what each record holds."""
    return fields.List(
        fields.Dict(),
        required=True,
        validate=validate.Length(min=1, max=MAX_BATCH_ROWS),
        metadata={"description": f"at most {MAX_BATCH_ROWS} records; {description}"},
    )


class BatchIn(Schema):
    rows = batch_rows("each an object of fields")
    skip_bad_rows = fields.Boolean(
        load_default=False,
        metadata={"description": "store the good rows and list the bad ones"},
    )


class SkippedRowOut(Schema):
    row = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class IngestReportOut(Schema):
    received = fields.Integer()
    created = fields.Integer()
    unchanged = fields.Integer(metadata={"description": "rows already recorded"})
    skipped = fields.List(fields.Nested(SkippedRowOut))
    warnings = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    ignored_columns = fields.List(fields.String())


class DateRangeArgs(SortArgs):
    """Filters of a history list; unknown query parameters are refused."""

    from_ = fields.Date(data_key="from", metadata={"description": "first local date"})
    to = fields.Date(metadata={"description": "last local date, included"})
    outlet = fields.String(metadata={"description": "outlet code"})
    channel = fields.String()
    territory = fields.String(metadata={"description": "territory name"})

    @validates_schema(pass_original=True)
    def _refuse_unknown(self, _data, original, **_kwargs):
        known = {f.data_key or name for name, f in self.fields.items()}
        unknown = sorted(set(original) - known - PAGINATION_PARAMETERS)
        if unknown:
            raise ValidationError({name: ["is not a known filter"] for name in unknown})


def amount(column: str):
    """A field showing an integer minor-unit column as a decimal of the currency."""

    def major(obj) -> str:
        currency = currency_of(obj.distributor_id)
        return str(to_major(getattr(obj, column), currency))

    return fields.Function(major, metadata={"type": "string", "format": "decimal"})


def currency_of(distributor_id: int) -> str:
    return db.session.get(Distributor, distributor_id).currency


def in_territory(distributor: Distributor, name: str):
    """A condition: the outlet lies in the distributor's territory of that name."""
    territory_id = (
        select(Territory.id)
        .where(Territory.distributor_id == distributor.id, Territory.name == name)
        .scalar_subquery()
    )
    return Outlet.territory_id == territory_id


def local_day_bounds(
    distributor: Distributor, first: date | None, last: date | None
) -> tuple[datetime | None, datetime | None]:
    """UTC instants from the start of ``first`` to the end of ``last``, local."""
    zone = ZoneInfo(distributor.timezone)
    start = datetime.combine(first, time(0), zone) if first else None
    end = datetime.combine(last + timedelta(days=1), time(0), zone) if last else None
    return start, end
