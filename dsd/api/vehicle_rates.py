"""Trucks' effective-dated running-cost rates: fixed per day, per km, per hour."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from ..auth.access import OFFICE_ROLES, requires
from ..costing_service import rates as service
from ..extensions import db
from ..models import Vehicle, VehicleRate
from ..money import to_major
from .common import Amount, page_of

PREFIX = "/distributors/<distributor_code>/vehicle-rates"
blp = Blueprint("vehicle_rates", __name__, description="Trucks' cost rates by date")


class VehicleRateIn(Schema):
    vehicle_code = fields.String(required=True, validate=validate.Length(1, 32))
    effective_from = fields.Date(
        required=True, metadata={"description": "applies from this local date on"}
    )
    fixed_per_day = Amount(
        required=True, metadata={"description": "per day driven, major units"}
    )
    cost_per_km = Amount(required=True)
    cost_per_hour = Amount(required=True)


class VehicleRateListArgs(Schema):
    vehicle = fields.String(metadata={"description": "a vehicle code"})


class VehicleRateOut(Schema):
    id = fields.Integer()
    vehicle_code = fields.Function(lambda rate: rate.vehicle.code)
    effective_from = fields.Date()
    fixed_per_day = fields.Function(
        lambda rate: str(
            to_major(rate.fixed_per_day_minor, rate.vehicle.distributor.currency)
        )
    )
    cost_per_km = fields.Decimal(as_string=True)
    cost_per_hour = fields.Decimal(as_string=True)


@blp.route("")
class VehicleRates(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(VehicleRateListArgs, location="query")
    @blp.response(200, VehicleRateOut(many=True))
    @blp.paginate()
    def get(self, args, distributor, pagination_parameters):
        """List the trucks' rates, by vehicle then latest first."""
        query = (
            select(VehicleRate)
            .join(Vehicle, VehicleRate.vehicle_id == Vehicle.id)
            .where(Vehicle.distributor_id == distributor.id)
        )
        if "vehicle" in args:
            query = query.where(Vehicle.code == args["vehicle"])
        query = query.order_by(Vehicle.code, VehicleRate.effective_from.desc())
        return page_of(query, pagination_parameters)

    @requires("admin")
    @blp.arguments(VehicleRateIn)
    @blp.response(201, VehicleRateOut)
    def post(self, values, distributor):
        """Add a truck's rates; they apply from their date until the next ones."""
        rate = service.create_vehicle_rate(distributor, values)
        db.session.commit()
        return rate


@blp.route("/<int:vehicle_rate_id>")
class VehicleRateItem(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.response(200, VehicleRateOut)
    def get(self, distributor, vehicle_rate_id):
        """Read one truck's rates."""
        return service.get_vehicle_rate(distributor, vehicle_rate_id)
