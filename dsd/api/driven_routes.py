"""Driven routes (what trucks actually did): batch ingest and listing."""

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import func, select

from ..auth.access import OFFICE_ROLES, PLANNERS, requires
from ..costing_service.routes import ingest_routes, records_from_batch
from ..extensions import db
from ..models import DrivenRoute, DrivenStop, Outlet, Vehicle
from .batches import BatchIn, DateRangeArgs, IngestReportOut, batch_rows

PREFIX = "/distributors/<distributor_code>/driven-routes"
blp = Blueprint("driven_routes", __name__, description="Routes as actually driven")


class RouteBatchIn(BatchIn):
    rows = batch_rows(
        "each a route with external_ref, vehicle_code, service_date (local, "
        "YYYY-MM-DD), left_depot_at and back_at_depot_at (ISO 8601 with offset), "
        "km, and stops: each with sequence, outlet_code, arrived_at and departed_at "
        "or dwell_minutes, optional depot_distance_km, and delivery_refs (a list)"
    )


class RouteOut(Schema):
    id = fields.Integer()
    external_ref = fields.String()
    vehicle_code = fields.Function(lambda route: route.vehicle.code)
    service_date = fields.Date()
    left_depot_at = fields.DateTime()
    back_at_depot_at = fields.DateTime()
    km = fields.Function(lambda route: f"{route.distance_m / 1000:.3f}")
    stops = fields.Function(lambda route: len(route.stops))


@blp.route("")
class DrivenRoutes(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(DateRangeArgs, location="query")
    @blp.response(200, RouteOut(many=True))
    @blp.paginate()
    def get(self, args, distributor, pagination_parameters):
        """List driven routes by local date."""
        query = select(DrivenRoute).where(DrivenRoute.distributor_id == distributor.id)
        if "from_" in args:
            query = query.where(DrivenRoute.service_date >= args["from_"])
        if "to" in args:
            query = query.where(DrivenRoute.service_date <= args["to"])
        if "outlet" in args:
            query = query.where(
                DrivenRoute.id.in_(
                    select(DrivenStop.route_id)
                    .join(Outlet, DrivenStop.outlet_id == Outlet.id)
                    .where(Outlet.external_code == args["outlet"])
                )
            )
        query = query.join(Vehicle, DrivenRoute.vehicle_id == Vehicle.id).order_by(
            DrivenRoute.service_date, Vehicle.code, DrivenRoute.id
        )
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
        pagination_parameters.item_count = total
        size = pagination_parameters.page_size
        return db.session.scalars(
            query.limit(size).offset((pagination_parameters.page - 1) * size)
        ).all()

    @requires(*PLANNERS)
    @blp.arguments(RouteBatchIn)
    @blp.response(200, IngestReportOut)
    def post(self, batch, distributor):
        """Record driven routes and link their deliveries; resending changes nothing."""
        report = ingest_routes(
            distributor,
            records_from_batch(batch["rows"]),
            skip_bad_rows=batch["skip_bad_rows"],
        )
        db.session.commit()

        return report
