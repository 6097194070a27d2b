"""A distributor's effective-dated rate cards: stop, case, technician and capital."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import select

from ..auth.access import OFFICE_ROLES, requires
from ..costing_service import rates as service
from ..extensions import db
from ..models import RateCard
from .batches import amount
from .common import Amount, page_of

PREFIX = "/distributors/<distributor_code>/rate-cards"
blp = Blueprint("rate_cards", __name__, description="Effective-dated cost rates")

MAJOR = {"description": "money, in major units of the distributor's currency"}


class RateCardIn(Schema):
    effective_from = fields.Date(
        required=True, metadata={"description": "applies from this local date on"}
    )
    cost_per_stop = Amount(required=True, metadata=MAJOR)
    picking_per_case = Amount(required=True)
    handling_per_case = Amount(required=True)
    technician_rate_per_hour = Amount(required=True)
    visit_callout = Amount(required=True, metadata=MAJOR)
    annual_cost_of_capital = Amount(
        required=True, metadata={"description": "a yearly rate, 0.12 for 12 %"}
    )
    standard_stop_minutes = Amount(required=True)
    minutes_per_case = Amount(required=True)
    standard_route_cost_per_stop = Amount(required=True, metadata=MAJOR)


class RateCardOut(Schema):
    id = fields.Integer()
    effective_from = fields.Date()
    cost_per_stop = amount("cost_per_stop_minor")
    picking_per_case = fields.Decimal(as_string=True)
    handling_per_case = fields.Decimal(as_string=True)
    technician_rate_per_hour = fields.Decimal(as_string=True)
    visit_callout = amount("visit_callout_minor")
    annual_cost_of_capital = fields.Decimal(as_string=True)
    standard_stop_minutes = fields.Decimal(as_string=True)
    minutes_per_case = fields.Decimal(as_string=True)
    standard_route_cost_per_stop = amount("standard_route_cost_per_stop_minor")


@blp.route("")
class RateCards(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.response(200, RateCardOut(many=True))
    @blp.paginate()
    def get(self, distributor, pagination_parameters):
        """List the distributor's rate cards, latest first."""
        query = select(RateCard).filter_by(distributor_id=distributor.id)
        query = query.order_by(RateCard.effective_from.desc())
        return page_of(query, pagination_parameters)

    @requires("admin")
    @blp.arguments(RateCardIn)
    @blp.response(201, RateCardOut)
    def post(self, values, distributor):
        """Add a rate card; it applies from its date until the next one."""
        card = service.create_rate_card(distributor, values)
        db.session.commit()
        return card


@blp.route("/<int:rate_card_id>")
class RateCardItem(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.response(200, RateCardOut)
    def get(self, distributor, rate_card_id):
        """Read one rate card."""
        return service.get_rate_card(distributor, rate_card_id)
