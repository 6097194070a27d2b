"""Distributors: the businesses whose depots, fleets and outlets the service keeps."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from ..auth.access import ALL_ROLES, caller, requires
from ..extensions import db
from ..models import Distributor
from ..services import distributors as service
from .common import Latitude, Longitude

PREFIX = "/distributors"
blp = Blueprint("distributors", __name__, description="Distributors and their depots")


class DistributorIn(Schema):
    code = fields.String(
        required=True,
        validate=validate.Regexp(
            r"^[A-Z0-9_-]{2,32}$",
            error="must be 2 to 32 capital letters, digits, '-' or '_'",
        ),
    )
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    depot_lon = Longitude(required=True)
    depot_lat = Latitude(required=True)
    timezone = fields.String(required=True)
    currency = fields.String(required=True)


class DistributorPatch(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    depot_lon = Longitude()
    depot_lat = Latitude()
    timezone = fields.String()


class DistributorOut(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    depot_lon = fields.Float()
    depot_lat = fields.Float()
    timezone = fields.String()
    currency = fields.String()
    active = fields.Boolean()


@blp.route("")
class Distributors(MethodView):
    @requires(*ALL_ROLES)
    @blp.response(200, DistributorOut(many=True))
    def get(self):
        """List the distributors in the caller's scope."""
        query = select(Distributor).order_by(Distributor.code)
        if caller().distributor_id is not None:
            query = query.filter_by(id=caller().distributor_id)
        return db.session.scalars(query).all()

    @requires("admin", every_distributor=True)
    @blp.arguments(DistributorIn)
    @blp.response(201, DistributorOut)
    def post(self, values):
        """Add a distributor."""
        distributor = service.create_distributor(caller(), values)
        db.session.commit()
        return distributor


@blp.route("/<distributor_code>")
class DistributorItem(MethodView):
    @requires(*ALL_ROLES)
    @blp.response(200, DistributorOut)
    def get(self, distributor):
        """Read one distributor."""
        return distributor

    @requires("admin")
    @blp.arguments(DistributorPatch)
    @blp.response(200, DistributorOut)
    def patch(self, changes, distributor):
        """Change a distributor's name, depot or time zone."""
        service.update_distributor(distributor, changes)
        db.session.commit()
        return distributor

    @requires("admin", every_distributor=True)
    @blp.response(200, DistributorOut)
    def delete(self, distributor):
        """Deactivate a distributor; its history is kept."""
        service.deactivate_distributor(caller(), distributor)
        db.session.commit()
        return distributor
