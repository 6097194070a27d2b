"""The trucks of a distributor's fleet."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from ..auth.access import OFFICE_ROLES, PLANNERS, requires
from ..extensions import db
from ..models import Vehicle
from ..money import to_major
from ..services import vehicles as service
from .common import Amount, LocalTime, SortArgs, page_of, sorted_query

PREFIX = "/distributors/<distributor_code>/vehicles"
blp = Blueprint("vehicles", __name__, description="Trucks, shifts and cost rates")


class VehicleIn(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=32))
    capacity_cases = fields.Integer(required=True, validate=validate.Range(min=1))
    capacity_kg = fields.Integer(allow_none=True, validate=validate.Range(min=1))
    shift_start = LocalTime(required=True)
    shift_end = LocalTime(required=True)
    fixed_cost = Amount(required=True, metadata={"description": "per day, major units"})
    cost_per_km = Amount(required=True)
    cost_per_hour = Amount(required=True)
    driver_email = fields.Email(allow_none=True)


class VehiclePatch(VehicleIn):
    active = fields.Boolean()


class VehicleOut(Schema):
    id = fields.Integer()
    code = fields.String()
    capacity_cases = fields.Integer()
    capacity_kg = fields.Integer(allow_none=True)
    shift_start = LocalTime()
    shift_end = LocalTime()
    fixed_cost = fields.Method("_fixed_cost")
    cost_per_km = fields.Decimal(as_string=True)
    cost_per_hour = fields.Decimal(as_string=True)
    driver_email = fields.Function(lambda v: v.driver.email if v.driver else None)
    active = fields.Boolean()

    def _fixed_cost(self, vehicle):
        return str(to_major(vehicle.fixed_cost_minor, vehicle.distributor.currency))


class VehicleListArgs(SortArgs):
    active = fields.Boolean()


SORTABLE = {
    "code": Vehicle.code,
    "capacity_cases": Vehicle.capacity_cases,
    "shift_start": Vehicle.shift_start,
}


@blp.route("")
class Vehicles(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(VehicleListArgs, location="query")
    @blp.response(200, VehicleOut(many=True))
    @blp.paginate()
    def get(self, args, distributor, pagination_parameters):
        """List the distributor's trucks."""
        query = select(Vehicle).filter_by(distributor_id=distributor.id)
        if "active" in args:
            query = query.filter_by(active=args["active"])
        query = sorted_query(query, args.get("sort"), SORTABLE, Vehicle.id)
        return page_of(query, pagination_parameters)

    @requires(*PLANNERS)
    @blp.arguments(VehicleIn)
    @blp.response(201, VehicleOut)
    def post(self, values, distributor):
        """Add a truck."""
        vehicle = service.create_vehicle(distributor, values)
        db.session.commit()
        return vehicle


@blp.route("/<int:vehicle_id>")
class VehicleItem(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.response(200, VehicleOut)
    def get(self, distributor, vehicle_id):
        """Read one truck."""
        return service.get_vehicle(distributor, vehicle_id)

    @requires(*PLANNERS)
    @blp.arguments(VehiclePatch(partial=True))
    @blp.response(200, VehicleOut)
    def patch(self, changes, distributor, vehicle_id):
        """Change a truck's capacity, shift, rates, driver or state."""
        vehicle = service.get_vehicle(distributor, vehicle_id)
        service.update_vehicle(distributor, vehicle, changes)
        db.session.commit()
        return vehicle

    @requires(*PLANNERS)
    @blp.response(200, VehicleOut)
    def delete(self, distributor, vehicle_id):
        """Deactivate a truck; it is no longer planned."""
        vehicle = service.get_vehicle(distributor, vehicle_id)
        service.update_vehicle(distributor, vehicle, {"active": False})
        db.session.commit()
        return vehicle
