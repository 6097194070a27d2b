"""Replenishment plans: create, watch the solve, edit, re-optimise and publish."""

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from ..auth.access import OFFICE_ROLES, PLANNERS, caller, requires
from ..extensions import db
from ..models import Plan
from ..models.plan import PLAN_STATUSES
from ..planning import exports, service
from ..planning.jobs import submit_solve
from ..planning.views import plan_detail, plan_summary
from .common import page_of

PREFIX = "/distributors/<distributor_code>/plans"
blp = Blueprint("plans", __name__, description="Replenishment plans and routes")


class PlanIn(Schema):
    service_date = fields.Date(required=True)
    settings = fields.Dict(
        load_default=dict,
        metadata={"description": "overrides of the plan settings, by name"},
    )
    solve = fields.Boolean(load_default=True)


class VersionIn(Schema):
    version = fields.Integer(required=True, validate=validate.Range(min=1))


class MoveIn(VersionIn):
    outlet_id = fields.Integer(required=True)
    vehicle_id = fields.Integer(
        allow_none=True,
        required=True,
        metadata={"description": "the truck to move to; null leaves the outlet out"},
    )
    position = fields.Integer(
        allow_none=True, validate=validate.Range(min=0), load_default=None
    )


class LockIn(VersionIn):
    vehicle_id = fields.Integer(required=True)
    locked = fields.Boolean(required=True)


class PlanListArgs(Schema):
    service_date = fields.Date()
    status = fields.String(validate=validate.OneOf(PLAN_STATUSES))


class PlanSummary(Schema):
    id = fields.Integer()
    service_date = fields.Date()
    status = fields.String()
    version = fields.Integer()
    progress = fields.Dict(allow_none=True)
    totals = fields.Dict(allow_none=True)
    error = fields.String(allow_none=True)
    candidates = fields.Integer()


class PlanDetail(PlanSummary):
    currency = fields.String()
    timezone = fields.String()
    depot = fields.Dict()
    settings = fields.Dict()
    routes = fields.List(fields.Dict())
    left_out = fields.List(fields.Dict())
    published_at = fields.String(allow_none=True)


@blp.route("")
class Plans(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.arguments(PlanListArgs, location="query")
    @blp.response(200, PlanSummary(many=True))
    @blp.paginate()
    def get(self, args, distributor, pagination_parameters):
        """List plans, newest date first."""
        query = select(Plan).filter_by(distributor_id=distributor.id)
        for name in ("service_date", "status"):
            if name in args:
                query = query.filter(getattr(Plan, name) == args[name])
        query = query.order_by(Plan.service_date.desc(), Plan.id.desc())
        return [plan_summary(p) for p in page_of(query, pagination_parameters)]

    @requires(*PLANNERS)
    @blp.arguments(PlanIn)
    @blp.response(202, PlanSummary)
    def post(self, values, distributor):
        """Create a plan for a date and start solving it."""
        plan = service.create_plan(
            distributor, values["service_date"], values["settings"], caller()
        )
        if values["solve"]:
            service.request_solve(plan, plan.version)
        db.session.commit()
        if values["solve"]:
            submit_solve(plan.id)
        return plan_summary(plan)


@blp.route("/<int:plan_id>")
class PlanItem(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.response(200, PlanDetail)
    def get(self, distributor, plan_id):
        """Read a plan: routes with their stops, outlets left out, totals."""
        return plan_detail(service.get_plan(distributor, plan_id))


@blp.route("/<int:plan_id>/optimise")
class PlanOptimise(MethodView):
    @requires(*PLANNERS)
    @blp.arguments(VersionIn)
    @blp.response(202, PlanSummary)
    def post(self, values, distributor, plan_id):
        """Re-optimise a plan, keeping locked routes exactly as they are."""
        plan = service.get_plan(distributor, plan_id)
        service.request_solve(plan, values["version"])
        db.session.commit()
        submit_solve(plan.id)
        return plan_summary(plan)


@blp.route("/<int:plan_id>/cancel")
class PlanCancel(MethodView):
    @requires(*PLANNERS)
    @blp.response(200, PlanSummary)
    def post(self, distributor, plan_id):
        """Stop a running solve; the best plan found so far is kept."""
        plan = service.get_plan(distributor, plan_id)
        service.request_cancel(plan)
        db.session.commit()
        return plan_summary(plan)


@blp.route("/<int:plan_id>/moves")
class PlanMoves(MethodView):
    @requires(*PLANNERS)
    @blp.arguments(MoveIn)
    @blp.response(200, PlanDetail)
    def post(self, values, distributor, plan_id):
        """Move an outlet to a truck and position, or leave it out."""
        plan = service.get_plan(distributor, plan_id)
        service.move_stop(
            plan,
            values["version"],
            values["outlet_id"],
            values["vehicle_id"],
            values["position"],
            caller(),
        )
        db.session.commit()
        return plan_detail(plan)


@blp.route("/<int:plan_id>/locks")
class PlanLocks(MethodView):
    @requires(*PLANNERS)
    @blp.arguments(LockIn)
    @blp.response(200, PlanDetail)
    def post(self, values, distributor, plan_id):
        """Lock or unlock a truck's route."""
        plan = service.get_plan(distributor, plan_id)
        service.lock_route(
            plan, values["version"], values["vehicle_id"], values["locked"]
        )
        db.session.commit()
        return plan_detail(plan)


@blp.route("/<int:plan_id>/publish")
class PlanPublish(MethodView):
    @requires(*PLANNERS)
    @blp.arguments(VersionIn)
    @blp.response(200, PlanDetail)
    def post(self, values, distributor, plan_id):
        """Publish a plan; each driver then sees their own route."""
        plan = service.get_plan(distributor, plan_id)
        service.publish_plan(plan, values["version"], caller())
        db.session.commit()
        return plan_detail(plan)


@blp.route("/<int:plan_id>/export.geojson")
class PlanGeoJSON(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.response(200, content_type="application/geo+json")
    def get(self, distributor, plan_id):
        """The plan's routes and stops as GeoJSON features."""
        plan = service.get_plan(distributor, plan_id)
        return Response(
            exports.plan_geojson(plan),
            mimetype="application/geo+json",
            headers=_attachment(plan, "geojson"),
        )


@blp.route("/<int:plan_id>/export.csv")
class PlanCSV(MethodView):
    @requires(*OFFICE_ROLES)
    @blp.response(200, content_type="text/csv")
    def get(self, distributor, plan_id):
        """The plan's stops, one row each, as CSV."""
        plan = service.get_plan(distributor, plan_id)
        return Response(
            exports.plan_csv(plan),
            mimetype="text/csv",
            headers=_attachment(plan, "csv"),
        )


def _attachment(plan: Plan, extension: str) -> dict:
    name = f"plan-{plan.id}-{plan.service_date}.{extension}"
    return {"Content-Disposition": f'attachment; filename="{name}"'}
