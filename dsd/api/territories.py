"""Territories: named polygons that group a distributor's outlets."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from ..auth.access import OFFICE_ROLES, PLANNERS, requires
from ..extensions import db
from ..models import Territory
from ..services import territories as service
from .common import SortArgs, page_of, sorted_query

PREFIX = "/distributors/<distributor_code>/territories"
blp = Blueprint("territories", __name__, description="Territory polygons")


class TerritoryIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    polygon = fields.Dict(
        required=True, metadata={"description": "GeoJSON Polygon in EPSG:4326"}
    )


class TerritoryPatch(TerritoryIn):
    active = fields.Boolean()


class TerritoryOut(Schema):
    id = fields.Integer()
    name = fields.String()
    polygon = fields.Dict()
    active = fields.Boolean()


class TerritoryListArgs(SortArgs):
    active = fields.Boolean()


@blp.route("")
class Territories(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(TerritoryListArgs, location="query")
    @blp.response(200, TerritoryOut(many=True))
    @blp.paginate()
    def get(self, args, distributor, pagination_parameters):
        """List the distributor's territories."""
        query = select(Territory).filter_by(distributor_id=distributor.id)
        if "active" in args:
            query = query.filter_by(active=args["active"])
        query = sorted_query(
            query, args.get("sort"), {"name": Territory.name}, Territory.id
        )
        return page_of(query, pagination_parameters)

    @requires(*PLANNERS)
    @blp.arguments(TerritoryIn)
    @blp.response(201, TerritoryOut)
    def post(self, values, distributor):
        """Add a territory; outlets inside it are assigned to it."""
        territory = service.create_territory(distributor, values)
        db.session.commit()
        return territory


@blp.route("/<int:territory_id>")
class TerritoryItem(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.response(200, TerritoryOut)
    def get(self, distributor, territory_id):
        """Read one territory."""
        return service.get_territory(distributor, territory_id)

    @requires(*PLANNERS)
    @blp.arguments(TerritoryPatch(partial=True))
    @blp.response(200, TerritoryOut)
    def patch(self, changes, distributor, territory_id):
        """Rename or redraw a territory; outlets are reassigned."""
        territory = service.get_territory(distributor, territory_id)
        service.update_territory(distributor, territory, changes)
        db.session.commit()
        return territory

    @requires(*PLANNERS)
    @blp.response(200, TerritoryOut)
    def delete(self, distributor, territory_id):
        """Deactivate a territory; its outlets become unassigned."""
        territory = service.get_territory(distributor, territory_id)
        service.update_territory(distributor, territory, {"active": False})
        db.session.commit()
        return territory
