"""Service visits: bulk ingest from the field or a back office, and the list."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from ..auth.access import OFFICE_ROLES, PLANNERS, requires
from ..extensions import db
from ..models import Outlet, ServiceVisit
from ..models.history import VISIT_KINDS, VISIT_OUTCOMES
from ..models.outlet import CHANNELS
from ..services.visits import ingest_visits
from .batches import (
    BatchIn,
    DateRangeArgs,
    IngestReportOut,
    amount,
    batch_rows,
    currency_of,
    in_territory,
    local_day_bounds,
)
from .common import page_of, sorted_query

PREFIX = "/distributors/<distributor_code>/visits"
blp = Blueprint("visits", __name__, description="Service visit history")

SORTS = {
    "started_at": ServiceVisit.started_at,
    "labour_minutes": ServiceVisit.labour_minutes,
    "outlet_code": Outlet.external_code,
}


class VisitBatchIn(BatchIn):
    rows = batch_rows(
        "each with external_ref, outlet_code, kind "
        f"({', '.join(VISIT_KINDS)}), and optionally asset_serial, "
        "technician_email, window_start, window_end, started_at, finished_at "
        "(ISO 8601 instants with their UTC offset), labour_minutes (default: "
        "finish minus start), parts_cost (decimal, major units), outcome "
        f"({', '.join(VISIT_OUTCOMES)}), notes"
    )


class VisitListArgs(DateRangeArgs):
    kind = fields.String(validate=validate.OneOf(VISIT_KINDS))
    outcome = fields.String(validate=validate.OneOf(VISIT_OUTCOMES))
    channel = fields.String(validate=validate.OneOf(CHANNELS))


def _duration_minutes(visit: ServiceVisit) -> int | None:
    if visit.started_at is None or visit.finished_at is None:
        return None

    seconds = (visit.finished_at - visit.started_at).total_seconds()
    return int(seconds + 30) // 60


class VisitOut(Schema):
    id = fields.Integer()
    external_ref = fields.String()
    outlet_code = fields.Function(lambda v: v.outlet.external_code)
    asset_serial = fields.Function(lambda v: v.asset.serial_number if v.asset else None)
    technician_email = fields.Function(
        lambda v: v.technician.email if v.technician else None
    )
    kind = fields.String()
    window_start = fields.DateTime(format="iso", allow_none=True)
    window_end = fields.DateTime(format="iso", allow_none=True)
    started_at = fields.DateTime(format="iso", allow_none=True)
    finished_at = fields.DateTime(format="iso", allow_none=True)
    duration_minutes = fields.Function(_duration_minutes)
    labour_minutes = fields.Integer()
    parts_cost = amount("parts_cost_minor")
    currency = fields.Function(lambda v: currency_of(v.distributor_id))
    outcome = fields.String(allow_none=True)
    notes = fields.String()


@blp.route("")
class Visits(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(VisitListArgs, location="query")
    @blp.response(200, VisitOut(many=True))
    @blp.paginate()
    def get(self, args, distributor, pagination_parameters):
        """List service visits, filtered by the local date they started on."""
        query = (
            select(ServiceVisit)
            .join(Outlet, ServiceVisit.outlet_id == Outlet.id)
            .where(ServiceVisit.distributor_id == distributor.id)
        )
        start, end = local_day_bounds(distributor, args.get("from_"), args.get("to"))
        if start is not None:
            query = query.where(ServiceVisit.started_at >= start)
        if end is not None:
            query = query.where(ServiceVisit.started_at < end)
        if "outlet" in args:
            query = query.where(Outlet.external_code == args["outlet"])
        if "kind" in args:
            query = query.where(ServiceVisit.kind == args["kind"])
        if "outcome" in args:
            query = query.where(ServiceVisit.outcome == args["outcome"])
        if "channel" in args:
            query = query.where(Outlet.channel == args["channel"])
        if "territory" in args:
            query = query.where(in_territory(distributor, args["territory"]))
        query = sorted_query(query, args.get("sort"), SORTS, ServiceVisit.id)
        return page_of(query, pagination_parameters)

    @requires(*PLANNERS)
    @blp.arguments(VisitBatchIn)
    @blp.response(200, IngestReportOut)
    def post(self, batch, distributor):
        """Record a batch of service visits; a batch sent twice is recorded once."""
        report = ingest_visits(
            distributor, batch["rows"], skip_bad_rows=batch["skip_bad_rows"]
        )
        db.session.commit()

        return report
