"""Retail outlets: where they are, when they take deliveries, what they stock."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates
from sqlalchemy import select

from ..auth.access import OFFICE_ROLES, PLANNERS, requires
from ..errors import NotFound
from ..extensions import db
from ..models import Outlet, Territory
from ..models.outlet import CHANNELS, OUTLET_STATUSES, SIZE_BANDS
from ..services import outlets as service
from .common import Latitude, LocalTime, Longitude, SortArgs, page_of, sorted_query

PREFIX = "/distributors/<distributor_code>/outlets"
blp = Blueprint("outlets", __name__, description="Retail outlets")


class WindowSchema(Schema):
    opens_at = LocalTime(required=True)
    closes_at = LocalTime(required=True)


class OutletIn(Schema):
    external_code = fields.String(
        required=True, validate=validate.Length(min=1, max=64)
    )
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    address = fields.String(validate=validate.Length(max=300))
    lon = Longitude(required=True)
    lat = Latitude(required=True)
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    size_band = fields.String(required=True, validate=validate.OneOf(SIZE_BANDS))
    par_level_cases = fields.Integer(validate=validate.Range(min=0))
    last_stock_cases = fields.Integer(allow_none=True, validate=validate.Range(min=0))
    last_stock_on = fields.Date(allow_none=True)
    status = fields.String(validate=validate.OneOf(OUTLET_STATUSES))
    receiving_windows = fields.List(fields.Nested(WindowSchema))


class OutletPatch(OutletIn):
    """Any subset of an outlet's fields."""


class OutletOut(Schema):
    id = fields.Integer()
    external_code = fields.String()
    name = fields.String()
    address = fields.String()
    lon = fields.Float()
    lat = fields.Float()
    channel = fields.String()
    size_band = fields.String()
    territory = fields.Function(lambda o: o.territory.name if o.territory else None)
    par_level_cases = fields.Integer()
    last_stock_cases = fields.Integer(allow_none=True)
    last_stock_on = fields.Date(allow_none=True)
    status = fields.String()
    receiving_windows = fields.List(fields.Nested(WindowSchema))


class OutletListArgs(SortArgs):
    channel = fields.String(validate=validate.OneOf(CHANNELS))
    size_band = fields.String(validate=validate.OneOf(SIZE_BANDS))
    status = fields.String(validate=validate.OneOf(OUTLET_STATUSES))
    territory = fields.String(metadata={"description": "territory name"})
    bbox = fields.String(
        metadata={"description": "min_lon,min_lat,max_lon,max_lat in degrees"}
    )
    q = fields.String(metadata={"description": "part of the name or code"})

    @validates("bbox")
    def _bbox(self, value, **_):
        parse_bbox(value)


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """Four comma-separated degrees: west, south, east, north."""
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError as error:
        raise ValidationError("must be min_lon,min_lat,max_lon,max_lat") from error
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ValidationError("must run west to east and south to north in range")

    return west, south, east, north


SORTABLE = {
    "external_code": Outlet.external_code,
    "name": Outlet.name,
    "channel": Outlet.channel,
    "size_band": Outlet.size_band,
    "status": Outlet.status,
}


def _get_outlet(distributor, outlet_id: int) -> Outlet:
    outlet = db.session.get(Outlet, outlet_id)
    if outlet is None or outlet.distributor_id != distributor.id:
        raise NotFound(f"no outlet {outlet_id} at distributor {distributor.code}")

    return outlet


def _filtered(distributor, args):
    query = select(Outlet).filter_by(distributor_id=distributor.id)
    for name in ("channel", "size_band", "status"):
        if name in args:
            query = query.filter(getattr(Outlet, name) == args[name])
    if "territory" in args:
        query = query.join(Territory).filter(Territory.name == args["territory"])
    if "bbox" in args:
        west, south, east, north = parse_bbox(args["bbox"])
        query = query.filter(
            Outlet.lon.between(west, east), Outlet.lat.between(south, north)
        )
    if args.get("q"):
        pattern = f"%{args['q'].lower()}%"
        query = query.filter(
            db.func.lower(Outlet.name).like(pattern)
            | db.func.lower(Outlet.external_code).like(pattern)
        )

    return query


@blp.route("")
class Outlets(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(OutletListArgs, location="query")
    @blp.response(200, OutletOut(many=True))
    @blp.paginate()
    def get(self, args, distributor, pagination_parameters):
        """List outlets, filtered by channel, territory, status or map box."""
        query = sorted_query(
            _filtered(distributor, args), args.get("sort"), SORTABLE, Outlet.id
        )
        return page_of(query, pagination_parameters)

    @requires(*PLANNERS)
    @blp.arguments(OutletIn)
    @blp.response(201, OutletOut)
    def post(self, values, distributor):
        """Add an outlet; it is placed in the territory it lies in."""
        outlet = service.create_outlet(distributor, values)
        db.session.commit()
        return outlet


@blp.route("/<int:outlet_id>")
class OutletItem(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.response(200, OutletOut)
    def get(self, distributor, outlet_id):
        """Read one outlet."""
        return _get_outlet(distributor, outlet_id)

    @requires(*PLANNERS)
    @blp.arguments(OutletPatch(partial=True))
    @blp.response(200, OutletOut)
    def patch(self, changes, distributor, outlet_id):
        """Change an outlet's details, location, windows or stock."""
        outlet = _get_outlet(distributor, outlet_id)
        service.update_outlet(outlet, changes)
        db.session.commit()
        return outlet

    @requires(*PLANNERS)
    @blp.response(200, OutletOut)
    def delete(self, distributor, outlet_id):
        """Deactivate an outlet; it is no longer planned, its history stays."""
        outlet = _get_outlet(distributor, outlet_id)
        service.deactivate_outlet(outlet)
        db.session.commit()
        return outlet
