"""Trade spend beyond the invoice: promotions and lump-sum trade payments."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import select

from ..auth.access import OFFICE_ROLES, requires
from ..costing_service.trade import ingest_promotions, ingest_trade_payments
from ..extensions import db
from ..models import Outlet, Promotion, TradePayment
from .batches import BatchIn, DateRangeArgs, IngestReportOut, amount, batch_rows
from .common import page_of

PREFIX = "/distributors/<distributor_code>/trade"
blp = Blueprint("trade", __name__, description="Promotions and trade payments")


class PromotionBatchIn(BatchIn):
    rows = batch_rows(
        "each with code, first_date and last_date (local, both included), "
        "rebate_per_case (major units), and outlet_codes (a list) or a channel"
    )


class PaymentBatchIn(BatchIn):
    rows = batch_rows(
        "each with external_ref, outlet_code, paid_on (local date), amount (major "
        "units) and an optional promotion_code"
    )


class PromotionOut(Schema):
    id = fields.Integer()
    code = fields.String()
    first_date = fields.Date()
    last_date = fields.Date()
    rebate_per_case = fields.Decimal(as_string=True)
    channel = fields.String(allow_none=True)
    outlet_codes = fields.Function(
        lambda promotion: sorted(outlet.external_code for outlet in promotion.outlets)
    )


class PaymentOut(Schema):
    id = fields.Integer()
    external_ref = fields.String()
    outlet_code = fields.Function(
        lambda payment: db.session.get(Outlet, payment.outlet_id).external_code
    )
    paid_on = fields.Date()
    amount = amount("amount_minor")


def _ingest(ingest, distributor, batch):
    report = ingest(distributor, batch["rows"], skip_bad_rows=batch["skip_bad_rows"])
    db.session.commit()

    return report


@blp.route("/promotions")
class Promotions(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.response(200, PromotionOut(many=True))
    @blp.paginate()
    def get(self, distributor, pagination_parameters):
        """List the distributor's promotions, latest first."""
        query = (
            select(Promotion)
            .filter_by(distributor_id=distributor.id)
            .order_by(Promotion.first_date.desc(), Promotion.code)
        )
        return page_of(query, pagination_parameters)

    @requires("admin")
    @blp.arguments(PromotionBatchIn)
    @blp.response(200, IngestReportOut)
    def post(self, batch, distributor):
        """Record promotions; each code is recorded once."""
        return _ingest(ingest_promotions, distributor, batch)


@blp.route("/payments")
class TradePayments(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(DateRangeArgs, location="query")
    @blp.response(200, PaymentOut(many=True))
    @blp.paginate()
    def get(self, args, distributor, pagination_parameters):
        """List trade payments by date."""
        query = select(TradePayment).filter_by(distributor_id=distributor.id)
        if "from_" in args:
            query = query.where(TradePayment.paid_on >= args["from_"])
        if "to" in args:
            query = query.where(TradePayment.paid_on <= args["to"])
        return page_of(query.order_by(TradePayment.paid_on), pagination_parameters)

    @requires("admin")
    @blp.arguments(PaymentBatchIn)
    @blp.response(200, IngestReportOut)
    def post(self, batch, distributor):
        """Record trade payments; each reference is recorded once."""
        return _ingest(ingest_trade_payments, distributor, batch)
