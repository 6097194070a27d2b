"""Deliveries: bulk ingest from back-office systems, and the filtered list."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from ..auth.access import OFFICE_ROLES, PLANNERS, requires
from ..extensions import db
from ..models import Delivery, Outlet
from ..models.history import DELIVERY_STATUSES, FAILURE_REASONS
from ..models.outlet import CHANNELS
from ..services.deliveries import ingest_deliveries
from .batches import (
    BatchIn,
    DateRangeArgs,
    IngestReportOut,
    amount,
    batch_rows,
    currency_of,
    in_territory,
)
from .common import page_of, sorted_query

PREFIX = "/distributors/<distributor_code>/deliveries"
blp = Blueprint("deliveries", __name__, description="Delivery history")

SORTS = {
    "delivered_on": Delivery.delivered_on,
    "cases": Delivery.cases,
    "net_revenue": Delivery.net_revenue_minor,
    "outlet_code": Outlet.external_code,
}


class DeliveryBatchIn(BatchIn):
    rows = batch_rows(
        "each with external_ref, outlet_code, delivered_on (YYYY-MM-DD), status "
        f"({', '.join(DELIVERY_STATUSES)}), failure_reason when failed "
        f"({', '.join(FAILURE_REASONS)}), cases, and net_revenue, cost_of_goods, "
        "trade_spend as decimals in the currency's major units"
    )


class DeliveryListArgs(DateRangeArgs):
    status = fields.String(validate=validate.OneOf(DELIVERY_STATUSES))
    channel = fields.String(validate=validate.OneOf(CHANNELS))


class DeliveryOut(Schema):
    id = fields.Integer()
    external_ref = fields.String()
    outlet_code = fields.Function(lambda d: d.outlet.external_code)
    delivered_on = fields.Date()
    status = fields.String()
    failure_reason = fields.String(allow_none=True)
    cases = fields.Integer()
    net_revenue = amount("net_revenue_minor")
    cost_of_goods = amount("cost_of_goods_minor")
    trade_spend = amount("trade_spend_minor")
    currency = fields.Function(lambda d: currency_of(d.distributor_id))


@blp.route("")
class Deliveries(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(DeliveryListArgs, location="query")
    @blp.response(200, DeliveryOut(many=True))
    @blp.paginate()
    def get(self, args, distributor, pagination_parameters):
        """List deliveries, filtered by local date, outlet, status and place."""
        query = (
            select(Delivery)
            .join(Outlet, Delivery.outlet_id == Outlet.id)
            .where(Delivery.distributor_id == distributor.id)
        )
        if "from_" in args:
            query = query.where(Delivery.delivered_on >= args["from_"])
        if "to" in args:
            query = query.where(Delivery.delivered_on <= args["to"])
        if "outlet" in args:
            query = query.where(Outlet.external_code == args["outlet"])
        if "status" in args:
            query = query.where(Delivery.status == args["status"])
        if "channel" in args:
            query = query.where(Outlet.channel == args["channel"])
        if "territory" in args:
            query = query.where(in_territory(distributor, args["territory"]))
        query = sorted_query(query, args.get("sort"), SORTS, Delivery.id)
        return page_of(query, pagination_parameters)

    @requires(*PLANNERS)
    @blp.arguments(DeliveryBatchIn)
    @blp.response(200, IngestReportOut)
    def post(self, batch, distributor):
        """Record a batch of deliveries; a batch sent twice is recorded once."""
        report = ingest_deliveries(
            distributor, batch["rows"], skip_bad_rows=batch["skip_bad_rows"]
        )
        db.session.commit()

        return report
